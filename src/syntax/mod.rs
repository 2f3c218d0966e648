//! Syntax stage: text to AST with spans (pest). Uses only `diagnostic` and its own `ast`; it
//! must not use the graph, the planner or the executor.
//!
//! - [`parse_statement`] parses one statement (a query or a UNION of queries);
//! - [`parse_expression`] parses a text that must be a single expression;
//! - [`split_statements`] cuts a script into statements at top-level `;`;
//! - [`is_complete`] tells a REPL whether the input typed so far can be run.

pub mod ast;
mod parser;
mod split;

use crate::diagnostic::Result;

/// Parse one statement. `offset` is where `text` starts in the whole source, so that spans
/// (and the line:column of errors) refer to the whole source. A trailing `;` is allowed.
pub fn parse_statement(text: &str, offset: usize) -> Result<ast::Statement> {
    parser::statement(text, offset)
}

/// `parse_statement` on the calling thread, which must have at least `PARSER_STACK` bytes of
/// stack left (a statement thread: see `database::stack_for`); `parse_statement` starts a
/// thread of its own for the parser.
pub fn parse_statement_here(text: &str, offset: usize) -> Result<ast::Statement> {
    parser::statement_here(text, offset)
}

/// `parse_expression` on the calling thread (see `parse_statement_here`).
pub fn parse_expression_here(text: &str) -> Result<ast::Expr> {
    parser::expression_here(text)
}

/// The stack the parser needs: a thread that parses in place must have this much.
pub const PARSER_STACK: usize = parser::PARSER_STACK;

/// Parse a text that must be exactly one expression (used for `--param` values).
pub fn parse_expression(text: &str) -> Result<ast::Expr> {
    parser::expression(text)
}

/// Split a script into statements at top-level `;` (not inside `'...'` or `"..."` strings,
/// backtick-quoted names, `//` and `/* */` comments, or brackets). Returns each statement's
/// byte offset and text (without the `;` and surrounding whitespace); statements that are
/// empty or only comments are left out.
pub fn split_statements(script: &str) -> Vec<(usize, &str)> {
    split::split_statements(script)
}

/// For a REPL: true when brackets, quotes and comments are balanced and the input (ignoring
/// trailing whitespace and comments) ends with `;`.
pub fn is_complete(input: &str) -> bool {
    split::is_complete(input)
}
