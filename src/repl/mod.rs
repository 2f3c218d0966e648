//! The interactive shell: a line editor (rustyline) with history, completion, highlighting
//! and multi-line statements in front of a `Session`, and Ctrl-C that stops a running
//! statement. This module and `main.rs` are the only parts of relq that talk to the
//! terminal; nothing here parses or runs Cypher itself (the `Database` does).

mod commands;
mod evidence;
mod helper;
mod lex;
mod session;

pub use evidence::disputes_statement;
pub use session::{footer, Display, Expanded, Flow, Io, Session};

use crate::output::Format;
use crate::Database;
use helper::ReplHelper;
use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::Editor;
use std::cell::RefCell;
use std::io::{self, BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::str::FromStr;
use std::sync::atomic::Ordering;

/// Where the input history is kept between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum History {
    /// `$XDG_STATE_HOME/relq/history` (by default `~/.local/state/relq/history`).
    #[default]
    Default,
    /// This file.
    File(PathBuf),
    /// Nowhere: nothing is read or written.
    Off,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl FromStr for ColorChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<ColorChoice, String> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(ColorChoice::Auto),
            "always" => Ok(ColorChoice::Always),
            "never" => Ok(ColorChoice::Never),
            _ => Err(format!(
                "unknown colour choice '{s}' (expected auto, always or never)"
            )),
        }
    }
}

/// How the shell starts.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub history: History,
    pub color: ColorChoice,
    pub format: Format,
    /// Show timings even when standard output is not a terminal.
    pub timing: bool,
}

/// The default history file: `$XDG_STATE_HOME/relq/history`, else
/// `$HOME/.local/state/relq/history`; `None` when neither variable is usable.
pub fn default_history_path() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(state) = std::env::var_os("XDG_STATE_HOME").and_then(absolute) {
        return Some(state.join("relq").join("history"));
    }
    let home = std::env::var_os("HOME").and_then(absolute)?;
    Some(
        home.join(".local")
            .join("state")
            .join("relq")
            .join("history"),
    )
}

/// Whether to colour, given the choice and whether standard output is a terminal.
pub fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Run the shell on standard input until `:quit`, Ctrl-D or the end of the input. When
/// standard output is not a terminal there is no banner, prompt, colour or truncation.
pub fn run(db: Database, options: Options) {
    let interactive = io::stdout().is_terminal();
    let color = use_color(options.color, interactive);
    let io = Io {
        display: Display::new(options.format, interactive, options.timing),
        color,
        interactive,
        term: Box::new(io::stdout()),
        err: Box::new(io::stderr()),
        output: None,
        width: 80,
    };
    let mut session = Session::new(db, io);
    // While a statement runs the terminal is in its normal mode and Ctrl-C sends SIGINT:
    // the handler asks the executor to stop. (While a line is edited, Ctrl-C is a key.)
    let flag = session.interrupt.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));

    if interactive && io::stdin().is_terminal() {
        editor_loop(&mut session, &options);
    } else {
        plain_loop(&mut session);
    }
    if let Err(e) = session.set_output(None) {
        session.io.error(&format!("error: {e}"));
    }
}

/// Add a line to the statement typed so far; the text to run when it is ready (a command
/// line, or a complete statement).
fn accept(pending: &mut String, line: &str) -> Option<String> {
    if pending.is_empty() && line.trim().is_empty() {
        return None;
    }
    pending.push_str(line);
    pending.push('\n');
    if pending.trim_start().starts_with(':') || crate::syntax::is_complete(pending) {
        Some(std::mem::take(pending))
    } else {
        None
    }
}

/// Lines from standard input without editing, prompt or banner.
fn plain_loop(session: &mut Session) {
    let mut pending = String::new();
    for line in io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if let Some(text) = accept(&mut pending, &line) {
            if session.run_text(&text, "input") == Flow::Quit {
                return;
            }
        }
    }
    if !pending.trim().is_empty() {
        session.run_text(&pending, "input");
    }
}

