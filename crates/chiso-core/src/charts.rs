//! Chart options, built as plain data with charming (no browser): a data step turns the explorer state into a
//! view model ([`LineData`], [`BarData`], [`CategoryData`]), then an option step turns the view model into an
//! ECharts option. Both steps are pure, so the options are snapshot-tested as JSON.
//!
//! ECharts formats tooltips, point labels and axis ticks with JavaScript functions, which JSON cannot carry. A
//! [`ChartSpec`] therefore travels with the texts already written in the reader's language (`tips`, `labels`)
//! and the kind of number each axis shows ([`AxisFormat`]); the app's ECharts binding installs small functions that
//! look those texts up or call [`format_axis`].

use crate::format;
use crate::i18n::{t, Lang, Msg};
use crate::model::{Bound, Measure, Observation};
use crate::query::Db;
use crate::state::ExplorerState;
use charming::component::{Axis, Grid, Legend};
use charming::datatype::{CompositeValue, DataPoint, DataPointItem};
use charming::element::{
    AxisType, BorderType, ItemStyle, Label, LabelPosition, LineStyle, Sampling, Symbol, Tooltip, Trigger,
};
use charming::series::Line;
use charming::Chart;
use layout::{legend_height, obj, Band, LabelSpot};
use serde_json::Value as Json;

mod axis;
mod frame;
pub mod layout;
mod ranking;
mod ratings;
mod ratings_time;
pub use axis::{time_position, YearAxis, YEAR_TICKS_MAX};
pub use frame::{ExportFrame, EXPORT_FOOT, EXPORT_HEAD, EXPORT_WIDTH};
pub use ranking::{bar_chart, bar_data, bar_option, BarData, BarItem};
pub use ratings::{category_chart, category_data, category_option, CategoryData, CategoryItem};
pub use ratings_time::{category_time_chart, category_time_data, category_time_option, CategoryTimeData};

/// Series colours, distinguishable and readable on white (after Our World in Data's palette).
pub const PALETTE: [&str; 10] = crate::palette::SERIES;

/// Most points of a line that get a value label; longer lines (a reader's file, synthetic data) rely on the tooltip.
pub const LABELS_MAX: usize = 30;

/// Height in pixels of the line chart.
pub const LINE_HEIGHT: u32 = 380;

/// Most points of a line drawn with a symbol.
pub const SYMBOLS_MAX: usize = 300;

/// Above this many points, a line's points carry no tooltip text of their own: the tooltip shows the line's name,
/// value and date, written when hovered (see the app's ECharts bindings). Writing 40,000 tooltips up front took
/// most of the time of drawing a reader's large sheet.
pub const TIPS_MAX: usize = 2_000;

/// Colours of rating categories, best to worst.
pub const CATEGORY_COLORS: [&str; 4] = crate::palette::CATEGORIES;

/// How an axis writes its tick values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisFormat {
    /// Leave ECharts' own text (category names).
    Plain,
    /// Whole years only (`2013`); fractional ticks are left blank.
    Year,
    /// Numbers in the reader's language (`1.437`).
    Number,
    /// Percentages in the reader's language (`68,6%`).
    Percent,
}

/// Writes an axis tick value.
pub fn format_axis(value: f64, format: AxisFormat, lang: Lang) -> String {
    match format {
        AxisFormat::Plain => format::number(value, None, lang),
        AxisFormat::Year => format::axis_year(value),
        AxisFormat::Number => format::number(value, None, lang),
        AxisFormat::Percent => format::percent(value, lang),
    }
}

/// A chart ready for ECharts, with the texts its JavaScript formatters look up.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// The ECharts option as JSON.
    pub option: Json,
    /// Tooltip HTML per series and data index (already escaped).
    pub tips: Vec<Vec<String>>,
    /// Point label text per series and data index (empty string: no label).
    pub labels: Vec<Vec<String>>,
    /// Format of the x axis ticks.
    pub x_axis: AxisFormat,
    /// Format of the y axis ticks.
    pub y_axis: AxisFormat,
    /// Language the texts are in.
    pub lang: Lang,
    /// A sentence describing the chart for screen readers.
    pub summary: String,
    /// Suggested height in pixels (a ranking grows with its bars).
    pub height: u32,
}

impl ChartSpec {
    /// Number of series in the option.
    pub fn series_count(&self) -> usize {
        self.option.get("series").and_then(Json::as_array).map_or(0, Vec::len)
    }
}

