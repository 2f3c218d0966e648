//! Aggregate functions: an accumulator per group that takes the values of the aggregated
//! expression row by row (skipping nulls, deduplicating under DISTINCT) and yields the result.
//!
//! Pure computation on values: nothing here prints, parses Cypher, or touches the graph.
//! `sum` and `avg` add exactly (`Total`), so that the parts of a group merge in any order into
//! the answer of one pass, as counts, minima and maxima do (`Accumulator::merge`).

use crate::diagnostic::{Error, Result};
use crate::exec::ops::{order, GroupKey};
use crate::exec::{budget, Cancel};
use crate::graph::Value;
use foldhash::{HashSet, HashSetExt};
use std::cmp::Ordering;

pub use crate::ir::AggregateKind;

#[derive(Clone, Debug)]
enum State {
    Count(i64),
    /// `sum` and `avg`.
    Total(Total),
    /// The smallest (Min) or largest (Max) value so far by the ORDER BY order.
    Extreme(Option<Value>),
    Collect {
        items: Vec<Value>,
        runs: Runs,
    },
    /// `stDev` and `stDevP`: the exact sums of the values and of their squares.
    Dev(Box<Dev>),
    Percentile {
        values: Vec<Value>,
        /// The percentile the first row gave, with the part it came in.
        percentile: Option<(u64, f64)>,
        runs: Runs,
    },
}

/// Where the values of each part of the rows begin in a list that keeps the rows' order
/// (`collect`, the percentiles): (the part's number, the index of its first value), in the
/// order taken. A part is a morsel, whose rows one thread takes in order; threads take
/// morsels in increasing order, so that lists merged by their parts' numbers are in the
/// order one thread gives them (`Accumulator::at`, `merge_ordered`).
type Runs = smallvec::SmallVec<[(u64, usize); 1]>;

/// Two ordered lists (with their runs) as one, in the order of their parts: `mine` first
/// among runs of the same part (which only happens for lists not told their parts).
fn merge_ordered(mine: &mut Vec<Value>, my_runs: &mut Runs, theirs: Vec<Value>, their_runs: Runs) {
    if theirs.is_empty() && their_runs.is_empty() {
        return;
    }
    let whole: Runs = smallvec::smallvec![(0, 0)];
    // (part, side, start, end) of each run, in the order of the parts.
    let mut all = Vec::with_capacity(my_runs.len() + their_runs.len());
    for (side, (runs, len)) in [(&*my_runs, mine.len()), (&their_runs, theirs.len())]
        .into_iter()
        .enumerate()
    {
        let runs = if runs.is_empty() { &whole } else { runs };
        for (i, &(part, start)) in runs.iter().enumerate() {
            let end = runs.get(i + 1).map_or(len, |r| r.1);
            all.push((part, side, start, end));
        }
    }
    all.sort_by_key(|&(part, side, _, _)| (part, side));
    let mut sides =
        [std::mem::take(mine), theirs].map(|v| v.into_iter().map(Some).collect::<Vec<_>>());
    let mut items = Vec::with_capacity(sides[0].len() + sides[1].len());
    let mut runs = Runs::new();
    for (part, side, start, end) in all {
        if runs.last().is_none_or(|&(p, _)| p != part) {
            runs.push((part, items.len()));
        }
        items.extend(sides[side][start..end].iter_mut().filter_map(Option::take));
    }
    *mine = items;
    *my_runs = runs;
}

/// The first of each value in a merged list, in order, with its runs moved to match: a value
/// that several parts each took once under DISTINCT stays where the earliest part had it.
fn first_of_each(items: &mut Vec<Value>, runs: &mut Runs) {
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(items.len());
    let mut moved = Runs::new();
    let mut r = 0;
    for (i, v) in std::mem::take(items).into_iter().enumerate() {
        while r < runs.len() && runs[r].1 <= i {
            moved.push((runs[r].0, kept.len()));
            r += 1;
        }
        if seen.insert(GroupKey::new(&v)) {
            kept.push(v);
        }
    }
    moved.extend(runs[r..].iter().map(|&(part, _)| (part, kept.len())));
    *items = kept;
    *runs = moved;
}

/// What `sum` and `avg` have taken: numbers and durations added exactly (integers in 128 bits,
/// floats by `FloatSum`), so that the answer does not depend on the order of the rows and
/// parts of a group merge into the answer of one pass. Taking numbers and durations together
/// is an error, said when the answer is asked for (when either came first is not known to a
/// merged part).
#[derive(Clone, Debug, Default)]
struct Total {
    ints: i128,
    floats: FloatSum,
    /// A float was taken: the answer is a float.
    float: bool,
    numbers: u64,
    /// Durations, when any were taken (rarely: kept out of the way of numbers).
    durations: Option<Box<Durations>>,
}

/// The durations `sum` or `avg` took.
#[derive(Clone, Debug, Default)]
struct Durations {
    total: crate::temporal::Duration,
    count: u64,
    /// The total overflowed.
    overflow: Option<String>,
}

impl Durations {
    fn add(&mut self, d: crate::temporal::Duration) {
        if self.overflow.is_none() {
            match self.total.checked_add(d) {
                Ok(total) => self.total = total,
                Err(e) => self.overflow = Some(e),
            }
        }
    }
}

impl Total {
    fn add_int(&mut self, i: i64) {
        self.ints += i128::from(i);
        self.numbers += 1;
    }

    fn add_float(&mut self, f: f64) {
        self.floats.add(f);
        self.float = true;
        self.numbers += 1;
    }

    fn add_duration(&mut self, d: crate::temporal::Duration) {
        let durations = self.durations.get_or_insert_with(Box::default);
        durations.add(d);
        durations.count += 1;
    }

    fn merge(&mut self, other: &Total) {
        self.ints += other.ints;
        self.floats.merge(&other.floats);
        self.float |= other.float;
        self.numbers += other.numbers;
        if let Some(theirs) = &other.durations {
            let durations = self.durations.get_or_insert_with(Box::default);
            durations.count += theirs.count;
            if durations.overflow.is_none() {
                durations.overflow = theirs.overflow.clone();
            }
            durations.add(theirs.total);
        }
    }

    /// The exact sum of the numbers, rounded once to a float.
    fn float_sum(&self) -> f64 {
        let mut all = self.floats.clone();
        all.add_int(self.ints);
        // `+ 0.0`: a sum starts from the integer 0, so that a sum of negative zeros is 0.0.
        all.value() + 0.0
    }

    fn finish(self, kind: AggregateKind) -> Result<Value> {
        let avg = kind == AggregateKind::Avg;
        if let Some(durations) = self.durations {
            if self.numbers > 0 {
                return Err(Error::type_error(format!(
                    "{}() expects all Durations or all numbers, got both",
                    kind.name()
                )));
            }
            if let Some(e) = durations.overflow {
                return Err(Error::arithmetic(e));
            }
            let d = if avg {
                durations
                    .total
                    .div_float(durations.count as f64)
                    .map_err(Error::arithmetic)?
            } else {
                durations.total
            };
            return Ok(Value::from(crate::temporal::Temporal::Duration(d)));
        }
        Ok(match (avg, self.float) {
            (true, _) if self.numbers == 0 => Value::Null,
            (true, false) => Value::Float(self.ints as f64 / self.numbers as f64),
            (true, true) => Value::Float(self.float_sum() / self.numbers as f64),
            (false, false) => Value::Int(
                i64::try_from(self.ints).map_err(|_| Error::arithmetic("integer overflow"))?,
            ),
            (false, true) => Value::Float(self.float_sum()),
        })
    }
}

