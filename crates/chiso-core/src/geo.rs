//! The map view: time stops, the administrative period each stop shows, the choropleth's view model ([`MapData`])
//! and its ECharts option ([`map_option`]). Pure, no browser: the app loads the boundaries (one GeoJSON file per
//! period and level, named like [`MapData::map`], every feature carrying `properties.id` = the unit id) and
//! registers them with ECharts under that name.
//!
//! - A time stop is a year, except 2025, which is split in two: `2025-H1` shows the 412 communes of January–June
//!   2025 and `2025-H2` the 130 communes formed on 1 July 2025. A figure belongs to a stop when its reference
//!   period ends inside the stop ([`figure_in_stop`]); the map shows the administrative period in force at the end
//!   of the stop ([`admin_period_at`]).
//! - Each region is one unit record of that period. A figure attached to a record of another period is never drawn
//!   on a map it does not belong to: it is listed in [`MapData::notices`] instead.
//! - Colours are decided here, not by an ECharts `visualMap`: numbers fall into "nice" classes
//!   ([`legend_breaks`]) coloured on a light-to-dark blue ramp, categories take
//!   [`crate::charts::CATEGORY_COLORS`] in the indicator's order. The app draws the legend in HTML from
//!   [`MapData::legend`].
//! - Carry mode (July 2025 map only): a new commune without its own figure shows the sum of its predecessors'
//!   counts when every predecessor has a figure for one same reference period. Percentages, ratings and yes/no
//!   facts are never added up.

use crate::charts::{escape_html, truncate, AxisFormat, ChartSpec, CATEGORY_COLORS};
use crate::format;
use crate::i18n::{t, unit_display_name, unit_type_label, Lang, Msg};
use crate::model::{AdminPeriod, Indicator, Level, Measure, Observation, Unit, Value};
use crate::period::{days_in_month, Date, RefPeriod};
use crate::query::Db;
use crate::search;
use crate::sort;
use crate::state::ExplorerState;
use serde_json::{json, Value as Json};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Sequential colour ramp of numeric maps, light to dark (five classes at most).
pub const SEQUENTIAL_COLORS: [&str; 5] = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

/// Fill of a region without a figure (drawn with a hatch).
pub const NO_DATA_COLOR: &str = "#e5e7eb";

/// Fill of a region whose carried value is refused (drawn with a cross hatch).
pub const NOT_COMPARABLE_COLOR: &str = "#cbd5e1";

/// Fill of a commune outside the drilled-into district.
pub const OUTSIDE_FOCUS_COLOR: &str = "#f5f5f5";

/// Fill of the region under the pointer.
pub const EMPHASIS_COLOR: &str = "#f0b429";

/// Approximate bounding box of Nghệ An, `[min lon, min lat, max lon, max lat]`: the default [`MapData::extent`].
pub const PROVINCE_BBOX: [f64; 4] = [103.87, 18.55, 105.77, 20.01];

/// Most classes of a numeric map.
pub const MAP_CLASSES: usize = 5;

/// Most "not drawn" notices listed one by one; the rest are counted in one "+N more" line.
pub const MAX_NOTICES: usize = 8;

/// The first year offered when an indicator has no figures at the level.
const FALLBACK_FIRST_YEAR: i32 = 2013;

/// The year the stops split into two halves (the July 2025 reorganisation).
const SPLIT_YEAR: i32 = 2025;

// ------------------------------------------------------------------------------------------------ time stops

/// The administrative period in force at the end of a stop. A stop ending before the first period starts uses the
/// first period.
pub fn admin_period_at<'a>(db: &'a Db, at: &RefPeriod) -> Option<&'a AdminPeriod> {
    let end = at.end();
    db.ds.periods.iter().find(|p| p.contains(end)).or_else(|| {
        let first = db.ds.periods.first()?;
        first.from.is_some_and(|f| end < f).then_some(first)
    })
}

/// The time stop a period falls in: a month or day of 2025 goes to its half-year (`2025-08` → `2025-H2`), the year
/// 2025 to `2025-H2`, any other month, day or half-year to its year; a range goes by its end.
pub fn normalise_stop(p: &RefPeriod) -> RefPeriod {
    match p {
        RefPeriod::Half(SPLIT_YEAR, h) => RefPeriod::Half(SPLIT_YEAR, *h),
        RefPeriod::Range(_, b) => normalise_stop(b),
        RefPeriod::Year(SPLIT_YEAR) => RefPeriod::Half(SPLIT_YEAR, 2),
        other => {
            let end = other.end();
            if end.year == SPLIT_YEAR {
                RefPeriod::Half(SPLIT_YEAR, if end.month <= 6 { 1 } else { 2 })
            } else {
                RefPeriod::Year(end.year)
            }
        }
    }
}

fn push_year_stop(out: &mut Vec<RefPeriod>, year: i32) {
    if year == SPLIT_YEAR {
        out.push(RefPeriod::Half(SPLIT_YEAR, 1));
        out.push(RefPeriod::Half(SPLIT_YEAR, 2));
    } else {
        out.push(RefPeriod::Year(year));
    }
}

/// Figures of an indicator at a level.
fn level_figures<'a>(db: &'a Db, indicator: &'a str, level: Level) -> impl Iterator<Item = &'a Observation> + 'a {
    db.observations_of(indicator).filter(move |o| db.unit(&o.unit).is_some_and(|u| u.level == level))
}

/// The time stops of the map slider, ascending: every year from the earliest to the latest year with figures of
/// the indicator at the level (years before 1900 are ignored), 2025 split into `2025-H1` and `2025-H2`. Without
/// figures: 2013 to 2024, then `2025-H1` and `2025-H2`.
pub fn time_stops(db: &Db, indicator: &str, level: Level) -> Vec<RefPeriod> {
    let years: BTreeSet<i32> =
        sort::set(level_figures(db, indicator, level).map(|o| o.period.year()).filter(|y| *y >= 1900));
    let (first, last) = match (years.first(), years.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => (FALLBACK_FIRST_YEAR, SPLIT_YEAR),
    };
    let mut out = Vec::new();
    for y in first..=last {
        push_year_stop(&mut out, y);
    }
    out
}

/// Whether a figure belongs to a stop: its reference period ends inside the stop.
pub fn figure_in_stop(o: &Observation, stop: &RefPeriod) -> bool {
    let end = o.period.end();
    stop.start() <= end && end <= stop.end()
}

