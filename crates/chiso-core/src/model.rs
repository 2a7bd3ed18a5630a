//! The dataset the app ships (`data/nghe-an.json`, schema version 1): administrative periods, units of every
//! period linked across reorganisations, indicators with their themes and part/total relations, sources, and
//! observations (published figures, each with the exact sentence it was read from).
//!
//! These types mirror the JSON one to one; [`Dataset::from_json`] reads and checks the schema version, and
//! `validate` (see [`crate::validate`]) checks the content.

use crate::period::{Date, RefPeriod};
use crate::sym::Sym;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A text in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Localized {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// Builds a pair from two strings.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Localized {
        Localized { vi: vi.into(), en: en.into() }
    }
}

/// The whole bundled dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Dataset {
    /// Address of the JSON Schema this file follows (`schema.json`), for editors and validators.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always [`SCHEMA_VERSION`] for data this build can read.
    pub schema_version: u32,
    /// When this edition of the data was published (`2026-11-29`), shown to readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Generated for tests and benchmarks: every place, indicator and figure in it is invented. The app shows a
    /// permanent banner whenever such data is loaded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
    /// Administrative periods, oldest first.
    pub periods: Vec<AdminPeriod>,
    /// Every unit of every period, plus the province and the non-territorial blocs.
    pub units: Vec<Unit>,
    /// Themes indicators are grouped by, in display order.
    pub themes: Vec<Theme>,
    /// Indicators, in display order within their theme.
    pub indicators: Vec<Indicator>,
    /// Sources the figures were read from.
    pub sources: Vec<Source>,
    /// Published figures.
    pub observations: Vec<Observation>,
}

/// One administrative period of Nghệ An: a span during which one list of units was in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdminPeriod {
    /// Stable id: `2013`, `2020`, `2025-01`, `2025-07`.
    pub id: String,
    /// Human label, e.g. "2013 – 2019".
    pub label: Localized,
    /// First day in force; `None` when the list also covers earlier years we have no list for.
    pub from: Option<Date>,
    /// Last day in force; `None` while still in force.
    pub to: Option<Date>,
    /// Whether the district level exists in this period (it was abolished on 1 July 2025).
    pub has_districts: bool,
}

impl AdminPeriod {
    /// Whether `date` falls inside this period.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// Administrative level of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Tỉnh Nghệ An.
    Province,
    /// Huyện, thị xã, thành phố (until 30 June 2025).
    District,
    /// Xã, phường, thị trấn.
    Commune,
    /// A Party committee that is not territorial (e.g. Đảng bộ Khối các cơ quan tỉnh).
    Bloc,
}

impl Level {
    /// All levels, top down.
    pub const ALL: [Level; 4] = [Level::Province, Level::District, Level::Commune, Level::Bloc];

    /// The id used in JSON and URLs.
    pub fn id(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Bloc => "bloc",
        }
    }

    /// Reads an id written by [`Level::id`].
    pub fn from_id(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.id() == s)
    }
}

/// Type of a unit, as in its official name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitType {
    /// Tỉnh (province).
    Tinh,
    /// Thành phố (city).
    ThanhPho,
    /// Thị xã (town).
    ThiXa,
    /// Huyện (district).
    Huyen,
    /// Xã (commune).
    Xa,
    /// Phường (ward).
    Phuong,
    /// Thị trấn (township).
    ThiTran,
    /// Đảng bộ khối (bloc Party committee).
    Khoi,
}

/// A yes/no fact about a unit, cited; a fact with no citation is simply absent (unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CitedFlag {
    /// The fact holds (`true`) or is stated not to hold (`false`).
    pub value: bool,
    /// Source id, when a source says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The sentence that says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// Raw `figures.csv` row id this flag comes from, when it comes from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// Reference period of the statement as published (free text: "2021", "pre-2007", "undated").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Why the value is what it is, when it is inferred (e.g. "not among the six border districts listed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One unit as it stood during one administrative period (a unit that continues unchanged into the next period
