//! The command line: arguments to a database, statements to results on stdout, errors and
//! warnings on stderr, and an exit status (0 success, 1 query error, 2 usage or file error).

use clap::Parser;
use relq::export::{ExportFormat, Subgraph};
use relq::output::{self, Format, TableOptions};
use relq::Database;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// relq: a relationship knowledge graph of actors and what they do to each other, queried
/// with Cypher. With no statements to run, opens an interactive shell on the seed graph.
#[derive(Parser, Debug)]
#[command(name = "relq", version, about)]
struct Args {
    /// A script of `;`-separated statements to run (a `.cypher` file), as with -f
    script: Option<PathBuf>,

    /// Run a statement and exit (repeatable; run in order)
    #[arg(short = 'c', long = "command", value_name = "QUERY")]
    commands: Vec<String>,

    /// Run a script file and exit (`-` reads standard input)
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    file: Option<PathBuf>,

    /// Start from an empty graph instead of the built-in seed graph (what --load does anyway)
    #[arg(long, conflicts_with = "seed")]
    empty: bool,

    /// Keep the built-in seed graph when loading data: the loads add to it
    #[arg(long)]
    seed: bool,

    /// Start from these data instead of the seed graph (repeatable): .cypher, .json, Neo4j .csv
    /// files (a nodes file and a relationships file, given together) or a folder of them, or a
    /// .relq snapshot (which replaces the graph, so it comes first)
    #[arg(long = "load", value_name = "PATH")]
    load: Vec<PathBuf>,

