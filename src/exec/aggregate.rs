//! TEMPORARY STUB
use crate::diagnostic::Result;
use crate::graph::Value;
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggregateKind { Count, CountStar, Sum, Avg, Min, Max, Collect, StDev, StDevP, PercentileCont, PercentileDisc }
pub fn aggregate_kind(name: &str) -> Option<AggregateKind> { match name { "count" => Some(AggregateKind::Count), "collect" => Some(AggregateKind::Collect), _ => None } }
pub struct Accumulator { kind: AggregateKind, n: i64, items: Vec<Value> }
impl Accumulator {
    pub fn new(kind: AggregateKind, _distinct: bool) -> Self { Accumulator { kind, n: 0, items: vec![] } }
    pub fn update(&mut self, v: Value, _extra: Option<&Value>) -> Result<()> {
        match self.kind { AggregateKind::CountStar => self.n += 1, _ if v.is_null() => {}, AggregateKind::Collect => self.items.push(v), _ => self.n += 1 }
        Ok(())
    }
    pub fn finish(self) -> Result<Value> { Ok(match self.kind { AggregateKind::Collect => Value::List(self.items), _ => Value::Int(self.n) }) }
}
