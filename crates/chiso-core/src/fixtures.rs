//! Shared test fixtures: small builders for dataset records and the invented datasets the tests of this crate
//! (and of `chiso-data`) are written against. Compiled for this crate's own tests, and for other crates' tests
//! through the `fixtures` cargo feature (`chiso-data` enables it in its `[dev-dependencies]` only), so it never
//! ships in the app.
//!
//! - Builders: [`date`], [`unit()`], [`record`], [`period`], [`indicator`], [`source`], [`obs`], [`obs_from`],
//!   [`dataset`]. Each fills every field with a plain default; a test changes what it needs with struct update
//!   syntax (`Unit { parent: Some("40".into()), ..unit("423@2013", "Huyện A", Level::District) }`).
//! - Datasets (every place, code and number is invented): [`districts`] (three districts, a few indicators, for
//!   queries and charts), [`four_periods`] (a province over the four administrative periods, with the July 2025
//!   merger, for the map), [`valid_dataset`] (a small dataset that passes validation, with totals and parts).
//! - [`real_db`] reads the published `data/nghe-an.json`.

use crate::model::*;
use crate::period::Date;
use crate::query::Db;

/// A date written `YYYY-MM-DD`. Panics on anything else.
pub fn date(s: &str) -> Date {
    s.parse().unwrap_or_else(|_| panic!("not a date: {s}"))
}

/// The unit type a name starts with, within its level ("Phường Nam" is a ward, "Huyện An Hòa" a district).
fn unit_type_of(name: &str, level: Level) -> UnitType {
    let starts = |prefix: &str| name.starts_with(prefix);
    match level {
        Level::Province => UnitType::Tinh,
        Level::District if starts("Thành phố") => UnitType::ThanhPho,
        Level::District if starts("Thị xã") => UnitType::ThiXa,
        Level::District => UnitType::Huyen,
        Level::Commune if starts("Phường") => UnitType::Phuong,
        Level::Commune if starts("Thị trấn") => UnitType::ThiTran,
        Level::Commune => UnitType::Xa,
        Level::Bloc => UnitType::Khoi,
    }
}

/// A unit record always in force, of no period, with no parent and no links: code = the id before `@`, short name
/// = the name without its first word, lineage = the id, type from the level and the name's first word.
pub fn unit(id: &str, name: &str, level: Level) -> Unit {
    Unit {
        id: id.into(),
        code: id.split('@').next().unwrap_or(id).into(),
        name: name.into(),
        short_name: name.split_whitespace().skip(1).collect::<Vec<_>>().join(" "),
        level,
        unit_type: unit_type_of(name, level),
        parent: None,
        period: None,
        from: None,
        to: None,
        lineage: id.into(),
        successors: vec![],
        predecessors: vec![],
        change: None,
        flags: Default::default(),
    }
}

/// A unit record `{code}@{period}` of one of the periods of [`four_periods`] (`2013`, `2020`, `2025-01`, any other
/// id meaning `2025-07`), in force for that period, with its parent, lineage and predecessors.
pub fn record(
    code: &str,
    period: &str,
    name: &str,
    level: Level,
    parent: Option<&str>,
    lineage: &str,
    predecessors: &[&str],
) -> Unit {
    let (from, to) = match period {
        "2013" => (None, Some("2019-12-31")),
        "2020" => (Some("2020-01-01"), Some("2024-12-31")),
        "2025-01" => (Some("2025-01-01"), Some("2025-06-30")),
        _ => (Some("2025-07-01"), None),
    };
    Unit {
        code: code.into(),
        parent: parent.map(String::from),
        period: Some(period.into()),
        from: from.map(date),
        to: to.map(date),
        lineage: lineage.into(),
        predecessors: predecessors.iter().map(|s| s.to_string()).collect(),
        ..unit(&format!("{code}@{period}"), name, level)
    }
}

/// An administrative period labelled with its id in both languages.
pub fn period(id: &str, from: Option<&str>, to: Option<&str>, has_districts: bool) -> AdminPeriod {
    AdminPeriod { id: id.into(), label: Localized::new(id, id), from: from.map(date), to: to.map(date), has_districts }
}

