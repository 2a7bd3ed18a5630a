//! What a check finds: an [`Issue`] is where ([`Context`]) and what ([`IssueKind`]); each reads in either language
//! ([`Issue::message`], written with [`crate::tr!`]; its `Display` is the English one).

use crate::i18n::Lang;
use crate::model::{Measure, Value};
use crate::period::Date;
use crate::tr;
use std::fmt;

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

    pub(super) fn of(subject: Subject, column: Option<&str>) -> Context {
        Context { subject, column: column.map(str::to_string) }
    }

    /// "row s12, column `value`" / "dòng s12, cột `value`"; "unit 423@2013, column `parent`" / "đơn vị 423@2013, cột
    /// `parent`".
    pub fn describe(&self, lang: Lang) -> String {
        let head = match &self.subject {
            Subject::Observation(id) => tr!(lang, "dòng {id}", "row {id}", id = id),
            Subject::Unit(id) => tr!(lang, "đơn vị {id}", "unit {id}", id = id),
            Subject::Indicator(id) => tr!(lang, "chỉ số {id}", "indicator {id}", id = id),
            Subject::Source(id) => tr!(lang, "nguồn {id}", "source {id}", id = id),
            Subject::Theme(id) => tr!(lang, "chủ đề {id}", "theme {id}", id = id),
            Subject::Period(id) => tr!(lang, "giai đoạn {id}", "period {id}", id = id),
        };
        match &self.column {
            Some(c) => tr!(lang, "{head}, cột `{c}`", "{head}, column `{c}`", head = head, c = c),
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
    /// The collection as messages name it ("units" / "các đơn vị").
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Collection::Periods => tr!(lang, "các giai đoạn", "periods"),
            Collection::Units => tr!(lang, "các đơn vị", "units"),
            Collection::Themes => tr!(lang, "các chủ đề", "themes"),
            Collection::Indicators => tr!(lang, "các chỉ số", "indicators"),
            Collection::Sources => tr!(lang, "các nguồn", "sources"),
            Collection::Observations => tr!(lang, "các số liệu", "observations"),
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
    /// The observation has no exact sentence (a figure is only published with the sentence it was read from).
    NoSentence,
    /// The value is not written in the exact sentence (in any vi/en number format, nor as a word for zero) and the
    /// observation is not marked `derived` ([`super::value_in_sentence`]).
    ValueNotInSentence {
        /// The value.
        value: f64,
    },
    /// Another observation has the same indicator, unit, period, value and source.
    DuplicateObservation {
        /// Id of the earlier observation.
        first: String,
    },
    /// A source's `url` is not an `http://` or `https://` address (`javascript:`, `data:`, a bare host name):
    /// it must never become a link ([`crate::links::safe_link`]).
    UnsafeUrl {
        /// The address as written.
        url: String,
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
    /// What is wrong, without the location: "104.5 is outside 0–100 for a percent" / "104,5 nằm ngoài khoảng 0–100
    /// của một tỉ lệ phần trăm".
    pub fn message(&self, lang: Lang) -> String {
        let num = |v: f64| num(v, lang);
        match self {
            IssueKind::UnknownUnit { id } => tr!(lang, "không có đơn vị `{id}`", "there is no unit `{id}`", id = id),
            IssueKind::UnknownIndicator { id } => {
                tr!(lang, "không có chỉ số `{id}`", "there is no indicator `{id}`", id = id)
            }
            IssueKind::UnknownSource { id } => tr!(lang, "không có nguồn `{id}`", "there is no source `{id}`", id = id),
            IssueKind::UnknownTheme { id } => tr!(lang, "không có chủ đề `{id}`", "there is no theme `{id}`", id = id),
            IssueKind::UnknownPeriod { id } => {
                tr!(lang, "không có giai đoạn hành chính `{id}`", "there is no administrative period `{id}`", id = id)
            }
            IssueKind::UnitNotInForce { unit, date: d, from, to } => tr!(
                lang,
                "đơn vị `{unit}` không tồn tại vào ngày {d} (tồn tại {span})",
                "unit `{unit}` is not in force on {d} (in force {span})",
                unit = unit,
                d = date(*d, lang),
                span = span(*from, *to, lang)
            ),
            IssueKind::PercentOutOfRange { value } => tr!(
                lang,
                "{v} nằm ngoài khoảng 0–100 của một tỉ lệ phần trăm",
                "{v} is outside 0–100 for a percent",
                v = num(*value)
            ),
            IssueKind::NegativeCount { value } => tr!(
                lang,
                "{v} là số âm, nhưng số đếm không thể âm",
                "{v} is negative, but a count cannot be",
                v = num(*value)
            ),
            IssueKind::FractionalCount { value } => tr!(
                lang,
                "{v} không phải số nguyên, nhưng số đếm phải là số nguyên",
                "{v} is not a whole number, but a count must be",
                v = num(*value)
            ),
            IssueKind::FlagNotBinary { value } => tr!(
                lang,
                "{v} không phải 0 hoặc 1, như một giá trị có/không phải có",
                "{v} is not 0 or 1, as a yes/no flag must be",
                v = num(*value)
            ),
            IssueKind::ValueTypeMismatch { measure, value } => tr!(
                lang,
                "{value} trong khi chỉ số cần {measure}",
                "{value} where the indicator expects {measure}",
                value = value_name(value, lang),
                measure = measure_name(*measure, lang)
            ),
            IssueKind::UnknownCategory { code, indicator } => tr!(
                lang,
                "\"{code}\" không thuộc các loại của chỉ số `{indicator}`",
                "\"{code}\" is not one of the categories of indicator `{indicator}`",
                code = code,
                indicator = indicator
            ),
            IssueKind::PartsExceedTotal { total, sum, parts } => tr!(
                lang,
                "các thành phần ({parts}) cộng lại được {sum}, lớn hơn tổng {total}",
                "the parts ({parts}) add up to {sum}, more than the total {total}",
                parts = parts.join(", "),
                sum = num(*sum),
                total = num(*total)
            ),
            IssueKind::PartsDoNotAddUp { total, sum, parts } => tr!(
                lang,
                "các thành phần ({parts}) cộng lại được {sum}, không bằng tổng {total}",
                "the parts ({parts}) add up to {sum}, not to the total {total}",
                parts = parts.join(", "),
                sum = num(*sum),
                total = num(*total)
            ),
            IssueKind::NoSentence => tr!(
                lang,
                "không có câu trích dẫn nguyên văn chứa số liệu",
                "there is no exact sentence the figure is read from"
            )
            .to_string(),
            IssueKind::ValueNotInSentence { value } => tr!(
                lang,
                "không thấy số {v} trong câu trích dẫn (nếu số liệu được tính ra, ghi cách tính vào `derived`)",
                "{v} does not appear in the exact sentence (if the figure was computed, say how in `derived`)",
                v = num(*value)
            ),
            IssueKind::DuplicateObservation { first } => tr!(
                lang,
                "trùng chỉ số, đơn vị, thời điểm, giá trị và nguồn với dòng {first}",
                "same indicator, unit, period, value and source as row {first}",
                first = first
            ),
            IssueKind::UnsafeUrl { url } => tr!(
                lang,
                "\"{url}\" không phải địa chỉ web http:// hoặc https://, nên không được làm liên kết",
                "\"{url}\" is not an http:// or https:// web address, so it cannot be a link",
                url = url
            ),
            IssueKind::DuplicateId { collection, id } => tr!(
                lang,
                "mã `{id}` xuất hiện nhiều lần trong {c}",
                "id `{id}` appears more than once in {c}",
                id = id,
                c = collection.name(lang)
            ),
        }
    }

    /// [`IssueKind::message`] in English (for `chiso-data`'s import report).
    pub fn message_en(&self) -> String {
        self.message(Lang::En)
    }

    /// [`IssueKind::message`] in Vietnamese (for `chiso-data`'s import report).
    pub fn message_vi(&self) -> String {
        self.message(Lang::Vi)
    }
}

impl Issue {
    pub(super) fn new(kind: IssueKind, context: Context) -> Issue {
        Issue { kind, context }
    }

    /// The message with its location: "row s12, column `value`: 104.5 is outside 0–100 for a percent" / "dòng s12,
    /// cột `value`: 104,5 nằm ngoài khoảng 0–100 của một tỉ lệ phần trăm".
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.context.describe(lang), self.kind.message(lang))
    }

    /// [`Issue::message`] in English (for `chiso-data`).
    pub fn message_en(&self) -> String {
        self.message(Lang::En)
    }

    /// [`Issue::message`] in Vietnamese (for `chiso-data`).
    pub fn message_vi(&self) -> String {
        self.message(Lang::Vi)
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A number as written in messages: thousands grouped ("3,390" / "3.390"), decimals as needed ("104.5" / "104,5").
fn num(v: f64, lang: Lang) -> String {
    let (group, point) = lang.pick(('.', ','), (',', '.'));
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

/// A date as written in messages: "4/1/2024" in Vietnamese, "2024-01-04" in English.
fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", d.day, d.month, d.year),
        Lang::En => d.to_string(),
    }
}

/// When a unit is in force.
fn span(from: Option<Date>, to: Option<Date>, lang: Lang) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!("{} – {}", date(f, lang), date(t, lang)),
        (Some(f), None) => tr!(lang, "từ {d}", "from {d}", d = date(f, lang)),
        (None, Some(t)) => tr!(lang, "đến {d}", "until {d}", d = date(t, lang)),
        (None, None) => tr!(lang, "mọi lúc", "always").to_string(),
    }
}

/// What a measure expects, as messages name it.
fn measure_name(m: Measure, lang: Lang) -> &'static str {
    match m {
        Measure::Count => tr!(lang, "một số đếm", "a count"),
        Measure::Percent => tr!(lang, "một tỉ lệ phần trăm", "a percent"),
        Measure::Category => tr!(lang, "một mã phân loại", "a category code"),
        Measure::Flag => tr!(lang, "một giá trị có/không (0 hoặc 1)", "a yes/no flag (0 or 1)"),
    }
}

/// A value as messages name it.
fn value_name(v: &Value, lang: Lang) -> String {
    match v {
        Value::Number(n) => tr!(lang, "số {n}", "the number {n}", n = num(*n, lang)),
        Value::Category(c) => tr!(lang, "mã phân loại \"{c}\"", "the category code \"{c}\"", c = c),
    }
}
