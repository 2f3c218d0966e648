//! The database: text in, rows out. Splits a script into statements, parses, plans and runs
//! each, and keeps the graph and the parameters between statements. Never prints.

use crate::cancel::{Cancel, Deadline};
use crate::diagnostic::{Error, ErrorKind, Result, Span};
use crate::exec::{self, Ctx, Row};
use crate::graph::{Graph, Value};
use crate::ir::Plan;
use crate::plan::explain::{Described, PlanDescription};
use crate::syntax;
use crate::syntax::ast::Mode;
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

pub use crate::exec::load_csv::FileAccess;
pub use crate::exec::update::Stats;
pub use crate::plan::Warning;

/// The built-in seed graph: the US-Russia election interference article as a Cypher script.
pub const SEED: &str = include_str!("../data/seed.cypher");

/// The rows a statement returned, and what it changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub stats: Stats,
    pub warnings: Vec<Warning>,
    /// The plan, for `EXPLAIN` (which runs nothing: no columns, rows or changes) and `PROFILE`
    /// (which runs the statement: its rows and changes, and what each operator did).
    pub plan: Option<PlanDescription>,
}

impl QueryResult {
    /// Whether there is anything to print: columns (even without rows) or a plan.
    pub fn has_output(&self) -> bool {
        !self.columns.is_empty() || self.plan.is_some()
    }
}

/// A graph and the parameters statements see.
#[derive(Default)]
pub struct Database {
    pub graph: Graph,
    pub params: HashMap<String, Value>,
    interrupt: Option<Arc<AtomicBool>>,
    /// How long one statement may run (`None`: no limit).
    timeout: Option<Duration>,
    /// How much memory the process may use, the graph included (`None`: only what the machine
    /// and the process limits leave; see `exec::budget`).
    memory_limit: Option<u64>,
    /// Refuse every statement that would change the graph (`set_read_only`).
    read_only: bool,
    /// What the statements running on this database hold together, against the memory limit
    /// (statements run side by side through `query_shared`).
    held: Arc<std::sync::atomic::AtomicU64>,
    /// Which files LOAD CSV may read (`set_file_access`).
    file_access: FileAccess,
    /// The names interned before each explicit transaction still open (`begin_transaction`).
    transactions: Vec<usize>,
    /// What the last loads had to say besides their counts (a GDELT file's summary), taken by
    /// `take_load_notes`.
    load_notes: Vec<String>,
    /// GDELT's CAMEO lookup files, read by `set_cameo_dir`: GDELT loads take names and
    /// descriptions from them.
    cameo: Option<crate::import::gdelt::Lookups>,
}

/// A data format `load_files_as` can be told to read a file as, whatever its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadFormat {
    /// A GDELT event export (1.0, 2.0, dyads; plain or zipped).
    Gdelt,
}

impl std::str::FromStr for LoadFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<LoadFormat, String> {
        match s.to_ascii_lowercase().as_str() {
            "gdelt" => Ok(LoadFormat::Gdelt),
            _ => Err(format!("unknown data format '{s}' (expected: gdelt)")),
        }
    }
}

/// One statement of a script: where it is and what became of it.
pub struct StatementOutcome {
    pub span: Span,
    pub result: Result<QueryResult>,
}

impl Database {
    /// An empty graph.
    pub fn new() -> Database {
        Database::default()
    }

    /// The built-in seed graph.
    pub fn with_seed() -> Database {
        let mut db = Database::new();
        db.load_cypher(SEED).expect("the built-in seed graph loads");
        db
    }

    /// Read GDELT's CAMEO lookup files from a folder (`CAMEO.eventcodes.txt`, `CAMEO.type.txt`,
    /// `CAMEO.country.txt`, `CAMEO.knowngroup.txt`, as GDELT publishes them): later GDELT loads
    /// give events a `cameo_description` and actors their CAMEO names. `None` forgets them. The
    /// error is a rendered LoadError naming the file and line.
    pub fn set_cameo_dir(
        &mut self,
        dir: Option<&std::path::Path>,
    ) -> std::result::Result<(), String> {
        self.cameo = match dir {
            None => None,
            Some(dir) => Some(
                crate::import::gdelt::Lookups::read(dir)
                    .map_err(|e| e.render("", &dir.display().to_string()))?,
            ),
        };
        Ok(())
    }

    /// A database on the graph of a snapshot file (see `save`); the parameters start empty.
    pub fn open(path: &std::path::Path) -> Result<Database> {
        Ok(Database {
            graph: crate::snapshot::open(path)?,
            ..Database::default()
        })
    }

    /// Save the graph to a snapshot file, atomically: a crash while saving leaves either the
    /// previous file or the new one. Every node and relationship keeps its id.
    pub fn save(&self, path: &std::path::Path) -> Result<crate::snapshot::SnapshotInfo> {
        crate::snapshot::save(&self.graph, path)
    }

    /// A flag that, when set, interrupts the running statement (and is cleared by the caller).
    /// Any statement stops soon after: it fails with an `Interrupted` error, and a statement
    /// that changed the graph is rolled back.
    pub fn set_interrupt(&mut self, flag: Arc<AtomicBool>) {
        self.interrupt = Some(flag);
    }

