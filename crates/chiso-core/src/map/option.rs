//! The map's ECharts option ([`map_option`]): one `map` series over the boundary map, each region's colour already
//! decided, no `visualMap`; plus the text summary screen readers get, and the figures the map draws
//! ([`figures_on_map`]) for the sources panel.

use super::index::{zoom, GeoIndex};
use super::legend::NO_DATA_COLOR;
use super::regions::{map_data, MapData, Region, RegionValue};
use crate::charts::{AxisFormat, ChartSpec};
use crate::format;
use crate::i18n::{t, Lang, Msg};
use crate::model::{Level, Observation};
use crate::query::Db;
use crate::state::ExplorerState;
use serde_json::{json, Value as Json};
use std::collections::HashSet;

/// Fill of the region under the pointer.
pub const EMPHASIS_COLOR: &str = crate::palette::MAP_EMPHASIS;

fn level_noun(level: Level, n: usize, lang: Lang) -> &'static str {
    match (lang, level) {
        (Lang::Vi, Level::Province) => "tỉnh",
        (Lang::Vi, Level::District) => "huyện",
        (Lang::Vi, Level::Commune) => "xã",
        (Lang::Vi, Level::Bloc) => "đảng bộ khối",
        (Lang::En, Level::Province) if n == 1 => "province",
        (Lang::En, Level::Province) => "provinces",
        (Lang::En, Level::District) if n == 1 => "district",
        (Lang::En, Level::District) => "districts",
        (Lang::En, Level::Commune) if n == 1 => "commune",
        (Lang::En, Level::Commune) => "communes",
        (Lang::En, Level::Bloc) => "blocs",
    }
}

