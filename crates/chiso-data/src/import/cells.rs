//! Reading the cells of a sheet as people type them in spreadsheets: numbers with English or Vietnamese
//! separators (`1,437`, `1.437.000`, `68,6`), reference periods (the forms of `figures.csv`, `~2014`, and dates a
//! spreadsheet rewrote as `27/03/2020`), bounds (`lower`, `approx`) and sentence languages. Pure functions of one
//! cell; the importer turns what they cannot read into an issue.

use crate::figures::{parse_reference_date, ParsedDate};
use chiso_core::model::{Bound, Measure};
use chiso_core::period::{Date, RefPeriod};

/// How a number was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberReading {
    Plain,
    DecimalComma,
    ThousandsDots,
}

/// Digits in groups of three after the first group of one to three (`1,437,000` with `,`).
fn grouped(body: &str, sep: char) -> bool {
    let mut parts = body.split(sep);
    let first = parts.next().unwrap_or("");
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (1..=3).contains(&first.len()) && digits(first) && parts.all(|p| p.len() == 3 && digits(p))
}

/// Reads a number as people type it in spreadsheets (see the module docs); `None` when it is not one.
pub(super) fn parse_number(raw: &str, measure: Measure) -> Option<(f64, NumberReading)> {
    let mut s: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect::<String>()
        .replace('−', "-");
    if measure == Measure::Percent {
        if let Some(t) = s.strip_suffix('%') {
            s = t.to_string();
        }
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.strip_prefix('+').unwrap_or(&s)),
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') {
        return None;
    }
    if !body.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let commas = body.matches(',').count();
    let dots = body.matches('.').count();
    let (normal, reading) = match (commas, dots) {
        (0, 0) => (body.to_string(), NumberReading::Plain),
        (_, 0) if measure != Measure::Percent && grouped(body, ',') => (body.replace(',', ""), NumberReading::Plain),
        (1, 0) => (body.replace(',', "."), NumberReading::DecimalComma),
        (0, 1) if !(measure == Measure::Count && grouped(body, '.')) => (body.to_string(), NumberReading::Plain),
        (0, _) if grouped(body, '.') => (body.replace('.', ""), NumberReading::ThousandsDots),
        (1, _) if body.rfind(',') > body.rfind('.') => {
            let (int, frac) = body.split_once(',')?;
            if !grouped(int, '.') {
                return None;
            }
            (format!("{}.{frac}", int.replace('.', "")), NumberReading::DecimalComma)
        }
        (_, 1) if body.rfind('.') > body.rfind(',') => {
            let (int, frac) = body.split_once('.')?;
            if !grouped(int, ',') {
                return None;
            }
            (format!("{}.{frac}", int.replace(',', "")), NumberReading::Plain)
        }
        _ => return None,
    };
    if normal.starts_with('.') || normal.ends_with('.') {
        return None;
    }
    let v: f64 = format!("{sign}{normal}").parse().ok()?;
    v.is_finite().then_some((v, reading))
}

/// Reads a reference period: the forms of `figures.csv` (`2013`, `2020 H1`, `c. 2014`, `2003..c. 2014`,
/// `2019-06 (first half)`), `~` for `c.`, and dates as spreadsheets write them (`27/03/2020`, `3/2020`), which are
/// reported back ([`ImportIssueKind::PeriodReadAs`]).
pub(super) fn parse_period(raw: &str) -> Option<(ParsedDate, bool)> {
    let raw = raw.trim();
    let normal = match raw.strip_prefix('~') {
        Some(rest) => format!("c. {}", rest.trim()),
        None => raw.to_string(),
    };
    if let Some(p) = parse_reference_date(&normal) {
        return Some((p, false));
    }
    let (core, approximate) = match normal.strip_prefix("c.") {
        Some(rest) => (rest.trim(), true),
        None => (normal.as_str(), false),
    };
    let parts: Vec<&str> = core.split('/').map(str::trim).collect();
    fn n(s: &str, max: usize) -> Option<&str> {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
    }
    let period = match parts.as_slice() {
        [d, m, y] => {
            let (d, m, y) =
                (n(d, 2)?.parse().ok()?, n(m, 2)?.parse().ok()?, n(y, 4).filter(|y| y.len() == 4)?.parse().ok()?);
            RefPeriod::Day(Date::new(y, m, d)?)
        }
        [m, y] => {
            let (m, y): (u8, i32) = (n(m, 2)?.parse().ok()?, n(y, 4).filter(|y| y.len() == 4)?.parse().ok()?);
            (1..=12).contains(&m).then_some(RefPeriod::Month(y, m))?
        }
        _ => return None,
    };
    Some((ParsedDate { period, approximate, text: None }, true))
}

