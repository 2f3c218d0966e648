//! The shell's `:` commands: their table (names, arguments, help with an example each), the
//! help for Cypher clauses, and running a command line against a `Session`. Commands print
//! through the session's writers only; they never read input or touch the terminal.

use super::session::{Expanded, Flow, Session};
use crate::output::literal::cypher_name;
use crate::output::{cypher_literal, Format};
use crate::Value;

/// What a command's argument is, for completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    None,
    /// A file path.
    File,
    /// One of these words.
    Words(&'static [&'static str]),
    /// A command or clause name.
    Topic,
    /// A parameter name.
    Param,
}

/// A `:` command.
pub struct Command {
    pub name: &'static str,
    pub usage: &'static str,
    pub summary: &'static str,
    pub details: &'static str,
    pub example: &'static str,
    pub arg: Arg,
}

/// Every command, in the order `:help` lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "help",
        usage: ":help [COMMAND|CLAUSE]",
        summary: "list the commands, or explain one command or Cypher clause",
        details: "With no argument, lists the commands and clauses. With a command (`:help format`) or a clause (`:help MATCH`, `:help ORDER BY`), shows its usage and an example.",
        example: ":help MATCH",
        arg: Arg::Topic,
    },
    Command {
        name: "schema",
        usage: ":schema",
        summary: "labels, relationship types and property keys, with counts",
        details: "Lists the node labels (with how many nodes carry each), the relationship types (with how many relationships have each) and the property keys (with how many nodes and relationships carry each), then the indexes and constraints declared (SHOW INDEXES and SHOW CONSTRAINTS give every detail).",
        example: ":schema",
        arg: Arg::None,
    },
    Command {
        name: "format",
        usage: ":format table|csv|json|markdown",
        summary: "how results are printed",
        details: "table: an aligned table (the default); csv: RFC 4180 CSV with a header line; json: one JSON object per row (JSON Lines); markdown: a GitHub-flavoured Markdown table. With no argument, shows the current format.",
        example: ":format json\nMATCH (a:Actor {name: 'Russia'}) RETURN a.name, a.kind;",
        arg: Arg::Words(&["table", "csv", "json", "markdown"]),
    },
    Command {
        name: "max_rows",
        usage: ":max_rows N",
        summary: "show at most N rows of a table, and say how many more there are (0: all)",
        details: "Tables and Markdown show the first N rows, then a line saying how many more rows the result had. 0 shows every row. CSV, JSON and :output files always get every row.",
        example: ":max_rows 3\nMATCH (a:Actor) RETURN a.name ORDER BY a.name;",
        arg: Arg::None,
    },
    Command {
        name: "max_width",
        usage: ":max_width N",
        summary: "cut values wider than N columns, ending them with … (0: never)",
        details: "Each cell of a table (and each value of the expanded display) is cut to N display columns, the cut marked with …. 0 never cuts.",
        example: ":max_width 20\nMATCH (a)-[r:ACCUSES]->(b) RETURN a.name, r.allegation, b.name;",
        arg: Arg::None,
    },
    Command {
        name: "x",
        usage: ":x on|off|auto",
        summary: "expanded display: one field per line",
        details: "on: every table is shown as one record at a time, one field per line; off: always a table; auto (the default): expanded when the table would be wider than the terminal.",
        example: ":x on\nMATCH (a)-[r:DENIES]->(b) RETURN a.name, r.quote, b.name LIMIT 2;",
        arg: Arg::Words(&["on", "off", "auto"]),
    },
    Command {
        name: "timing",
        usage: ":timing on|off",
        summary: "show how long each statement took in the footer",
        details: "With timing on, the footer after each result says how long the statement took: `3 rows (0.42 ms)`.",
        example: ":timing off\nMATCH (a:Country) RETURN a.name;",
        arg: Arg::Words(&["on", "off"]),
    },
    Command {
        name: "timeout",
        usage: ":timeout [SECONDS|off]",
        summary: "stop any statement that runs longer than this (off: no limit)",
        details: "A statement that runs past the limit stops with a TimeoutError, and whatever it changed is undone. SECONDS may be fractional (2.5) or carry a unit (30s, 500ms, 2m); 0 or off removes the limit. With no argument, shows the limit. Ctrl-C stops a running statement at any time, limit or not. On the command line: --timeout SECONDS.",
        example: ":timeout 2.5\nMATCH (a:Actor)-[*..3]-(b:Actor) RETURN count(*);",
        arg: Arg::Words(&["off"]),
    },
    Command {
        name: "memory",
        usage: ":memory [SIZE|off]",
        summary: "limit the memory the process may use (off: only what the machine allows)",
        details: "A statement that would hold more than the limit leaves beside the graph (its rows, sorts, groups, DISTINCT sets, path searches and every list or string it builds) stops with a ResourceError before it takes the memory, and whatever it changed is undone. SIZE is in bytes with an optional unit K, M, G or T (512M, 2G, 1.5GiB); 0 or off removes the limit, leaving half of what the machine, `ulimit -v` and the control group allow, which always applies. With no argument, shows the limit and what the next statement may hold. On the command line: --memory-limit SIZE.",
        example: ":memory 512M\nUNWIND range(1, 100) AS i RETURN sum(size(range(1, i * 1000))) AS n;",
        arg: Arg::Words(&["off"]),
    },
    Command {
        name: "source",
        usage: ":source FILE",
        summary: "run a script of statements (and commands) from a file",
        details: "Runs the file's `;`-separated statements in order, stopping at the first error; lines starting with `:` between statements are commands. Errors name the file and line.",
        example: ":source queries.cypher",
        arg: Arg::File,
    },
    Command {
        name: "output",
        usage: ":output [FILE]",
        summary: "send results to a file; with no argument, back to the terminal",
        details: "Results are written to FILE (created or emptied first) in the current format, in full; the terminal still shows the footer, errors and warnings. `:output` with no argument closes the file.",
        example: ":output accusations.csv\n:format csv\nMATCH (a)-[r:ACCUSES]->(b) RETURN a.name, b.name;\n:output",
        arg: Arg::File,
    },
    Command {
        name: "load",
        usage: ":load FILE",
        summary: "load a data file into the graph (.cypher script, node-link .json, Neo4j .csv, a GDELT export)",
        details: "A .cypher (or .cql, .cyp) file is run as a script; a .json file is read as node-link JSON. All or nothing: on an error the graph is left as it was.",
        example: ":load more-actors.json",
        arg: Arg::File,
    },
    Command {
        name: "cameo",
        usage: ":cameo DIR",
        summary: "read GDELT's CAMEO lookup files from a folder for the next GDELT loads",
        details: "DIR holds the lookup files GDELT publishes at http://data.gdeltproject.org/documentation/ (CAMEO.eventcodes.txt, CAMEO.type.txt, CAMEO.country.txt, CAMEO.knowngroup.txt). GDELT files loaded after it give their events a cameo_description and their actors the lookups' names; without them an actor is named as its rows name it most often. A bad line is a LoadError naming the file and line. On the command line: --cameo DIR.",
        example: ":cameo lookups\n:load 20191024143000.export.CSV",
        arg: Arg::File,
    },
    Command {
        name: "save",
        usage: ":save FILE",
        summary: "save the whole graph as a snapshot (.relq)",
        details: "Writes the graph to FILE as a checksummed snapshot, atomically: the old file stays whole until the new one is complete. `:open FILE` or `relq FILE` opens it again.",
        example: ":save graph.relq",
        arg: Arg::File,
    },
    Command {
        name: "open",
        usage: ":open FILE",
        summary: "replace the graph with a snapshot (.relq)",
        details: "Reads a snapshot written by :save or --save, checking its checksum, and makes it the graph. The current graph is dropped (save it first if you need it); parameters and settings stay.",
        example: ":open graph.relq",
        arg: Arg::File,
    },
    Command {
        name: "export",
        usage: ":export FORMAT FILE [induced] QUERY",
        summary: "write the subgraph of a query's result to a file another tool opens",
        details: "Runs QUERY and writes every node, relationship and path its result mentions (nested in lists and paths too), with all their labels and properties. FORMAT: graphml (Gephi, yEd, Cytoscape, NetworkX), dot (Graphviz), json (node-link: D3, NetworkX; relq loads it back), csv (Neo4j admin-import: FILE names a folder that receives nodes.csv and relationships.csv), cypher (a script that recreates the subgraph in relq or Neo4j), gexf (Gephi, with relationship dates on its timeline), svg (a picture). With `induced` (after FILE, or as the last word) every relationship among the returned nodes is added.",
        example: ":export graphml accusations.graphml MATCH (a)-[r:ACCUSES]->(b) RETURN a, r, b",
        arg: Arg::File,
    },
    Command {
        name: "history",
        usage: ":history",
        summary: "list the statements entered before, oldest first",
        details: "Lists the history, numbered. Up and Down walk through it; Ctrl-R searches it backwards.",
        example: ":history",
        arg: Arg::None,
    },
    Command {
        name: "param",
        usage: ":param NAME => VALUE",
        summary: "set a parameter that statements can use as $NAME",
        details: "VALUE is a Cypher expression without variables, such as 'Russia', 2020, [1, 2] or {year: 2020}. `:param {a: 1, b: 'x'}` sets several at once.",
        example: ":param who => 'Russia'\nMATCH (a:Actor)-[:ACCUSES]->(b:Actor {name: $who}) RETURN a.name;",
        arg: Arg::Param,
    },
    Command {
        name: "params",
        usage: ":params [clear]",
        summary: "list the parameters (or clear them all)",
        details: "Lists every parameter as a `:param` line that would set it again. `:params clear` removes them all.",
        example: ":params",
        arg: Arg::Words(&["clear"]),
    },
    Command {
        name: "why",
        usage: ":why",
        summary: "the evidence of the last result's relationships: who said it, via whom, when, the quote, the source",
        details: "For each relationship the last result mentions (in cells, paths and lists), one block: `(a)-[:TYPE]->(b)`, then what it is about, who said it, via whom, when, the verbatim quote (or the source URL when there is none) and the source, `(not given)` where the graph does not say. The same as RETURN evidence(r) in a query.",
        example: "MATCH p = (a)-[:ACCUSES]->(:Actor {name: 'Russia'}) RETURN p LIMIT 2;\n:why",
        arg: Arg::None,
    },
    Command {
        name: "disputes",
        usage: ":disputes [WINDOW]",
        summary: "accusations answered by a denial from the accused within WINDOW (default 30 days), side by side",
        details: "Runs a Cypher statement (the README shows it): an accusation (a)-[:ACCUSES]->(b) is answered by a denial (b)-[:DENIES]->(a) when both are dated and the denial comes on the accusation's date or within WINDOW after it, or, when either is undated, when both come from the same source. Each row gives both sides' dates and sentences (or source URLs). WINDOW: 30d, 2w, 3m, 1y, a number of days, or an ISO 8601 duration such as P7D.",
        example: ":disputes 7d",
        arg: Arg::None,
    },
    Command {
        name: "quit",
        usage: ":quit",
        summary: "leave the shell (also :exit or Ctrl-D)",
        details: "Leaves the shell. The graph lives in memory only: changes are not saved.",
        example: ":quit",
        arg: Arg::None,
    },
    Command {
        name: "exit",
        usage: ":exit",
        summary: "leave the shell (same as :quit)",
        details: "Leaves the shell. The graph lives in memory only: changes are not saved.",
        example: ":exit",
        arg: Arg::None,
    },
];

