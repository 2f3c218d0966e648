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
}

impl Procedure {
    pub const ALL: [Procedure; 5] = [
        Procedure::Labels,
        Procedure::RelationshipTypes,
        Procedure::PropertyKeys,
        Procedure::Procedures,
        Procedure::Functions,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Procedure::Labels => "db.labels",
            Procedure::RelationshipTypes => "db.relationshipTypes",
            Procedure::PropertyKeys => "db.propertyKeys",
            Procedure::Procedures => "dbms.procedures",
            Procedure::Functions => "dbms.functions",
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

/// Procedures of Neo4j that relq does not have: a call names them as unsupported rather than
/// unknown.
pub const NOT_YET: &[&str] = &[
    "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties",
    "db.schema.visualization",
    "db.indexes",
    "db.constraints",
    "dbms.components",
];
