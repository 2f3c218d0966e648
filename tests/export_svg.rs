//! The SVG picture export: well-formed XML, every node named, parallel relationships and
//! self-loops drawn apart, deterministic output, escaping, larger graphs and the empty case.

use relq::export::svg::write_svg;
use relq::export::Subgraph;
use relq::{Database, Graph, NodeId, RelId, Value};

fn svg_of(sub: &Subgraph, graph: &Graph) -> String {
    let mut out = Vec::new();
    write_svg(sub, graph, &mut out).expect("writing to a Vec never fails");
    String::from_utf8(out).expect("the SVG is UTF-8")
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(root.attribute("viewBox").is_some());
    doc
}

/// The text of every `<text>` element.
fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect::<String>()
        })
        .collect()
}

/// The text of every `<title>` element.
fn titles(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

/// Path data of the drawn relationships (not the invisible hover paths).
fn edge_paths(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("e"))
        .flat_map(|g| g.children().filter(|c| c.has_tag_name("path")))
        .filter(|p| p.attribute("class") != Some("hit"))
        .filter_map(|p| p.attribute("d").map(str::to_string))
        .collect()
}

fn db(script: &str) -> Database {
    let mut db = Database::new();
    db.load_cypher(script).expect("test script loads");
    db
}

#[test]
fn seed_graph_is_well_formed_and_names_every_node() {
    let db = Database::with_seed();
    let sub = Subgraph::all(&db.graph);
    let svg = svg_of(&sub, &db.graph);
    let doc = parse(&svg);
    let texts = texts(&doc);
    let name = db.graph.sym("name").unwrap();
    for n in db.graph.nodes() {
        let Some(Value::String(s)) = db.graph.node_prop(n, name) else {
            panic!("seed nodes have names");
        };
        assert!(texts.iter().any(|t| t == &*s), "no text for {s}");
    }
    assert_eq!(edge_paths(&doc).len(), db.graph.rel_count());
    // Tooltips carry the provenance sentence of each relationship.
    let titles = titles(&doc);
    assert!(titles
        .iter()
        .any(|t| t.starts_with("FBI -[ACCUSES]-> Russia") && t.contains("\nquote: ")));
    // The legend and the caption.
    assert!(texts.iter().any(|t| t.starts_with("ACCUSES (")));
    assert!(texts.iter().any(|t| t.starts_with("Country (")));
    let caption = format!(
        "{} nodes, {} relationships",
        db.graph.node_count(),
        db.graph.rel_count()
    );
    assert!(texts.contains(&caption));
}

#[test]
fn output_is_deterministic() {
    let a = Database::with_seed();
    let b = Database::with_seed();
    let first = svg_of(&Subgraph::all(&a.graph), &a.graph);
    assert_eq!(first, svg_of(&Subgraph::all(&a.graph), &a.graph));
    assert_eq!(first, svg_of(&Subgraph::all(&b.graph), &b.graph));
}

#[test]
fn result_subgraph() {
    let mut db = Database::with_seed();
    let result = db
        .query("MATCH p = (a)-[:ACCUSES]->(b {name: 'Russia'}) RETURN p")
        .unwrap();
    let sub = Subgraph::of_result(&result, &db.graph, false).unwrap();
    let svg = svg_of(&sub, &db.graph);
    let doc = parse(&svg);
    assert_eq!(edge_paths(&doc).len(), sub.rels.len());
    assert!(texts(&doc).iter().any(|t| t == "Russia"));
    assert!(!texts(&doc).iter().any(|t| t == "Angela Merkel"));
}

#[test]
fn parallel_relationships_get_distinct_paths() {
    let db = db("CREATE (a:Country {name: 'A'}), (b:Country {name: 'B'}), \
         (a)-[:ACCUSES]->(b), (a)-[:ACCUSES]->(b), (a)-[:DENIES]->(b), (b)-[:ACCUSES]->(a), \
         (b)-[:PROPOSES]->(a)");
    let svg = svg_of(&Subgraph::all(&db.graph), &db.graph);
    let doc = parse(&svg);
    let mut paths = edge_paths(&doc);
    assert_eq!(paths.len(), 5);
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 5, "parallel relationships share a path");
    // All but the middle one are curved.
    assert!(paths.iter().filter(|d| d.contains('Q')).count() >= 4);
}