/// appears again there, linked by [`Unit::lineage`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Unit {
    /// Unique id: `40` for the province, `{code}@{period}` for districts and communes (`423@2013`,
    /// `16681@2025-07`), `bloc-{slug}` for blocs.
    pub id: String,
    /// GSO code; empty for blocs. Codes are reused by the new communes of July 2025, so they are not unique.
    pub code: String,
    /// Official name with its type, in Vietnamese: "Huyện Tân Kỳ".
    pub name: String,
    /// Name without the type word: "Tân Kỳ".
    pub short_name: String,
    /// Level.
    pub level: Level,
    /// Type.
    #[serde(rename = "type")]
    pub unit_type: UnitType,
    /// Parent unit id (a district, or the province).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Administrative period id; `None` for the province and blocs, which span all periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// First day this record is in force (`None`: before the earliest list, start not recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this record is in force (`None`: still in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// Id of the first record of the chain this unit continues under the same code (its own id when it starts
    /// one). Selections and URLs use the lineage, so "Huyện Tân Kỳ" is one choice across 2013–2025.
    pub lineage: String,
    /// Unit ids in the next period that this unit became or was merged into.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<String>,
    /// Unit ids in the previous period this unit was formed from (itself included when it continued).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predecessors: Vec<String>,
    /// What happened to it at the end of its period: `kept`, `renamed`, `merged`, `moved_district`,
    /// `type_changed`, `abolished`, `reorganised` (July 2025); `None` while in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// Cited yes/no facts keyed by flag id (`borders_laos`, `mountainous`, `poor_district`); absent means unknown.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flags: BTreeMap<String, CitedFlag>,
}

impl Unit {
    /// Whether the unit is in force on `date`.
    pub fn exists_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// A theme indicators are grouped under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Theme {
    /// Stable id: `organisations`, `members`, `ratings`, `cadres`, `discipline`, `rotation`, …
    pub id: String,
    /// Display name.
    pub name: Localized,
}

/// What kind of value an indicator has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A whole number of things; never negative or fractional.
    Count,
    /// A share, 0–100.
    Percent,
    /// One of the indicator's labelled categories (e.g. a rating).
    Category,
    /// A yes/no fact (1 or 0).
    Flag,
}

/// A labelled category of a category indicator, in rank order (best first where there is an order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Category {
    /// Code as published: `HTXSNV`.
    pub code: String,
    /// Label: "Hoàn thành xuất sắc nhiệm vụ" / "Completed tasks excellently".
    pub label: Localized,
    /// Short label for legends: "Xuất sắc" / "Excellent".
    pub short: Localized,
}

/// A part/total relation declared on the total indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Parts {
    /// Indicator ids of the parts.
    pub of: Vec<String>,
    /// `true` when the source says these are all the parts, so they must add up to the total; `false` when they
    /// are only some parts (or nested shares), so together they must not exceed it.
    pub exhaustive: bool,
}

/// An indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Indicator {
    /// Stable id (`clean_strong_orgs_pct`).
    pub id: String,
    /// Theme id.
    pub theme: String,
    /// Measure.
    pub measure: Measure,
    /// Short name.
    pub name: Localized,
    /// One or two sentences on what is counted.
    pub description: Localized,
    /// Whether a higher value is better (`None`: neither, e.g. a number of units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub higher_is_better: Option<bool>,
    /// Categories, for [`Measure::Category`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Parts of this total, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Parts>,
}

/// A source figures were read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    /// Stable id.
    pub id: String,
    /// Title as published, or, when the excerpt did not show it, derived from the link (see `title_derived`).
    pub title: String,
    /// Whether the title was derived from the link rather than seen as published (the app says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub title_derived: bool,
    /// The editors' remark on the source, in English ("republished from congly.vn").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Publisher ("Báo Nghệ An", "Tỉnh ủy Nghệ An", …).
    pub publisher: String,
    /// Publication date as known (free text: "2014", "2020-07", "2024-01 (Decision 2261-QĐ/TU of 4/1/2024)").
    pub date: String,
    /// Web address, when online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Path of a bundled copy inside the repository, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Language of the text: `vi`, `en`, `fr`.
    pub language: String,
}

