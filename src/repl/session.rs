//! The shell's state and what it does with a piece of input: the database, the display
//! settings, where results go, and running statements and `:` commands in order. Writes only
//! to the writers it is given (so it can be tested without a terminal); never reads input and
//! never touches the terminal's modes.

use super::commands;
use super::helper::Catalog;
use crate::output::{self, cypher_literal, table, Format, TableOptions};
use crate::{Database, ErrorKind, Graph, QueryResult};
use std::cell::RefCell;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// When a table is shown one field per line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expanded {
    On,
    Off,
    /// When the table would be wider than the terminal.
    Auto,
}

impl Expanded {
    pub fn name(self) -> &'static str {
        match self {
            Expanded::On => "on",
            Expanded::Off => "off",
            Expanded::Auto => "auto",
        }
    }
}

/// How results are shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Display {
    pub format: Format,
    /// Table and Markdown show at most this many rows (`None`: all).
    pub max_rows: Option<usize>,
    /// Cells are cut to this many columns (`None`: never).
    pub max_width: Option<usize>,
    pub expanded: Expanded,
    /// Show how long each statement took.
    pub timing: bool,
    /// Draw tables with Unicode box characters.
    pub unicode: bool,
}

impl Display {
    /// The settings for a terminal (`interactive`) or for output going to a file or pipe,
    /// which shows everything in full.
    pub fn new(format: Format, interactive: bool, timing: bool) -> Display {
        Display {
            format,
            max_rows: if interactive { Some(1000) } else { None },
            max_width: None,
            expanded: if interactive {
                Expanded::Auto
            } else {
                Expanded::Off
            },
            timing: timing || interactive,
            unicode: interactive,
        }
    }
}

/// What to do after a piece of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// Where output goes and how it looks.
pub struct Io {
    pub display: Display,
    /// Colour escape codes in messages.
    pub color: bool,
    /// Standard output is a terminal (status lines go there rather than to standard error).
    pub interactive: bool,
    /// Standard output: results (unless `output` is set), and what commands print.
    pub term: Box<dyn Write>,
    /// Standard error: errors and warnings.
    pub err: Box<dyn Write>,
    /// `:output FILE`: results go to this file instead of `term`.
    pub output: Option<(PathBuf, BufWriter<File>)>,
    /// The terminal's width in columns (for `:x auto`).
    pub width: usize,
}

impl Io {
    /// `text` in an SGR colour when colour is on.
    pub fn paint(&self, sgr: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Say something about what happened (a footer, a confirmation): on the terminal when
    /// standard output is one, else on standard error so that results stay clean.
    pub fn status(&mut self, line: &str) {
        let line = self.paint("2", line);
        let w: &mut dyn Write = if self.interactive {
            &mut self.term
        } else {
            &mut self.err
        };
        let _ = writeln!(w, "{line}");
        let _ = w.flush();
    }

    /// Print what a command was asked to show.
    pub fn say(&mut self, text: &str) {
        let _ = self.term.write_all(text.as_bytes());
        if !text.is_empty() && !text.ends_with('\n') {
            let _ = self.term.write_all(b"\n");
        }
        let _ = self.term.flush();
    }

    /// Report an error message (one line, or a rendered error).
    pub fn error(&mut self, text: &str) {
        let text = self.colour_class(text, "1;31");
        let _ = self.err.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = self.err.write_all(b"\n");
        }
        let _ = self.err.flush();
    }

    /// Report a warning (rendered).
    pub fn warning(&mut self, text: &str) {
        let text = self.colour_class(text, "1;33");
        let _ = self.err.write_all(text.as_bytes());
        let _ = self.err.flush();
    }

    /// Colour the `Class:` that starts a rendered message.
    fn colour_class(&self, text: &str, sgr: &str) -> String {
        match text.split_once(':') {
            Some((class, rest)) if self.color && !class.contains(' ') => {
                format!("{}:{rest}", self.paint(sgr, class))
            }
            _ => text.to_string(),
        }
    }

