//! Names: `named(node, text)`, true when `text` is the node's `name` or one of its `aliases`
//! under Unicode case folding (`named(a, 'kremlin')` finds Russia, whose aliases hold
//! "Kremlin"), and the name seek the planner's `named_seek` rule puts in place of a label scan
//! that such a call filters (`Graph::lookup_named`, through the label's name index).
//!
//! The seek and the function agree by construction: both fold with `graph::fold_name` and read
//! the same two keys, and the rule keeps the call as a filter over the nodes the seek finds.

use crate::diagnostic::{Error, ErrorKind, Result};
use crate::graph::{fold_name, Graph, NodeId, Sym, Value};

/// `named(node, text)`.
pub(super) fn named(args: &[Value], graph: &Graph) -> Result<Value> {
    let node = match &args[0] {
        Value::Null => return Ok(Value::Null),
        Value::Node(n) => Some(*n),
        // A virtual node's own `name` and `aliases`.
        Value::VirtualNode(_) => None,
        other => {
            return Err(Error::type_error(format!(
                "named() expects a Node as its first argument, got {}",
                other.type_name()
            )))
        }
    };
    let text = match &args[1] {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s,
        other => {
            return Err(Error::type_error(format!(
                "named() expects a String as its second argument, got {}",
                other.type_name()
            )))
        }
    };
    if let Some(node) = node.filter(|n| graph.node_labels(*n).is_none()) {
        return Err(Error::new(
            ErrorKind::EntityNotFound,
            format!("node {} has been deleted", node.0),
        ));
    }
    let folded = fold_name(text);
    for key in ["name", "aliases"] {
        let value = match (&args[0], node) {
            (Value::VirtualNode(v), _) => v.props.get(key).cloned(),
            (_, Some(node)) => graph.sym(key).and_then(|k| graph.node_prop(node, k)),
            _ => None,
        };
        let Some(value) = value else {
            continue;
        };
        let found = match &value {
            Value::String(s) => fold_name(s) == folded,
            Value::List(items) => items
                .iter()
                .any(|v| matches!(v, Value::String(s) if fold_name(s) == folded)),
            _ => false,
        };
        if found {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// The candidates of a name seek for the value of its text: the nodes the label's name index
/// gives for a string, none for null (the call is null, so no row passes), and None for
/// anything else, which the caller scans the label for (the filter above then raises the
/// call's type error, as it would without the seek).
pub(crate) fn seek(graph: &Graph, label: Sym, text: &Value) -> Option<Vec<NodeId>> {
    match text {
        Value::String(s) => Some(graph.lookup_named(label, s)),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}
