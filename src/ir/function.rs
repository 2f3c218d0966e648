//! The function catalogue: every function relq knows, in one table. Each entry gives the
//! function's id (`Function`), its name as Neo4j spells it, how many arguments it takes and its
//! class: a scalar function, an aggregate, or an internal function that the planner inserts and
//! Cypher text can never call (SKIP's and LIMIT's check of their count). The planner resolves a
//! call's name to its id once (`Function::lookup`), so that `ir::Ex::Call` holds the id and the
//! executor dispatches on it with a `match` that the compiler checks for every entry; completion
//! in the shell and "did you mean" suggestions read `FUNCTION_NAMES`.
//!
//! Adding a function: a line here, and its arm in `exec::functions::call`.

/// An aggregate function; `count(*)` is `CountStar`, which has no name of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggregateKind {
    Count,
    /// `count(*)`: counts rows, nulls included.
    CountStar,
    Sum,
    Avg,
    Min,
    Max,
    Collect,
    StDev,
    StDevP,
    PercentileCont,
    PercentileDisc,
}

impl AggregateKind {
    /// The function's name as Neo4j spells it, for messages.
    pub fn name(self) -> &'static str {
        match self {
            AggregateKind::Count | AggregateKind::CountStar => "count",
            AggregateKind::Sum => "sum",
            AggregateKind::Avg => "avg",
            AggregateKind::Min => "min",
            AggregateKind::Max => "max",
            AggregateKind::Collect => "collect",
            AggregateKind::StDev => "stDev",
            AggregateKind::StDevP => "stDevP",
            AggregateKind::PercentileCont => "percentileCont",
            AggregateKind::PercentileDisc => "percentileDisc",
        }
    }
}

/// What kind of function a catalogue entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A scalar function: one value per row, from that row's arguments.
    Scalar,
    /// An aggregate: one value per group (the planner makes it an `AggSpec`, never a call).
    Aggregate(AggregateKind),
    /// Inserted by the planner, never called from Cypher text, never suggested nor completed.
    Internal,
}

/// No upper bound on the number of arguments.
const MANY: usize = usize::MAX;

/// One catalogue entry.
struct Entry {
    name: &'static str,
    min: usize,
    max: usize,
    class: Class,
}

/// The catalogue: `Variant = "name", min, max, class;` per function. The functions Cypher text
/// may call come first, in the order completion and suggestions offer them.
macro_rules! catalogue {
    ($( $variant:ident = $name:literal, $min:expr, $max:expr, $class:ident $(($kind:ident))?; )*) => {
        /// A function, by its catalogue entry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Function {
            $($variant,)*
        }

        impl Function {
            /// Every function in the catalogue, in its order.
            pub const ALL: &'static [Function] = &[$(Function::$variant,)*];

            const fn entry(self) -> &'static Entry {
                match self {
                    $(Function::$variant => &Entry {
                        name: $name,
                        min: $min,
                        max: $max,
                        class: Class::$class $((AggregateKind::$kind))?,
                    },)*
                }
            }
        }
    };
}

