//! The plan of EXPLAIN and PROFILE as every format shows it: the columns, the text of each
//! cell (the operator tree drawn with `+` and `|` marks, numbers), the totals line, and the
//! plan as a JSON tree. Each format lays these out its own way (`table`, `markdown`, `csv`,
//! `json`).
//!
//! Uses `PlanDescription` only; never parses queries.

use crate::plan::explain::{PlanDescription, PlanOperator};
use std::time::Duration;

/// The plan table's columns: `Operator`, `Id`, `Details`, `Estimated Rows`, and for PROFILE
/// `Rows`, `Batches` (empty for an operator that ran row by row) and `Time (ms)`.
pub fn columns(plan: &PlanDescription) -> Vec<&'static str> {
    let mut columns = vec!["Operator", "Id", "Details", "Estimated Rows"];
    if plan.profiled {
        columns.extend(["Rows", "Batches", "Time (ms)"]);
    }
    columns
}

/// Whether a plan column is numeric (right-aligned).
pub fn is_numeric_column(index: usize) -> bool {
    index == 1 || index >= 3
}

/// One line of the plan table: an operator, or the `|\` mark that opens a branch.
pub enum Line<'a> {
    Operator(usize, &'a PlanOperator),
    /// A branch starts below, off the line of this many branches.
    Branch(usize),
}

/// The lines of the plan table, root first: before each branch, the mark that opens it.
pub fn lines(plan: &PlanDescription) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(plan.operators.len());
    for (id, op) in plan.operators.iter().enumerate() {
        if op.branch {
            out.push(Line::Branch(op.lane.saturating_sub(1)));
        }
        out.push(Line::Operator(id, op));
    }
    out
}

/// A line's cells, as `columns` names them.
pub fn cells(plan: &PlanDescription, line: &Line) -> Vec<String> {
    let width = columns(plan).len();
    match line {
        Line::Branch(lane) => {
            let mut cells = vec![format!("{}|\\", "| ".repeat(*lane))];
            cells.resize(width, String::new());
            cells
        }
        Line::Operator(id, op) => {
            let mut cells = vec![
                tree_name(op),
                id.to_string(),
                op.details.clone(),
                estimate(op.estimated_rows),
            ];
            if plan.profiled {
                cells.push(op.rows.map(|r| r.to_string()).unwrap_or_default());
                cells.push(op.batches.map(|b| b.to_string()).unwrap_or_default());
                cells.push(op.time.map(milliseconds).unwrap_or_default());
            }
            cells
        }
    }
}

/// The operator's name under the marks of the branches it is in: `| +Expand(All)`.
pub fn tree_name(op: &PlanOperator) -> String {
    format!("{}+{}", "| ".repeat(op.lane), op.name)
}

/// An estimate as shown: whole numbers from 10 up, one decimal below (`2.4`, `0.5`, `6`).
pub fn estimate(rows: f64) -> String {
    let rounded = (rows * 10.0).round() / 10.0;
    if rounded >= 10.0 || rounded.fract() == 0.0 {
        format!("{}", rows.round())
    } else {
        format!("{rounded:.1}")
    }
}

/// A time in milliseconds with three decimals: `0.042`.
pub fn milliseconds(time: Duration) -> String {
    format!("{:.3}", time.as_secs_f64() * 1000.0)
}

/// `Total: 7 operators, estimated rows 31` (EXPLAIN), with `, rows 27, time 0.412 ms` for
/// PROFILE: the sums of the columns (the time is the operators' own times together).
pub fn totals(plan: &PlanDescription) -> String {
    let n = plan.operators.len();
    let mut line = format!(
        "Total: {n} operator{}, estimated rows {}",
        if n == 1 { "" } else { "s" },
        estimate(plan.total_estimated_rows())
    );
    if let (Some(rows), Some(time)) = (plan.total_rows(), plan.total_time()) {
        line.push_str(&format!(", rows {rows}, time {} ms", milliseconds(time)));
    }
    line
}

/// The plan as compact JSON: a tree of operators, each `{"id", "operator", "details",
/// "estimatedRows"}` (estimates to one decimal), with `"rows"`, `"batches"` (null for an
/// operator that ran row by row) and `"timeMs"` (null where not timed on its own) for PROFILE, and its `"children"` in id order (its branches, then its
/// input). Keys in that order.
pub fn json_tree(plan: &PlanDescription) -> String {
    /// An operator's object up to its children's opening bracket.
    fn open(plan: &PlanDescription, id: usize, out: &mut String) {
        let op = &plan.operators[id];
        let text = |s: &str| serde_json::Value::from(s).to_string();
        let estimate = serde_json::Value::from((op.estimated_rows * 10.0).round() / 10.0);
        out.push_str(&format!(
            "{{\"id\":{id},\"operator\":{},\"details\":{},\"estimatedRows\":{estimate}",
            text(&op.name),
            text(&op.details)
        ));
        if plan.profiled {
            let rows = serde_json::Value::from(op.rows);
            let batches = serde_json::Value::from(op.batches);
            let ms = op.time.map(|t| (t.as_secs_f64() * 1e6).round() / 1e3);
            let ms = serde_json::Value::from(ms);
            out.push_str(&format!(
                ",\"rows\":{rows},\"batches\":{batches},\"timeMs\":{ms}"
            ));
        }
        out.push_str(",\"children\":[");
    }
    let mut out = String::new();
    if plan.operators.is_empty() {
        out.push_str("null");
        return out;
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); plan.operators.len()];
    for (id, op) in plan.operators.iter().enumerate() {
        if let Some(parent) = op.parent {
            children[parent].push(id);
        }
    }
    // Depth first without recursion (a plan can be thousands of operators deep): each open
    // operator with the number of its children written.
    open(plan, 0, &mut out);
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    while let Some((id, written)) = stack.last_mut() {
        match children[*id].get(*written) {
            Some(&child) => {
                if *written > 0 {
                    out.push(',');
                }
                *written += 1;
                open(plan, child, &mut out);
                stack.push((child, 0));
            }
            None => {
                out.push_str("]}");
                stack.pop();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_and_times() {
        assert_eq!(estimate(0.0), "0");
        assert_eq!(estimate(0.04), "0");
        assert_eq!(estimate(0.45), "0.5");
        assert_eq!(estimate(2.449), "2.4");
        assert_eq!(estimate(6.0), "6");
        assert_eq!(estimate(9.96), "10");
        assert_eq!(estimate(123.4), "123");
        assert_eq!(milliseconds(Duration::from_micros(42)), "0.042");
    }
}
