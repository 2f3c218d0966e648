//! The command line: arguments to a database, statements to results on stdout, errors and
//! warnings on stderr, and an exit status (0 success, 1 query error, 2 usage or file error).

use clap::{CommandFactory, FromArgMatches, Parser};
use relq::atomic::AtomicFile;
use relq::export::{ExportFormat, Subgraph};
use relq::output::{self, Format, TableOptions};
use relq::Database;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// relq: a relationship knowledge graph of actors and what they do to each other, queried
/// with Cypher. With no statements to run, opens an interactive shell on the seed graph.
#[derive(Parser, Debug)]
#[command(name = "relq", version, about, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,

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
    /// files (a nodes file and a relationships file, given together) or a folder of them, GDELT
    /// event exports (.CSV or .zip), or a .relq snapshot (which replaces the graph, so it comes
    /// first; later files add to it)
    #[arg(long = "load", value_name = "PATH")]
    load: Vec<PathBuf>,

    /// Read every --load file as this format, whatever its name: gdelt (a GDELT event export,
    /// 1.0 or 2.0, plain or zipped). GDELT files named .csv, .CSV or .zip are recognised anyway
    #[arg(long = "as", value_name = "FORMAT", value_parser = ["gdelt"], requires = "load")]
    load_as: Option<String>,

    /// Read GDELT's CAMEO lookup files (CAMEO.eventcodes.txt, CAMEO.type.txt, CAMEO.country.txt,
    /// CAMEO.knowngroup.txt) from DIR: GDELT loads then give events a cameo_description and
    /// actors their CAMEO names. Default: $RELQ_CAMEO_DIR when set
    #[arg(long = "cameo", value_name = "DIR")]
    cameo: Option<PathBuf>,

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

    /// Limit the memory relq may use, the graph included, to SIZE (bytes, or with a unit: 512M,
    /// 2G): a statement that would hold more fails with a ResourceError. Without it (or with 0),
    /// half of what the machine, `ulimit -v` and the control group leave
    #[arg(long, value_name = "SIZE", value_parser = parse_memory_limit)]
    memory_limit: Option<u64>,

    /// LOAD CSV reads only the files inside DIR: 'file:///a.csv' and 'a.csv' are DIR/a.csv.
    /// Without it, any file relq may read (a relative path starts at the working directory)
    #[arg(long, value_name = "DIR")]
    import_dir: Option<PathBuf>,

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

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Serve the graph over HTTP (a JSON API) and the Bolt protocol of Neo4j's drivers, on
    /// loopback unless told otherwise, until Ctrl-C
    Serve(ServeArgs),
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// The graph to serve: a .relq snapshot or data files as --load takes them (default: the
    /// built-in seed graph)
    graph: Vec<PathBuf>,

    /// Where the HTTP API listens: HOST:PORT, :PORT (loopback) or off [default: 127.0.0.1:7474,
    /// or the next free port]
    #[arg(long, value_name = "ADDR", value_parser = relq::serve::Listen::parse)]
    http: Option<relq::serve::Listen>,

    /// Where Bolt listens: HOST:PORT, :PORT (loopback) or off [default: 127.0.0.1:7687, or the
    /// next free port]
    #[arg(long, value_name = "ADDR", value_parser = relq::serve::Listen::parse)]
    bolt: Option<relq::serve::Listen>,

    /// Refuse every statement that would change the graph
    #[arg(long)]
    read_only: bool,

    /// Require this token: `Authorization: Bearer TOKEN` over HTTP, the password (or a bearer
    /// token) over Bolt. Needed to listen on any address other than loopback. Without it, the
    /// environment variable RELQ_TOKEN, if set (which, unlike an argument, other users of the
    /// machine cannot see)
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,

    /// Stop any statement that runs longer than SECONDS (2.5, 500ms, 2m) with a TimeoutError,
    /// undoing its changes; 0: no limit (the default)
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    timeout: Option<Duration>,

    /// At shutdown, save the graph to the snapshot it was opened from (GRAPH, a .relq file),
    /// atomically
    #[arg(long)]
    save_on_exit: bool,

    /// Limit the memory relq may use, the graph included (as the shell's --memory-limit)
    #[arg(long, value_name = "SIZE", value_parser = parse_memory_limit)]
    memory_limit: Option<u64>,

    /// The largest HTTP request body accepted, in bytes (with a unit: 64K, 1M)
    #[arg(long, value_name = "SIZE", default_value = "1M", value_parser = parse_memory_limit)]
    max_body: u64,

    /// How many statements may wait for the database at once; more are refused (HTTP 503)
    #[arg(long, value_name = "N", default_value_t = 64)]
    max_statements: usize,

    /// Let LOAD CSV read the files inside DIR ('file:///a.csv' and 'a.csv' are DIR/a.csv).
    /// Without it, statements sent to the server cannot read its files (an AccessError)
    #[arg(long, value_name = "DIR")]
    allow_file_import: Option<PathBuf>,
}