/// A Cypher clause, for `:help CLAUSE`.
pub struct Clause {
    pub name: &'static str,
    pub synopsis: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
}

/// The clauses `:help` explains; each example runs on the seed graph.
pub const CLAUSES: &[Clause] = &[
    Clause {
        name: "MATCH",
        synopsis: "MATCH pattern [, pattern ...] [WHERE condition]",
        summary: "find the parts of the graph that fit a pattern of nodes (a:Label {key: value}) and relationships -[r:TYPE]->",
        example: "MATCH (a:Actor)-[r:ACCUSES]->(b:Actor) RETURN a.name, r.allegation, b.name;",
    },
    Clause {
        name: "OPTIONAL MATCH",
        synopsis: "OPTIONAL MATCH pattern [WHERE condition]",
        summary: "like MATCH, but keeps the row with nulls when the pattern is not found",
        example: "MATCH (p:Person) OPTIONAL MATCH (p)-[r:DENIES]->(b) RETURN p.name, type(r), b.name;",
    },
    Clause {
        name: "WHERE",
        synopsis: "... WHERE condition",
        summary: "keep the rows for which a condition is true (after MATCH, OPTIONAL MATCH or WITH)",
        example: "MATCH (a:Actor) WHERE a.kind = 'person' AND a.name STARTS WITH 'V' RETURN a.name;",
    },
    Clause {
        name: "RETURN",
        synopsis: "RETURN [DISTINCT] expression [AS name] [, ...]",
        summary: "the columns of the result; aggregates such as count(*) group by the other columns",
        example: "MATCH (a:Actor)-[r]->() RETURN a.name AS actor, count(r) AS acts ORDER BY acts DESC;",
    },
    Clause {
        name: "WITH",
        synopsis: "WITH expression [AS name] [, ...] [WHERE condition]",
        summary: "pass rows on to the next part of the query, like RETURN in the middle of it",
        example: "MATCH (a:Actor)-[:ACCUSES]->(b:Actor) WITH b, count(*) AS accusations WHERE accusations > 1 RETURN b.name, accusations;",
    },
    Clause {
        name: "ORDER BY",
        synopsis: "ORDER BY expression [ASC|DESC] [, ...]",
        summary: "sort the rows (after RETURN or WITH)",
        example: "MATCH (a:Actor) RETURN a.name, a.kind ORDER BY a.kind, a.name DESC;",
    },
    Clause {
        name: "SKIP",
        synopsis: "SKIP n",
        summary: "leave out the first n rows",
        example: "MATCH (a:Actor) RETURN a.name ORDER BY a.name SKIP 3;",
    },
    Clause {
        name: "LIMIT",
        synopsis: "LIMIT n",
        summary: "keep at most n rows",
        example: "MATCH (a:Actor) RETURN a.name ORDER BY a.name LIMIT 3;",
    },
    Clause {
        name: "UNWIND",
        synopsis: "UNWIND list AS name",
        summary: "one row per element of a list",
        example: "UNWIND ['Russia', 'Germany'] AS name MATCH (a:Actor {name: name}) RETURN a.name, a.kind;",
    },
    Clause {
        name: "CREATE",
        synopsis: "CREATE pattern",
        summary: "add nodes and relationships (in memory: nothing is saved)",
        example: "CREATE (a:Actor:Person {name: 'Jane Doe', kind: 'person'}) RETURN a.name;",
    },
    Clause {
        name: "MERGE",
        synopsis: "MERGE pattern [ON CREATE SET ...] [ON MATCH SET ...]",
        summary: "find a pattern, or create it when it is not there",
        example: "MERGE (a:Actor {name: 'Russia'}) ON CREATE SET a.new = true RETURN a.name, a.kind;",
    },
    Clause {
        name: "SET",
        synopsis: "SET n.key = value | n:Label | n += {map} [, ...]",
        summary: "set properties and add labels",
        example: "MATCH (a:Actor {name: 'Germany'}) SET a.region = 'Europe' RETURN a.name, a.region;",
    },
    Clause {
        name: "REMOVE",
        synopsis: "REMOVE n.key | n:Label [, ...]",
        summary: "remove properties and labels",
        example: "MATCH (a:Actor {name: 'Sergei Lavrov'}) REMOVE a.title RETURN a.name, a.title;",
    },
    Clause {
        name: "DELETE",
        synopsis: "[DETACH] DELETE n [, ...]",
        summary: "delete nodes and relationships; DETACH DELETE also deletes a node's relationships",
        example: "CREATE (t:Temporary {name: 'scratch'}) WITH t DELETE t;",
    },
    Clause {
        name: "UNION",
        synopsis: "query UNION [ALL] query",
        summary: "the rows of two queries with the same columns (ALL keeps duplicates)",
        example: "MATCH (a:Country) RETURN a.name AS name UNION MATCH (b:Person) RETURN b.name AS name;",
    },
    Clause {
        name: "EXPLAIN",
        synopsis: "EXPLAIN statement",
        summary: "show the plan of a statement without running it (nothing is changed): its operators, what each does, and the rows each is expected to yield",
        example: "EXPLAIN MATCH (a:Actor {name: 'Russia'})<-[:ACCUSES]-(b) RETURN b.name;",
    },
    Clause {
        name: "PROFILE",
        synopsis: "PROFILE statement",
        summary: "run a statement (its changes happen), then show its plan with the rows each operator produced and the time spent in it",
        example: "PROFILE MATCH (a:Actor)<-[:ACCUSES]-(b) RETURN a.name, count(b) AS accusers;",
    },
];