/// Escapes text for the HTML of a tooltip.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Tooltip for one figure: series name, period, value and source title.
pub(crate) fn figure_tip(db: &Db, title: &str, o: &Observation, measure: Measure, lang: Lang) -> String {
    let mut lines = vec![format!("<b>{}</b>", escape_html(title))];
    let value = format::value(&o.value, measure, o.bound, lang);
    lines.push(format!("{}: <b>{}</b>", escape_html(&format::period(&o.period, o.approximate, lang)), value));
    if let Some(d) = &o.derived {
        lines.push(format!("<i>{}: {}</i>", t(Msg::Derived, lang), escape_html(d)));
    }
    if let Some(s) = db.source(&o.source) {
        lines.push(format!("{}: {}", t(Msg::Source, lang), escape_html(&truncate(&s.title, 70))));
    }
    lines.join("<br>")
}

/// Cuts a text to at most `max` characters, ending with "…" when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// How an uncertain figure (approximate date, or a bound) is drawn: hollow, with a dashed outline in its colour.
pub(crate) fn uncertain_style(color: &str) -> ItemStyle {
    ItemStyle::new()
        .color(crate::palette::ESTIMATE_FILL)
        .border_color(color)
        .border_width(2)
        .border_type(BorderType::Dashed)
}

pub(crate) fn axis_format(measure: Measure) -> AxisFormat {
    if measure == Measure::Percent {
        AxisFormat::Percent
    } else {
        AxisFormat::Number
    }
}

pub(crate) fn to_json(chart: &Chart) -> Json {
    serde_json::to_value(chart).unwrap_or(Json::Null)
}

// ------------------------------------------------------------------------------------------------ line chart

/// One point of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePoint {
    /// Position on the time axis (fractional year).
    pub x: f64,
    /// Value.
    pub y: f64,
    /// The date is approximate or the value a bound: drawn hollow with a dashed outline.
    pub uncertain: bool,
    /// Tooltip HTML.
    pub tip: String,
    /// Label text.
    pub label: String,
    /// The figure's period as written ("2013", "12/2013"), for the chart's description.
    pub when: String,
}

/// One line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Legend name.
    pub name: String,
    /// Points in time order.
    pub points: Vec<LinePoint>,
}

/// View model of the line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct LineData {
    /// Lines, one per shown place and selected indicator.
    pub series: Vec<LineSeries>,
    /// Measure of the indicators.
    pub measure: Measure,
    /// Language of the texts.
    pub lang: Lang,
    /// Whether charts animate.
    pub animate: bool,
}

/// Data step of the line chart: one line per shown place and numeric selected indicator.
pub fn line_data(db: &Db, state: &ExplorerState) -> LineData {
    let lang = state.lang;
    let places = db.shown_places(state);
    let indicators: Vec<_> = state.indicators.iter().filter_map(|i| db.indicator(i)).collect();
    let measure = indicators.first().map_or(Measure::Count, |i| i.measure);
    let mut series = Vec::new();
    for ind in indicators.iter().filter(|i| i.measure == measure) {
        for place in &places {
            let name = match (indicators.len(), places.len()) {
                (1, _) => place.name(lang),
                (_, 1) => ind.name.get(lang).to_string(),
                _ => format!("{} — {}", place.name(lang), ind.name.get(lang)),
            };
            let figures: Vec<_> = db
                .figures(state, &ind.id, place.lineage)
                .into_iter()
                .filter(|o| o.value.as_number().is_some())
                .collect();
            let n = figures.len();
            // A long line (a reader's sheet) gets no per-point texts: labels are not drawn past LABELS_MAX (the
            // first and last still feed the summary) and tooltips past TIPS_MAX are written on hover instead.
            let points: Vec<LinePoint> = figures
                .into_iter()
                .enumerate()
                .filter_map(|(i, o)| {
                    let y = o.value.as_number()?;
                    let labelled = n <= LABELS_MAX || i == 0 || i + 1 == n;
                    Some(LinePoint {
                        x: round4(time_position(&o.period)),
                        y,
                        uncertain: o.approximate || o.bound.is_some(),
                        tip: if n <= TIPS_MAX { figure_tip(db, &name, o, measure, lang) } else { String::new() },
                        label: if labelled { format::value(&o.value, measure, o.bound, lang) } else { String::new() },
                        when: if labelled { format::period(&o.period, o.approximate, lang) } else { String::new() },
                    })
                })
                .collect();
            if !points.is_empty() {
                series.push(LineSeries { name, points });
            }
        }
    }
    LineData { series, measure, lang, animate: state.animate }
}

