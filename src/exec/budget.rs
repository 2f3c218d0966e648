//! The memory governor: one budget in bytes per statement, against which every value a
//! function or operator builds and every structure an operator holds (rows of a result, a
//! sort, groups, DISTINCT sets, path search frontiers) is charged by its size, before it is
//! built wherever the size can be foreseen. Past the budget a statement fails with a
//! ResourceError naming the limit; nothing is allocated that would exhaust memory, so an
//! allocation never fails (which would abort the process).
//!
//! The budget is the smaller of the limit set with `--memory-limit` or `:memory` (less what the
//! graph holds) and half of what the machine and the process limits leave: available memory,
//! the address space the process may still take (`RLIMIT_AS`, `ulimit -v`) and the memory its
//! control group may still take (cgroup v2 `memory.max`). Half, because the sizes charged are
//! estimates and a growing vector briefly holds its old and new buffers.
//!
//! A statement runs on one thread: the budget and what is held against it live in
//! thread-locals, installed for the statement's run by `govern`. Outside a governed statement
//! (constants folded by tests, direct use of the executor) values are checked against the
//! automatic limit alone.

use crate::diagnostic::{Error, Result};
use crate::graph::{Path, Value};
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where a statement's budget comes from, for the message that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--memory-limit` or `:memory`, less what the graph holds (its bytes).
    Setting { set: u64, graph: u64 },
    /// Half the memory available on the machine.
    Available,
    /// Half the address space the process may still take (`ulimit -v`).
    AddressSpace,
    /// Half the memory the process's control group may still take.
    Cgroup,
    /// Nothing said how much memory there is.
    Default,
}

/// A statement's budget in bytes and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    pub source: Source,
}

/// The budget when nothing tells how much memory there is.
const DEFAULT_BYTES: u64 = 4 << 30;

/// The budget of a statement: the smaller of `setting` (when set) less what the graph holds
/// (`graph_bytes`, asked only then: it sums the store's columns), and the automatic limit.
pub fn statement_limit(setting: Option<u64>, graph_bytes: impl FnOnce() -> u64) -> Limit {
    let auto = automatic_limit();
    match setting {
        Some(set) => {
            let graph_bytes = graph_bytes();
            let bytes = set.saturating_sub(graph_bytes);
            if bytes <= auto.bytes {
                Limit {
                    bytes,
                    source: Source::Setting {
                        set,
                        graph: graph_bytes,
                    },
                }
            } else {
                auto
            }
        }
        None => auto,
    }
}

/// Half of the least of what the machine, the address-space limit and the control group
/// leave now. Read at most every 200 ms (the figures come from files).
pub fn automatic_limit() -> Limit {
    static CACHE: Mutex<Option<(Instant, Limit)>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, limit)) = *cache {
        if at.elapsed() < Duration::from_millis(200) {
            return limit;
        }
    }
    let mut best = Limit {
        bytes: DEFAULT_BYTES,
        source: Source::Default,
    };
    let mut consider = |left: Option<u64>, source: Source| {
        if let Some(left) = left {
            let bytes = left / 2;
            if best.source == Source::Default || bytes < best.bytes {
                best = Limit { bytes, source };
            }
        }
    };
    consider(available_memory(), Source::Available);
    consider(address_space_left(), Source::AddressSpace);
    consider(cgroup_left(), Source::Cgroup);
    *cache = Some((Instant::now(), best));
    best
}

/// Available memory in bytes, where the system says (Linux's `MemAvailable`).
pub(crate) fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// The address space the process may still map under `RLIMIT_AS`: the limit less the size
/// mapped now. None without a limit.
fn address_space_left() -> Option<u64> {
    let limit = address_space_limit()?;
    let statm = std::fs::read_to_string("/proc/self/statm").ok();
    let pages: u64 = statm
        .as_deref()
        .and_then(|s| s.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    Some(limit.saturating_sub(pages.saturating_mul(page_size())))
}

#[cfg(unix)]
fn address_space_limit() -> Option<u64> {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one `rlimit` through a valid pointer to a local.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut rl) } == 0;
    // `rlim_t` is not 64 bits unsigned on every system.
    #[allow(clippy::unnecessary_cast)]
    let current = rl.rlim_cur as u64;
    (ok && rl.rlim_cur != libc::RLIM_INFINITY).then_some(current)
}

#[cfg(not(unix))]
fn address_space_limit() -> Option<u64> {
    None
}

#[cfg(unix)]
fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size > 0 {
        size as u64
    } else {
        4096
    }
}

#[cfg(not(unix))]
fn page_size() -> u64 {
    4096
}