    /// How results are printed
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = ["table", "json", "csv", "markdown"])]
    format: String,

    /// Set a parameter for every statement: 'NAME => VALUE', VALUE a Cypher literal (repeatable)
    #[arg(long = "param", value_name = "'NAME => VALUE'")]
    params: Vec<String>,

    /// After each statement, print `-- N rows in X.XXX ms` to stderr
    #[arg(long)]
    timing: bool,

    /// Keep running a script after a failed statement (the exit status is still 1)
    #[arg(long)]
    continue_on_error: bool,

    /// Stop any statement that runs longer than SECONDS (fractional, or with a unit: 2.5, 500ms,
    /// 2m) with a TimeoutError, undoing its changes; 0: no limit (the default)
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    timeout: Option<Duration>,

    /// Export the subgraph of the results (every node, relationship and path they mention) in
    /// FORMAT: graphml, dot, json (node-link), csv (Neo4j admin-import; --output names a
    /// folder), cypher, gexf or svg. Needs --output and statements to run (-c or -f)
    #[arg(long, value_name = "FORMAT", requires = "output")]
    export: Option<String>,

    /// With --export: also every relationship among the exported nodes
    #[arg(long, requires = "export")]
    induced: bool,

    /// Write to FILE instead of standard output (the export's file with --export)
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// After everything else (--load, -c, -f), save the whole graph as a snapshot (.relq),
    /// atomically; `relq FILE.relq` or `--load FILE.relq` opens it again
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,

    /// Interactive shell: keep the input history in FILE (default: $XDG_STATE_HOME/relq/history)
    #[arg(long, value_name = "FILE", conflicts_with = "no_history")]
    history: Option<PathBuf>,

    /// Interactive shell: keep no input history on disk
    #[arg(long)]
    no_history: bool,

    /// Interactive shell: colour the input and messages (auto: when stdout is a terminal and NO_COLOR is unset)
    #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let format: Format = args.format.parse().unwrap_or_default();

    // `relq FILE.relq` opens a snapshot (then runs statements or the shell on it).
    let is_snapshot = |p: &PathBuf| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("relq"))
    };
    let mut args = args;
    let mut loads = args.load.clone();
    if args.script.as_ref().is_some_and(is_snapshot) {
        loads.insert(0, args.script.take().expect("checked just above"));
    }
    // The seed graph is the default graph: data given with --load take its place unless
    // --seed keeps it. A snapshot replaces the whole graph, so it cannot be added to the seed.
    if args.seed && loads.first().is_some_and(is_snapshot) {
        eprintln!(
            "error: --seed cannot be combined with a snapshot, which replaces the whole graph"
        );
        return ExitCode::from(2);
    }
    let mut db = if args.seed || (!args.empty && loads.is_empty()) {
        Database::with_seed()
    } else {
        Database::new()
    };
    db.set_timeout(args.timeout);
    if !loads.is_empty() {
        match db.load_files(&loads) {
            Ok(stats) => {
                if io::stderr().is_terminal() {
                    eprintln!(
                        "-- loaded {} nodes and {} relationships",
                        stats.nodes_created, stats.rels_created
                    );
                }
            }
            Err(rendered) => {
                eprint!("{rendered}");
                return ExitCode::from(2);
            }
        }
    }
    for p in &args.params {
        if let Err(message) = set_param(&mut db, p) {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    }

    let export = match &args.export {
        Some(name) => match name.parse::<ExportFormat>() {
            Ok(f) => Some(f),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    if export.is_some() && args.commands.is_empty() && args.file.is_none() && args.script.is_none()
    {
        eprintln!("error: --export needs statements to run: give them with -c or -f");
        return ExitCode::from(2);
    }
    let out: Box<dyn Write> = match (&args.output, export) {
        (Some(path), None) => match std::fs::File::create(path) {
            Ok(f) => Box::new(io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        _ => Box::new(io::stdout()),
    };

    let mut runner = Runner {
        db,
        format,
        timing: args.timing,
        keep_going: args.continue_on_error,
        failed: false,
        out,
        exported: export.map(|_| Vec::new()),
    };

    let script = match (&args.file, &args.script) {
        (Some(_), Some(_)) => {
            eprintln!("error: give a script either with -f or as an argument, not both");
            return ExitCode::from(2);
        }
        (Some(f), None) | (None, Some(f)) => Some(f.clone()),
        (None, None) => None,
    };

    if !args.commands.is_empty() {
        for (i, command) in args.commands.iter().enumerate() {
            let origin = if args.commands.len() == 1 {
                "query".to_string()
            } else {
                format!("query {}", i + 1)
            };
            if !runner.run(command, &origin) && !runner.keep_going {
                break;
            }
        }
        if runner.failed && !runner.keep_going {
            if let Some(path) = &args.save {
                eprintln!("error: not saved to {}: a statement failed", path.display());
            }
            return ExitCode::from(1);
        }
    }
    if let Some(path) = script {
        let (text, origin) = if path.as_os_str() == "-" {
            let mut text = String::new();
            if let Err(e) = io::stdin().read_to_string(&mut text) {
                eprintln!("error: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
            (text, "<stdin>".to_string())
        } else {
            match std::fs::read_to_string(&path) {
                Ok(t) => (t, path.display().to_string()),
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
        };
        runner.run(&text, &origin);
    } else if args.commands.is_empty() {
        if io::stdin().is_terminal() && args.save.is_some() {
            // `relq --load data.csv --save data.relq`: convert, no shell.
        } else if io::stdin().is_terminal() {
            let history = match (args.no_history, args.history) {
                (true, _) => relq::repl::History::Off,
                (false, Some(path)) => relq::repl::History::File(path),
                (false, None) => relq::repl::History::Default,
            };
            let options = relq::repl::Options {
                history,
                color: args.color.parse().unwrap_or_default(),
                format,
                timing: args.timing,
            };
            relq::repl::run(runner.db, options);
            return ExitCode::SUCCESS;
        } else {
            let mut text = String::new();
            if let Err(e) = io::stdin().read_to_string(&mut text) {
                eprintln!("error: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
            runner.run(&text, "<stdin>");
        }
    }
    if let (Some(format), Some(path), Some(values)) = (export, &args.output, runner.exported.take())
    {
        let mentioned = relq::QueryResult {
            columns: vec!["value".to_string()],
            rows: values.into_iter().map(|v| vec![v]).collect(),
            ..Default::default()
        };
        let sub = Subgraph::of_result(&mentioned, &runner.db.graph, args.induced);
        match relq::export::export(format, &sub, &runner.db.graph, path) {
            Ok(summary) => eprintln!("{}", summary.describe(format, path)),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    if let Some(path) = &args.save {
        if runner.failed {
            eprintln!("error: not saved to {}: a statement failed", path.display());
            return ExitCode::from(1);
        }
        match runner.db.save(path) {
            Ok(info) => eprintln!(
                "saved {} nodes, {} relationships to {} ({} bytes)",
                info.nodes,
                info.rels,
                path.display(),
                info.bytes
            ),
            Err(e) => {
                eprint!("{}", e.render("", &path.display().to_string()));
                return ExitCode::from(2);
            }
        }
    }
    if let Err(e) = runner.out.flush() {
        eprintln!("error: cannot write the results: {e}");
        return ExitCode::from(2);
    }
    let failed = runner.failed;
    // Everything is written: the process ends now, and freeing a graph of millions of
    // relationships piece by piece would only delay that.
    std::mem::forget(runner);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--timeout`: a time limit, zero for none.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    Database::parse_timeout(text).map(|limit| limit.unwrap_or(Duration::ZERO))
}

/// Parse `NAME => VALUE` and set the parameter.
fn set_param(db: &mut Database, text: &str) -> Result<(), String> {
    let (name, value) = Database::split_param(text)
        .ok_or_else(|| format!("error: --param expects 'NAME => VALUE', got '{text}'"))?;
    let value = db
        .evaluate(value)
        .map_err(|e| format!("error: in --param '{text}': {e}"))?;
    db.params.insert(name.to_string(), value);
    Ok(())
}

struct Runner {
    db: Database,
    format: Format,
    timing: bool,
    keep_going: bool,
    failed: bool,
    /// Where results go: standard output, or the file of --output.
    out: Box<dyn Write>,
    /// With --export: the values of every result, collected instead of printed.
    exported: Option<Vec<relq::Value>>,
}

impl Runner {
    /// Run a script; true when every statement succeeded.
    fn run(&mut self, text: &str, origin: &str) -> bool {
        let out = &mut self.out;
        let exported = &mut self.exported;
        let format = self.format;
        let timing = self.timing;
        let mut started = Instant::now();
        let db = &mut self.db;
        // Statements run one at a time; each result is printed before the next one runs.
        let ok = {
            let mut printer = |outcome: &relq::StatementOutcome, graph: &relq::Graph| {
                let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                match &outcome.result {
                    Ok(result) => {
                        for w in &result.warnings {
                            eprint!(
                                "{}",
                                relq::diagnostic::render_message(
                                    "warning",
                                    &w.message,
                                    Some(w.span),
                                    w.help.as_deref(),
                                    text,
                                    origin
                                )
                            );
                        }
                        if let Some(values) = exported.as_mut() {
                            values.extend(result.rows.iter().flatten().cloned());
                        } else if result.has_output() {
                            let _ =
                                output::write(format, result, graph, out, &TableOptions::default());
                        }
                        let _ = out.flush();
                        if timing {
                            eprintln!("-- {} rows in {:.3} ms", result.rows.len(), elapsed);
                        }
                    }
                    Err(e) => {
                        let _ = out.flush();
                        eprint!("{}", e.render(text, origin));
                    }
                }
                started = Instant::now();
            };
            db.run_script(text, self.keep_going, &mut printer)
        };
        if !ok {
            self.failed = true;
        }
        ok
    }
}
