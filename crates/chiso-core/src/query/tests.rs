//! Tests of [`super`].

use super::disagree::has_disagreement;
use super::*;
use crate::model::*;

use crate::fixtures::obs_from as obs;

/// The small invented dataset of the query tests (also used by the chart tests).
pub(crate) fn synthetic() -> Db {
    crate::fixtures::districts()
}

fn state(level: Level, inds: &[&str]) -> ExplorerState {
    ExplorerState { level, indicators: inds.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

#[test]
fn records_of_one_lineage_are_one_place_named_after_the_latest() {
    let db = synthetic();
    let places = db.places(Level::District);
    assert_eq!(places.len(), 3);
    let tk = db.place("901@2013").unwrap();
    assert_eq!(tk.latest.id, "901@2020");
    assert_eq!(tk.first.id, "901@2013");
}

#[test]
fn places_sort_by_folded_name_so_d_stroke_sorts_with_d() {
    let db = synthetic();
    let names: Vec<&str> = db.places(Level::District).iter().map(|p| p.latest.short_name.as_str()).collect();
    assert_eq!(names, ["Đô Lương", "Quỳnh Lưu", "Tân Kỳ"]);
}

#[test]
fn searching_ignores_case_and_diacritics() {
    let db = synthetic();
    for q in ["tan ky", "TÂN KỲ", "Tân"] {
        let found = db.search_places(Level::District, None, q);
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(found[0].lineage, "901@2013");
    }
    assert!(db.search_places(Level::District, None, "vinh").is_empty());
    let all: Vec<&str> = db.search_places(Level::District, None, "").iter().map(|p| p.lineage).collect();
    assert_eq!(all.len(), 3, "an empty search lists every place");
    let ranked: Vec<&str> = db.search_places(Level::District, None, "huyen tan ky").iter().map(|p| p.lineage).collect();
    assert_eq!(ranked, ["901@2013"], "the full name finds exactly the place");
    let ranked: Vec<&str> = db.search_places(Level::District, None, "lu").iter().map(|p| p.lineage).collect();
    assert_eq!(ranked.len(), 2, "Lương and Lưu both start with lu");
}

#[test]
fn figures_follow_a_place_across_its_records_and_respect_the_year_range() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"]);
    let ids: Vec<&str> = db.figures(&s, "pct", "901@2013").iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["c", "d"]);
    s.to_year = Some(2015);
    let ids: Vec<&str> = db.figures(&s, "pct", "901@2013").iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["c"]);
}

#[test]
fn an_empty_selection_shows_every_place_with_data_and_a_selection_narrows_it() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"]);
    let shown: Vec<&str> = db.shown_places(&s).iter().map(|p| p.lineage).collect();
    assert_eq!(shown, ["902@2013", "901@2013"]);
    s.toggle_place("901@2013");
    let shown: Vec<&str> = db.shown_places(&s).iter().map(|p| p.lineage).collect();
    assert_eq!(shown, ["901@2013"]);
}

#[test]
fn selected_places_of_another_level_are_not_shown() {
    let db = synthetic();
    let mut s = state(Level::Province, &["pct"]);
    s.places = vec!["901@2013".into()];
    let shown: Vec<&str> = db.shown_places(&s).iter().map(|p| p.lineage).collect();
    assert_eq!(shown, ["40"]);
}

#[test]
fn the_ranking_uses_the_latest_year_in_range_and_puts_the_best_first() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"]);
    let r = db.ranking(&s);
    assert_eq!(db.ranking_year(&s), Some(2021));
    assert_eq!(r.iter().map(|(p, _)| p.lineage).collect::<Vec<_>>(), ["901@2013"]);
    s.year = Some(2013);
    let r = db.ranking(&s);
    assert_eq!(r.iter().map(|(_, o)| o.id.as_str()).collect::<Vec<_>>(), ["e", "c"]);
}

