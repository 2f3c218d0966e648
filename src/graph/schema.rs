//! The schema a graph declares: the indexes of `CREATE INDEX` and the constraints of `CREATE
//! CONSTRAINT`, as plain data. What the commands mean (names, equivalence, the checks of the
//! data) is `exec::schema`'s; the graph keeps the declarations, journals their changes so that
//! a rollback restores them, and says which entities a transaction touched so that only those
//! are checked when it ends.
//!
//! An index declared on nodes is the (label, key) index that lookups build on their own (see
//! `index`): declaring it builds it at once and lists it; either way it is kept up to date. An
//! index declared on relationships is the (type, key) index of relationships, which only a
//! declaration makes the planner use: declaring it builds it, and it is kept up to date from
//! then on.

use super::{Graph, NodeId, PropRef, RelId, Sym, Undo, Value};
use std::sync::Arc;

/// What an index or constraint is on: the nodes of a label or the relationships of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entity {
    Node,
    Rel,
}

/// A declared index: one property of the nodes of one label, or of the relationships of one
/// type, or several (a composite index: an entity is in it when it has every one of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDef {
    pub id: u64,
    pub name: Arc<str>,
    pub entity: Entity,
    /// The label, or the relationship type.
    pub label: Sym,
    /// The properties, in the order declared (one, or more for a composite index).
    pub keys: Vec<Sym>,
    /// The uniqueness or key constraint the index serves, by name: it comes and goes with it.
    pub owner: Option<Arc<str>>,
}

/// What a constraint requires of the property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// No two entities hold equal values (those without it are free).
    Unique,
    /// Every entity holds a value (`IS NOT NULL`).
    Exists,
    /// Both (`IS NODE KEY`, `IS RELATIONSHIP KEY`).
    Key,
    /// A value, when there is one, of one of these types (`IS :: INTEGER | FLOAT`).
    Type(PropTypes),
}

/// A declared constraint: one property of the nodes of a label or the relationships of a type,
/// or (uniqueness and key constraints) several, whose values together are unique.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintDef {
    pub id: u64,
    pub name: Arc<str>,
    pub entity: Entity,
    /// The label, or the relationship type.
    pub token: Sym,
    /// The properties, in the order declared.
    pub keys: Vec<Sym>,
    pub rule: Rule,
}

/// The declarations, and the id the next one gets (ids are never reused).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub indexes: Vec<IndexDef>,
    pub constraints: Vec<ConstraintDef>,
    pub next_id: u64,
}

impl Schema {
    pub fn is_empty(&self) -> bool {
        self.indexes.is_empty() && self.constraints.is_empty()
    }
}

/// The types a property type constraint allows: the types a property can hold, by Neo4j's
/// names, in the order Neo4j normalizes a union to. Bit `i` is the scalar type `SCALARS[i]`,
/// bit `SCALARS.len() + i` a list of its values (`LIST<INTEGER NOT NULL>`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PropTypes(pub u32);

/// The scalar property types, in Neo4j's order.
pub const SCALARS: [&str; 11] = [
    "BOOLEAN",
    "STRING",
    "INTEGER",
    "FLOAT",
    "DATE",
    "LOCAL TIME",
    "ZONED TIME",
    "LOCAL DATETIME",
    "ZONED DATETIME",
    "DURATION",
    "POINT",
];

impl PropTypes {
    /// Every bit a valid set may hold.
    pub const MASK: u32 = (1 << (2 * SCALARS.len())) - 1;

    /// The scalar type of a value, as its place in `SCALARS`.
    fn scalar(value: &Value) -> Option<u32> {
        use crate::temporal::Kind;
        Some(match value {
            Value::Bool(_) => 0,
            Value::String(_) => 1,
            Value::Int(_) => 2,
            Value::Float(_) => 3,
            Value::Temporal(t) => match t.kind() {
                Kind::Date => 4,
                Kind::LocalTime => 5,
                Kind::Time => 6,
                Kind::LocalDateTime => 7,
                Kind::DateTime => 8,
                Kind::Duration => 9,
            },
            Value::Point(_) => 10,
            _ => return None,
        })
    }