/// The command called `name` (without the `:`).
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Run one command line (`:name args`).
pub fn run(session: &mut Session, line: &str) -> Flow {
    let line = line.trim();
    let body = line.strip_prefix(':').unwrap_or(line);
    let (name, arg) = match body.split_once(char::is_whitespace) {
        Some((n, a)) => (n, a.trim()),
        None => (body, ""),
    };
    let Some(command) = find(name) else {
        let known = COMMANDS.iter().map(|c| c.name);
        let hint = match crate::diagnostic::suggest(name, known) {
            Some(s) => format!("; did you mean :{s}?"),
            None => "; :help lists the commands".to_string(),
        };
        session
            .io
            .error(&format!("error: unknown command ':{name}'{hint}"));
        return Flow::Continue;
    };
    let io = &mut session.io;
    match command.name {
        "quit" | "exit" => return Flow::Quit,
        "help" => io.say(&help(arg)),
        "schema" => io.say(&schema(&session.db)),
        "why" => super::evidence::why(session),
        "disputes" => super::evidence::disputes(session, arg),
        "format" => {
            if arg.is_empty() {
                io.say(&format!("format: {}", io.display.format));
            } else {
                match arg.parse::<Format>() {
                    Ok(f) => {
                        io.display.format = f;
                        io.status(&format!("format: {f}"));
                    }
                    Err(e) => io.error(&format!("error: {e}")),
                }
            }
        }
        "max_rows" | "max_width" => {
            let rows = command.name == "max_rows";
            let current = if rows {
                io.display.max_rows
            } else {
                io.display.max_width
            };
            if arg.is_empty() {
                io.say(&format!(
                    "{}: {}",
                    command.name,
                    current.map_or("0 (no limit)".to_string(), |n| n.to_string())
                ));
            } else {
                match arg.parse::<usize>() {
                    Ok(n) => {
                        let value = (n > 0).then_some(n);
                        if rows {
                            io.display.max_rows = value;
                        } else {
                            io.display.max_width = value;
                        }
                        io.status(&format!(
                            "{}: {}",
                            command.name,
                            value.map_or("0 (no limit)".to_string(), |n| n.to_string())
                        ));
                    }
                    Err(_) => io.error(&format!(
                        "error: {} expects a whole number (0: no limit), got '{arg}'",
                        command.usage
                    )),
                }
            }
        }
        "x" => match arg.to_ascii_lowercase().as_str() {
            "" => io.say(&format!("expanded display: {}", io.display.expanded.name())),
            word => match word {
                "on" => set_expanded(io, Expanded::On),
                "off" => set_expanded(io, Expanded::Off),
                "auto" => set_expanded(io, Expanded::Auto),
                _ => io.error(&format!("error: {} expected, got '{arg}'", command.usage)),
            },
        },
        "timing" => match arg.to_ascii_lowercase().as_str() {
            "" => io.say(&format!("timing: {}", on_off(io.display.timing))),
            "on" | "off" => {
                io.display.timing = arg.eq_ignore_ascii_case("on");
                io.status(&format!("timing: {}", on_off(io.display.timing)));
            }
            _ => io.error(&format!("error: {} expected, got '{arg}'", command.usage)),
        },
        "timeout" => {
            if !arg.is_empty() {
                match crate::Database::parse_timeout(arg) {
                    Ok(limit) => session.db.set_timeout(limit),
                    Err(e) => {
                        io.error(&format!("error: {e}"));
                        return Flow::Continue;
                    }
                }
            }
            let shown = match session.db.timeout() {
                Some(limit) => crate::cancel::format_limit(limit),
                None => "off".to_string(),
            };
            if arg.is_empty() {
                io.say(&format!("timeout: {shown}"));
            } else {
                io.status(&format!("timeout: {shown}"));
            }
        }
        "memory" => {
            if !arg.is_empty() {
                match crate::Database::parse_memory_limit(arg) {
                    Ok(limit) => session.db.set_memory_limit(limit),
                    Err(e) => {
                        io.error(&format!("error: {e}"));
                        return Flow::Continue;
                    }
                }
            }
            let set = match session.db.memory_limit() {
                Some(bytes) => crate::format_bytes(bytes),
                None => "off".to_string(),
            };
            let (may, source) = session.db.statement_memory();
            let (heap, mapped) = session.db.graph_memory();
            let mut shown = format!(
                "memory: {set} (a statement may hold {}: {source}); the graph takes {}",
                crate::format_bytes(may),
                crate::format_bytes(heap)
            );
            if mapped > 0 {
                shown.push_str(&format!(
                    ", and reads {} in place from its snapshot",
                    crate::format_bytes(mapped)
                ));
            }
            if arg.is_empty() {
                io.say(&shown);
            } else {
                io.status(&shown);
            }
        }
        "source" => {
            if arg.is_empty() {
                io.error(&format!("error: {} needs a file", command.usage));
            } else {
                return session.source(&unquote(arg));
            }
        }
        "output" => {
            let path = (!arg.is_empty()).then(|| unquote(arg));
            match session.set_output(path.as_deref()) {
                Ok(()) => match path {
                    Some(p) => session.io.status(&format!("results go to {p}")),
                    None => session.io.status("results go to the terminal"),
                },
                Err(message) => session.io.error(&format!("error: {message}")),
            }
        }
        "cameo" => {
            if arg.is_empty() {
                io.error(&format!("error: {} needs a folder", command.usage));
            } else {
                let path = unquote(arg);
                match session.db.set_cameo_dir(Some(std::path::Path::new(&path))) {
                    Ok(()) => session.io.status(&format!(
                        "GDELT loads now take names and descriptions from the CAMEO lookup files of {path}"
                    )),
                    Err(rendered) => session.io.error(&rendered),
                }
            }
        }
        "load" => {
            if arg.is_empty() {
                io.error(&format!("error: {} needs a file", command.usage));
            } else {
                let path = unquote(arg);
                let result = session.db.load_file(std::path::Path::new(&path));
                for note in session.db.take_load_notes() {
                    session.io.status(&note);
                }
                match result {
                    Ok(stats) => {
                        session.refresh_catalog();
                        let what = if stats.is_empty() {
                            "no changes".to_string()
                        } else {
                            stats.to_string()
                        };
                        session.io.status(&format!("loaded {path}: {what}"));
                    }
                    Err(rendered) => session.io.error(&rendered),
                }
            }
        }
        "history" => {
            let width = session.history.len().to_string().len();
            let mut text = String::new();
            for (i, entry) in session.history.iter().enumerate() {
                let entry = entry.replace('\n', &format!("\n{}  ", " ".repeat(width)));
                text.push_str(&format!("{:>width$}  {entry}\n", i + 1));
            }
            if text.is_empty() {
                text.push_str("(no history)\n");
            }
            session.io.say(&text);
        }
        "export" => export(session, arg, command.usage),
        "save" | "open" if arg.is_empty() => {
            io.error(&format!("error: usage: {}", command.usage));
        }
        "save" => {
            let path = std::path::PathBuf::from(unquote(arg));
            match session.db.save(&path) {
                Ok(info) => session.io.status(&format!(
                    "saved {} nodes, {} relationships to {} ({} bytes)",
                    info.nodes,
                    info.rels,
                    path.display(),
                    info.bytes
                )),
                Err(e) => session
                    .io
                    .error(e.render("", &path.display().to_string()).trim_end()),
            }
        }
        "open" => {
            let path = std::path::PathBuf::from(unquote(arg));
            match crate::snapshot::open(&path) {
                Ok(graph) => {
                    session.db.graph = graph;
                    session.refresh_catalog();
                    session.io.status(&format!(
                        "opened {}: {} nodes, {} relationships",
                        path.display(),
                        session.db.graph.node_count(),
                        session.db.graph.rel_count()
                    ));
                }
                Err(e) => session
                    .io
                    .error(e.render("", &path.display().to_string()).trim_end()),
            }
        }
        "param" => set_param(session, arg),
        "params" => {
            if arg.eq_ignore_ascii_case("clear") {
                session.db.params.clear();
                session.refresh_catalog();
                session.io.status("parameters cleared");
            } else if !arg.is_empty() {
                io.error(&format!("error: {} expected, got '{arg}'", command.usage));
            } else {
                let text = params(session);
                session.io.say(&text);
            }
        }
        _ => unreachable!("every command in COMMANDS is handled"),
    }
    Flow::Continue
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

fn set_expanded(io: &mut super::session::Io, e: Expanded) {
    io.display.expanded = e;
    io.status(&format!("expanded display: {}", e.name()));
}

/// A path argument without surrounding quotes.
fn unquote(arg: &str) -> String {
    let t = arg.trim();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return t[1..t.len() - 1].to_string();
        }
    }
    t.to_string()
}