    /// Write one statement's result, then its footer line.
    fn show(
        &mut self,
        result: &QueryResult,
        graph: &Graph,
        elapsed: Duration,
        source: &str,
        origin: &str,
    ) {
        for w in &result.warnings {
            let text = crate::diagnostic::render_message(
                "warning",
                &w.message,
                Some(w.span),
                w.help.as_deref(),
                source,
                origin,
            );
            self.warning(&text);
        }
        let mut footer = footer(result, self.display.timing.then_some(elapsed));
        if let Some((path, file)) = &mut self.output {
            let options = TableOptions {
                boxed_unicode: self.display.unicode,
                ..TableOptions::default()
            };
            let written = output::write(self.display.format, result, graph, file, &options)
                .and_then(|_| file.flush());
            match written {
                Ok(()) if result.has_output() => {
                    footer = format!("{footer}, written to {}", path.display())
                }
                Ok(()) => {}
                Err(e) => {
                    let message = format!("error: cannot write to {}: {e}", path.display());
                    self.error(&message);
                }
            }
        } else if result.has_output() {
            let text = self.render(result, graph);
            let written = self
                .term
                .write_all(text.as_bytes())
                .and_then(|()| self.term.flush());
            if let Err(e) = written {
                self.error(&format!(
                    "error: cannot write the results to standard output: {e}"
                ));
            }
        }
        self.status(&footer);
    }

    /// A result as the display settings say, for the terminal.
    fn render(&self, result: &QueryResult, graph: &Graph) -> String {
        let d = &self.display;
        let options = TableOptions {
            max_rows: d.max_rows,
            max_width: d.max_width,
            boxed_unicode: d.unicode,
            footer: None,
        };
        match d.format {
            Format::Table => {
                let text = table::render_table(result, graph, &options);
                // A table's first line is as wide as its rows (a plan after them may be wider).
                let wide = text
                    .lines()
                    .next()
                    .is_some_and(|l| table::display_width(l) > self.width);
                let expand = d.expanded == Expanded::On || (d.expanded == Expanded::Auto && wide);
                if !expand || result.columns.is_empty() {
                    return text;
                }
                let mut text = render_expanded(result, graph, &options);
                if let Some(plan) = &result.plan {
                    text.push('\n');
                    text.push_str(&table::render_plan(plan, &options));
                }
                text
            }
            format => {
                let mut out = Vec::new();
                let _ = output::write(format, result, graph, &mut out, &options);
                String::from_utf8_lossy(&out).into_owned()
            }
        }
    }
}

/// `3 rows, created 1 node (0.42 ms)`: what a statement returned and changed, and its time.
pub fn footer(result: &QueryResult, elapsed: Option<Duration>) -> String {
    let mut parts = Vec::new();
    if result.plan.as_ref().is_some_and(|p| !p.profiled) {
        parts.push("plan only, not run".to_string());
    }
    if !result.columns.is_empty() {
        let n = result.rows.len();
        parts.push(format!("{n} row{}", if n == 1 { "" } else { "s" }));
    }
    if !result.stats.is_empty() {
        parts.push(result.stats.to_string());
    }
    if parts.is_empty() {
        parts.push("no changes".to_string());
    }
    let mut line = parts.join(", ");
    if let Some(elapsed) = elapsed {
        line.push_str(&format!(" ({})", duration(elapsed)));
    }
    line
}

