//! What the active view shows, decided once.
//!
//! A [`Screen`] answers every question about "what is on screen" for an [`ExplorerState`] and a [`Db`]: its kind
//! ([`ScreenKind`]), the headline and subtitle, the one-line title of exports and embeds, the chart option (with
//! its formatter texts and its transparent background, and framed with a title and source for image exports), the
//! figures drawn, the source line, and the table rows. The app's views, the export toolbar, the sources panel, the
//! embed frame and the share text all read it, so they cannot disagree; [`Screen::snapshot`] writes all of it as
//! JSON for snapshot tests.
//!
//! Everything is computed on demand: a component that needs only the chart pays only for the chart.

use crate::charts::{bar_chart, category_chart, category_time_chart, line_chart, ChartSpec, ExportFrame};
use crate::format;
use crate::i18n::{level_label, Lang};
use crate::map::{self, GeoIndex, MapData};
use crate::model::{Level, Measure, Observation};
use crate::query::{Db, TableRow};
use crate::sort;
use crate::state::{ExplorerState, View};
use crate::tr;
use crate::url::encode_state;
use serde::Serialize;
use serde_json::{json, Value as Json};

/// What kind of content the active view draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenKind {
    /// Lines over time of the selected places and indicators.
    Line,
    /// A ranking of the level's places for one year, as bars.
    Ranking,
    /// A rating indicator: places counted per category, over the years in the line tab, for one year in the
    /// ranking tab.
    Ratings,
    /// A choropleth of the level at one time stop.
    Map,
    /// The table of figures, with changes.
    Table,
    /// The sources of the figures, alone.
    Sources,
}

impl ScreenKind {
    /// Whether this kind draws a chart (an ECharts option).
    pub fn has_chart(self) -> bool {
        matches!(self, ScreenKind::Line | ScreenKind::Ranking | ScreenKind::Ratings | ScreenKind::Map)
    }
}

/// What identifies a screen without computing any of it: the whole state the reader chose and the file the
/// figures were read from ([`Db::file_hash`]), as `"<FNV-1a 64 of the state>-<file hash>"`; `None` for figures
/// not read from a file (a reader's own sheet). The same build computes the same screen for the same key: the
/// build writes the key of the view it drew into the page (`xtask/src/prerender.rs`), and the app, finding its
/// own first view's key there, keeps those drawings as its chart without computing the chart at all
/// (`src/components/echart.rs`) until the reader points at it or changes the view.
pub fn view_key(state: &ExplorerState, db: &Db) -> Option<String> {
    let file = db.file_hash()?;
    // `Debug` names every field of the state (a vector, options and enums: no map whose order could vary).
    Some(format!("{:016x}-{file:08x}", crate::hash::fnv1a_64(format!("{state:?}").as_bytes())))
}

/// What the active view shows (see the module documentation).
#[derive(Debug, Clone, Copy)]
pub struct Screen<'a> {
    /// The data.
    pub db: &'a Db,
    /// What the reader chose.
    pub state: &'a ExplorerState,
    /// The boundary index (`geo/index.json`) once loaded: maps are framed by it (a drill-down zooms on the district).
    index: Option<&'a GeoIndex>,
}

