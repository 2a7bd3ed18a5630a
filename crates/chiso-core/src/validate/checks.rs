//! The checks: the small collections (unique ids, links) at once, then the observations a slice at a time
//! ([`Validator`]), so a large file can be checked between yields to the browser.

use super::issue::{Collection, Context, Issue, IssueKind, Subject};
use super::PERCENT_TOLERANCE;
use crate::model::{Dataset, Measure, Observation, Value};
use crate::period::RefPeriod;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::hash_map::Entry;

/// Runs every check on a dataset and returns every issue found (empty: valid). The same as stepping a
/// [`Validator`] to the end.
pub fn validate(ds: &Dataset) -> Vec<Issue> {
    let mut v = Validator::new(ds);
    while !v.step(ds, usize::MAX) {}
    v.finish()
}

/// Checks a dataset a slice of observations at a time, so that a large one (a reader's 50 MB sheet) can be
/// checked between yields to the browser. The small collections (periods, units, themes, indicators, sources) are
/// checked at once by [`Validator::new`]; each [`Validator::step`] then checks up to `budget` observations.
/// The validator keeps no borrow of the dataset, only indexes into it and hashes, so the caller keeps the dataset
/// and passes the same one to every step. The issues come out in the order [`validate`] gives them: ids, links,
/// observations, parts, exact duplicates.
#[derive(Debug)]
pub struct Validator {
    ids: Vec<Issue>,
    observation_ids: Vec<Issue>,
    references: Vec<Issue>,
    observations: Vec<Issue>,
    parts: Vec<Issue>,
    duplicates: Vec<Issue>,
    /// Position of each unit, indicator and source by id.
    units: HashMap<String, usize>,
    indicators: HashMap<String, usize>,
    sources: HashSet<String>,
    /// Indicators that are a part of some total.
    part_indicators: HashSet<String>,
    ids_seen: SeenBy,
    duplicates_seen: SeenBy,
    /// Observations of part indicators by hash of (indicator, unit, period).
    parts_by_key: HashMap<u64, Vec<u32>>,
    /// Observations of indicators with parts and without a bound, to compare with their parts.
    totals: Vec<u32>,
    next_observation: usize,
    next_total: usize,
    totals_sorted: bool,
}

/// Keys met so far, by 64-bit hash, each pointing at the first observation that had it; the keys themselves are
/// compared through the dataset, so no string is copied.
#[derive(Debug, Default)]
struct SeenBy {
    first: HashMap<u64, u32>,
    /// Observations whose key shares its hash with an earlier, different key (vanishingly rare).
    overflow: Vec<u32>,
}

impl SeenBy {
    /// The earlier observation with an equal key (`same(j)`: observation `j` has the key), or records `i`.
    fn check(&mut self, hash: u64, i: u32, same: impl Fn(u32) -> bool) -> Option<u32> {
        match self.first.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(i);
                None
            }
            Entry::Occupied(slot) => {
                let first = *slot.get();
                if same(first) {
                    return Some(first);
                }
                if let Some(&j) = self.overflow.iter().find(|&&j| same(j)) {
                    return Some(j);
                }
                self.overflow.push(i);
                None
            }
        }
    }
}

fn hash_of(value: impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(value)
}

/// A value compared exactly: numbers by their bits (`-0` is `0`), categories by code.
#[derive(PartialEq, Eq, Hash)]
enum Exact<'a> {
    Number(u64),
    Category(&'a str),
}

