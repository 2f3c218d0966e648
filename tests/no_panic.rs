//! No input crashes relq: random statements, built from the language's own tokens and from
//! arbitrary text, go through parsing, planning and execution on the seed graph, and each
//! ends in a result or an error, never a panic.

use proptest::prelude::*;
use relq::Database;

const TOKENS: &[&str] = &[
    "EXPLAIN",
    "PROFILE",
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "AS",
    "ORDER BY",
    "DESC",
    "SKIP",
    "LIMIT",
    "DISTINCT",
    "CREATE",
    "MERGE",
    "SET",
    "REMOVE",
    "DELETE",
    "DETACH DELETE",
    "UNION",
    "UNION ALL",
    "ON CREATE SET",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "-",
    "->",
    "<-",
    "--",
    ":",
    ",",
    ".",
    "*",
    "*1..3",
    "|",
    "=",
    "<>",
    "<",
    ">=",
    "+",
    "/",
    "%",
    "^",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IS NULL",
    "IN",
    "STARTS WITH",
    "CONTAINS",
    "=~",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "a",
    "b",
    "r",
    "p",
    "x",
    "n",
    ":Actor",
    ":Country",
    ":ACCUSES",
    ":DENIES",
    "name",
    "a.name",
    "r.quote",
    "'Russia'",
    "'x'",
    "0",
    "1",
    "-1",
    "2.5",
    "null",
    "true",
    "[1, 2]",
    "{k: 1}",
    "count(*)",
    "count(a)",
    "collect(a)",
    "size(",
    "range(1, 3)",
    "toUpper(",
    "labels(a)",
    "type(r)",
    "nodes(p)",
    "shortestPath(",
    "p =",
    "$p",
    "x IN",
    "all(",
    "coalesce(",
    "head(",
    "date(",
    "datetime(",
    "duration(",
    "date.truncate('month',",
    "duration.between(",
    "'2020-11-14'",
    "'P1DT2H'",
    "{year: 2020, week: 53}",
    ".year",
    ";",
];

thread_local! {
    // One seed graph per test thread: statements may change it, which only widens the inputs.
    static DB: std::cell::RefCell<Database> = std::cell::RefCell::new(Database::with_seed());
}

fn run_shared(text: &str) {
    DB.with(|db| run(&mut db.borrow_mut(), text));
}

fn run(db: &mut Database, text: &str) {
    // Any outcome is fine; only a panic (or a hang, caught by the test's time) is a failure.
    let _ = db.run_script(text, true, |_, _| {});
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(prop::sample::select(TOKENS), 1..24)) {
        run_shared(&tokens.join(" "));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,80}") {
        run_shared(&text);
    }
}

#[test]
fn well_formed_but_odd_statements_never_panic() {
    let mut db = Database::with_seed();
    for q in [
        "MATCH (a)-[r*0..2]-(b) RETURN count(*)",
        "MATCH p = (a)-[*0..1]-(a) RETURN count(p)",
        "MATCH (a) WITH a SKIP 3 LIMIT 2 RETURN a",
        "UNWIND [null, 1, 'a', [], {}] AS v RETURN v ORDER BY v",
        "MATCH (a), (b) WHERE id(a) < id(b) MERGE (a)-[:T]->(b) RETURN count(*)",
        "MATCH (a)-[r]->(b) DELETE r WITH a MATCH (a)-[s]->() RETURN count(s)",
        "MATCH (a) DETACH DELETE a WITH a RETURN a.name",
        "RETURN [x IN range(1, 3) | [y IN range(1, x) | y * x]] AS tri",
        "RETURN 9223372036854775807 * 2",
        "RETURN -9223372036854775808 / -1",
        "RETURN abs(-9223372036854775808)",
        "RETURN toInteger('9999999999999999999999')",
        "RETURN substring('héllo', 1, 100), left('é', 5)",
        "RETURN [1, 2, 3][9223372036854775807], [1][-9223372036854775808]",
        "RETURN range(9223372036854775800, 9223372036854775807, 3)",
        "RETURN 'x' =~ '(a|b)*c{1000000000}'",
        "RETURN date('2020-01-01') + duration({months: 9223372036854775807})",
        "RETURN date('2020-01-01') - duration({months: 9223372036854775807, days: 9223372036854775807})",
        "RETURN localdatetime('2020-01-01T00:00') + duration({months: -9223372036854775808})",
        "RETURN datetime('2020-01-01T00:00[Europe/Berlin]') + duration({months: 9223372036854775807})",
        "RETURN date({year: 9999, month: 12, day: 31}) + duration({days: 1})",
        "RETURN datetime({year: 9999, month: 12, day: 31, hour: 23, timezone: 'Pacific/Kiritimati'})",
        "RETURN datetime({epochSeconds: 9223372036854775807}), datetime.fromEpochMillis(-9223372036854775808)",
        "RETURN duration({seconds: 9223372036854775807}) * 9223372036854775807, duration('PT1S') * (0.0 / 0.0)",
        "RETURN duration('PT1S') / 0, duration({days: 1e300}), duration('P999999999999999999Y')",
        "RETURN date.truncate('millennium', date('-9999-01-01')), datetime.truncate('weekYear', date('-9999-01-01'))",
        "RETURN duration.between(date('-9999-01-01'), datetime('9999-12-31T23:59:59.999999999+18:00'))",
        "RETURN localtime('23:59:59.999999999') + duration({nanoseconds: -9223372036854775808})",
        "UNWIND [duration({seconds: 9223372036854775807}), duration('PT1S')] AS d RETURN sum(d), avg(d)",
        "UNWIND [date('2020-01-01'), duration('P1D'), time('10:00Z'), 1, null] AS v RETURN v ORDER BY v",
    ] {
        // Described without running, described while running, and run.
        run(&mut db, &format!("EXPLAIN {q}"));
        run(&mut db, &format!("PROFILE {q}"));
        run(&mut db, q);
    }
}
