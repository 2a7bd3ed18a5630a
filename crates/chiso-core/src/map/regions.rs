//! The map's view model: one [`Region`] per unit record of the administrative period the stop shows, with what
//! it shows ([`RegionValue`]), its tooltip and the figures behind it, gathered by [`map_data`] with the legend and
//! the notices.

use super::legend::{
    category_legend, class_of, flag_code, sequential_legend, MapLegend, NOT_COMPARABLE_COLOR, NO_DATA_COLOR,
    OUTSIDE_FOCUS_COLOR,
};
use super::notices::other_period_notices;
use super::stops::{admin_period_at, default_stop, figure_in_stop};
use crate::charts::{escape_html, truncate};
use crate::format;
use crate::i18n::{t, unit_display_name, unit_type_label, Lang, Msg};
use crate::model::{Indicator, Level, Measure, Observation, Unit, Value};
use crate::period::RefPeriod;
use crate::query::Db;
use crate::search;
use crate::sort;
use crate::state::ExplorerState;
use crate::tr;
use std::collections::{HashMap, HashSet};

/// Approximate bounding box of Nghệ An, `[min lon, min lat, max lon, max lat]`: the default [`MapData::extent`].
pub const PROVINCE_BBOX: [f64; 4] = [103.87, 18.55, 105.77, 20.01];

/// What a region shows.
#[derive(Debug, Clone, PartialEq)]
pub enum RegionValue {
    /// A count or a percentage.
    Number(f64),
    /// A category code (a rating; `1`/`0` for a yes/no fact).
    Category(String),
    /// No figure in the stop.
    NoData,
    /// Carry mode refused to add up the predecessors' figures; holds why, in the reader's language.
    NotComparable(String),
}

/// One region of the map: one unit record of the map's period.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Unit id, also the GeoJSON feature's `properties.id`.
    pub id: String,
    /// Display name in the reader's language.
    pub name: String,
    /// What it shows.
    pub value: RegionValue,
    /// Tooltip HTML (escaped).
    pub tip: String,
    /// Ids of the figures behind the value (the drawn one first), for the sources panel.
    pub observations: Vec<String>,
    /// A commune outside the drilled-into district: drawn faint, left out of the legend and summary.
    pub outside_focus: bool,
    /// The value is a sum carried from the predecessors (carry mode).
    pub carried: bool,
}

impl Region {
    /// Whether the region shows a value.
    pub fn has_data(&self) -> bool {
        matches!(self.value, RegionValue::Number(_) | RegionValue::Category(_))
    }
}

/// View model of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapData {
    /// Name of the boundary map to draw (`2020-commune`, `2013-district`, `province`); `None` when there is no map
    /// (districts after 1 July 2025, blocs).
    pub map: Option<String>,
    /// Administrative period id shown (`None` for the province map).
    pub period: Option<String>,
    /// Time stop shown.
    pub stop: Option<RefPeriod>,
    /// The stops of the slider, ascending; [`MapData::stop`] is always one of them ([`super::stops_showing`]).
    /// Empty when there is no time to choose (blocs).
    pub stops: Vec<RefPeriod>,
    /// The level the reader can go down to for a map worth reading: the districts (or, after 1 July 2025, the
    /// communes) on the province map, where the one province is a single region; `None` elsewhere.
    pub level_below: Option<Level>,
    /// Level shown.
    pub level: Level,
    /// Primary indicator id.
    pub indicator: String,
    /// Its measure.
    pub measure: Measure,
    /// Regions, sorted by name.
    pub regions: Vec<Region>,
    /// Colour legend.
    pub legend: MapLegend,
    /// Label of the no-data entry of the legend ("Không có số liệu" / "No data").
    pub no_data_label: String,
    /// Label of the not-comparable entry, in carry mode ("Không so sánh được" / "Not comparable").
    pub not_comparable_label: Option<String>,
    /// Things the reader should know: no map for this level, figures not drawn because they belong to units of
    /// another period (at most [`super::MAX_NOTICES`] plus a "+N more" line).
    pub notices: Vec<String>,
    /// Bounding box of the whole map, `[min lon, min lat, max lon, max lat]`, used by [`super::map_option`] to compute
    /// the zoom of a drill-down. Defaults to [`PROVINCE_BBOX`]; the app may replace it with the box of the loaded
    /// GeoJSON.
    pub extent: [f64; 4],
    /// Language of the texts.
    pub lang: Lang,
    /// Whether the map animates.
    pub animate: bool,
    /// Whether it is drawn on the dark page (regions are then outlined in the page's colour, not white). `false`
    /// from [`map_data`]; the app sets it from the page's theme.
    pub dark: bool,
    /// Whether the carry option applies: the commune level of a period without districts (July 2025 on).
    carry_offered: bool,
}