    /// Limit how long each statement may run, from parsing to its last row (`None`, or a zero
    /// duration: no limit). A statement past its limit fails with a `Timeout` error, and a
    /// statement that changed the graph is rolled back.
    pub fn set_timeout(&mut self, limit: Option<Duration>) {
        self.timeout = limit.filter(|d| !d.is_zero());
    }

    /// The limit on how long each statement may run, if there is one.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Limit the memory the process may use, the graph included, in bytes (`None`, or 0: only
    /// what the machine and the process limits leave). Each statement may hold what the limit
    /// leaves beside the graph, and no more than half of what the machine and the process
    /// limits leave; a statement past it fails with a `Resource` error, and a statement that
    /// changed the graph is rolled back.
    pub fn set_memory_limit(&mut self, bytes: Option<u64>) {
        self.memory_limit = bytes.filter(|b| *b > 0);
    }

    /// Refuse every statement whose plan changes the graph (CREATE, MERGE, SET, REMOVE,
    /// DELETE), with an `Access` error before anything runs; EXPLAIN of such a statement still
    /// describes it, since it runs nothing.
    pub fn set_read_only(&mut self, read_only: bool) {
        self.read_only = read_only;
    }

    /// Whether statements that write are refused (`set_read_only`).
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Which files `LOAD CSV` may read: any (the default; a relative path starts at the
    /// working directory), only those inside a folder (`FileAccess::Inside`, whose paths and
    /// `file:///` URLs start at that folder), or none (`FileAccess::Refused`: a statement that
    /// reads a file fails with an `Access` error, as `relq serve` has it unless told
    /// otherwise).
    pub fn set_file_access(&mut self, access: FileAccess) {
        self.file_access = access;
    }

    /// Which files `LOAD CSV` may read (`set_file_access`).
    pub fn file_access(&self) -> &FileAccess {
        &self.file_access
    }

    /// Open an explicit transaction: the statements run until the matching
    /// `commit_transaction` or `rollback_transaction` are kept or undone together (each one
    /// is still atomic on its own). Transactions nest.
    pub fn begin_transaction(&mut self) {
        self.transactions.push(self.graph.name_count());
        self.graph.begin();
    }

    /// Keep the changes of the innermost explicit transaction (false when none is open).
    pub fn commit_transaction(&mut self) -> bool {
        if self.transactions.pop().is_none() {
            return false;
        }
        self.graph.commit();
        true
    }

    /// Undo every change of the innermost explicit transaction, ids and names included (false
    /// when none is open).
    pub fn rollback_transaction(&mut self) -> bool {
        let Some(names_before) = self.transactions.pop() else {
            return false;
        };
        self.graph.rollback();
        self.graph.truncate_names(names_before);
        true
    }

    /// What the graph takes: bytes on the heap, and bytes read in place from the snapshot it
    /// was opened from (the file's pages, shared with the operating system's cache).
    pub fn graph_memory(&self) -> (u64, u64) {
        (
            self.graph.store_bytes() as u64,
            self.graph.mapped_bytes() as u64,
        )
    }

    /// How many explicit transactions are open.
    pub fn open_transactions(&self) -> usize {
        self.transactions.len()
    }

    /// The memory limit set with `set_memory_limit`, if any.
    pub fn memory_limit(&self) -> Option<u64> {
        self.memory_limit
    }

    /// The bytes the next statement may hold, and where that figure comes from (for people:
    /// the shell's `:memory`).
    pub fn statement_memory(&self) -> (u64, String) {
        let limit =
            exec::budget::statement_limit(self.memory_limit, || self.graph.store_bytes() as u64);
        let source = match limit.source {
            exec::budget::Source::Setting { .. } => "the memory limit less the graph",
            exec::budget::Source::Available => "half the memory available",
            exec::budget::Source::AddressSpace => "half the address space left",
            exec::budget::Source::Cgroup => "half the control group's memory left",
            exec::budget::Source::Default => "the default",
        };
        (limit.bytes, source.to_string())
    }

    /// Parse a memory limit as `--memory-limit` and the shell's `:memory` take it: bytes with
    /// an optional unit K, M, G or T (`512M`, `2G`, `1.5GiB`); `0` or `off` for none
    /// (`Ok(None)`). The error says what is expected.
    pub fn parse_memory_limit(text: &str) -> std::result::Result<Option<u64>, String> {
        exec::budget::parse_size(text)
    }

    /// Run a single statement (a trailing `;` is allowed).
    pub fn query(&mut self, text: &str) -> Result<QueryResult> {
        let statements = syntax::split_statements(text);
        match statements.as_slice() {
            [] => Err(Error::syntax(
                Span::new(0, text.len()),
                "expected a statement, found nothing",
            )),
            [(offset, stmt)] => self.run_statement(text, *offset, stmt),
            [_, (offset, _), ..] => Err(Error::syntax(
                Span::new(*offset, *offset),
                "expected one statement, found several",
            )),
        }
    }

    /// Run every statement of a script, stopping at the first error unless `keep_going`.
    /// `on_outcome` sees each statement's outcome as soon as it is known.
    pub fn run_script(
        &mut self,
        script: &str,
        keep_going: bool,
        mut on_outcome: impl FnMut(&StatementOutcome, &Graph),
    ) -> bool {
        self.run_script_while(script, keep_going, |outcome, graph| {
            on_outcome(outcome, graph);
            true
        })
    }

    /// `run_script`, where `on_outcome` may also stop the script by returning false (its
    /// output could not be written, say); the statements left are not run.
    pub fn run_script_while(
        &mut self,
        script: &str,
        keep_going: bool,
        mut on_outcome: impl FnMut(&StatementOutcome, &Graph) -> bool,
    ) -> bool {
        let mut ok = true;
        for (offset, stmt) in syntax::split_statements(script) {
            let result = self.run_statement(script, offset, stmt);
            let failed = result.is_err();
            let go_on = on_outcome(
                &StatementOutcome {
                    span: Span::new(offset, offset + stmt.len()),
                    result,
                },
                &self.graph,
            );
            if !go_on {
                return ok && !failed;
            }
            if failed {
                ok = false;
                if !keep_going {
                    break;
                }
            }
        }
        ok
    }

    /// Load a Cypher script into the graph, all or nothing.
    pub fn load_cypher(&mut self, script: &str) -> Result<Stats> {
        // One transaction around the statements' own: a failure undoes the whole script.
        let names_before = self.graph.name_count();
        self.graph.begin();
        let mut total = Stats::default();
        for (offset, stmt) in syntax::split_statements(script) {
            match self.run_statement(script, offset, stmt) {
                Ok(r) => total.add(&r.stats),
                Err(e) => {
                    self.graph.rollback();
                    self.graph.truncate_names(names_before);
                    return Err(e);
                }
            }
        }
        self.graph.commit();
        Ok(total)
    }

    /// Load a data file, the format chosen by its name (see `load_files`). All or nothing.
    /// The error comes rendered, naming the file and the place in it.
    pub fn load_file(&mut self, path: &std::path::Path) -> std::result::Result<Stats, String> {
        self.load_files(&[path])
    }

    /// Load data files in order, each all or nothing, the format chosen by the name:
    ///
    /// - `.cypher`, `.cql`, `.cyp`: a Cypher script;
    /// - `.json`: node-link JSON;
    /// - `.csv`: Neo4j admin-import CSV, a nodes file when its header has an `:ID` field, a
    ///   relationships file when it has `:START_ID`. Consecutive CSV files (and folders) are
    ///   loaded together, nodes files first, so that `nodes.csv rels.csv` works: the ids of a
    ///   relationships file refer to the nodes files of its group;
    /// - a folder: Neo4j admin-import CSV from its `nodes.csv` and `relationships.csv` (what
    ///   relq's CSV export writes), grouped like `.csv` files; both must be there;
    /// - a GDELT event export (`.csv` or `.CSV` whose first line is one, or a `.zip` holding one;
    ///   any file with `LoadFormat::Gdelt`): see `import::gdelt`;
    /// - `.relq`: a snapshot, which *replaces* the graph (the seed graph included); it must
    ///   come first, and later files load into it.
    ///
    /// A file that fails leaves the graph as the files before it left it. The error comes
    /// rendered, naming the file and the place in it. Files are read within the bounds of
    /// `crate::input`: a device is refused, a file read up to its size.
    pub fn load_files<P: AsRef<std::path::Path>>(
        &mut self,
        paths: &[P],
    ) -> std::result::Result<Stats, String> {
        self.load_files_as(paths, None)
    }

    /// What the last loads reported besides their counts (one line each, such as a GDELT
    /// file's summary of events, merged reports and skipped rows), emptied by the call.
    pub fn take_load_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.load_notes)
    }

    /// `load_files`, every file (but a leading snapshot) read as `format` when one is given.
    pub fn load_files_as<P: AsRef<std::path::Path>>(
        &mut self,
        paths: &[P],
        format: Option<LoadFormat>,
    ) -> std::result::Result<Stats, String> {
        let mut total = Stats::default();
        let mut csv_nodes: Vec<std::path::PathBuf> = Vec::new();
        let mut csv_rels: Vec<std::path::PathBuf> = Vec::new();
        for (i, path) in paths.iter().enumerate() {
            let path = path.as_ref();
            let origin = path.display().to_string();
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if path.is_dir() {
                if ext == "relq" {
                    return Err(format!("LoadError: {origin} is a folder, not a snapshot\n = help: a snapshot is a file that `--save` or `:save` wrote\n"));
                }
                let (nodes, rels) = (path.join("nodes.csv"), path.join("relationships.csv"));
                // A link to something that is not a file counts as there: the loader says what
                // it is.
                let there = |p: &std::path::Path| p.symlink_metadata().is_ok();
                match (there(&nodes), there(&rels)) {
                    (true, true) => {}
                    (false, false) => return Err(format!("LoadError: {origin} is a folder without nodes.csv or relationships.csv\n = help: relq loads a folder of Neo4j admin-import CSV files named nodes.csv and relationships.csv\n")),
                    (true, false) => return Err(format!("LoadError: {origin} has nodes.csv but no relationships.csv\n = help: a folder of Neo4j admin-import CSV holds both files (an export writes both); to load the nodes alone, give the file: --load {}\n", nodes.display())),
                    (false, true) => return Err(format!("LoadError: {origin} has relationships.csv but no nodes.csv\n = help: a folder of Neo4j admin-import CSV holds both files (an export writes both); the relationships refer to the nodes of nodes.csv\n")),
                }
                csv_nodes.push(nodes);
                csv_rels.push(rels);
                continue;
            }
            let forced = format == Some(LoadFormat::Gdelt) && !(i == 0 && ext == "relq");
            if forced
                || (matches!(ext.as_str(), "csv" | "zip") && crate::import::gdelt::is_gdelt(path))
            {
                self.load_csv_group(&mut csv_nodes, &mut csv_rels, &mut total)?;
                let (stats, summary) = crate::import::gdelt::load_gdelt(
                    &mut self.graph,
                    path,
                    forced,
                    true,
                    self.cameo.as_ref(),
                )
                .map_err(|e| e.render("", &origin))?;
                self.load_notes.push(format!("{origin}: {summary}"));
                total.add(&stats);
                continue;
            }
            if ext == "csv" {
                match crate::import::csv_kind(path).map_err(|e| e.render("", &origin))? {
                    crate::import::CsvKind::Nodes => csv_nodes.push(path.to_path_buf()),
                    crate::import::CsvKind::Relationships => csv_rels.push(path.to_path_buf()),
                }
                continue;
            }
            self.load_csv_group(&mut csv_nodes, &mut csv_rels, &mut total)?;
            let stats = match ext.as_str() {
                "relq" => {
                    if i > 0 {
                        return Err(format!("LoadError: {origin} is a snapshot, which replaces the whole graph, so it must be loaded first\n = help: give it as the first --load\n"));
                    }
                    self.graph = crate::snapshot::open(path).map_err(|e| e.render("", &origin))?;
                    Stats {
                        nodes_created: self.graph.node_count(),
                        rels_created: self.graph.rel_count(),
                        ..Stats::default()
                    }
                }
                "cypher" | "cql" | "cyp" | "json" => {
                    let text = crate::input::read_to_string(path)
                        .map_err(|e| format!("LoadError: cannot read {origin}: {e}\n"))?;
                    if ext == "json" {
                        crate::load::load_node_link(&mut self.graph, &text, &origin)
                    } else {
                        self.load_cypher(&text)
                    }
                    .map_err(|e| e.render(&text, &origin))?
                }
                _ => return Err(format!(
                    "LoadError: {origin}: unknown data format `.{ext}`\n = help: relq loads .cypher (a Cypher script), .json (node-link JSON), .csv (Neo4j admin-import CSV, or a GDELT event export), .zip (a zipped GDELT export) and .relq (a snapshot); --as gdelt reads any file as a GDELT export\n"
                )),
            };
            total.add(&stats);
        }
        self.load_csv_group(&mut csv_nodes, &mut csv_rels, &mut total)?;
        Ok(total)
    }

    /// Load the pending CSV files of `load_files` as one group.
    fn load_csv_group(
        &mut self,
        nodes: &mut Vec<std::path::PathBuf>,
        rels: &mut Vec<std::path::PathBuf>,
        total: &mut Stats,
    ) -> std::result::Result<(), String> {
        if nodes.is_empty() && rels.is_empty() {
            return Ok(());
        }
        let n: Vec<&std::path::Path> = nodes.iter().map(|p| p.as_path()).collect();
        let r: Vec<&std::path::Path> = rels.iter().map(|p| p.as_path()).collect();
        let stats = crate::import::load_neo4j_csv(&mut self.graph, &n, &r, true)
            .map_err(|e| e.render("", "csv"))?;
        total.add(&stats);
        nodes.clear();
        rels.clear();
        Ok(())
    }

    /// Parse, plan and run one statement; `text` is at `offset` in `source`.
    fn run_statement(&mut self, source: &str, offset: usize, text: &str) -> Result<QueryResult> {
        // The time limit counts from here.
        let deadline = self.timeout.and_then(Deadline::after);
        let interrupt = self.interrupt.clone();
        let cancel = Cancel {
            interrupt: interrupt.as_deref(),
            deadline,
        };
        // Parsing, planning and running recurse over the statement's nesting, so they run on
        // a thread with the stack that needs (the parser's included: `stack_for`). Describing
        // and running a plan also recurse once per operator in a chain (a pattern of thousands
        // of hops, thousands of clauses), which can be as long as the statement allows.
        let stack = stack_for(text.len());
        run_deep(stack, || {
            let statement = syntax::parse_statement_here(text, offset)?;
            self.plan_and_run(&statement, source, cancel)
        })
    }

    fn plan_and_run(
        &mut self,
        statement: &syntax::ast::Statement,
        source: &str,
        cancel: Cancel,
    ) -> Result<QueryResult> {
        let _setting = self.statement_setting();
        if let Some(command) = &statement.command {
            return self.run_schema_command(command);
        }
        let names_before = self.graph.name_count();
        let (plan, warnings) =
            crate::plan::plan(statement, source, &self.graph, &self.params, cancel)
                .map_err(|e| place(statement, e))?;
        let described = describe(statement, &plan, &self.graph, source);
        if statement.mode == Mode::Explain {
            // Nothing runs: the names the planner interned for this statement go, so that
            // EXPLAIN leaves the graph exactly as it was.
            self.graph.truncate_names(names_before);
            return Ok(explained(warnings, described));
        }
        if let (Some(span), false) = (batched_span(&plan), self.transactions.is_empty()) {
            self.graph.truncate_names(names_before);
            return Err(Error::semantic(
                span,
                "CALL { } IN TRANSACTIONS can only run in a statement of its own, not inside an explicit transaction",
            )
            .with_help("commit or roll back the transaction first: each batch commits on its own"));
        }
        if plan.writes && self.read_only {
            self.graph.truncate_names(names_before);
            return Err(Error::at(
                ErrorKind::Access,
                statement.span,
                "expected a statement that only reads, found one that writes: the database is read-only",
            ));
        }
        if !plan.writes {
            let (graph, params) = (&self.graph, &self.params);
            return run_read(graph, params, statement, &plan, warnings, described, cancel);
        }
        let profile = (statement.mode == Mode::Profile).then(exec::Profile::new);
        let profile = profile.as_ref();
        self.graph.begin();
        let ran = execute(Access::Alone(&mut self.graph), &plan, cancel, profile).and_then(|r| {
            exec::schema::check(&self.graph)
                .map_err(|e| e.or_span(statement.span))
                .map(|()| r)
        });
        let result = match ran {
            Ok(r) => {
                self.graph.commit();
                r
            }
            Err(e) => {
                self.graph.rollback();
                return Err(place(statement, e));
            }
        };
        let (graph, params) = (&self.graph, &self.params);
        Ok(finish(
            graph, params, statement, &plan, result, warnings, described, profile, cancel,
        ))
    }

    /// Run a schema command (`CREATE INDEX`, ...): a change of the graph's declarations, in a
    /// transaction of its own (inside an explicit one, rolled back with it).
    fn run_schema_command(&mut self, command: &syntax::ast::SchemaCommand) -> Result<QueryResult> {
        if self.read_only {
            return Err(Error::at(
                ErrorKind::Access,
                command.span(),
                "expected a statement that only reads, found a schema command: the database is read-only",
            ));
        }
        let names_before = self.graph.name_count();
        self.graph.begin();
        match exec::schema::run(&mut self.graph, command) {
            Ok(outcome) => {
                self.graph.commit();
                let warnings = outcome
                    .note
                    .into_iter()
                    .map(|message| Warning {
                        message,
                        span: command.span(),
                        help: None,
                    })
                    .collect();
                Ok(QueryResult {
                    columns: Vec::new(),
                    rows: Vec::new(),
                    stats: outcome.stats,
                    warnings,
                    plan: None,
                })
            }
            Err(e) => {
                self.graph.rollback();
                self.graph.truncate_names(names_before);
                Err(e)
            }
        }
    }

    /// Run a single statement that only reads, on a database other threads may be reading at
    /// the same time (the server's concurrent reads): `params` are its parameters, and
    /// `interrupt` stops it alone. A statement that writes is not run:
    /// `Shared::NeedsExclusive` says it must go through `query`, with the database held alone
    /// (so must a script of several statements, and one `query` would refuse). Planning may
    /// intern names the graph has not seen yet; they stay, as after a read run through `query`.
    pub fn query_shared(
        &self,
        text: &str,
        params: &HashMap<String, Value>,
        interrupt: Option<&AtomicBool>,
    ) -> Shared {
        let statements = syntax::split_statements(text);
        let [(offset, stmt)] = statements.as_slice() else {
            return Shared::NeedsExclusive;
        };
        // The time limit counts from here.
        let cancel = Cancel {
            interrupt,
            deadline: self.timeout.and_then(Deadline::after),
        };
        let stack = stack_for(stmt.len());
        let outcome = run_deep(stack, || {
            let statement = syntax::parse_statement_here(stmt, *offset)?;
            Ok(self.plan_and_run_shared(&statement, text, params, cancel))
        });
        outcome.unwrap_or_else(|e| Shared::Ran(Err(e)))
    }

    fn plan_and_run_shared(
        &self,
        statement: &syntax::ast::Statement,
        source: &str,
        params: &HashMap<String, Value>,
        cancel: Cancel,
    ) -> Shared {
        let _setting = self.statement_setting();
        if statement.command.is_some() {
            return Shared::NeedsExclusive;
        }
        let (plan, warnings) =
            match crate::plan::plan(statement, source, &self.graph, params, cancel) {
                Ok(planned) => planned,
                Err(e) => return Shared::Ran(Err(place(statement, e))),
            };
        let described = describe(statement, &plan, &self.graph, source);
        if plan.writes {
            return Shared::NeedsExclusive;
        }
        if statement.mode == Mode::Explain {
            return Shared::Ran(Ok(explained(warnings, described)));
        }
        let graph = &self.graph;
        Shared::Ran(run_read(
            graph, params, statement, &plan, warnings, described, cancel,
        ))
    }

    /// What every statement runs under while it is planned and run on this thread: its memory
    /// budget, the files LOAD CSV may read, and the clock `date()` and the others read.
    fn statement_setting(&self) -> impl Sized {
        // Everything the statement builds or holds, from planning on, is charged to its budget.
        let limit =
            exec::budget::statement_limit(self.memory_limit, || self.graph.store_bytes() as u64);
        // Only a limit that was set is shared by the statements running side by side; without
        // one, nothing is counted together (and nothing is spent on counting).
        let together = self.memory_limit.map(|_| self.held.clone());
        let governed = exec::budget::govern_together(limit, together);
        // LOAD CSV reads the files this database allows.
        let access = exec::load_csv::with_access(self.file_access.clone());
        // `date()`, `datetime()` and the others read the clock once per statement.
        crate::temporal::start_statement();
        (governed, access)
    }

    /// Split a parameter assignment `NAME => VALUE` (as `--param` and the shell's `:param`
    /// take it) into the name (without `$` or backticks) and the value's text; None when there
    /// is no `=>` or no name.
    pub fn split_param(text: &str) -> Option<(&str, &str)> {
        let (name, value) = text.split_once("=>")?;
        let name = name.trim().trim_start_matches('$');
        let name = name
            .strip_prefix('`')
            .and_then(|n| n.strip_suffix('`'))
            .unwrap_or(name);
        let value = value.trim().trim_end_matches(';').trim_end();
        (!name.is_empty()).then_some((name, value))
    }

    /// Parse a time limit as `--timeout` and the shell's `:timeout` take it: seconds
    /// (`2.5`), or a number with a unit (`30s`, `500ms`, `2m`); `0` or `off` for no limit
    /// (`Ok(None)`). The error says what is expected.
    pub fn parse_timeout(text: &str) -> std::result::Result<Option<Duration>, String> {
        let t = text.trim().to_ascii_lowercase();
        if t == "off" || t == "none" {
            return Ok(None);
        }
        let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
            (n, 0.001)
        } else if let Some(n) = t.strip_suffix("min").or_else(|| t.strip_suffix('m')) {
            (n, 60.0)
        } else {
            (t.strip_suffix('s').unwrap_or(&t), 1.0)
        };
        let expected = || {
            format!(
                "expected a time limit in seconds such as 2.5, 30s, 500ms or 2m, or off; got '{}'",
                text.trim()
            )
        };
        let value: f64 = number.trim().parse().map_err(|_| expected())?;
        let limit = Duration::try_from_secs_f64(value * scale).map_err(|_| expected())?;
        Ok((!limit.is_zero()).then_some(limit))
    }

    /// Evaluate a constant expression (a Cypher literal such as `'Russia'`, `[1, 2]` or
    /// `{k: 'v'}`, or any expression without variables), as `--param` values are.
    pub fn evaluate(&mut self, text: &str) -> Result<Value> {
        run_deep(stack_for(text.len()), || {
            let expr = syntax::parse_expression_here(text)?;
            // Planned, then evaluated here: the planner never evaluates.
            let ex = crate::plan::compile_constant(&expr, text, &self.graph, &self.params)?;
            exec::eval(&ex, &[], Ctx::new(&self.graph), &mut Vec::new())
        })
    }
}

