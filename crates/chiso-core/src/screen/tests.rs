//! Tests of the screen model: snapshots of every view kind, and the agreement between what the views, exports,
//! sources and embeds show.

use super::*;
use crate::export::{displayed_csv, displayed_json, file_stem};
use crate::model::Dataset;
use crate::state::ExplorerState;
use crate::url::decode_state;

fn real() -> Db {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/nghe-an.json");
    Db::new(Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap())
}

/// A state read from a query string, as a reader's link gives it; the query must be valid.
fn at(query: &str) -> ExplorerState {
    let (state, warnings) = decode_state(query);
    assert!(warnings.is_empty(), "{query}: {warnings:?}");
    state
}

/// Compares a screen with `snapshots/screen_<name>.json`; `UPDATE_SNAPSHOTS=1` rewrites it.
fn assert_screen_snapshot(name: &str, screen: &Screen<'_>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots").join(format!("screen_{name}.json"));
    let actual = serde_json::to_string_pretty(&screen.snapshot()).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with UPDATE_SNAPSHOTS=1 and review it", path.display()));
    assert_eq!(actual, expected, "screen {name} changed; if intended, UPDATE_SNAPSHOTS=1 and review the diff");
}

/// One query per view kind (and per map period), named for its snapshot.
const VIEWS: [(&str, &str); 14] = [
    ("line_default", "anim=0"),
    ("line_default_en", "anim=0&lang=en"),
    ("line_tan_ky", "anim=0&level=district&units=423@2013"),
    ("ranking_districts_2013", "anim=0&view=bar&level=district"),
    ("ratings_districts", "anim=0&level=district&ind=district_party_committee_rating"),
    ("ratings_districts_2023", "anim=0&view=bar&level=district&ind=district_party_committee_rating"),
    ("ranking_communes_2025", "anim=0&view=bar&level=commune&ind=party_members"),
    ("map_communes_2013", "anim=0&view=map&level=commune&ind=party_members&at=2013"),
    ("map_communes_2022", "anim=0&view=map&level=commune&ind=party_members&at=2022"),
    ("map_communes_2025_h1", "anim=0&view=map&level=commune&ind=party_members&at=2025-H1"),
    ("map_communes_2025_h2_carried", "anim=0&view=map&level=commune&ind=party_members&at=2025-H2&carry=1"),
    ("table_tan_ky", "anim=0&view=table&level=district&units=423@2013"),
    ("sources_default", "anim=0&view=sources"),
    ("embed_ranking_with_table", "anim=0&view=bar&level=district&embed=table&eid=x"),
];

#[test]
fn every_view_kind_shows_what_its_snapshot_recorded() {
    let db = real();
    for (name, query) in VIEWS {
        let state = at(query);
        assert_screen_snapshot(name, &Screen::new(&db, &state));
    }
}

#[test]
fn each_view_has_the_kind_its_tab_promises() {
    let db = real();
    let kinds: Vec<ScreenKind> = VIEWS.iter().map(|(_, q)| Screen::new(&db, &at(q)).kind()).collect();
    use ScreenKind::*;
    assert_eq!(
        kinds,
        [Line, Line, Line, Ranking, Ratings, Ratings, Ranking, Map, Map, Map, Map, Table, Sources, Ranking]
    );
    let rating_ranking = at("view=bar&level=district&ind=district_party_committee_rating");
    assert_eq!(Screen::new(&db, &rating_ranking).kind(), Ratings, "a rating is counted in the ranking tab too");
}

#[test]
fn the_exports_list_exactly_the_figures_the_view_draws() {
    let db = real();
    for (name, query) in VIEWS {
        let state = at(query);
        let screen = Screen::new(&db, &state);
        let ids: Vec<String> = screen.figures().iter().map(|o| o.id.to_string()).collect();
        let json: Json = serde_json::from_str(&displayed_json(&screen)).unwrap();
        let exported: Vec<String> = json["figures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let o = db.ds.observations.iter().find(|o| {
                    o.unit.as_str() == f["unit_id"]
                        && o.indicator.as_str() == f["indicator_id"]
                        && o.period.to_string() == f["reference_period"]
                        && o.sentence.as_str() == f["exact_sentence"]
                });
                o.unwrap().id.to_string()
            })
            .collect();
        assert_eq!(exported, ids, "{name}: JSON export");
        assert_eq!(json["title"], screen.title(), "{name}: the JSON's title is the screen's");
        let csv_rows = displayed_csv(&screen).lines().count() - 1;
        assert_eq!(csv_rows, ids.len(), "{name}: one CSV row per figure drawn");
    }
}