impl<'a> Screen<'a> {
    /// The screen of a state over a dataset (maps unzoomed until [`Screen::with_index`] gives their boxes).
    pub fn new(db: &'a Db, state: &'a ExplorerState) -> Screen<'a> {
        Screen { db, state, index: None }
    }

    /// The same screen with the boundary index, when loaded: the map is framed by its boxes, as on screen.
    pub fn with_index(self, index: Option<&'a GeoIndex>) -> Screen<'a> {
        Screen { index, ..self }
    }

    /// The language of every text.
    pub fn lang(&self) -> Lang {
        self.state.lang
    }

    /// What kind of content the active view draws.
    pub fn kind(&self) -> ScreenKind {
        let rating = self.db.primary_measure(self.state) == Some(Measure::Category);
        match self.state.view {
            View::Line | View::Bar if rating => ScreenKind::Ratings,
            View::Line => ScreenKind::Line,
            View::Bar => ScreenKind::Ranking,
            View::Map => ScreenKind::Map,
            View::Table => ScreenKind::Table,
            View::Sources => ScreenKind::Sources,
        }
    }

    /// Whether the view draws a whole level rather than chosen places: the map, and the ranking and ratings below
    /// the province.
    pub fn shows_whole_level(&self) -> bool {
        match self.kind() {
            ScreenKind::Map => true,
            ScreenKind::Ranking | ScreenKind::Ratings => self.state.level != Level::Province,
            _ => false,
        }
    }

    /// The headline: the selected indicators' names joined " · ".
    pub fn headline(&self) -> String {
        let lang = self.lang();
        let names: Vec<&str> =
            self.state.indicators.iter().filter_map(|i| self.db.indicator(i)).map(|i| i.name.get(lang)).collect();
        names.join(" · ")
    }

    /// Where and when, under the headline: the places shown (up to four by name; more are counted: "21 đơn vị cấp
    /// huyện"), or, for views of a whole level, the level (with the drilled-into district) and the year or time
    /// stop: "Cấp xã (Huyện Tân Kỳ), 1–6/2025".
    ///
    /// A ranking of several chosen indicators ranks the first, and says so after a semicolon: "Cấp huyện, 2013;
    /// xếp hạng theo Tổ chức đảng trong sạch vững mạnh".
    pub fn subtitle(&self) -> String {
        let place = self.where_and_when();
        match self.ranked_by() {
            Some(ranked) => format!("{place}; {ranked}"),
            None => place,
        }
    }

    /// The subtitle's places (or level) and time.
    fn where_and_when(&self) -> String {
        let lang = self.lang();
        let (db, state) = (self.db, self.state);
        if self.shows_whole_level() {
            let level = level_phrase(db, state);
            let when = match self.kind() {
                ScreenKind::Map => map::default_stop(db, state).map(|stop| format::period(&stop, false, lang)),
                _ => db.ranking_year(state).map(|y| y.to_string()),
            };
            return match when {
                Some(when) => format!("{level}, {when}"),
                None => level,
            };
        }
        let places: Vec<String> = db.shown_places(state).iter().map(|p| p.name(lang)).collect();
        if places.is_empty() {
            level_phrase(db, state)
        } else if places.len() > 4 {
            format!("{} {}", places.len(), level_plural(state.level, lang))
        } else {
            places.join(", ")
        }
    }

    /// The one-line title of exported charts, embeds and shared links: the headline, a dash and the subtitle.
    ///
    /// Example: "Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém — Tỉnh Nghệ An".
    pub fn title(&self) -> String {
        let (headline, subtitle) = (self.headline(), self.subtitle());
        if headline.is_empty() {
            subtitle
        } else {
            format!("{headline} — {subtitle}")
        }
    }

    /// The map's view model, on the map view.
    pub fn map_data(&self) -> Option<MapData> {
        (self.kind() == ScreenKind::Map).then(|| map::map_data(self.db, self.state))
    }

    /// The map chart of already computed map data, framed by the boundary index (see [`map::zoom`]).
    pub fn map_chart(&self, data: &MapData) -> ChartSpec {
        finish(map::zoomed_map_option(data, self.index))
    }

    /// The chart the view draws, ready for ECharts (transparent background, tooltips kept inside the chart),
    /// or `None` for the table and the sources.
    pub fn chart(&self) -> Option<ChartSpec> {
        let (db, state) = (self.db, self.state);
        Some(match self.kind() {
            ScreenKind::Line => finish(line_chart(db, state)),
            ScreenKind::Ranking => finish(bar_chart(db, state)),
            // The line tab of a rating shows its categories over time; the ranking tab, one year's counts.
            ScreenKind::Ratings if state.view == View::Line => finish(category_time_chart(db, state)),
            ScreenKind::Ratings => finish(category_chart(db, state)),
            ScreenKind::Map => self.map_chart(&map::map_data(db, state)),
            ScreenKind::Table | ScreenKind::Sources => return None,
        })
    }

    /// The chart as an exported image draws it: the same chart, framed with [`Screen::title`] above and
    /// [`Screen::source_line`] below, not animated, on the page's background (see [`ChartSpec::framed`]).
    pub fn export_chart(&self, dark: bool) -> Option<ChartSpec> {
        let chart = match self.kind() {
            ScreenKind::Map => {
                let mut data = map::map_data(self.db, self.state);
                data.dark = dark;
                self.map_chart(&data)
            }
            _ => self.chart()?,
        };
        Some(chart.framed(&ExportFrame { title: self.title(), source: self.source_line(), dark }))
    }

    /// Every figure the view draws, in the order it draws them: the map's on the map view (each region's own, and
    /// the former communes' figures behind a carried sum), otherwise [`Db::figures_on_screen`]. The sources panel,
    /// the table under an embedded chart and the data downloads list exactly these.
    pub fn figures(&self) -> Vec<&'a Observation> {
        if self.kind() == ScreenKind::Map {
            map::figures_on_map(self.db, self.state)
        } else {
            self.db.figures_on_screen(self.state)
        }
    }

    /// The rows of the table: one per figure of [`Screen::figures`], sorted as the reader asked.
    pub fn table_rows(&self) -> Vec<TableRow<'a>> {
        self.db.rows_of(&self.figures(), self.state)
    }

    /// Whether a table of the figures is shown: the table view, or an embedded chart with its table
    /// (`embed=table`).
    pub fn shows_table(&self) -> bool {
        match self.kind() {
            ScreenKind::Table => true,
            ScreenKind::Sources => false,
            _ => self.state.embed.as_ref().is_some_and(|e| e.table),
        }
    }

    /// The source line under exported charts and embeds: "Nguồn: Báo Nghệ An, 2014" / "Source: Báo Nghệ An, 2014".
    /// Each distinct publisher of the figures shown, in order of first appearance, with the years of its sources
    /// ("Báo Nghệ An, 2014, 2020"; undated sources add no year), joined "; "; after three publishers the rest are
    /// counted ("và 2 nguồn khác" / "and 2 more"). Empty when no figure is shown.
    pub fn source_line(&self) -> String {
        let mut publishers: Vec<(&str, Vec<&str>)> = Vec::new();
        for o in self.figures() {
            let Some(source) = self.db.source(&o.source) else { continue };
            let i = match publishers.iter().position(|(p, _)| *p == source.publisher) {
                Some(i) => i,
                None => {
                    publishers.push((&source.publisher, Vec::new()));
                    publishers.len() - 1
                }
            };
            if let Some(year) = source_year(&source.date) {
                publishers[i].1.push(year);
            }
        }
        if publishers.is_empty() {
            return String::new();
        }
        let lang = self.lang();
        let named: Vec<String> = publishers
            .iter()
            .take(SOURCE_LINE_MAX)
            .map(|(p, years)| {
                let mut years = years.clone();
                sort::sort(&mut years);
                years.dedup();
                std::iter::once(*p).chain(years).collect::<Vec<_>>().join(", ")
            })
            .collect();
        let mut line = format!("{}: {}", tr!(lang, "Nguồn", "Source"), named.join("; "));
        let rest = publishers.len().saturating_sub(SOURCE_LINE_MAX);
        if rest > 0 {
            line.push_str(&tr!(lang, " và {rest} nguồn khác", " and {rest} more", rest = rest));
        }
        line
    }

    /// The query string of the view as a link to the full explorer (no embed options): what "Share" copies and
    /// what an embed's "Open in Chỉ số" opens. Empty for the default view.
    pub fn share_query(&self) -> String {
        let mut plain = self.state.clone();
        plain.embed = None;
        encode_state(&plain)
    }

    /// Everything the screen shows, as JSON, for snapshot tests: kind, headline, subtitle, title, source line,
    /// the ids of the figures, the table (unit, indicator, period, value as shown), the chart (option, tooltip
    /// and label texts, summary, height; series past a dozen data items are cut, with their length) and, for
    /// charts, what framing for an exported image changes.
    pub fn snapshot(&self) -> Json {
        let lang = self.lang();
        let chart = self.chart().map(|c| {
            let mut option = c.option;
            if let Some(Json::Array(series)) = option.get_mut("series") {
                series.iter_mut().for_each(shorten_data);
            }
            let tips: Vec<&[String]> = c.tips.iter().map(|t| &t[..t.len().min(SNAPSHOT_ITEMS)]).collect();
            json!({ "option": option, "tips": tips, "labels": c.labels, "summary": c.summary, "height": c.height })
        });
        // What framing changes; the rest of the exported option is the chart's.
        let export = self.export_chart(false).map(|c| {
            let o = &c.option;
            let layout: Vec<&Json> = o["series"].as_array().into_iter().flatten().map(|s| &s["layoutSize"]).collect();
            json!({
                "title": o["title"], "grid": o["grid"], "legend": o["legend"], "backgroundColor": o["backgroundColor"],
                "animation": o["animation"], "layoutSize": layout, "height": c.height,
            })
        });
        let table: Option<Vec<Json>> = self.shows_table().then(|| {
            self.table_rows()
                .iter()
                .map(|r| {
                    let o = r.observation;
                    let value = match o.value.as_category() {
                        Some(c) => c.to_string(),
                        None => format::value(&o.value, r.indicator.measure, o.bound, lang),
                    };
                    json!([
                        r.place.name(lang),
                        r.indicator.name.get(lang),
                        format::period(&o.period, o.approximate, lang),
                        value
                    ])
                })
                .collect()
        });
        json!({
            "kind": self.kind(),
            "headline": self.headline(),
            "subtitle": self.subtitle(),
            "title": self.title(),
            "source_line": self.source_line(),
            "share_query": self.share_query(),
            "figures": self.figures().iter().map(|o| o.id.to_string()).collect::<Vec<_>>(),
            "table": table,
            "chart": chart,
            "export": export,
        })
    }
}