/// What became of a statement given to `Database::query_shared`.
#[derive(Debug)]
pub enum Shared {
    /// It only reads, and ran (or failed before running): its result.
    Ran(Result<QueryResult>),
    /// It writes, or is several statements: run it through `Database::query` with the
    /// database held alone.
    NeedsExclusive,
}

/// How a statement reaches the graph: shared with other readers, or alone (to write).
enum Access<'g> {
    Shared(&'g Graph),
    Alone(&'g mut Graph),
}

/// A statement that outgrows memory, runs out of time or is interrupted is at fault as a
/// whole: the error points at it.
fn place(statement: &syntax::ast::Statement, e: Error) -> Error {
    match e.kind {
        ErrorKind::Resource => e.or_span(statement.span),
        ErrorKind::Timeout | ErrorKind::Interrupted => Error {
            span: Some(statement.span),
            ..e
        },
        _ => e,
    }
}

/// The plan of an EXPLAINed or PROFILEd statement described before it runs: the estimates
/// come from the graph the planner saw.
fn describe<'p>(
    statement: &syntax::ast::Statement,
    plan: &'p Plan,
    graph: &Graph,
    source: &str,
) -> Option<Described<'p>> {
    (statement.mode != Mode::Run).then(|| crate::plan::explain::describe(plan, graph, source))
}