#[test]
fn the_table_under_an_embedded_chart_lists_the_charted_figures() {
    let db = real();
    let state = at("view=bar&level=district&embed=table");
    let screen = Screen::new(&db, &state);
    assert!(screen.shows_table());
    let rows: Vec<&str> = screen.table_rows().iter().map(|r| r.observation.id.as_str()).collect();
    let mut drawn: Vec<&str> = screen.figures().iter().map(|o| o.id.as_str()).collect();
    let mut listed = rows.clone();
    drawn.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, drawn, "the ranking's table holds the ranked figures, not the line chart's");
    assert!(!rows.is_empty());
}

#[test]
fn the_title_of_exports_is_the_headline_and_subtitle_on_screen() {
    let db = real();
    for (name, query) in VIEWS {
        let state = at(query);
        let screen = Screen::new(&db, &state);
        let title = screen.title();
        assert!(title.starts_with(&screen.headline()), "{name}: {title}");
        assert!(title.ends_with(&screen.subtitle()), "{name}: {title}");
        if let Some(export) = screen.export_chart(false) {
            assert_eq!(export.option["title"][0]["text"], title, "{name}: the image's title");
            assert_eq!(export.option["title"][1]["text"], screen.source_line(), "{name}: the image's source");
        }
    }
}

#[test]
fn the_title_names_the_indicators_and_the_place() {
    let db = real();
    let state = ExplorerState::default();
    let title = Screen::new(&db, &state).title();
    assert_eq!(title, "Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém — Tỉnh Nghệ An");
    let en = ExplorerState { lang: Lang::En, ..state };
    let title = Screen::new(&db, &en).title();
    assert!(title.ends_with(" — Nghệ An Province"), "{title}");
}

#[test]
fn many_places_are_counted_as_units_of_the_level_not_as_the_level() {
    let db = real();
    let state = at("level=district&ind=party_members");
    let subtitle = Screen::new(&db, &state).subtitle();
    if db.shown_places(&state).len() > 4 {
        assert!(subtitle.ends_with(" đơn vị cấp huyện"), "{subtitle}");
    }
    let communes = at("level=commune&ind=party_members&lang=en");
    let subtitle = Screen::new(&db, &communes).subtitle();
    assert!(!subtitle.contains("commune level"), "{subtitle}");
}

#[test]
fn views_of_a_whole_level_say_the_level_and_the_time() {
    let db = real();
    let map = at("view=map&level=commune&ind=party_members&at=2025-H1");
    assert_eq!(Screen::new(&db, &map).subtitle(), "Cấp xã, 6 tháng đầu năm 2025");
    let ranking = at("view=bar&level=district&ind=clean_strong_orgs_pct");
    assert_eq!(Screen::new(&db, &ranking).subtitle(), "Cấp huyện, 2013");
}

#[test]
fn the_source_line_names_publishers_with_years_in_the_readers_language() {
    let db = real();
    let state = ExplorerState::default();
    assert_eq!(Screen::new(&db, &state).source_line(), "Nguồn: Báo Nghệ An, 2014");
    let en = ExplorerState { lang: Lang::En, ..state };
    assert_eq!(Screen::new(&db, &en).source_line(), "Source: Báo Nghệ An, 2014");
    assert_eq!(source_year("2024-01 (Decision 2261-QĐ/TU of 4/1/2024)"), Some("2024"));
    assert_eq!(source_year("undated listing"), None);
    assert_eq!(source_year("20"), None);
}

#[test]
fn the_source_line_counts_publishers_beyond_three() {
    let mut db = real();
    let template = db.ds.sources[0].clone();
    let shown = ["s3", "s4", "s5", "s6"];
    for (i, o) in db.ds.observations.iter_mut().filter(|o| shown.contains(&o.id.as_str())).enumerate() {
        let mut s = template.clone();
        s.id = format!("test-{i}");
        s.publisher = format!("Publisher {i}");
        s.date = format!("201{i}");
        db.ds.sources.push(s);
        o.source = format!("test-{i}").into();
    }
    let db = Db::new(db.ds);
    let state = ExplorerState::default();
    let vi = Screen::new(&db, &state).source_line();
    assert_eq!(vi, "Nguồn: Publisher 0, 2010; Publisher 1, 2011; Publisher 2, 2012 và 1 nguồn khác");
    let en_state = ExplorerState { lang: Lang::En, ..state };
    let en = Screen::new(&db, &en_state).source_line();
    assert!(en.ends_with("; Publisher 2, 2012 and 1 more"), "{en}");
}

