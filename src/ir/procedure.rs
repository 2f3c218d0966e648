//! The procedures `CALL` runs: one catalogue of their names, columns and descriptions, which
//! the planner reads to bind `YIELD` and the executor to make their rows.

/// A procedure relq has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Procedure {
    Labels,
    RelationshipTypes,
    PropertyKeys,
    Procedures,
    Functions,
    NodeTypeProperties,
    RelTypeProperties,
}

impl Procedure {
    pub const ALL: [Procedure; 7] = [
        Procedure::Labels,
        Procedure::RelationshipTypes,
        Procedure::PropertyKeys,
        Procedure::Procedures,
        Procedure::Functions,
        Procedure::NodeTypeProperties,
        Procedure::RelTypeProperties,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Procedure::Labels => "db.labels",
            Procedure::RelationshipTypes => "db.relationshipTypes",
            Procedure::PropertyKeys => "db.propertyKeys",
            Procedure::Procedures => "dbms.procedures",
            Procedure::Functions => "dbms.functions",
            Procedure::NodeTypeProperties => "db.schema.nodeTypeProperties",
            Procedure::RelTypeProperties => "db.schema.relTypeProperties",
        }
    }

    /// The columns of its rows, in order, with their types (for the signature).
    pub fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Procedure::Labels => &[("label", "STRING")],
            Procedure::RelationshipTypes => &[("relationshipType", "STRING")],
            Procedure::PropertyKeys => &[("propertyKey", "STRING")],
            Procedure::Procedures => &[
                ("name", "STRING"),
                ("signature", "STRING"),
                ("description", "STRING"),
                ("mode", "STRING"),
            ],
            Procedure::Functions => &[("name", "STRING"), ("aggregating", "BOOLEAN")],
            Procedure::NodeTypeProperties => &[
                ("nodeType", "STRING"),
                ("nodeLabels", "LIST<STRING>"),
                ("propertyName", "STRING"),
                ("propertyTypes", "LIST<STRING>"),
                ("mandatory", "BOOLEAN"),
            ],
            Procedure::RelTypeProperties => &[
                ("relType", "STRING"),
                ("propertyName", "STRING"),
                ("propertyTypes", "LIST<STRING>"),
                ("mandatory", "BOOLEAN"),
            ],
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Procedure::Labels => "The labels nodes of the graph have, by name.",
            Procedure::RelationshipTypes => "The types relationships of the graph have, by name.",
            Procedure::PropertyKeys => {
                "The property keys nodes and relationships of the graph carry, by name."
            }
            Procedure::Procedures => "The procedures CALL runs, by name.",
            Procedure::Functions => "The functions expressions may call, by name.",
            Procedure::NodeTypeProperties => {
                "The property keys the nodes of each label combination carry, with the types of \
                 their values and whether every such node has the key."
            }
            Procedure::RelTypeProperties => {
                "The property keys the relationships of each type carry, with the types of their \
                 values and whether every such relationship has the key."
            }
        }
    }

    /// `db.labels() :: (label :: STRING)`, as Neo4j writes signatures.
    pub fn signature(self) -> String {
        let columns: Vec<String> = self
            .columns()
            .iter()
            .map(|(name, ty)| format!("{name} :: {ty}"))
            .collect();
        format!("{}() :: ({})", self.name(), columns.join(", "))
    }

    /// The procedure of a name, in any case (`CALL DB.LABELS()` too).
    pub fn lookup(name: &str) -> Option<Procedure> {
        Procedure::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

/// A procedure of Neo4j that relq does not have: a call names it as unsupported rather than
/// unknown, with why and what to use instead where there is more to say than "not yet".
pub struct NotYet {
    pub name: &'static str,
    pub why: Option<&'static str>,
    pub instead: Option<&'static str>,
}

pub const NOT_YET: &[NotYet] = &[
    NotYet {
        name: "db.schema.visualization",
        why: Some(
            "it returns virtual nodes and relationships (a node per label, a relationship per \
             start label, type and end label), and relq's nodes and relationships are always the \
             graph's own",
        ),
        instead: Some(
            "db.schema.nodeTypeProperties() and db.schema.relTypeProperties() describe the \
             schema; MATCH (a)-[r]->(b) RETURN DISTINCT labels(a), type(r), labels(b) lists how \
             labels connect",
        ),
    },
    NotYet {
        name: "db.indexes",
        why: None,
        instead: None,
    },
    NotYet {
        name: "db.constraints",
        why: None,
        instead: None,
    },
    NotYet {
        name: "dbms.components",
        why: None,
        instead: None,
    },
];