impl<'a> Exact<'a> {
    fn of(v: &'a Value) -> Exact<'a> {
        match v {
            Value::Number(n) => Exact::Number(if *n == 0.0 { 0 } else { n.to_bits() }),
            Value::Category(c) => Exact::Category(c),
        }
    }
}

/// What makes two observations exact duplicates.
fn duplicate_key(o: &Observation) -> (&str, &str, &RefPeriod, Exact<'_>, &str) {
    (o.indicator.as_str(), o.unit.as_str(), &o.period, Exact::of(&o.value), o.source.as_str())
}

impl Validator {
    /// Checks the small collections of `ds` and prepares the indexes the observation steps use.
    pub fn new(ds: &Dataset) -> Validator {
        let mut ids = Vec::new();
        check_unique_ids(ds, &mut ids);
        let mut references = Vec::new();
        check_references(ds, &mut references);
        Validator {
            ids,
            observation_ids: Vec::new(),
            references,
            observations: Vec::new(),
            parts: Vec::new(),
            duplicates: Vec::new(),
            units: ds.units.iter().enumerate().rev().map(|(i, u)| (u.id.clone(), i)).collect(),
            indicators: ds.indicators.iter().enumerate().rev().map(|(i, x)| (x.id.clone(), i)).collect(),
            sources: ds.sources.iter().map(|s| s.id.clone()).collect(),
            part_indicators: ds.indicators.iter().filter_map(|i| i.parts.as_ref()).flat_map(|p| p.of.clone()).collect(),
            ids_seen: SeenBy::default(),
            duplicates_seen: SeenBy::default(),
            parts_by_key: HashMap::default(),
            totals: Vec::new(),
            next_observation: 0,
            next_total: 0,
            totals_sorted: false,
        }
    }

    /// Observations checked so far (the first pass over them).
    pub fn checked(&self) -> usize {
        self.next_observation
    }

    /// Share of the work done, 0–1.
    pub fn progress(&self, ds: &Dataset) -> f64 {
        let n = ds.observations.len() + self.totals.len();
        if n == 0 {
            return 1.0;
        }
        (self.next_observation + self.next_total) as f64 / n as f64
    }

    /// Checks up to `budget` more observations (first each observation, then each total against its parts).
    /// Returns `true` once everything is checked.
    pub fn step(&mut self, ds: &Dataset, budget: usize) -> bool {
        let obs = &ds.observations;
        let end = self.next_observation.saturating_add(budget).min(obs.len());
        for i in self.next_observation..end {
            self.check_observation(ds, i);
        }
        let budget = budget - (end - self.next_observation);
        self.next_observation = end;
        if end < obs.len() {
            return false;
        }
        if !self.totals_sorted {
            // Totals are compared indicator by indicator, in the order of the indicator list.
            let indicators = &self.indicators;
            let rank = |i: &u32| indicators.get(obs[*i as usize].indicator.as_str()).copied().unwrap_or(usize::MAX);
            crate::sort::sort_by_key(&mut self.totals, rank);
            self.totals_sorted = true;
        }
        let end = self.next_total.saturating_add(budget).min(self.totals.len());
        for t in self.next_total..end {
            let total = self.totals[t] as usize;
            self.check_total(ds, total);
        }
        self.next_total = end;
        end == self.totals.len()
    }

    /// Every issue found, in the order of [`validate`].
    pub fn finish(self) -> Vec<Issue> {
        let mut out = self.ids;
        out.extend(self.observation_ids);
        out.extend(self.references);
        out.extend(self.observations);
        out.extend(self.parts);
        out.extend(self.duplicates);
        out
    }