/// The folder of `--import-dir` or `--allow-file-import`, as an absolute path with links
/// resolved; the error message says what is wrong with it.
fn import_folder(dir: &std::path::Path, option: &str) -> Result<PathBuf, String> {
    match std::fs::canonicalize(dir) {
        Ok(real) if real.is_dir() => Ok(real),
        Ok(_) => Err(format!(
            "error: {option} expects a folder, found {} (not a folder)",
            dir.display()
        )),
        Err(e) => Err(format!(
            "error: {option} expects a folder, cannot use {}: {e}",
            dir.display()
        )),
    }
}

fn main() -> ExitCode {
    // Err: standard output is a closed pipe (`relq ... | head`): stop quietly with status 0,
    // as other tools do.
    // The shell and scripts run statements on this thread one after another: a thread with
    // the stack statements need, so that each does not wait for another thread to wake.
    let code = relq::on_statement_thread(run).unwrap_or_default();
    // A message that could not be written to standard error is output lost: never exit 0.
    if code == 0 && STDERR_FAILED.load(Ordering::Relaxed) {
        ExitCode::from(2)
    } else {
        ExitCode::from(code)
    }
}

/// Set when a write to standard error failed (other than on a closed pipe): the failure
/// itself cannot be reported, but the exit status says so.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Write a message to standard error, checked: a failed write never panics.
fn say_text(text: &str) {
    let mut err = io::stderr().lock();
    if let Err(e) = err.write_all(text.as_bytes()).and_then(|_| err.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            STDERR_FAILED.store(true, Ordering::Relaxed);
        }
    }
}