/// `0.42 ms`, `12.3 ms`, `2.51 s`.
pub fn duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// One field per line, a header line per row (psql's expanded display).
pub fn render_expanded(result: &QueryResult, graph: &Graph, options: &TableOptions) -> String {
    let (h, v) = if options.boxed_unicode {
        ('─', '│')
    } else {
        ('-', '|')
    };
    let names: Vec<String> = result
        .columns
        .iter()
        .map(|c| table::one_line(c).into_owned())
        .collect();
    let key_width = names
        .iter()
        .map(|n| table::display_width(n))
        .max()
        .unwrap_or(0);
    let shown = options
        .max_rows
        .map_or(result.rows.len(), |m| m.min(result.rows.len()));
    let mut out = String::new();
    for (i, row) in result.rows[..shown].iter().enumerate() {
        let head = format!("{h}[ RECORD {} ]", i + 1);
        let pad = (key_width + 3)
            .saturating_sub(table::display_width(&head))
            .max(2);
        out.push_str(&head);
        out.extend(std::iter::repeat_n(h, pad));
        out.push('\n');
        for (name, value) in names.iter().zip(row) {
            let text = cypher_literal(value, graph);
            let text = match options.max_width {
                Some(max) => table::truncate(&text, max).into_owned(),
                None => text,
            };
            let gap = key_width - table::display_width(name);
            out.push_str(&format!("{name}{} {v} {text}\n", " ".repeat(gap)));
        }
    }
    if result.rows.is_empty() {
        out.push_str("(no rows)\n");
    }
    if shown < result.rows.len() {
        out.push_str(&table::more_rows_line(result.rows.len() - shown));
        out.push('\n');
    }
    out
}

/// The shell's state.
pub struct Session {
    pub db: Database,
    pub io: Io,
    /// What completion knows of the graph, refreshed after statements that change it.
    pub catalog: Rc<RefCell<Catalog>>,
    /// Set by Ctrl-C while a statement runs; cleared before and after each statement.
    pub interrupt: Arc<AtomicBool>,
    /// The entries of the input history, oldest first (for `:history`).
    pub history: Vec<String>,
    /// How deep `:source` is nested.
    depth: usize,
    /// The relationships the last result with columns mentioned, for `:why`.
    pub last_rels: Vec<crate::graph::RelId>,
}

/// How deep `:source` may nest (a script that sources itself stops there).
const MAX_DEPTH: usize = 16;

impl Session {
    pub fn new(mut db: Database, io: Io) -> Session {
        let interrupt = Arc::new(AtomicBool::new(false));
        db.set_interrupt(interrupt.clone());
        let catalog = Rc::new(RefCell::new(Catalog::of(&db)));
        Session {
            db,
            io,
            catalog,
            interrupt,
            history: Vec::new(),
            depth: 0,
            last_rels: Vec::new(),
        }
    }

    /// Refresh what completion knows of the graph and the parameters.
    pub fn refresh_catalog(&mut self) {
        *self.catalog.borrow_mut() = Catalog::of(&self.db);
    }