/// An indicator of theme `organisations` named "`{id}` vi" / "`{id}` en", with no direction and no parts; a
/// rating (category) indicator lists two categories, `HTXSNV` (excellent) then `HTNV` (completed).
pub fn indicator(id: &str, measure: Measure) -> Indicator {
    Indicator {
        id: id.into(),
        theme: "organisations".into(),
        measure,
        name: Localized::new(format!("{id} vi"), format!("{id} en")),
        description: Localized::default(),
        higher_is_better: None,
        categories: if measure == Measure::Category {
            vec![
                Category {
                    code: "HTXSNV".into(),
                    label: Localized::new("Hoàn thành xuất sắc", "Excellent"),
                    short: Localized::new("Xuất sắc", "Excellent"),
                },
                Category {
                    code: "HTNV".into(),
                    label: Localized::new("Hoàn thành", "Completed"),
                    short: Localized::new("Hoàn thành", "Completed"),
                },
            ]
        } else {
            vec![]
        },
        parts: None,
    }
}

/// A Vietnamese source published by "Báo Mẫu" in 2024, with no address.
pub fn source(id: &str, title: &str) -> Source {
    Source {
        id: id.into(),
        title: title.into(),
        title_derived: false,
        note: None,
        publisher: "Báo Mẫu".into(),
        date: "2024".into(),
        url: None,
        file: None,
        language: "vi".into(),
    }
}

/// A published figure of source `src` (see [`obs_from`]).
pub fn obs(id: &str, indicator: &str, unit: &str, period: &str, value: Value) -> Observation {
    obs_from(id, indicator, unit, period, value, "src")
}

/// A published figure, exact, read from the sentence "sentence of `{id}`: `{value}`" of `source` (so the value is
/// in its sentence, as [`crate::validate::value_in_sentence`] requires).
pub fn obs_from(id: &str, indicator: &str, unit: &str, period: &str, value: Value, source: &str) -> Observation {
    Observation {
        id: id.into(),
        indicator: indicator.into(),
        unit: unit.into(),
        period: period.parse().unwrap_or_else(|_| panic!("not a reference period: {period}")),
        approximate: false,
        period_text: None,
        sentence: match &value {
            Value::Number(v) => format!("sentence of {id}: {v}"),
            Value::Category(c) => format!("sentence of {id}: {c}"),
        }
        .into(),
        value,
        bound: None,
        source: source.into(),
        sentence_language: "vi".into(),
        unit_text: None,
        scope: None,
        note: None,
        derived: None,
    }
}

/// A dataset of the current schema version, not marked synthetic, with the theme `organisations`.
pub fn dataset(
    periods: Vec<AdminPeriod>,
    units: Vec<Unit>,
    indicators: Vec<Indicator>,
    sources: Vec<Source>,
    observations: Vec<Observation>,
) -> Dataset {
    Dataset {
        schema: None,
        published: None,
        synthetic: false,
        schema_version: SCHEMA_VERSION,
        periods,
        units,
        themes: vec![Theme { id: "organisations".into(), name: Localized::new("Tổ chức", "Organisations") }],
        indicators,
        sources,
        observations,
    }
}

