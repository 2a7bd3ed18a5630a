//! Content checks on a [`Dataset`]: every reference resolves, every value fits its indicator's measure, every unit
//! is in force when its figure refers to, parts agree with their totals, and nothing is listed twice.
//!
//! [`validate`] is pure and returns every problem it finds as an [`Issue`]; an empty list means the dataset is
//! valid. Each issue names where it is ([`Context`]: the row or record id and the column) and what is wrong
//! ([`IssueKind`]), and reads in English ([`Issue::message_en`], also its `Display`) or Vietnamese
//! ([`Issue::message_vi`]).
//!
//! Figures that disagree are *not* issues: two sources giving different numbers for the same unit and date
//! (1,447 vs 1,454 grassroots organisations in 2020) are both kept, and so are two figures of one source for the
//! same unit at different dates.

use crate::model::{Dataset, Measure, Observation, Value};
use crate::period::{Date, RefPeriod};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::hash_map::Entry;
use std::fmt;

/// Largest difference tolerated between a percent total and the sum of its parts (published shares are rounded).
pub const PERCENT_TOLERANCE: f64 = 0.05;

/// One problem found in a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// What is wrong.
    pub kind: IssueKind,
    /// Where it is.
    pub context: Context,
}

/// The kind of record an issue is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// An observation, by its id (the raw row id, e.g. `s12`).
    Observation(String),
    /// A unit record, by its id (`423@2013`).
    Unit(String),
    /// An indicator, by its id.
    Indicator(String),
    /// A source, by its id.
    Source(String),
    /// A theme, by its id.
    Theme(String),
    /// An administrative period, by its id.
    Period(String),
}

/// Where an issue is: the record and, when it concerns one field, the column (`value`, `unit`, `period`, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Context {
    /// The record.
    pub subject: Subject,
    /// The column (JSON field name), when the issue concerns one.
    pub column: Option<String>,
}

impl Context {
    /// The context of one column of an observation.
    pub fn observation(id: &str, column: &str) -> Context {
        Context { subject: Subject::Observation(id.to_string()), column: Some(column.to_string()) }
    }

    fn of(subject: Subject, column: Option<&str>) -> Context {
        Context { subject, column: column.map(str::to_string) }
    }

    /// "row s12, column `value`" or "unit 423@2013, column `parent`".
    pub fn describe_en(&self) -> String {
        let head = match &self.subject {
            Subject::Observation(id) => format!("row {id}"),
            Subject::Unit(id) => format!("unit {id}"),
            Subject::Indicator(id) => format!("indicator {id}"),
            Subject::Source(id) => format!("source {id}"),
            Subject::Theme(id) => format!("theme {id}"),
            Subject::Period(id) => format!("period {id}"),
        };
        match &self.column {
            Some(c) => format!("{head}, column `{c}`"),
            None => head,
        }
    }

    /// "dòng s12, cột `value`" or "đơn vị 423@2013, cột `parent`".
    pub fn describe_vi(&self) -> String {
        let head = match &self.subject {
            Subject::Observation(id) => format!("dòng {id}"),
            Subject::Unit(id) => format!("đơn vị {id}"),
            Subject::Indicator(id) => format!("chỉ số {id}"),
            Subject::Source(id) => format!("nguồn {id}"),
            Subject::Theme(id) => format!("chủ đề {id}"),
            Subject::Period(id) => format!("giai đoạn {id}"),
        };
        match &self.column {
            Some(c) => format!("{head}, cột `{c}`"),
            None => head,
        }
    }
}

/// A collection of the dataset whose ids must be unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Collection {
    /// `periods`.
    Periods,
    /// `units`.
    Units,
    /// `themes`.
    Themes,
    /// `indicators`.
    Indicators,
    /// `sources`.
    Sources,
    /// `observations`.
    Observations,
}