#[test]
fn a_drilled_into_map_is_exported_zoomed_as_on_screen() {
    let db = real();
    let state = at("view=map&level=commune&ind=party_members&at=2025-H1&in=423@2013");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/geo/index.json");
    let index = GeoIndex::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let screen = Screen::new(&db, &state).with_index(Some(&index));
    let on_screen = screen.chart().unwrap();
    let exported = screen.export_chart(false).unwrap();
    assert!(on_screen.option["series"][0].get("zoom").is_some(), "the screen zooms to the district");
    assert_eq!(exported.option["series"][0]["zoom"], on_screen.option["series"][0]["zoom"]);
    assert_eq!(exported.option["series"][0]["center"], on_screen.option["series"][0]["center"]);
}

#[test]
fn the_file_name_and_the_figures_agree_on_the_years() {
    let db = real();
    let state = ExplorerState::default();
    let screen = Screen::new(&db, &state);
    let years: Vec<i32> = screen.figures().iter().map(|o| o.period.year()).collect();
    let (first, last) = (years.iter().min().unwrap(), years.iter().max().unwrap());
    assert!(file_stem(&screen).ends_with(&format!("_{first}-{last}")), "{}", file_stem(&screen));
}

#[test]
fn charts_on_screen_have_a_transparent_background_and_confined_tooltips_that_wrap() {
    let db = real();
    for (name, query) in VIEWS {
        let state = at(query);
        if let Some(chart) = Screen::new(&db, &state).chart() {
            assert_eq!(chart.option["backgroundColor"], "transparent", "{name}");
            assert_eq!(chart.option["tooltip"]["confine"], true, "{name}");
            let css = chart.option["tooltip"]["extraCssText"].as_str().unwrap_or_default();
            assert!(css.contains("white-space: normal") && css.contains("max-width"), "{name}: {css}");
        }
    }
}

#[test]
fn an_exported_image_makes_room_for_its_title_and_source_and_paints_its_background() {
    let db = real();
    let state = ExplorerState::default();
    let screen = Screen::new(&db, &state);
    let chart = screen.chart().unwrap();
    let light = screen.export_chart(false).unwrap();
    let dark = screen.export_chart(true).unwrap();
    assert_eq!(light.height, chart.height + crate::charts::EXPORT_HEAD + crate::charts::EXPORT_FOOT);
    let top = |c: &ChartSpec| c.option["grid"][0]["top"].as_f64().unwrap();
    assert_eq!(top(&light), top(&chart) + f64::from(crate::charts::EXPORT_HEAD));
    assert_eq!(light.option["animation"], false);
    assert_ne!(light.option["backgroundColor"], dark.option["backgroundColor"]);
    assert_ne!(light.option["title"][0]["textStyle"]["color"], dark.option["title"][0]["textStyle"]["color"]);
}

#[test]
fn the_share_link_drops_the_embed_options_only() {
    let db = real();
    let state = at("view=bar&level=district&embed=table&eid=x");
    assert_eq!(Screen::new(&db, &state).share_query(), "v=1&level=district&view=bar");
}

#[test]
fn a_view_key_names_the_state_and_the_file_and_nothing_else_makes_it() {
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/nghe-an.json"))
            .unwrap();
    let file = crate::hash::fnv1a_32(text.as_bytes());
    let db = Db::new(Dataset::from_json(&text).unwrap());
    assert_eq!(view_key(&ExplorerState::default(), &db), None, "figures not read from a file have no key");
    let db = db.read_from(file);
    let key = view_key(&ExplorerState::default(), &db).unwrap();
    assert_eq!(Some(key.clone()), view_key(&at(""), &db), "the address of the default view gives the default key");
    assert!(key.ends_with(&format!("-{file:08x}")), "{key}");
    // Every choice of the reader makes another key, even one the chart does not show (it is not computed).
    for query in ["lang=en", "anim=0", "view=bar", "level=district", "theme=dark", "embed=chart"] {
        assert_ne!(view_key(&at(query), &db).as_ref(), Some(&key), "{query}");
    }
    // And another edition of the file.
    let other = Db::new(Dataset::from_json(&text).unwrap()).read_from(file ^ 1);
    assert_ne!(view_key(&ExplorerState::default(), &other).as_ref(), Some(&key));
}