/// The memory the process's control group (v2) may still take: `memory.max` less
/// `memory.current`. None when there is no control group file or no limit (`max`).
fn cgroup_left() -> Option<u64> {
    let dir = cgroup_dir();
    let max = std::fs::read_to_string(dir.join("memory.max")).ok()?;
    let max: u64 = max.trim().parse().ok()?;
    let current: u64 = std::fs::read_to_string(dir.join("memory.current"))
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    Some(max.saturating_sub(current))
}

/// The process's control group folder: `/sys/fs/cgroup` joined with the v2 entry of
/// `/proc/self/cgroup` (`0::/PATH`), or `/sys/fs/cgroup` itself (inside a container).
fn cgroup_dir() -> std::path::PathBuf {
    let root = std::path::Path::new("/sys/fs/cgroup");
    let own = std::fs::read_to_string("/proc/self/cgroup")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("0::"))
                .map(|p| root.join(p.trim_start_matches('/')))
        });
    match own {
        Some(dir) if dir.join("memory.max").exists() => dir,
        _ => root.to_path_buf(),
    }
}

thread_local! {
    /// The budget of the statement running on this thread, if any.
    static LIMIT: Cell<Option<Limit>> = const { Cell::new(None) };
    /// The bytes charged to structures the statement holds.
    static HELD: Cell<u64> = const { Cell::new(0) };
    /// While the statement's work is shared among threads (`Shared`): what all of them hold.
    static POOL: RefCell<Option<Arc<AtomicU64>>> = const { RefCell::new(None) };
    /// What the statements of one database hold together (`govern_together`): a limit set
    /// with `--memory-limit` bounds the whole process, so statements that run side by side
    /// (the server's concurrent reads) share it. Each thread adds and takes away exactly what
    /// its own `HELD` gains and loses, and gives back what it still holds when its `govern`
    /// ends.
    static TOGETHER: RefCell<Option<Arc<AtomicU64>>> = const { RefCell::new(None) };
}

/// While alive, the statement on this thread runs under a budget (see `govern`).
pub struct Governed {
    previous: (Option<Limit>, u64),
    pool: Option<Arc<AtomicU64>>,
    together: Option<Arc<AtomicU64>>,
}

/// Run the rest of the statement on this thread under `limit`, with nothing held yet; the
/// previous budget comes back when the guard goes.
#[cfg(test)]
pub fn govern(limit: Limit) -> Governed {
    govern_together(limit, None)
}

/// `govern`, where what the statement holds also counts in `together`, beside what the
/// other statements counting there hold: with a limit that was set, the statement fails when
/// all of them together pass it.
pub fn govern_together(limit: Limit, together: Option<Arc<AtomicU64>>) -> Governed {
    let previous = (LIMIT.replace(Some(limit)), HELD.replace(0));
    let pool = POOL.with(|p| p.borrow_mut().take());
    let together = TOGETHER.with(|t| t.replace(together));
    Governed {
        previous,
        pool,
        together,
    }
}

impl Drop for Governed {
    fn drop(&mut self) {
        take_together(HELD.get());
        LIMIT.set(self.previous.0);
        HELD.set(self.previous.1);
        let pool = self.pool.take();
        POOL.with(|p| *p.borrow_mut() = pool);
        let together = self.together.take();
        TOGETHER.with(|t| *t.borrow_mut() = together);
    }
}

/// The budget of a statement whose work several threads share (a parallel scan's workers):
/// each thread `join`s it, and what any of them holds counts against the one budget.
#[derive(Clone)]
pub struct Shared {
    limit: Option<Limit>,
    held: Arc<AtomicU64>,
    /// What the statement held when its work was shared.
    before: u64,
    together: Option<Arc<AtomicU64>>,
}

/// The budget of the statement on this thread, to share with threads that do its work.
pub fn share() -> Shared {
    let before = held();
    Shared {
        limit: LIMIT.get(),
        held: Arc::new(AtomicU64::new(before)),
        before,
        together: TOGETHER.with(|t| t.borrow().clone()),
    }
}

impl Shared {
    /// Run the rest of this thread's part of the work under the shared budget.
    pub fn join(&self) -> Governed {
        let guard = govern_together(
            self.limit.unwrap_or_else(automatic_limit),
            self.together.clone(),
        );
        if self.limit.is_none() {
            // Outside a governed statement nothing is held (see `hold`).
            LIMIT.set(None);
        }
        POOL.with(|p| *p.borrow_mut() = Some(self.held.clone()));
        guard
    }

