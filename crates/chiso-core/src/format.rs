//! Numbers, values, changes, dates and reference periods written out for people, in Vietnamese or English.
//!
//! Hand-written, no locale library. Conventions:
//! - Vietnamese groups thousands with "." and writes decimals with "," (`1.437`, `68,6`); English uses "," and "."
//!   (`1,437`, `68.6`).
//! - Negative numbers use the minus sign "−" (U+2212), never the hyphen, everywhere in this module; positive
//!   changes carry an explicit "+". A value that rounds to zero is written without a sign.
//! - A number that is not finite (NaN, infinity) is written as an en dash "–" ([`MISSING`]).
//! - Percent signs follow the number with no space (`68,6%`).
//! - Ranges are joined with a spaced en dash (`1/2016 – 6/2018`).

use crate::i18n::{Lang, Msg};
use crate::model::{Bound, Measure, Value};
use crate::period::{Date, RefPeriod};
use crate::tr;

/// What a number that cannot be written (NaN, infinity) is shown as.
pub const MISSING: &str = "–";

/// The minus sign used for negative numbers and decreases.
pub const MINUS: char = '−';

/// Most decimals [`number`] writes when it is not told how many.
const MAX_AUTO_DECIMALS: usize = 2;

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Writes a number: `Some(n)` decimals exactly, or with `None` as many as needed up to two, trailing zeros dropped
/// (`61.0` → "61", `68.60` → "68,6"). Thousands are grouped. See the module doc for signs and separators.
pub fn number(value: f64, decimals: Option<usize>, lang: Lang) -> String {
    match decimals {
        Some(d) => write_number(value, d, false, lang),
        None => write_number(value, MAX_AUTO_DECIMALS, true, lang),
    }
}

/// Writes `value` rounded to `decimals`, trimming trailing zeros of the fraction when `trim` is set.
fn write_number(value: f64, decimals: usize, trim: bool, lang: Lang) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let digits = format!("{:.decimals$}", value.abs());
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((&digits, ""));
    let frac_part = if trim { frac_part.trim_end_matches('0') } else { frac_part };
    let is_zero = int_part.bytes().all(|b| b == b'0') && frac_part.bytes().all(|b| b == b'0');
    let (group_sep, decimal_sep) = lang.pick(('.', ','), (',', '.'));

    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if value < 0.0 && !is_zero {
        out.push(MINUS);
    }
    let len = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(group_sep);
        }
        out.push(c);
    }
    if !frac_part.is_empty() {
        out.push(decimal_sep);
        out.push_str(frac_part);
    }
    out
}

/// Writes a number with an explicit sign: "+135", "−70", "0".
fn signed(value: f64, max_decimals: usize, lang: Lang) -> String {
    let s = write_number(value, max_decimals, true, lang);
    if value > 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{s}")
    } else {
        s
    }
}

/// Writes a percentage, 0–100 scale: "68,6%" / "68.6%".
pub fn percent(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    format!("{}%", number(value, None, lang))
}

/// Writes a published value of an indicator with the given measure: counts as numbers, percents with "%", flags as
/// "có"/"không" ("yes"/"no"); a category code is returned as is (the caller maps it to its label). A lower bound
/// reads "hơn 5.688" ("more than 5,688"), an approximate value "khoảng 7.400" ("about 7,400"); flags and categories
/// ignore the bound.
pub fn value(value: &Value, measure: Measure, bound: Option<Bound>, lang: Lang) -> String {
    let n = match value {
        Value::Category(code) => return code.clone(),
        Value::Number(n) => *n,
    };
    let text = match measure {
        Measure::Flag if n.is_finite() => {
            let (yes, no) = (tr!(lang, "có", "yes"), tr!(lang, "không", "no"));
            return if n != 0.0 { yes } else { no }.to_string();
        }
        Measure::Flag => return MISSING.to_string(),
        Measure::Percent => percent(n, lang),
        Measure::Count | Measure::Category => number(n, None, lang),
    };
    match bound {
        _ if !n.is_finite() => text,
        Some(Bound::Lower) => format!("{} {text}", Msg::LowerBound.text(lang)),
        Some(Bound::Approx) => format!("{} {text}", Msg::About.text(lang)),
        None => text,
    }
}

/// The change from `from` to `to` in the indicator's own measure, signed: "+135", "−70" for counts; for percents the
/// difference in percentage points, "+5,56 điểm %" / "+5.56 pp". Flags and categories are treated like counts.
pub fn change_absolute(from: f64, to: f64, measure: Measure, lang: Lang) -> String {
    let diff = to - from;
    if !diff.is_finite() {
        return MISSING.to_string();
    }
    let s = signed(diff, MAX_AUTO_DECIMALS, lang);
    match measure {
        Measure::Percent => format!("{s} {}", tr!(lang, "điểm %", "pp")),
        Measure::Count | Measure::Category | Measure::Flag => s,
    }
}