catalogue! {
    Abs = "abs", 1, 1, Scalar;
    Acos = "acos", 1, 1, Scalar;
    Asin = "asin", 1, 1, Scalar;
    Atan = "atan", 1, 1, Scalar;
    Atan2 = "atan2", 2, 2, Scalar;
    Avg = "avg", 1, 1, Aggregate(Avg);
    Btrim = "btrim", 1, 2, Scalar;
    Ceil = "ceil", 1, 1, Scalar;
    CharLength = "char_length", 1, 1, Scalar;
    CharacterLength = "character_length", 1, 1, Scalar;
    Coalesce = "coalesce", 1, MANY, Scalar;
    Collect = "collect", 1, 1, Aggregate(Collect);
    Cos = "cos", 1, 1, Scalar;
    Cosh = "cosh", 1, 1, Scalar;
    Cot = "cot", 1, 1, Scalar;
    Coth = "coth", 1, 1, Scalar;
    Count = "count", 1, 1, Aggregate(Count);
    Date = "date", 0, 1, Scalar;
    DateRealtime = "date.realtime", 0, 1, Scalar;
    DateStatement = "date.statement", 0, 1, Scalar;
    DateTransaction = "date.transaction", 0, 1, Scalar;
    DateTruncate = "date.truncate", 2, 3, Scalar;
    DateTime = "datetime", 0, 1, Scalar;
    DateTimeFromEpoch = "datetime.fromepoch", 2, 2, Scalar;
    DateTimeFromEpochMillis = "datetime.fromepochmillis", 1, 1, Scalar;
    DateTimeRealtime = "datetime.realtime", 0, 1, Scalar;
    DateTimeStatement = "datetime.statement", 0, 1, Scalar;
    DateTimeTransaction = "datetime.transaction", 0, 1, Scalar;
    DateTimeTruncate = "datetime.truncate", 2, 3, Scalar;
    Degrees = "degrees", 1, 1, Scalar;
    Duration = "duration", 0, 1, Scalar;
    DurationBetween = "duration.between", 2, 2, Scalar;
    DurationInDays = "duration.inDays", 2, 2, Scalar;
    DurationInMonths = "duration.inMonths", 2, 2, Scalar;
    DurationInSeconds = "duration.inSeconds", 2, 2, Scalar;
    E = "e", 0, 0, Scalar;
    ElementId = "elementId", 1, 1, Scalar;
    EndNode = "endNode", 1, 1, Scalar;
    Evidence = "evidence", 1, 1, Scalar;
    Exists = "exists", 1, 1, Scalar;
    Exp = "exp", 1, 1, Scalar;
    File = "file", 0, 0, Scalar;
    Floor = "floor", 1, 1, Scalar;
    Haversin = "haversin", 1, 1, Scalar;
    Head = "head", 1, 1, Scalar;
    Id = "id", 1, 1, Scalar;
    IsEmpty = "isEmpty", 1, 1, Scalar;
    IsNan = "isNaN", 1, 1, Scalar;
    Keys = "keys", 1, 1, Scalar;
    Labels = "labels", 1, 1, Scalar;
    Last = "last", 1, 1, Scalar;
    Left = "left", 2, 2, Scalar;
    Linenumber = "linenumber", 0, 0, Scalar;
    Length = "length", 1, 1, Scalar;
    LocalDateTime = "localdatetime", 0, 1, Scalar;
    LocalDateTimeRealtime = "localdatetime.realtime", 0, 1, Scalar;
    LocalDateTimeStatement = "localdatetime.statement", 0, 1, Scalar;
    LocalDateTimeTransaction = "localdatetime.transaction", 0, 1, Scalar;
    LocalDateTimeTruncate = "localdatetime.truncate", 2, 3, Scalar;
    LocalTime = "localtime", 0, 1, Scalar;
    LocalTimeRealtime = "localtime.realtime", 0, 1, Scalar;
    LocalTimeStatement = "localtime.statement", 0, 1, Scalar;
    LocalTimeTransaction = "localtime.transaction", 0, 1, Scalar;
    LocalTimeTruncate = "localtime.truncate", 2, 3, Scalar;
    Log = "log", 1, 1, Scalar;
    Log10 = "log10", 1, 1, Scalar;
    Lower = "lower", 1, 1, Scalar;
    Ltrim = "ltrim", 1, 2, Scalar;
    Max = "max", 1, 1, Aggregate(Max);
    Min = "min", 1, 1, Aggregate(Min);
    Named = "named", 2, 2, Scalar;
    Nodes = "nodes", 1, 1, Scalar;
    Normalize = "normalize", 1, 2, Scalar;
    NullIf = "nullIf", 2, 2, Scalar;
    PercentileCont = "percentileCont", 2, 2, Aggregate(PercentileCont);
    PercentileDisc = "percentileDisc", 2, 2, Aggregate(PercentileDisc);
    Pi = "pi", 0, 0, Scalar;
    Point = "point", 1, 1, Scalar;
    PointDistance = "point.distance", 2, 2, Scalar;
    PointWithinBBox = "point.withinBBox", 3, 3, Scalar;
    Properties = "properties", 1, 1, Scalar;
    Radians = "radians", 1, 1, Scalar;
    Rand = "rand", 0, 0, Scalar;
    RandomUuid = "randomUUID", 0, 0, Scalar;
    Range = "range", 2, 3, Scalar;
    Relationships = "relationships", 1, 1, Scalar;
    Replace = "replace", 3, 3, Scalar;
    Reverse = "reverse", 1, 1, Scalar;
    Right = "right", 2, 2, Scalar;
    Round = "round", 1, 3, Scalar;
    Rtrim = "rtrim", 1, 2, Scalar;
    Sign = "sign", 1, 1, Scalar;
    Sin = "sin", 1, 1, Scalar;
    Sinh = "sinh", 1, 1, Scalar;
    Size = "size", 1, 1, Scalar;
    Split = "split", 2, 2, Scalar;
    Sqrt = "sqrt", 1, 1, Scalar;
    StartNode = "startNode", 1, 1, Scalar;
    StDev = "stDev", 1, 1, Aggregate(StDev);
    StDevP = "stDevP", 1, 1, Aggregate(StDevP);
    Substring = "substring", 2, 3, Scalar;
    Sum = "sum", 1, 1, Aggregate(Sum);
    Tail = "tail", 1, 1, Scalar;
    Tan = "tan", 1, 1, Scalar;
    Tanh = "tanh", 1, 1, Scalar;
    Time = "time", 0, 1, Scalar;
    TimeRealtime = "time.realtime", 0, 1, Scalar;
    TimeStatement = "time.statement", 0, 1, Scalar;
    TimeTransaction = "time.transaction", 0, 1, Scalar;
    TimeTruncate = "time.truncate", 2, 3, Scalar;
    Timestamp = "timestamp", 0, 0, Scalar;
    ToBoolean = "toBoolean", 1, 1, Scalar;
    ToBooleanList = "toBooleanList", 1, 1, Scalar;
    ToBooleanOrNull = "toBooleanOrNull", 1, 1, Scalar;
    ToFloat = "toFloat", 1, 1, Scalar;
    ToFloatList = "toFloatList", 1, 1, Scalar;
    ToFloatOrNull = "toFloatOrNull", 1, 1, Scalar;
    ToInteger = "toInteger", 1, 1, Scalar;
    ToIntegerList = "toIntegerList", 1, 1, Scalar;
    ToIntegerOrNull = "toIntegerOrNull", 1, 1, Scalar;
    ToLower = "toLower", 1, 1, Scalar;
    ToString = "toString", 1, 1, Scalar;
    ToStringList = "toStringList", 1, 1, Scalar;
    ToStringOrNull = "toStringOrNull", 1, 1, Scalar;
    ToUpper = "toUpper", 1, 1, Scalar;
    Trim = "trim", 1, 1, Scalar;
    Type = "type", 1, 1, Scalar;
    Upper = "upper", 1, 1, Scalar;
    ValueType = "valueType", 1, 1, Scalar;
    VectorCosine = "vector.similarity.cosine", 2, 2, Scalar;
    VectorEuclidean = "vector.similarity.euclidean", 2, 2, Scalar;
    // Internal: SKIP's and LIMIT's count (a literal or parameter), checked when the plan runs.
    Skip = "SKIP", 1, 1, Internal;
    Limit = "LIMIT", 1, 1, Internal;
    // Internal: `IN TRANSACTIONS OF n ROWS`'s count, checked when the plan runs.
    BatchSize = "IN TRANSACTIONS OF", 1, 1, Internal;
    // Internal: `IN n CONCURRENT TRANSACTIONS`'s count, checked when the plan runs.
    Concurrency = "IN CONCURRENT TRANSACTIONS", 1, 1, Internal;
    // Internal: a node pattern's variable bound earlier to a value of unknown kind holds a
    // node (true), null (false), or anything else (a TypeError).
    IsBoundNode = "node pattern", 1, 1, Internal;
    // Internal: a relationship pattern's variable bound earlier to a value of unknown kind
    // holds a relationship (true), null (false), or anything else (a TypeError).
    IsBoundRel = "relationship pattern", 1, 1, Internal;
    // Internal: `s IS [NOT] [form] NORMALIZED`, of the string, the form's name and whether NOT.
    IsNormalized = "IS NORMALIZED", 3, 3, Internal;
    // Internal: a path of an `ACYCLIC` pattern meets no node twice; of a `SIMPLE` one, none
    // but its first, again at its end.
    AcyclicPath = "ACYCLIC", 1, 1, Internal;
    SimplePath = "SIMPLE", 1, 1, Internal;
}