fn summary(data: &MapData) -> String {
    let lang = data.lang;
    if data.map.is_none() {
        return if data.notices.is_empty() { t(Msg::NoData, lang).to_string() } else { data.notices.join(" ") };
    }
    let focus: Vec<&Region> = data.focus_regions().collect();
    let with_data: Vec<&Region> = focus.iter().copied().filter(|r| r.has_data()).collect();
    let n = focus.len();
    let stop = data.stop.as_ref().map(|s| format!(", {}", format::period(s, false, lang))).unwrap_or_default();
    let head = match lang {
        Lang::Vi => {
            format!("Bản đồ {n} {}{stop}: {} đơn vị có số liệu", level_noun(data.level, n, lang), with_data.len())
        }
        Lang::En => format!(
            "Map of {n} {}{stop}: {} with data",
            level_noun(data.level, n, lang),
            match with_data.len() {
                1 => "1 unit".to_string(),
                k => format!("{k} units"),
            }
        ),
    };
    let values: Vec<String> = with_data.iter().map(|r| format!("{}: {}", r.name, data.value_label(r))).collect();
    let text = if values.is_empty() { head } else { format!("{head} — {}", values.join("; ")) };
    text.chars().take(2000).collect()
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// Option step of the map: one ECharts `map` series over the boundary map [`MapData::map`] (features matched on
/// `properties.id`), each region's colour already decided ([`MapData::region_color`]), no `visualMap`.
///
/// `bbox` is the drilled-into district's box `[min lon, min lat, max lon, max lat]`: the view is then centred on
/// it and zoomed by the ratio of the map's whole extent ([`MapData::extent`]) to the district's span, so the
/// district fills the view.
pub fn map_option(data: &MapData, bbox: Option<[f64; 4]>) -> ChartSpec {
    let border = if data.level == Level::Commune { 0.6 } else { 1.0 };
    let region_border = if data.dark { crate::palette::MAP_BORDER_DARK } else { crate::palette::MAP_BORDER };
    let hatch = json!({
        "symbol": "rect", "dashArrayX": [1, 0], "dashArrayY": [1, 5], "rotation": 0.785, "color": crate::palette::MAP_HATCH
    });
    let cross = json!({
        "symbol": "rect", "dashArrayX": [1, 0], "dashArrayY": [1, 3], "rotation": -0.785, "color": crate::palette::MAP_CROSS
    });
    let items: Vec<Json> = data
        .regions
        .iter()
        .map(|r| {
            let value = match r.value {
                RegionValue::Number(v) => json!(v),
                _ => Json::Null,
            };
            let color = data.region_color(r);
            let mut style = json!({ "areaColor": color });
            let mut item = json!({ "name": r.id, "value": value });
            if r.outside_focus {
                style["borderColor"] = json!(crate::palette::MAP_OUTSIDE_FOCUS_BORDER);
                item["emphasis"] = json!({ "disabled": true });
            } else {
                match r.value {
                    RegionValue::NoData => style["decal"] = hatch.clone(),
                    RegionValue::NotComparable(_) => style["decal"] = cross.clone(),
                    _ if r.carried => {
                        style["borderColor"] = json!(crate::palette::MAP_CARRIED_BORDER);
                        style["borderType"] = json!("dashed");
                    }
                    _ => {}
                }
            }
            item["itemStyle"] = style;
            item
        })
        .collect();
    let mut series = json!({
        "type": "map",
        "map": data.map.clone().unwrap_or_default(),
        "nameProperty": "id",
        // No roaming: inside an article, the wheel and touch must scroll the page. Drill-downs zoom instead.
        "roam": false,
        // Nghệ An lies around 19°N: one degree of longitude is cos(19°) ≈ 0.95 of a degree of latitude.
        "aspectScale": 0.95,
        "layoutCenter": ["50%", "50%"],
        "layoutSize": "100%",
        "selectedMode": false,
        "label": { "show": false },
        "itemStyle": { "areaColor": NO_DATA_COLOR, "borderColor": region_border, "borderWidth": border },
        "emphasis": { "label": { "show": false }, "itemStyle": { "areaColor": EMPHASIS_COLOR } },
        "data": items,
    });
    if let Some(b) = bbox {
        let e = data.extent;
        let (w, h) = (b[2] - b[0], b[3] - b[1]);
        series["center"] = json!([round_to((b[0] + b[2]) / 2.0, 4), round_to((b[1] + b[3]) / 2.0, 4)]);
        if w > 0.0 && h > 0.0 {
            let zoom = ((e[2] - e[0]) / w).min((e[3] - e[1]) / h).clamp(1.0, 50.0);
            series["zoom"] = json!(round_to(zoom, 2));
        }
    }
    let option = json!({
        "animation": data.animate,
        // Long names and source titles wrap inside the chart on a phone instead of running off the page.
        "tooltip": { "trigger": "item", "extraCssText": crate::screen::TOOLTIP_CSS },
        "series": if data.map.is_some() { vec![series] } else { Vec::new() },
    });
    ChartSpec {
        option,
        tips: vec![data.regions.iter().map(|r| r.tip.clone()).collect()],
        labels: Vec::new(),
        x_axis: AxisFormat::Plain,
        y_axis: AxisFormat::Plain,
        lang: data.lang,
        summary: summary(data),
        height: 560,
    }
}

/// The figures the map draws: each region's own, and the predecessors' figures behind a carried sum. The sources
/// panel lists exactly these while the map is shown.
pub fn figures_on_map<'a>(db: &'a Db, state: &ExplorerState) -> Vec<&'a Observation> {
    let data = map_data(db, state);
    let ids: HashSet<&str> = data
        .regions
        .iter()
        .filter(|r| !r.outside_focus)
        .flat_map(|r| r.observations.iter().map(String::as_str))
        .collect();
    db.ds.observations.iter().filter(|o| ids.contains(o.id.as_str())).collect()
}

/// The map as the app draws it: [`map_option`] framed with the boxes of the loaded index ([`zoom`]): the whole
/// map's extent from the index, zoomed on the regions in focus on a drill-down. Without the index, as
/// [`map_option`] draws it without a zoom.
pub fn zoomed_map_option(data: &MapData, index: Option<&GeoIndex>) -> ChartSpec {
    let zoom = zoom(data, index);
    match zoom.extent {
        Some(extent) if extent != data.extent => {
            let mut framed = data.clone();
            framed.extent = extent;
            map_option(&framed, zoom.focus)
        }
        _ => map_option(data, zoom.focus),
    }
}

