//! The ranking: the places of a level for one year, as horizontal bars, best at the top.

use super::layout::{self, obj, Band};
use super::{axis_format, figure_tip, to_json, uncertain_style, AxisFormat, ChartSpec, PALETTE};
use crate::format;
use crate::i18n::{t, Lang, Msg};
use crate::model::Measure;
use crate::query::Db;
use crate::state::ExplorerState;
use charming::component::{Axis, Grid};
use charming::datatype::{DataPoint, DataPointItem};
use charming::element::{AxisType, ItemStyle, Label, LabelPosition, SplitLine, Tooltip, Trigger};
use charming::series::Bar;
use charming::Chart;
use serde_json::Value as Json;

/// One bar of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct BarItem {
    /// Place name.
    pub name: String,
    /// Place lineage id (for drilling down).
    pub lineage: String,
    /// Value.
    pub value: f64,
    /// Drawn hollow: approximate date or a bound.
    pub uncertain: bool,
    /// Tooltip HTML.
    pub tip: String,
    /// Label text.
    pub label: String,
}

/// View model of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct BarData {
    /// Bars, best first.
    pub items: Vec<BarItem>,
    /// Year ranked.
    pub year: Option<i32>,
    /// Name of the indicator ranked (the primary one).
    pub ranked: String,
    /// Measure.
    pub measure: Measure,
    /// Language.
    pub lang: Lang,
    /// Whether charts animate.
    pub animate: bool,
}

/// Data step of the ranking.
pub fn bar_data(db: &Db, state: &ExplorerState) -> BarData {
    let lang = state.lang;
    let indicator = db.indicator(state.primary_indicator());
    let measure = indicator.map_or(Measure::Count, |i| i.measure);
    let ranked = indicator.map(|i| i.name.get(lang).to_string()).unwrap_or_default();
    let items = db
        .ranking(state)
        .into_iter()
        .map(|(place, o)| {
            let name = place.name(lang);
            BarItem {
                tip: figure_tip(db, &name, o, measure, lang),
                label: format::value(&o.value, measure, o.bound, lang),
                name,
                lineage: place.lineage.to_string(),
                value: o.value.as_number().unwrap_or(0.0),
                uncertain: o.approximate || o.bound.is_some(),
            }
        })
        .collect();
    BarData { items, year: db.ranking_year(state), ranked, measure, lang, animate: state.animate }
}

/// Option step of the ranking: horizontal bars, best at the top.
pub fn bar_option(data: &BarData) -> ChartSpec {
    let color = PALETTE[0];
    // Room right of the longest bar for its value label.
    let label_room = data.items.iter().map(|b| layout::text_width(&b.label, 12.0)).fold(24.0, f64::max).ceil() + 12.0;
    let chart = Chart::new()
        .animation(data.animate)
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(Grid::new().left(16).right(label_room).top(8).bottom(24).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Value).min(0).split_line(SplitLine::new().show(true)))
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(data.items.iter().map(|b| b.name.clone()).collect()),
        )
        .series(
            Bar::new()
                .name(data.year.map(|y| y.to_string()).unwrap_or_default())
                .bar_width(22)
                .item_style(ItemStyle::new().color(color))
                .label(Label::new().show(true).position(LabelPosition::Right))
                .data(
                    data.items
                        .iter()
                        .map(|b| {
                            let item = DataPointItem::new(b.value).name(b.name.clone());
                            DataPoint::Item(if b.uncertain { item.item_style(uncertain_style(color)) } else { item })
                        })
                        .collect::<Vec<_>>(),
                ),
        );
    let summary = data
        .items
        .iter()
        .map(|b| format!("{}: {}", b.name, b.label))
        .collect::<Vec<_>>()
        .join("; ")
        .chars()
        .take(2000)
        .collect::<String>();
    let when = data.year.map(|y| format!(", {y}")).unwrap_or_default();
    let summary = if data.items.is_empty() {
        t(Msg::NoData, data.lang).to_string()
    } else {
        format!("{}{when} — {summary}", data.ranked)
    };
    let mut option = to_json(&chart);
    // On a phone the names go above their bars, so the bars have the width: beside them, names of 15 letters took
    // 40 % of it. Fewer value ticks, so they do not run together.
    let list = |item: Json| Json::Array(vec![item]);
    let names_above = obj([
        ("inside", true.into()),
        ("verticalAlign", "bottom".into()),
        ("padding", vec![0, 0, 9, 0].into()),
        ("z", 3.into()),
    ]);
    let narrow = obj([
        ("grid", list(obj([("left", 8.into())]))),
        ("xAxis", list(obj([("splitNumber", 3.into())]))),
        ("yAxis", list(obj([("axisLabel", names_above), ("axisTick", obj([("show", false.into())]))]))),
        ("series", list(obj([("barWidth", 12.into())]))),
    ]);
    if let Some(x) = layout::component_mut(&mut option, "xAxis") {
        x["axisLabel"] = obj([("hideOverlap", true.into())]);
    }
    layout::responsive(&mut option, [(Band::Narrow, narrow)]);
    ChartSpec {
        option,
        tips: vec![data.items.iter().map(|b| b.tip.clone()).collect()],
        labels: vec![data.items.iter().map(|b| b.label.clone()).collect()],
        x_axis: axis_format(data.measure),
        y_axis: AxisFormat::Plain,
        lang: data.lang,
        summary,
        height: (data.items.len() as u32 * 30 + 60).clamp(160, 2400),
    }
}

/// The ranking for the state.
pub fn bar_chart(db: &Db, state: &ExplorerState) -> ChartSpec {
    bar_option(&bar_data(db, state))
}
