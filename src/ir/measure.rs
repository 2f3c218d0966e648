//! What PROFILE measured of a plan: the executor records it (`exec::Profile`), plan
//! descriptions read it through `Measurements` without knowing how it was taken.

use super::{Op, SubqueryCall, Update};
use std::time::Duration;

/// What PROFILE measured of one operator: the rows it produced, and the time spent producing
/// them, the operators it pulls its rows from (and its sub-plans) included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measure {
    pub rows: u64,
    /// The column batches the rows came in; 0 for an operator that ran row by row.
    pub batches: u64,
    pub time: Duration,
}

/// What the executor measured while it ran a plan under PROFILE.
pub trait Measurements {
    /// An operator's measure (zero when it never ran).
    fn op(&self, op: &Op) -> Measure;
    /// An update stage's measure: the rows it passed on and the time it took.
    fn update(&self, update: &Update) -> Measure;
    /// A `CALL { }` stage's measure: the rows it passed on and the time it took.
    fn call(&self, call: &SubqueryCall) -> Measure;
    /// The rows of the statement's result.
    fn result_rows(&self) -> u64;
}