    /// Run a piece of input: statements and, at statement boundaries, `:` command lines, in
    /// order. Stops at the first failing statement. `origin` names the input in messages.
    pub fn run_text(&mut self, text: &str, origin: &str) -> Flow {
        let mut segment_start = 0;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let line_start = at;
            at += line.len();
            if !line.trim_start().starts_with(':') || !at_boundary(&text[segment_start..line_start])
            {
                continue;
            }
            if !self.run_segment(text, segment_start, line_start, origin) {
                return Flow::Continue;
            }
            segment_start = at;
            // A command may run statements too (:export, :load): Ctrl-C stops them, and is
            // forgotten after.
            self.interrupt.store(false, Ordering::SeqCst);
            let flow = commands::run(self, line.trim());
            self.interrupt.store(false, Ordering::SeqCst);
            if flow == Flow::Quit {
                return Flow::Quit;
            }
        }
        self.run_segment(text, segment_start, text.len(), origin);
        Flow::Continue
    }

    /// Run the statements in `text[start..end]`, messages placed in the whole `text` (the
    /// rest is blanked out, lines kept, so line numbers stay right). True if all succeeded.
    fn run_segment(&mut self, text: &str, start: usize, end: usize, origin: &str) -> bool {
        let segment = &text[start..end];
        if crate::syntax::split_statements(segment)
            .iter()
            .all(|(_, s)| s.trim().is_empty())
        {
            return true;
        }
        let mut source = String::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if (start..end).contains(&i) || c == '\n' {
                source.push(c);
            } else {
                source.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        self.run_statements(&source, origin)
    }

    /// Run a script's statements one by one, showing each result. True if all succeeded.
    pub fn run_statements(&mut self, source: &str, origin: &str) -> bool {
        self.interrupt.store(false, Ordering::SeqCst);
        let Session {
            db, io, last_rels, ..
        } = self;
        let mut started = Instant::now();
        let mut changed = false;
        let ok = db.run_script(source, false, |outcome, graph| {
            let elapsed = started.elapsed();
            match &outcome.result {
                Ok(result) => {
                    changed |= !result.stats.is_empty();
                    if !result.columns.is_empty() {
                        *last_rels = super::evidence::rels_of(result);
                    }
                    io.show(result, graph, elapsed, source, origin);
                }
                Err(e) if e.kind == ErrorKind::Interrupted => {
                    io.error(&format!(
                        "Interrupted: the statement was stopped by Ctrl-C after {}",
                        duration(elapsed)
                    ));
                }
                Err(e) => io.error(&e.render(source, origin)),
            }
            started = Instant::now();
        });
        self.interrupt.store(false, Ordering::SeqCst);
        if changed {
            self.refresh_catalog();
        }
        ok
    }

    /// Run a script file (`:source`), commands and all.
    pub fn source(&mut self, path: &str) -> Flow {
        if self.depth >= MAX_DEPTH {
            self.io.error(&format!(
                "error: :source nested more than {MAX_DEPTH} deep; not running {path}"
            ));
            return Flow::Continue;
        }
        let text = match crate::input::read_to_string(std::path::Path::new(path)) {
            Ok(t) => t,
            Err(e) => {
                self.io.error(&format!("error: cannot read {path}: {e}"));
                return Flow::Continue;
            }
        };
        self.depth += 1;
        let flow = self.run_text(&text, path);
        self.depth -= 1;
        flow
    }

    /// Send results to a file, or back to the terminal. The error names the file that could
    /// not be written: the one being closed, or the new one.
    pub fn set_output(&mut self, path: Option<&str>) -> Result<(), String> {
        if let Some((old, mut file)) = self.io.output.take() {
            file.flush()
                .map_err(|e| format!("cannot write to {}: {e}", old.display()))?;
        }
        if let Some(path) = path {
            let file = File::create(path).map_err(|e| format!("cannot write to {path}: {e}"))?;
            self.io.output = Some((PathBuf::from(path), BufWriter::new(file)));
        }
        Ok(())
    }
}