impl MapData {
    pub(super) fn empty(state: &ExplorerState, indicator: &str, measure: Measure, stop: Option<RefPeriod>) -> MapData {
        let lang = state.lang;
        MapData {
            map: None,
            period: None,
            stop,
            stops: Vec::new(),
            level_below: None,
            level: state.level,
            indicator: indicator.to_string(),
            measure,
            regions: Vec::new(),
            legend: MapLegend::None,
            no_data_label: tr!(lang, "Không có số liệu", "No data").to_string(),
            not_comparable_label: state.carry.then(|| tr!(lang, "Không so sánh được", "Not comparable").to_string()),
            notices: Vec::new(),
            extent: PROVINCE_BBOX,
            lang,
            animate: state.animate,
            dark: false,
            carry_offered: false,
        }
    }

    /// Whether the reader may carry the counts of the former communes to the new ones ([`ExplorerState::carry`]):
    /// only on the commune map of a period without districts (the communes formed on 1 July 2025).
    pub fn offers_carry(&self) -> bool {
        self.carry_offered
    }

    /// The position of the stop shown among [`MapData::stops`], for the slider.
    pub fn stop_index(&self) -> Option<usize> {
        let stop = self.stop.as_ref()?;
        self.stops.iter().position(|s| s == stop)
    }

    /// Whether the slider (and its play button) is worth showing: more than one stop to choose from.
    pub fn has_time_choice(&self) -> bool {
        self.stops.len() > 1
    }

    /// The button under the province map that goes down a level: the level and its text ("Xem bản đồ cấp huyện" /
    /// "See the district map").
    pub fn level_below_action(&self) -> Option<(Level, String)> {
        let level = self.level_below?;
        let text = match level {
            Level::District => tr!(self.lang, "Xem bản đồ cấp huyện", "See the district map"),
            _ => tr!(self.lang, "Xem bản đồ cấp xã", "See the commune map"),
        };
        Some((level, text.to_string()))
    }

    /// What a region shows, in words: its value as the legend writes it, "không có số liệu" / "no data", or "không
    /// so sánh được" / "not comparable".
    pub fn value_label(&self, r: &Region) -> String {
        match &r.value {
            RegionValue::Number(v) => super::legend::write_value(*v, self.measure, self.lang),
            RegionValue::Category(c) => match &self.legend {
                MapLegend::Categories { items } => {
                    items.iter().find(|(code, _, _)| code == c).map_or_else(|| c.clone(), |(_, l, _)| l.clone())
                }
                _ => c.clone(),
            },
            RegionValue::NoData => tr!(self.lang, "không có số liệu", "no data").to_string(),
            RegionValue::NotComparable(_) => tr!(self.lang, "không so sánh được", "not comparable").to_string(),
        }
    }

    /// The regions a reader can pick from the keyboard (the list beside the map), in the map's order (by name),
    /// each as `(unit id, "Name: value")`; communes outside a drilled-into district are left out.
    pub fn pickable(&self) -> Vec<(String, String)> {
        self.focus_regions().map(|r| (r.id.clone(), format!("{}: {}", r.name, self.value_label(r)))).collect()
    }

    /// Regions inside the focus (all of them when there is no drill-down).
    pub fn focus_regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(|r| !r.outside_focus)
    }

    /// The fill colour of a region, as [`super::map_option`] draws it.
    pub fn region_color(&self, region: &Region) -> &str {
        if region.outside_focus {
            return OUTSIDE_FOCUS_COLOR;
        }
        match (&region.value, &self.legend) {
            (RegionValue::Number(v), MapLegend::Sequential { breaks, colors, .. }) => {
                class_of(*v, breaks).and_then(|i| colors.get(i)).map_or(NO_DATA_COLOR, String::as_str)
            }
            (RegionValue::Category(c), MapLegend::Categories { items }) => {
                items.iter().find(|(code, _, _)| code == c).map_or(NO_DATA_COLOR, |(_, _, color)| color.as_str())
            }
            (RegionValue::NotComparable(_), _) => NOT_COMPARABLE_COLOR,
            _ => NO_DATA_COLOR,
        }
    }
}