/// Run a plan's stages, stopping when `cancel` fires; under PROFILE, measure each operator
/// and update. A plan that writes needs the graph alone.
fn execute(
    mut graph: Access,
    plan: &Plan,
    cancel: Cancel,
    profile: Option<&exec::Profile>,
) -> Result<QueryResult> {
    let mut stats = Stats::default();
    let mut all_rows: Vec<Row> = Vec::new();
    let mut seen: std::collections::HashSet<Vec<exec::ops::GroupKey>> =
        std::collections::HashSet::new();
    // UNION (not UNION ALL) removes duplicate rows across all the queries.
    let distinct = plan.union_all.iter().any(|all| !all);
    for query in &plan.queries {
        let start = vec![Vec::new()];
        let (rows, _held) = match &mut graph {
            Access::Alone(graph) => {
                exec::stages::run_query(query, start, graph, cancel, profile, &mut stats)?
            }
            Access::Shared(graph) => exec::stages::run_reads(query, start, graph, cancel, profile)?,
        };
        if query.columns.is_empty() {
            continue;
        }
        let width = query.columns.len();
        for mut row in rows {
            cancel.tick()?;
            row.resize(width, Value::Null);
            if distinct {
                let key: Vec<exec::ops::GroupKey> =
                    row.iter().map(exec::ops::GroupKey::new).collect();
                if !seen.insert(key) {
                    continue;
                }
            }
            all_rows.push(row);
        }
    }
    Ok(QueryResult {
        columns: plan.columns.clone(),
        rows: all_rows,
        stats,
        warnings: vec![],
        plan: None,
    })
}