/// The stop the map shows: the reader's choice ([`ExplorerState::map_at`], normalised with [`normalise_stop`]),
/// else the latest stop with figures of the primary indicator at the level, else the latest stop.
pub fn default_stop(db: &Db, state: &ExplorerState) -> Option<RefPeriod> {
    if let Some(at) = &state.map_at {
        return Some(normalise_stop(at));
    }
    let indicator = state.primary_indicator();
    let stops = time_stops(db, indicator, state.level);
    let figures: Vec<&Observation> = level_figures(db, indicator, state.level).collect();
    stops.iter().rev().find(|s| figures.iter().any(|o| figure_in_stop(o, s))).or(stops.last()).cloned()
}

// ------------------------------------------------------------------------------------------------ view model

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

/// The legend of the map's colours (the no-data and not-comparable entries are in [`MapData`]).
#[derive(Debug, Clone, PartialEq)]
pub enum MapLegend {
    /// Numeric classes: `breaks` has one more entry than `labels` and `colors`; class `i` is
    /// `breaks[i] ≤ v < breaks[i + 1]`, the last class including its upper break.
    Sequential {
        /// Class boundaries, ascending.
        breaks: Vec<f64>,
        /// Class labels ("1.000 – 1.500", "60% – 70%").
        labels: Vec<String>,
        /// Class colours, light to dark.
        colors: Vec<String>,
    },
    /// Categories in the indicator's order: `(code, short label, colour)`.
    Categories {
        /// Items in order.
        items: Vec<(String, String, String)>,
    },
    /// Nothing to explain (no values).
    None,
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
    /// another period (at most [`MAX_NOTICES`] plus a "+N more" line).
    pub notices: Vec<String>,
    /// Bounding box of the whole map, `[min lon, min lat, max lon, max lat]`, used by [`map_option`] to compute
    /// the zoom of a drill-down. Defaults to [`PROVINCE_BBOX`]; the app may replace it with the box of the loaded
    /// GeoJSON.
    pub extent: [f64; 4],
    /// Language of the texts.
    pub lang: Lang,
    /// Whether the map animates.
    pub animate: bool,
}

impl MapData {
    fn empty(state: &ExplorerState, indicator: &str, measure: Measure, stop: Option<RefPeriod>) -> MapData {
        let lang = state.lang;
        MapData {
            map: None,
            period: None,
            stop,
            level: state.level,
            indicator: indicator.to_string(),
            measure,
            regions: Vec::new(),
            legend: MapLegend::None,
            no_data_label: lang.pick("Không có số liệu", "No data").to_string(),
            not_comparable_label: state.carry.then(|| lang.pick("Không so sánh được", "Not comparable").to_string()),
            notices: Vec::new(),
            extent: PROVINCE_BBOX,
            lang,
            animate: state.animate,
        }
    }

    /// Regions inside the focus (all of them when there is no drill-down).
    pub fn focus_regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(|r| !r.outside_focus)
    }

    /// The fill colour of a region, as [`map_option`] draws it.
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

/// Index of the class of `v` given class boundaries (the last class includes its upper break).
fn class_of(v: f64, breaks: &[f64]) -> Option<usize> {
    let n = breaks.len().checked_sub(1).filter(|n| *n > 0)?;
    if !v.is_finite() || v < breaks[0] || v > breaks[n] {
        return None;
    }
    Some((1..n).take_while(|&i| v >= breaks[i]).count())
}

/// Class boundaries for numeric values: round steps (1, 2, 2.5 or 5 × 10^k) from a multiple of the step at or
/// below the minimum to one at or above the maximum, with at most `classes` classes and no more classes than
/// distinct values. One distinct value gives one class `[v, v]`; no finite values give no classes (empty).
pub fn legend_breaks(values: &[f64], classes: usize) -> Vec<f64> {
    let mut vals: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if vals.is_empty() || classes == 0 {
        return Vec::new();
    }
    sort::sort_by(&mut vals, f64::total_cmp);
    vals.dedup();
    let (min, max) = (vals[0], vals[vals.len() - 1]);
    let k = classes.min(vals.len());
    if k == 1 {
        return vec![min, max];
    }
    let raw = (max - min) / k as f64;
    let first = raw.log10().floor() as i32 - 1;
    for exp in first..first + 40 {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * 10f64.powi(exp);
            if step < raw {
                continue;
            }
            let lo = clean((min / step).floor() * step);
            let hi = clean((max / step).ceil() * step);
            let n = ((hi - lo) / step).round().max(1.0) as usize;
            if n <= k {
                return (0..=n).map(|i| clean(lo + step * i as f64)).collect();
            }
        }
    }
    vec![min, max]
}

/// Rounds away floating-point noise (0.30000000000000004 → 0.3).
fn clean(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

fn write_value(v: f64, measure: Measure, lang: Lang) -> String {
    if measure == Measure::Percent {
        format::percent(v, lang)
    } else {
        format::number(v, None, lang)
    }
}

fn sequential_legend(values: &[f64], measure: Measure, lang: Lang) -> MapLegend {
    let breaks = legend_breaks(values, MAP_CLASSES);
    if breaks.len() < 2 {
        return MapLegend::None;
    }
    let n = breaks.len() - 1;
    let labels = if n == 1 && breaks[0] == breaks[1] {
        vec![write_value(breaks[0], measure, lang)]
    } else {
        breaks
            .windows(2)
            .map(|w| format!("{} – {}", write_value(w[0], measure, lang), write_value(w[1], measure, lang)))
            .collect()
    };
    let colors = (0..n)
        .map(|i| {
            let idx = if n == 1 { 3 } else { (i * (SEQUENTIAL_COLORS.len() - 1) + (n - 1) / 2) / (n - 1) };
            SEQUENTIAL_COLORS[idx].to_string()
        })
        .collect();
    MapLegend::Sequential { breaks, labels, colors }
}

fn flag_code(v: f64) -> &'static str {
    if v != 0.0 {
        "1"
    } else {
        "0"
    }
}

