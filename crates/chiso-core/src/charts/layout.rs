//! How a chart fits its width: the room its legend takes, and the rules ECharts applies on narrow screens.
//!
//! A chart option is built once, for every width it may be drawn at (a phone inside an article at 300–360 px, a
//! tablet, a desktop, an exported image 1000 px wide). ECharts' `media` queries pick the rules of the width the
//! chart actually has, when it is drawn and whenever it is resized, also in the SVG drawn at build time. Every chart
//! builder ends with [`responsive`]; [`Band`] says which widths a rule is for.

use serde_json::Value as Json;

/// A band of chart widths, with the width the layout is planned for (its narrowest: nothing overflows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// A phone, or a narrow column of an article: under 480 px.
    Narrow,
    /// A tablet, or the app beside an open panel: 480–799 px.
    Medium,
    /// A desktop or an exported image: 800 px and more (the option's base rules).
    Wide,
}

impl Band {
    /// Every band, narrowest first.
    pub const ALL: [Band; 3] = [Band::Narrow, Band::Medium, Band::Wide];

    /// The largest chart width of the band, for its `media` query (`None`: no limit).
    pub fn max_width(self) -> Option<u32> {
        match self {
            Band::Narrow => Some(479),
            Band::Medium => Some(799),
            Band::Wide => None,
        }
    }

    /// The chart width a layout of the band is planned for: its narrowest (a 320 px article column less margins).
    pub fn plan_width(self) -> f64 {
        match self {
            Band::Narrow => 296.0,
            Band::Medium => 480.0,
            Band::Wide => 800.0,
        }
    }
}

/// Width in pixels of a text of ECharts' default 12 px sans-serif, a little generous (Vietnamese diacritics
/// included), so a planned layout errs on the side of room.
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            ' ' | 'i' | 'l' | 'j' | 'í' | 'ì' | 'ỉ' | 'ĩ' | 'ị' | 'I' | '.' | ',' | ':' | ';' | '(' | ')' => 0.3,
            'm' | 'w' | 'M' | 'W' | '%' => 0.9,
            c if c.is_uppercase() || c.is_ascii_digit() => 0.62,
            _ => 0.55,
        })
        .sum::<f64>()
        * font_px
}

/// Height of one row of a plain legend (14 px icons and text) plus the gap to the next row.
const LEGEND_ROW: f64 = 24.0;

/// How many rows a plain legend of these names takes at a chart width (ECharts wraps it).
pub fn legend_rows(names: &[String], width: f64) -> usize {
    let room = width - 10.0;
    let mut rows = 1;
    let mut x = 0.0;
    for name in names {
        // Icon 25 px, 5 px to the text, 10 px to the next item.
        let w = 25.0 + 5.0 + text_width(name, 12.0) + 10.0;
        if x > 0.0 && x + w > room {
            rows += 1;
            x = 0.0;
        }
        x += w;
    }
    rows
}

/// Height in pixels of a plain legend of these names at a chart width, with its padding.
pub fn legend_height(names: &[String], width: f64) -> f64 {
    legend_rows(names, width) as f64 * LEGEND_ROW + 2.0
}

/// A value label to place: its point on the chart (x and y in data units), its text's width in pixels and how it
/// is aligned on the point (-1 left of it, 0 centred, 1 right of it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelSpot {
    /// Position on the x axis.
    pub x: f64,
    /// Position on the y axis.
    pub y: f64,
    /// Width of the text in pixels.
    pub width: f64,
    /// -1: the text starts at the point; 0: centred on it; 1: it ends at the point.
    pub align: i8,
}