/// Run a plan that does not write, on a graph others may be reading too, and finish its
/// result (under PROFILE, with what each operator did).
fn run_read(
    graph: &Graph,
    params: &HashMap<String, Value>,
    statement: &syntax::ast::Statement,
    plan: &Plan,
    warnings: Vec<Warning>,
    described: Option<Described>,
    cancel: Cancel,
) -> Result<QueryResult> {
    let profile = (statement.mode == Mode::Profile).then(exec::Profile::new);
    let profile = profile.as_ref();
    let result =
        execute(Access::Shared(graph), plan, cancel, profile).map_err(|e| place(statement, e))?;
    Ok(finish(
        graph, params, statement, plan, result, warnings, described, profile, cancel,
    ))
}

/// A statement's result with its warnings (and, for a read that found nothing, the values
/// close to what it asked for) and, under PROFILE, its plan with what each operator did.
#[allow(clippy::too_many_arguments)]
fn finish(
    graph: &Graph,
    params: &HashMap<String, Value>,
    statement: &syntax::ast::Statement,
    plan: &Plan,
    mut result: QueryResult,
    warnings: Vec<Warning>,
    described: Option<Described>,
    profile: Option<&exec::Profile>,
    cancel: Cancel,
) -> QueryResult {
    result.warnings = warnings;
    if result.rows.is_empty() && !result.columns.is_empty() && !plan.writes {
        let more = crate::plan::did_you_mean::warnings(statement, graph, params, cancel);
        result.warnings.extend(more);
    }
    if let (Some(described), Some(profile)) = (described, profile) {
        profile.set_result_rows(result.rows.len());
        result.plan = Some(described.finish(Some(profile)));
    }
    result
}