/// Reads a `bound` cell (any case): `Ok(None)` when empty, `Err(())` when it is neither `lower` nor `approx`.
pub(super) fn parse_bound(raw: &str) -> Result<Option<Bound>, ()> {
    match raw.to_lowercase().as_str() {
        "" => Ok(None),
        "lower" => Ok(Some(Bound::Lower)),
        "approx" => Ok(Some(Bound::Approx)),
        _ => Err(()),
    }
}

/// Reads a `sentence_language` cell: `vi` when empty, the code in lower case when it is `vi`, `en` or `fr` (any
/// case), `None` otherwise.
pub(super) fn parse_language(raw: &str) -> Option<String> {
    if raw.is_empty() {
        return Some("vi".to_string());
    }
    let code = raw.to_lowercase();
    ["vi", "en", "fr"].contains(&code.as_str()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_spreadsheets_write_them() {
        let n = |s: &str, m: Measure| parse_number(s, m);
        assert_eq!(n("1437", Measure::Count), Some((1437.0, NumberReading::Plain)));
        assert_eq!(n("1,437", Measure::Count), Some((1437.0, NumberReading::Plain)));
        assert_eq!(n("1 437", Measure::Count), Some((1437.0, NumberReading::Plain)));
        assert_eq!(n("1.437.000", Measure::Count), Some((1437000.0, NumberReading::ThousandsDots)));
        assert_eq!(n("1.437", Measure::Count), Some((1437.0, NumberReading::ThousandsDots)));
        assert_eq!(n("68,6", Measure::Percent), Some((68.6, NumberReading::DecimalComma)));
        assert_eq!(n("68,600", Measure::Percent), Some((68.6, NumberReading::DecimalComma)));
        assert_eq!(n("68.6", Measure::Percent), Some((68.6, NumberReading::Plain)));
        assert_eq!(n("68,6%", Measure::Percent), Some((68.6, NumberReading::DecimalComma)));
        assert_eq!(n("1.437,5", Measure::Count), Some((1437.5, NumberReading::DecimalComma)));
        assert_eq!(n("1,437.5", Measure::Count), Some((1437.5, NumberReading::Plain)));
        assert_eq!(n("-3", Measure::Count), Some((-3.0, NumberReading::Plain)));
        for bad in ["", "abc", "1,2,3", "12a", ".", ",", "1..2", "1.2.3,4,5", "NaN", "inf"] {
            assert_eq!(n(bad, Measure::Count), None, "{bad}");
        }
    }

    #[test]
    fn periods_accept_the_template_forms_and_spreadsheet_dates() {
        let p = |s: &str| parse_period(s).map(|(d, read_as)| (d.period.to_string(), d.approximate, read_as));
        assert_eq!(p("2013"), Some(("2013".into(), false, false)));
        assert_eq!(p("~2014"), Some(("2014".into(), true, false)));
        assert_eq!(p("c. 2014"), Some(("2014".into(), true, false)));
        assert_eq!(p("2020-H1"), Some(("2020-H1".into(), false, false)));
        assert_eq!(p("2016-01..2018-06"), Some(("2016-01..2018-06".into(), false, false)));
        assert_eq!(p("27/03/2020"), Some(("2020-03-27".into(), false, true)));
        assert_eq!(p("12/2019"), Some(("2019-12".into(), false, true)));
        assert_eq!(p("31/02/2020"), None);
        assert_eq!(p("next year"), None);
    }

    #[test]
    fn bounds_are_lower_or_approx_in_any_case_and_may_be_left_empty() {
        assert_eq!(parse_bound(""), Ok(None));
        assert_eq!(parse_bound("Lower"), Ok(Some(Bound::Lower)));
        assert_eq!(parse_bound("APPROX"), Ok(Some(Bound::Approx)));
        assert_eq!(parse_bound("about"), Err(()));
    }

    #[test]
    fn a_sentence_language_defaults_to_vietnamese_and_is_kept_in_lower_case() {
        assert_eq!(parse_language("").as_deref(), Some("vi"));
        assert_eq!(parse_language("EN").as_deref(), Some("en"));
        assert_eq!(parse_language("fr").as_deref(), Some("fr"));
        assert_eq!(parse_language("de"), None);
    }
}