    fn check_observation(&mut self, ds: &Dataset, i: usize) {
        let obs = &ds.observations;
        let o = &obs[i];
        let index = i as u32;
        if self.ids_seen.check(hash_of(&o.id), index, |j| obs[j as usize].id == o.id).is_some() {
            self.observation_ids.push(Issue::new(
                IssueKind::DuplicateId { collection: Collection::Observations, id: o.id.clone() },
                Context::of(Subject::Observation(o.id.clone()), Some("id")),
            ));
        }
        let ctx = |col: &str| Context::observation(&o.id, col);
        let issues = &mut self.observations;
        match self.units.get(o.unit.as_str()).map(|&u| &ds.units[u]) {
            None => issues.push(Issue::new(IssueKind::UnknownUnit { id: o.unit.to_string() }, ctx("unit"))),
            Some(u) => {
                let missing = [o.period.start(), o.period.end()].into_iter().find(|d| !u.exists_on(*d));
                if let Some(date) = missing {
                    issues.push(Issue::new(
                        IssueKind::UnitNotInForce { unit: u.id.clone(), date, from: u.from, to: u.to },
                        ctx("period"),
                    ));
                }
            }
        }
        check_sentence(ds, o, issues);
        if !self.sources.contains(o.source.as_str()) {
            issues.push(Issue::new(IssueKind::UnknownSource { id: o.source.to_string() }, ctx("source")));
        }
        match self.indicators.get(o.indicator.as_str()).map(|&x| &ds.indicators[x]) {
            None => {
                issues.push(Issue::new(IssueKind::UnknownIndicator { id: o.indicator.to_string() }, ctx("indicator")))
            }
            Some(ind) => {
                let kind = match (ind.measure, &o.value) {
                    (Measure::Percent, Value::Number(v)) if !(0.0..=100.0).contains(v) => {
                        Some(IssueKind::PercentOutOfRange { value: *v })
                    }
                    (Measure::Count, Value::Number(v)) if *v < 0.0 => Some(IssueKind::NegativeCount { value: *v }),
                    (Measure::Count, Value::Number(v)) if v.fract() != 0.0 => {
                        Some(IssueKind::FractionalCount { value: *v })
                    }
                    (Measure::Flag, Value::Number(v)) if *v != 0.0 && *v != 1.0 => {
                        Some(IssueKind::FlagNotBinary { value: *v })
                    }
                    (Measure::Count | Measure::Percent | Measure::Flag, Value::Number(_)) => None,
                    (Measure::Category, Value::Category(code)) => (!ind.categories.iter().any(|c| &c.code == code))
                        .then(|| IssueKind::UnknownCategory { code: code.clone(), indicator: ind.id.clone() }),
                    (measure, value) => Some(IssueKind::ValueTypeMismatch { measure, value: value.clone() }),
                };
                if let Some(kind) = kind {
                    issues.push(Issue::new(kind, ctx("value")));
                }
                if ind.parts.is_some() && o.bound.is_none() {
                    self.totals.push(index);
                }
            }
        }
        if self.part_indicators.contains(o.indicator.as_str()) {
            let key = hash_of((o.indicator.as_str(), o.unit.as_str(), &o.period));
            self.parts_by_key.entry(key).or_default().push(index);
        }
        let key = duplicate_key(o);
        if let Some(first) =
            self.duplicates_seen.check(hash_of(&key), index, |j| duplicate_key(&obs[j as usize]) == key)
        {
            self.duplicates.push(Issue::new(
                IssueKind::DuplicateObservation { first: obs[first as usize].id.clone() },
                Context::observation(&o.id, "id"),
            ));
        }
    }

    /// Compares a total with the part observations of the same unit and period. When a part has several
    /// observations there, the one from the total's source is used (else the first). Observations with a
    /// [`crate::model::Bound`] are left out: "more than N" cannot be summed.
    fn check_total(&mut self, ds: &Dataset, total: usize) {
        let obs = &ds.observations;
        let total = &obs[total];
        let Some(ind) = self.indicators.get(total.indicator.as_str()).map(|&x| &ds.indicators[x]) else { return };
        let Some(parts) = &ind.parts else { return };
        let Some(t) = total.value.as_number() else { return };
        let tolerance = if ind.measure == Measure::Percent { PERCENT_TOLERANCE } else { 1e-9 };
        let found: Vec<&Observation> = parts
            .of
            .iter()
            .filter_map(|p| {
                let key = (p.as_str(), total.unit.as_str(), &total.period);
                let cands: Vec<&Observation> = self
                    .parts_by_key
                    .get(&hash_of(key))?
                    .iter()
                    .map(|&j| &obs[j as usize])
                    .filter(|c| (c.indicator.as_str(), c.unit.as_str(), &c.period) == key)
                    .collect();
                cands.iter().find(|c| c.source == total.source).or_else(|| cands.first()).copied()
            })
            .filter(|o| o.bound.is_none())
            .collect();
        let nums: Vec<f64> = found.iter().filter_map(|o| o.value.as_number()).collect();
        if nums.is_empty() {
            return;
        }
        let sum: f64 = nums.iter().sum();
        let ids: Vec<String> = found.iter().map(|o| o.id.clone()).collect();
        let ctx = Context::observation(&total.id, "value");
        if sum > t + tolerance {
            self.parts.push(Issue::new(IssueKind::PartsExceedTotal { total: t, sum, parts: ids }, ctx));
        } else if parts.exhaustive && nums.len() == parts.of.len() && (sum - t).abs() > tolerance {
            self.parts.push(Issue::new(IssueKind::PartsDoNotAddUp { total: t, sum, parts: ids }, ctx));
        }
    }
}

/// The exact sentence: it must be there, and a number must be written in it unless the row says how it was
/// derived (`derived`, not blank). Invented data (`synthetic: true`) has no published sentence to hold its values,
/// so only the presence of a sentence is checked there. Category codes are not looked for: sentences name the
/// rating in words ("Hoàn thành tốt nhiệm vụ").
fn check_sentence(ds: &Dataset, o: &Observation, issues: &mut Vec<Issue>) {
    if o.sentence.trim().is_empty() {
        issues.push(Issue::new(IssueKind::NoSentence, Context::observation(&o.id, "sentence")));
        return;
    }
    let derived = o.derived.as_deref().is_some_and(|d| !d.trim().is_empty());
    if let (Value::Number(v), false, false) = (&o.value, derived, ds.synthetic) {
        if !super::value_in_sentence(*v, &o.sentence) {
            issues.push(Issue::new(IssueKind::ValueNotInSentence { value: *v }, Context::observation(&o.id, "value")));
        }
    }
}

fn check_unique_ids(ds: &Dataset, issues: &mut Vec<Issue>) {
    fn dup<'a>(
        ids: impl Iterator<Item = &'a str>,
        collection: Collection,
        subject: fn(String) -> Subject,
        issues: &mut Vec<Issue>,
    ) {
        let mut seen = HashSet::default();
        for id in ids {
            if !seen.insert(id) {
                issues.push(Issue::new(
                    IssueKind::DuplicateId { collection, id: id.to_string() },
                    Context::of(subject(id.to_string()), Some("id")),
                ));
            }
        }
    }
    dup(ds.periods.iter().map(|p| p.id.as_str()), Collection::Periods, Subject::Period, issues);
    dup(ds.units.iter().map(|u| u.id.as_str()), Collection::Units, Subject::Unit, issues);
    dup(ds.themes.iter().map(|t| t.id.as_str()), Collection::Themes, Subject::Theme, issues);
    dup(ds.indicators.iter().map(|i| i.id.as_str()), Collection::Indicators, Subject::Indicator, issues);
    dup(ds.sources.iter().map(|s| s.id.as_str()), Collection::Sources, Subject::Source, issues);
}