impl Collection {
    fn name_en(self) -> &'static str {
        match self {
            Collection::Periods => "periods",
            Collection::Units => "units",
            Collection::Themes => "themes",
            Collection::Indicators => "indicators",
            Collection::Sources => "sources",
            Collection::Observations => "observations",
        }
    }

    fn name_vi(self) -> &'static str {
        match self {
            Collection::Periods => "các giai đoạn",
            Collection::Units => "các đơn vị",
            Collection::Themes => "các chủ đề",
            Collection::Indicators => "các chỉ số",
            Collection::Sources => "các nguồn",
            Collection::Observations => "các số liệu",
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    /// A unit id (of an observation, or a parent/successor/predecessor/lineage of a unit) names no unit.
    UnknownUnit {
        /// The id that names nothing.
        id: String,
    },
    /// An indicator id (of an observation, or in an indicator's parts) names no indicator.
    UnknownIndicator {
        /// The id that names nothing.
        id: String,
    },
    /// An observation's source id names no source.
    UnknownSource {
        /// The id that names nothing.
        id: String,
    },
    /// An indicator's theme id names no theme.
    UnknownTheme {
        /// The id that names nothing.
        id: String,
    },
    /// A unit's period id names no administrative period.
    UnknownPeriod {
        /// The id that names nothing.
        id: String,
    },
    /// The observation's unit record is not in force for the whole reference period.
    UnitNotInForce {
        /// Unit id.
        unit: String,
        /// The first day of the reference period on which the unit is not in force.
        date: Date,
        /// First day the unit is in force, if bounded.
        from: Option<Date>,
        /// Last day the unit is in force, if bounded.
        to: Option<Date>,
    },
    /// A percent outside 0–100.
    PercentOutOfRange {
        /// The value.
        value: f64,
    },
    /// A count below zero.
    NegativeCount {
        /// The value.
        value: f64,
    },
    /// A count that is not a whole number.
    FractionalCount {
        /// The value.
        value: f64,
    },
    /// A flag value other than 0 or 1.
    FlagNotBinary {
        /// The value.
        value: f64,
    },
    /// A number where the indicator expects a category code, or a category code where it expects a number.
    ValueTypeMismatch {
        /// The indicator's measure.
        measure: Measure,
        /// The value as written.
        value: Value,
    },
    /// A category code the indicator does not list.
    UnknownCategory {
        /// The code.
        code: String,
        /// The indicator.
        indicator: String,
    },
    /// The parts of a total, found for the same unit and period, add up to more than the total.
    PartsExceedTotal {
        /// The total.
        total: f64,
        /// The sum of the parts found.
        sum: f64,
        /// Ids of the part observations.
        parts: Vec<String>,
    },
    /// All parts of an exhaustive total were found for the same unit and period, but they do not add up to it.
    PartsDoNotAddUp {
        /// The total.
        total: f64,
        /// The sum of the parts.
        sum: f64,
        /// Ids of the part observations.
        parts: Vec<String>,
    },
    /// Another observation has the same indicator, unit, period, value and source.
    DuplicateObservation {
        /// Id of the earlier observation.
        first: String,
    },
    /// Two records of one collection share an id.
    DuplicateId {
        /// The collection.
        collection: Collection,
        /// The repeated id.
        id: String,
    },
}