#[test]
fn self_loops_are_drawn() {
    let db = db(
        "CREATE (a:Person {name: 'Narcissus'}), (b:Person {name: 'Echo'}), \
         (a)-[:ADMIRES]->(a), (a)-[:PRAISES]->(a), (b)-[:ADMIRES]->(a)",
    );
    let svg = svg_of(&Subgraph::all(&db.graph), &db.graph);
    let doc = parse(&svg);
    let paths = edge_paths(&doc);
    assert_eq!(paths.len(), 3);
    let loops: Vec<&String> = paths.iter().filter(|d| d.contains('C')).collect();
    assert_eq!(loops.len(), 2);
    assert_ne!(loops[0], loops[1]);
    let texts = texts(&doc);
    assert!(texts.iter().any(|t| t == "ADMIRES"));
    assert!(texts.iter().any(|t| t == "PRAISES"));
}

#[test]
fn names_are_escaped() {
    let mut graph = Graph::new();
    let label = graph.intern("Person");
    let odd = graph.intern("Odd <Label> & co");
    let name = graph.intern("name");
    let note = graph.intern("note");
    let ty = graph.intern("SAYS_\"HI\"");
    let tricky = "<b>Tom & \"Jerry\"</b> 'quoted'";
    let unicode = "Zoë Ørsted — 東京 🚀";
    let a = graph
        .create_node(vec![label], vec![(name, Value::str(tricky))])
        .unwrap();
    let b = graph
        .create_node(
            vec![odd],
            vec![
                (name, Value::str(unicode)),
                (
                    note,
                    Value::str("bell\u{7} escape\u{1b} nul\u{0} end\nnext line"),
                ),
            ],
        )
        .unwrap();
    graph
        .create_rel(a, b, ty, vec![(note, Value::str("a < b && c > d"))])
        .unwrap();
    let svg = svg_of(&Subgraph::all(&graph), &graph);
    assert!(!svg.contains('\u{7}') && !svg.contains('\u{1b}') && !svg.contains('\u{0}'));
    let doc = parse(&svg);
    let texts = texts(&doc);
    // Shortened, but unescaped back to the original characters by the parser.
    assert!(texts.iter().any(|t| t.starts_with("<b>Tom & \"Jerry\"")));
    assert!(texts.iter().any(|t| t == unicode));
    assert!(texts.iter().any(|t| t == "SAYS_\"HI\""));
    assert!(texts.iter().any(|t| t.starts_with("Odd <Label> & co")));
    let titles = titles(&doc);
    assert!(titles.iter().any(|t| t.starts_with(tricky)));
    assert!(titles.iter().any(|t| t.contains("note: a < b && c > d")));
    assert!(titles
        .iter()
        .any(|t| t.contains("note: bell escape nul end next line")));
}

#[test]
fn long_names_are_shortened_with_the_full_name_in_the_tooltip() {
    let long = "The Extraordinarily Long-Named Intergovernmental Commission";
    let db = db(&format!("CREATE (:Organization {{name: '{long}'}})"));
    let svg = svg_of(&Subgraph::all(&db.graph), &db.graph);
    let doc = parse(&svg);
    let shown = texts(&doc)
        .into_iter()
        .find(|t| t.starts_with("The Extra"))
        .unwrap();
    assert!(shown.ends_with('…') && shown.chars().count() < long.chars().count());
    assert!(titles(&doc)
        .iter()
        .any(|t| t.starts_with(&format!("{long}\n:Organization"))));
}