fn category_legend(ind: Option<&Indicator>, measure: Measure, lang: Lang) -> MapLegend {
    let items = if measure == Measure::Flag {
        let (yes, no) = lang.pick(("Có", "Không"), ("Yes", "No"));
        vec![
            ("1".to_string(), yes.to_string(), CATEGORY_COLORS[0].to_string()),
            ("0".to_string(), no.to_string(), CATEGORY_COLORS[3].to_string()),
        ]
    } else {
        ind.map(|i| {
            i.categories
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let color = CATEGORY_COLORS[k.min(CATEGORY_COLORS.len() - 1)];
                    (c.code.clone(), c.short.get(lang).to_string(), color.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
    };
    MapLegend::Categories { items }
}

/// A value as the map shows it.
fn region_value(v: &Value, measure: Measure) -> RegionValue {
    match (v, measure) {
        (Value::Number(n), Measure::Flag) => RegionValue::Category(flag_code(*n).to_string()),
        (Value::Number(n), _) => RegionValue::Number(*n),
        (Value::Category(c), _) => RegionValue::Category(c.clone()),
    }
}

/// A value written for a tooltip: category codes become their label.
fn value_text(o: &Observation, ind: Option<&Indicator>, measure: Measure, lang: Lang) -> String {
    match &o.value {
        Value::Category(code) => ind
            .and_then(|i| i.categories.iter().find(|c| &c.code == code))
            .map_or_else(|| code.clone(), |c| format!("{} ({code})", c.label.get(lang))),
        v => format::value(v, measure, o.bound, lang),
    }
}

fn later(a: &Observation, b: &Observation) -> bool {
    (a.period.end(), a.period.axis_position().to_bits()) >= (b.period.end(), b.period.axis_position().to_bits())
}

fn day_after(d: Date) -> Date {
    if d.day < days_in_month(d.year, d.month) {
        Date { day: d.day + 1, ..d }
    } else if d.month < 12 {
        Date { month: d.month + 1, day: 1, ..d }
    } else {
        Date { year: d.year + 1, month: 1, day: 1 }
    }
}

/// Everything [`map_data`] needs while it builds regions.
struct Ctx<'a> {
    db: &'a Db,
    ind: Option<&'a Indicator>,
    measure: Measure,
    lang: Lang,
    /// Figures of the indicator per unit id.
    by_unit: HashMap<&'a str, Vec<&'a Observation>>,
}

impl<'a> Ctx<'a> {
    fn head(&self, u: &Unit) -> String {
        format!(
            "<b>{}</b> · {}",
            escape_html(&unit_display_name(u, self.lang)),
            escape_html(unit_type_label(u.unit_type, self.lang))
        )
    }

    fn figure_line(&self, o: &Observation) -> String {
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
    fn own(&self, u: &Unit, stop: &RefPeriod) -> Option<Region> {
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
                self.lang.pick("Số liệu khác trong kỳ", "Other figures in this stop"),
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

    fn no_data(&self, u: &Unit) -> Region {
        Region {
            id: u.id.clone(),
            name: unit_display_name(u, self.lang),
            value: RegionValue::NoData,
            tip: format!("{}<br><i>{}</i>", self.head(u), self.lang.pick("Không có số liệu", "No data")),
            observations: Vec::new(),
            outside_focus: false,
            carried: false,
        }
    }

    /// Carry mode: the sum of the predecessors' counts for one same reference period, or why not. Returns the
    /// region and the figures added up (empty unless carried).
    fn carried(&self, u: &Unit) -> Option<(Region, Vec<&'a Observation>)> {
        let lang = self.lang;
        let preds: Vec<&Unit> = u.predecessors.iter().filter_map(|p| self.db.unit(p)).collect();
        let figs: Vec<(&Unit, Vec<&'a Observation>)> =
            preds.iter().map(|p| (*p, self.by_unit.get(p.id.as_str()).cloned().unwrap_or_default())).collect();
        let examined: Vec<String> = figs.iter().flat_map(|(_, f)| f.iter().map(|o| o.id.clone())).collect();
        if examined.is_empty() {
            return None;
        }
        let refuse = |reason: String| {
            let region = Region {
                id: u.id.clone(),
                name: unit_display_name(u, lang),
                value: RegionValue::NotComparable(reason.clone()),
                tip: format!(
                    "{}<br><i>{}</i>: {}",
                    self.head(u),
                    lang.pick("Không so sánh được", "Not comparable"),
                    escape_html(&reason)
                ),
                observations: examined.clone(),
                outside_focus: false,
                carried: false,
            };
            Some((region, Vec::new()))
        };
        match self.measure {
            Measure::Count => {}
            Measure::Percent => {
                return refuse(lang.pick("tỉ lệ phần trăm không cộng được", "percentages cannot be added").into())
            }
            Measure::Category => {
                return refuse(lang.pick("xếp loại không cộng được", "ratings cannot be added").into())
            }
            Measure::Flag => {
                return refuse(lang.pick("dữ kiện có/không không cộng được", "yes/no facts cannot be added").into())
            }
        }
        let missing: Vec<String> =
            figs.iter().filter(|(_, f)| f.is_empty()).map(|(p, _)| unit_display_name(p, lang)).collect();
        if !missing.is_empty() {
            let (m, n) = (missing.len(), figs.len());
            let list = missing.join(", ");
            return refuse(match lang {
                Lang::Vi => format!("thiếu số liệu của {m}/{n} đơn vị cũ: {list}"),
                Lang::En => format!("{m} of {n} former units have no figures: {list}"),
            });
        }
        // The latest reference period every predecessor has a numeric figure for.
        let mut common: Option<BTreeSet<String>> = None;
        for (_, f) in &figs {
            let set: BTreeSet<String> =
                sort::set(f.iter().filter(|o| o.value.as_number().is_some()).map(|o| o.period.to_string()));
            common = Some(match common {
                None => set,
                Some(c) => sort::set(c.intersection(&set).cloned()),
            });
        }
        let when: Option<RefPeriod> = common
            .unwrap_or_default()
            .iter()
            .filter_map(|s| s.parse::<RefPeriod>().ok())
            .max_by(|a, b| (a.end(), a.axis_position().to_bits()).cmp(&(b.end(), b.axis_position().to_bits())));
        let Some(when) = when else {
            return refuse(
                lang.pick(
                    "các đơn vị cũ không có số liệu cùng một thời điểm",
                    "the former units have no figures for one same date",
                )
                .into(),
            );
        };
        let used: Vec<&'a Observation> = figs
            .iter()
            .filter_map(|(_, f)| f.iter().copied().rfind(|o| o.period == when && o.value.as_number().is_some()))
            .collect();
        let sum: f64 = used.iter().filter_map(|o| o.value.as_number()).sum();
        let n = used.len();
        let when_text = format::period(&when, false, lang);
        let mut tip = vec![
            self.head(u),
            format!("{}: <b>{}</b>", escape_html(&when_text), escape_html(&format::number(sum, None, lang))),
            format!(
                "<i>{}</i>",
                escape_html(&match lang {
                    Lang::Vi => format!("cộng từ {n} đơn vị cũ, số liệu {when_text}"),
                    Lang::En => format!("sum of {n} former units, figures of {when_text}"),
                })
            ),
        ];
        for o in &used {
            let name = self.db.unit(&o.unit).map(|p| unit_display_name(p, lang)).unwrap_or_default();
            tip.push(format!("{}: {}", escape_html(&name), escape_html(&value_text(o, self.ind, self.measure, lang))));
        }
        let region = Region {
            id: u.id.clone(),
            name: unit_display_name(u, lang),
            value: RegionValue::Number(sum),
            tip: tip.join("<br>"),
            observations: used.iter().map(|o| o.id.clone()).collect(),
            outside_focus: false,
            carried: true,
        };
        Some((region, used))
    }
}

/// Whether a unit record lies in the district with lineage `parent`: through its own parent, or, for a period
/// without districts, through any of its predecessors.
fn in_district(db: &Db, u: &Unit, parent: &str) -> bool {
    let direct = |u: &Unit| u.parent.as_deref().and_then(|p| db.lineage_of(p)) == Some(parent);
    direct(u) || u.predecessors.iter().filter_map(|p| db.unit(p)).any(direct)
}

/// Notices for figures attached to units of another period than the map's, one per unit record, closest in time
/// to the stop first, at most [`MAX_NOTICES`] plus a "+N more" line.
fn other_period_notices(
    ctx: &Ctx<'_>,
    level: Level,
    period: &AdminPeriod,
    stop: &RefPeriod,
    skip: &HashSet<*const Observation>,
) -> Vec<String> {
    let lang = ctx.lang;
    let mut per_unit: Vec<(&Unit, Vec<&Observation>)> = Vec::new();
    for (uid, figs) in &ctx.by_unit {
        let Some(u) = ctx.db.unit(uid) else { continue };
        if u.level != level || u.period.as_deref().is_none_or(|p| p == period.id) {
            continue;
        }
        let figs: Vec<&Observation> = figs.iter().copied().filter(|o| !skip.contains(&(*o as *const _))).collect();
        if !figs.is_empty() {
            per_unit.push((u, figs));
        }
    }
    let target = stop.end().as_fractional_year();
    let distance = |figs: &[&Observation]| {
        figs.iter().map(|o| (o.period.end().as_fractional_year() - target).abs()).fold(f64::INFINITY, f64::min)
    };
    sort::sort_by(&mut per_unit, |a, b| {
        distance(&a.1)
            .total_cmp(&distance(&b.1))
            .then_with(|| search::fold(&a.0.name).cmp(&search::fold(&b.0.name)).then_with(|| a.0.id.cmp(&b.0.id)))
    });
    let total = per_unit.len();
    let mut out: Vec<String> = per_unit
        .into_iter()
        .take(MAX_NOTICES)
        .map(|(u, mut figs)| {
            sort::sort_by_key(&mut figs, |o| o.period.end());
            let periods: Vec<String> = figs.iter().map(|o| format::period(&o.period, o.approximate, lang)).collect();
            let mut seen = BTreeSet::new();
            let periods: Vec<String> = periods.into_iter().filter(|p| seen.insert(p.clone())).collect();
            let name = format!("{} ({})", unit_display_name(u, lang), periods.join(", "));
            let plural = figs.len() > 1;
            let place = ctx.db.place(&u.lineage);
            let gone = place.and_then(|p| p.latest.to).filter(|t| period.from.is_some_and(|f| *t < f));
            let not_yet = place.and_then(|p| p.first.from).is_some_and(|f| period.to.is_some_and(|t| f > t));
            let kind = unit_type_label(u.unit_type, lang);
            let list_label = ctx
                .db
                .ds
                .periods
                .iter()
                .find(|p| Some(&p.id) == u.period.as_ref())
                .map_or_else(|| u.period.clone().unwrap_or_default(), |p| p.label.get(lang).to_string());
            match (lang, gone, not_yet) {
                (Lang::Vi, Some(t), _) => format!(
                    "Số liệu của {name} — đơn vị không còn tồn tại từ {} — không vẽ trên bản đồ thời kỳ này.",
                    format::date(day_after(t), lang)
                ),
                (Lang::Vi, None, true) => {
                    format!("Số liệu của {name} — đơn vị chưa tồn tại trong thời kỳ này — không vẽ trên bản đồ thời kỳ này.")
                }
                (Lang::Vi, None, false) => {
                    format!("Số liệu của {name} thuộc danh mục đơn vị {list_label} — không vẽ trên bản đồ thời kỳ này.")
                }
                (Lang::En, Some(t), _) => format!(
                    "{} for {name}, a {kind} that no longer exists since {}, {} not drawn on this period's map.",
                    if plural { "Figures" } else { "Figure" },
                    format::date(day_after(t), lang),
                    if plural { "are" } else { "is" }
                ),
                (Lang::En, None, true) => format!(
                    "{} for {name}, a {kind} which did not exist yet, {} not drawn on this period's map.",
                    if plural { "Figures" } else { "Figure" },
                    if plural { "are" } else { "is" }
                ),
                (Lang::En, None, false) => format!(
                    "{} for {name} {} recorded under the {list_label} list of units and not drawn on this period's map.",
                    if plural { "Figures" } else { "Figure" },
                    if plural { "are" } else { "is" }
                ),
            }
        })
        .collect();
    if total > MAX_NOTICES {
        let n = total - MAX_NOTICES;
        out.push(match lang {
            Lang::Vi => format!("+{n} đơn vị khác có số liệu không vẽ trên bản đồ thời kỳ này."),
            Lang::En => format!("+{n} more units whose figures are not drawn on this period's map."),
        });
    }
    out
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
    let mut by_unit: HashMap<&str, Vec<&Observation>> = HashMap::new();
    for o in db.observations_of(indicator) {
        by_unit.entry(o.unit.as_str()).or_default().push(o);
    }
    let ctx = Ctx { db, ind, measure, lang, by_unit };
    let level = state.level;
    let period = admin_period_at(db, &stop);
    let mut skip: HashSet<*const Observation> = HashSet::new();

    let units: Vec<&Unit> = match level {
        Level::Bloc => {
            data.notices.push(
                lang.pick(
                    "Các đảng bộ khối không theo địa bàn nên không có trên bản đồ.",
                    "Bloc Party committees are not territorial, so they have no map.",
                )
                .to_string(),
            );
            return data;
        }
        Level::Province => {
            data.map = Some("province".to_string());
            db.ds.units.iter().filter(|u| u.level == Level::Province).collect()
        }
        Level::District | Level::Commune => {
            let Some(period) = period else { return data };
            data.period = Some(period.id.clone());
            if level == Level::District && !period.has_districts {
                data.notices.push(
                    lang.pick("Từ 1/7/2025 không còn cấp huyện.", "There are no districts since 1 July 2025.")
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

    let carry = state.carry && level == Level::Commune && period.is_some_and(|p| !p.has_districts);
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

// ------------------------------------------------------------------------------------------------ option

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

fn region_label(data: &MapData, r: &Region) -> String {
    match &r.value {
        RegionValue::Number(v) => write_value(*v, data.measure, data.lang),
        RegionValue::Category(c) => match &data.legend {
            MapLegend::Categories { items } => {
                items.iter().find(|(code, _, _)| code == c).map_or_else(|| c.clone(), |(_, l, _)| l.clone())
            }
            _ => c.clone(),
        },
        RegionValue::NoData => String::new(),
        RegionValue::NotComparable(_) => data.lang.pick("không so sánh được", "not comparable").to_string(),
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
    let values: Vec<String> = with_data.iter().map(|r| format!("{}: {}", r.name, region_label(data, r))).collect();
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
    let hatch = json!({
        "symbol": "rect", "dashArrayX": [1, 0], "dashArrayY": [1, 5], "rotation": 0.785, "color": "rgba(0,0,0,0.10)"
    });
    let cross = json!({
        "symbol": "rect", "dashArrayX": [1, 0], "dashArrayY": [1, 3], "rotation": -0.785, "color": "rgba(0,0,0,0.28)"
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
                style["borderColor"] = json!("#e5e7eb");
                item["emphasis"] = json!({ "disabled": true });
            } else {
                match r.value {
                    RegionValue::NoData => style["decal"] = hatch.clone(),
                    RegionValue::NotComparable(_) => style["decal"] = cross.clone(),
                    _ if r.carried => {
                        style["borderColor"] = json!("#334155");
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
        "itemStyle": { "areaColor": NO_DATA_COLOR, "borderColor": "#ffffff", "borderWidth": border },
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
        "tooltip": { "trigger": "item" },
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

/// The map for the state, without a drill-down zoom (see [`map_option`] for that).
pub fn map_chart(db: &Db, state: &ExplorerState) -> ChartSpec {
    map_option(&map_data(db, state), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::state::View;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn period(id: &str, from: Option<&str>, to: Option<&str>, has_districts: bool) -> AdminPeriod {
        AdminPeriod { id: id.into(), label: Localized::new(id, id), from: from.map(d), to: to.map(d), has_districts }
    }

    /// A unit record `{code}@{period}` (invented names, synthetic).
    fn unit(
        code: &str,
        p: &str,
        name: &str,
        level: Level,
        parent: Option<&str>,
        lineage: &str,
        preds: &[&str],
    ) -> Unit {
        let (from, to) = match p {
            "2013" => (None, Some("2019-12-31")),
            "2020" => (Some("2020-01-01"), Some("2024-12-31")),
            "2025-01" => (Some("2025-01-01"), Some("2025-06-30")),
            _ => (Some("2025-07-01"), None),
        };
        let unit_type = match (level, name.split_whitespace().next()) {
            (Level::District, _) => UnitType::Huyen,
            (_, Some("Phường")) => UnitType::Phuong,
            _ => UnitType::Xa,
        };
        Unit {
            id: format!("{code}@{p}"),
            code: code.into(),
            name: name.into(),
            short_name: name.split_whitespace().skip(1).collect::<Vec<_>>().join(" "),
            level,
            unit_type,
            parent: parent.map(String::from),
            period: Some(p.into()),
            from: from.map(d),
            to: to.map(d),
            lineage: lineage.into(),
            successors: vec![],
            predecessors: preds.iter().map(|s| s.to_string()).collect(),
            change: None,
            flags: Default::default(),
        }
    }

    fn obs(id: &str, ind: &str, unit: &str, period: &str, value: Value) -> Observation {
        Observation {
            id: id.into(),
            indicator: ind.into(),
            unit: unit.into(),
            period: period.parse().unwrap(),
            approximate: false,
            period_text: None,
            value,
            bound: None,
            source: "src".into(),
            sentence: format!("sentence of {id}").into(),
            sentence_language: "vi".into(),
            unit_text: None,
            note: None,
            derived: None,
        }
    }

    fn indicator(id: &str, measure: Measure) -> Indicator {
        Indicator {
            id: id.into(),
            theme: "t".into(),
            measure,
            name: Localized::new(format!("{id} vi"), format!("{id} en")),
            description: Localized::default(),
            higher_is_better: None,
            categories: if measure == Measure::Category {
                vec![
                    Category {
                        code: "HTXSNV".into(),
                        label: Localized::new("Hoàn thành xuất sắc nhiệm vụ", "Completed tasks excellently"),
                        short: Localized::new("Xuất sắc", "Excellent"),
                    },
                    Category {
                        code: "HTNV".into(),
                        label: Localized::new("Hoàn thành nhiệm vụ", "Completed tasks"),
                        short: Localized::new("Hoàn thành", "Completed"),
                    },
                ]
            } else {
                vec![]
            },
            parts: None,
        }
    }

    /// A small synthetic province over four periods (invented places, codes and numbers; tests only): two districts
    /// An Hòa (901) and Bình Sơn (902), a district Cổ Lũy (903) abolished at the end of 2019, three communes until
    /// June 2025 and two after July 2025 (Xã Hợp Nhất formed from Xã Đông and Xã Tây).
    fn synth() -> Db {
        let n = Value::Number;
        let c = |s: &str| Value::Category(s.into());
        let dist = Level::District;
        let com = Level::Commune;
        let units = vec![
            Unit {
                period: None,
                from: None,
                to: None,
                ..unit("40", "x", "Tỉnh Mẫu", Level::Province, None, "40", &[])
            },
            unit("901", "2013", "Huyện An Hòa", dist, Some("40"), "901@2013", &[]),
            unit("903", "2013", "Huyện Cổ Lũy", dist, Some("40"), "903@2013", &[]),
            unit("901", "2020", "Huyện An Hòa", dist, Some("40"), "901@2013", &[]),
            unit("902", "2020", "Huyện Bình Sơn", dist, Some("40"), "902@2020", &[]),
            unit("901", "2025-01", "Huyện An Hòa", dist, Some("40"), "901@2013", &[]),
            unit("902", "2025-01", "Huyện Bình Sơn", dist, Some("40"), "902@2020", &[]),
            unit("9101", "2020", "Xã Đông", com, Some("901@2020"), "9101@2020", &[]),
            unit("9102", "2020", "Xã Tây", com, Some("901@2020"), "9102@2020", &[]),
            unit("9201", "2020", "Phường Nam", com, Some("902@2020"), "9201@2020", &[]),
            unit("9101", "2025-01", "Xã Đông", com, Some("901@2025-01"), "9101@2020", &[]),
            unit("9102", "2025-01", "Xã Tây", com, Some("901@2025-01"), "9102@2020", &[]),
            unit("9201", "2025-01", "Phường Nam", com, Some("902@2025-01"), "9201@2020", &[]),
            unit("9101", "2025-07", "Xã Hợp Nhất", com, Some("40"), "9101@2025-07", &["9101@2025-01", "9102@2025-01"]),
            unit("9201", "2025-07", "Phường Nam", com, Some("40"), "9201@2025-07", &["9201@2025-01"]),
        ];
        Db::new(Dataset {
            schema: None,
            published: None,
            synthetic: false,
            schema_version: SCHEMA_VERSION,
            periods: vec![
                period("2013", None, Some("2019-12-31"), true),
                period("2020", Some("2020-01-01"), Some("2024-12-31"), true),
                period("2025-01", Some("2025-01-01"), Some("2025-06-30"), true),
                period("2025-07", Some("2025-07-01"), None, false),
            ],
            units,
            themes: vec![],
            indicators: vec![
                indicator("members", Measure::Count),
                indicator("cells", Measure::Count),
                indicator("pct", Measure::Percent),
                indicator("rating", Measure::Category),
            ],
            sources: vec![Source {
                id: "src".into(),
                title: "Báo Mẫu <tổng hợp>".into(),
                publisher: "Báo Mẫu".into(),
                date: "2024".into(),
                url: None,
                file: None,
                language: "vi".into(),
            }],
            observations: vec![
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
        })
    }

    fn real() -> Db {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/nghe-an.json");
        Db::new(Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap())
    }

    fn state(level: Level, ind: &str, at: &str, lang: Lang) -> ExplorerState {
        ExplorerState {
            level,
            lang,
            view: View::Map,
            animate: false,
            indicators: vec![ind.to_string()],
            map_at: Some(at.parse().unwrap()),
            ..Default::default()
        }
    }

    fn p(s: &str) -> RefPeriod {
        s.parse().unwrap()
    }

    /// Compares a map option with `snapshots/<name>.json`; `UPDATE_SNAPSHOTS=1` rewrites it.
    use crate::charts::tests::assert_snapshot;

    fn region<'a>(data: &'a MapData, id: &str) -> &'a Region {
        data.regions.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no region {id}"))
    }

    // ---------------------------------------------------------------------------------------- stops and periods

    #[test]
    fn each_stop_shows_the_period_in_force_at_its_end() {
        let db = real();
        for (stop, expected) in [
            ("2013", "2013"),
            ("2019", "2013"),
            ("2005", "2013"),
            ("2022", "2020"),
            ("2025-H1", "2025-01"),
            ("2025-H2", "2025-07"),
            ("2026", "2025-07"),
        ] {
            assert_eq!(admin_period_at(&db, &p(stop)).map(|p| p.id.as_str()), Some(expected), "{stop}");
        }
    }

    #[test]
    fn a_month_of_2025_normalises_to_its_half_and_other_months_to_their_year() {
        assert_eq!(normalise_stop(&p("2025-08")), p("2025-H2"));
        assert_eq!(normalise_stop(&p("2025-02-14")), p("2025-H1"));
        assert_eq!(normalise_stop(&p("2025")), p("2025-H2"));
        assert_eq!(normalise_stop(&p("2019-12")), p("2019"));
        assert_eq!(normalise_stop(&p("2020-H1")), p("2020"));
        let db = real();
        let s = state(Level::Commune, "party_members", "2025-08", Lang::Vi);
        assert_eq!(default_stop(&db, &s), Some(p("2025-H2")));
    }

    #[test]
    fn stops_run_year_by_year_and_split_2025_in_two_halves() {
        let db = synth();
        let stops: Vec<String> = time_stops(&db, "pct", Level::District).iter().map(|s| s.to_string()).collect();
        assert_eq!(stops.first().map(String::as_str), Some("2013"));
        assert_eq!(stops.last().map(String::as_str), Some("2023"));
        assert_eq!(stops.len(), 11);
        let stops: Vec<String> = time_stops(&db, "members", Level::Commune).iter().map(|s| s.to_string()).collect();
        assert_eq!(stops, ["2025-H1", "2025-H2"]);
        let none: Vec<String> = time_stops(&db, "rating", Level::Commune).iter().map(|s| s.to_string()).collect();
        assert_eq!(none.len(), 14);
        assert_eq!((none[0].as_str(), none[11].as_str()), ("2013", "2024"));
        assert_eq!(&none[12..], ["2025-H1", "2025-H2"]);
    }

    #[test]
    fn without_a_chosen_stop_the_map_shows_the_latest_stop_with_figures() {
        let db = synth();
        let mut s = state(Level::District, "pct", "2013", Lang::Vi);
        s.map_at = None;
        assert_eq!(default_stop(&db, &s), Some(p("2023")));
        s.level = Level::Commune;
        assert_eq!(default_stop(&db, &s), Some(p("2025-H1")));
        s.indicators = vec!["rating".into()];
        assert_eq!(default_stop(&db, &s), Some(p("2025-H2")), "no figures: the latest stop");
    }

    #[test]
    fn a_figure_belongs_to_the_stop_its_period_ends_in() {
        let db = synth();
        let m4 = db.ds.observations.iter().find(|o| o.id == "m4").unwrap();
        assert!(figure_in_stop(m4, &p("2025-H2")));
        assert!(!figure_in_stop(m4, &p("2025-H1")));
        let mut range = m4.clone();
        range.period = p("2019-06..2020-03");
        assert!(figure_in_stop(&range, &p("2020")) && !figure_in_stop(&range, &p("2019")));
    }

    // ---------------------------------------------------------------------------------------- regions on real data

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

    // ---------------------------------------------------------------------------------------- carry mode

    fn carry(level: Level, ind: &str, lang: Lang) -> ExplorerState {
        ExplorerState { carry: true, ..state(level, ind, "2025-H2", lang) }
    }

    #[test]
    fn a_count_is_carried_when_every_predecessor_has_a_figure_for_the_same_date() {
        let db = synth();
        let data = map_data(&db, &carry(Level::Commune, "members", Lang::Vi));
        let r = region(&data, "9101@2025-07");
        assert_eq!(r.value, RegionValue::Number(150.0));
        assert!(r.carried);
        assert_eq!(r.observations, ["m1", "m2"]);
        assert!(r.tip.contains("cộng từ 2 đơn vị cũ, số liệu 2/2025"), "{}", r.tip);
        let own = region(&data, "9201@2025-07");
        assert_eq!((own.value.clone(), own.carried), (RegionValue::Number(1450.0), false), "its own figure wins");
        assert!(
            data.notices.iter().all(|n| !n.contains("Xã Đông") && !n.contains("Xã Tây")),
            "carried figures are drawn: {:?}",
            data.notices
        );
        assert_eq!(data.not_comparable_label.as_deref(), Some("Không so sánh được"));
        let en = map_data(&db, &carry(Level::Commune, "members", Lang::En));
        assert!(region(&en, "9101@2025-07").tip.contains("sum of 2 former units, figures of Feb 2025"));
        let plain = map_data(&db, &state(Level::Commune, "members", "2025-H2", Lang::Vi));
        assert_eq!(region(&plain, "9101@2025-07").value, RegionValue::NoData, "nothing is carried unless asked");
        assert_eq!(plain.not_comparable_label, None);
    }

    #[test]
    fn percentages_are_never_carried() {
        let db = synth();
        let data = map_data(&db, &carry(Level::Commune, "pct", Lang::Vi));
        assert_eq!(
            region(&data, "9101@2025-07").value,
            RegionValue::NotComparable("tỉ lệ phần trăm không cộng được".into())
        );
        assert_eq!(data.region_color(region(&data, "9101@2025-07")), NOT_COMPARABLE_COLOR);
        assert_eq!(region(&data, "9201@2025-07").value, RegionValue::NoData, "no predecessor figure at all");
        let en = map_data(&db, &carry(Level::Commune, "pct", Lang::En));
        assert_eq!(region(&en, "9101@2025-07").value, RegionValue::NotComparable("percentages cannot be added".into()));
    }

    #[test]
    fn a_count_is_not_carried_when_a_predecessor_lacks_a_figure_and_the_missing_one_is_named() {
        let db = synth();
        let data = map_data(&db, &carry(Level::Commune, "cells", Lang::Vi));
        assert_eq!(
            region(&data, "9101@2025-07").value,
            RegionValue::NotComparable("thiếu số liệu của 1/2 đơn vị cũ: Xã Tây".into())
        );
        let en = map_data(&db, &carry(Level::Commune, "cells", Lang::En));
        assert_eq!(
            region(&en, "9101@2025-07").value,
            RegionValue::NotComparable("1 of 2 former units have no figures: Tây Commune".into())
        );
    }

    #[test]
    fn a_count_is_not_carried_from_figures_of_different_dates() {
        let mut db = synth();
        db.ds.observations.retain(|o| o.id != "m2");
        db.ds.observations.push(obs("m5", "members", "9102@2025-01", "2025-03", Value::Number(40.0)));
        let db = Db::new(db.ds);
        let data = map_data(&db, &carry(Level::Commune, "members", Lang::En));
        assert_eq!(
            region(&data, "9101@2025-07").value,
            RegionValue::NotComparable("the former units have no figures for one same date".into())
        );
    }

    #[test]
    fn the_new_nghia_dong_commune_is_not_comparable_for_party_members_on_the_real_data() {
        let db = real();
        let old = db.unit("17284@2025-01").unwrap();
        assert_eq!(old.successors.len(), 1);
        let data = map_data(&db, &carry(Level::Commune, "party_members", Lang::Vi));
        let r = region(&data, &old.successors[0]);
        let RegionValue::NotComparable(reason) = &r.value else { panic!("{:?}", r.value) };
        assert!(reason.starts_with("thiếu số liệu của"), "{reason}");
        assert!(!reason.contains("Nghĩa Đồng"), "Nghĩa Đồng has its figure: {reason}");
    }

    // ---------------------------------------------------------------------------------------- legend

    #[test]
    fn legend_breaks_are_round_numbers_covering_the_values() {
        assert_eq!(legend_breaks(&[1447.0, 1454.0], 5), [1445.0, 1450.0, 1455.0]);
        assert_eq!(legend_breaks(&[0.0, 61.0, 97.0], 5), [0.0, 50.0, 100.0]);
        assert_eq!(legend_breaks(&[58.0, 61.0, 70.0, 85.0, 97.0, 99.0], 5), [50.0, 60.0, 70.0, 80.0, 90.0, 100.0]);
        assert_eq!(legend_breaks(&[1447.0, 1447.0], 5), [1447.0, 1447.0], "one value is one class");
        assert!(legend_breaks(&[], 5).is_empty());
        assert!(legend_breaks(&[f64::NAN], 5).is_empty());
        let b = legend_breaks(&[3.0, 1204.0, 31238.0, 570.0, 12.0, 88.0, 9000.0], 5);
        assert!(b.len() <= 6 && b[0] <= 3.0 && *b.last().unwrap() >= 31238.0, "{b:?}");
        assert_eq!(legend_breaks(&[0.1, 0.35], 2), [0.0, 0.2, 0.4], "no floating-point noise");
    }

    #[test]
    fn legend_labels_are_ranges_written_in_the_readers_language() {
        let MapLegend::Sequential { labels, colors, .. } =
            sequential_legend(&[1000.0, 1450.0], Measure::Count, Lang::Vi)
        else {
            panic!()
        };
        assert_eq!(labels, ["1.000 – 1.250", "1.250 – 1.500"]);
        assert_eq!(colors, [SEQUENTIAL_COLORS[0], SEQUENTIAL_COLORS[4]]);
        let MapLegend::Sequential { labels, .. } = sequential_legend(&[60.5, 69.0], Measure::Percent, Lang::Vi) else {
            panic!()
        };
        assert_eq!(labels, ["60% – 65%", "65% – 70%"]);
        let MapLegend::Sequential { labels, .. } = sequential_legend(&[0.5, 2.25], Measure::Percent, Lang::Vi) else {
            panic!()
        };
        assert_eq!(labels, ["0% – 2%", "2% – 4%"]);
        let MapLegend::Sequential { labels, .. } = sequential_legend(&[1000.0, 1450.0], Measure::Count, Lang::En)
        else {
            panic!()
        };
        assert_eq!(labels[0], "1,000 – 1,250");
        assert_eq!(sequential_legend(&[], Measure::Count, Lang::Vi), MapLegend::None);
    }

    #[test]
    fn every_numeric_region_takes_the_colour_of_its_class() {
        let db = synth();
        let data = map_data(&db, &state(Level::District, "pct", "2023", Lang::Vi));
        let MapLegend::Sequential { breaks, colors, .. } = &data.legend else { panic!("{:?}", data.legend) };
        assert_eq!(breaks, &[60.0, 80.0, 100.0]);
        assert_eq!(data.region_color(region(&data, "901@2020")), colors[0]);
        assert_eq!(data.region_color(region(&data, "902@2020")), colors[1]);
        assert_eq!(data.no_data_label, "Không có số liệu");
    }

    // ---------------------------------------------------------------------------------------- notices

    #[test]
    fn figures_of_units_of_another_period_are_listed_not_drawn() {
        let db = synth();
        let data = map_data(&db, &state(Level::District, "pct", "2023", Lang::Vi));
        assert_eq!(data.regions.len(), 2);
        let r = region(&data, "901@2020");
        assert_eq!(r.value, RegionValue::Number(61.0), "the latest figure of the stop is drawn");
        assert!(r.tip.contains("Số liệu khác trong kỳ: 58% (6/2023)"), "{}", r.tip);
        assert!(r.tip.contains("Báo Mẫu &lt;tổng hợp&gt;"), "source titles are escaped: {}", r.tip);
        assert_eq!(
            data.notices,
            [
                "Số liệu của Huyện An Hòa (2013) thuộc danh mục đơn vị 2013 — không vẽ trên bản đồ thời kỳ này.",
                "Số liệu của Huyện Cổ Lũy (2013) — đơn vị không còn tồn tại từ 1/1/2020 — không vẽ trên bản đồ thời kỳ này."
            ]
        );
        let early = map_data(&db, &state(Level::District, "pct", "2013", Lang::En));
        assert!(
            early.notices.iter().any(|n| n == "Figures for Bình Sơn District (2023), a district which did not exist yet, are not drawn on this period's map."
                || n == "Figure for Bình Sơn District (2023), a district which did not exist yet, is not drawn on this period's map."),
            "{:?}",
            early.notices
        );
    }

    #[test]
    fn a_long_list_of_notices_ends_with_a_count_of_the_rest() {
        let mut db = synth();
        for i in 0..12 {
            let code = format!("95{i:02}");
            db.ds.units.push(unit(
                &code,
                "2013",
                &format!("Xã Mẫu {i}"),
                Level::Commune,
                None,
                &format!("{code}@2013"),
                &[],
            ));
            db.ds.observations.push(obs(
                &format!("x{i}"),
                "members",
                &format!("{code}@2013"),
                "2015",
                Value::Number(1.0),
            ));
        }
        let db = Db::new(db.ds);
        let data = map_data(&db, &state(Level::Commune, "members", "2025-H2", Lang::En));
        assert_eq!(data.notices.len(), MAX_NOTICES + 1);
        assert_eq!(data.notices[MAX_NOTICES], "+7 more units whose figures are not drawn on this period's map.");
    }

    #[test]
    fn the_tan_ky_2013_figure_is_not_drawn_on_the_july_2025_district_level() {
        let db = real();
        let data = map_data(&db, &state(Level::District, "clean_strong_orgs_pct", "2025-H2", Lang::Vi));
        assert_eq!(data.regions.len(), 0);
        assert!(
            data.notices.contains(
                &"Số liệu của Huyện Tân Kỳ (2013) — đơn vị không còn tồn tại từ 1/7/2025 — không vẽ trên bản đồ thời kỳ này."
                    .to_string()
            ),
            "{:?}",
            data.notices
        );
        let en = map_data(&db, &state(Level::District, "clean_strong_orgs_pct", "2025-H2", Lang::En));
        assert!(
            en.notices.iter().any(|n| n
                .starts_with("Figure for Tân Kỳ District (2013), a district that no longer exists since 1 Jul 2025")),
            "{:?}",
            en.notices
        );
    }

    #[test]
    fn the_february_2025_nghia_dong_figure_is_listed_as_not_drawn_on_the_july_2025_commune_map() {
        let db = real();
        let data = map_data(&db, &state(Level::Commune, "party_members", "2025-H2", Lang::Vi));
        assert_eq!(data.regions.len(), 130);
        assert!(data.regions.iter().all(|r| !r.observations.iter().any(|o| o == "96")));
        assert!(
            data.notices
                .iter()
                .any(|n| n.starts_with("Số liệu của Xã Nghĩa Đồng (2/2025) — đơn vị không còn tồn tại từ 1/7/2025")),
            "{:?}",
            data.notices
        );
        let with_data: Vec<&str> = data.focus_regions().filter(|r| r.has_data()).map(|r| r.name.as_str()).collect();
        assert_eq!(with_data.len(), 4, "{with_data:?}");
    }

    // ---------------------------------------------------------------------------------------- drill-down and option

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
    fn the_province_map_has_one_region() {
        let db = real();
        let data = map_data(&db, &state(Level::Province, "party_members", "2023", Lang::Vi));
        assert_eq!(data.regions.len(), 1);
        assert_eq!(data.regions[0].id, "40");
        assert!(data.notices.is_empty());
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
}
