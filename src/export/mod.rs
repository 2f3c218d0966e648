//! Exports: the subgraph a query result mentions, written in the format another tool reads.
//! One file per format. Exporters read the graph only; they never parse queries and never
//! print to the terminal.

pub mod cypher;
pub mod dot;
pub mod gexf;
pub mod graphml;
mod layout;
pub mod neo4j_csv;
pub mod nodelink;
pub mod svg;

use crate::database::QueryResult;
use crate::graph::{Graph, NodeId, RelId, Value};
use std::collections::BTreeSet;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// The nodes and relationships a result mentions, by id (in id order). Every relationship's
/// end nodes are included, so that the subgraph is a graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subgraph {
    pub nodes: Vec<NodeId>,
    pub rels: Vec<RelId>,
}

impl Subgraph {
    /// Every node, relationship and path in the result's values, nested in lists and maps too.
    /// With `induced`, also every relationship among the nodes found. An export writes the
    /// graph's own: a virtual node or relationship in the result (`db.schema.visualization`'s)
    /// is an `UnsupportedError` that names it.
    pub fn of_result(
        result: &QueryResult,
        graph: &Graph,
        induced: bool,
    ) -> crate::diagnostic::Result<Subgraph> {
        let (sub, virtuals) = Subgraph::with_virtual(result, graph, induced);
        match virtuals.first() {
            None => Ok(sub),
            Some(v) => Err(crate::diagnostic::Error::new(
                crate::diagnostic::ErrorKind::Unsupported,
                format!(
                    "an export writes nodes and relationships of the graph, and the result holds \
                     {}, which is not in it",
                    v.virtual_entity().unwrap_or_default()
                ),
            )
            .with_help("return the graph's own entities, or the virtual ones' properties")),
        }
    }

    /// `of_result`'s subgraph, and beside it the virtual nodes and relationships the result
    /// holds, each once (by identity), in the order met (a virtual relationship's ends after
    /// it).
    pub fn with_virtual(
        result: &QueryResult,
        graph: &Graph,
        induced: bool,
    ) -> (Subgraph, Vec<Value>) {
        let mut nodes = BTreeSet::new();
        let mut rels = BTreeSet::new();
        let mut virtuals: Vec<Value> = Vec::new();
        // Each once: the same shared entity, wherever the result repeats it.
        let mut seen: std::collections::HashSet<(bool, usize)> = Default::default();
        let mut add_virtual = |v: Value, virtuals: &mut Vec<Value>| {
            let key = match &v {
                Value::VirtualNode(n) => (false, std::sync::Arc::as_ptr(n) as usize),
                Value::VirtualRel(r) => (true, std::sync::Arc::as_ptr(r) as usize),
                _ => return,
            };
            if seen.insert(key) {
                virtuals.push(v);
            }
        };
        let mut stack: Vec<&Value> = result.rows.iter().flatten().rev().collect();
        while let Some(v) = stack.pop() {
            match v {
                Value::Node(n) => {
                    nodes.insert(*n);
                }
                Value::Rel(r) => {
                    rels.insert(*r);
                }
                Value::Path(p) => {
                    nodes.extend(p.nodes.iter().copied());
                    rels.extend(p.rels.iter().copied());
                }
                Value::List(items) => stack.extend(items.iter().rev()),
                Value::Map(m) => stack.extend(m.values().rev()),
                Value::VirtualNode(_) => add_virtual(v.clone(), &mut virtuals),
                Value::VirtualRel(r) => {
                    add_virtual(v.clone(), &mut virtuals);
                    add_virtual(Value::VirtualNode(r.start.clone()), &mut virtuals);
                    add_virtual(Value::VirtualNode(r.end.clone()), &mut virtuals);
                }
                _ => {}
            }
        }
        (Subgraph::from_parts(graph, nodes, rels, induced), virtuals)
    }

    /// The whole graph.
    pub fn all(graph: &Graph) -> Subgraph {
        Subgraph {
            nodes: graph.nodes().collect(),
            rels: graph.rels().collect(),
        }
    }