#[test]
fn a_lower_is_better_indicator_ranks_smallest_first() {
    let mut db = synthetic();
    db.ds.observations.push(obs("z", "weak", "901@2013", "2013", Value::Number(5.0), "s"));
    db.ds.observations.push(obs("y", "weak", "902@2013", "2013", Value::Number(1.0), "s"));
    let db = Db::new(db.ds);
    let r = db.ranking(&state(Level::District, &["weak"]));
    assert_eq!(r.iter().map(|(_, o)| o.id.as_str()).collect::<Vec<_>>(), ["y", "z"]);
}

#[test]
fn ratings_are_counted_per_category_not_averaged() {
    let db = synthetic();
    let counts = db.category_counts(&state(Level::District, &["rating"]));
    let summary: Vec<(&str, usize)> = counts.iter().map(|(c, p)| (c.code.as_str(), p.len())).collect();
    assert_eq!(summary, [("HTXSNV", 2), ("HTNV", 1)]);
}

#[test]
fn table_rows_sort_by_value_descending_when_asked() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"]);
    s.sort = (SortKey::Value, true);
    s.view = View::Table;
    let vals: Vec<f64> = db.table_rows(&s).iter().map(|r| r.observation.value.as_number().unwrap()).collect();
    assert_eq!(vals, [80.0, 70.0, 61.0]);
}

#[test]
fn changes_compare_the_first_and_last_year() {
    let db = synthetic();
    let s = state(Level::Province, &["pct", "weak"]);
    let ch = db.changes(&s);
    assert_eq!(ch.len(), 1, "weak has a single year, so no change");
    assert!((ch[0].absolute() - 5.56).abs() < 1e-9);
    assert!((ch[0].relative().unwrap() - 8.819796954).abs() < 1e-6);
}

#[test]
fn disagreeing_figures_are_grouped_side_by_side() {
    let db = synthetic();
    let s = state(Level::Province, &["orgs"]);
    let figs = db.shown_figures(&s);
    assert_eq!(figs.len(), 2);
    let d = db.disagreements(&figs);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].len(), 2);
}

#[test]
fn the_figures_on_screen_follow_the_active_view() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"]);
    s.view = View::Bar;
    s.year = Some(2013);
    let ids: Vec<&str> = db.figures_on_screen(&s).iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["e", "c"], "the bar view lists the ranked figures");
    s.view = View::Table;
    s.year = None;
    let ids: Vec<&str> = db.figures_on_screen(&s).iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["e", "c", "d"], "the table lists every figure of the shown places");
    let r = state(Level::District, &["rating"]);
    assert_eq!(db.figures_on_screen(&r).len(), 3, "a rating chart lists every rated place");
}

#[test]
fn figures_sharing_a_sentence_are_grouped_under_their_source() {
    let db = synthetic();
    let s = state(Level::Province, &["pct", "orgs"]);
    let figs = db.shown_figures(&s);
    let groups = group_by_source(&figs);
    let shape: Vec<(&str, Vec<usize>)> =
        groups.iter().map(|g| (g.source, g.sentences.iter().map(|s| s.figures.len()).collect())).collect();
    assert_eq!(shape, [("s", vec![1, 1]), ("s1", vec![1]), ("s2", vec![1])]);
    let mut one_sentence = figs.clone();
    let mut shared = one_sentence[1].clone();
    shared.sentence = one_sentence[0].sentence.clone();
    one_sentence[1] = &shared;
    let groups = group_by_source(&one_sentence);
    assert_eq!(groups[0].sentences.len(), 1);
    assert_eq!(groups[0].sentences[0].figures.len(), 2);
}