/// A value as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Value {
    /// A number (count, percent, flag 0/1).
    Number(f64),
    /// A category code.
    Category(String),
}

impl Value {
    /// The number, if it is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Category(_) => None,
        }
    }

    /// The category code, if it is one.
    pub fn as_category(&self) -> Option<&str> {
        match self {
            Value::Category(c) => Some(c),
            Value::Number(_) => None,
        }
    }
}

/// How exact a published number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The source gives "more than N".
    Lower,
    /// The source gives "about N".
    Approx,
}

/// One published figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Observation {
    /// Raw row id in `figures.csv` (`s1`, `30`), or the row number of an uploaded sheet.
    pub id: String,
    /// Indicator id.
    pub indicator: Sym,
    /// Unit id (the record in force at the reference date).
    pub unit: Sym,
    /// Reference period.
    pub period: RefPeriod,
    /// The period is approximate ("c. 2014") or uncertain.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// The reference date as published, when it says more than [`Observation::period`] ("first half of 2019",
    /// "before 1/7/2025", "c. 2014 (UNSURE)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_text: Option<Sym>,
    /// Value.
    pub value: Value,
    /// Lower bound or approximate value, when the source says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// Source id.
    pub source: Sym,
    /// The exact sentence the value appears in, verbatim.
    pub sentence: Sym,
    /// Language of the sentence.
    pub sentence_language: Sym,
    /// The unit as the source names it, when it says more than the unit's name ("Thành phố Vinh (new, incl. Cửa Lò)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_text: Option<Sym>,
    /// What the figure covers when that differs from the indicator's own definition, as the source list states it
    /// ("Party members under the 20 district-level committees (excludes province-level blocs)"). A figure is only
    /// compared with figures of the same scope ([`crate::query::Db::disagreements`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Sym>,
    /// Editorial note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Sym>,
    /// How the value was computed when the source does not state it directly ("1,437 + 135").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Sym>,
}

/// Why a dataset file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The text is not JSON of the expected shape; holds serde's message (with line and column).
    Json(String),
    /// The file declares a schema version this build does not read.
    SchemaVersion {
        /// Version found in the file.
        found: u32,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Json(m) => write!(f, "the dataset is not valid JSON of the expected shape: {m}"),
            LoadError::SchemaVersion { found } => {
                write!(f, "the dataset has schema version {found}; this app reads version {SCHEMA_VERSION}")
            }
        }
    }
}

impl std::error::Error for LoadError {}

impl Dataset {
    /// Reads a dataset from JSON text and checks its schema version.
    pub fn from_json(text: &str) -> Result<Dataset, LoadError> {
        #[derive(Deserialize)]
        struct Head {
            schema_version: u32,
        }
        // One parse when all is well; the version is read on its own only to explain a failure (a file of
        // another version may not have this version's shape).
        match crate::sym::sharing(|| serde_json::from_str::<Dataset>(text)) {
            Ok(ds) if ds.schema_version == SCHEMA_VERSION => Ok(ds),
            Ok(ds) => Err(LoadError::SchemaVersion { found: ds.schema_version }),
            Err(e) => match serde_json::from_str::<Head>(text) {
                Ok(head) if head.schema_version != SCHEMA_VERSION => {
                    Err(LoadError::SchemaVersion { found: head.schema_version })
                }
                _ => Err(LoadError::Json(e.to_string())),
            },
        }
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The administrative period in force on `date`.
    pub fn period_on(&self, date: Date) -> Option<&AdminPeriod> {
        self.periods.iter().find(|p| p.contains(date))
    }
}