/// Most points one line sends to ECharts. A longer line (only a reader's own sheet has one) is thinned by
/// [`thin`]; the table, the sources and the CSV download still have every figure.
pub const POINTS_MAX: usize = 4_000;

/// The points of a line worth drawing, by index: all of them up to [`POINTS_MAX`]; past that, the line is cut
/// into `POINTS_MAX / 4` runs of consecutive points and each run keeps its first, lowest, highest and last point,
/// so peaks and dips survive and the drawn shape matches the full line at chart width.
pub fn thin(points: &[LinePoint]) -> Vec<usize> {
    if points.len() <= POINTS_MAX {
        return (0..points.len()).collect();
    }
    let runs = POINTS_MAX / 4;
    let len = points.len().div_ceil(runs);
    let mut keep = Vec::with_capacity(POINTS_MAX);
    for start in (0..points.len()).step_by(len) {
        let end = (start + len).min(points.len());
        let by_y = |a: &usize, b: &usize| points[*a].y.total_cmp(&points[*b].y);
        let lowest = (start..end).min_by(by_y).unwrap_or(start);
        let highest = (start..end).max_by(by_y).unwrap_or(start);
        let mut four = [start, lowest, highest, end - 1];
        crate::sort::sort(&mut four);
        for i in four {
            if keep.last() != Some(&i) {
                keep.push(i);
            }
        }
    }
    keep
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Option step of the line chart.
pub fn line_option(data: &LineData) -> ChartSpec {
    let lang = data.lang;
    let (mut xmin, mut xmax) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in data.series.iter().flat_map(|s| &s.points) {
        xmin = xmin.min(p.x);
        xmax = xmax.max(p.x);
    }
    let time = YearAxis::new(xmin, xmax);
    let mut chart = Chart::new()
        .animation(data.animate)
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(Grid::new().left(16).right(16).top(28).bottom(12).contain_label(true))
        .y_axis(Axis::new().type_(AxisType::Value).min(0));
    let names: Vec<String> = data.series.iter().map(|s| s.name.clone()).collect();
    if names.len() > 1 {
        chart = chart.legend(Legend::new().bottom(0).data(names.clone()));
    }
    // Points each line sends to ECharts (all of them, unless the line is longer than POINTS_MAX).
    let kept: Vec<Vec<usize>> = data.series.iter().map(|s| thin(&s.points)).collect();
    for (i, s) in data.series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points: Vec<DataPoint> = kept[i]
            .iter()
            .map(|&k| &s.points[k])
            .map(|p| {
                let value = CompositeValue::Array(vec![p.x.into(), p.y.into()]);
                if p.uncertain {
                    DataPoint::Item(DataPointItem::new(value).item_style(uncertain_style(color)))
                } else {
                    // A plain `[x, y]` pair: smaller to write, send and read than an object per point.
                    DataPoint::Value(value)
                }
            })
            .collect();
        let mut line = Line::new();
        if s.points.len() > TIPS_MAX {
            // ECharts draws a long line from a downsampled copy that keeps its shape (largest-triangle buckets).
            line = line.sampling(Sampling::Lttb);
        }
        chart = chart.series(
            line.name(s.name.clone())
                .symbol(Symbol::Circle)
                .symbol_size(9)
                .line_style(LineStyle::new().width(2.5).color(color))
                .item_style(ItemStyle::new().color(color))
                .show_symbol(s.points.len() <= SYMBOLS_MAX)
                .label(
                    Label::new()
                        .show(s.points.len() <= LABELS_MAX)
                        .position(LabelPosition::Top)
                        .color(crate::palette::SERIES_TEXT[i % PALETTE.len()]),
                )
                .data(points),
        );
    }
    let summary = summarise(
        lang,
        &data
            .series
            .iter()
            .map(|s| {
                let said = |p: &LinePoint| format!("{} ({})", p.label, p.when);
                let labels: Vec<String> = if s.points.len() > LABELS_MAX {
                    let (first, last) = (&s.points[0], &s.points[s.points.len() - 1]);
                    vec![said(first), "…".to_string(), said(last)]
                } else {
                    s.points.iter().map(said).collect()
                };
                (s.name.as_str(), labels)
            })
            .collect::<Vec<_>>(),
    );
    let labels: Vec<Vec<String>> =
        data.series.iter().zip(&kept).map(|(s, k)| k.iter().map(|&i| s.points[i].label.clone()).collect()).collect();
    ChartSpec {
        option: line_layout(to_json(&chart), &time, &names, &labels),
        tips: data
            .series
            .iter()
            .zip(&kept)
            .map(|(s, k)| k.iter().map(|&i| s.points[i].tip.clone()).collect())
            .collect(),
        labels,
        x_axis: AxisFormat::Year,
        y_axis: axis_format(data.measure),
        lang,
        summary,
        height: LINE_HEIGHT,
    }
}