/// What EXPLAIN gives: the plan, and nothing run.
fn explained(warnings: Vec<Warning>, described: Option<Described>) -> QueryResult {
    QueryResult {
        warnings,
        plan: described.map(|d| d.finish(None)),
        ..QueryResult::default()
    }
}

/// The stack for planning and running a statement of `len` bytes: operators chained one into
/// the next recurse once each when a plan is described or run, and a statement can chain one
/// operator per `OPERATOR_BYTES` bytes (`()--()--()...`), each level taking at most
/// `STACK_PER_OPERATOR` bytes of stack (measured on debug builds, whose frames are largest).
/// Only the pages a statement touches are used.
fn stack_for(len: usize) -> usize {
    const BASE: usize = 64 << 20;
    const OPERATOR_BYTES: usize = 2;
    const STACK_PER_OPERATOR: usize = 16 << 10;
    /// Beyond this the system may refuse the thread; a release build's frames are a tenth of
    /// a debug build's, so this still covers chains of several hundred thousand operators.
    const MOST: usize = 1 << 30;
    const _: () = assert!(
        BASE >= syntax::PARSER_STACK,
        "the parser runs on this stack"
    );
    BASE.saturating_add(len / OPERATOR_BYTES * STACK_PER_OPERATOR)
        .min(MOST)
}