    fn from_parts(
        graph: &Graph,
        mut nodes: BTreeSet<NodeId>,
        mut rels: BTreeSet<RelId>,
        induced: bool,
    ) -> Subgraph {
        nodes.retain(|n| graph.contains_node(*n));
        rels.retain(|r| graph.contains_rel(*r));
        for r in &rels {
            if let Some((a, b)) = graph.endpoints(*r) {
                nodes.insert(a);
                nodes.insert(b);
            }
        }
        if induced {
            for n in &nodes {
                for (r, other) in graph.expand(*n, crate::graph::Dir::Out, &[]) {
                    if nodes.contains(&other) {
                        rels.insert(r);
                    }
                }
            }
        }
        Subgraph {
            nodes: nodes.into_iter().collect(),
            rels: rels.into_iter().collect(),
        }
    }
}

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    GraphMl,
    Dot,
    NodeLink,
    Csv,
    Cypher,
    Gexf,
    Svg,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::GraphMl,
        ExportFormat::Dot,
        ExportFormat::NodeLink,
        ExportFormat::Csv,
        ExportFormat::Cypher,
        ExportFormat::Gexf,
        ExportFormat::Svg,
    ];

    /// The name users type (`--export graphml`).
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Dot => "dot",
            ExportFormat::NodeLink => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Cypher => "cypher",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Svg => "svg",
        }
    }

    /// What it is called in messages: `GraphML`, `Graphviz DOT`, ...
    pub fn title(self) -> &'static str {
        match self {
            ExportFormat::GraphMl => "GraphML",
            ExportFormat::Dot => "Graphviz DOT",
            ExportFormat::NodeLink => "node-link JSON",
            ExportFormat::Csv => "Neo4j admin-import CSV",
            ExportFormat::Cypher => "Cypher script",
            ExportFormat::Gexf => "GEXF",
            ExportFormat::Svg => "SVG",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        let found = match lower.as_str() {
            "graphml" => ExportFormat::GraphMl,
            "dot" | "graphviz" | "gv" => ExportFormat::Dot,
            "json" | "node-link" | "nodelink" => ExportFormat::NodeLink,
            "csv" | "neo4j-csv" => ExportFormat::Csv,
            "cypher" | "cql" => ExportFormat::Cypher,
            "gexf" => ExportFormat::Gexf,
            "svg" => ExportFormat::Svg,
            _ => {
                let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
                return Err(format!(
                    "unknown export format `{s}` (one of {})",
                    names.join(", ")
                ));
            }
        };
        Ok(found)
    }
}

/// The files of a Neo4j CSV export, in its folder.
const CSV_FILES: [&str; 2] = ["nodes.csv", "relationships.csv"];

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub nodes: usize,
    pub rels: usize,
    pub files: Vec<std::path::PathBuf>,
}

impl ExportSummary {
    /// `wrote 12 nodes, 31 relationships to out.graphml (GraphML)`.
    pub fn describe(&self, format: ExportFormat, path: &std::path::Path) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "wrote {}, {} to {} ({})",
            plural(self.nodes, "node", "nodes"),
            plural(self.rels, "relationship", "relationships"),
            path.display(),
            format.title()
        )
    }
}

/// What writes a subgraph in one format to one stream.
pub type Writer = fn(&Subgraph, &Graph, &mut dyn Write) -> std::io::Result<()>;

impl ExportFormat {
    /// The writer of a format that is one file; None for CSV, which is two
    /// (`neo4j_csv::write_nodes_csv` and `write_relationships_csv`).
    pub fn writer(self) -> Option<Writer> {
        match self {
            ExportFormat::GraphMl => Some(graphml::write_graphml),
            ExportFormat::Dot => Some(dot::write_dot),
            ExportFormat::NodeLink => Some(nodelink::write_node_link),
            ExportFormat::Cypher => Some(cypher::write_cypher),
            ExportFormat::Gexf => Some(gexf::write_gexf),
            ExportFormat::Svg => Some(svg::write_svg),
            ExportFormat::Csv => None,
        }
    }
}

/// Write the subgraph in `format` to `path`. For Csv, `path` is a folder (created if
/// missing) that receives `nodes.csv` and `relationships.csv`. The file is written to a
/// temporary file in its folder and renamed into place (through a symbolic link, the file it
/// points to); a CSV export is written to a new folder that replaces the old one whole (see
/// `crate::atomic`). A failed export never leaves a half-written file or a mix of old and new
/// files in place.
pub fn export(
    format: ExportFormat,
    sub: &Subgraph,
    graph: &Graph,
    path: &std::path::Path,
) -> std::io::Result<ExportSummary> {
    let view = graphml::View::new(sub, graph);
    let mut summary = ExportSummary {
        nodes: view.nodes.len(),
        rels: view.rels.len(),
        files: vec![],
    };
    let writer = match format.writer() {
        Some(writer) => writer,
        None => {
            crate::atomic::replace_dir(path, &CSV_FILES, |dir| {
                let write = |name: &str, f: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| {
                    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join(name))?);
                    f(&mut out)?;
                    out.flush()
                };
                write(CSV_FILES[0], &|out| {
                    neo4j_csv::write_nodes_csv(sub, graph, out)
                })?;
                write(CSV_FILES[1], &|out| {
                    neo4j_csv::write_relationships_csv(sub, graph, out)
                })
            })?;
            summary.files = CSV_FILES.iter().map(|f| path.join(f)).collect();
            return Ok(summary);
        }
    };
    crate::atomic::write_file(path, |out| writer(sub, graph, out))?;
    summary.files.push(path.to_path_buf());
    Ok(summary)
}
