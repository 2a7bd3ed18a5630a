//! Rating indicators over time, the line tab of a rating: for every year with ratings, one column stacked from the
//! best category to the worst, each part as tall as the number of places rated so. The ranking tab counts one
//! year's categories side by side ([`super::category_chart`]); this one shows how the mix changes.

use super::layout::{self, legend_height, obj, Band};
use super::{category_data, AxisFormat, CategoryData, ChartSpec, CATEGORY_COLORS};
use crate::i18n::{t, Msg};
use crate::palette::CATEGORY_TEXT;
use crate::query::Db;
use crate::state::ExplorerState;
use serde_json::Value as Json;

/// View model of the ratings over time: one year's counts per category ([`CategoryData`]) per year, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTimeData {
    /// Each year with ratings in the chosen range, with its counts.
    pub years: Vec<CategoryData>,
    /// Whether charts animate.
    pub animate: bool,
    /// Language.
    pub lang: crate::i18n::Lang,
}

/// Data step: the counts per category of every year of the level with ratings, inside the chosen year range.
pub fn category_time_data(db: &Db, state: &ExplorerState) -> CategoryTimeData {
    let years = db
        .years_with_data(state.primary_indicator(), state.level)
        .into_iter()
        .filter(|y| state.year_in_range(*y))
        .map(|y| {
            let mut one = state.clone();
            one.year = Some(y);
            category_data(db, &one)
        })
        .filter(|d| d.items.iter().any(|c| c.count > 0))
        .collect();
    CategoryTimeData { years, animate: state.animate, lang: state.lang }
}

/// Option step: a column per year, stacked by category in the categories' colours, counts written inside.
pub fn category_time_option(data: &CategoryTimeData) -> ChartSpec {
    let lang = data.lang;
    let years: Vec<String> = data.years.iter().map(|d| d.year.map(|y| y.to_string()).unwrap_or_default()).collect();
    let categories: Vec<(String, String)> = data
        .years
        .first()
        .map(|d| d.items.iter().map(|c| (c.code.clone(), c.label.clone())).collect())
        .unwrap_or_default();
    let names: Vec<String> = categories.iter().map(|(_, label)| label.clone()).collect();
    let series: Vec<Json> = categories
        .iter()
        .enumerate()
        .map(|(i, (code, label))| {
            let counts: Vec<Json> = data.years.iter().map(|y| count(y, code).map_or(0, |c| c.count).into()).collect();
            obj([
                ("type", "bar".into()),
                ("name", label.as_str().into()),
                ("stack", "ratings".into()),
                ("barMaxWidth", 64.into()),
                (
                    "itemStyle",
                    obj([("color", CATEGORY_COLORS[i.min(3)].into()), ("borderColor", "transparent".into())]),
                ),
                (
                    "label",
                    obj([
                        ("show", true.into()),
                        ("position", "inside".into()),
                        ("color", CATEGORY_TEXT[i.min(3)].into()),
                        ("textBorderWidth", 0.into()),
                    ]),
                ),
                ("data", counts.into()),
            ])
        })
        .collect();
    let bottom = |band: Band| legend_height(&names, band.plan_width()) + 8.0;
    let list = |item: Json| Json::Array(vec![item]);
    let grid = obj([
        ("left", 16.into()),
        ("right", 16.into()),
        ("top", 16.into()),
        ("bottom", bottom(Band::Wide).into()),
        ("containLabel", true.into()),
    ]);
    let mut option = obj([
        ("animation", data.animate.into()),
        ("tooltip", obj([("trigger", "item".into())])),
        ("grid", list(grid)),
        ("legend", obj([("bottom", 0.into()), ("data", names.clone().into())])),
        ("xAxis", obj([("type", "category".into()), ("data", years.into())])),
        ("yAxis", obj([("type", "value".into()), ("min", 0.into()), ("minInterval", 1.into())])),
        ("series", series.into()),
    ]);
    layout::responsive(
        &mut option,
        [Band::Narrow, Band::Medium].map(|band| (band, obj([("grid", list(obj([("bottom", bottom(band).into())])))]))),
    );
    let per_year = |f: &dyn Fn(&CategoryData, &str) -> String| -> Vec<Vec<String>> {
        categories.iter().map(|(code, _)| data.years.iter().map(|y| f(y, code)).collect()).collect()
    };
    let tips = per_year(&|y, code| {
        let when = y.year.map(|y| format!(" — {y}")).unwrap_or_default();
        count(y, code).map(|c| c.tip.replacen("</b>", &format!("</b>{when}"), 1)).unwrap_or_default()
    });
    // A part with no place gets no label (a "0" would sit on the border of the next part).
    let labels =
        per_year(&|y, code| count(y, code).filter(|c| c.count > 0).map(|c| c.count.to_string()).unwrap_or_default());
    let summary = if data.years.is_empty() {
        t(Msg::NoData, lang).to_string()
    } else {
        data.years
            .iter()
            .map(|y| {
                let counts: Vec<String> = y.items.iter().map(|c| format!("{} {}", c.label, c.count)).collect();
                format!("{}: {}", y.year.map(|y| y.to_string()).unwrap_or_default(), counts.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    ChartSpec {
        option,
        tips,
        labels,
        x_axis: AxisFormat::Plain,
        y_axis: AxisFormat::Number,
        lang,
        summary,
        height: 340,
    }
}

/// The count of one category in one year's data.
fn count<'a>(year: &'a CategoryData, code: &str) -> Option<&'a super::CategoryItem> {
    year.items.iter().find(|c| c.code == code)
}

/// The ratings-over-time chart for the state.
pub fn category_time_chart(db: &Db, state: &ExplorerState) -> ChartSpec {
    category_time_option(&category_time_data(db, state))
}
