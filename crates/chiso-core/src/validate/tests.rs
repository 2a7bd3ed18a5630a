//! Tests of the checks and their messages, on [`crate::fixtures::valid_dataset`].

use super::*;
use crate::fixtures::{obs, valid_dataset as base};
use crate::model::*;
use crate::period::Date;

fn n(v: f64) -> Value {
    Value::Number(v)
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
    let rating = |c: &str| obs("6", "district_party_committee_rating", "423@2020", "2023", Value::Category(c.into()));
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
    other_value.sentence = "sentence of 32: 1,454".into();
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

#[test]
fn every_kind_of_issue_reads_the_same_in_each_language_as_before_the_texts_were_shared() {
    use crate::i18n::Lang;
    let d = |s: &str| s.parse::<Date>().unwrap();
    let cases = [
        (
            IssueKind::UnitNotInForce {
                unit: "423@2013".into(),
                date: d("2020-03-27"),
                from: None,
                to: Some(d("2019-12-31")),
            },
            "đơn vị `423@2013` không tồn tại vào ngày 27/3/2020 (tồn tại đến 31/12/2019)",
            "unit `423@2013` is not in force on 2020-03-27 (in force until 2019-12-31)",
        ),
        (
            IssueKind::UnitNotInForce {
                unit: "1@2020".into(),
                date: d("2019-01-01"),
                from: Some(d("2020-01-01")),
                to: Some(d("2024-12-31")),
            },
            "đơn vị `1@2020` không tồn tại vào ngày 1/1/2019 (tồn tại 1/1/2020 – 31/12/2024)",
            "unit `1@2020` is not in force on 2019-01-01 (in force 2020-01-01 – 2024-12-31)",
        ),
        (
            IssueKind::ValueTypeMismatch { measure: Measure::Count, value: Value::Category("HTNV".into()) },
            "mã phân loại \"HTNV\" trong khi chỉ số cần một số đếm",
            "the category code \"HTNV\" where the indicator expects a count",
        ),
        (
            IssueKind::ValueTypeMismatch { measure: Measure::Flag, value: Value::Number(1234.5) },
            "số 1.234,5 trong khi chỉ số cần một giá trị có/không (0 hoặc 1)",
            "the number 1,234.5 where the indicator expects a yes/no flag (0 or 1)",
        ),
        (
            IssueKind::DuplicateId { collection: Collection::Units, id: "40".into() },
            "mã `40` xuất hiện nhiều lần trong các đơn vị",
            "id `40` appears more than once in units",
        ),
        (
            IssueKind::ValueNotInSentence { value: 193133.0 },
            "không thấy số 193.133 trong câu trích dẫn (nếu số liệu được tính ra, ghi cách tính vào `derived`)",
            "193,133 does not appear in the exact sentence (if the figure was computed, say how in `derived`)",
        ),
        (
            IssueKind::NegativeCount { value: -3.0 },
            "−3 là số âm, nhưng số đếm không thể âm",
            "−3 is negative, but a count cannot be",
        ),
    ];
    for (kind, vi, en) in cases {
        assert_eq!(kind.message(Lang::Vi), vi);
        assert_eq!(kind.message(Lang::En), en);
        assert_eq!((kind.message_vi(), kind.message_en()), (vi.to_string(), en.to_string()));
    }
    let issue =
        Issue { kind: IssueKind::UnknownTheme { id: "x".into() }, context: Context::observation("s1", "theme") };
    assert_eq!(issue.message(Lang::Vi), "dòng s1, cột `theme`: không có chủ đề `x`");
    assert_eq!(issue.to_string(), "row s1, column `theme`: there is no theme `x`");
}

#[test]
fn a_value_that_is_not_in_its_exact_sentence_is_rejected() {
    let mut typo = obs("1", "party_members", "40", "2013", n(193133.0));
    typo.sentence = "Toàn Đảng bộ tỉnh có 193.132 đảng viên.".into();
    let bad = with(vec![typo.clone()]);
    assert_eq!(kinds(&bad), vec![&IssueKind::ValueNotInSentence { value: 193133.0 }]);
    assert_eq!(bad[0].context, Context::observation("1", "value"));
    typo.value = n(193132.0);
    assert!(with(vec![typo]).is_empty(), "the published figure passes");
}

#[test]
fn a_derived_value_is_not_looked_for_in_its_sentence_but_loses_that_leave_without_derived() {
    let mut sum = obs("1", "party_members", "40", "2013", n(1572.0));
    sum.sentence = "In 2001 the province had 1,437 organisations; by 2013 it had 135 more.".into();
    sum.derived = Some("1,437 + 135".into());
    assert!(with(vec![sum.clone()]).is_empty());
    sum.derived = Some("  ".into());
    assert_eq!(kinds(&with(vec![sum.clone()])), vec![&IssueKind::ValueNotInSentence { value: 1572.0 }]);
    sum.derived = None;
    assert_eq!(kinds(&with(vec![sum])), vec![&IssueKind::ValueNotInSentence { value: 1572.0 }]);
}

#[test]
fn an_empty_exact_sentence_is_rejected() {
    let mut o = obs("1", "party_members", "40", "2013", n(5.0));
    o.sentence = " ".into();
    let bad = with(vec![o]);
    assert_eq!(kinds(&bad), vec![&IssueKind::NoSentence]);
    assert_eq!(bad[0].context, Context::observation("1", "sentence"));
}

#[test]
fn invented_data_is_not_held_to_its_sentence_but_still_needs_one() {
    let mut ds = base();
    ds.synthetic = true;
    let mut o = obs("1", "party_members", "40", "2013", n(5.0));
    o.sentence = "Số liệu tổng hợp, không có thật.".into();
    ds.observations.push(o.clone());
    assert!(validate(&ds).is_empty());
    o.sentence = "".into();
    ds.observations.push(Observation { id: "2".into(), value: n(6.0), ..o });
    assert_eq!(kinds(&validate(&ds)), vec![&IssueKind::NoSentence]);
}

#[test]
fn a_source_url_that_is_not_http_or_https_is_rejected_so_it_never_becomes_a_link() {
    let with_url = |url: &str| {
        let mut ds = base();
        ds.sources[0].url = Some(url.into());
        validate(&ds)
    };
    for bad in
        ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "baonghean.vn/x"]
    {
        let issues = with_url(bad);
        assert_eq!(kinds(&issues), vec![&IssueKind::UnsafeUrl { url: bad.into() }], "{bad:?}");
        assert_eq!(issues[0].context.column.as_deref(), Some("url"));
        assert!(matches!(issues[0].context.subject, Subject::Source(_)));
    }
    assert!(with_url("https://baonghean.vn/x").is_empty());
    assert!(with_url(" http://example.org/a ").is_empty());
}

#[test]
fn an_unsafe_url_is_explained_in_both_languages() {
    let kind = IssueKind::UnsafeUrl { url: "javascript:alert(1)".into() };
    assert!(kind.message(crate::i18n::Lang::Vi).contains("không được làm liên kết"));
    assert!(kind.message_en().contains("cannot be a link"));
}