/// A value as the map shows it.
pub(super) fn region_value(v: &Value, measure: Measure) -> RegionValue {
    match (v, measure) {
        (Value::Number(n), Measure::Flag) => RegionValue::Category(flag_code(*n).to_string()),
        (Value::Number(n), _) => RegionValue::Number(*n),
        (Value::Category(c), _) => RegionValue::Category(c.clone()),
    }
}

/// A value written for a tooltip: category codes become their label.
pub(super) fn value_text(o: &Observation, ind: Option<&Indicator>, measure: Measure, lang: Lang) -> String {
    match &o.value {
        Value::Category(code) => ind
            .and_then(|i| i.categories.iter().find(|c| &c.code == code))
            .map_or_else(|| code.clone(), |c| format!("{} ({code})", c.label.get(lang))),
        v => format::value(v, measure, o.bound, lang),
    }
}

pub(super) fn later(a: &Observation, b: &Observation) -> bool {
    (a.period.end(), a.period.axis_position().to_bits()) >= (b.period.end(), b.period.axis_position().to_bits())
}

/// Everything [`map_data`] needs while it builds regions.
pub(super) struct Ctx<'a> {
    pub(super) db: &'a Db,
    pub(super) ind: Option<&'a Indicator>,
    pub(super) measure: Measure,
    pub(super) lang: Lang,
    /// Figures of the indicator per unit id.
    pub(super) by_unit: HashMap<&'a str, Vec<&'a Observation>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn head(&self, u: &Unit) -> String {
        format!(
            "<b>{}</b> · {}",
            escape_html(&unit_display_name(u, self.lang)),
            escape_html(unit_type_label(u.unit_type, self.lang))
        )
    }

    pub(super) fn figure_line(&self, o: &Observation) -> String {
        let mut line = format!(
            "{}: <b>{}</b>",
            escape_html(&format::period(&o.period, o.approximate, self.lang)),
            escape_html(&value_text(o, self.ind, self.measure, self.lang))
        );
        if let Some(s) = self.db.source(&o.source) {
            line.push_str(&format!("<br>{}: {}", t(Msg::Source, self.lang), escape_html(&truncate(&s.title, 70))));
        }
        line
    }

    /// The region of a unit with its own figures in the stop.
    pub(super) fn own(&self, u: &Unit, stop: &RefPeriod) -> Option<Region> {
        let mut figs: Vec<&Observation> =
            self.by_unit.get(u.id.as_str())?.iter().copied().filter(|o| figure_in_stop(o, stop)).collect();
        let latest = *figs.iter().reduce(|a, b| if later(b, a) { b } else { a })?;
        figs.retain(|o| !std::ptr::eq(*o, latest));
        let mut tip = vec![self.head(u), self.figure_line(latest)];
        if !figs.is_empty() {
            let others: Vec<String> = figs
                .iter()
                .map(|o| {
                    format!(
                        "{} ({})",
                        escape_html(&value_text(o, self.ind, self.measure, self.lang)),
                        escape_html(&format::period(&o.period, o.approximate, self.lang))
                    )
                })
                .collect();
            tip.push(format!(
                "<i>{}: {}</i>",
                tr!(self.lang, "Số liệu khác trong kỳ", "Other figures in this stop"),
                others.join("; ")
            ));
        }
        let mut observations = vec![latest.id.clone()];
        observations.extend(figs.iter().map(|o| o.id.clone()));
        Some(Region {
            id: u.id.clone(),
            name: unit_display_name(u, self.lang),
            value: region_value(&latest.value, self.measure),
            tip: tip.join("<br>"),
            observations,
            outside_focus: false,
            carried: false,
        })
    }

    pub(super) fn no_data(&self, u: &Unit) -> Region {
        Region {
            id: u.id.clone(),
            name: unit_display_name(u, self.lang),
            value: RegionValue::NoData,
            tip: format!("{}<br><i>{}</i>", self.head(u), tr!(self.lang, "Không có số liệu", "No data")),
            observations: Vec::new(),
            outside_focus: false,
            carried: false,
        }
    }
}