fn check_references(ds: &Dataset, issues: &mut Vec<Issue>) {
    let units: HashSet<&str> = ds.units.iter().map(|u| u.id.as_str()).collect();
    let periods: HashSet<&str> = ds.periods.iter().map(|p| p.id.as_str()).collect();
    let themes: HashSet<&str> = ds.themes.iter().map(|t| t.id.as_str()).collect();
    let indicators: HashSet<&str> = ds.indicators.iter().map(|i| i.id.as_str()).collect();
    for u in &ds.units {
        let ctx = |col: &str| Context::of(Subject::Unit(u.id.clone()), Some(col));
        let refs = u
            .parent
            .iter()
            .map(|p| ("parent", p))
            .chain(std::iter::once(("lineage", &u.lineage)))
            .chain(u.successors.iter().map(|s| ("successors", s)))
            .chain(u.predecessors.iter().map(|p| ("predecessors", p)));
        for (col, id) in refs {
            if !units.contains(id.as_str()) {
                issues.push(Issue::new(IssueKind::UnknownUnit { id: id.clone() }, ctx(col)));
            }
        }
        if let Some(p) = &u.period {
            if !periods.contains(p.as_str()) {
                issues.push(Issue::new(IssueKind::UnknownPeriod { id: p.clone() }, ctx("period")));
            }
        }
    }
    for s in &ds.sources {
        if let Some(url) = s.url.as_deref().filter(|u| crate::links::safe_link(u).is_none()) {
            issues.push(Issue::new(
                IssueKind::UnsafeUrl { url: url.to_string() },
                Context::of(Subject::Source(s.id.clone()), Some("url")),
            ));
        }
    }
    for i in &ds.indicators {
        let ctx = |col: &str| Context::of(Subject::Indicator(i.id.clone()), Some(col));
        if !themes.contains(i.theme.as_str()) {
            issues.push(Issue::new(IssueKind::UnknownTheme { id: i.theme.clone() }, ctx("theme")));
        }
        for part in i.parts.iter().flat_map(|p| p.of.iter()) {
            if !indicators.contains(part.as_str()) {
                issues.push(Issue::new(IssueKind::UnknownIndicator { id: part.clone() }, ctx("parts")));
            }
        }
    }
}