/// `:export FORMAT FILE [induced] QUERY`.
fn export(session: &mut Session, arg: &str, usage: &str) {
    use crate::export::{ExportFormat, Subgraph};
    let mut rest = arg.trim();
    let mut word = || {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let w = &rest[..end];
        rest = rest[end..].trim_start();
        w
    };
    let (format, file) = (word(), word());
    if format.is_empty() || file.is_empty() || rest.is_empty() {
        session.io.error(&format!("error: usage: {usage}"));
        return;
    }
    let format = match format.parse::<ExportFormat>() {
        Ok(f) => f,
        Err(e) => {
            session.io.error(&format!("error: {e}"));
            return;
        }
    };
    let mut query = rest.trim().trim_end_matches(';').trim_end();
    let mut induced = false;
    if let Some(q) = query
        .strip_prefix("induced ")
        .or_else(|| query.strip_prefix("INDUCED "))
    {
        induced = true;
        query = q.trim_start();
    } else if let Some(q) = query
        .strip_suffix(" induced")
        .or_else(|| query.strip_suffix(" INDUCED"))
    {
        induced = true;
        query = q.trim_end();
    }
    let result = match session.db.query(query) {
        Ok(r) => r,
        Err(e) => {
            session.io.error(e.render(query, "input").trim_end());
            return;
        }
    };
    let path = std::path::PathBuf::from(unquote(file));
    let sub = match Subgraph::of_result(&result, &session.db.graph, induced) {
        Ok(sub) => sub,
        Err(e) => {
            session.io.error(e.render(query, "input").trim_end());
            return;
        }
    };
    match crate::export::export(format, &sub, &session.db.graph, &path) {
        Ok(summary) => session.io.status(&summary.describe(format, &path)),
        Err(e) => session
            .io
            .error(&format!("error: cannot write {}: {e}", path.display())),
    }
}