/// What every on-screen chart option carries besides its builder's output: a transparent background (the page
/// draws the background, light or dark; ECharts' dark theme would paint its own) and tooltips kept inside the
/// chart (an embed frame is small), their lines wrapped at [`TOOLTIP_CSS`]'s width: a source's title on one line
/// ran off a phone's screen and widened the page.
fn finish(mut spec: ChartSpec) -> ChartSpec {
    if let Some(option) = spec.option.as_object_mut() {
        option.insert("backgroundColor".into(), json!("transparent"));
        let tooltip = option.entry("tooltip").or_insert_with(|| json!({}));
        if let Some(t) = tooltip.as_object_mut() {
            t.insert("confine".into(), json!(true));
            t.entry("extraCssText").or_insert_with(|| json!(TOOLTIP_CSS));
        }
    }
    spec
}

/// The tooltip box's own style: lines wrap, never wider than a phone's screen allows.
pub const TOOLTIP_CSS: &str = "white-space: normal; overflow-wrap: anywhere; max-width: min(22rem, 80vw);";

/// Most data items (and tooltips) of a series a snapshot keeps; the map's hundreds of regions are tested in
/// [`crate::map`].
const SNAPSHOT_ITEMS: usize = 12;

/// Keeps the first [`SNAPSHOT_ITEMS`] data items of a series and records how many there were.
fn shorten_data(series: &mut Json) {
    if let Some(Json::Array(data)) = series.get_mut("data") {
        if data.len() > SNAPSHOT_ITEMS {
            let len = data.len();
            data.truncate(SNAPSHOT_ITEMS);
            series["data_len"] = json!(len);
        }
    }
}