/// Whether a unit record lies in the district with lineage `parent`: through its own parent, or, for a period
/// without districts, through any of its predecessors.
fn in_district(db: &Db, u: &Unit, parent: &str) -> bool {
    let direct = |u: &Unit| u.parent.as_deref().and_then(|p| db.lineage_of(p)) == Some(parent);
    direct(u) || u.predecessors.iter().filter_map(|p| db.unit(p)).any(direct)
}

/// Data step of the map: the regions of the level in the administrative period of the stop, their values and
/// tooltips, the legend and the notices. See the module doc for the rules.
pub fn map_data(db: &Db, state: &ExplorerState) -> MapData {
    let lang = state.lang;
    let indicator = state.primary_indicator();
    let ind = db.indicator(indicator);
    let measure = ind.map_or(Measure::Count, |i| i.measure);
    let stop = default_stop(db, state);
    let mut data = MapData::empty(state, indicator, measure, stop.clone());
    let Some(stop) = stop else { return data };
    let level = state.level;
    if level != Level::Bloc {
        data.stops = super::stops::stops_showing(db, indicator, level, &stop);
    }
    let mut by_unit: HashMap<&str, Vec<&Observation>> = HashMap::new();
    for o in db.observations_of(indicator) {
        by_unit.entry(o.unit.as_str()).or_default().push(o);
    }
    let ctx = Ctx { db, ind, measure, lang, by_unit };
    let period = admin_period_at(db, &stop);
    let mut skip: HashSet<*const Observation> = HashSet::new();

    let units: Vec<&Unit> = match level {
        Level::Bloc => {
            data.notices.push(
                tr!(
                    lang,
                    "Các đảng bộ khối không theo địa bàn nên không có trên bản đồ.",
                    "Bloc Party committees are not territorial, so they have no map.",
                )
                .to_string(),
            );
            return data;
        }
        Level::Province => {
            data.map = Some("province".to_string());
            let below = if period.is_none_or(|p| p.has_districts) { Level::District } else { Level::Commune };
            data.level_below = Some(below);
            data.notices.push(match (below, lang) {
                (Level::District, Lang::Vi) => "Cấp tỉnh chỉ có một đơn vị, nên bản đồ chỉ là một vùng. Xem cấp huyện để so sánh các địa phương.",
                (_, Lang::Vi) => "Cấp tỉnh chỉ có một đơn vị, nên bản đồ chỉ là một vùng. Xem cấp xã để so sánh các địa phương.",
                (Level::District, Lang::En) => "The province is a single unit, so its map is one region. See the districts to compare places.",
                (_, Lang::En) => "The province is a single unit, so its map is one region. See the communes to compare places.",
            }.to_string());
            db.ds.units.iter().filter(|u| u.level == Level::Province).collect()
        }
        Level::District | Level::Commune => {
            let Some(period) = period else { return data };
            data.period = Some(period.id.clone());
            if level == Level::District && !period.has_districts {
                data.notices.push(
                    tr!(lang, "Từ 1/7/2025 không còn cấp huyện.", "There are no districts since 1 July 2025.")
                        .to_string(),
                );
            } else {
                data.map = Some(format!("{}-{}", period.id, level.id()));
            }
            if data.map.is_none() {
                Vec::new()
            } else {
                db.ds.units.iter().filter(|u| u.level == level && u.period.as_ref() == Some(&period.id)).collect()
            }
        }
    };

    data.carry_offered = data.map.is_some() && level == Level::Commune && period.is_some_and(|p| !p.has_districts);
    let carry = state.carry && data.carry_offered;
    let parent = state.parent.as_deref().filter(|_| level == Level::Commune);
    let mut regions: Vec<Region> = units
        .iter()
        .map(|u| {
            let mut region = match ctx.own(u, &stop) {
                Some(r) => r,
                None if carry => match ctx.carried(u) {
                    Some((r, used)) => {
                        skip.extend(used.iter().map(|o| *o as *const Observation));
                        r
                    }
                    None => ctx.no_data(u),
                },
                None => ctx.no_data(u),
            };
            region.outside_focus = parent.is_some_and(|p| !in_district(db, u, p));
            region
        })
        .collect();
    sort::sort_by_cached_key(&mut regions, |r| {
        let u = db.unit(&r.id);
        (u.map(|u| search::fold(&u.short_name)).unwrap_or_default(), r.id.clone())
    });
    data.regions = regions;

    if let (Some(period), Level::District | Level::Commune) = (period, level) {
        data.notices.extend(other_period_notices(&ctx, level, period, &stop, &skip));
    }

    data.legend = match measure {
        Measure::Count | Measure::Percent => {
            let values: Vec<f64> = data
                .focus_regions()
                .filter_map(|r| match r.value {
                    RegionValue::Number(v) => Some(v),
                    _ => None,
                })
                .collect();
            sequential_legend(&values, measure, lang)
        }
        Measure::Category | Measure::Flag => {
            if data.regions.is_empty() {
                MapLegend::None
            } else {
                category_legend(ind, measure, lang)
            }
        }
    };
    data
}

