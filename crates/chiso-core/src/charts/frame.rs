//! A chart framed for an exported image: the title above, the source line below, room made for both, the
//! background painted. Built natively as option JSON, so an exported image is snapshot-tested like the screen.

use super::ChartSpec;
use serde_json::Value as Json;

/// Width in pixels of an exported chart image.
pub const EXPORT_WIDTH: u32 = 1000;
/// Room above an exported chart for its title, in pixels.
pub const EXPORT_HEAD: u32 = 64;
/// Room below an exported chart for its source line, in pixels.
pub const EXPORT_FOOT: u32 = 40;

/// What frames a chart in an exported image.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportFrame {
    /// Title drawn at the top.
    pub title: String,
    /// Source line drawn at the bottom.
    pub source: String,
    /// Drawn on the dark background, in light ink.
    pub dark: bool,
}

impl ChartSpec {
    /// The chart as drawn on the light or the dark page: on the dark page, value labels in a series colour take
    /// the lighter colour of [`crate::palette::SERIES_TEXT_DARK`] (the light one is too dim to read there).
    pub fn for_theme(&self, dark: bool) -> ChartSpec {
        let mut spec = self.clone();
        if dark {
            recolour_labels(&mut spec.option, false);
        }
        spec
    }

    /// The chart as an exported image draws it ([`EXPORT_WIDTH`] wide, [`EXPORT_HEAD`] + its height +
    /// [`EXPORT_FOOT`] high): the title above and the source line below as ECharts titles, grids moved down to make
    /// room, maps a little smaller, the legend above the source, no animation, the background painted.
    pub fn framed(&self, frame: &ExportFrame) -> ChartSpec {
        let ui = if frame.dark { crate::palette::DARK } else { crate::palette::LIGHT };
        let (ink, muted, bg) = (ui.ink, ui.muted, ui.bg);
        let (head, foot) = (f64::from(EXPORT_HEAD), f64::from(EXPORT_FOOT));
        let mut option = self.for_theme(frame.dark).option;
        option["animation"] = Json::Bool(false);
        option["backgroundColor"] = Json::from(bg);
        option["title"] = serde_json::json!([
            { "text": frame.title, "left": 16, "top": 14,
              "textStyle": { "fontSize": 18, "color": ink, "width": EXPORT_WIDTH - 32, "overflow": "truncate" } },
            { "text": frame.source, "left": 16, "bottom": 10,
              "textStyle": { "fontSize": 12, "fontWeight": "normal", "color": muted } }
        ]);
        let shift = |g: &mut Json| {
            for (key, extra) in [("top", head), ("bottom", foot)] {
                let old = g.get(key).and_then(Json::as_f64).unwrap_or(0.0);
                g[key] = Json::from(old + extra);
            }
        };
        match option.get_mut("grid") {
            Some(Json::Array(grids)) => grids.iter_mut().filter(|g| g.is_object()).for_each(shift),
            Some(g) if g.is_object() => shift(g),
            _ => {}
        }
        if let Some(Json::Array(series)) = option.get_mut("series") {
            for s in series.iter_mut().filter(|s| s.get("type").and_then(Json::as_str) == Some("map")) {
                s["layoutSize"] = Json::from("86%");
            }
        }
        if let Some(legend) = option.get_mut("legend").filter(|l| l.is_object()) {
            legend["bottom"] = Json::from(foot - 6.0);
        }
        ChartSpec { option, height: self.height + EXPORT_HEAD + EXPORT_FOOT, ..self.clone() }
    }
}

/// Replaces every label colour of [`crate::palette::SERIES_TEXT`] under `value` by its dark-page twin.
fn recolour_labels(value: &mut Json, in_label: bool) {
    use crate::palette::{SERIES_TEXT, SERIES_TEXT_DARK};
    match value {
        Json::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Json::String(colour) if in_label && key == "color" => {
                        if let Some(i) = SERIES_TEXT.iter().position(|c| c == colour) {
                            *colour = SERIES_TEXT_DARK[i].to_string();
                        }
                    }
                    _ => recolour_labels(v, in_label || key == "label"),
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|v| recolour_labels(v, in_label)),
        _ => {}
    }
}
