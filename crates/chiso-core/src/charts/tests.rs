//! Tests of [`super`].

use super::*;
use crate::model::Level;
use crate::query::tests::synthetic;

/// Compares a chart option with `snapshots/<name>.json`; `UPDATE_SNAPSHOTS=1` rewrites it.
pub(crate) fn assert_snapshot(name: &str, spec: &ChartSpec) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots").join(format!("{name}.json"));
    let actual = serde_json::to_string_pretty(&spec.option).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with UPDATE_SNAPSHOTS=1 and review it", path.display()));
    assert_eq!(actual, expected, "option {name} changed; if intended, UPDATE_SNAPSHOTS=1 and review the diff");
}

fn state(level: Level, inds: &[&str], lang: Lang) -> ExplorerState {
    ExplorerState {
        level,
        lang,
        animate: false,
        indicators: inds.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

#[test]
fn a_line_longer_than_the_limit_is_thinned_keeping_its_extremes_and_ends() {
    let point = |i: usize, y: f64| LinePoint {
        x: i as f64,
        y,
        uncertain: false,
        tip: String::new(),
        label: String::new(),
        when: String::new(),
    };
    let short: Vec<LinePoint> = (0..POINTS_MAX).map(|i| point(i, 1.0)).collect();
    assert_eq!(thin(&short).len(), POINTS_MAX, "a line at the limit is drawn whole");
    let mut long: Vec<LinePoint> = (0..100_000).map(|i| point(i, (i % 7) as f64)).collect();
    long[54_321].y = 1e6;
    long[12_345].y = -1e6;
    let kept = thin(&long);
    assert!(kept.len() <= POINTS_MAX, "{}", kept.len());
    assert!(kept.windows(2).all(|w| w[0] < w[1]), "in order, no repeats");
    for must in [0, 12_345, 54_321, 99_999] {
        assert!(kept.contains(&must), "point {must} is kept");
    }
}

#[test]
fn the_line_chart_of_two_indicators_for_one_place_names_lines_after_the_indicators() {
    let db = synthetic();
    let spec = line_chart(&db, &state(Level::Province, &["pct", "weak"], Lang::Vi));
    assert_eq!(spec.series_count(), 2);
    assert_eq!(spec.option["series"][0]["name"], "pct vi");
    assert_eq!(spec.option["series"][1]["name"], "weak vi");
    assert_eq!(spec.labels[0], ["63,04%", "68,6%"]);
    assert_eq!(spec.y_axis, AxisFormat::Percent);
    assert_eq!(spec.option["xAxis"]["axisLabel"]["customValues"], serde_json::json!([2001, 2004, 2007, 2010, 2013]));
    assert!(spec.option["xAxis"]["max"].as_f64().unwrap() < 2014.0, "the axis ends with the data, not at 2014");
    assert_eq!(spec.option["series"][0]["data"][0]["value"][0], 2001.0, "2001's figure on 2001's tick");
    assert_eq!(spec.option["series"][0]["data"][0]["label"]["align"], "left", "clear of the y axis");
    assert_eq!(spec.option["series"][0]["data"][1]["label"]["align"], "right", "inside the chart");
    assert_eq!(spec.summary, "pct vi: 63,04% (2001), 68,6% (2013); weak vi: 2,64% (2001)");
    assert_eq!(spec.option["animation"], false);
    assert_snapshot("line_province_two_indicators", &spec);
}

#[test]
fn labels_and_tooltips_follow_the_language() {
    let db = synthetic();
    let spec = line_chart(&db, &state(Level::Province, &["pct"], Lang::En));
    assert_eq!(spec.labels[0], ["63.04%", "68.6%"]);
    assert!(spec.tips[0][1].contains("<b>68.6%</b>"), "{}", spec.tips[0][1]);
    assert!(spec.summary.contains("68.6%"));
}

#[test]
fn removing_a_place_from_the_selection_removes_its_line() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"], Lang::Vi);
    s.places = vec!["901@2013".into(), "902@2013".into()];
    let both = line_chart(&db, &s);
    assert_eq!(both.series_count(), 2);
    s.toggle_place("902@2013");
    let one = line_chart(&db, &s);
    assert_eq!(one.series_count(), 1);
    assert_eq!(one.option["series"][0]["name"], "Huyện Tân Kỳ");
}

#[test]
fn an_approximate_figure_is_drawn_hollow_with_a_dashed_outline() {
    let mut db = synthetic();
    db.ds.observations[0].approximate = true;
    let db = Db::new(db.ds);
    let spec = line_chart(&db, &state(Level::Province, &["pct"], Lang::Vi));
    let first = &spec.option["series"][0]["data"][0];
    assert_eq!(first["itemStyle"]["color"], "#ffffff");
    assert_eq!(first["itemStyle"]["borderType"], "dashed");
    assert!(spec.option["series"][0]["data"][1].get("itemStyle").is_none());
    assert!(spec.tips[0][0].contains("khoảng 2001"), "{}", spec.tips[0][0]);
}

#[test]
fn long_lines_drop_their_labels_and_then_their_symbols() {
    let mut db = synthetic();
    for i in 0..40 {
        let mut o = db.ds.observations[0].clone();
        o.id = format!("many{i}");
        o.period = crate::period::RefPeriod::Year(1960 + i);
        db.ds.observations.push(o);
    }
    let db = Db::new(db.ds);
    let spec = line_chart(&db, &state(Level::Province, &["pct"], Lang::Vi));
    assert_eq!(spec.option["series"][0]["label"]["show"], false);
    assert_eq!(spec.option["series"][0]["showSymbol"], true);
    let short = line_chart(&synthetic(), &state(Level::Province, &["pct"], Lang::Vi));
    assert_eq!(short.option["series"][0]["label"]["show"], true);
}

#[test]
fn html_in_names_is_escaped_in_tooltips() {
    assert_eq!(escape_html("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
}

#[test]
fn the_ranking_puts_the_best_unit_on_top_and_grows_with_its_bars() {
    let db = synthetic();
    let mut s = state(Level::District, &["pct"], Lang::Vi);
    s.year = Some(2013);
    let spec = bar_chart(&db, &s);
    assert_eq!(spec.option["yAxis"]["data"], serde_json::json!(["Huyện Quỳnh Lưu", "Huyện Tân Kỳ"]));
    assert_eq!(spec.option["yAxis"]["inverse"], true);
    assert_eq!(spec.labels[0], ["80%", "61%"]);
    assert_eq!(spec.height, 160);
    assert_snapshot("bar_districts_2013", &spec);
}

#[test]
fn a_rating_is_charted_as_a_count_per_category_in_category_colours() {
    let db = synthetic();
    let spec = category_chart(&db, &state(Level::District, &["rating"], Lang::Vi));
    assert_eq!(spec.option["xAxis"]["data"], serde_json::json!(["Xuất sắc", "Hoàn thành"]));
    assert_eq!(spec.option["series"][0]["data"][0]["value"], 2);
    assert_eq!(spec.option["series"][0]["data"][0]["itemStyle"]["color"], CATEGORY_COLORS[0]);
    assert!(spec.tips[0][0].contains("Huyện Tân Kỳ") && spec.tips[0][0].contains("Huyện Đô Lương"));
    assert_snapshot("category_districts", &spec);
}

#[test]
fn an_empty_selection_gives_an_empty_chart_that_says_no_data() {
    let db = synthetic();
    let spec = line_chart(&db, &state(Level::Commune, &["pct"], Lang::Vi));
    assert_eq!(spec.series_count(), 0);
    assert_eq!(spec.summary, t(Msg::NoData, Lang::Vi));
}

#[test]
fn axis_ticks_are_written_in_the_readers_language() {
    assert_eq!(format_axis(1437.0, AxisFormat::Number, Lang::Vi), "1.437");
    assert_eq!(format_axis(1437.0, AxisFormat::Number, Lang::En), "1,437");
    assert_eq!(format_axis(68.6, AxisFormat::Percent, Lang::Vi), "68,6%");
    assert_eq!(format_axis(2013.0, AxisFormat::Year, Lang::Vi), "2013");
}

#[test]
fn on_the_dark_page_line_labels_take_the_lighter_series_colours_and_nothing_else_changes() {
    let db = synthetic();
    let light = line_chart(&db, &state(Level::Province, &["pct", "weak"], Lang::Vi));
    let dark = light.for_theme(true);
    assert_eq!(light.option["series"][1]["label"]["color"], crate::palette::SERIES_TEXT[1]);
    assert_eq!(dark.option["series"][1]["label"]["color"], crate::palette::SERIES_TEXT_DARK[1]);
    assert_eq!(
        dark.option["series"][1]["lineStyle"], light.option["series"][1]["lineStyle"],
        "lines keep their colour"
    );
    assert_eq!(light.for_theme(false), light);
    let framed = light.framed(&ExportFrame { title: String::new(), source: String::new(), dark: true });
    assert_eq!(framed.option["series"][0]["label"]["color"], crate::palette::SERIES_TEXT_DARK[0], "dark exports too");
}

#[test]
fn the_line_tab_of_a_rating_stacks_each_years_categories_in_their_colours() {
    let db = synthetic();
    let spec = category_time_chart(&db, &state(Level::District, &["rating"], Lang::Vi));
    let series = spec.option["series"].as_array().unwrap();
    assert_eq!(series.len(), 2, "one series per category");
    assert!(series.iter().all(|s| s["stack"] == "ratings" && s["type"] == "bar"));
    assert_eq!(series[0]["itemStyle"]["color"], CATEGORY_COLORS[0]);
    assert_eq!(series[0]["data"][0], 2, "two districts rated best");
    assert!(spec.option["xAxis"]["data"].as_array().is_some_and(|years| !years.is_empty()));
    assert!(spec.summary.starts_with(&format!("{}: Xuất sắc 2", spec.option["xAxis"]["data"][0].as_str().unwrap())));
    assert_ne!(
        spec,
        category_chart(&db, &state(Level::District, &["rating"], Lang::Vi)),
        "not the ranking tab's chart"
    );
}

#[test]
fn crowded_point_labels_give_way_on_a_phone_but_the_ends_of_the_line_keep_theirs() {
    let db = crate::fixtures::real_db();
    let spec = line_chart(&db, &state(Level::Province, &["party_members"], Lang::Vi));
    let data = spec.option["series"][0]["data"].as_array().unwrap();
    let hidden = |p: &Json| p["label"]["show"] == false;
    assert!(data.iter().any(hidden), "the monthly figures of 2025 cannot all be written");
    assert!(!hidden(&data[0]) && !hidden(&data[data.len() - 1]), "the first and last figures are written");
    let default = line_chart(&db, &state(Level::Province, &["clean_strong_orgs_pct", "weak_orgs_pct"], Lang::Vi));
    let all = default.option["series"].as_array().unwrap().iter().flat_map(|s| s["data"].as_array().unwrap());
    assert!(!all.clone().any(hidden), "four labels far apart are all written");
}