/// What a click on the region of unit record `unit_id` does: shows that place (a district drills into its
/// communes, see [`Db::activate_place`]) at the stop the reader was looking at, so the time does not jump.
/// Returns `false` (and changes nothing) for an unknown unit.
pub fn activate_on_map(db: &Db, state: &mut ExplorerState, unit_id: &str) -> bool {
    let Some(lineage) = db.unit(unit_id).map(|u| u.lineage.clone()) else { return false };
    if state.map_at.is_none() {
        state.map_at = default_stop(db, state);
    }
    db.activate_place(state, &lineage);
    true
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::CATEGORY_COLORS;
    use crate::map::test_support::*;
    use crate::map::*;
    #[allow(unused_imports)]
    use crate::{fixtures::*, i18n::Lang, model::*, period::RefPeriod, state::ExplorerState};
    use std::collections::BTreeSet;

    #[test]
    fn every_period_and_level_of_the_real_data_has_the_expected_number_of_regions() {
        let db = real();
        for (at, level, map, count) in [
            ("2013", Level::Commune, "2013-commune", 480),
            ("2022", Level::Commune, "2020-commune", 460),
            ("2025-H1", Level::Commune, "2025-01-commune", 412),
            ("2025-H2", Level::Commune, "2025-07-commune", 130),
            ("2013", Level::District, "2013-district", 21),
            ("2020", Level::District, "2020-district", 21),
            ("2025-H1", Level::District, "2025-01-district", 20),
            ("2023", Level::Province, "province", 1),
        ] {
            let data = map_data(&db, &state(level, "party_members", at, Lang::Vi));
            assert_eq!(data.map.as_deref(), Some(map), "{at} {level:?}");
            assert_eq!(data.regions.len(), count, "{at} {level:?}");
        }
    }

    #[test]
    fn the_district_level_after_july_2025_has_no_map_and_says_why() {
        let db = real();
        let data = map_data(&db, &state(Level::District, "party_members", "2025-H2", Lang::Vi));
        assert_eq!((data.map.as_deref(), data.regions.len()), (None, 0));
        assert_eq!(data.notices[0], "Từ 1/7/2025 không còn cấp huyện.");
        let en = map_data(&db, &state(Level::District, "party_members", "2025-H2", Lang::En));
        assert_eq!(en.notices[0], "There are no districts since 1 July 2025.");
        let spec = map_option(&en, None);
        assert_eq!(spec.series_count(), 0);
        assert!(spec.summary.contains("no districts"), "{}", spec.summary);
    }

    #[test]
    fn every_commune_of_early_2025_goes_to_a_new_commune_and_every_new_commune_has_a_predecessor() {
        let db = real();
        let old: Vec<&Unit> = db
            .ds
            .units
            .iter()
            .filter(|u| u.level == Level::Commune && u.period.as_deref() == Some("2025-01"))
            .collect();
        let new: Vec<&Unit> = db
            .ds
            .units
            .iter()
            .filter(|u| u.level == Level::Commune && u.period.as_deref() == Some("2025-07"))
            .collect();
        assert_eq!((old.len(), new.len()), (412, 130));
        for u in &old {
            assert!(!u.successors.is_empty(), "{} has no successor", u.id);
            for s in &u.successors {
                let s = db.unit(s).unwrap_or_else(|| panic!("unknown successor {s}"));
                assert_eq!(s.period.as_deref(), Some("2025-07"));
                assert!(s.predecessors.contains(&u.id), "{} does not list {}", s.id, u.id);
            }
        }
        for u in &new {
            assert!(!u.predecessors.is_empty(), "{} has no predecessor", u.id);
        }
        let covered: BTreeSet<&str> = new.iter().flat_map(|u| u.predecessors.iter().map(String::as_str)).collect();
        assert_eq!(covered.len(), 412, "no commune of early 2025 is lost");
    }

    #[test]
    fn the_2023_district_ratings_colour_every_district_by_its_category() {
        let db = real();
        let data = map_data(&db, &state(Level::District, "district_party_committee_rating", "2023", Lang::Vi));
        assert_eq!(data.map.as_deref(), Some("2020-district"));
        assert_eq!(data.regions.len(), 21);
        let by_name =
            |short: &str| data.regions.iter().find(|r| db.unit(&r.id).is_some_and(|u| u.short_name == short)).unwrap();
        for name in ["Nam Đàn", "Quỳ Châu", "Vinh"] {
            let r = by_name(name);
            assert_eq!(r.value, RegionValue::Category("HTXSNV".into()), "{name}");
            assert_eq!(data.region_color(r), CATEGORY_COLORS[0], "{name}");
        }
        assert_eq!(by_name("Nghĩa Đàn").value, RegionValue::Category("HTNV".into()));
        for r in &data.regions {
            let published: Vec<&Observation> = db
                .observations_of("district_party_committee_rating")
                .filter(|o| o.unit == r.id && o.period == p("2023"))
                .collect();
            assert_eq!(published.len(), 1, "{}", r.name);
            assert_eq!(r.value, RegionValue::Category(published[0].value.as_category().unwrap().into()), "{}", r.name);
            assert_eq!(r.observations, [published[0].id.clone()]);
        }
        let MapLegend::Categories { items } = &data.legend else { panic!("{:?}", data.legend) };
        let codes: Vec<&str> = items.iter().map(|(c, _, _)| c.as_str()).collect();
        assert_eq!(codes, ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]);
        assert_eq!(items[0].1, "Xuất sắc");
    }

    #[test]
    fn a_drill_down_keeps_the_other_communes_faint_outside_the_focus() {
        let db = synth();
        let mut s = state(Level::Commune, "members", "2025-H1", Lang::Vi);
        s.parent = Some("901@2013".into());
        let data = map_data(&db, &s);
        let outside: Vec<&str> = data.regions.iter().filter(|r| r.outside_focus).map(|r| r.id.as_str()).collect();
        assert_eq!(outside, ["9201@2025-01"]);
        assert_eq!(data.region_color(region(&data, "9201@2025-01")), OUTSIDE_FOCUS_COLOR);
        let MapLegend::Sequential { breaks, .. } = &data.legend else { panic!() };
        assert_eq!(breaks, &[50.0, 75.0, 100.0], "the legend covers the focus only");
        s.map_at = Some(p("2025-H2"));
        let after = map_data(&db, &s);
        assert!(!region(&after, "9101@2025-07").outside_focus, "a new commune is in focus through its predecessors");
        assert!(region(&after, "9201@2025-07").outside_focus);
    }

    #[test]
    fn the_carry_option_is_offered_only_on_the_commune_map_of_july_2025() {
        let db = synth();
        for (level, at, offered) in [
            (Level::Commune, "2025-H2", true),
            (Level::Commune, "2025-H1", false),
            (Level::District, "2025-H2", false),
            (Level::District, "2023", false),
            (Level::Province, "2025-H2", false),
        ] {
            let data = map_data(&db, &state(level, "members", at, Lang::Vi));
            assert_eq!(data.offers_carry(), offered, "{level:?} {at}");
        }
    }

    #[test]
    fn clicking_a_district_on_the_map_drills_into_it_at_the_stop_shown() {
        let db = synth();
        let mut s = state(Level::District, "pct", "2013", Lang::Vi);
        s.map_at = None;
        assert!(activate_on_map(&db, &mut s, "901@2020"));
        assert_eq!((s.level, s.parent.as_deref()), (Level::Commune, Some("901@2013")));
        assert_eq!(s.map_at, Some(p("2023")), "the stop the reader was looking at is kept");
        let before = s.clone();
        assert!(!activate_on_map(&db, &mut s, "nowhere"));
        assert_eq!(s, before, "an unknown unit changes nothing");
        assert!(activate_on_map(&db, &mut s, "9101@2025-01"));
        assert_eq!(s.profile.as_deref(), Some("9101@2025-01"), "a commune opens its profile");
    }
}
