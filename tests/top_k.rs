//! ORDER BY ... LIMIT k keeps only the k first rows in a heap as they come. It must give the
//! rows the full sort gives, ties in arrival order included: random rows of mixed, tied and
//! null keys are sorted both ways (a LIMIT past the heap's reach sorts them all).

use proptest::prelude::*;
use relq::Database;

fn literal(v: &Option<i8>, as_string: bool) -> String {
    match v {
        None => "null".to_string(),
        Some(i) if as_string => format!("'s{}'", i % 4),
        Some(i) => format!("{}", i % 5),
    }
}

fn ids(db: &mut Database, q: &str) -> String {
    let r = db.query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    format!("{:?}", r.rows)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn heap_and_full_sort_agree(
        rows in proptest::collection::vec((proptest::option::of(any::<i8>()), any::<bool>(), proptest::option::of(any::<i8>())), 0..120),
        k in 0usize..40,
        desc_a in any::<bool>(),
        desc_b in any::<bool>(),
    ) {
        let list = rows
            .iter()
            .enumerate()
            .map(|(i, (a, s, b))| format!("{{id: {i}, a: {}, b: {}}}", literal(a, *s), literal(b, false)))
            .collect::<Vec<_>>()
            .join(", ");
        let order = format!(
            "x.a{}, x.b{}",
            if desc_a { " DESC" } else { "" },
            if desc_b { " DESC" } else { "" }
        );
        let mut db = Database::new();
        let heap = ids(&mut db, &format!("UNWIND [{list}] AS x RETURN x.id ORDER BY {order} LIMIT {k}"));
        let full = ids(
            &mut db,
            &format!("UNWIND [{list}] AS x WITH x ORDER BY {order} LIMIT 100000 RETURN x.id LIMIT {k}"),
        );
        prop_assert_eq!(heap, full);
    }
}