/// The change from `from` to `to` as a percentage of `from`, signed, with at most one decimal: "+8,8%" / "−12.5%".
/// `None` when `from` is zero or either number is not finite.
pub fn change_relative(from: f64, to: f64, lang: Lang) -> Option<String> {
    if from == 0.0 || !from.is_finite() || !to.is_finite() {
        return None;
    }
    let rel = (to - from) / from.abs() * 100.0;
    Some(format!("{}%", signed(rel, 1, lang)))
}

/// Writes a calendar day: "1/7/2025" / "1 Jul 2025".
pub fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", d.day, d.month, d.year),
        Lang::En => format!("{} {} {}", d.day, month_en(d.month), d.year),
    }
}

fn month_en(month: u8) -> &'static str {
    MONTHS_EN.get(usize::from(month).wrapping_sub(1)).copied().unwrap_or("?")
}

/// Writes a reference period: "2013", "12/2013", "27/3/2020", "6 tháng đầu năm 2020", "1/2016 – 6/2018" in
/// Vietnamese; "2013", "Dec 2013", "27 Mar 2020", "H1 2020", "Jan 2016 – Jun 2018" in English. An approximate
/// period is prefixed "khoảng " / "c. ".
pub fn period(p: &RefPeriod, approximate: bool, lang: Lang) -> String {
    let text = simple_period(p, lang);
    if approximate {
        format!("{}{text}", tr!(lang, "khoảng ", "c. "))
    } else {
        text
    }
}

fn simple_period(p: &RefPeriod, lang: Lang) -> String {
    match (p, lang) {
        (RefPeriod::Year(y), _) => y.to_string(),
        (RefPeriod::Month(y, m), Lang::Vi) => format!("{m}/{y}"),
        (RefPeriod::Month(y, m), Lang::En) => format!("{} {y}", month_en(*m)),
        (RefPeriod::Day(d), _) => date(*d, lang),
        (RefPeriod::Half(y, h), Lang::Vi) => {
            format!("6 tháng {} năm {y}", if *h == 1 { "đầu" } else { "cuối" })
        }
        (RefPeriod::Half(y, h), Lang::En) => format!("H{h} {y}"),
        (RefPeriod::Range(a, b), _) => format!("{} – {}", simple_period(a, lang), simple_period(b, lang)),
    }
}