/// `eprintln!` without the panic: a line on standard error, checked.
macro_rules! say {
    ($($arg:tt)*) => {
        say_text(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// Standard output was closed by its reader: nothing more can be shown, so relq stops.
struct Quiet;

/// One piece of work from the command line, in the order given there.
enum Step {
    /// The `-c` statement at this position among the `-c` arguments.
    Command(usize),
    /// The script of `-f` or the positional argument.
    Script(PathBuf),
}

/// Everything `main` does; the exit status (0 success, 1 a statement failed, 2 usage, file or
/// output error), or `Quiet` when standard output was closed.
fn run() -> Result<u8, Quiet> {
    let matches = match Args::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            return Ok(match e.print() {
                Ok(()) => code,
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
                Err(_) => 2,
            });
        }
    };
    let args = match Args::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return Ok(2);
        }
    };
    let mut args = args;
    if let Some(Command::Serve(serve_args)) = args.command.take() {
        return Ok(serve(serve_args));
    }
    let format: Format = args.format.parse().unwrap_or_default();

    // `relq FILE.relq` opens a snapshot (then runs statements or the shell on it).
    let is_snapshot = |p: &PathBuf| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("relq"))
    };
    let mut loads = args.load.clone();
    if args.script.as_ref().is_some_and(is_snapshot) {
        loads.insert(0, args.script.take().expect("checked just above"));
    }
    // The seed graph is the default graph: data given with --load take its place unless
    // --seed keeps it. A snapshot replaces the whole graph, so it cannot be added to the seed.
    if args.seed && loads.first().is_some_and(is_snapshot) {
        say!("error: --seed cannot be combined with a snapshot, which replaces the whole graph");
        return Ok(2);
    }
    let mut db = if args.seed || (!args.empty && loads.is_empty()) {
        Database::with_seed()
    } else {
        Database::new()
    };
    db.set_timeout(args.timeout);
    db.set_memory_limit(args.memory_limit);
    if let Some(dir) = &args.import_dir {
        match import_folder(dir, "--import-dir") {
            Ok(dir) => db.set_file_access(relq::FileAccess::Inside(dir)),
            Err(message) => {
                say!("{message}");
                return Ok(2);
            }
        }
    }
    let cameo = args.cameo.clone().or_else(|| {
        std::env::var_os("RELQ_CAMEO_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    });
    if let Some(dir) = &cameo {
        if let Err(rendered) = db.set_cameo_dir(Some(dir)) {
            say_text(&rendered);
            return Ok(2);
        }
    }
    if !loads.is_empty() {
        let format = args.load_as.as_deref().and_then(|f| f.parse().ok());
        let result = db.load_files_as(&loads, format);
        for note in db.take_load_notes() {
            say!("-- {note}");
        }
        match result {
            Ok(stats) => {
                if io::stderr().is_terminal() {
                    say!(
                        "-- loaded {} nodes and {} relationships",
                        stats.nodes_created,
                        stats.rels_created
                    );
                }
            }
            Err(rendered) => {
                say_text(&rendered);
                return Ok(2);
            }
        }
    }
    for p in &args.params {
        if let Err(message) = set_param(&mut db, p) {
            say!("{message}");
            return Ok(2);
        }
    }

    let export = match &args.export {
        Some(name) => match name.parse::<ExportFormat>() {
            Ok(f) => Some(f),
            Err(message) => {
                say!("error: {message}");
                return Ok(2);
            }
        },
        None => None,
    };
    if args.file.is_some() && args.script.is_some() {
        say!("error: give a script either with -f or as an argument, not both");
        return Ok(2);
    }
    // -c and -f run in the order the command line gives them.
    let mut steps: Vec<(usize, Step)> = matches
        .indices_of("commands")
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, at)| (at, Step::Command(i)))
        .collect();
    for (id, script) in [("file", &args.file), ("script", &args.script)] {
        if let (Some(path), Some(at)) = (script, matches.index_of(id)) {
            steps.push((at, Step::Script(path.clone())));
        }
    }
    steps.sort_by_key(|(at, _)| *at);
    if export.is_some() && steps.is_empty() {
        say!("error: --export needs statements to run: give them with -c or -f");
        return Ok(2);
    }
    let out = match (&args.output, export) {
        (Some(path), None) => match AtomicFile::create(path) {
            Ok(file) => Sink::File(path.clone(), file),
            Err(e) => {
                say!("error: cannot write {}: {e}", path.display());
                return Ok(2);
            }
        },
        _ => Sink::Stdout(io::stdout()),
    };

    let mut runner = Runner {
        db: std::mem::ManuallyDrop::new(db),
        format,
        timing: args.timing,
        keep_going: args.continue_on_error,
        failed: false,
        write_failed: false,
        out,
        exported: export.map(|_| Vec::new()),
    };

    for (_, step) in &steps {
        let ok = match step {
            Step::Command(i) => {
                let origin = if args.commands.len() == 1 {
                    "query".to_string()
                } else {
                    format!("query {}", i + 1)
                };
                runner.run(&args.commands[*i], &origin)?
            }
            Step::Script(path) => {
                let (text, origin) = match relq::input::read_script(path) {
                    Ok(read) => read,
                    Err(e) => {
                        say!("error: {e}");
                        return Ok(2);
                    }
                };
                runner.run(&text, &origin)?
            }
        };
        if runner.write_failed {
            return Ok(2);
        }
        if !ok && !runner.keep_going {
            break;
        }
    }
    if steps.is_empty() {
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
            relq::repl::run(std::mem::ManuallyDrop::into_inner(runner.db), options);
            return Ok(0);
        } else {
            let text = match relq::input::read_stdin() {
                Ok(text) => text,
                Err(e) => {
                    say!("error: cannot read standard input: {e}");
                    return Ok(2);
                }
            };
            runner.run(&text, "<stdin>")?;
            if runner.write_failed {
                return Ok(2);
            }
        }
    }
    // A statement failed: nothing is written in place of an earlier file (the results, the
    // export or the snapshot), so that no file holds the output of a run that went wrong.
    if runner.failed {
        let not_written = [
            (&args.output, "written", export.is_none()),
            (&args.output, "exported", export.is_some()),
            (&args.save, "saved", true),
        ];
        for (path, what, applies) in not_written {
            if let (Some(path), true) = (path, applies) {
                say!(
                    "error: not {what} to {}: a statement failed",
                    path.display()
                );
            }
        }
        return Ok(1);
    }
    if let (Some(format), Some(path), Some(values)) = (export, &args.output, runner.exported.take())
    {
        let mentioned = relq::QueryResult {
            columns: vec!["value".to_string()],
            rows: values.into_iter().map(|v| vec![v]).collect(),
            ..Default::default()
        };
        let sub = match Subgraph::of_result(&mentioned, &runner.db.graph, args.induced) {
            Ok(sub) => sub,
            Err(e) => {
                say!("{}: {}", e.kind.name(), e.message);
                return Ok(1);
            }
        };
        match relq::export::export(format, &sub, &runner.db.graph, path) {
            Ok(summary) => say!("{}", summary.describe(format, path)),
            Err(e) => {
                say!("error: cannot write {}: {e}", path.display());
                return Ok(2);
            }
        }
    }
    // The results are complete: put the file of -o in place, or flush standard output.
    match std::mem::replace(&mut runner.out, Sink::Stdout(io::stdout())) {
        Sink::File(path, file) => {
            if let Err(e) = file.commit() {
                say!("error: cannot write {}: {e}", path.display());
                return Ok(2);
            }
        }
        Sink::Stdout(mut stdout) => {
            if let Err(e) = stdout.flush() {
                return Sink::failed_stdout(e).map(|()| 2);
            }
        }
    }
    if let Some(path) = &args.save {
        match runner.db.save(path) {
            Ok(info) => say!(
                "saved {} nodes, {} relationships to {} ({} bytes)",
                info.nodes,
                info.rels,
                path.display(),
                info.bytes
            ),
            Err(e) => {
                say_text(&e.render("", &path.display().to_string()));
                return Ok(2);
            }
        }
    }
    // Everything is written: the process ends now, and freeing a graph of millions of
    // relationships piece by piece would only delay that.
    std::mem::forget(runner);
    Ok(0)
}