/// Which labels to write so none covers another, for a plot of `plot` pixels (width, height) showing `x` and `y`
/// (data ranges): labels go above their points, the ones listed first (the ends of each line) are placed first and
/// a later one that would touch a placed one is dropped. Planned for a phone's plot, the narrowest: a label
/// written there fits everywhere.
pub fn labels_that_fit(spots: &[LabelSpot], x: (f64, f64), y: (f64, f64), plot: (f64, f64)) -> Vec<bool> {
    let scale = |v: f64, (lo, hi): (f64, f64), px: f64| if hi > lo { (v - lo) / (hi - lo) * px } else { px / 2.0 };
    let boxes: Vec<[f64; 4]> = spots
        .iter()
        .map(|s| {
            let (px, py) = (scale(s.x, x, plot.0), plot.1 - scale(s.y, y, plot.1));
            let left = px - s.width * (f64::from(s.align) + 1.0) / 2.0 - 2.0;
            [left, py - 24.0, left + s.width + 4.0, py - 6.0]
        })
        .collect();
    let mut placed: Vec<usize> = Vec::new();
    let mut keep = vec![false; spots.len()];
    for (i, b) in boxes.iter().enumerate() {
        let clear = placed.iter().all(|&j| {
            let o = &boxes[j];
            b[2] <= o[0] || o[2] <= b[0] || b[3] <= o[1] || o[3] <= b[1]
        });
        if clear {
            placed.push(i);
            keep[i] = true;
        }
    }
    keep
}

/// The top of a value axis from 0 to `max` as ECharts rounds it: a multiple of a "nice" step (1, 2, 3, 5 × 10ⁿ)
/// of about a fifth of the data's top.
pub fn nice_top(max: f64) -> f64 {
    if !(max.is_finite() && max > 0.0) {
        return 1.0;
    }
    let raw = max / 5.0;
    // The power of ten at or below `raw`, by steps (no `powf`/`log10` to carry in the wasm).
    let mut exp = 1.0;
    while exp * 10.0 <= raw {
        exp *= 10.0;
    }
    while exp > raw {
        exp /= 10.0;
    }
    let f = raw / exp;
    let nice = if f < 1.5 {
        1.0
    } else if f < 2.5 {
        2.0
    } else if f < 4.0 {
        3.0
    } else if f < 7.0 {
        5.0
    } else {
        10.0
    };
    let step = nice * exp;
    (max / step).ceil() * step
}

/// A JSON object of these keys and values: lighter in the app's wasm than `serde_json::json!`, which serialises
/// every value through serde.
pub fn obj<const N: usize>(pairs: [(&str, Json); N]) -> Json {
    object(&mut pairs.into_iter())
}

/// The one body of [`obj`] (collecting into a map would sort the pairs: a sort compiled for every length).
fn object(pairs: &mut dyn Iterator<Item = (&str, Json)>) -> Json {
    let mut map = serde_json::Map::new();
    for (k, v) in pairs {
        map.insert(k.to_string(), v);
    }
    Json::Object(map)
}

/// Adds the rules of the narrower bands to an option as ECharts `media` queries: `rules` gives a partial option per
/// band (merged over the base option when the chart is that narrow); the base option is the wide layout.
pub fn responsive<const N: usize>(option: &mut Json, rules: [(Band, Json); N]) {
    // ECharts applies every matching query in order: the medium rules first, the narrow ones over them.
    let media: Vec<Json> = [Band::Medium, Band::Narrow]
        .into_iter()
        .flat_map(|band| rules.iter().filter(move |(b, _)| *b == band))
        .filter_map(|(band, rule)| band.max_width().map(|w| (w, rule)))
        .map(|(w, rule)| obj([("query", obj([("maxWidth", w.into())])), ("option", rule.clone())]))
        .collect();
    if !media.is_empty() {
        option["media"] = Json::Array(media);
    }
}

/// The option a chart has at a width: its base merged with every `media` rule whose query the width meets, as
/// ECharts merges them (objects key by key, anything else replaced). For tests of what a narrow chart shows.
pub fn at_width(option: &Json, width: u32) -> Json {
    let mut out = option.clone();
    if let Some(map) = out.as_object_mut() {
        map.remove("media");
    }
    for m in option["media"].as_array().into_iter().flatten() {
        if m["query"]["maxWidth"].as_u64().is_some_and(|max| u64::from(width) <= max) {
            merge(&mut out, &m["option"]);
        }
    }
    out
}