    /// What the threads hold beyond what the statement held before: held again by the
    /// statement's own thread once their structures are its own (after every `join` ended).
    pub fn added(&self) -> u64 {
        self.held
            .load(Ordering::Relaxed)
            .saturating_sub(self.before)
    }
}

/// What the statement on this thread holds: all its threads' bytes while its work is shared.
fn held() -> u64 {
    POOL.with(|p| match &*p.borrow() {
        Some(pool) => pool.load(Ordering::Relaxed),
        None => HELD.get(),
    })
}

/// The budget in force on this thread.
pub fn current_limit() -> Limit {
    LIMIT.get().unwrap_or_else(automatic_limit)
}

/// What a charge is for: rows held (the advice is to hold fewer) or a value built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Rows,
    Value,
    /// A value that would fit alone, but not beside what the statement holds.
    Beside,
}

/// Hold `bytes` more until `release` (or the statement's end): an error when what the
/// statement holds passes its budget.
#[inline]
pub fn hold(bytes: u64, what: &str, kind: Kind) -> Result<()> {
    // Outside a governed statement nothing is held: there is no end to give it back at.
    let Some(limit) = LIMIT.get() else {
        return Ok(());
    };
    HELD.set(HELD.get().saturating_add(bytes));
    let all = TOGETHER.with(|t| {
        t.borrow()
            .as_ref()
            .map(|t| t.fetch_add(bytes, Ordering::Relaxed).saturating_add(bytes))
    });
    let held = POOL.with(|p| match &*p.borrow() {
        Some(pool) => pool
            .fetch_add(bytes, Ordering::Relaxed)
            .saturating_add(bytes),
        None => HELD.get(),
    });
    // A limit that was set bounds what all statements hold together.
    let all = all.unwrap_or(0);
    let together = matches!(limit.source, Source::Setting { .. }) && all > limit.bytes;
    if held > limit.bytes {
        return Err(over(limit, what, kind));
    }
    if together {
        return Err(over(limit, what, kind).with_help(format!(
            "statements running at the same time hold {} together; the limit is --memory-limit SIZE",
            format_bytes(all)
        )));
    }
    Ok(())
}

/// Take `bytes` this thread held from what its statement and those beside it hold.
fn take_together(bytes: u64) {
    if bytes > 0 {
        TOGETHER.with(|t| {
            if let Some(t) = &*t.borrow() {
                let _ = t.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                    Some(v.saturating_sub(bytes))
                });
            }
        });
    }
}

/// Give back `bytes` held (what `hold` took).
#[inline]
pub fn release(bytes: u64) {
    let mine = HELD.get();
    HELD.set(mine.saturating_sub(bytes));
    take_together(bytes.min(mine));
    POOL.with(|p| {
        if let Some(pool) = &*p.borrow() {
            // Only what this thread held goes back (a release never outdoes its holds).
            let _ = pool.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_sub(bytes.min(mine)))
            });
        }
    });
}

/// Gives back the bytes it names when it goes (see `release`).
pub struct Release(pub u64);

impl Drop for Release {
    fn drop(&mut self) {
        release(self.0);
    }
}

/// An error when a value of `bytes`, about to be built, would take what the statement holds
/// past its budget. Nothing is held.
#[inline]
pub fn check(bytes: u64, what: &str, kind: Kind) -> Result<()> {
    check_with(bytes, kind, || what.to_string())
}

/// `check`, naming what is built only when it is too big.
#[inline]
pub fn check_with(bytes: u64, kind: Kind, what: impl FnOnce() -> String) -> Result<()> {
    let limit = current_limit();
    if held().saturating_add(bytes) > limit.bytes {
        // A value that fits alone is too big only beside what the statement holds.
        let kind = if bytes <= limit.bytes {
            Kind::Beside
        } else {
            kind
        };
        return Err(over(limit, &what(), kind));
    }
    Ok(())
}

#[cold]
fn over(limit: Limit, what: &str, kind: Kind) -> Error {
    let source = match limit.source {
        // The graph's share is named when it counts (a hundredth of the limit or more).
        Source::Setting { set, graph } if graph >= set / 100 && graph > 0 => format!(
            "the memory limit of {} less the {} the graph holds",
            format_bytes(set),
            format_bytes(graph)
        ),
        Source::Setting { .. } => "the memory limit".to_string(),
        Source::Available => "half the memory available".to_string(),
        Source::AddressSpace => "half the address space left to the process".to_string(),
        Source::Cgroup => "half the memory left to the process's control group".to_string(),
        Source::Default => "the default memory limit".to_string(),
    };
    let advice = match kind {
        Kind::Rows => "; add a LIMIT, aggregate, or narrow the pattern",
        Kind::Value => "; build smaller values",
        Kind::Beside => " with the rows it holds; add a LIMIT, aggregate, or build smaller values",
    };
    Error::resource(format!(
        "{what}: the statement would hold more than {} ({source}){advice}",
        format_bytes(limit.bytes)
    ))
    .with_help("the limit is --memory-limit SIZE on the command line, :memory in the shell")
}