/// Most publishers [`Screen::source_line`] names before counting the rest.
const SOURCE_LINE_MAX: usize = 3;

/// The year of a source date: its first four characters when they are digits ("2024-01 (Decision …)" → "2024").
fn source_year(date: &str) -> Option<&str> {
    let head = date.get(..4)?;
    head.bytes().all(|b| b.is_ascii_digit()).then_some(head)
}

/// A level in the plural for running text ("đơn vị cấp huyện" / "districts").
fn level_plural(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::Province => tr!(lang, "tỉnh", "provinces"),
        Level::District => tr!(lang, "đơn vị cấp huyện", "districts"),
        Level::Commune => tr!(lang, "đơn vị cấp xã", "communes"),
        Level::Bloc => tr!(lang, "đảng bộ khối", "blocs"),
    }
}

/// The level of the view, with the drilled-into district: "Cấp xã (Huyện Tân Kỳ)".
fn level_phrase(db: &Db, state: &ExplorerState) -> String {
    let label = level_label(state.level, state.lang);
    match state.parent.as_deref().and_then(|p| db.place(p)) {
        Some(parent) => format!("{label} ({})", parent.name(state.lang)),
        None => label.to_string(),
    }
}

mod ranking;
pub use ranking::{LevelBelow, RANKING_MIN};

#[cfg(test)]
mod tests;