#[test]
fn the_float_sort_key_orders_as_total_cmp_does() {
    let mut by_cmp = vec![2013.5, -1.0, 0.0, -0.0, 2001.25, 1e9, -1e9, 2013.4999];
    let mut by_key = by_cmp.clone();
    by_cmp.sort_by(f64::total_cmp);
    by_key.sort_by_key(|x| total_order_key(*x));
    assert_eq!(
        by_cmp.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        by_key.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
}

#[test]
fn a_disagreement_is_found_between_two_figures_that_each_differ_from_the_first_in_one_way() {
    let a = obs("a", "orgs", "40", "2020", Value::Number(1.0), "s1");
    let same_value_other_source = obs("b", "orgs", "40", "2020", Value::Number(1.0), "s2");
    let same_source_other_value = obs("c", "orgs", "40", "2020", Value::Number(2.0), "s1");
    assert!(has_disagreement(&[&a, &same_value_other_source, &same_source_other_value]), "b and c differ in both");
    assert!(!has_disagreement(&[&a, &same_value_other_source]));
    assert!(!has_disagreement(&[&a, &same_source_other_value]), "one source's series is not a disagreement");
    assert!(!has_disagreement(&[&a]));
    let both = obs("d", "orgs", "40", "2020", Value::Number(3.0), "s3");
    assert!(has_disagreement(&[&a, &both]));
}

#[test]
fn figures_of_one_month_from_several_sources_disagree_but_not_across_months() {
    let mut db = synthetic();
    db.ds.observations.push(obs("m", "orgs", "40", "2019-06", Value::Number(1564.0), "s3"));
    db.ds.observations.push(obs("n", "orgs", "40", "2019-12", Value::Number(1501.0), "s3"));
    db.ds.observations.push(obs("p", "orgs", "40", "2020-07", Value::Number(1454.0), "s4"));
    let db = Db::new(db.ds);
    let figs = db.shown_figures(&state(Level::Province, &["orgs"]));
    let d = db.disagreements(&figs);
    assert_eq!(d.len(), 1, "only March 2020 has sources that disagree");
    let ids: Vec<&str> = d[0].iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["g", "h"], "1,454 in July 2020 (p) is four months later: a change, not a disagreement");
    assert_eq!(
        db.describe_disagreement(&d[0], Lang::Vi),
        "orgs vi, Tỉnh Mẫu: 1.447 (27/3/2020, s1) / 1.454 (27/3/2020, s2)"
    );
}

#[test]
fn clicking_a_district_drills_down_and_clicking_another_place_opens_its_profile() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"]);
    db.activate_place(&mut s, "901@2013");
    assert_eq!((s.level, s.parent.as_deref(), s.profile.as_deref()), (Level::Commune, Some("901@2013"), None));
    let mut s = state(Level::Province, &["pct"]);
    db.activate_place(&mut s, "40");
    assert_eq!(s.profile.as_deref(), Some("40"));
    db.activate_place(&mut s, "no-such-place");
    assert_eq!(s.profile.as_deref(), Some("40"), "an unknown place changes nothing");
}

#[test]
fn a_state_from_another_dataset_falls_back_to_indicators_and_places_this_one_has() {
    let db = synthetic();
    let mut s = ExplorerState { places: vec!["40".into(), "no-such@2013".into()], ..Default::default() };
    assert!(db.repair_state(&mut s));
    assert_eq!(s.indicators, ["pct"], "the first indicator with figures replaces the unknown defaults");
    assert_eq!(s.places, ["40"]);
    assert!(!db.repair_state(&mut s), "a repaired state needs no more repair");
    let mut s = state(Level::Province, &["weak", "nope"]);
    db.repair_state(&mut s);
    assert_eq!(s.indicators, ["weak"]);
}

#[test]
fn indicators_without_figures_are_not_offered() {
    let db = synthetic();
    let groups = db.indicator_groups();
    let ids: Vec<&str> = groups[0].1.iter().map(|i| i.id.as_str()).collect();
    assert!(!ids.contains(&"empty"));
    assert!(ids.contains(&"pct"));
}

#[test]
fn data_availability_is_reported_per_place_and_level() {
    let db = synthetic();
    assert!(db.has_data("pct", "901@2013"));
    assert!(!db.has_data("weak", "901@2013"));
    assert!(db.has_data_at_level("weak", Level::Province));
    assert!(!db.has_data_at_level("weak", Level::District));
    assert_eq!(db.year_bounds(), (2001, 2023));
}