/// The bytes a value occupies inline (in a row, a list or a map).
pub const VALUE: u64 = std::mem::size_of::<Value>() as u64;

/// An estimate of the bytes a value takes: inline, and on the heap its string's bytes, its
/// list's elements, its map's entries or its path's nodes and relationships. A string shared
/// by several values counts for each.
pub fn value_bytes(v: &Value) -> u64 {
    VALUE + heap_bytes(v)
}

/// The heap bytes of a value (see `value_bytes`).
pub fn heap_bytes(v: &Value) -> u64 {
    match v {
        Value::String(s) => 16 + s.len() as u64,
        Value::List(items) => items.iter().map(value_bytes).sum(),
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| 48 + k.len() as u64 + value_bytes(v))
            .sum(),
        Value::Path(p) => path_bytes(p),
        // The shared allocation: two counts and the value.
        Value::Temporal(_) => 16 + std::mem::size_of::<crate::temporal::Temporal>() as u64,
        Value::Point(_) => 16 + std::mem::size_of::<crate::spatial::Point>() as u64,
        // Counted whole wherever it is held, shared or not: an upper bound.
        Value::VirtualNode(n) => virtual_node_bytes(n),
        Value::VirtualRel(r) => {
            64 + r.rel_type.len() as u64
                + map_bytes(&r.props)
                + virtual_node_bytes(&r.start)
                + virtual_node_bytes(&r.end)
        }
        _ => 0,
    }
}

fn map_bytes(m: &std::collections::BTreeMap<String, Value>) -> u64 {
    m.iter()
        .map(|(k, v)| 48 + k.len() as u64 + value_bytes(v))
        .sum()
}

fn virtual_node_bytes(n: &crate::graph::VirtualNode) -> u64 {
    48 + n.labels.iter().map(|l| 32 + l.len() as u64).sum::<u64>() + map_bytes(&n.props)
}

/// The heap bytes of a path.
pub fn path_bytes(p: &Path) -> u64 {
    (std::mem::size_of::<Path>()
        + std::mem::size_of_val(p.nodes.as_slice())
        + std::mem::size_of_val(p.rels.as_slice())) as u64
}

/// The bytes a row takes: its values and the vector that holds them.
pub fn row_bytes(row: &[Value]) -> u64 {
    24 + row.iter().map(value_bytes).sum::<u64>()
}

/// A size for people: `512 B`, `64 KiB`, `1.5 GiB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0} {}", UNITS[unit])
    } else {
        format!("{rounded:.1} {}", UNITS[unit])
    }
}