impl Function {
    /// The function a lowercase name calls from Cypher text (scalar or aggregate); None for
    /// names that are not in the catalogue and for internal functions.
    pub fn lookup(name_lower: &str) -> Option<Function> {
        Function::ALL
            .iter()
            .copied()
            .find(|f| !f.is_internal() && f.name().eq_ignore_ascii_case(name_lower))
    }

    /// The name as Neo4j spells it (`toUpper`, `date.truncate`); for internal functions, the
    /// clause they check (`SKIP`).
    pub const fn name(self) -> &'static str {
        self.entry().name
    }

    /// The least and the most arguments it takes (`usize::MAX`: no most).
    pub const fn arity(self) -> (usize, usize) {
        let e = self.entry();
        (e.min, e.max)
    }

    pub const fn class(self) -> Class {
        self.entry().class
    }

    /// The aggregate it is, if it is one.
    pub const fn aggregate(self) -> Option<AggregateKind> {
        match self.class() {
            Class::Aggregate(kind) => Some(kind),
            _ => None,
        }
    }

    pub const fn is_scalar(self) -> bool {
        matches!(self.class(), Class::Scalar)
    }

    pub const fn is_internal(self) -> bool {
        matches!(self.class(), Class::Internal)
    }
}

/// How many functions Cypher text may call.
const CALLABLE: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < Function::ALL.len() {
        if !Function::ALL[i].is_internal() {
            n += 1;
        }
        i += 1;
    }
    n
};