/// True when no statement is under way in `pending`: it is empty, only comments, or ends a
/// complete statement.
pub fn at_boundary(pending: &str) -> bool {
    pending.trim().is_empty()
        || crate::syntax::is_complete(pending)
        || crate::syntax::split_statements(pending)
            .iter()
            .all(|(_, s)| s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;
    use std::io;

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn take(&self) -> String {
            String::from_utf8(std::mem::take(&mut *self.0.borrow_mut())).unwrap()
        }
    }

    fn session(db: Database) -> (Session, Shared, Shared) {
        let (out, err) = (Shared::default(), Shared::default());
        let io = Io {
            display: Display::new(Format::Table, true, false),
            color: false,
            interactive: true,
            term: Box::new(out.clone()),
            err: Box::new(err.clone()),
            output: None,
            width: 80,
        };
        (Session::new(db, io), out, err)
    }

    fn result(columns: &[&str], rows: Vec<Vec<Value>>) -> QueryResult {
        QueryResult {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            ..QueryResult::default()
        }
    }

    #[test]
    fn footers_count_rows_and_changes() {
        let r = result(&["x"], vec![vec![Value::Int(1)], vec![Value::Int(2)]]);
        assert_eq!(
            footer(&r, Some(Duration::from_micros(420))),
            "2 rows (0.42 ms)"
        );
        assert_eq!(
            footer(&result(&["x"], vec![vec![Value::Null]]), None),
            "1 row"
        );
        let mut w = QueryResult::default();
        w.stats.nodes_created = 1;
        w.stats.props_set = 2;
        assert_eq!(footer(&w, None), "created 1 node, set 2 properties");
        assert_eq!(footer(&QueryResult::default(), None), "no changes");
        assert_eq!(duration(Duration::from_millis(25)), "25.0 ms");
        assert_eq!(duration(Duration::from_millis(2500)), "2.50 s");
    }

    #[test]
    fn expanded_display_shows_one_field_per_line() {
        let graph = Graph::new();
        let r = result(
            &["a", "long name"],
            vec![
                vec![Value::Int(1), Value::str("x")],
                vec![Value::Null, Value::str("abcdefgh")],
            ],
        );
        let options = TableOptions {
            max_rows: Some(1),
            max_width: None,
            boxed_unicode: false,
            footer: None,
        };
        assert_eq!(
            render_expanded(&r, &graph, &options),
            "-[ RECORD 1 ]--\na         | 1\nlong name | \"x\"\n(1 more row not shown)\n"
        );
        let options = TableOptions {
            max_width: Some(4),
            boxed_unicode: true,
            ..TableOptions::default()
        };
        let text = render_expanded(&r, &graph, &options);
        assert!(text.contains("─[ RECORD 2 ]"), "{text}");
        assert!(text.contains("long name │ \"ab…"), "{text}");
    }

    #[test]
    fn auto_expands_tables_wider_than_the_terminal() {
        let (mut s, _, _) = session(Database::new());
        let graph = Graph::new();
        let r = result(&["wide"], vec![vec![Value::str(&"w".repeat(100))]]);
        assert!(s.io.render(&r, &graph).starts_with("─[ RECORD 1 ]"));
        s.io.width = 200;
        assert!(s.io.render(&r, &graph).starts_with("┌"));
        s.io.display.expanded = Expanded::On;
        assert!(s.io.render(&r, &graph).starts_with("─[ RECORD 1 ]"));
    }

    #[test]
    fn plans_follow_the_rows_expanded_or_not() {
        let (mut s, out, _) = session(Database::with_seed());
        s.run_text("EXPLAIN MATCH (a:Person) RETURN a.name;\n", "input");
        let text = out.take();
        assert!(text.starts_with("┌──"), "{text}");
        assert!(
            text.contains("│ +NodeByLabelScan │  2 │ a:Person │"),
            "{text}"
        );
        assert!(text.contains("plan only, not run"), "{text}");
        s.io.display.expanded = Expanded::On;
        s.run_text("EXPLAIN MATCH (a:Person) RETURN a.name;\n", "input");
        assert!(out.take().starts_with("┌──"));
        s.run_text("PROFILE MATCH (a:Person) RETURN a.name LIMIT 1;\n", "input");
        let text = out.take();
        assert!(text.starts_with("─[ RECORD 1 ]"), "{text}");
        assert!(text.contains("│ Operator "), "{text}");
        assert!(
            text.contains("Total: 4 operators, estimated rows 10, rows 4, time "),
            "{text}"
        );
        assert!(text.contains("1 row"), "{text}");
    }

    #[test]
    fn commands_change_the_settings() {
        let (mut s, out, err) = session(Database::new());
        assert_eq!(
            s.run_text(
                ":format csv\n:max_rows 0\n:max_width 12\n:x off\n:timing off\n",
                "input"
            ),
            Flow::Continue
        );
        assert_eq!(s.io.display.format, Format::Csv);
        assert_eq!(s.io.display.max_rows, None);
        assert_eq!(s.io.display.max_width, Some(12));
        assert_eq!(s.io.display.expanded, Expanded::Off);
        assert!(!s.io.display.timing);
        assert_eq!(err.take(), "");
        assert!(out.take().contains("format: csv"));
        s.run_text(":format xml", "input");
        assert!(err.take().contains("unknown output format 'xml'"));
        s.run_text(":max_rows many", "input");
        assert!(err.take().contains("expects a whole number"));
        s.run_text(":timeout 2.5\n:timeout\n", "input");
        assert_eq!(s.db.timeout(), Some(Duration::from_millis(2500)));
        assert_eq!(out.take(), "timeout: 2.5 s\ntimeout: 2.5 s\n");
        s.run_text(":timeout soon", "input");
        assert!(err.take().contains("expected a time limit"));
        assert_eq!(s.db.timeout(), Some(Duration::from_millis(2500)));
        s.run_text(":timeout off", "input");
        assert_eq!(s.db.timeout(), None);
        assert_eq!(out.take(), "timeout: off\n");
        s.run_text(":memory 64M\n:memory\n", "input");
        assert_eq!(s.db.memory_limit(), Some(64 << 20));
        let shown = out.take();
        assert!(
            shown.starts_with("memory: 64 MiB (a statement may hold "),
            "{shown}"
        );
        assert_eq!(shown.lines().count(), 2, "{shown}");
        s.run_text(
            "UNWIND range(1, 1000) AS i RETURN range(1, 1000000) AS l;",
            "input",
        );
        assert!(err.take().contains("ResourceError"));
        s.run_text(":memory lots", "input");
        assert!(err.take().contains("expected a memory size"));
        assert_eq!(s.db.memory_limit(), Some(64 << 20));
        s.run_text(":memory off", "input");
        assert_eq!(s.db.memory_limit(), None);
        assert!(out.take().starts_with("memory: off (a statement may hold "));
        assert_eq!(s.run_text(":exit", "input"), Flow::Quit);
    }

    #[test]
    fn ctrl_c_during_a_command_is_forgotten_after_it() {
        let (mut s, out, err) = session(Database::with_seed());
        // As if Ctrl-C came while a command ran a statement of its own.
        s.interrupt.store(true, Ordering::SeqCst);
        s.run_text(":params\n", "input");
        assert!(!s.interrupt.load(Ordering::SeqCst));
        s.interrupt.store(true, Ordering::SeqCst);
        s.run_text("MATCH (a:Actor) RETURN count(a) AS n;\n", "input");
        assert_eq!(err.take(), "");
        assert!(out.take().contains("1 row"));
    }

    #[test]
    fn unknown_commands_get_the_nearest_name() {
        let (mut s, _, err) = session(Database::new());
        s.run_text(":shcema", "input");
        assert_eq!(
            err.take(),
            "error: unknown command ':shcema'; did you mean :schema?\n"
        );
        s.run_text(":frobnicate", "input");
        assert!(err.take().contains(":help lists the commands"));
    }

    #[test]
    fn help_covers_every_command_and_clause() {
        let overview = commands::help("");
        for c in commands::COMMANDS {
            assert!(overview.contains(c.usage), "{}", c.name);
            let text = commands::help(c.name);
            assert!(text.contains("Example:"), "{}", c.name);
            assert_eq!(text, commands::help(&format!(":{}", c.name)));
        }
        for c in commands::CLAUSES {
            assert!(overview.contains(c.name));
            assert!(commands::help(&c.name.to_lowercase()).contains(c.example));
        }
        assert!(commands::help("order  by").starts_with("ORDER BY"));
        assert!(commands::help("MACTH").contains("did you mean MATCH?"));
    }

    #[test]
    fn history_and_params_list_themselves() {
        let (mut s, out, _) = session(Database::new());
        s.run_text(":history\n:params\n", "input");
        assert_eq!(out.take(), "(no history)\n(no parameters)\n");
        s.history = vec!["RETURN 1;".into(), "MATCH (n)\nRETURN n;".into()];
        s.run_text(":history", "input");
        assert_eq!(out.take(), "1  RETURN 1;\n2  MATCH (n)\n   RETURN n;\n");
    }

    #[test]
    fn output_goes_to_a_file_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let (mut s, out, _) = session(Database::new());
        s.set_output(Some(path.to_str().unwrap())).unwrap();
        let r = result(&["x"], vec![vec![Value::Int(7)]]);
        s.io.show(&r, &Graph::new(), Duration::ZERO, "", "input");
        s.set_output(None).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "┌───┐\n│ x │\n├───┤\n│ 7 │\n└───┘\n"
        );
        let said = out.take();
        assert!(said.starts_with("1 row ("), "{said}");
        assert!(said.contains(", written to "), "{said}");
    }

    /// A terminal that takes nothing: every write fails.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::StorageFull))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_result_the_terminal_cannot_take_is_an_error() {
        let (mut s, _, err) = session(Database::new());
        s.io.term = Box::new(Full);
        s.run_text("RETURN 1 AS one;\n", "input");
        let said = err.take();
        assert!(
            said.contains("cannot write the results to standard output"),
            "{said}"
        );
    }

    #[test]
    fn output_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("out.txt");
        let (mut s, _, err) = session(Database::new());
        s.run_text(&format!(":output {}\n", missing.display()), "input");
        let said = err.take();
        assert!(
            said.contains(&format!("cannot write to {}: ", missing.display())),
            "{said}"
        );
        if std::path::Path::new("/dev/full").exists() {
            s.run_text(":output /dev/full\nRETURN 1;\n:output\n", "input");
            let said = err.take();
            let failures: Vec<&str> = said
                .lines()
                .filter(|l| l.contains("cannot write to"))
                .collect();
            // The result's write and the closing flush both fail, and both say where.
            assert!(failures.len() >= 2, "{said}");
            assert!(failures.iter().all(|l| l.contains("/dev/full: ")), "{said}");
        } else {
            eprintln!("skipped the /dev/full case: this system has no /dev/full");
        }
    }

    #[test]
    fn export_writes_a_query_subgraph() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("acc.json");
        let (mut s, out, err) = session(Database::with_seed());
        let line = format!(
            ":export json {} MATCH (a)-[r:ACCUSES]->(b:Actor {{name: 'Russia'}}) RETURN a, r, b\n",
            file.display()
        );
        assert_eq!(s.run_text(&line, "input"), Flow::Continue);
        let said = format!("{}{}", out.take(), err.take());
        assert!(said.contains("wrote 6 nodes, 6 relationships to"), "{said}");
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["links"].as_array().unwrap().len(), 6);
        // induced, and an error in the query shows its caret
        let line = format!(
            ":export dot {} induced MATCH (n:Country) RETURN n\n",
            dir.path().join("c.dot").display()
        );
        s.run_text(&line, "input");
        let said = format!("{}{}", out.take(), err.take());
        assert!(said.contains("wrote 4 nodes, 9 relationships"), "{said}");
        s.run_text(":export dot x.dot MATCH (n) RETRUN n\n", "input");
        let said = format!("{}{}", out.take(), err.take());
        assert!(
            said.contains("SyntaxError") && said.contains("^^^^^^"),
            "{said}"
        );
    }

    #[test]
    fn save_and_open_a_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("g.relq");
        let (mut s, out, err) = session(Database::with_seed());
        s.run_text("CREATE (:Actor {name: 'France'});\n", "input");
        s.run_text(&format!(":save {}\n", file.display()), "input");
        let said = format!("{}{}", out.take(), err.take());
        assert!(said.contains("saved 12 nodes, 19 relationships"), "{said}");
        let (mut t, out, err) = session(Database::new());
        t.run_text(&format!(":open {}\n", file.display()), "input");
        let said = format!("{}{}", out.take(), err.take());
        assert!(
            said.contains("opened") && said.contains("12 nodes, 19 relationships"),
            "{said}"
        );
        assert_eq!(t.db.graph.node_count(), 12);
        t.run_text(":open no-such-file.relq\n", "input");
        assert!(err.take().contains("LoadError"));
        assert_eq!(t.db.graph.node_count(), 12);
    }

    #[test]
    fn every_example_runs_on_the_seed_graph() {
        for c in commands::CLAUSES {
            let mut db = Database::with_seed();
            if let Err(e) = db.query(c.example) {
                panic!("{}", e.render(c.example, c.name));
            }
        }
        let runnable = commands::COMMANDS
            .iter()
            .filter(|c| c.arg != commands::Arg::File && !matches!(c.name, "quit" | "exit"));
        for c in runnable {
            let (mut s, out, err) = session(Database::with_seed());
            assert_eq!(
                s.run_text(&format!("{}\n", c.example), "example"),
                Flow::Continue
            );
            assert_eq!(err.take(), "", "{}", c.name);
            assert!(!out.take().is_empty(), "{}", c.name);
        }
    }
}