/// Parse a memory limit as `--memory-limit` and `:memory` take it: a number of bytes with an
/// optional unit, K, M, G or T (powers of 1024; `KB`, `KiB`, ... and lowercase are the same):
/// `512M`, `2G`, `1.5GiB`. `0` or `off` for no limit of one's own (`Ok(None)`).
pub fn parse_size(text: &str) -> std::result::Result<Option<u64>, String> {
    let t = text.trim().to_ascii_lowercase();
    if t == "off" || t == "none" {
        return Ok(None);
    }
    let expected = || {
        format!(
            "expected a memory size such as 512M, 2G or 1.5GiB, or off; got '{}'",
            text.trim()
        )
    };
    let body = t
        .strip_suffix("ib")
        .or_else(|| t.strip_suffix('b'))
        .unwrap_or(&t);
    let (number, scale) = match body.chars().last() {
        Some('k') => (&body[..body.len() - 1], 1u64 << 10),
        Some('m') => (&body[..body.len() - 1], 1 << 20),
        Some('g') => (&body[..body.len() - 1], 1 << 30),
        Some('t') => (&body[..body.len() - 1], 1 << 40),
        Some(c) if c.is_ascii_digit() || c == '.' => (body, 1),
        _ => return Err(expected()),
    };
    let value: f64 = number.trim().parse().map_err(|_| expected())?;
    if !value.is_finite() || value < 0.0 {
        return Err(expected());
    }
    let bytes = value * scale as f64;
    if bytes >= u64::MAX as f64 {
        return Err(expected());
    }
    let bytes = bytes.round() as u64;
    Ok((bytes > 0).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print_as_people_write_them() {
        assert_eq!(parse_size("512M"), Ok(Some(512 << 20)));
        assert_eq!(parse_size("2g"), Ok(Some(2 << 30)));
        assert_eq!(parse_size("1.5GiB"), Ok(Some(3 << 29)));
        assert_eq!(parse_size("64 KB"), Ok(Some(64 << 10)));
        assert_eq!(parse_size("1000"), Ok(Some(1000)));
        assert_eq!(parse_size("off"), Ok(None));
        assert_eq!(parse_size("0"), Ok(None));
        for bad in ["", "lots", "-1G", "1X", "G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(format_bytes(100), "100 B");
        assert_eq!(format_bytes(64 << 10), "64 KiB");
        assert_eq!(format_bytes(3 << 29), "1.5 GiB");
        assert_eq!(format_bytes(256 << 20), "256 MiB");
    }

    #[test]
    fn statements_side_by_side_share_a_limit_that_was_set() {
        let limit = Limit {
            bytes: 1000,
            source: Source::Setting {
                set: 1000,
                graph: 0,
            },
        };
        let together = Arc::new(AtomicU64::new(0));
        let (first_holds, second_done) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
        std::thread::scope(|s| {
            s.spawn(|| {
                let _g = govern_together(limit, Some(together.clone()));
                hold(600, "first", Kind::Rows).unwrap();
                first_holds.wait();
                second_done.wait();
                // What it gives back is no longer counted.
                release(500);
            });
            first_holds.wait();
            {
                let _g = govern_together(limit, Some(together.clone()));
                let e = hold(600, "second", Kind::Rows).unwrap_err();
                assert!(
                    e.help.as_deref().unwrap().contains("at the same time"),
                    "{e:?}"
                );
                hold(0, "second", Kind::Rows).unwrap_err();
            }
            // The second statement is over: only the first's 600 bytes are counted.
            assert_eq!(together.load(Ordering::Relaxed), 600);
            second_done.wait();
        });
        // Both are over: nothing is held.
        assert_eq!(together.load(Ordering::Relaxed), 0);
        // A limit found on the machine is not shared: each statement has its own.
        let auto = Limit {
            bytes: 1000,
            source: Source::Available,
        };
        let _g = govern_together(auto, Some(together.clone()));
        together.fetch_add(900, Ordering::Relaxed);
        hold(600, "alone", Kind::Rows).unwrap();
    }

    #[test]
    fn a_governed_statement_holds_up_to_its_budget() {
        let limit = Limit {
            bytes: 1000,
            source: Source::Setting {
                set: 1000,
                graph: 0,
            },
        };
        {
            let _g = govern(limit);
            hold(600, "ORDER BY", Kind::Rows).unwrap();
            check(400, "x", Kind::Value).unwrap();
            let e = check(1001, "range(1, 100)", Kind::Value).unwrap_err();
            assert_eq!(
                e.message,
                "range(1, 100): the statement would hold more than 1000 B (the memory limit); \
                 build smaller values"
            );
            let e = check(401, "range(1, 10)", Kind::Value).unwrap_err();
            assert!(
                e.message.contains("with the rows it holds"),
                "{}",
                e.message
            );
            release(600);
            check(1000, "x", Kind::Value).unwrap();
            let e = hold(1001, "the result", Kind::Rows).unwrap_err();
            assert!(e.message.contains("add a LIMIT"), "{}", e.message);
        }
        assert_eq!(LIMIT.get(), None);
        assert_eq!(HELD.get(), 0);
    }

    #[test]
    fn a_setting_counts_the_graph_and_never_exceeds_what_the_machine_leaves() {
        let l = statement_limit(Some(1 << 20), || 64 << 10);
        assert_eq!(l.bytes, (1 << 20) - (64 << 10));
        let e = over(l, "collect()", Kind::Value);
        assert!(
            e.message
                .contains("(the memory limit of 1 MiB less the 64 KiB the graph holds)"),
            "{}",
            e.message
        );
        assert_eq!(statement_limit(Some(1), || 1 << 10).bytes, 0);
        // A setting above what the machine leaves gives way to it.
        for setting in [Some(u64::MAX), None] {
            let l = statement_limit(setting, || 0);
            assert!(!matches!(l.source, Source::Setting { .. }), "{l:?}");
        }
    }

    #[test]
    fn sizes_of_values_count_what_they_hold() {
        assert_eq!(value_bytes(&Value::Int(1)), VALUE);
        assert_eq!(value_bytes(&Value::str("abcd")), VALUE + 20);
        let l = Value::List(vec![Value::Int(1), Value::Int(2)]);
        assert_eq!(value_bytes(&l), 3 * VALUE);
    }
}