/// An exact sum of floats: Shewchuk's non-overlapping partials, rounded once at the end as
/// Python's `math.fsum` rounds them. The result is the float nearest the true sum, whatever the
/// order of the terms. Infinities and NaN are added apart (as floats add them, which does not
/// depend on the order either); a total beyond the largest float is an infinity.
#[derive(Clone, Debug, Default)]
struct FloatSum {
    partials: smallvec::SmallVec<[f64; 3]>,
    /// The sum of the infinities and NaNs taken, and of the totals that overflowed.
    special: f64,
    /// Whether `special` holds anything.
    any_special: bool,
}

impl FloatSum {
    fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.special += x;
            self.any_special = true;
            return;
        }
        let mut x = x;
        let mut kept = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            if !hi.is_finite() {
                // Past the largest float: the total is an infinity of this sign.
                self.partials.clear();
                self.special += hi;
                self.any_special = true;
                return;
            }
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        self.partials.truncate(kept);
        self.partials.push(x);
    }

    /// Add an integer exactly (in as many floats as it takes).
    fn add_int(&mut self, mut i: i128) {
        while i != 0 {
            let f = i as f64;
            self.add(f);
            // `f` is within 2^75 of `i` (|i| < 2^127): the rest is exact in 128 bits.
            match i.checked_sub(f as i128) {
                Some(rest) if f.abs() < 1.7e38 => i = rest,
                _ => break,
            }
        }
    }

    fn merge(&mut self, other: &FloatSum) {
        for &p in &other.partials {
            self.add(p);
        }
        if other.any_special {
            self.special += other.special;
            self.any_special = true;
        }
    }

    /// The sum, correctly rounded.
    fn value(&self) -> f64 {
        if self.any_special {
            return self.special;
        }
        let p = &self.partials;
        let Some(&last) = p.last() else {
            return 0.0;
        };
        let mut hi = last;
        let mut lo = 0.0;
        let mut n = p.len() - 1;
        while n > 0 {
            n -= 1;
            let (x, y) = (hi, p[n]);
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Half-way between two floats: the partials below say which way to round.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

/// `stDev` and `stDevP`: the exact sums of the values and of their squares (each square taken
/// exactly as two floats, `x * x` and the fused multiply-add's remainder), from which the
/// squared deviations `n * sum(x^2) - sum(x)^2` are found exactly and rounded once. The answer
/// is therefore the same whatever the order of the values, and whether parts of them are
/// summed apart and merged, as a running mean (Welford's) would not be; and it is more
/// accurate. The sums are exact while every value is zero or between 2^-300 and 2^300 in
/// magnitude; the rare values outside (`wide`) are kept apart, sorted at the end and added to
/// the others' mean and deviations one by one (Chan's update), so that the order does not
/// matter for them either. A value that is not finite makes the answer NaN.
#[derive(Clone, Debug, Default)]
struct Dev {
    /// The values summed exactly: those between 2^-60 and 2^64 in magnitude (most) in fixed
    /// point, where an addition costs a few integer operations; the others as floats.
    count: u64,
    fixed_sum: Fixed<4>,
    fixed_squares: Fixed<7>,
    sum: FloatSum,
    squares: FloatSum,
    /// The values outside the exact range, and whether any value was not finite.
    wide: Vec<f64>,
    not_finite: bool,
}

impl Dev {
    /// The smallest biased exponent summed in fixed point (2^-60).
    const FIXED_LOW: u64 = 963;

    fn add(&mut self, x: f64) {
        // The biased exponent: 2^-300 <= |x| < 2^301 keeps the sums, squares and products
        // exact in floats.
        let bits = x.to_bits();
        let exponent = (bits >> 52) & 0x7ff;
        if (Self::FIXED_LOW..Self::FIXED_LOW + 124).contains(&exponent) {
            // x = m * 2^(exponent - 1075), m of 53 bits; in units of 2^-112 for the sum and
            // 2^-224 for the squares.
            let m = u128::from((bits & ((1 << 52) - 1)) | (1 << 52));
            let shift = (exponent - Self::FIXED_LOW) as u32;
            let negative = bits >> 63 == 1;
            self.count += 1;
            self.fixed_sum.add(m, shift, negative);
            self.fixed_squares.add(m * m, 2 * shift, false);
        } else if !x.is_finite() {
            self.not_finite = true;
        } else if x == 0.0 || (1023 - 300..=1023 + 300).contains(&exponent) {
            self.count += 1;
            self.sum.add(x);
            let hi = x * x;
            self.squares.add(hi);
            self.squares.add(x.mul_add(x, -hi));
        } else {
            self.wide.push(x);
        }
    }

    fn merge(&mut self, other: Dev) {
        self.count += other.count;
        self.fixed_sum.merge(&other.fixed_sum);
        self.fixed_squares.merge(&other.fixed_squares);
        self.sum.merge(&other.sum);
        self.squares.merge(&other.squares);
        self.wide.extend(other.wide);
        self.not_finite |= other.not_finite;
    }

    /// The standard deviation of the sample (`sample`: divided by n - 1) or of the whole
    /// population (by n); 0.0 with fewer values than the divisor needs.
    fn finish(mut self, sample: bool) -> f64 {
        if self.not_finite {
            return f64::NAN;
        }
        // The fixed-point sums join the floats' (exactly: in pieces of 52 bits).
        self.fixed_sum.add_to(&mut self.sum, -112);
        self.fixed_squares.add_to(&mut self.squares, -224);
        let n = self.count as f64;
        // n * sum(x^2) - sum(x)^2, exactly: every product split into two floats.
        let mut d = FloatSum::default();
        let mut exact_product = |x: f64, y: f64| {
            let hi = x * y;
            d.add(hi);
            d.add(x.mul_add(y, -hi));
        };
        // The count in two floats (exact beyond 2^53 too).
        let (n_hi, n_lo) = (n, (self.count as i128 - n as i128) as f64);
        for &q in &self.squares.partials {
            exact_product(n_hi, q);
            exact_product(n_lo, q);
        }
        for &p in &self.sum.partials {
            for &r in &self.sum.partials {
                exact_product(-p, r);
            }
        }
        let count = n + self.wide.len() as f64;
        let divisor = if sample { count - 1.0 } else { count };
        if divisor <= 0.0 {
            return 0.0;
        }
        if self.wide.is_empty() {
            return (d.value().max(0.0) / n / divisor).sqrt();
        }
        // The mean and the sum of squared deviations of the values summed exactly, and the
        // wide values in one order, each added to them (Welford's update), all scaled by a
        // power of two that brings the largest near 1, so that squares neither overflow nor
        // vanish.
        let (mean, m2) = match self.count {
            0 => (0.0, 0.0),
            _ => (self.sum.value() / n, d.value().max(0.0) / n),
        };
        self.wide.sort_by(f64::total_cmp);
        let largest = self
            .wide
            .iter()
            .map(|x| x.abs())
            .fold(mean.abs().max((m2 / n.max(1.0)).sqrt()), f64::max);
        if largest == 0.0 {
            return 0.0;
        }
        let e = -(largest.log2().floor() as i32);
        let (mut k, mut mean, mut m2) = (n, times_power_of_two(mean, e), m2);
        m2 = times_power_of_two(times_power_of_two(m2, e), e);
        for &x in &self.wide {
            let x = times_power_of_two(x, e);
            k += 1.0;
            let delta = x - mean;
            mean += delta / k;
            m2 += delta * (x - mean);
        }
        times_power_of_two((m2 / divisor).max(0.0).sqrt(), -e)
    }
}

/// A fixed-point number of `L` 64-bit limbs (least significant first), two's complement: the
/// exact sum of the values `Dev` takes in its range, in units of a power of two.
#[derive(Clone, Copy, Debug)]
struct Fixed<const L: usize> {
    limbs: [u64; L],
}

impl<const L: usize> Default for Fixed<L> {
    fn default() -> Self {
        Fixed { limbs: [0; L] }
    }
}

impl<const L: usize> Fixed<L> {
    /// Add (or with `negative` subtract) `m * 2^shift` units (`m` below 2^106; its top bit
    /// below the second limb from the top, which leaves the top limb for the carries).
    fn add(&mut self, m: u128, shift: u32, negative: bool) {
        let (at, off) = ((shift / 64) as usize, shift % 64);
        let (lo, hi) = (m as u64, (m >> 64) as u64);
        let words = if off == 0 {
            [lo, hi, 0]
        } else {
            [
                lo << off,
                (lo >> (64 - off)) | (hi << off),
                hi >> (64 - off),
            ]
        };
        let end = (at + 3).min(L);
        let mut carry = false;
        if negative {
            for (limb, &w) in self.limbs[at..end].iter_mut().zip(&words) {
                let (d, b1) = limb.overflowing_sub(w);
                let (d, b2) = d.overflowing_sub(u64::from(carry));
                *limb = d;
                carry = b1 | b2;
            }
            for limb in &mut self.limbs[end..] {
                if !carry {
                    break;
                }
                (*limb, carry) = limb.overflowing_sub(1);
            }
        } else {
            for (limb, &w) in self.limbs[at..end].iter_mut().zip(&words) {
                let (s, c1) = limb.overflowing_add(w);
                let (s, c2) = s.overflowing_add(u64::from(carry));
                *limb = s;
                carry = c1 | c2;
            }
            for limb in &mut self.limbs[end..] {
                if !carry {
                    break;
                }
                (*limb, carry) = limb.overflowing_add(1);
            }
        }
    }

    fn merge(&mut self, other: &Fixed<L>) {
        let mut carry = false;
        for (limb, &w) in self.limbs.iter_mut().zip(&other.limbs) {
            let (s, c1) = limb.overflowing_add(w);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            *limb = s;
            carry = c1 || c2;
        }
    }

    /// Add the number, in units of `2^unit`, to `sum` exactly: in pieces of 52 bits, each a
    /// float.
    fn add_to(&self, sum: &mut FloatSum, unit: i32) {
        let negative = self.limbs[L - 1] >> 63 == 1;
        let mut magnitude = self.limbs;
        if negative {
            // Two's complement: invert and add one.
            let mut carry = true;
            for limb in &mut magnitude {
                let (s, c) = (!*limb).overflowing_add(u64::from(carry));
                *limb = s;
                carry = c;
            }
        }
        let sign = if negative { -1.0 } else { 1.0 };
        let bit = |i: usize| magnitude[i / 64] >> (i % 64) & 1;
        for start in (0..64 * L).step_by(52) {
            let mut piece = 0u64;
            for i in (start..(start + 52).min(64 * L)).rev() {
                piece = piece << 1 | bit(i);
            }
            if piece != 0 {
                sum.add(sign * times_power_of_two(piece as f64, unit + start as i32));
            }
        }
    }
}

/// `x * 2^e`, in two steps so that neither factor leaves the floats' range.
fn times_power_of_two(x: f64, e: i32) -> f64 {
    let half = e / 2;
    x * 2f64.powi(half) * 2f64.powi(e - half)
}

/// The running state of one aggregate over one group.
#[derive(Clone, Debug)]
pub struct Accumulator {
    kind: AggregateKind,
    distinct: bool,
    seen: HashSet<GroupKey>,
    /// DISTINCT over nodes and relationships: their ids in bitmaps, no hashing of values.
    seen_nodes: roaring::RoaringBitmap,
    seen_rels: roaring::RoaringBitmap,
    state: State,
    /// What the values kept so far (listed, or seen under DISTINCT) were charged to the
    /// budget, and what was charged ahead of them (see `charge`).
    charged: Charged,
}

/// Bytes an accumulator charged to the statement's budget for the values it keeps: `used` by
/// them, and `ahead` of them, charged but not yet used.
#[derive(Clone, Debug, Default)]
struct Charged {
    used: u64,
    ahead: u64,
}

impl Charged {
    /// Charge `bytes` more: from what was charged ahead, or by charging the budget for them and
    /// a quarter of what is used so far ahead, so that an accumulator that keeps n values asks
    /// the budget O(log n) times, and never charges more than a quarter beyond what it keeps.
    #[inline]
    fn charge(&mut self, bytes: u64, what: &str, kind: budget::Kind) -> Result<()> {
        if bytes > self.ahead {
            let more = bytes.max(self.used / 4);
            budget::hold(more, what, kind)?;
            self.ahead += more;
        }
        self.ahead -= bytes;
        self.used += bytes;
        Ok(())
    }

    /// What another part's accumulator charged, now this one's.
    fn merge(&mut self, other: &Charged) {
        self.used += other.used;
        self.ahead += other.ahead;
    }
}

/// Whether `value` takes the place of `best` as `min` (or `max`): it comes before (after) it
/// in the ORDER BY order; or the two are equal in that order without being the same value
/// (`1` and `1.0`, `0.0` and `-0.0`), and `value` comes first by a fixed rule on the values
/// themselves (an integer before a float, then the floats' bits, then their text), so that the
/// answer does not depend on the order the rows came in, and parts of a group can be merged.
fn extreme_wins(kind: AggregateKind, value: &Value, best: &Value) -> bool {
    let wanted = if kind == AggregateKind::Min {
        Ordering::Less
    } else {
        Ordering::Greater
    };
    match order(value, best) {
        Ordering::Equal => match (value, best) {
            (Value::Int(_), Value::Float(_)) => true,
            (Value::Float(_), Value::Int(_)) => false,
            (Value::Float(a), Value::Float(b)) => a.to_bits() < b.to_bits(),
            // Dates and local times equal in order are the same value: no text to make for
            // them (the common tie: `max(r.date)` over many events of one day).
            (Value::Temporal(a), Value::Temporal(b))
                if matches!(
                    a.kind(),
                    crate::temporal::Kind::Date
                        | crate::temporal::Kind::LocalTime
                        | crate::temporal::Kind::LocalDateTime
                ) && a.kind() == b.kind() =>
            {
                false
            }
            // Values that may hold either (lists, maps) or be equal in order while different
            // (date-times in different zones): by their full text.
            (
                Value::List(_) | Value::Map(_) | Value::Temporal(_),
                Value::List(_) | Value::Map(_) | Value::Temporal(_),
            ) => format!("{value:?}") < format!("{best:?}"),
            // Anything else equal in order is the same value.
            _ => false,
        },
        o => o == wanted,
    }
}

impl Accumulator {
    pub fn new(kind: AggregateKind, distinct: bool) -> Accumulator {
        let state = match kind {
            AggregateKind::Count | AggregateKind::CountStar => State::Count(0),
            AggregateKind::Sum | AggregateKind::Avg => State::Total(Total::default()),
            AggregateKind::Min | AggregateKind::Max => State::Extreme(None),
            AggregateKind::Collect => State::Collect {
                items: Vec::new(),
                runs: Runs::new(),
            },
            AggregateKind::StDev | AggregateKind::StDevP => State::Dev(Box::default()),
            AggregateKind::PercentileCont | AggregateKind::PercentileDisc => State::Percentile {
                values: Vec::new(),
                percentile: None,
                runs: Runs::new(),
            },
        };
        Accumulator {
            kind,
            distinct,
            seen: HashSet::new(),
            seen_nodes: roaring::RoaringBitmap::new(),
            seen_rels: roaring::RoaringBitmap::new(),
            state,
            charged: Charged::default(),
        }
    }

    /// Whether accumulators of this aggregate over parts of a group can be merged into the
    /// group's own, in any order, with exactly the answer one pass gives: counts, with DISTINCT
    /// or without; `min` and `max` (whose ties are settled by the values, not by which came
    /// first: `extreme_wins`); `sum` and `avg` without DISTINCT (added exactly: `Total`);
    /// `collect` and the percentiles without DISTINCT, when each part was told its number
    /// (`at`): their lists are merged in the order of the parts; `stDev` and `stDevP` without
    /// DISTINCT (exact sums: `Dev`). Not aggregates with DISTINCT but counts, whose merge
    /// (exact: `first_of_each`) hashes every value again, which costs more than sharing the
    /// rows out saves.
    pub fn mergeable(kind: AggregateKind, distinct: bool) -> bool {
        match kind {
            AggregateKind::Count
            | AggregateKind::CountStar
            | AggregateKind::Min
            | AggregateKind::Max => true,
            AggregateKind::Sum
            | AggregateKind::Avg
            | AggregateKind::Collect
            | AggregateKind::PercentileCont
            | AggregateKind::PercentileDisc
            | AggregateKind::StDev
            | AggregateKind::StDevP => !distinct,
        }
    }

    /// The rows that follow are of part `part` (a morsel's number, or any number that grows
    /// with the place of the part's rows in the input): lists that keep the rows' order mark
    /// where the part's values begin, so that parts merge in order.
    pub fn at(&mut self, part: u64) {
        let (len, runs) = match &mut self.state {
            State::Collect { items, runs } => (items.len(), runs),
            State::Percentile { values, runs, .. } => (values.len(), runs),
            _ => return,
        };
        if runs.last().is_none_or(|&(p, _)| p != part) {
            runs.push((part, len));
        }
    }

    /// The part the rows now taken are of (see `at`).
    fn part(&self) -> u64 {
        match &self.state {
            State::Collect { runs, .. } | State::Percentile { runs, .. } => {
                runs.last().map_or(0, |r| r.0)
            }
            _ => 0,
        }
    }

    /// Whether rows are better grouped by their entity first when this aggregate is over a
    /// property of it (`pipeline::entity_keyed`): one accumulator per entity, merged into the
    /// groups afterwards, pays for counts, minima and maxima; an exact sum's state is several
    /// times theirs, and hashing the key on each row costs less than reaching one per entity.
    /// Never lists that keep the rows' order: an entity's rows are not together in the input.
    pub fn by_entity_first(kind: AggregateKind, _distinct: bool) -> bool {
        matches!(
            kind,
            AggregateKind::Count
                | AggregateKind::CountStar
                | AggregateKind::Min
                | AggregateKind::Max
        )
    }

    /// Add what `other` counted over another part of the same group (see `mergeable`): with
    /// DISTINCT, the values it saw that this one did not.
    pub fn merge(&mut self, other: Accumulator) {
        let Accumulator {
            state: theirs,
            seen,
            seen_nodes,
            seen_rels,
            charged,
            ..
        } = other;
        self.charged.merge(&charged);
        let distinct = self.distinct;
        match (&mut self.state, theirs) {
            (State::Total(total), State::Total(theirs)) => total.merge(&theirs),
            (State::Dev(dev), State::Dev(theirs)) if !distinct => dev.merge(*theirs),
            (
                State::Collect { items, runs },
                State::Collect {
                    items: theirs,
                    runs: their_runs,
                },
            ) => {
                merge_ordered(items, runs, theirs, their_runs);
                if distinct {
                    first_of_each(items, runs);
                }
            }
            (
                State::Percentile {
                    values,
                    percentile,
                    runs,
                },
                State::Percentile {
                    values: theirs,
                    percentile: their_percentile,
                    runs: their_runs,
                },
            ) => {
                merge_ordered(values, runs, theirs, their_runs);
                if distinct {
                    first_of_each(values, runs);
                }
                // The first row's percentile: the one of the earlier part.
                if let Some(p) = their_percentile {
                    if percentile.is_none_or(|mine| p.0 < mine.0) {
                        *percentile = Some(p);
                    }
                }
            }
            (State::Extreme(best), State::Extreme(Some(theirs)))
                if best
                    .as_ref()
                    .is_none_or(|b| extreme_wins(self.kind, &theirs, b)) =>
            {
                *best = Some(theirs);
            }
            (State::Count(n), State::Count(m)) if !distinct => *n = n.saturating_add(m),
            (State::Count(n), State::Count(_)) => {
                let mut fresh = 0i64;
                for id in &seen_nodes {
                    fresh += i64::from(self.seen_nodes.insert(id));
                }
                for id in &seen_rels {
                    fresh += i64::from(self.seen_rels.insert(id));
                }
                for key in seen {
                    if !self.seen.contains(&key) {
                        self.seen.insert(key);
                        fresh += 1;
                    }
                }
                *n = n.saturating_add(fresh);
            }
            _ => {}
        }
    }

    /// Count `n` rows at once: count(*) over a batch.
    pub(crate) fn add_rows(&mut self, n: u64) {
        if self.kind == AggregateKind::CountStar {
            if let State::Count(c) = &mut self.state {
                *c = c.saturating_add(i64::try_from(n).unwrap_or(i64::MAX));
            }
        }
    }

    /// For `min` and `max` without DISTINCT: false when a date of `days` (days since
    /// 1970-01-01) would not change the value kept, so that a date read in place from its
    /// column need not be made a value. True whenever it might.
    pub fn date_may_win(&self, days: i32) -> bool {
        let State::Extreme(Some(best)) = &self.state else {
            return true;
        };
        match (self.kind, crate::graph::date_days(best)) {
            (AggregateKind::Min, Some(b)) => days < b,
            (AggregateKind::Max, Some(b)) => days > b,
            _ => true,
        }
    }

    /// Take an integer read in place (as `update` would take `Value::Int`).
    pub(crate) fn update_int(&mut self, i: i64) -> Result<()> {
        match &mut self.state {
            State::Total(total) if !self.distinct => {
                total.add_int(i);
                Ok(())
            }
            State::Dev(dev) if !self.distinct => {
                dev.add(i as f64);
                Ok(())
            }
            _ => self.update(Value::Int(i), None),
        }
    }

    /// Take a float read in place (as `update` would take `Value::Float`).
    pub(crate) fn update_float(&mut self, f: f64) -> Result<()> {
        match &mut self.state {
            State::Total(total) if !self.distinct => {
                total.add_float(f);
                Ok(())
            }
            State::Dev(dev) if !self.distinct => {
                dev.add(f);
                Ok(())
            }
            _ => self.update(Value::Float(f), None),
        }
    }

    /// Take one row's value; `extra` is the percentile argument of the percentile functions.
    pub fn update(&mut self, value: Value, extra: Option<&Value>) -> Result<()> {
        if self.kind == AggregateKind::CountStar {
            if let State::Count(n) = &mut self.state {
                *n = n.saturating_add(1);
            }
            return Ok(());
        }
        if matches!(
            self.kind,
            AggregateKind::PercentileCont | AggregateKind::PercentileDisc
        ) {
            self.set_percentile(extra)?;
        }
        if value.is_null() {
            return Ok(());
        }
        if self.distinct {
            let fresh = match &value {
                Value::Node(n) => self.seen_nodes.insert(n.0),
                Value::Rel(r) => self.seen_rels.insert(r.0),
                other => {
                    let fresh = self.seen.insert(GroupKey::new(other));
                    if fresh {
                        // A value kept for DISTINCT is held to the statement's end.
                        let bytes = budget::value_bytes(other) + 16;
                        let what = "DISTINCT in an aggregate";
                        self.charged.charge(bytes, what, budget::Kind::Rows)?;
                    }
                    fresh
                }
            };
            if !fresh {
                return Ok(());
            }
        }
        let kind = self.kind;
        match &mut self.state {
            State::Count(n) => *n = n.saturating_add(1),
            State::Total(total) => match &value {
                Value::Int(i) => total.add_int(*i),
                Value::Float(f) => total.add_float(*f),
                Value::Temporal(t) => match &**t {
                    crate::temporal::Temporal::Duration(d) => total.add_duration(*d),
                    _ => return Err(not_a_number_or_duration(kind, &value)),
                },
                other => return Err(not_a_number_or_duration(kind, other)),
            },
            State::Extreme(best) => {
                if best.as_ref().is_none_or(|b| extreme_wins(kind, &value, b)) {
                    *best = Some(value);
                }
            }
            State::Collect { items, .. } => {
                // What the list holds is held to the statement's end (it goes on in a row).
                let bytes = budget::value_bytes(&value);
                self.charged
                    .charge(bytes, "collect()", budget::Kind::Value)?;
                items.push(value)
            }
            State::Dev(dev) => dev.add(number(kind, &value)?),
            State::Percentile { values, .. } => {
                number(kind, &value)?;
                self.charged
                    .charge(budget::VALUE, kind.name(), budget::Kind::Rows)?;
                values.push(value);
            }
        }
        Ok(())
    }

    fn set_percentile(&mut self, extra: Option<&Value>) -> Result<()> {
        let kind = self.kind;
        let p = match extra {
            Some(Value::Int(i)) => *i as f64,
            Some(Value::Float(f)) => *f,
            Some(other) => {
                return Err(Error::type_error(format!(
                    "{}() expects a number as percentile, got {}",
                    kind.name(),
                    other.type_name()
                )))
            }
            None => {
                return Err(Error::argument(format!(
                    "{}() requires a percentile",
                    kind.name()
                )))
            }
        };
        if !(0.0..=1.0).contains(&p) {
            return Err(Error::argument(format!(
                "{}() expects a percentile between 0.0 and 1.0, got {}",
                kind.name(),
                crate::exec::ops::format_float(p)
            )));
        }
        let part = self.part();
        if let State::Percentile { percentile, .. } = &mut self.state {
            percentile.get_or_insert((part, p));
        }
        Ok(())
    }

    /// The aggregate's result over every value taken; a percentile's sort stops when `cancel`
    /// fires.
    pub fn finish(self, cancel: Cancel) -> Result<Value> {
        let kind = self.kind;
        Ok(match self.state {
            State::Count(n) => Value::Int(n),
            State::Total(total) => total.finish(kind)?,
            State::Extreme(best) => best.unwrap_or(Value::Null),
            State::Collect { items, .. } => Value::List(items),
            State::Dev(dev) => Value::Float(dev.finish(kind == AggregateKind::StDev)),
            State::Percentile {
                values, percentile, ..
            } => {
                let Some((_, p)) = percentile else {
                    return Ok(Value::Null);
                };
                if values.is_empty() {
                    return Ok(Value::Null);
                }
                // The values at the ranks wanted, found without sorting the rest.
                if kind == AggregateKind::PercentileCont {
                    percentile_cont(values, p, cancel)?
                } else {
                    percentile_disc(values, p, cancel)?
                }
            }
        })
    }
}

fn not_a_number(kind: AggregateKind, v: &Value) -> Error {
    Error::type_error(format!(
        "{}() expects numbers, got {}",
        kind.name(),
        v.type_name()
    ))
}

fn not_a_number_or_duration(kind: AggregateKind, v: &Value) -> Error {
    Error::type_error(format!(
        "{}() expects numbers or Durations, got {}",
        kind.name(),
        v.type_name()
    ))
}

fn number(kind: AggregateKind, v: &Value) -> Result<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        other => Err(not_a_number(kind, other)),
    }
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// The order a percentile picks its values by: Cypher's order, and between numbers equal in
/// it but not the same (`1` and `1.0`, `0.0` and `-0.0`) an integer first, then by the float's
/// bits (as `min` settles them), so that the value picked does not depend on the rows' order.
fn percentile_order(a: &Value, b: &Value) -> Ordering {
    order(a, b).then_with(|| match (a, b) {
        (Value::Int(_), Value::Float(_)) => Ordering::Less,
        (Value::Float(_), Value::Int(_)) => Ordering::Greater,
        (Value::Float(x), Value::Float(y)) => x.to_bits().cmp(&y.to_bits()),
        _ => Ordering::Equal,
    })
}

/// Linear interpolation between the two values nearest to rank `p * (n - 1)` of `values`
/// (at least one) in order.
fn percentile_cont(mut values: Vec<Value>, p: f64, cancel: Cancel) -> Result<Value> {
    let n = values.len();
    let rank = p * (n - 1) as f64;
    let lo = (rank.floor() as usize).min(n - 1);
    let hi = (rank.ceil() as usize).min(n - 1);
    super::select_cancellable(&mut values, lo, cancel, percentile_order)?;
    let a = as_f64(&values[lo]);
    if lo == hi {
        return Ok(Value::Float(a));
    }
    // The value after `lo` in order: the least of those after it.
    let mut next = &values[lo + 1];
    for v in &values[lo + 2..] {
        cancel.tick()?;
        if percentile_order(v, next) == Ordering::Less {
            next = v;
        }
    }
    let b = as_f64(next);
    Ok(Value::Float(
        a * (hi as f64 - rank) + b * (rank - lo as f64),
    ))
}

/// The smallest of `values` (at least one) whose cumulative share reaches `p` (the value
/// itself, not a float).
fn percentile_disc(mut values: Vec<Value>, p: f64, cancel: Cancel) -> Result<Value> {
    let n = values.len();
    let rank = p * n as f64;
    let whole = rank as usize;
    let idx = if rank != whole as f64 || whole == 0 {
        whole
    } else {
        whole - 1
    };
    let idx = idx.min(n - 1);
    super::select_cancellable(&mut values, idx, cancel, percentile_order)?;
    Ok(values.swap_remove(idx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::ErrorKind;
    use crate::graph::NodeId;

    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn i(x: i64) -> Value {
        Value::Int(x)
    }
    fn f(x: f64) -> Value {
        Value::Float(x)
    }
    const N: Value = Value::Null;

    fn run(kind: AggregateKind, distinct: bool, values: Vec<Value>) -> Result<Value> {
        let mut acc = Accumulator::new(kind, distinct);
        for v in values {
            acc.update(v, None)?;
        }
        acc.finish(Cancel::default())
    }
    fn agg(kind: AggregateKind, values: Vec<Value>) -> Value {
        run(kind, false, values).unwrap()
    }
    /// The answer over `rows` in one pass, and split at every place in two parts merged.
    fn split_answers(kind: AggregateKind, rows: &[Value]) -> Vec<String> {
        let mut answers = vec![format!("{:?}", agg(kind, rows.to_vec()))];
        for cut in 0..=rows.len() {
            let (mut a, mut b) = (Accumulator::new(kind, false), Accumulator::new(kind, false));
            for v in &rows[..cut] {
                a.update(v.clone(), None).unwrap();
            }
            for v in &rows[cut..] {
                b.update(v.clone(), None).unwrap();
            }
            b.merge(a.clone());
            answers.push(format!("{:?}", b.finish(Cancel::default()).unwrap()));
        }
        answers
    }

    #[test]
    fn min_and_max_do_not_depend_on_the_order_of_rows_nor_on_how_they_are_split() {
        let values = vec![
            f(1.0),
            i(1),
            f(-0.0),
            f(0.0),
            s("b"),
            i(3),
            f(3.0),
            Value::List(vec![f(-0.0)]),
            Value::List(vec![f(0.0)]),
        ];
        for kind in [AggregateKind::Min, AggregateKind::Max] {
            let mut answers = Vec::new();
            // Every rotation of the rows, in one pass and split in two parts merged.
            for r in 0..values.len() {
                let mut rows = values.clone();
                rows.rotate_left(r);
                answers.extend(split_answers(kind, &rows));
            }
            answers.dedup();
            assert_eq!(answers.len(), 1, "{kind:?}: {answers:?}");
        }
        // Among equal numbers an integer is taken, and 0.0 before -0.0.
        assert_eq!(agg(AggregateKind::Max, vec![f(3.0), i(3)]), i(3));
        assert_eq!(
            format!("{:?}", agg(AggregateKind::Min, vec![f(-0.0), f(0.0)])),
            "Float(0.0)"
        );
    }
    #[test]
    fn standard_deviations_do_not_depend_on_the_order_of_rows_nor_on_how_they_are_split() {
        // Magnitudes far apart (sums that cancel), integers, nulls, values beyond the exact
        // range (2^-300 to 2^300) both ways.
        let values = vec![
            f(1e16),
            i(3),
            f(0.1),
            f(-1e16),
            N,
            f(2.5e-7),
            i(-7),
            f(1.0 / 3.0),
            f(1e300),
            f(-3e-310),
            f(7e299),
            f(0.7),
        ];
        for kind in [AggregateKind::StDev, AggregateKind::StDevP] {
            for rows in [&values[..], &values[..8]] {
                let mut answers = Vec::new();
                for r in 0..rows.len() {
                    let mut rows = rows.to_vec();
                    rows.rotate_left(r);
                    answers.extend(split_answers(kind, &rows));
                    rows.reverse();
                    answers.extend(dealt_answers(kind, false, None, &rows, 3));
                }
                answers.dedup();
                assert_eq!(answers.len(), 1, "{kind:?}: {answers:?}");
            }
        }
    }

    #[test]
    fn standard_deviations_are_exact_before_the_last_rounding() {
        // Squares beyond 2^106 whose low bits decide the answer: 2^53, 2^53 + 2, 2^53 + 4
        // deviate by -2, 0, 2 from their mean.
        let big = 2f64.powi(53);
        let rows = vec![f(big), f(big + 2.0), f(big + 4.0)];
        assert_eq!(agg(AggregateKind::StDev, rows.clone()), f(2.0));
        assert_eq!(agg(AggregateKind::StDevP, rows), f((8.0f64 / 3.0).sqrt()));
        // Cancelling sums: 1e16, 1, -1e16, 1 (mean 0.5, squared deviations 1e32 each, twice).
        let rows = vec![f(1e16), i(1), f(-1e16), i(1)];
        let exact = ((2.0 * (1e16f64 - 0.5).powi(2) + 2.0 * 0.25) / 3.0).sqrt();
        assert_eq!(agg(AggregateKind::StDev, rows), f(exact));
        // Beyond the exact range: scaled, neither overflowing nor vanishing.
        let rows = vec![f(1e300), f(3e300), f(-1e300)];
        let sd = float(agg(AggregateKind::StDev, rows));
        assert!((sd / 2e300 - 1.0).abs() < 1e-15, "{sd}");
        let rows = vec![f(1e-310), f(3e-310), f(2e-310)];
        let sd = float(agg(AggregateKind::StDevP, rows));
        assert!((sd / 8.16496580927726e-311 - 1.0).abs() < 1e-4, "{sd}");
        // Not finite: NaN, wherever it comes.
        for rows in [vec![f(1.0), f(f64::INFINITY)], vec![f(f64::NAN), f(1.0)]] {
            assert!(float(agg(AggregateKind::StDev, rows)).is_nan());
        }
    }

    fn pct(kind: AggregateKind, p: Value, values: Vec<Value>) -> Result<Value> {
        let mut acc = Accumulator::new(kind, false);
        for v in values {
            acc.update(v, Some(&p))?;
        }
        acc.finish(Cancel::default())
    }
    fn float(v: Value) -> f64 {
        match v {
            Value::Float(x) => x,
            other => panic!("expected a float, got {other:?}"),
        }
    }

    #[test]
    fn distinct_entities_count_once_each_and_apart_from_other_values() {
        use crate::graph::{NodeId, RelId};
        let values = vec![
            Value::Node(NodeId(1)),
            Value::Node(NodeId(1)),
            Value::Node(NodeId(2)),
            Value::Rel(RelId(1)),
            Value::Rel(RelId(1)),
            Value::Int(1),
            Value::Int(1),
        ];
        assert_eq!(
            run(AggregateKind::Count, true, values.clone()).unwrap(),
            Value::Int(4)
        );
        let Value::List(items) = run(AggregateKind::Collect, true, values).unwrap() else {
            panic!("collect gives a list");
        };
        assert_eq!(
            items,
            vec![
                Value::Node(NodeId(1)),
                Value::Node(NodeId(2)),
                Value::Rel(RelId(1)),
                Value::Int(1)
            ]
        );
    }

    #[test]
    fn counting() {
        assert_eq!(agg(AggregateKind::Count, vec![i(1), N, s("a"), i(1)]), i(3));
        assert_eq!(agg(AggregateKind::CountStar, vec![i(1), N, N]), i(3));
        assert_eq!(agg(AggregateKind::Count, vec![]), i(0));
        assert_eq!(agg(AggregateKind::CountStar, vec![]), i(0));
        assert_eq!(
            run(
                AggregateKind::Count,
                true,
                vec![i(1), f(1.0), N, i(2), s("1")]
            )
            .unwrap(),
            i(3)
        );
        assert_eq!(
            run(
                AggregateKind::Count,
                true,
                vec![Value::List(vec![i(1)]), Value::List(vec![f(1.0)])]
            )
            .unwrap(),
            i(1)
        );
    }

    #[test]
    fn sums() {
        assert_eq!(agg(AggregateKind::Sum, vec![i(1), i(2), N, i(3)]), i(6));
        assert_eq!(agg(AggregateKind::Sum, vec![i(1), f(0.5)]), f(1.5));
        assert_eq!(agg(AggregateKind::Sum, vec![f(0.5), i(1)]), f(1.5));
        assert_eq!(agg(AggregateKind::Sum, vec![]), i(0));
        assert_eq!(agg(AggregateKind::Sum, vec![N, N]), i(0));
        assert_eq!(
            run(AggregateKind::Sum, true, vec![i(2), i(2), f(2.0), i(3)]).unwrap(),
            i(5)
        );
        let e = run(AggregateKind::Sum, false, vec![i(i64::MAX), i(1)]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Arithmetic);
        let e = run(AggregateKind::Sum, false, vec![i(1), s("a")]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Type);
        assert_eq!(e.message, "sum() expects numbers or Durations, got String");
        assert_eq!(
            run(AggregateKind::Sum, false, vec![f(1.0), Value::Bool(true)])
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
    }

    #[test]
    fn float_sums_are_exact_and_rounded_once() {
        let sum = |xs: &[f64]| float(agg(AggregateKind::Sum, xs.iter().map(|x| f(*x)).collect()));
        assert_eq!(sum(&[0.1; 10]), 1.0);
        assert_eq!(sum(&[1e16, 1.0, -1e16]), 1.0);
        assert_eq!(sum(&[1e100, 1.0, -1e100, 1e-100]), 1.0);
        // Half-way between two floats: the last partial decides (as Python's math.fsum).
        assert_eq!(sum(&[1e-16, 1.0, 1e16]), 1.0000000000000002e16);
        assert_eq!(sum(&[f64::MAX, f64::MAX]), f64::INFINITY);
        assert!(sum(&[f64::INFINITY, 1.0, f64::NEG_INFINITY]).is_nan());
        // A sum starts from the integer 0: negative zeros sum to 0.0.
        assert_eq!(sum(&[-0.0, -0.0]).to_bits(), 0.0f64.to_bits());
        // Integers and floats together, exactly: 2^53 + 1 is not a float, + 1.0 makes one.
        assert_eq!(
            agg(AggregateKind::Sum, vec![i(1 << 53), i(1), f(1.0)]),
            f(9007199254740994.0)
        );
        // Integers are added in 128 bits: only a total that does not fit is an overflow.
        assert_eq!(
            agg(AggregateKind::Sum, vec![i(i64::MAX), i(1), i(-1)]),
            i(i64::MAX)
        );
    }

    #[test]
    fn sums_and_averages_do_not_depend_on_the_order_of_rows_nor_on_how_they_are_split() {
        let values = vec![
            f(0.1),
            i(3),
            f(1e16),
            f(-0.3),
            i(-7),
            f(-1e16),
            f(2.5e-9),
            N,
            f(0.7),
        ];
        let day = |d: i64| {
            Value::from(crate::temporal::Temporal::Duration(
                crate::temporal::Duration {
                    days: d,
                    ..Default::default()
                },
            ))
        };
        let durations = vec![day(1), day(-3), N, day(40)];
        for kind in [AggregateKind::Sum, AggregateKind::Avg] {
            for values in [&values, &durations] {
                let mut answers = Vec::new();
                for r in 0..values.len() {
                    let mut rows = values.clone();
                    rows.rotate_left(r);
                    rows.swap(0, r / 2);
                    answers.extend(split_answers(kind, &rows));
                }
                answers.dedup();
                assert_eq!(answers.len(), 1, "{kind:?}: {answers:?}");
            }
        }
        // Numbers and durations together: an error, whichever part saw which.
        let (mut a, mut b) = (
            Accumulator::new(AggregateKind::Sum, false),
            Accumulator::new(AggregateKind::Sum, false),
        );
        a.update(i(1), None).unwrap();
        b.update(day(1), None).unwrap();
        b.merge(a.clone());
        let e = b.finish(Cancel::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Type);
        assert_eq!(
            e.message,
            "sum() expects all Durations or all numbers, got both"
        );
    }

    #[test]
    fn averages() {
        assert_eq!(agg(AggregateKind::Avg, vec![i(1), i(2), N]), f(1.5));
        assert_eq!(agg(AggregateKind::Avg, vec![i(1), f(2.0), i(6)]), f(3.0));
        assert_eq!(
            agg(AggregateKind::Avg, vec![i(i64::MAX), i(i64::MAX)]),
            f(i64::MAX as f64)
        );
        assert_eq!(agg(AggregateKind::Avg, vec![]), N);
        assert_eq!(agg(AggregateKind::Avg, vec![N]), N);
        assert_eq!(
            run(AggregateKind::Avg, true, vec![i(1), i(1), i(4)]).unwrap(),
            f(2.5)
        );
        assert_eq!(
            run(AggregateKind::Avg, false, vec![s("x")])
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
    }

    #[test]
    fn min_and_max() {
        assert_eq!(agg(AggregateKind::Min, vec![i(3), N, f(1.5), i(2)]), f(1.5));
        assert_eq!(agg(AggregateKind::Max, vec![i(3), N, f(1.5), i(2)]), i(3));
        assert_eq!(agg(AggregateKind::Min, vec![s("b"), s("a")]), s("a"));
        assert_eq!(agg(AggregateKind::Max, vec![s("b"), s("a")]), s("b"));
        // Mixed types follow the ORDER BY order: strings before numbers.
        assert_eq!(agg(AggregateKind::Min, vec![i(1), s("z")]), s("z"));
        assert_eq!(agg(AggregateKind::Max, vec![i(1), s("z")]), i(1));
        assert_eq!(
            agg(
                AggregateKind::Max,
                vec![Value::List(vec![i(1)]), Value::List(vec![i(2)])]
            ),
            Value::List(vec![i(2)])
        );
        assert_eq!(agg(AggregateKind::Min, vec![]), N);
        assert_eq!(agg(AggregateKind::Max, vec![N]), N);
        // The first of equal values is kept.
        assert_eq!(agg(AggregateKind::Min, vec![i(1), f(1.0)]), i(1));
        assert_eq!(
            run(AggregateKind::Max, true, vec![i(1), i(1), i(0)]).unwrap(),
            i(1)
        );
    }

    #[test]
    fn collecting() {
        assert_eq!(
            agg(AggregateKind::Collect, vec![i(1), N, s("a"), i(1)]),
            Value::List(vec![i(1), s("a"), i(1)])
        );
        assert_eq!(agg(AggregateKind::Collect, vec![]), Value::List(vec![]));
        assert_eq!(agg(AggregateKind::Collect, vec![N]), Value::List(vec![]));
        assert_eq!(
            run(
                AggregateKind::Collect,
                true,
                vec![
                    i(1),
                    f(1.0),
                    N,
                    i(2),
                    Value::Node(NodeId(3)),
                    Value::Node(NodeId(3))
                ]
            )
            .unwrap(),
            Value::List(vec![i(1), i(2), Value::Node(NodeId(3))])
        );
    }

    /// `rows` split into parts of `size`, dealt to two accumulators in turn (as two threads
    /// take morsels), each told its parts' numbers, then merged one into the other either
    /// way: the answers of one pass over the rows, and of each merge.
    fn dealt_answers(
        kind: AggregateKind,
        distinct: bool,
        p: Option<Value>,
        rows: &[Value],
        size: usize,
    ) -> Vec<String> {
        let answer = |acc: Accumulator| format!("{:?}", acc.finish(Cancel::default()).unwrap());
        let mut one = Accumulator::new(kind, distinct);
        for v in rows {
            one.update(v.clone(), p.as_ref()).unwrap();
        }
        let mut answers = vec![answer(one)];
        let mut two = [
            Accumulator::new(kind, distinct),
            Accumulator::new(kind, distinct),
        ];
        for (part, chunk) in rows.chunks(size).enumerate() {
            let acc = &mut two[part % 2];
            acc.at(part as u64);
            for v in chunk {
                acc.update(v.clone(), p.as_ref()).unwrap();
            }
        }
        let [a, b] = two;
        let (mut ab, mut ba) = (a.clone(), b.clone());
        ab.merge(b);
        ba.merge(a);
        answers.push(answer(ab));
        answers.push(answer(ba));
        answers
    }

    #[test]
    fn ordered_lists_merge_in_the_order_of_their_parts() {
        // Repeated values across parts (for DISTINCT), nulls, equal values of two types.
        let rows: Vec<Value> = (0..40)
            .map(|k| match k % 7 {
                0 => N,
                1 | 4 => i(k % 5),
                2 => f((k % 5) as f64),
                3 => s(&format!("s{}", k % 3)),
                _ => i(k),
            })
            .collect();
        let numbers: Vec<Value> = rows
            .iter()
            .filter(|v| matches!(v, Value::Int(_) | Value::Float(_) | Value::Null))
            .cloned()
            .collect();
        for size in [1, 3, 7, 40] {
            for distinct in [false, true] {
                let got = dealt_answers(AggregateKind::Collect, distinct, None, &rows, size);
                assert!(
                    got.iter().all(|a| *a == got[0]),
                    "collect (DISTINCT {distinct}), parts of {size}: {got:?}"
                );
                for kind in [AggregateKind::PercentileDisc, AggregateKind::PercentileCont] {
                    for p in [0.0, 0.3, 0.5, 1.0] {
                        let got = dealt_answers(kind, distinct, Some(f(p)), &numbers, size);
                        assert!(
                            got.iter().all(|a| *a == got[0]),
                            "{kind:?} {p} (DISTINCT {distinct}), parts of {size}: {got:?}"
                        );
                    }
                }
            }
        }
        // The lists themselves, not only their answers' equality: in the rows' order.
        let got = dealt_answers(
            AggregateKind::Collect,
            true,
            None,
            &[i(1), i(2), i(1), i(3), i(2)],
            1,
        );
        assert_eq!(got[1], format!("{:?}", Value::List(vec![i(1), i(2), i(3)])));
        // The first row's percentile is the one used, from whichever accumulator holds it.
        let mut a = Accumulator::new(AggregateKind::PercentileDisc, false);
        let mut b = Accumulator::new(AggregateKind::PercentileDisc, false);
        b.at(1);
        b.update(i(5), Some(&f(1.0))).unwrap();
        a.at(0);
        a.update(i(9), Some(&f(0.0))).unwrap();
        b.merge(a.clone());
        assert_eq!(b.finish(Cancel::default()).unwrap(), i(5));
    }

    #[test]
    fn percentiles_settle_ties_by_the_values() {
        // 1 and 1.0 are equal in order: the integer is picked, whichever came first.
        for rows in [vec![f(1.0), i(1), i(2)], vec![i(2), i(1), f(1.0)]] {
            let got = pct(AggregateKind::PercentileDisc, f(0.0), rows.clone()).unwrap();
            assert!(matches!(got, Value::Int(1)), "{rows:?}: {got:?}");
            let got = pct(AggregateKind::PercentileDisc, f(0.5), rows).unwrap();
            assert!(matches!(got, Value::Float(x) if x == 1.0), "{got:?}");
        }
        for rows in [vec![f(-0.0), f(0.0)], vec![f(0.0), f(-0.0)]] {
            let got = pct(AggregateKind::PercentileDisc, f(0.0), rows).unwrap();
            assert!(
                matches!(got, Value::Float(x) if x.to_bits() == 0),
                "{got:?}"
            );
        }
        // Many values, in two orders: the ranks found without sorting agree with a sort.
        let rows: Vec<Value> = (0..1001).map(|k| i((k * 7919) % 1001)).collect();
        let mut reversed = rows.clone();
        reversed.reverse();
        for p in [0.0, 0.1, 0.25, 0.5, 0.77, 0.999, 1.0] {
            for data in [rows.clone(), reversed.clone()] {
                let disc = pct(AggregateKind::PercentileDisc, f(p), data.clone()).unwrap();
                let want = ((p * 1001.0).ceil() as i64 - 1).max(0);
                assert_eq!(disc, i(want), "percentileDisc {p}");
                let cont = pct(AggregateKind::PercentileCont, f(p), data).unwrap();
                assert_eq!(cont, f(p * 1000.0), "percentileCont {p}");
            }
        }
    }

    #[test]
    fn values_kept_are_charged_in_growing_steps_within_a_quarter() {
        // The steps grow: the budget is asked far fewer times than values are kept.
        let mut charged = Charged::default();
        let mut asked = 0;
        for _ in 0..100_000 {
            if charged.ahead < 16 {
                asked += 1;
            }
            charged.charge(16, "test", budget::Kind::Value).unwrap();
        }
        assert!(asked < 60, "{asked}");
        assert!(charged.ahead <= charged.used / 4 + 16);
        // Under a budget: never past it, and stopped no earlier than a quarter ahead of it.
        let limit = budget::Limit {
            bytes: 1 << 20,
            source: budget::Source::Available,
        };
        let _governed = budget::govern(limit);
        let mut acc = Accumulator::new(AggregateKind::Collect, false);
        let mut kept = 0u64;
        let err = loop {
            match acc.update(i(kept as i64), None) {
                Ok(()) => kept += 1,
                Err(e) => break e,
            }
        };
        assert_eq!(err.kind, ErrorKind::Resource, "{err}");
        let bytes = kept * budget::value_bytes(&i(0));
        assert!(bytes <= 1 << 20, "{bytes}");
        assert!(bytes as f64 >= (1 << 20) as f64 / 1.25 - 64.0, "{bytes}");
    }

    #[test]
    fn standard_deviation() {
        let data = vec![i(2), i(4), i(4), i(4), i(5), i(5), i(7), i(9)];
        assert!((float(agg(AggregateKind::StDevP, data.clone())) - 2.0).abs() < 1e-12);
        assert!((float(agg(AggregateKind::StDev, data)) - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(agg(AggregateKind::StDev, vec![]), f(0.0));
        assert_eq!(agg(AggregateKind::StDevP, vec![]), f(0.0));
        assert_eq!(agg(AggregateKind::StDev, vec![i(5)]), f(0.0));
        assert_eq!(agg(AggregateKind::StDevP, vec![i(5), N]), f(0.0));
        assert_eq!(
            run(AggregateKind::StDevP, true, vec![i(1), i(1), i(3)]).unwrap(),
            f(1.0)
        );
        assert_eq!(
            run(AggregateKind::StDev, false, vec![s("a")])
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
    }

    #[test]
    fn percentiles() {
        let data = vec![i(10), i(40), N, i(30), i(20)];
        assert_eq!(
            pct(AggregateKind::PercentileCont, f(0.5), data.clone()).unwrap(),
            f(25.0)
        );
        assert_eq!(
            pct(AggregateKind::PercentileCont, f(0.0), data.clone()).unwrap(),
            f(10.0)
        );
        assert_eq!(
            pct(AggregateKind::PercentileCont, i(1), data.clone()).unwrap(),
            f(40.0)
        );
        assert_eq!(
            pct(AggregateKind::PercentileCont, f(0.4), data.clone()).unwrap(),
            f(22.0)
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(0.5), data.clone()).unwrap(),
            i(20)
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(0.0), data.clone()).unwrap(),
            i(10)
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(1.0), data.clone()).unwrap(),
            i(40)
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(0.51), data.clone()).unwrap(),
            i(30)
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(0.5), vec![f(1.5), i(2)]).unwrap(),
            f(1.5)
        );
        assert_eq!(
            pct(AggregateKind::PercentileCont, f(0.5), vec![i(7)]).unwrap(),
            f(7.0)
        );
        assert_eq!(
            pct(AggregateKind::PercentileCont, f(0.5), vec![]).unwrap(),
            N
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(0.5), vec![N]).unwrap(),
            N
        );
        let e = pct(AggregateKind::PercentileCont, f(1.5), vec![i(1)]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Argument);
        assert_eq!(
            e.message,
            "percentileCont() expects a percentile between 0.0 and 1.0, got 1.5"
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(-0.1), vec![i(1)])
                .unwrap_err()
                .kind,
            ErrorKind::Argument
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, f(f64::NAN), vec![i(1)])
                .unwrap_err()
                .kind,
            ErrorKind::Argument
        );
        assert_eq!(
            pct(AggregateKind::PercentileDisc, s("x"), vec![i(1)])
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
        assert_eq!(
            pct(AggregateKind::PercentileCont, f(0.5), vec![s("x")])
                .unwrap_err()
                .kind,
            ErrorKind::Type
        );
        let mut acc = Accumulator::new(AggregateKind::PercentileCont, false);
        assert_eq!(
            acc.update(i(1), None).unwrap_err().kind,
            ErrorKind::Argument
        );
        let mut acc = Accumulator::new(AggregateKind::PercentileCont, true);
        for v in [i(1), i(1), i(1), i(3)] {
            acc.update(v, Some(&f(0.5))).unwrap();
        }
        assert_eq!(acc.finish(Cancel::default()).unwrap(), f(2.0));
    }

    /// Every aggregate over assorted values, with assorted percentiles: errors are fine,
    /// panics are not.
    #[test]
    fn no_input_panics() {
        let values = vec![
            N,
            Value::Bool(true),
            i(i64::MIN),
            i(i64::MAX),
            f(f64::NAN),
            f(f64::INFINITY),
            f(-0.5),
            s("a"),
            Value::List(vec![N]),
            Value::Node(NodeId(1)),
        ];
        let kinds = [
            AggregateKind::Count,
            AggregateKind::CountStar,
            AggregateKind::Sum,
            AggregateKind::Avg,
            AggregateKind::Min,
            AggregateKind::Max,
            AggregateKind::Collect,
            AggregateKind::StDev,
            AggregateKind::StDevP,
            AggregateKind::PercentileCont,
            AggregateKind::PercentileDisc,
        ];
        for kind in kinds {
            for distinct in [false, true] {
                for p in [N, f(0.0), f(0.999), i(1), f(2.0), s("x")] {
                    for start in 0..values.len() {
                        let mut acc = Accumulator::new(kind, distinct);
                        for v in values.iter().skip(start).chain(values.iter()) {
                            if acc.update(v.clone(), Some(&p)).is_err() {
                                break;
                            }
                        }
                        let _ = acc.finish(Cancel::default());
                    }
                }
            }
        }
    }
}