/// `:param NAME => VALUE` or `:param {map}`.
fn set_param(session: &mut Session, arg: &str) {
    let usage = "usage: :param NAME => VALUE (or :param {name: value, ...})";
    if arg.is_empty() {
        session.io.error(&format!("error: {usage}"));
        return;
    }
    if arg.contains("=>") {
        let Some((name, value_text)) = crate::Database::split_param(arg) else {
            session
                .io
                .error(&format!("error: the parameter has no name; {usage}"));
            return;
        };
        match session.db.evaluate(value_text) {
            Ok(v) => {
                let shown = cypher_literal(&v, &session.db.graph);
                session.db.params.insert(name.to_string(), v);
                session.refresh_catalog();
                session
                    .io
                    .status(&format!("${} => {shown}", cypher_name(name)));
            }
            Err(e) => session.io.error(&e.render(value_text, "parameter")),
        }
        return;
    }
    let text = arg.trim_end_matches(';').trim_end();
    if text.starts_with('{') {
        match session.db.evaluate(text) {
            Ok(Value::Map(map)) => {
                for (k, v) in map {
                    let shown = cypher_literal(&v, &session.db.graph);
                    session
                        .io
                        .status(&format!("${} => {shown}", cypher_name(&k)));
                    session.db.params.insert(k, v);
                }
                session.refresh_catalog();
            }
            Ok(other) => session.io.error(&format!(
                "error: expected a map, got {}; {usage}",
                other.type_name()
            )),
            Err(e) => session.io.error(&e.render(text, "parameter")),
        }
        return;
    }
    match session.db.params.get(text.trim_start_matches('$')) {
        Some(v) => {
            let line = format!(
                ":param {} => {}",
                cypher_name(text.trim_start_matches('$')),
                cypher_literal(v, &session.db.graph)
            );
            session.io.say(&line);
        }
        None => session
            .io
            .error(&format!("error: no parameter '{text}'; {usage}")),
    }
}