/// Three districts without periods (Tân Kỳ with records of 2013 and 2020, Quỳnh Lưu, Đô Lương; names reused,
/// numbers invented) under the province `40`, indicators `pct` and `rating` (higher is better), `weak` (lower is
/// better), `orgs` and `empty` (no figures), and two sources disagreeing on `orgs` (1,447 vs 1,454).
pub fn districts() -> Db {
    let n = Value::Number;
    let c = |s: &str| Value::Category(s.into());
    let ranked = |id: &str, measure: Measure, higher: bool| Indicator {
        higher_is_better: Some(higher),
        ..indicator(id, measure)
    };
    let district =
        |id: &str, name: &str, lineage: &str| Unit { lineage: lineage.into(), ..unit(id, name, Level::District) };
    Db::new(dataset(
        vec![],
        vec![
            unit("40", "Tỉnh Mẫu", Level::Province),
            district("901@2013", "Huyện Tân Kỳ", "901@2013"),
            district("901@2020", "Huyện Tân Kỳ", "901@2013"),
            district("902@2013", "Huyện Quỳnh Lưu", "902@2013"),
            district("903@2013", "Huyện Đô Lương", "903@2013"),
        ],
        vec![
            ranked("pct", Measure::Percent, true),
            ranked("weak", Measure::Percent, false),
            indicator("orgs", Measure::Count),
            ranked("rating", Measure::Category, true),
            indicator("empty", Measure::Count),
        ],
        vec![],
        vec![
            obs_from("a", "pct", "40", "2001", n(63.04), "s"),
            obs_from("b", "pct", "40", "2013", n(68.6), "s"),
            obs_from("c", "pct", "901@2013", "2013", n(61.0), "s"),
            obs_from("d", "pct", "901@2020", "2021", n(70.0), "s"),
            obs_from("e", "pct", "902@2013", "2013", n(80.0), "s"),
            obs_from("f", "weak", "40", "2001", n(2.64), "s"),
            obs_from("g", "orgs", "40", "2020-03-27", n(1447.0), "s1"),
            obs_from("h", "orgs", "40", "2020-03-27", n(1454.0), "s2"),
            obs_from("i", "rating", "901@2020", "2023", c("HTXSNV"), "s"),
            obs_from("j", "rating", "902@2013", "2023", c("HTNV"), "s"),
            obs_from("k", "rating", "903@2013", "2023", c("HTXSNV"), "s"),
        ],
    ))
}

/// A small province over the four administrative periods (2013, 2020, January–June 2025, July 2025 on): two
/// districts An Hòa (901) and Bình Sơn (902), a district Cổ Lũy (903) abolished at the end of 2019, three
/// communes until June 2025 and two after July 2025 (Xã Hợp Nhất formed from Xã Đông and Xã Tây). Indicators
/// `members` and `cells` (counts), `pct` (percent) and `rating`; one source whose title needs escaping in HTML.
pub fn four_periods() -> Db {
    let n = Value::Number;
    let c = |s: &str| Value::Category(s.into());
    let dist = Level::District;
    let com = Level::Commune;
    let units = vec![
        unit("40", "Tỉnh Mẫu", Level::Province),
        record("901", "2013", "Huyện An Hòa", dist, Some("40"), "901@2013", &[]),
        record("903", "2013", "Huyện Cổ Lũy", dist, Some("40"), "903@2013", &[]),
        record("901", "2020", "Huyện An Hòa", dist, Some("40"), "901@2013", &[]),
        record("902", "2020", "Huyện Bình Sơn", dist, Some("40"), "902@2020", &[]),
        record("901", "2025-01", "Huyện An Hòa", dist, Some("40"), "901@2013", &[]),
        record("902", "2025-01", "Huyện Bình Sơn", dist, Some("40"), "902@2020", &[]),
        record("9101", "2020", "Xã Đông", com, Some("901@2020"), "9101@2020", &[]),
        record("9102", "2020", "Xã Tây", com, Some("901@2020"), "9102@2020", &[]),
        record("9201", "2020", "Phường Nam", com, Some("902@2020"), "9201@2020", &[]),
        record("9101", "2025-01", "Xã Đông", com, Some("901@2025-01"), "9101@2020", &[]),
        record("9102", "2025-01", "Xã Tây", com, Some("901@2025-01"), "9102@2020", &[]),
        record("9201", "2025-01", "Phường Nam", com, Some("902@2025-01"), "9201@2020", &[]),
        record("9101", "2025-07", "Xã Hợp Nhất", com, Some("40"), "9101@2025-07", &["9101@2025-01", "9102@2025-01"]),
        record("9201", "2025-07", "Phường Nam", com, Some("40"), "9201@2025-07", &["9201@2025-01"]),
    ];
    Db::new(dataset(
        vec![
            period("2013", None, Some("2019-12-31"), true),
            period("2020", Some("2020-01-01"), Some("2024-12-31"), true),
            period("2025-01", Some("2025-01-01"), Some("2025-06-30"), true),
            period("2025-07", Some("2025-07-01"), None, false),
        ],
        units,
        vec![
            indicator("members", Measure::Count),
            indicator("cells", Measure::Count),
            indicator("pct", Measure::Percent),
            indicator("rating", Measure::Category),
        ],
        vec![source("src", "Báo Mẫu <tổng hợp>")],
        vec![
            obs("m1", "members", "9101@2025-01", "2025-02", n(100.0)),
            obs("m2", "members", "9102@2025-01", "2025-02", n(50.0)),
            obs("m3", "members", "9201@2025-01", "2025-03", n(70.0)),
            obs("m4", "members", "9201@2025-07", "2025-08", n(1450.0)),
            obs("c1", "cells", "9101@2025-01", "2025-02", n(5.0)),
            obs("p1", "pct", "9101@2025-01", "2025-02", n(60.0)),
            obs("p2", "pct", "9102@2025-01", "2025-02", n(80.0)),
            obs("p3", "pct", "901@2020", "2023", n(61.0)),
            obs("p4", "pct", "902@2020", "2023", n(97.0)),
            obs("p5", "pct", "901@2020", "2023-06", n(58.0)),
            obs("p6", "pct", "903@2013", "2013", n(55.0)),
            obs("p7", "pct", "901@2013", "2013", n(50.0)),
            obs("r1", "rating", "901@2020", "2023", c("HTXSNV")),
            obs("r2", "rating", "902@2020", "2023", c("HTNV")),
        ],
    ))
}

