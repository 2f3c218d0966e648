//! The parser: statement splitting, statement parsing and the completeness check the shell uses.
//! Any text must give a statement or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = relq::syntax::is_complete(text);
    for (offset, stmt) in relq::syntax::split_statements(text) {
        let _ = relq::syntax::parse_statement(stmt, offset);
    }
    let _ = relq::syntax::parse_expression(text);
});
