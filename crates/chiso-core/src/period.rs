//! Calendar dates and the reference periods of published figures.
//!
//! A figure refers to a year (`2013`), a month (`2019-12`), a day (`2020-03-27`), a half-year (`2020-H1`) or a
//! range (`2016-01..2018-06`). Each serialises as that compact string, so the dataset and URLs stay readable.
//! Whether a period is approximate ("c. 2014") is recorded beside it on the observation, not inside it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar day. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
}

impl Date {
    /// Builds a date; returns `None` when the month or day is out of range.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date as a fractional year (2020-07-02 ≈ 2020.5), for placing points on a time axis.
    pub fn as_fractional_year(&self) -> f64 {
        let days_before: u32 = (1..self.month).map(|m| days_in_month(self.year, m) as u32).sum();
        let total = if is_leap(self.year) { 366.0 } else { 365.0 };
        self.year as f64 + (days_before + self.day as u32 - 1) as f64 / total
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = PeriodParseError;
    fn from_str(s: &str) -> Result<Date, PeriodParseError> {
        match RefPeriod::from_str(s)? {
            RefPeriod::Day(d) => Ok(d),
            _ => Err(PeriodParseError(s.to_string())),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The period a figure refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RefPeriod {
    /// A whole year: `2013`.
    Year(i32),
    /// A month: `2019-12`.
    Month(i32, u8),
    /// A day: `2020-03-27`.
    Day(Date),
    /// A half-year, 1 or 2: `2020-H1`.
    Half(i32, u8),
    /// An inclusive range of two simple periods: `2016-01..2018-06`.
    Range(Box<RefPeriod>, Box<RefPeriod>),
}

/// A period string that could not be read; holds the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodParseError(pub String);

impl fmt::Display for PeriodParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a period (expected 2013, 2019-12, 2020-03-27, 2020-H1 or 2016-01..2018-06)", self.0)
    }
}

impl std::error::Error for PeriodParseError {}

impl RefPeriod {
    /// First day of the period.
    pub fn start(&self) -> Date {
        match self {
            RefPeriod::Year(y) => Date { year: *y, month: 1, day: 1 },
            RefPeriod::Month(y, m) => Date { year: *y, month: *m, day: 1 },
            RefPeriod::Day(d) => *d,
            RefPeriod::Half(y, h) => Date { year: *y, month: if *h == 1 { 1 } else { 7 }, day: 1 },
            RefPeriod::Range(a, _) => a.start(),
        }
    }

    /// Last day of the period.
    pub fn end(&self) -> Date {
        match self {
            RefPeriod::Year(y) => Date { year: *y, month: 12, day: 31 },
            RefPeriod::Month(y, m) => Date { year: *y, month: *m, day: days_in_month(*y, *m) },
            RefPeriod::Day(d) => *d,
            RefPeriod::Half(y, h) => {
                if *h == 1 {
                    Date { year: *y, month: 6, day: 30 }
                } else {
                    Date { year: *y, month: 12, day: 31 }
                }
            }
            RefPeriod::Range(_, b) => b.end(),
        }
    }

    /// The year a figure is filed under when figures are grouped by year: the year of the period's end
    /// ("2016-01..2018-06" counts for 2018, "end of 2013" for 2013).
    pub fn year(&self) -> i32 {
        self.end().year
    }

    /// Position on a continuous time axis, as a fractional year: the middle of a year, month or half-year, the day
    /// itself, or the end of a range (a range is a cumulative figure reached at its end).
    pub fn axis_position(&self) -> f64 {
        match self {
            RefPeriod::Range(_, b) => b.end().as_fractional_year() + 1.0 / 365.0,
            p => (p.start().as_fractional_year() + p.end().as_fractional_year() + 1.0 / 365.0) / 2.0,
        }
    }

    /// True for a range (`2016-01..2018-06`).
    pub fn is_range(&self) -> bool {
        matches!(self, RefPeriod::Range(..))
    }

    /// Whether two figures of these periods measure the same thing at the same time, so that different values are
    /// a disagreement rather than a change or a different span:
    /// - a day or a month against a day or a month of the same month (27/3/2020 and 3/2020; not 3/2020 and
    ///   7/2020: four months are enough for a real change);
    /// - a half-year against the same half-year, a year against the same year;
    /// - a range against a range that overlaps it and is as long, in months (2016-01..2018-06 twice);
    /// - nothing else: a year against a month of it, a range against a half-year inside it (1,740 members
    ///   disciplined in 2016 – mid 2018 and 224 in the first half of 2018 are both right).
    pub fn comparable_with(&self, other: &RefPeriod) -> bool {
        use RefPeriod as P;
        let months = |d: Date| d.year * 12 + i32::from(d.month);
        match (self, other) {
            (P::Day(_) | P::Month(..), P::Day(_) | P::Month(..)) => {
                (self.start().year, self.start().month) == (other.start().year, other.start().month)
            }
            (P::Half(..), P::Half(..)) | (P::Year(_), P::Year(_)) => self == other,
            (P::Range(..), P::Range(..)) => {
                let overlap = self.start() <= other.end() && other.start() <= self.end();
                let span = |p: &RefPeriod| months(p.end()) - months(p.start());
                overlap && span(self) == span(other)
            }
            _ => false,
        }
    }

    /// A key equal for comparable periods other than ranges (which compare by overlap): the month of a day or
    /// month, the half-year, the year.
    pub(crate) fn comparison_key(&self) -> Option<(i32, u8, u8)> {
        match self {
            RefPeriod::Day(d) => Some((d.year, 0, d.month)),
            RefPeriod::Month(y, m) => Some((*y, 0, *m)),
            RefPeriod::Half(y, h) => Some((*y, 1, *h)),
            RefPeriod::Year(y) => Some((*y, 2, 0)),
            RefPeriod::Range(..) => None,
        }
    }
}

impl fmt::Display for RefPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefPeriod::Year(y) => write!(f, "{y:04}"),
            RefPeriod::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            RefPeriod::Day(d) => write!(f, "{d}"),
            RefPeriod::Half(y, h) => write!(f, "{y:04}-H{h}"),
            RefPeriod::Range(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

fn parse_simple(s: &str) -> Option<RefPeriod> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |t: &str, len: usize| -> Option<u32> {
        if t.len() == len && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    match parts.as_slice() {
        [y] => Some(RefPeriod::Year(num(y, 4)? as i32)),
        [y, h] if h.starts_with('H') => {
            let half = num(&h[1..], 1)? as u8;
            (half == 1 || half == 2).then_some(RefPeriod::Half(num(y, 4)? as i32, half))
        }
        [y, m] => {
            let m = num(m, 2)? as u8;
            (1..=12).contains(&m).then_some(RefPeriod::Month(num(y, 4)? as i32, m))
        }
        [y, m, d] => Date::new(num(y, 4)? as i32, num(m, 2)? as u8, num(d, 2)? as u8).map(RefPeriod::Day),
        _ => None,
    }
}

impl FromStr for RefPeriod {
    type Err = PeriodParseError;
    fn from_str(s: &str) -> Result<RefPeriod, PeriodParseError> {
        let s = s.trim();
        let err = || PeriodParseError(s.to_string());
        if let Some((a, b)) = s.split_once("..") {
            let (a, b) = (parse_simple(a.trim()).ok_or_else(err)?, parse_simple(b.trim()).ok_or_else(err)?);
            if a.start() > b.end() {
                return Err(err());
            }
            return Ok(RefPeriod::Range(Box::new(a), Box::new(b)));
        }
        parse_simple(s).ok_or_else(err)
    }
}

impl Serialize for RefPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RefPeriod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RefPeriod, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A date is a `YYYY-MM-DD` string in the JSON Schema.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A calendar day, YYYY-MM-DD.",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// A reference period is a compact string in the JSON Schema (`2013`, `2019-12`, `2020-03-27`, `2020-H1`, or a
/// range of two of these joined by `..`).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for RefPeriod {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RefPeriod".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        const SIMPLE: &str = "[0-9]{4}(-H[12]|-[0-9]{2}(-[0-9]{2})?)?";
        schemars::json_schema!({
            "type": "string",
            "description": "A year (2013), month (2019-12), day (2020-03-27), half-year (2020-H1), or an inclusive range of two of these (2016-01..2018-06).",
            "pattern": format!("^{SIMPLE}(\\.\\.{SIMPLE})?$")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_form_round_trips_through_its_string() {
        for s in ["2013", "2019-12", "2020-03-27", "2020-H1", "2016-01..2018-06", "2003..2014"] {
            assert_eq!(s.parse::<RefPeriod>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn malformed_periods_are_rejected_with_the_text() {
        for s in ["c. 2014", "2020-13", "2020-02-30", "2020-H3", "2019..2016", "", "20"] {
            let e = s.parse::<RefPeriod>().unwrap_err();
            assert_eq!(e.0, s.trim());
        }
    }

    #[test]
    fn a_range_is_filed_under_the_year_it_ends() {
        let p: RefPeriod = "2016-01..2018-06".parse().unwrap();
        assert_eq!(p.year(), 2018);
        assert_eq!(p.start(), Date::new(2016, 1, 1).unwrap());
        assert_eq!(p.end(), Date::new(2018, 6, 30).unwrap());
    }

    #[test]
    fn axis_positions_follow_the_calendar() {
        let y: RefPeriod = "2013".parse().unwrap();
        let dec: RefPeriod = "2013-12".parse().unwrap();
        let h1: RefPeriod = "2020-H1".parse().unwrap();
        assert!((y.axis_position() - 2013.5).abs() < 0.01);
        assert!(dec.axis_position() > 2013.9 && dec.axis_position() < 2014.0);
        assert!((h1.axis_position() - 2020.25).abs() < 0.01);
    }

    #[test]
    fn two_periods_are_comparable_only_when_they_cover_the_same_time_at_the_same_length() {
        let cases = [
            ("2020-03-27", "2020-03-27", true),
            ("2020-03-27", "2020-03", true),
            ("2020-03-02", "2020-03-30", true),
            ("2020-03-27", "2020-07", false), // 1,447 vs 1,454 grassroots organisations: four months apart
            ("2025-06", "2025-07-01", false), // 412 -> 130 commune committees: the reform of 1 July 2025
            ("2025-06", "2025-08", false),
            ("2025-01-01", "2025-01", true), // Vinh: 132 at the merger, 110 in the same month
            ("2020-H1", "2020-H1", true),
            ("2020-H1", "2020-H2", false),
            ("2020", "2020", true),
            ("2020", "2020-H1", false),
            ("2020", "2020-07", false),
            ("2016-01..2018-06", "2018-H1", false), // 1,740 in 2016 - mid 2018 vs 224 in the first half of 2018
            ("2016-01..2018-06", "2016-01..2018-06", true),
            ("2016-01..2018-06", "2016-02..2018-07", true),
            ("2016-01..2018-06", "2017-01..2018-06", false),
            ("2016-01..2018-06", "2019-01..2021-06", false),
            ("2016..2018", "2018", false),
        ];
        for (a, b, expected) in cases {
            let (pa, pb): (RefPeriod, RefPeriod) = (a.parse().unwrap(), b.parse().unwrap());
            assert_eq!(pa.comparable_with(&pb), expected, "{a} vs {b}");
            assert_eq!(pb.comparable_with(&pa), expected, "{b} vs {a}");
            if let (Some(ka), Some(kb)) = (pa.comparison_key(), pb.comparison_key()) {
                assert_eq!(ka == kb, expected, "the key agrees for {a} vs {b}");
            }
        }
    }
}
