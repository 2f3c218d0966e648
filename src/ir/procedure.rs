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
    /// `db.schema.visualization`: virtual nodes and relationships (`Value::VirtualNode`).
    SchemaVisualization,
    PageRank,
    Degree,
    Betweenness,
    WeakComponents,
    StrongComponents,
    TriangleCount,
    Louvain,
    Leiden,
    /// What `SHOW INDEXES` reads (not in `ALL`: CALL does not name it).
    ShowIndexes,
    /// What `SHOW CONSTRAINTS` reads.
    ShowConstraints,
}

/// The settings of every algorithm that choose the part of the graph it runs on.
pub const CHOICE: [&str; 4] = ["nodeLabels", "relationshipTypes", "nodes", "relationships"];

impl Procedure {
    pub const ALL: [Procedure; 16] = [
        Procedure::Labels,
        Procedure::RelationshipTypes,
        Procedure::PropertyKeys,
        Procedure::Procedures,
        Procedure::Functions,
        Procedure::NodeTypeProperties,
        Procedure::RelTypeProperties,
        Procedure::SchemaVisualization,
        Procedure::PageRank,
        Procedure::Degree,
        Procedure::Betweenness,
        Procedure::WeakComponents,
        Procedure::StrongComponents,
        Procedure::TriangleCount,
        Procedure::Louvain,
        Procedure::Leiden,
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
            Procedure::SchemaVisualization => "db.schema.visualization",
            Procedure::PageRank => "algo.pageRank",
            Procedure::Degree => "algo.degree",
            Procedure::Betweenness => "algo.betweenness",
            Procedure::WeakComponents => "algo.wcc",
            Procedure::StrongComponents => "algo.scc",
            Procedure::TriangleCount => "algo.triangleCount",
            Procedure::Louvain => "algo.louvain",
            Procedure::Leiden => "algo.leiden",
            Procedure::ShowIndexes => crate::syntax::ast::SHOW_INDEXES,
            Procedure::ShowConstraints => crate::syntax::ast::SHOW_CONSTRAINTS,
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
            Procedure::SchemaVisualization => &[
                ("nodes", "LIST<NODE>"),
                ("relationships", "LIST<RELATIONSHIP>"),
            ],
            Procedure::PageRank | Procedure::Degree | Procedure::Betweenness => {
                &[("node", "NODE"), ("score", "FLOAT")]
            }
            Procedure::WeakComponents | Procedure::StrongComponents => {
                &[("node", "NODE"), ("componentId", "INTEGER")]
            }
            Procedure::TriangleCount => &[("node", "NODE"), ("triangleCount", "INTEGER")],
            Procedure::Louvain | Procedure::Leiden => {
                &[("node", "NODE"), ("communityId", "INTEGER")]
            }
            Procedure::ShowIndexes => crate::syntax::ast::SHOW_INDEX_COLUMNS,
            Procedure::ShowConstraints => crate::syntax::ast::SHOW_CONSTRAINT_COLUMNS,
        }
    }

    /// Whether it is what a SHOW command reads: it takes the kind of index or constraint
    /// asked for as its one argument, and yields every column to a query that goes on.
    pub fn is_show(self) -> bool {
        matches!(self, Procedure::ShowIndexes | Procedure::ShowConstraints)
    }

    /// Whether it runs a graph algorithm: it takes one optional argument, a map of settings
    /// (`config = {} :: MAP`), whose keys are `CHOICE` and those `settings` lists.
    pub fn is_algorithm(self) -> bool {
        self.settings().is_some()
    }

    /// The settings an algorithm's map may hold besides the `CHOICE` of every algorithm (None
    /// for the other procedures).
    pub fn settings(self) -> Option<&'static [&'static str]> {
        Some(match self {
            Procedure::PageRank => &[
                "orientation",
                "relationshipWeightProperty",
                "dampingFactor",
                "maxIterations",
                "tolerance",
            ],
            Procedure::Degree => &["orientation", "relationshipWeightProperty"],
            Procedure::Betweenness => &["orientation", "relationshipWeightProperty"],
            Procedure::Louvain | Procedure::Leiden => &["relationshipWeightProperty", "resolution"],
            Procedure::WeakComponents | Procedure::StrongComponents | Procedure::TriangleCount => {
                &[]
            }
            _ => return None,
        })
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
            Procedure::SchemaVisualization => {
                "The schema as a graph of virtual nodes and relationships (not in the graph; \
                 negative ids): a node per label in use, with its name, indexes and \
                 constraints; for each relationship type, a relationship from each label of \
                 its start nodes to each label of its end nodes, with its name (as Neo4j counts \
                 them, by label on each side alone: a pair may have no relationship of its own)."
            }
            Procedure::PageRank => {
                "PageRank of each node (power iteration, as NetworkX computes it; the scores sum \
                 to 1)."
            }
            Procedure::Degree => {
                "The number of relationships of each node (outgoing by default; orientation \
                 REVERSE counts incoming ones, UNDIRECTED both)."
            }
            Procedure::Betweenness => {
                "Betweenness centrality of each node: the shortest paths between other nodes \
                 through it (Brandes, unnormalised)."
            }
            Procedure::WeakComponents => {
                "The weakly connected component of each node, named by its lowest node id."
            }
            Procedure::StrongComponents => {
                "The strongly connected component of each node, named by its lowest node id."
            }
            Procedure::TriangleCount => {
                "The number of triangles each node is part of, relationships read undirected."
            }
            Procedure::Louvain => {
                "Communities by the Louvain method (modularity), relationships read undirected."
            }
            Procedure::Leiden => {
                "Communities by the Leiden method (modularity; every community connected), \
                 relationships read undirected."
            }
            Procedure::ShowIndexes => "The indexes CREATE INDEX declared.",
            Procedure::ShowConstraints => "The constraints CREATE CONSTRAINT declared.",
        }
    }

    /// `db.labels() :: (label :: STRING)`, as Neo4j writes signatures.
    pub fn signature(self) -> String {
        let columns: Vec<String> = self
            .columns()
            .iter()
            .map(|(name, ty)| format!("{name} :: {ty}"))
            .collect();
        let params = if self.is_algorithm() {
            "config = {} :: MAP"
        } else {
            ""
        };
        format!("{}({params}) :: ({})", self.name(), columns.join(", "))
    }

    /// The procedure of a name, in any case (`CALL DB.LABELS()` too).
    pub fn lookup(name: &str) -> Option<Procedure> {
        for show in [Procedure::ShowIndexes, Procedure::ShowConstraints] {
            if name == show.name() {
                return Some(show);
            }
        }
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
        name: "db.indexes",
        why: Some("Neo4j 5 replaced it by the SHOW INDEXES command"),
        instead: Some("SHOW INDEXES (YIELD * for every column)"),
    },
    NotYet {
        name: "db.constraints",
        why: Some("Neo4j 5 replaced it by the SHOW CONSTRAINTS command"),
        instead: Some("SHOW CONSTRAINTS (YIELD * for every column)"),
    },
    NotYet {
        name: "dbms.components",
        why: None,
        instead: None,
    },
];