/// Label of a tick on a fractional-year time axis: the year for a whole year ("2013"), an empty string for any
/// other position (so only whole years are labelled). Years are never grouped ("2013", not "2.013").
pub fn axis_year(v: f64) -> String {
    if v.is_finite() && (v - v.round()).abs() < 1e-6 {
        format!("{}", v.round() as i64)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> RefPeriod {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_are_written_with_the_separators_of_each_language() {
        let cases: [(f64, Option<usize>, &str, &str); 16] = [
            (1437.0, None, "1.437", "1,437"),
            (193132.0, None, "193.132", "193,132"),
            (68.6, None, "68,6", "68.6"),
            (63.04, None, "63,04", "63.04"),
            (0.13, None, "0,13", "0.13"),
            (0.0, None, "0", "0"),
            (61.0, None, "61", "61"),
            (1_000_000.0, None, "1.000.000", "1,000,000"),
            (999.0, None, "999", "999"),
            (-70.0, None, "−70", "−70"),
            (-1234.5, None, "−1.234,5", "−1,234.5"),
            (2.0 / 3.0, None, "0,67", "0.67"),
            (68.6, Some(2), "68,60", "68.60"),
            (1437.0, Some(1), "1.437,0", "1,437.0"),
            (1437.4, Some(0), "1.437", "1,437"),
            (-0.001, None, "0", "0"),
        ];
        for (v, d, vi, en) in cases {
            assert_eq!(number(v, d, Lang::Vi), vi, "{v} vi");
            assert_eq!(number(v, d, Lang::En), en, "{v} en");
        }
    }

    #[test]
    fn numbers_that_are_not_finite_are_written_as_a_dash() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for lang in Lang::ALL {
                assert_eq!(number(v, None, lang), "–");
                assert_eq!(percent(v, lang), "–");
                assert_eq!(change_absolute(0.0, v, Measure::Count, lang), "–");
                assert_eq!(change_relative(1.0, v, lang), None);
            }
        }
    }

    #[test]
    fn percents_follow_the_number_without_a_space() {
        let cases =
            [(68.6, "68,6%", "68.6%"), (100.0, "100%", "100%"), (0.5, "0,5%", "0.5%"), (63.04, "63,04%", "63.04%")];
        for (v, vi, en) in cases {
            assert_eq!(percent(v, Lang::Vi), vi);
            assert_eq!(percent(v, Lang::En), en);
        }
    }

    #[test]
    fn values_are_written_by_measure_with_their_bounds() {
        let n = Value::Number;
        let cases = [
            (n(5688.0), Measure::Count, Some(Bound::Lower), "hơn 5.688", "more than 5,688"),
            (n(7400.0), Measure::Count, Some(Bound::Approx), "khoảng 7.400", "about 7,400"),
            (n(1437.0), Measure::Count, None, "1.437", "1,437"),
            (n(68.6), Measure::Percent, None, "68,6%", "68.6%"),
            (n(90.0), Measure::Percent, Some(Bound::Lower), "hơn 90%", "more than 90%"),
            (n(1.0), Measure::Flag, None, "có", "yes"),
            (n(0.0), Measure::Flag, None, "không", "no"),
            (n(1.0), Measure::Flag, Some(Bound::Approx), "có", "yes"),
            (Value::Category("HTXSNV".into()), Measure::Category, None, "HTXSNV", "HTXSNV"),
            (n(f64::NAN), Measure::Count, Some(Bound::Lower), "–", "–"),
        ];
        for (v, measure, bound, vi, en) in cases {
            assert_eq!(value(&v, measure, bound, Lang::Vi), vi, "{v:?}");
            assert_eq!(value(&v, measure, bound, Lang::En), en, "{v:?}");
        }
    }

    #[test]
    fn absolute_changes_are_signed_and_percents_change_in_points() {
        let cases = [
            (63.04, 68.6, Measure::Percent, "+5,56 điểm %", "+5.56 pp"),
            (68.6, 63.04, Measure::Percent, "−5,56 điểm %", "−5.56 pp"),
            (1437.0, 1572.0, Measure::Count, "+135", "+135"),
            (1572.0, 1502.0, Measure::Count, "−70", "−70"),
            (10_000.0, 12_500.0, Measure::Count, "+2.500", "+2,500"),
            (5.0, 5.0, Measure::Count, "0", "0"),
            (50.0, 50.0, Measure::Percent, "0 điểm %", "0 pp"),
        ];
        for (from, to, measure, vi, en) in cases {
            assert_eq!(change_absolute(from, to, measure, Lang::Vi), vi, "{from} → {to}");
            assert_eq!(change_absolute(from, to, measure, Lang::En), en, "{from} → {to}");
        }
    }

    #[test]
    fn relative_changes_are_signed_percents_of_the_earlier_figure() {
        let cases = [
            (63.04, 68.6, Some("+8,8%"), Some("+8.8%")),
            (80.0, 70.0, Some("−12,5%"), Some("−12.5%")),
            (100.0, 110.0, Some("+10%"), Some("+10%")),
            (100.0, 100.0, Some("0%"), Some("0%")),
            (-50.0, -25.0, Some("+50%"), Some("+50%")),
            (0.0, 5.0, None, None),
        ];
        for (from, to, vi, en) in cases {
            assert_eq!(change_relative(from, to, Lang::Vi).as_deref(), vi, "{from} → {to}");
            assert_eq!(change_relative(from, to, Lang::En).as_deref(), en, "{from} → {to}");
        }
    }

    #[test]
    fn periods_of_every_form_are_written_in_each_language() {
        let cases = [
            ("2013", false, "2013", "2013"),
            ("2013-12", false, "12/2013", "Dec 2013"),
            ("2020-03-27", false, "27/3/2020", "27 Mar 2020"),
            ("2020-H1", false, "6 tháng đầu năm 2020", "H1 2020"),
            ("2020-H2", false, "6 tháng cuối năm 2020", "H2 2020"),
            ("2016-01..2018-06", false, "1/2016 – 6/2018", "Jan 2016 – Jun 2018"),
            ("2003..2014", false, "2003 – 2014", "2003 – 2014"),
            ("2014", true, "khoảng 2014", "c. 2014"),
            ("2019-12", true, "khoảng 12/2019", "c. Dec 2019"),
        ];
        for (s, approximate, vi, en) in cases {
            assert_eq!(period(&p(s), approximate, Lang::Vi), vi, "{s}");
            assert_eq!(period(&p(s), approximate, Lang::En), en, "{s}");
        }
    }

    #[test]
    fn dates_are_day_month_year_in_both_languages() {
        let cases = [((2025, 7, 1), "1/7/2025", "1 Jul 2025"), ((2013, 12, 31), "31/12/2013", "31 Dec 2013")];
        for ((y, m, d), vi, en) in cases {
            let day = Date::new(y, m, d).unwrap();
            assert_eq!(date(day, Lang::Vi), vi);
            assert_eq!(date(day, Lang::En), en);
        }
    }

    #[test]
    fn only_whole_years_are_labelled_on_the_time_axis() {
        let cases = [(2013.0, "2013"), (2025.0, "2025"), (2013.5, ""), (2019.999, ""), (f64::NAN, "")];
        for (v, want) in cases {
            assert_eq!(axis_year(v), want, "{v}");
        }
    }
}