/// `--timeout`: a time limit, zero for none.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    Database::parse_timeout(text).map(|limit| limit.unwrap_or(Duration::ZERO))
}

/// `--memory-limit`: a size in bytes, zero for none.
fn parse_memory_limit(text: &str) -> Result<u64, String> {
    Database::parse_memory_limit(text).map(|limit| limit.unwrap_or(0))
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

/// Where results go: standard output, or the file of `--output` (put in place at the end).
enum Sink {
    Stdout(io::Stdout),
    File(PathBuf, AtomicFile),
}

impl Sink {
    /// Report a failed write: nothing on a closed standard output (`Quiet`), else a message.
    fn failed(&self, e: io::Error) -> Result<(), Quiet> {
        match self {
            Sink::Stdout(_) => Sink::failed_stdout(e),
            Sink::File(path, _) => {
                say!("error: cannot write {}: {e}", path.display());
                Ok(())
            }
        }
    }

    fn failed_stdout(e: io::Error) -> Result<(), Quiet> {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Err(Quiet);
        }
        say!("error: cannot write the results to standard output: {e}");
        Ok(())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File(_, out) => out.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.write_all(buf),
            Sink::File(_, out) => out.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(_, out) => out.flush(),
        }
    }
}

struct Runner {
    /// Never dropped: the process ends with the run, and the operating system takes the
    /// graph's memory back at once, where a drop would free its allocations one by one.
    db: std::mem::ManuallyDrop<Database>,
    format: Format,
    timing: bool,
    keep_going: bool,
    failed: bool,
    /// A result could not be written (the message is out): nothing more runs.
    write_failed: bool,
    /// Where results go: standard output, or the file of --output.
    out: Sink,
    /// With --export: the values of every result, collected instead of printed.
    exported: Option<Vec<relq::Value>>,
}