/// A small dataset that passes validation: the province `40`, the district `423` in its 2013 and 2020 records
/// (linked), the periods 2013 and 2020, a rating with the four official categories, a yes/no flag, the count
/// `graduates_to_communes` with three exhaustive parts, the percent `intermediate_pct` with one non-exhaustive part,
/// and one figure (`s28`).
pub fn valid_dataset() -> Dataset {
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
    let district = |id: &str, period: &str, from: Option<&str>, to: &str| Unit {
        parent: Some("40".into()),
        period: Some(period.into()),
        from: from.map(date),
        to: Some(date(to)),
        ..unit(id, &format!("Huyện {id}"), Level::District)
    };
    let d2013 = Unit { successors: vec!["423@2020".into()], ..district("423@2013", "2013", None, "2019-12-31") };
    let d2020 = Unit {
        predecessors: vec!["423@2013".into()],
        lineage: "423@2013".into(),
        ..district("423@2020", "2020", Some("2020-01-01"), "2024-12-31")
    };
    dataset(
        vec![
            AdminPeriod {
                label: Localized::new("2013 – 2019", "2013 – 2019"),
                ..period("2013", None, Some("2019-12-31"), true)
            },
            AdminPeriod {
                label: Localized::new("2020 – 2024", "2020 – 2024"),
                ..period("2020", Some("2020-01-01"), Some("2024-12-31"), true)
            },
        ],
        vec![unit("40", "Tỉnh Nghệ An", Level::Province), d2013, d2020],
        vec![
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
        vec![source("src", "Title")],
        vec![obs("s28", "clean_strong_orgs_pct", "423@2013", "2013", Value::Number(61.0))],
    )
}

/// The published dataset, `data/nghe-an.json`, read from the repository. Panics when it is missing or invalid.
pub fn real_db() -> Db {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/nghe-an.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Db::new(Dataset::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    #[test]
    fn the_valid_dataset_passes_validation() {
        assert_eq!(validate(&valid_dataset()), vec![]);
    }

    #[test]
    fn a_unit_takes_its_type_from_its_level_and_the_first_word_of_its_name() {
        assert_eq!(unit("1", "Phường Nam", Level::Commune).unit_type, UnitType::Phuong);
        assert_eq!(unit("1", "Xã Đông", Level::Commune).unit_type, UnitType::Xa);
        assert_eq!(unit("1", "Thị xã Hoàng Mai", Level::District).unit_type, UnitType::ThiXa);
        assert_eq!(unit("40", "Tỉnh Mẫu", Level::Province).short_name, "Mẫu");
    }

    #[test]
    fn a_record_of_the_july_2025_period_is_in_force_from_the_first_of_july() {
        let u = record("9101", "2025-07", "Xã Hợp Nhất", Level::Commune, Some("40"), "9101@2025-07", &["9101@2025-01"]);
        assert_eq!((u.id.as_str(), u.from, u.to), ("9101@2025-07", Some(date("2025-07-01")), None));
        assert_eq!(u.predecessors, ["9101@2025-01"]);
    }
}