/// Run `f` on a thread with a stack of `stack` bytes (or, when the system will not give that
/// much, of the 64 MiB any statement gets): parsing and evaluation recurse over the query's
/// nesting, which the parser bounds, but a bound deep enough for real queries needs more than
/// a default main-thread stack on some platforms; and see `stack_for`.
///
/// A statement whose stack fits `WORKER_STACK` runs on a thread kept for the purpose (one per
/// calling thread, started on first use), so that a short statement does not pay for starting
/// and unmapping a thread; a longer one gets a thread of its own.
fn run_deep<T: Send>(stack: usize, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    if stack <= WORKER_STACK {
        if let Some(_here) = statement_thread::enter() {
            return f();
        }
        return worker::run(f);
    }
    // The threads that share a statement's scans have the kept thread's stack: a statement
    // that needs more runs on its own thread alone.
    run_on_new_thread(stack, move || {
        let _alone = exec::morsel::serial();
        f()
    })
}

/// The stack of the kept statement thread: the stack `stack_for` gives statements of up to
/// 4 KiB. Only the pages a statement touches are used.
const WORKER_STACK: usize = 96 << 20;

/// Runs `f` on a new thread with the stack of the kept statement thread, on which statements
/// run directly instead of being handed to another thread: what a program that runs many
/// short statements one after another (a shell, a script) does with its main loop, since
/// handing a statement to a sleeping thread and waiting for it costs more than a short
/// statement itself. When no thread can be started, `f` runs here.
pub fn on_statement_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let take = || slot.lock().ok().and_then(|mut f| f.take());
    let ran = std::thread::scope(|s| {
        let thread = std::thread::Builder::new()
            .name("relq-main".into())
            .stack_size(WORKER_STACK)
            .spawn_scoped(s, || {
                statement_thread::mark();
                take().map(|f| f())
            })
            .ok()?;
        match thread.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match ran {
        Some(result) => result,
        None => take().map(|f| f()).expect("the closure has not run"),
    }
}

mod statement_thread {
    //! Threads started by `on_statement_thread`: a statement runs on them directly, one at a
    //! time (a statement that runs another, such as a script loaded by one, hands that one
    //! to the kept statement thread as any other thread does, since its own frames are on the
    //! stack already).
    use std::cell::Cell;

    thread_local! {
        /// This thread has the statement stack and no statement is running on it.
        static FREE: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn mark() {
        FREE.with(|f| f.set(true));
    }

    /// While the guard lives, a statement runs on this thread.
    pub(super) struct Running;

    impl Drop for Running {
        fn drop(&mut self) {
            FREE.with(|f| f.set(true));
        }
    }

    /// A guard when a statement may run here directly.
    pub(super) fn enter() -> Option<Running> {
        FREE.with(|f| f.replace(false)).then_some(Running)
    }
}

mod worker {
    //! The kept statement thread of each calling thread (see `run_deep`).
    use super::{run_on_new_thread, WORKER_STACK};
    use crate::diagnostic::{Error, ErrorKind, Result};
    use std::cell::RefCell;
    use std::sync::mpsc;

    type Job = Box<dyn FnOnce() + Send + 'static>;

    struct Worker {
        jobs: mpsc::Sender<Job>,
        done: mpsc::Receiver<()>,
    }

    thread_local! {
        static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    }

    fn start() -> Option<Worker> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (finished, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("relq-statement".into())
            .stack_size(WORKER_STACK)
            .spawn(move || {
                while let Ok(job) = recv_soon(&inbox) {
                    // A panic is caught here, so that the job is over (and dropped) before
                    // its caller hears that it is: see the safety argument in `run`.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    if finished.send(()).is_err() {
                        break;
                    }
                }
            })
            .ok()?;
        Some(Worker { jobs, done })
    }

    /// How long a wait for the statement thread (or for its next statement) spins before it
    /// sleeps: a short statement, or the next statement of a script, comes sooner than a
    /// sleeping thread can be woken.
    const SPIN: std::time::Duration = std::time::Duration::from_micros(50);

    /// The next message, spinning for `SPIN` before sleeping until it comes.
    fn recv_soon<T>(rx: &mpsc::Receiver<T>) -> Result<T, mpsc::RecvError> {
        let started = std::time::Instant::now();
        loop {
            match rx.try_recv() {
                Ok(v) => return Ok(v),
                Err(mpsc::TryRecvError::Disconnected) => return Err(mpsc::RecvError),
                Err(mpsc::TryRecvError::Empty) if started.elapsed() < SPIN => {
                    std::hint::spin_loop();
                }
                Err(mpsc::TryRecvError::Empty) => return rx.recv(),
            }
        }
    }

    /// Runs `f` on this thread's kept statement thread and waits for it.
    pub(super) fn run<T: Send>(f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
        let mut out: Option<Result<T>> = None;
        let mut f = Some(f);
        let ran = {
            let (slot, f) = (&mut out, &mut f);
            let job: Box<dyn FnOnce() + Send + '_> = Box::new(move || {
                if let Some(f) = f.take() {
                    *slot = Some(f());
                }
            });
            // SAFETY: only the lifetime changes. The job borrows `out` and `f`, which live
            // until this function returns, and this function does not return before the
            // worker has run the job and dropped it: the worker sends on `done` only after
            // the job's call (panics caught) has ended, and when `done` reports the worker
            // gone instead, the worker's loop (and with it the job) has ended as well. When
            // the job cannot be sent, `send` gives it back and it is dropped here.
            let job: Job =
                unsafe { std::mem::transmute::<Box<dyn FnOnce() + Send + '_>, Job>(job) };
            WORKER.with(|w| {
                let mut w = w.borrow_mut();
                if w.is_none() {
                    *w = start();
                }
                let Some(worker) = w.as_ref() else {
                    return false;
                };
                if worker.jobs.send(job).is_err() {
                    *w = None;
                    return false;
                }
                if recv_soon(&worker.done).is_err() {
                    *w = None;
                }
                true
            })
        };
        match (out, f) {
            (Some(result), _) => result,
            // The worker could not be started or had gone: a thread of its own.
            (None, Some(f)) if !ran => run_on_new_thread(WORKER_STACK, f),
            _ => Err(Error::new(
                ErrorKind::Resource,
                "the statement failed unexpectedly",
            )),
        }
    }
}