impl Runner {
    /// Run a script; true when every statement succeeded. A failed write of a result stops
    /// the script (`write_failed`); a closed standard output stops relq (`Quiet`).
    fn run(&mut self, text: &str, origin: &str) -> Result<bool, Quiet> {
        let out = &mut self.out;
        let exported = &mut self.exported;
        let format = self.format;
        let timing = self.timing;
        let mut started = Instant::now();
        let db = &mut self.db;
        let mut stop: Result<(), Quiet> = Ok(());
        let mut write_failed = false;
        // Statements run one at a time; each result is printed before the next one runs.
        let ok = {
            let printer = |outcome: &relq::StatementOutcome, graph: &relq::Graph| {
                let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                let written = match &outcome.result {
                    Ok(result) => {
                        for w in &result.warnings {
                            say_text(&relq::diagnostic::render_message(
                                "warning",
                                &w.message,
                                Some(w.span),
                                w.help.as_deref(),
                                text,
                                origin,
                            ));
                        }
                        let written = if let Some(values) = exported.as_mut() {
                            values.extend(result.rows.iter().flatten().cloned());
                            Ok(())
                        } else if result.has_output() {
                            output::write(format, result, graph, out, &TableOptions::default())
                        } else if format == Format::Table {
                            // What the shell says after a statement that returns nothing.
                            writeln!(out, "{}", relq::repl::footer(result, None))
                        } else {
                            Ok(())
                        };
                        let written = written.and_then(|()| out.flush());
                        if timing && written.is_ok() {
                            say!("-- {} rows in {:.3} ms", result.rows.len(), elapsed);
                        }
                        written
                    }
                    Err(e) => {
                        let written = out.flush();
                        say_text(&e.render(text, origin));
                        written
                    }
                };
                started = Instant::now();
                match written {
                    Ok(()) => true,
                    Err(e) => {
                        stop = out.failed(e);
                        write_failed = true;
                        false
                    }
                }
            };
            db.run_script_while(text, self.keep_going, printer)
        };
        stop?;
        if write_failed {
            self.write_failed = true;
        }
        if !ok {
            self.failed = true;
        }
        Ok(ok)
    }
}

/// `relq serve`: load the graph, then serve it until Ctrl-C.
fn serve(args: ServeArgs) -> u8 {
    let save_on_exit = if args.save_on_exit {
        match args.graph.as_slice() {
            [path]
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("relq")) =>
            {
                Some(path.clone())
            }
            _ => {
                say!("error: --save-on-exit saves to the snapshot the graph was opened from: give one GRAPH, a .relq file");
                return 2;
            }
        }
    } else {
        None
    };
    let mut db = if args.graph.is_empty() {
        Database::with_seed()
    } else {
        let mut db = Database::new();
        if let Err(rendered) = db.load_files(&args.graph) {
            say_text(&rendered);
            return 2;
        }
        db
    };
    db.set_memory_limit(args.memory_limit);
    let file_import = match &args.allow_file_import {
        Some(dir) => match import_folder(dir, "--allow-file-import") {
            Ok(dir) => Some(dir),
            Err(message) => {
                say!("{message}");
                return 2;
            }
        },
        None => None,
    };
    let config = relq::serve::Config {
        http: args.http.unwrap_or(relq::serve::Listen::Default),
        bolt: args.bolt.unwrap_or(relq::serve::Listen::Default),
        read_only: args.read_only,
        token: args
            .token
            .or_else(|| std::env::var("RELQ_TOKEN").ok().filter(|t| !t.is_empty())),
        timeout: args.timeout,
        save_on_exit,
        max_body: usize::try_from(args.max_body).unwrap_or(usize::MAX).max(1),
        max_statements: args.max_statements.max(1),
        file_import,
        ..relq::serve::Config::default()
    };
    relq::serve::run(db, config, &|line| say!("{line}"))
}
