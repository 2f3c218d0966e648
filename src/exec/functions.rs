//! TEMPORARY STUB
use crate::diagnostic::{Error, Result};
use crate::graph::{Graph, Value};
pub const FUNCTION_NAMES: &[&str] = &["count", "size", "toUpper"];
pub fn call(name: &str, args: Vec<Value>, graph: &Graph) -> Result<Value> {
    let _ = graph;
    match (name, args.as_slice()) {
        ("size", [Value::List(l)]) => Ok(Value::Int(l.len() as i64)),
        ("toupper", [Value::String(s)]) => Ok(Value::str(&s.to_uppercase())),
        _ => Err(Error::type_error("stub")),
    }
}
pub fn is_scalar_function(name: &str) -> bool { matches!(name, "size" | "toupper") }
pub fn arity(_name: &str) -> Option<(usize, usize)> { None }
pub fn is_unsupported_function(_name: &str) -> Option<&'static str> { None }