/// The names of the functions Cypher text may call (scalar functions and aggregates), as Neo4j
/// spells them, in catalogue order: what completion offers and suggestions choose from.
pub const FUNCTION_NAMES: &[&str] = &{
    let mut names = [""; CALLABLE];
    let (mut i, mut n) = (0, 0);
    while i < Function::ALL.len() {
        if !Function::ALL[i].is_internal() {
            names[n] = Function::ALL[i].name();
            n += 1;
        }
        i += 1;
    }
    names
};

/// The aggregate a lowercase function name denotes (`count(*)` is the caller's to recognise).
pub fn aggregate_kind(name_lower: &str) -> Option<AggregateKind> {
    Function::lookup(name_lower)?.aggregate()
}

/// Functions of Cypher that relq knows but does not implement: the construct to name in an
/// Unsupported error ("... is not supported"), and what to say of it.
pub fn unsupported_function(name_lower: &str) -> Option<(String, Option<&'static str>)> {
    if name_lower == "distance" {
        // Neo4j 4's name for `point.distance`, which Neo4j 5 removed.
        return Some((
            "the distance() function of Neo4j 4 (Neo4j 5 and relq have point.distance())".into(),
            None,
        ));
    }
    if Function::lookup(name_lower).is_some_and(Function::is_scalar) {
        return None;
    }
    // Neo4j 5's functions of these namespaces, by their names as the manual writes them.
    const GRAPH: [&str; 4] = [
        "graph.names",
        "graph.propertiesByName",
        "graph.byName",
        "graph.byElementId",
    ];
    const DB: [&str; 1] = ["db.nameFromElementId"];
    let known = |names: &[&'static str]| {
        names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(name_lower))
            .map(|n| format!("{n}()"))
    };
    let (namespace, _) = name_lower.split_once('.')?;
    match namespace {
        "graph" => Some((
            known(&GRAPH).unwrap_or_else(|| format!("{name_lower}()")),
            Some("graph functions name the graphs of a composite database; relq holds one graph"),
        )),
        "db" => known(&DB).map(|n| {
            (
                n,
                Some("relq holds one database: an element id names no database"),
            )
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arity(name: &str) -> Option<(usize, usize)> {
        Function::lookup(name).map(Function::arity)
    }

    #[test]
    fn catalogue_is_consistent() {
        for (i, f) in Function::ALL.iter().enumerate() {
            let (lo, hi) = f.arity();
            assert!(lo <= hi, "{f:?}");
            assert_eq!(*f as usize, i, "{f:?} out of order");
            for g in &Function::ALL[..i] {
                assert!(!g.name().eq_ignore_ascii_case(f.name()), "{f:?} twice");
            }
            if !f.is_internal() {
                assert_eq!(Function::lookup(&f.name().to_lowercase()), Some(*f));
                assert!(FUNCTION_NAMES.contains(&f.name()), "{f:?}");
            }
        }
        let internal = Function::ALL.iter().filter(|f| f.is_internal()).count();
        assert_eq!(internal, 9);
        assert_eq!(FUNCTION_NAMES.len(), Function::ALL.len() - internal);
        assert!(Function::lookup("toupper").is_some_and(Function::is_scalar));
        assert!(!Function::lookup("count").is_some_and(Function::is_scalar));
        assert_eq!(Function::lookup("nosuch"), None);
        assert_eq!(arity("count"), Some((1, 1)));
        assert_eq!(arity("percentilecont"), Some((2, 2)));
        assert_eq!(arity("range"), Some((2, 3)));
        assert_eq!(arity("coalesce"), Some((1, usize::MAX)));
        assert_eq!(arity("pi"), Some((0, 0)));
        assert_eq!(arity("nosuch"), None);
        assert_eq!(
            Function::lookup("toupper").map(Function::name),
            Some("toUpper")
        );
    }

    #[test]
    fn internal_functions_cannot_be_called_or_suggested() {
        assert_eq!(Function::lookup("skip"), None);
        assert_eq!(Function::lookup("limit"), None);
        assert!(!FUNCTION_NAMES.contains(&"SKIP") && !FUNCTION_NAMES.contains(&"LIMIT"));
        assert!(Function::Skip.is_internal() && Function::Limit.is_internal());
        assert!(Function::IsBoundNode.is_internal());
        assert!(Function::IsBoundRel.is_internal());
        assert_eq!(Function::lookup("node pattern"), None);
        assert!(Function::IsNormalized.is_internal());
        assert_eq!(Function::lookup("is normalized"), None);
        assert!(Function::AcyclicPath.is_internal() && Function::SimplePath.is_internal());
        assert_eq!(Function::lookup("acyclic"), None);
        assert_eq!(Function::lookup("simple"), None);
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(aggregate_kind("count"), Some(AggregateKind::Count));
        assert_eq!(aggregate_kind("stdevp"), Some(AggregateKind::StDevP));
        assert_eq!(
            aggregate_kind("percentiledisc"),
            Some(AggregateKind::PercentileDisc)
        );
        assert_eq!(aggregate_kind("size"), None);
        assert_eq!(AggregateKind::PercentileCont.name(), "percentileCont");
        for f in Function::ALL {
            if let Some(kind) = f.aggregate() {
                assert_eq!(kind.name(), f.name());
            }
        }
    }

    #[test]
    fn unsupported_functions() {
        assert_eq!(unsupported_function("date"), None);
        assert_eq!(unsupported_function("duration.between"), None);
        assert_eq!(unsupported_function("point.distance"), None);
        assert_eq!(unsupported_function("point.withinbbox"), None);
        assert_eq!(
            unsupported_function("distance").map(|(c, _)| c),
            Some(
                "the distance() function of Neo4j 4 (Neo4j 5 and relq have point.distance())"
                    .to_string()
            )
        );
        assert_eq!(
            unsupported_function("graph.byname").map(|(c, _)| c),
            Some("graph.byName()".to_string())
        );
        assert_eq!(
            unsupported_function("db.namefromelementid").map(|(c, _)| c),
            Some("db.nameFromElementId()".to_string())
        );
        // Other db.* names are procedures or unknown: not functions relq leaves out.
        assert_eq!(unsupported_function("db.labels"), None);
        assert_eq!(unsupported_function("toupper"), None);
        assert_eq!(unsupported_function("rand"), None);
        assert_eq!(unsupported_function("normalize"), None);
        assert_eq!(unsupported_function("valuetype"), None);
        assert_eq!(unsupported_function("foo.bar"), None);
    }
}