/// The map for the state, without a drill-down zoom (see [`map_option`] for that).
pub fn map_chart(db: &Db, state: &ExplorerState) -> ChartSpec {
    map_option(&map_data(db, state), None)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::test_support::*;
    use crate::map::*;
    #[allow(unused_imports)]
    use crate::{fixtures::*, i18n::Lang, model::*, period::RefPeriod, state::ExplorerState};

    #[test]
    fn the_district_map_option_colours_each_region_without_a_visual_map() {
        let db = synth();
        let data = map_data(&db, &state(Level::District, "pct", "2023", Lang::Vi));
        let spec = map_option(&data, None);
        let series = &spec.option["series"][0];
        assert_eq!(series["map"], "2020-district");
        assert_eq!(series["nameProperty"], "id");
        assert_eq!(series["itemStyle"]["borderWidth"], 1.0);
        assert!(spec.option.get("visualMap").is_none());
        assert_eq!(spec.tips[0].len(), 2);
        assert!(spec.labels.is_empty());
        assert_eq!(spec.height, 560);
        assert_eq!(spec.summary, "Bản đồ 2 huyện, 2023: 2 đơn vị có số liệu — Huyện An Hòa: 61%; Huyện Bình Sơn: 97%");
        assert_snapshot("map_districts_pct_2023", &spec);
    }

    #[test]
    fn the_carried_commune_map_option_marks_carried_refused_and_empty_regions_apart() {
        let db = synth();
        let spec = map_option(&map_data(&db, &carry(Level::Commune, "members", Lang::En)), None);
        let data = &spec.option["series"][0]["data"];
        assert_eq!(data[0]["name"], "9101@2025-07");
        assert_eq!(data[0]["value"], 150.0);
        assert_eq!(data[0]["itemStyle"]["borderType"], "dashed");
        assert_eq!(spec.option["series"][0]["itemStyle"]["borderWidth"], 0.6);
        assert_eq!(
            spec.summary,
            "Map of 2 communes, H2 2025: 2 units with data — Hợp Nhất Commune: 150; Nam Ward: 1,450"
        );
        assert_snapshot("map_communes_carried_2025_h2", &spec);
        let refused = map_option(&map_data(&db, &carry(Level::Commune, "pct", Lang::Vi)), None);
        let item = &refused.option["series"][0]["data"][0];
        assert_eq!(item["value"], Json::Null);
        assert_eq!(item["itemStyle"]["areaColor"], NOT_COMPARABLE_COLOR);
        assert_eq!(item["itemStyle"]["decal"]["rotation"], -0.785);
        let empty = &refused.option["series"][0]["data"][1];
        assert_eq!(empty["itemStyle"]["areaColor"], NO_DATA_COLOR);
        assert_eq!(empty["itemStyle"]["decal"]["dashArrayY"], serde_json::json!([1, 5]));
    }

    #[test]
    fn a_drilled_district_is_centred_and_zoomed_to_fill_the_view() {
        let db = synth();
        let mut s = state(Level::Commune, "members", "2025-H1", Lang::Vi);
        s.parent = Some("901@2013".into());
        let mut data = map_data(&db, &s);
        data.extent = [104.0, 18.0, 106.0, 20.0];
        let spec = map_option(&data, Some([104.5, 19.0, 105.0, 19.25]));
        let series = &spec.option["series"][0];
        assert_eq!(series["center"], serde_json::json!([104.75, 19.125]));
        assert_eq!(series["zoom"], 4.0);
        assert_eq!(series["data"][1]["itemStyle"]["areaColor"], OUTSIDE_FOCUS_COLOR);
        assert_eq!(series["data"][1]["emphasis"]["disabled"], true);
        assert!(spec.summary.starts_with("Bản đồ 2 xã, 6 tháng đầu năm 2025: 2 đơn vị có số liệu"), "{}", spec.summary);
        assert_snapshot("map_communes_drilled_2025_h1", &spec);
    }

    #[test]
    fn the_province_map_has_one_region_says_why_and_offers_the_level_below() {
        let db = real();
        let data = map_data(&db, &state(Level::Province, "party_members", "2023", Lang::Vi));
        assert_eq!(data.regions.len(), 1);
        assert_eq!(data.regions[0].id, "40");
        assert_eq!(data.level_below, Some(Level::District));
        assert_eq!(data.level_below_action(), Some((Level::District, "Xem bản đồ cấp huyện".to_string())));
        assert_eq!(
            data.notices,
            ["Cấp tỉnh chỉ có một đơn vị, nên bản đồ chỉ là một vùng. Xem cấp huyện để so sánh các địa phương."]
        );
        let after = map_data(&db, &state(Level::Province, "party_members", "2025-H2", Lang::En));
        assert_eq!(after.level_below, Some(Level::Commune), "no districts after 1 July 2025");
        assert!(after.notices[0].ends_with("See the communes to compare places."), "{:?}", after.notices);
        let districts = map_data(&db, &state(Level::District, "party_members", "2023", Lang::Vi));
        assert_eq!(districts.level_below, None);
    }

    #[test]
    fn on_the_dark_page_regions_are_outlined_in_the_pages_colour() {
        let db = synth();
        let mut data = map_data(&db, &state(Level::District, "pct", "2023", Lang::Vi));
        let border = |d: &MapData| map_option(d, None).option["series"][0]["itemStyle"]["borderColor"].clone();
        assert_eq!(border(&data), crate::palette::MAP_BORDER);
        data.dark = true;
        assert_eq!(border(&data), crate::palette::DARK.bg);
    }

    #[test]
    fn every_region_can_be_picked_by_name_and_value() {
        let db = synth();
        let mut s = state(Level::Commune, "members", "2025-H1", Lang::Vi);
        s.parent = Some("901@2013".into());
        let data = map_data(&db, &s);
        let picks = data.pickable();
        assert!(picks.iter().all(|(id, _)| id != "9201@2025-01"), "communes outside the drill-down are left out");
        assert_eq!(picks.len(), data.focus_regions().count());
        for (id, label) in &picks {
            let r = region(&data, id);
            assert!(label.starts_with(&format!("{}: ", r.name)), "{label}");
            assert!(label.ends_with(&data.value_label(r)), "{label}");
        }
        let none = crate::map::Region { value: crate::map::RegionValue::NoData, ..data.regions[0].clone() };
        assert_eq!(data.value_label(&none), "không có số liệu");
    }

    #[test]
    fn the_map_lists_exactly_the_figures_it_draws() {
        let db = real();
        let s = ExplorerState {
            level: Level::District,
            indicators: vec!["district_party_committee_rating".into()],
            map_at: Some(RefPeriod::Year(2023)),
            view: crate::state::View::Map,
            ..Default::default()
        };
        let figs = figures_on_map(&db, &s);
        assert_eq!(figs.len(), 21);
        assert!(figs.iter().all(|o| o.indicator == "district_party_committee_rating"));
    }

    #[test]
    fn the_zoomed_option_takes_the_extent_from_the_index_and_zooms_on_a_drill_down() {
        use crate::map::index::{GeoIndex, GeoIndexEntry};
        let db = synth();
        let mut s = state(Level::Commune, "members", "2025-H1", Lang::Vi);
        s.parent = Some("901@2013".into());
        let data = map_data(&db, &s);
        let index = GeoIndex {
            maps: vec![GeoIndexEntry {
                name: "2025-01-commune".into(),
                file: "2025-01-commune.json".into(),
                period: Some("2025-01".into()),
                level: Level::Commune,
                features: 2,
                bbox: [104.0, 18.0, 106.0, 20.0],
                bboxes: vec![
                    ("9101@2025-01".into(), [104.5, 19.0, 104.75, 19.25]),
                    ("9102@2025-01".into(), [104.75, 19.0, 105.0, 19.2]),
                ],
            }],
        };
        let mut framed = data.clone();
        framed.extent = [104.0, 18.0, 106.0, 20.0];
        assert_eq!(zoomed_map_option(&data, Some(&index)), map_option(&framed, Some([104.5, 19.0, 105.0, 19.25])));
        assert_eq!(zoomed_map_option(&data, None), map_option(&data, None), "before the index loads: no zoom");
    }
}