fn banner(session: &Session) -> String {
    let g = &session.db.graph;
    format!(
        "relq {} ({} nodes, {} relationships): :help for help, :schema for the graph; \
         try MATCH (a)-[:ACCUSES]->(b) RETURN a.name, b.name;",
        env!("CARGO_PKG_VERSION"),
        g.node_count(),
        g.rel_count()
    )
}

/// The line editor in front of the session.
fn editor_loop(session: &mut Session, options: &Options) {
    let color = session.io.color;
    let config = Config::builder()
        .max_history_size(10_000)
        .and_then(|b| b.history_ignore_dups(true))
        .map(|b| {
            b.history_ignore_space(true)
                .auto_add_history(false)
                .completion_type(CompletionType::List)
                .color_mode(if color {
                    ColorMode::Forced
                } else {
                    ColorMode::Disabled
                })
                .build()
        })
        .unwrap_or_default();
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            session.io.error(&format!(
                "error: no line editing ({e}); reading plain lines"
            ));
            return plain_loop(session);
        }
    };
    let pending = Rc::new(RefCell::new(String::new()));
    editor.set_helper(Some(ReplHelper::new(
        session.catalog.clone(),
        pending.clone(),
        color,
    )));

    let history_path = match &options.history {
        History::Off => None,
        History::File(p) => Some(p.clone()),
        History::Default => default_history_path(),
    };
    if let Some(path) = &history_path {
        if path.exists() {
            if let Err(e) = editor.load_history(path) {
                session.io.error(&format!(
                    "warning: cannot read the history file {}: {e}",
                    path.display()
                ));
            }
        }
    }
    session.history = editor.history().iter().cloned().collect();
    let mut history_failed = false;

    session.io.say(&banner(session));
    loop {
        if let Some((columns, _)) = editor.dimensions() {
            session.io.width = usize::from(columns).max(20);
        }
        let prompt = if pending.borrow().is_empty() {
            "relq> "
        } else {
            " ...> "
        };
        match editor.readline(prompt) {
            Ok(line) => {
                let ready = accept(&mut pending.borrow_mut(), &line);
                let Some(text) = ready else { continue };
                let entry = text.trim_end();
                if editor.add_history_entry(entry).unwrap_or(false) {
                    session.history.push(entry.to_string());
                    if let Some(path) = &history_path {
                        if let Err(e) = save_history(&mut editor, path) {
                            if !history_failed {
                                session.io.error(&format!(
                                    "warning: cannot write the history file {}: {e}",
                                    path.display()
                                ));
                                history_failed = true;
                            }
                        }
                    }
                }
                if session.run_text(&text, "input") == Flow::Quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => pending.borrow_mut().clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                session
                    .io
                    .error(&format!("error: cannot read the input: {e}"));
                break;
            }
        }
    }
}

/// Append the new history entries to the file, creating it (and its folder) if needed.
fn save_history(
    editor: &mut Editor<ReplHelper, DefaultHistory>,
    path: &Path,
) -> rustyline::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    editor.append_history(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_ready_when_complete() {
        let mut pending = String::new();
        assert_eq!(accept(&mut pending, "   "), None);
        assert_eq!(
            accept(&mut pending, ":schema"),
            Some(":schema\n".to_string())
        );
        assert_eq!(accept(&mut pending, "RETURN"), None);
        assert_eq!(accept(&mut pending, "1;"), Some("RETURN\n1;\n".to_string()));
        assert!(pending.is_empty());
    }

    #[test]
    fn colour_choices() {
        assert!(use_color(ColorChoice::Always, false));
        assert!(!use_color(ColorChoice::Never, true));
        assert!(!use_color(ColorChoice::Auto, false));
        assert_eq!("ALWAYS".parse::<ColorChoice>(), Ok(ColorChoice::Always));
        assert!("sometimes".parse::<ColorChoice>().is_err());
    }
}