#[test]
fn unnamed_nodes_show_label_and_id() {
    let db = db("CREATE (:Country)-[:BORDERS]->(), (:Thing {name: ''})");
    let svg = svg_of(&Subgraph::all(&db.graph), &db.graph);
    let doc = parse(&svg);
    let texts = texts(&doc);
    assert!(texts.iter().any(|t| t == "Country 0"));
    assert!(texts.iter().any(|t| t == "node 1"));
    assert!(texts.iter().any(|t| t == "Thing 2"));
}

#[test]
fn empty_subgraph() {
    let graph = Graph::new();
    let svg = svg_of(&Subgraph::default(), &graph);
    let doc = parse(&svg);
    assert!(texts(&doc).iter().any(|t| t == "empty subgraph"));
}

#[test]
fn ids_the_graph_does_not_hold_are_left_out() {
    let db = db("CREATE (:A {name: 'x'})-[:R]->(:B {name: 'y'})");
    let sub = Subgraph {
        nodes: vec![NodeId(0), NodeId(77)],
        rels: vec![RelId(0), RelId(5)],
    };
    let svg = svg_of(&sub, &db.graph);
    let doc = parse(&svg);
    // The end node the subgraph left out is drawn too.
    let texts = texts(&doc);
    assert!(texts.iter().any(|t| t == "x"));
    assert!(texts.iter().any(|t| t == "y"));
    assert_eq!(edge_paths(&doc).len(), 1);
    let none = Subgraph {
        nodes: vec![NodeId(9)],
        rels: vec![RelId(9)],
    };
    assert!(svg_of(&none, &db.graph).contains("empty subgraph"));
}

/// A graph of `n` nodes and about `2n` relationships from a fixed pseudo-random sequence,
/// with a few components, parallel relationships and self-loops.
fn random_graph(n: usize) -> Graph {
    let mut graph = Graph::new();
    let labels = [
        graph.intern("Country"),
        graph.intern("Person"),
        graph.intern("Organization"),
        graph.intern("Group"),
        graph.intern("Event"),
    ];
    let types = [
        graph.intern("ACCUSES"),
        graph.intern("DENIES"),
        graph.intern("PROPOSES"),
        graph.intern("MEETS"),
        graph.intern("SUPPORTS"),
        graph.intern("THREATENS"),
    ];
    let name = graph.intern("name");
    let mut state: u64 = 0x1234_5678;
    let mut next = move |m: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % m as u64) as usize
    };
    let mut ids = Vec::new();
    for i in 0..n {
        let l = labels[next(labels.len())];
        ids.push(
            graph
                .create_node(vec![l], vec![(name, Value::from(format!("actor {i}")))])
                .unwrap(),
        );
    }
    for _ in 0..2 * n {
        // Mostly local links, so the graph has structure rather than being a hairball.
        let a = next(n);
        let b = if next(10) == 0 {
            next(n)
        } else {
            (a + 1 + next(5)) % n
        };
        // Leave the last nodes in their own small components.
        if a >= n - 10 || b >= n - 10 {
            continue;
        }
        let t = types[next(types.len())];
        graph.create_rel(ids[a], ids[b], t, vec![]).unwrap();
    }
    graph.create_rel(ids[0], ids[0], types[0], vec![]).unwrap();
    graph
        .create_rel(ids[n - 1], ids[n - 2], types[1], vec![])
        .unwrap();
    graph
}

#[test]
fn three_hundred_node_graph_is_well_formed() {
    let graph = random_graph(300);
    let sub = Subgraph::all(&graph);
    let svg = svg_of(&sub, &graph);
    let doc = parse(&svg);
    assert_eq!(edge_paths(&doc).len(), graph.rel_count());
    let texts = texts(&doc);
    for i in 0..300 {
        let name = format!("actor {i}");
        assert!(texts.contains(&name), "{name} missing");
    }
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn thousand_node_graph_finishes() {
    let graph = random_graph(1000);
    let svg = svg_of(&Subgraph::all(&graph), &graph);
    parse(&svg);
}