    /// Whether a stored value is of one of the types. An empty list is a list of any type.
    pub fn holds(self, value: PropRef<'_>) -> bool {
        let bit = match value {
            PropRef::Bool(_) => 0,
            PropRef::Str(_) => 1,
            PropRef::Int(_) => 2,
            PropRef::Float(_) => 3,
            PropRef::Date(_) => 4,
            PropRef::Other(Value::List(items)) => {
                let lists = self.0 >> SCALARS.len();
                let Some(first) = items.first() else {
                    return lists != 0;
                };
                match Self::scalar(first) {
                    Some(t) if items.iter().all(|v| Self::scalar(v) == Some(t)) => {
                        return lists & (1 << t) != 0
                    }
                    _ => return false,
                }
            }
            PropRef::Other(other) => match Self::scalar(other) {
                Some(t) => t,
                None => return false,
            },
        };
        self.0 & (1 << bit) != 0
    }

    /// The type of a stored value as Neo4j names it (for an error saying what it was).
    pub fn name_of(value: PropRef<'_>) -> String {
        let value = match value {
            PropRef::Bool(_) => return "BOOLEAN".into(),
            PropRef::Str(_) => return "STRING".into(),
            PropRef::Int(_) => return "INTEGER".into(),
            PropRef::Float(_) => return "FLOAT".into(),
            PropRef::Date(_) => return "DATE".into(),
            PropRef::Other(v) => v,
        };
        match value {
            Value::List(items) => {
                let mut kinds: Vec<u32> = items.iter().filter_map(Self::scalar).collect();
                kinds.sort_unstable();
                kinds.dedup();
                let parts: Vec<String> = kinds
                    .iter()
                    .map(|&k| format!("{} NOT NULL", SCALARS[k as usize]))
                    .collect();
                if parts.is_empty() {
                    "LIST<NOTHING>".into()
                } else {
                    format!("LIST<{}>", parts.join(" | "))
                }
            }
            other => Self::scalar(other).map_or("ANY".into(), |k| SCALARS[k as usize].into()),
        }
    }
}

/// `INTEGER | FLOAT | LIST<STRING NOT NULL>`: the union as Neo4j writes it, normalized.
impl std::fmt::Display for PropTypes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = SCALARS.len();
        let mut parts: Vec<String> = Vec::new();
        for (i, name) in SCALARS.iter().enumerate() {
            if self.0 & (1 << i) != 0 {
                parts.push((*name).to_string());
            }
        }
        for (i, name) in SCALARS.iter().enumerate() {
            if self.0 & (1 << (n + i)) != 0 {
                parts.push(format!("LIST<{name} NOT NULL>"));
            }
        }
        write!(f, "{}", parts.join(" | "))
    }
}

/// An id space of Neo4j admin-import CSV (`code:ID(Actor)`) that a load filled: the key its
/// ids are kept in (None when the `:ID(group)` column had no name, so they were not kept) and
/// the nodes that belong to it, so that a later load's `:START_ID(Actor)` and `:ID(Actor)`
/// find them.
#[derive(Clone, Debug, PartialEq)]
pub struct IdSpaceDef {
    pub name: Arc<str>,
    pub key: Option<Sym>,
    pub members: roaring::RoaringBitmap,
}

impl Graph {
    /// The id spaces loads filled, by name.
    pub fn id_spaces(&self) -> &[IdSpaceDef] {
        &self.id_spaces
    }

    /// Replace the id spaces (journaled: a rollback restores the ones before).
    pub fn set_id_spaces(&mut self, spaces: Vec<IdSpaceDef>) {
        let old = std::mem::replace(&mut self.id_spaces, spaces);
        self.record(Undo::IdSpaces(old));
    }

    /// Restore id spaces read from a snapshot (not journaled).
    pub(crate) fn restore_id_spaces(&mut self, spaces: Vec<IdSpaceDef>) {
        self.id_spaces = spaces;
    }

    /// Whether an index on (label, key) is declared (by `CREATE INDEX`, or as a uniqueness or
    /// key constraint's): what range and prefix seeks need, since building an index for one
    /// range would cost more than the scan it saves. A composite index on the key among others
    /// counts: it keeps the ordered index of each of its properties.
    pub fn declared_index(&self, label: Sym, key: Sym) -> bool {
        self.schema
            .indexes
            .iter()
            .any(|i| (i.entity, i.label) == (Entity::Node, label) && i.keys.contains(&key))
    }

    /// The properties of each composite index declared on the nodes of a label (`Entity::Node`)
    /// or the relationships of a type (`Entity::Rel`), in their declared order.
    pub fn declared_composites(&self, entity: Entity, label: Sym) -> Vec<Vec<Sym>> {
        self.schema
            .indexes
            .iter()
            .filter(|i| (i.entity, i.label) == (entity, label) && i.keys.len() > 1)
            .map(|i| i.keys.clone())
            .collect()
    }