fn run_on_new_thread<T: Send>(stack: usize, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let f = std::sync::Mutex::new(Some(f));
    let take = || f.lock().ok().and_then(|mut f| f.take());
    std::thread::scope(|s| {
        let spawn = |size: usize| {
            std::thread::Builder::new()
                .stack_size(size)
                .spawn_scoped(s, || match take() {
                    Some(f) => f(),
                    None => Err(Error::new(
                        ErrorKind::Resource,
                        "the statement failed unexpectedly",
                    )),
                })
        };
        spawn(stack)
            .or_else(|_| spawn(stack.min(64 << 20)))
            .map_err(|e| {
                Error::new(
                    ErrorKind::Resource,
                    format!("cannot start a worker thread: {e}"),
                )
            })?
            .join()
            .unwrap_or_else(|_| {
                Err(Error::new(
                    ErrorKind::Resource,
                    "the statement failed unexpectedly",
                ))
            })
    })
}

/// Where a plan runs `CALL { } IN TRANSACTIONS`, if it does.
fn batched_span(plan: &Plan) -> Option<crate::diagnostic::Span> {
    plan.queries
        .iter()
        .flat_map(|q| &q.stages)
        .find_map(|s| match s {
            crate::ir::Stage::Call(call) => call.transactions.as_ref().map(|t| t.span),
            _ => None,
        })
}