/// The first (or only) component of a kind in an option, e.g. `grid` written as `[{…}]` or `{…}`.
pub fn component_mut<'a>(option: &'a mut Json, key: &str) -> Option<&'a mut Json> {
    match option.get_mut(key)? {
        Json::Array(items) => items.first_mut(),
        item @ Json::Object(_) => Some(item),
        _ => None,
    }
}

fn merge(base: &mut Json, patch: &Json) {
    match (base, patch) {
        (Json::Object(b), Json::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(Json::Null), v);
            }
        }
        // A component given as a list (charming writes `grid: [{…}]`) is merged item by item, as ECharts does;
        // plain data arrays are replaced.
        (Json::Array(b), Json::Array(p)) if p.iter().all(Json::is_object) && b.iter().all(Json::is_object) => {
            for (i, v) in p.iter().enumerate() {
                match b.get_mut(i) {
                    Some(item) => merge(item, v),
                    None => b.push(v.clone()),
                }
            }
        }
        (Json::Array(b), p @ Json::Object(_)) if b.first().is_some_and(Json::is_object) => merge(&mut b[0], p),
        (b, p) => *b = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn two_long_indicator_names_fill_one_legend_row_on_a_desktop_and_two_on_a_phone() {
        let names = vec!["Tổ chức đảng trong sạch vững mạnh".to_string(), "Tổ chức đảng yếu kém".to_string()];
        assert_eq!(legend_rows(&names, Band::Wide.plan_width()), 1);
        assert_eq!(legend_rows(&names, Band::Narrow.plan_width()), 2);
    }

    #[test]
    fn of_labels_crowded_on_a_phone_the_first_placed_stay_and_the_ones_they_would_touch_give_way() {
        let spot = |x: f64, y: f64| LabelSpot { x, y, width: 42.0, align: 0 };
        // Monthly figures of one year on an axis of 75 years: all within a few pixels.
        let spots = [spot(1950.0, 48.0), spot(2025.9, 200.0), spot(2025.5, 202.0), spot(2025.4, 150.0)];
        let keep = labels_that_fit(&spots, (1948.0, 2028.0), (0.0, 250.0), (220.0, 280.0));
        assert_eq!(
            keep,
            [true, true, false, true],
            "the one just beside the last is dropped; 150 is well below, it fits"
        );
        let apart = [spot(2001.0, 63.0), spot(2013.0, 68.6), spot(2001.0, 2.6), spot(2013.0, 0.1)];
        assert_eq!(labels_that_fit(&apart, (2000.5, 2013.5), (0.0, 70.0), (220.0, 280.0)), [true; 4]);
    }

    #[test]
    fn the_top_of_a_value_axis_is_rounded_like_echarts() {
        assert_eq!(nice_top(68.6), 70.0);
        assert_eq!(nice_top(202_357.0), 250_000.0);
        assert_eq!(nice_top(17.0), 18.0);
        assert_eq!(nice_top(0.13), 0.15);
    }

    #[test]
    fn the_narrow_rules_win_over_the_medium_ones_on_a_phone_and_neither_applies_on_a_desktop() {
        let mut option = json!({ "grid": { "bottom": 30, "left": 16 } });
        responsive(
            &mut option,
            [(Band::Narrow, json!({ "grid": { "bottom": 60 } })), (Band::Medium, json!({ "grid": { "bottom": 40 } }))],
        );
        assert_eq!(at_width(&option, 336)["grid"], json!({ "bottom": 60, "left": 16 }));
        assert_eq!(at_width(&option, 680)["grid"], json!({ "bottom": 40, "left": 16 }));
        assert_eq!(at_width(&option, 932)["grid"], json!({ "bottom": 30, "left": 16 }));
    }
}