    /// The declared indexes and constraints.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Replace the declarations (journaled: a rollback restores the ones before). A declared
    /// index is built now, and kept up to date from here on.
    pub fn set_schema(&mut self, schema: Schema) {
        let old = std::mem::replace(&mut self.schema, schema);
        self.record(Undo::Schema(Box::new(old)));
        // A composite index is answered from the indexes of each of its properties.
        let pairs: Vec<(Entity, Sym, Sym)> = self
            .schema
            .indexes
            .iter()
            .flat_map(|i| i.keys.iter().map(|&k| (i.entity, i.label, k)))
            .collect();
        // A relationship index no longer declared is not kept up to date for nothing.
        self.by_prop
            .retain_rels(|t, k| pairs.contains(&(Entity::Rel, t, k)));
        for (entity, label, key) in pairs {
            match entity {
                Entity::Node => self.index_distinct(label, key),
                Entity::Rel => self.rel_index_distinct(label, key),
            };
        }
    }

    /// Restore declarations read from a snapshot (not journaled; nothing is built until a
    /// lookup asks, so that opening stays as fast as mapping the file).
    pub(crate) fn restore_schema(&mut self, schema: Schema) {
        self.schema = schema;
    }

    /// The nodes and relationships the innermost open transaction created or changed (a
    /// property set or removed, a label added), each once, in id order, those deleted since
    /// left out: what the constraints are checked on when it ends. Empty outside a transaction.
    pub fn touched(&self) -> (Vec<NodeId>, Vec<RelId>) {
        let (mut nodes, mut rels) = (Vec::new(), Vec::new());
        let Some(journal) = &self.journal else {
            return (nodes, rels);
        };
        let from = self
            .savepoints
            .last()
            .copied()
            .unwrap_or(0)
            .min(journal.len());
        for undo in &journal[from..] {
            match undo {
                Undo::CreatedNodes(first, n) => nodes.extend((0..*n).map(|i| NodeId(first.0 + i))),
                Undo::CreatedRels(first, n) => rels.extend((0..*n).map(|i| RelId(first.0 + i))),
                Undo::NodeProp(id, _, _) | Undo::AddedLabel(id, _) => nodes.push(*id),
                Undo::RelProp(id, _, _) => rels.push(*id),
                _ => {}
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        nodes.retain(|n| self.contains_node(*n));
        rels.sort_unstable();
        rels.dedup();
        rels.retain(|r| self.rel_type(*r).is_some());
        (nodes, rels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_types_hold_their_values() {
        let ints = PropTypes(1 << 2);
        let int_lists = PropTypes(1 << (SCALARS.len() + 2));
        assert!(ints.holds(PropRef::Int(3)));
        assert!(!ints.holds(PropRef::Float(3.0)));
        assert!(!ints.holds(PropRef::Str("3")));
        let list = Value::List(vec![Value::Int(1), Value::Int(2)]);
        assert!(!ints.holds(PropRef::Other(&list)));
        assert!(int_lists.holds(PropRef::Other(&list)));
        let mixed = Value::List(vec![Value::Int(1), Value::str("a")]);
        assert!(!int_lists.holds(PropRef::Other(&mixed)));
        assert!(int_lists.holds(PropRef::Other(&Value::List(vec![]))));
        assert!(!ints.holds(PropRef::Other(&Value::List(vec![]))));
        assert_eq!(
            PropTypes((1 << 1) | (1 << 3) | (1 << (SCALARS.len() + 1))).to_string(),
            "STRING | FLOAT | LIST<STRING NOT NULL>"
        );
        assert_eq!(
            PropTypes::name_of(PropRef::Other(&mixed)),
            "LIST<STRING NOT NULL | INTEGER NOT NULL>"
        );
    }

    #[test]
    fn a_rollback_restores_the_schema_and_touched_lists_the_changes() {
        let mut g = Graph::new();
        let (l, k) = (g.intern("L"), g.intern("k"));
        let a = g.create_node(vec![l], vec![]).unwrap();
        g.begin();
        assert_eq!(g.touched(), (vec![], vec![]));
        let b = g.create_node(vec![], vec![]).unwrap();
        g.set_node_prop(a, k, Value::Int(1)).unwrap();
        let schema = Schema {
            indexes: vec![IndexDef {
                id: 1,
                name: "i".into(),
                entity: Entity::Node,
                label: l,
                keys: vec![k],
                owner: None,
            }],
            constraints: vec![],
            next_id: 2,
        };
        g.set_schema(schema.clone());
        assert_eq!(g.schema(), &schema);
        assert_eq!(g.touched(), (vec![a, b], vec![]));
        g.rollback();
        assert!(g.schema().is_empty());
    }
}