impl IssueKind {
    /// What is wrong, in English, without the location: "104.5 is outside 0–100 for a percent".
    pub fn message_en(&self) -> String {
        match self {
            IssueKind::UnknownUnit { id } => format!("there is no unit `{id}`"),
            IssueKind::UnknownIndicator { id } => format!("there is no indicator `{id}`"),
            IssueKind::UnknownSource { id } => format!("there is no source `{id}`"),
            IssueKind::UnknownTheme { id } => format!("there is no theme `{id}`"),
            IssueKind::UnknownPeriod { id } => format!("there is no administrative period `{id}`"),
            IssueKind::UnitNotInForce { unit, date, from, to } => {
                format!("unit `{unit}` is not in force on {date} (in force {})", span(*from, *to, false))
            }
            IssueKind::PercentOutOfRange { value } => {
                format!("{} is outside 0–100 for a percent", num(*value, false))
            }
            IssueKind::NegativeCount { value } => format!("{} is negative, but a count cannot be", num(*value, false)),
            IssueKind::FractionalCount { value } => {
                format!("{} is not a whole number, but a count must be", num(*value, false))
            }
            IssueKind::FlagNotBinary { value } => {
                format!("{} is not 0 or 1, as a yes/no flag must be", num(*value, false))
            }
            IssueKind::ValueTypeMismatch { measure, value } => {
                format!("{} where the indicator expects {}", value_en(value), measure_en(*measure))
            }
            IssueKind::UnknownCategory { code, indicator } => {
                format!("\"{code}\" is not one of the categories of indicator `{indicator}`")
            }
            IssueKind::PartsExceedTotal { total, sum, parts } => format!(
                "the parts ({}) add up to {}, more than the total {}",
                parts.join(", "),
                num(*sum, false),
                num(*total, false)
            ),
            IssueKind::PartsDoNotAddUp { total, sum, parts } => format!(
                "the parts ({}) add up to {}, not to the total {}",
                parts.join(", "),
                num(*sum, false),
                num(*total, false)
            ),
            IssueKind::DuplicateObservation { first } => {
                format!("same indicator, unit, period, value and source as row {first}")
            }
            IssueKind::DuplicateId { collection, id } => {
                format!("id `{id}` appears more than once in {}", collection.name_en())
            }
        }
    }

    /// What is wrong, in Vietnamese, without the location: "104,5 nằm ngoài khoảng 0–100 của một tỉ lệ phần trăm".
    pub fn message_vi(&self) -> String {
        match self {
            IssueKind::UnknownUnit { id } => format!("không có đơn vị `{id}`"),
            IssueKind::UnknownIndicator { id } => format!("không có chỉ số `{id}`"),
            IssueKind::UnknownSource { id } => format!("không có nguồn `{id}`"),
            IssueKind::UnknownTheme { id } => format!("không có chủ đề `{id}`"),
            IssueKind::UnknownPeriod { id } => format!("không có giai đoạn hành chính `{id}`"),
            IssueKind::UnitNotInForce { unit, date, from, to } => format!(
                "đơn vị `{unit}` không tồn tại vào ngày {} (tồn tại {})",
                date_vi(*date),
                span(*from, *to, true)
            ),
            IssueKind::PercentOutOfRange { value } => {
                format!("{} nằm ngoài khoảng 0–100 của một tỉ lệ phần trăm", num(*value, true))
            }
            IssueKind::NegativeCount { value } => format!("{} là số âm, nhưng số đếm không thể âm", num(*value, true)),
            IssueKind::FractionalCount { value } => {
                format!("{} không phải số nguyên, nhưng số đếm phải là số nguyên", num(*value, true))
            }
            IssueKind::FlagNotBinary { value } => {
                format!("{} không phải 0 hoặc 1, như một giá trị có/không phải có", num(*value, true))
            }
            IssueKind::ValueTypeMismatch { measure, value } => {
                format!("{} trong khi chỉ số cần {}", value_vi(value), measure_vi(*measure))
            }
            IssueKind::UnknownCategory { code, indicator } => {
                format!("\"{code}\" không thuộc các loại của chỉ số `{indicator}`")
            }
            IssueKind::PartsExceedTotal { total, sum, parts } => format!(
                "các thành phần ({}) cộng lại được {}, lớn hơn tổng {}",
                parts.join(", "),
                num(*sum, true),
                num(*total, true)
            ),
            IssueKind::PartsDoNotAddUp { total, sum, parts } => format!(
                "các thành phần ({}) cộng lại được {}, không bằng tổng {}",
                parts.join(", "),
                num(*sum, true),
                num(*total, true)
            ),
            IssueKind::DuplicateObservation { first } => {
                format!("trùng chỉ số, đơn vị, thời điểm, giá trị và nguồn với dòng {first}")
            }
            IssueKind::DuplicateId { collection, id } => {
                format!("mã `{id}` xuất hiện nhiều lần trong {}", collection.name_vi())
            }
        }
    }
}