#[test]
fn only_an_indicator_of_the_same_measure_is_added_to_compare() {
    let db = synthetic();
    for (id, added, expected) in [
        ("weak", true, &["pct", "weak"][..]),
        ("orgs", false, &["pct"]),
        ("rating", false, &["pct"]),
        ("nothing", false, &["pct"]),
        ("", false, &["pct"]),
        ("pct", true, &["pct"]),
    ] {
        let mut s = state(Level::District, &["pct"]);
        assert_eq!(db.compare_indicator(&mut s, id), added, "{id}");
        assert_eq!(s.indicators, expected, "{id}");
    }
}

/// Two figures of `orgs` for the province, from sources `s1` and `s2`, with `edit` applied to the second.
fn pair(a: (&str, f64), b: (&str, f64), edit: impl Fn(&mut Observation)) -> usize {
    let mut db = synthetic();
    db.ds.observations.retain(|o| o.indicator != "orgs");
    let mut second = obs("y", "orgs", "40", b.0, Value::Number(b.1), "s2");
    edit(&mut second);
    db.ds.observations.push(obs("x", "orgs", "40", a.0, Value::Number(a.1), "s1"));
    db.ds.observations.push(second);
    let db = Db::new(db.ds);
    let figs = db.shown_figures(&state(Level::Province, &["orgs"]));
    db.disagreements(&figs).len()
}

#[test]
fn only_figures_of_the_same_scope_and_a_comparable_period_disagree() {
    let same = |_: &mut Observation| {};
    // The real cases that used to be flagged, and are not disagreements.
    assert_eq!(pair(("2025-06", 412.0), ("2025-07-01", 130.0), same), 0, "412 -> 130 committees: the July 2025 reform");
    assert_eq!(pair(("2025-06", 412.0), ("2025-08", 130.0), same), 0);
    assert_eq!(pair(("2016-01..2018-06", 1740.0), ("2018-H1", 224.0), same), 0, "30 months against 6");
    let narrower = |o: &mut Observation| o.scope = Some("under the 20 district-level committees".into());
    assert_eq!(pair(("2025-06", 1361.0), ("2025-06", 1035.0), narrower), 0, "another scope");
    // And those that are.
    assert_eq!(pair(("2020-03-27", 1447.0), ("2020-03-27", 1454.0), same), 1);
    assert_eq!(pair(("2025-01-01", 132.0), ("2025-01", 110.0), same), 1, "one month: Vinh 132 vs 110");
    assert_eq!(pair(("2018-H1", 224.0), ("2018-H1", 230.0), same), 1);
    assert_eq!(pair(("2016-01..2018-06", 1740.0), ("2016-01..2018-06", 1750.0), same), 1);
    assert_eq!(pair(("2016-01..2018-06", 1740.0), ("2016-02..2018-07", 1750.0), same), 1, "overlap, same span");
    assert_eq!(pair(("2016-01..2018-06", 1740.0), ("2019-01..2021-06", 1750.0), same), 0, "no overlap");
    assert_eq!(pair(("2016-01..2018-06", 1740.0), ("2016-01..2018-06", 1740.0), same), 0, "same value");
    let both_narrower = |o: &mut Observation| o.scope = Some("x".into());
    assert_eq!(pair(("2020", 1.0), ("2020", 2.0), both_narrower), 0, "scope on one side only");
}

#[test]
fn the_published_figures_that_disagree_share_indicator_place_scope_and_period() {
    let db = crate::fixtures::real_db();
    let all: Vec<&Observation> = db.ds.observations.iter().collect();
    for group in db.disagreements(&all) {
        let first = group[0];
        for o in &group[1..] {
            assert_eq!((&o.indicator, &o.scope), (&first.indicator, &first.scope));
            assert!(o.period.comparable_with(&first.period), "{} vs {}", o.id, first.id);
        }
    }
    let flagged: Vec<Vec<&str>> =
        db.disagreements(&all).iter().map(|g| g.iter().map(|o| o.id.as_str()).collect()).collect();
    for (a, b) in [("54", "57"), ("54", "46"), ("100", "107"), ("47", "50"), ("48", "53")] {
        assert!(!flagged.iter().any(|g| g.contains(&a) && g.contains(&b)), "{a} and {b} do not disagree: {flagged:?}");
    }
}
