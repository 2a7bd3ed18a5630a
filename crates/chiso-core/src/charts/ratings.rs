//! Rating indicators: how many places were rated in each category, for one year.

use super::layout::{self, obj, Band};
use super::{escape_html, to_json, AxisFormat, ChartSpec, CATEGORY_COLORS};
use crate::i18n::{t, Lang, Msg};
use crate::query::Db;
use crate::state::ExplorerState;
use charming::component::{Axis, Grid};
use charming::datatype::{DataPoint, DataPointItem};
use charming::element::{AxisType, ItemStyle, Label, LabelPosition, Tooltip, Trigger};
use charming::series::Bar;
use charming::Chart;
use serde_json::Value as Json;

/// One category column: how many places were rated so, and which.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryItem {
    /// Category code.
    pub code: String,
    /// Short label in the reader's language.
    pub label: String,
    /// Number of places.
    pub count: usize,
    /// Tooltip HTML listing the places.
    pub tip: String,
}

/// View model of a count per category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryData {
    /// Categories in rank order.
    pub items: Vec<CategoryItem>,
    /// Year counted.
    pub year: Option<i32>,
    /// Language.
    pub lang: Lang,
    /// Whether charts animate.
    pub animate: bool,
}

/// Data step of a rating chart.
pub fn category_data(db: &Db, state: &ExplorerState) -> CategoryData {
    let lang = state.lang;
    let items = db
        .category_counts(state)
        .into_iter()
        .map(|(c, places)| {
            let names: Vec<String> = places.iter().map(|p| escape_html(&p.name(lang))).collect();
            let tip = format!(
                "<b>{}</b> ({})<br>{}: {}{}",
                escape_html(c.label.get(lang)),
                c.code,
                t(Msg::CountPerCategory, lang),
                places.len(),
                if names.is_empty() { String::new() } else { format!("<br>{}", names.join("<br>")) }
            );
            CategoryItem { code: c.code.clone(), label: c.short.get(lang).to_string(), count: places.len(), tip }
        })
        .collect();
    CategoryData { items, year: db.ranking_year(state), lang, animate: state.animate }
}

/// Option step of a rating chart: one column per category, in the category's colour.
pub fn category_option(data: &CategoryData) -> ChartSpec {
    let chart = Chart::new()
        .animation(data.animate)
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(Grid::new().left(16).right(16).top(28).bottom(16).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Category).data(data.items.iter().map(|c| c.label.clone()).collect()))
        .y_axis(Axis::new().type_(AxisType::Value).min(0).min_interval(1))
        .series(
            Bar::new()
                .name(t(Msg::CountPerCategory, data.lang))
                .bar_width(56)
                .label(Label::new().show(true).position(LabelPosition::Top))
                .data(
                    data.items
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            DataPoint::Item(
                                DataPointItem::new(c.count as i64)
                                    .name(c.label.clone())
                                    .item_style(ItemStyle::new().color(CATEGORY_COLORS[i.min(3)])),
                            )
                        })
                        .collect::<Vec<_>>(),
                ),
        );
    let counts = data.items.iter().map(|c| format!("{}: {}", c.label, c.count)).collect::<Vec<_>>().join("; ");
    let summary = match data.year {
        Some(y) if !data.items.is_empty() => format!("{y} — {counts}"),
        _ => counts,
    };
    // Every category is named under its column, wrapped to the column's width (ECharts hid every other name on a
    // phone).
    let mut option = to_json(&chart);
    let n = data.items.len().max(1) as f64;
    let names = |band: Band| {
        obj([
            ("interval", 0.into()),
            ("width", ((band.plan_width() - 40.0) / n - 6.0).floor().into()),
            ("overflow", "break".into()),
            ("lineHeight", 14.into()),
        ])
    };
    if let Some(x) = layout::component_mut(&mut option, "xAxis") {
        x["axisLabel"] = names(Band::Wide);
    }
    let column = |band: Band| ((band.plan_width() - 40.0) / n * 0.6).clamp(16.0, 56.0);
    layout::responsive(
        &mut option,
        [Band::Narrow, Band::Medium].map(|band| {
            let list = |item: Json| Json::Array(vec![item]);
            let rule = obj([
                ("xAxis", list(obj([("axisLabel", names(band))]))),
                ("series", list(obj([("barWidth", column(band).into())]))),
            ]);
            (band, rule)
        }),
    );
    ChartSpec {
        option,
        tips: vec![data.items.iter().map(|c| c.tip.clone()).collect()],
        labels: vec![data.items.iter().map(|c| c.count.to_string()).collect()],
        x_axis: AxisFormat::Plain,
        y_axis: AxisFormat::Number,
        lang: data.lang,
        summary,
        height: 320,
    }
}

/// The rating chart for the state.
pub fn category_chart(db: &Db, state: &ExplorerState) -> ChartSpec {
    category_option(&category_data(db, state))
}