impl Issue {
    fn new(kind: IssueKind, context: Context) -> Issue {
        Issue { kind, context }
    }

    /// The message in English: "row s12, column `value`: 104.5 is outside 0–100 for a percent".
    pub fn message_en(&self) -> String {
        format!("{}: {}", self.context.describe_en(), self.kind.message_en())
    }

    /// The message in Vietnamese: "dòng s12, cột `value`: 104,5 nằm ngoài khoảng 0–100 của một tỉ lệ phần trăm".
    pub fn message_vi(&self) -> String {
        format!("{}: {}", self.context.describe_vi(), self.kind.message_vi())
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}

/// A number as written in messages: thousands grouped ("3,390" / "3.390"), decimals as needed ("104.5" / "104,5").
fn num(v: f64, vi: bool) -> String {
    let (group, point) = if vi { ('.', ',') } else { (',', '.') };
    let text = format!("{}", v.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "−" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}{point}{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn date_vi(d: Date) -> String {
    format!("{}/{}/{}", d.day, d.month, d.year)
}

fn span(from: Option<Date>, to: Option<Date>, vi: bool) -> String {
    let show = |d: Date| if vi { date_vi(d) } else { d.to_string() };
    match (from, to, vi) {
        (Some(f), Some(t), _) => format!("{} – {}", show(f), show(t)),
        (Some(f), None, false) => format!("from {}", show(f)),
        (Some(f), None, true) => format!("từ {}", show(f)),
        (None, Some(t), false) => format!("until {}", show(t)),
        (None, Some(t), true) => format!("đến {}", show(t)),
        (None, None, false) => "always".to_string(),
        (None, None, true) => "mọi lúc".to_string(),
    }
}

fn measure_en(m: Measure) -> &'static str {
    match m {
        Measure::Count => "a count",
        Measure::Percent => "a percent",
        Measure::Category => "a category code",
        Measure::Flag => "a yes/no flag (0 or 1)",
    }
}

fn measure_vi(m: Measure) -> &'static str {
    match m {
        Measure::Count => "một số đếm",
        Measure::Percent => "một tỉ lệ phần trăm",
        Measure::Category => "một mã phân loại",
        Measure::Flag => "một giá trị có/không (0 hoặc 1)",
    }
}

fn value_en(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("the number {}", num(*n, false)),
        Value::Category(c) => format!("the category code \"{c}\""),
    }
}