/// Every parameter, as `:param` lines.
fn params(session: &Session) -> String {
    let mut names: Vec<&String> = session.db.params.keys().collect();
    names.sort();
    if names.is_empty() {
        return "(no parameters)\n".to_string();
    }
    names
        .into_iter()
        .map(|n| {
            format!(
                ":param {} => {}\n",
                cypher_name(n),
                cypher_literal(&session.db.params[n], &session.db.graph)
            )
        })
        .collect()
}

/// A part of `:schema`: a title, names with counts, and how a name is shown.
type Section<'a> = (&'static str, Vec<(&'a str, usize)>, fn(&str) -> String);

/// `:schema`'s text.
pub fn schema(db: &crate::Database) -> String {
    let g = &db.graph;
    let mut out = format!(
        "{} nodes, {} relationships\n",
        g.node_count(),
        g.rel_count()
    );
    let sections: [Section; 3] = [
        ("Labels (nodes)", g.labels(), |n| {
            format!(":{}", cypher_name(n))
        }),
        ("Relationship types (relationships)", g.rel_types(), |n| {
            format!("[:{}]", cypher_name(n))
        }),
        (
            "Property keys (nodes and relationships carrying them)",
            g.property_keys(),
            cypher_name,
        ),
    ];
    for (title, entries, show) in sections {
        out.push_str(&format!("\n{title}:\n"));
        if entries.is_empty() {
            out.push_str("  (none)\n");
            continue;
        }
        let shown: Vec<(String, usize)> = entries.into_iter().map(|(n, c)| (show(n), c)).collect();
        let width = shown
            .iter()
            .map(|(n, _)| crate::output::table::display_width(n))
            .max()
            .unwrap_or(0);
        let count_width = shown
            .iter()
            .map(|(_, c)| c.to_string().len())
            .max()
            .unwrap_or(0);
        for (name, count) in shown {
            let gap = width - crate::output::table::display_width(&name);
            out.push_str(&format!(
                "  {name}{}  {count:>count_width$}\n",
                " ".repeat(gap)
            ));
        }
    }
    // The declared indexes and constraints, when there are any.
    let keys_text = |g: &crate::graph::Graph, keys: &[crate::graph::Sym]| {
        let names: Vec<String> = keys.iter().map(|k| cypher_name(g.name(*k))).collect();
        names.join(", ")
    };
    let schema = g.schema();
    let index_lines: Vec<(String, String)> = schema
        .indexes
        .iter()
        .filter(|i| i.owner.is_none())
        .map(|i| {
            let token = cypher_name(g.name(i.label));
            let key = keys_text(g, &i.keys);
            let on = match i.entity {
                crate::graph::Entity::Node => format!("(:{token} {{{key}}})"),
                crate::graph::Entity::Rel => format!("()-[:{token} {{{key}}}]-()"),
            };
            (cypher_name(&i.name), on)
        })
        .collect();
    let constraint_lines: Vec<(String, String)> = schema
        .constraints
        .iter()
        .map(|c| {
            let token = cypher_name(g.name(c.token));
            let key = keys_text(g, &c.keys);
            let on = match c.entity {
                crate::graph::Entity::Node => format!("(:{token} {{{key}}})"),
                crate::graph::Entity::Rel => format!("()-[:{token} {{{key}}}]-()"),
            };
            let rel = c.entity == crate::graph::Entity::Rel;
            let rule = match c.rule {
                crate::graph::Rule::Unique => "IS UNIQUE".to_string(),
                crate::graph::Rule::Key if rel => "IS RELATIONSHIP KEY".to_string(),
                crate::graph::Rule::Key => "IS NODE KEY".to_string(),
                crate::graph::Rule::Exists => "IS NOT NULL".to_string(),
                crate::graph::Rule::Type(t) => format!("IS :: {t}"),
            };
            (cypher_name(&c.name), format!("{on} {rule}"))
        })
        .collect();
    for (title, mut lines) in [
        ("Indexes (CREATE INDEX)", index_lines),
        ("Constraints (CREATE CONSTRAINT)", constraint_lines),
    ] {
        if lines.is_empty() {
            continue;
        }
        lines.sort();
        out.push_str(&format!("\n{title}:\n"));
        let width = lines
            .iter()
            .map(|(n, _)| crate::output::table::display_width(n))
            .max()
            .unwrap_or(0);
        for (name, what) in lines {
            let gap = width - crate::output::table::display_width(&name);
            out.push_str(&format!("  {name}{}  {what}\n", " ".repeat(gap)));
        }
    }
    out
}

/// `:help`'s text for a topic (empty: the overview).
pub fn help(topic: &str) -> String {
    let topic = topic.trim().trim_end_matches(';');
    if topic.is_empty() {
        let mut out =
            String::from("Commands (a line starting with ':' is a command; it needs no ';'):\n");
        let width = COMMANDS.iter().map(|c| c.usage.len()).max().unwrap_or(0);
        for c in COMMANDS {
            out.push_str(&format!("  {:width$}  {}\n", c.usage, c.summary));
        }
        out.push_str("\nCypher clauses (:help CLAUSE for an example): ");
        out.push_str(
            &CLAUSES
                .iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push_str(
            "\n\nStatements end with ';' and may span lines. Keys: Tab completes, Up/Down and Ctrl-R \
             search the history, Ctrl-C cancels the input or the running statement, Ctrl-D leaves.\n",
        );
        return out;
    }
    let name = topic.trim_start_matches(':');
    if let Some(c) = find(&name.to_ascii_lowercase()) {
        return format!(
            "{}\n  {}\n\n{}\n\nExample:\n{}\n",
            c.usage,
            c.summary,
            c.details,
            indent(c.example)
        );
    }
    let words: Vec<&str> = topic.split_whitespace().collect();
    let clause_name = words.join(" ").to_ascii_uppercase();
    if let Some(c) = CLAUSES.iter().find(|c| c.name == clause_name) {
        return format!(
            "{}\n  {}\n\n{}\n\nExample:\n{}\n",
            c.name,
            c.summary,
            c.synopsis,
            indent(c.example)
        );
    }
    let known = COMMANDS
        .iter()
        .map(|c| c.name)
        .chain(CLAUSES.iter().map(|c| c.name));
    match crate::diagnostic::suggest(name, known) {
        Some(s) => format!("no help for '{topic}'; did you mean {s}?\n"),
        None => format!("no help for '{topic}'; :help lists the commands and clauses\n"),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod schema_tests {
    #[test]
    fn schema_lists_declared_indexes_and_constraints() {
        let mut db = crate::Database::new();
        assert!(!super::schema(&db).contains("Indexes"));
        for q in [
            "CREATE INDEX actor_name FOR (a:Actor) ON (a.name)",
            "CREATE INDEX accused_on FOR ()-[r:ACCUSES]->() ON (r.date)",
            "CREATE CONSTRAINT actor_code FOR (a:Actor) REQUIRE a.code IS UNIQUE",
            "CREATE CONSTRAINT `odd name` FOR ()-[r:ACCUSES]-() REQUIRE r.date IS :: DATE",
            "CREATE INDEX kind_name FOR (a:Actor) ON (a.kind, a.name)",
            "CREATE CONSTRAINT pair FOR ()-[r:DENIES]-() REQUIRE (r.date, r.source) IS REL KEY",
        ] {
            db.query(q).unwrap();
        }
        let text = super::schema(&db);
        assert!(
            text.ends_with(
                "\nIndexes (CREATE INDEX):\n  accused_on  ()-[:ACCUSES {date}]-()\n  \
                 actor_name  (:Actor {name})\n  \
                 kind_name   (:Actor {kind, name})\n\n\
                 Constraints (CREATE CONSTRAINT):\n  `odd name`  ()-[:ACCUSES {date}]-() IS :: DATE\n  \
                 actor_code  (:Actor {code}) IS UNIQUE\n  \
                 pair        ()-[:DENIES {date, source}]-() IS RELATIONSHIP KEY\n"
            ),
            "{text}"
        );
    }
}