fn summarise(lang: Lang, series: &[(&str, Vec<String>)]) -> String {
    if series.is_empty() {
        return t(Msg::NoData, lang).to_string();
    }
    series.iter().map(|(name, values)| format!("{name}: {}", values.join(", "))).collect::<Vec<_>>().join("; ")
}

/// The line chart's option finished: its time axis ([`YearAxis`]), the labels of the points at either end of the
/// axis turned inwards (they would cross the y axis or leave the chart), and the room its legend needs at each
/// width ([`layout::responsive`]).
fn line_layout(mut option: Json, time: &YearAxis, names: &[String], labels: &[Vec<String>]) -> Json {
    option["xAxis"] = time.option();
    let bottom = |band: Band| if names.len() > 1 { legend_height(names, band.plan_width()) + 8.0 } else { 12.0 };
    // Within 8 % of the axis from an end: a centred label would reach past it.
    let near = (time.max - time.min) * 0.08;
    let mut spots: Vec<(usize, usize, LabelSpot)> = Vec::new();
    let mut top = 0f64;
    for (i, series) in option["series"].as_array_mut().into_iter().flatten().enumerate() {
        for (k, point) in series["data"].as_array_mut().into_iter().flatten().enumerate() {
            let xy = if point.is_array() { &*point } else { &point["value"] };
            let (Some(x), Some(y)) = (xy[0].as_f64(), xy[1].as_f64()) else { continue };
            top = top.max(y);
            let align = match x {
                x if x - time.min < near => -1,
                x if time.max - x < near => 1,
                _ => 0,
            };
            let text = labels.get(i).and_then(|l| l.get(k)).map_or("", String::as_str);
            if !text.is_empty() {
                spots.push((i, k, LabelSpot { x, y, width: layout::text_width(text, 12.0), align }));
            }
        }
    }
    // Labels of points close together (a year of monthly figures) would print over each other: the ends of each
    // line are placed first, then the others where they fit on a phone; the tooltip still has every value.
    let ends = |&(i, k, _): &(usize, usize, LabelSpot)| k == 0 || labels.get(i).is_some_and(|l| k + 1 == l.len());
    let order: Vec<&(usize, usize, LabelSpot)> =
        spots.iter().filter(|s| ends(s)).chain(spots.iter().filter(|s| !ends(s))).collect();
    let plot = (Band::Narrow.plan_width() - 80.0, f64::from(LINE_HEIGHT) - 28.0 - bottom(Band::Narrow) - 24.0);
    let fit = layout::labels_that_fit(
        &order.iter().map(|s| s.2).collect::<Vec<_>>(),
        (time.min, time.max),
        (0.0, layout::nice_top(top)),
        plot,
    );
    let series = option["series"].as_array_mut();
    let points: Vec<&mut Json> = series.into_iter().flatten().map(|s| &mut s["data"]).collect();
    let mut points = points;
    for (&&(i, k, spot), shown) in order.iter().zip(fit) {
        let Some(point) = points.get_mut(i).and_then(|d| d.get_mut(k)) else { continue };
        if spot.align == 0 && shown {
            continue;
        }
        if point.is_array() {
            *point = obj([("value", point.take())]);
        }
        point["label"] = if shown {
            obj([("align", if spot.align < 0 { "left" } else { "right" }.into())])
        } else {
            obj([("show", false.into())])
        };
    }
    if let Some(grid) = layout::component_mut(&mut option, "grid") {
        grid["bottom"] = bottom(Band::Wide).into();
    }
    layout::responsive(
        &mut option,
        [Band::Narrow, Band::Medium].map(|band| (band, obj([("grid", obj([("bottom", bottom(band).into())]))]))),
    );
    option
}

/// The line chart for the state.
pub fn line_chart(db: &Db, state: &ExplorerState) -> ChartSpec {
    line_option(&line_data(db, state))
}

/// Whether a bound makes a value uncertain (helper kept public for the table view).
pub fn is_uncertain(o: &Observation) -> bool {
    o.approximate || matches!(o.bound, Some(Bound::Lower | Bound::Approx))
}

#[cfg(test)]
pub(crate) mod tests;