fn value_vi(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("số {}", num(*n, true)),
        Value::Category(c) => format!("mã phân loại \"{c}\""),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn unit(id: &str, period: Option<&str>, from: Option<&str>, to: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            code: id.split('@').next().unwrap().into(),
            name: format!("Huyện {id}"),
            short_name: id.into(),
            level: if id == "40" { Level::Province } else { Level::District },
            unit_type: if id == "40" { UnitType::Tinh } else { UnitType::Huyen },
            parent: (id != "40").then(|| "40".to_string()),
            period: period.map(str::to_string),
            from: from.map(date),
            to: to.map(date),
            lineage: id.into(),
            successors: vec![],
            predecessors: vec![],
            change: None,
            flags: Default::default(),
        }
    }

    fn indicator(id: &str, measure: Measure) -> Indicator {
        Indicator {
            id: id.into(),
            theme: "organisations".into(),
            measure,
            name: Localized::new(id, id),
            description: Localized::new(id, id),
            higher_is_better: None,
            categories: vec![],
            parts: None,
        }
    }

    fn obs(id: &str, indicator: &str, unit: &str, period: &str, value: Value) -> Observation {
        Observation {
            id: id.into(),
            indicator: indicator.into(),
            unit: unit.into(),
            period: period.parse().unwrap(),
            approximate: false,
            period_text: None,
            value,
            bound: None,
            source: "src".into(),
            sentence: "…".into(),
            sentence_language: "vi".into(),
            unit_text: None,
            note: None,
            derived: None,
        }
    }

    fn n(v: f64) -> Value {
        Value::Number(v)
    }

    /// A small valid dataset: the province, one district in 2013 and 2020, a few indicators.
    fn base() -> Dataset {
        let mut rating = indicator("district_party_committee_rating", Measure::Category);
        rating.categories = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
            .into_iter()
            .map(|c| Category { code: c.into(), label: Localized::new(c, c), short: Localized::new(c, c) })
            .collect();
        let mut grads = indicator("graduates_to_communes", Measure::Count);
        grads.parts = Some(Parts {
            of: vec!["grads_university".into(), "grads_college".into(), "grads_secondary".into()],
            exhaustive: true,
        });
        let mut inter = indicator("intermediate_pct", Measure::Percent);
        inter.parts = Some(Parts { of: vec!["senior_pct".into()], exhaustive: false });
        let mut d2013 = unit("423@2013", Some("2013"), None, Some("2019-12-31"));
        d2013.successors = vec!["423@2020".into()];
        let mut d2020 = unit("423@2020", Some("2020"), Some("2020-01-01"), Some("2024-12-31"));
        d2020.predecessors = vec!["423@2013".into()];
        d2020.lineage = "423@2013".into();
        Dataset {
            schema: None,
            published: None,
            synthetic: false,
            schema_version: SCHEMA_VERSION,
            periods: vec![
                AdminPeriod {
                    id: "2013".into(),
                    label: Localized::new("2013 – 2019", "2013 – 2019"),
                    from: None,
                    to: Some(date("2019-12-31")),
                    has_districts: true,
                },
                AdminPeriod {
                    id: "2020".into(),
                    label: Localized::new("2020 – 2024", "2020 – 2024"),
                    from: Some(date("2020-01-01")),
                    to: Some(date("2024-12-31")),
                    has_districts: true,
                },
            ],
            units: vec![unit("40", None, None, None), d2013, d2020],
            themes: vec![Theme { id: "organisations".into(), name: Localized::new("Tổ chức", "Organisations") }],
            indicators: vec![
                indicator("clean_strong_orgs_pct", Measure::Percent),
                indicator("party_members", Measure::Count),
                rating,
                indicator("border_district", Measure::Flag),
                grads,
                indicator("grads_university", Measure::Count),
                indicator("grads_college", Measure::Count),
                indicator("grads_secondary", Measure::Count),
                inter,
                indicator("senior_pct", Measure::Percent),
            ],
            sources: vec![Source {
                id: "src".into(),
                title: "Title".into(),
                publisher: "Báo Nghệ An".into(),
                date: "2014".into(),
                url: Some("https://baonghean.vn/x".into()),
                file: None,
                language: "vi".into(),
            }],
            observations: vec![obs("s28", "clean_strong_orgs_pct", "423@2013", "2013", n(61.0))],
        }
    }

    fn with(extra: Vec<Observation>) -> Vec<Issue> {
        let mut ds = base();
        ds.observations.extend(extra);
        validate(&ds)
    }

    fn kinds(issues: &[Issue]) -> Vec<&IssueKind> {
        issues.iter().map(|i| &i.kind).collect()
    }

    #[test]
    fn the_base_dataset_is_valid() {
        assert_eq!(validate(&base()), vec![]);
    }

    #[test]
    fn an_unknown_unit_id_is_rejected() {
        let bad = with(vec![obs("1", "party_members", "999@2013", "2013", n(5.0))]);
        assert_eq!(kinds(&bad), vec![&IssueKind::UnknownUnit { id: "999@2013".into() }]);
        assert_eq!(bad[0].context, Context::observation("1", "unit"));
        assert!(with(vec![obs("1", "party_members", "423@2013", "2013", n(5.0))]).is_empty());
    }

    #[test]
    fn an_unknown_indicator_is_rejected() {
        let bad = with(vec![obs("1", "party_memberz", "40", "2013", n(5.0))]);
        assert_eq!(kinds(&bad), vec![&IssueKind::UnknownIndicator { id: "party_memberz".into() }]);
        assert_eq!(bad[0].context.column.as_deref(), Some("indicator"));
        assert!(with(vec![obs("1", "party_members", "40", "2013", n(5.0))]).is_empty());
    }

    #[test]
    fn an_unknown_source_is_rejected() {
        let mut o = obs("1", "party_members", "40", "2013", n(5.0));
        o.source = "nowhere".into();
        assert_eq!(kinds(&with(vec![o])), vec![&IssueKind::UnknownSource { id: "nowhere".into() }]);
        assert!(with(vec![obs("1", "party_members", "40", "2013", n(5.0))]).is_empty());
    }

    #[test]
    fn a_unit_not_in_force_at_the_reference_date_is_rejected() {
        let bad = with(vec![obs("1", "party_members", "423@2013", "2020-03-27", n(5.0))]);
        assert!(matches!(bad[0].kind, IssueKind::UnitNotInForce { ref unit, .. } if unit == "423@2013"));
        assert_eq!(bad[0].context.column.as_deref(), Some("period"));
        // A range that runs past the end of the record is also rejected, at its end.
        let range = with(vec![obs("2", "party_members", "423@2013", "2016..2021", n(5.0))]);
        assert!(
            matches!(range[0].kind, IssueKind::UnitNotInForce { date, .. } if date == Date::new(2021, 12, 31).unwrap())
        );
        // A record with no start date has no lower bound: 2001 is fine for the 2013 list.
        assert!(with(vec![obs("3", "party_members", "423@2013", "2001", n(5.0))]).is_empty());
        assert!(with(vec![obs("4", "party_members", "423@2020", "2020-03-27", n(5.0))]).is_empty());
        let early = with(vec![obs("5", "party_members", "423@2020", "2019", n(5.0))]);
        assert_eq!(early.len(), 1);
    }

    #[test]
    fn a_percent_above_100_is_rejected() {
        let bad = with(vec![obs("s12", "clean_strong_orgs_pct", "40", "2013", n(104.5))]);
        assert_eq!(kinds(&bad), vec![&IssueKind::PercentOutOfRange { value: 104.5 }]);
        assert_eq!(bad[0].to_string(), "row s12, column `value`: 104.5 is outside 0–100 for a percent");
        assert_eq!(bad[0].message_vi(), "dòng s12, cột `value`: 104,5 nằm ngoài khoảng 0–100 của một tỉ lệ phần trăm");
        let below = with(vec![obs("s13", "clean_strong_orgs_pct", "40", "2013", n(-0.5))]);
        assert_eq!(below.len(), 1);
        assert!(with(vec![obs("s12", "clean_strong_orgs_pct", "40", "2013", n(100.0))]).is_empty());
        assert!(with(vec![obs("s12", "clean_strong_orgs_pct", "40", "2013", n(0.0))]).is_empty());
    }

    #[test]
    fn a_negative_count_is_rejected() {
        let bad = with(vec![obs("1", "party_members", "40", "2013", n(-3.0))]);
        assert_eq!(kinds(&bad), vec![&IssueKind::NegativeCount { value: -3.0 }]);
        assert!(with(vec![obs("1", "party_members", "40", "2013", n(0.0))]).is_empty());
    }

    #[test]
    fn a_fractional_count_is_rejected() {
        let bad = with(vec![obs("1", "party_members", "40", "2013", n(1437.5))]);
        assert_eq!(kinds(&bad), vec![&IssueKind::FractionalCount { value: 1437.5 }]);
        assert!(bad[0].message_en().contains("1,437.5"));
        assert!(bad[0].message_vi().contains("1.437,5"));
        assert!(with(vec![obs("1", "party_members", "40", "2013", n(1437.0))]).is_empty());
    }

    #[test]
    fn a_value_of_the_wrong_type_for_the_measure_is_rejected() {
        let cat_for_count = with(vec![obs("1", "party_members", "40", "2013", Value::Category("HTXSNV".into()))]);
        assert!(matches!(cat_for_count[0].kind, IssueKind::ValueTypeMismatch { measure: Measure::Count, .. }));
        let num_for_cat = with(vec![obs("2", "district_party_committee_rating", "423@2013", "2013", n(1.0))]);
        assert!(matches!(num_for_cat[0].kind, IssueKind::ValueTypeMismatch { measure: Measure::Category, .. }));
        let flag = with(vec![obs("3", "border_district", "423@2013", "2013", n(2.0))]);
        assert_eq!(kinds(&flag), vec![&IssueKind::FlagNotBinary { value: 2.0 }]);
        assert!(with(vec![obs("3", "border_district", "423@2013", "2013", n(1.0))]).is_empty());
    }

    #[test]
    fn a_category_not_in_the_indicators_list_is_rejected() {
        let rating =
            |c: &str| obs("6", "district_party_committee_rating", "423@2020", "2023", Value::Category(c.into()));
        let bad = with(vec![rating("HTXS")]);
        assert!(matches!(&bad[0].kind, IssueKind::UnknownCategory { code, .. } if code == "HTXS"));
        assert!(with(vec![rating("HTXSNV")]).is_empty());
    }

    fn graduates(total: f64) -> Vec<Observation> {
        vec![
            obs("s16", "graduates_to_communes", "40", "2003..2014", n(total)),
            obs("s17", "grads_university", "40", "2003..2014", n(1117.0)),
            obs("s18", "grads_college", "40", "2003..2014", n(277.0)),
            obs("s19", "grads_secondary", "40", "2003..2014", n(1996.0)),
        ]
    }

    #[test]
    fn checking_a_slice_at_a_time_finds_the_same_issues_in_the_same_order() {
        let mut ds = base();
        ds.observations.extend(graduates(9999.0));
        ds.observations.extend(graduates(1.0).into_iter().map(|mut o| {
            o.id.push('b');
            o
        }));
        let mut twice = ds.observations[0].clone();
        twice.id = "again".into();
        ds.observations.push(twice);
        let mut bad = ds.observations[0].clone();
        bad.unit = "nowhere".into();
        ds.observations.push(bad);
        let whole = validate(&ds);
        assert!(whole.len() >= 4, "{whole:?}");
        for budget in [1, 2, 5] {
            let mut v = Validator::new(&ds);
            let mut steps = 0;
            while !v.step(&ds, budget) {
                steps += 1;
                assert!(v.progress(&ds) < 1.0);
            }
            assert!(steps >= ds.observations.len() / budget, "budget {budget}: {steps} steps");
            assert_eq!(v.finish(), whole, "budget {budget}");
        }
    }

    #[test]
    fn exhaustive_parts_that_do_not_add_up_to_their_total_are_rejected() {
        assert!(with(graduates(3390.0)).is_empty());
        let bad = with(graduates(3391.0));
        assert_eq!(
            kinds(&bad),
            vec![&IssueKind::PartsDoNotAddUp {
                total: 3391.0,
                sum: 3390.0,
                parts: vec!["s17".into(), "s18".into(), "s19".into()]
            }]
        );
        assert_eq!(bad[0].context, Context::observation("s16", "value"));
        assert!(bad[0].message_en().contains("3,390"), "{}", bad[0]);
    }

    #[test]
    fn parts_that_exceed_their_total_are_rejected() {
        assert!(matches!(with(graduates(3000.0))[0].kind, IssueKind::PartsExceedTotal { .. }));
        let nested = |senior: f64| {
            vec![
                obs("s22", "intermediate_pct", "423@2013", "2013", n(97.0)),
                obs("s23", "senior_pct", "423@2013", "2013", n(senior)),
            ]
        };
        assert!(with(nested(83.0)).is_empty());
        assert!(with(nested(97.04)).is_empty(), "within the percent tolerance");
        assert!(matches!(with(nested(98.0))[0].kind, IssueKind::PartsExceedTotal { .. }));
    }

    #[test]
    fn parts_on_another_date_or_unit_are_not_matched() {
        let mut obs_ = graduates(3391.0);
        obs_[1].period = "2003..2013".parse().unwrap();
        assert!(with(obs_).is_empty(), "an incomplete set of parts is only checked for exceeding the total");
        let mut other_unit = graduates(100.0);
        for o in &mut other_unit[1..] {
            o.unit = "423@2013".into();
            o.period = "2013".parse().unwrap();
        }
        assert!(with(other_unit).is_empty());
    }

    #[test]
    fn an_exact_duplicate_observation_is_rejected() {
        let a = obs("27", "party_members", "40", "2020-03-27", n(1447.0));
        let mut b = a.clone();
        b.id = "27b".into();
        let bad = with(vec![a.clone(), b]);
        assert_eq!(kinds(&bad), vec![&IssueKind::DuplicateObservation { first: "27".into() }]);
        // Disagreeing figures are kept: another value, or the same value from another source.
        let mut other_value = a.clone();
        other_value.id = "32".into();
        other_value.value = n(1454.0);
        let mut other_source = a.clone();
        other_source.id = "130".into();
        other_source.source = "src2".into();
        let mut ds = base();
        ds.sources.push(Source { id: "src2".into(), ..ds.sources[0].clone() });
        ds.observations.extend([a, other_value, other_source]);
        assert_eq!(validate(&ds), vec![]);
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let mut ds = base();
        ds.units.push(ds.units[1].clone());
        ds.indicators.push(ds.indicators[0].clone());
        ds.sources.push(ds.sources[0].clone());
        ds.observations.push(obs("s28", "party_members", "40", "2014", n(1.0)));
        let collections: Vec<Collection> = validate(&ds)
            .into_iter()
            .filter_map(|i| match i.kind {
                IssueKind::DuplicateId { collection, .. } => Some(collection),
                _ => None,
            })
            .collect();
        assert_eq!(
            collections,
            vec![Collection::Units, Collection::Indicators, Collection::Sources, Collection::Observations]
        );
        assert!(validate(&base()).is_empty());
    }

    #[test]
    fn links_to_units_that_do_not_exist_are_rejected() {
        let mut ds = base();
        ds.units[1].parent = Some("41".into());
        ds.units[1].successors.push("423@2030".into());
        ds.units[2].predecessors.push("423@2000".into());
        ds.units[2].lineage = "423@1999".into();
        let cols: Vec<(String, String)> = validate(&ds)
            .into_iter()
            .map(|i| match (i.kind, i.context.column) {
                (IssueKind::UnknownUnit { id }, Some(c)) => (c, id),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            cols,
            vec![
                ("parent".to_string(), "41".to_string()),
                ("successors".into(), "423@2030".into()),
                ("lineage".into(), "423@1999".into()),
                ("predecessors".into(), "423@2000".into()),
            ]
        );
        assert!(validate(&base()).is_empty());
    }

    #[test]
    fn unknown_themes_periods_and_part_indicators_are_rejected() {
        let mut ds = base();
        ds.indicators[0].theme = "nowhere".into();
        ds.units[1].period = Some("2012".into());
        ds.indicators[4].parts.as_mut().unwrap().of.push("grads_phd".into());
        let k = validate(&ds).into_iter().map(|i| i.kind).collect::<Vec<_>>();
        assert_eq!(
            k,
            vec![
                IssueKind::UnknownPeriod { id: "2012".into() },
                IssueKind::UnknownTheme { id: "nowhere".into() },
                IssueKind::UnknownIndicator { id: "grads_phd".into() },
            ]
        );
    }
}
