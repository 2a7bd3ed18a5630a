//! The one colour palette of Chỉ số: the page's colours (light, dark and print), the chart series, the rating
//! categories and the map's fills, as plain constants.
//!
//! The stylesheet takes them as CSS custom properties from `style/palette.css`, which [`css`] writes
//! (`cargo xtask palette`, also run by `cargo xtask data`; a test fails when the committed file is stale), and the
//! chart, map and image-export options take the same constants, so a colour is changed in one place.

/// The colours of the page in one theme. Each field is one CSS custom property (see [`Ui::vars`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    /// Body text; also the title of an exported image.
    pub ink: &'static str,
    /// Secondary text (hints, footnotes); also the source line of an exported image.
    pub muted: &'static str,
    /// Decorative separators (rows, panels); also the chart's grid lines.
    pub line: &'static str,
    /// Boundaries of inputs and buttons: ≥ 3:1 on `bg` and `panel`.
    pub control_line: &'static str,
    /// Page background; also the background of an exported image.
    pub bg: &'static str,
    /// Panels and table headers.
    pub panel: &'static str,
    /// Party red, used sparingly: rules and the primary button.
    pub accent: &'static str,
    /// Red text.
    pub accent_ink: &'static str,
    /// Text on `accent`.
    pub on_accent: &'static str,
    /// Links.
    pub link: &'static str,
    /// Focus ring: ≥ 3:1 on `bg` and `panel`.
    pub focus: &'static str,
    /// Background of chips (chosen places, filters).
    pub chip_bg: &'static str,
    /// Background of a chip under the pointer.
    pub chip_hover: &'static str,
    /// Background of notices (new version, warnings).
    pub notice_bg: &'static str,
    /// Border of notices.
    pub notice_line: &'static str,
    /// Background of error panels.
    pub error_bg: &'static str,
    /// Border of error panels.
    pub error_line: &'static str,
    /// Inside of a hollow marker (legend of estimated values).
    pub marker_fill: &'static str,
    /// Border of the map legend's swatches.
    pub swatch_line: &'static str,
    /// The hatch of the "no figure" swatch.
    pub hatch: &'static str,
    /// The cross hatch of the "not comparable" swatch.
    pub cross: &'static str,
    /// Loading skeleton, first shade.
    pub sk_1: &'static str,
    /// Loading skeleton, second shade.
    pub sk_2: &'static str,
    /// Behind dialogs and the drop overlay.
    pub backdrop: &'static str,
    /// Text and dashed border on `backdrop`.
    pub on_backdrop: &'static str,
    /// Shadow of dialogs.
    pub shadow: &'static str,
}

impl Ui {
    /// Every colour with the name of its CSS custom property (without `--`), in a fixed order.
    pub fn vars(&self) -> [(&'static str, &'static str); 26] {
        [
            ("ink", self.ink),
            ("muted", self.muted),
            ("line", self.line),
            ("control-line", self.control_line),
            ("bg", self.bg),
            ("panel", self.panel),
            ("accent", self.accent),
            ("accent-ink", self.accent_ink),
            ("on-accent", self.on_accent),
            ("link", self.link),
            ("focus", self.focus),
            ("chip-bg", self.chip_bg),
            ("chip-hover", self.chip_hover),
            ("notice-bg", self.notice_bg),
            ("notice-line", self.notice_line),
            ("error-bg", self.error_bg),
            ("error-line", self.error_line),
            ("marker-fill", self.marker_fill),
            ("swatch-line", self.swatch_line),
            ("hatch", self.hatch),
            ("cross", self.cross),
            ("sk-1", self.sk_1),
            ("sk-2", self.sk_2),
            ("backdrop", self.backdrop),
            ("on-backdrop", self.on_backdrop),
            ("shadow", self.shadow),
        ]
    }
}

/// The light page (the default). Text meets WCAG AA (≥ 4.5:1), control boundaries ≥ 3:1.
pub const LIGHT: Ui = Ui {
    ink: "#1d2733",
    muted: "#5b6675",
    line: "#d9dee5",
    control_line: "#7b8592",
    bg: "#ffffff",
    panel: "#f5f7fa",
    accent: "#a61e22",
    accent_ink: "#a61e22",
    on_accent: "#ffffff",
    link: "#1f5fa8",
    focus: "#a36a00",
    chip_bg: "#e8eef6",
    chip_hover: "#cfd9e6",
    notice_bg: "#fff8e1",
    notice_line: "#a8841a",
    error_bg: "#fdf0f0",
    error_line: "#c45a5a",
    marker_fill: "#ffffff",
    swatch_line: "#7b8592",
    hatch: "rgba(120, 133, 150, .6)",
    cross: "rgba(120, 133, 150, .9)",
    sk_1: "#eef1f5",
    sk_2: "#f7f9fb",
    backdrop: "rgba(16, 22, 30, .55)",
    on_backdrop: "#ffffff",
    shadow: "rgba(0, 0, 0, .35)",
};

/// The dark page (the reader's choice, or the system's before the app runs). Same contrasts as [`LIGHT`].
pub const DARK: Ui = Ui {
    ink: "#e6eaf0",
    muted: "#a5afbc",
    line: "#343e4a",
    control_line: "#7d8896",
    bg: "#13181f",
    panel: "#1c232c",
    accent: "#d04045",
    accent_ink: "#ff8f87",
    on_accent: "#ffffff",
    link: "#8cb8f2",
    focus: "#f0b429",
    chip_bg: "#24344a",
    chip_hover: "#30455f",
    notice_bg: "#2a2413",
    notice_line: "#9c7d26",
    error_bg: "#2d1719",
    error_line: "#c0646a",
    marker_fill: "#13181f",
    swatch_line: "#8a95a3",
    hatch: "rgba(120, 133, 150, .6)",
    cross: "rgba(120, 133, 150, .9)",
    sk_1: "#1c232c",
    sk_2: "#252d38",
    backdrop: "rgba(0, 0, 0, .7)",
    on_backdrop: "#ffffff",
    shadow: "rgba(0, 0, 0, .35)",
};

/// The printed page: black on white, whatever the screen's theme.
pub const PRINT: Ui = Ui {
    ink: "#000000",
    muted: "#333333",
    line: "#bbbbbb",
    control_line: "#666666",
    bg: "#ffffff",
    panel: "#ffffff",
    accent: "#000000",
    accent_ink: "#000000",
    link: "#000000",
    chip_bg: "#ffffff",
    notice_bg: "#ffffff",
    notice_line: "#666666",
    error_bg: "#ffffff",
    error_line: "#666666",
    marker_fill: "#ffffff",
    sk_1: "#ffffff",
    sk_2: "#ffffff",
    ..LIGHT
};

/// Series colours of charts, distinguishable and readable on white (after Our World in Data's palette).
pub const SERIES: [&str; 10] =
    ["#2c6fbb", "#c0392b", "#2e8b57", "#b8860b", "#7b4fa0", "#d35400", "#16a085", "#8e44ad", "#5d6d7e", "#a93226"];

/// The value labels of each series on the light page: its colour, darkened where needed to read at ≥ 4.5:1 on
/// [`LIGHT`]'s background and panels.
pub const SERIES_TEXT: [&str; 10] =
    ["#2c6fbb", "#c0392b", "#297d4e", "#8e6708", "#7b4fa0", "#bc4b00", "#117d68", "#8e44ad", "#5d6d7e", "#a93226"];

/// The value labels of each series on the dark page: its colour, lightened to read at ≥ 4.5:1 on [`DARK`]'s
/// background and panels (the series colours themselves are 2.4–3.5:1 there).
pub const SERIES_TEXT_DARK: [&str; 10] =
    ["#5d90cb", "#d27066", "#4d9c70", "#b8860b", "#a080bb", "#da6e26", "#16a085", "#ae78c4", "#828f9c", "#c67870"];

/// The contrast ratio of two `#rrggbb` colours after WCAG 2 (1 to 21); 1 for anything else.
pub fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(hex: &str) -> Option<f64> {
        let hex = hex.strip_prefix('#').filter(|h| h.len() == 6)?;
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
            Some(if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) })
        };
        Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
    }
    match (luminance(a), luminance(b)) {
        (Some(x), Some(y)) => (x.max(y) + 0.05) / (x.min(y) + 0.05),
        _ => 1.0,
    }
}

/// Colours of rating categories, best to worst.
pub const CATEGORIES: [&str; 4] = ["#1b7a3e", "#7fbf7b", "#f0b429", "#c0392b"];

/// Counts written inside the parts of a rating column, on each category's colour: ≥ 4.5:1 on it.
pub const CATEGORY_TEXT: [&str; 4] = ["#ffffff", "#1d2733", "#1d2733", "#ffffff"];

/// Fill of an estimated bar (drawn with a dashed border in the series colour).
pub const ESTIMATE_FILL: &str = "#ffffff";

/// Sequential colour ramp of numeric maps, light to dark (five classes at most).
pub const MAP_SEQUENTIAL: [&str; 5] = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

// The map's neutral fills are a translucent slate, so one colour reads on both pages: light grey on the light page,
// dark grey on the dark one, always quieter than the lightest class of [`MAP_SEQUENTIAL`] (an opaque near-white
// "no data" drowned the coloured units on the dark page).

/// Fill of a region without a figure (drawn with [`MAP_HATCH`]): #e1e6eb on the light page, #373f4a on the dark.
pub const MAP_NO_DATA: &str = "rgba(148,163,184,0.28)";

/// Fill of a region whose carried value is refused (drawn with [`MAP_CROSS`]).
pub const MAP_NOT_COMPARABLE: &str = "rgba(148,163,184,0.5)";

/// Fill of a commune outside the drilled-into district.
pub const MAP_OUTSIDE_FOCUS: &str = "rgba(148,163,184,0.1)";

/// Border of a commune outside the drilled-into district.
pub const MAP_OUTSIDE_FOCUS_BORDER: &str = "rgba(148,163,184,0.3)";

/// Fill of the region under the pointer.
pub const MAP_EMPHASIS: &str = "#f0b429";

/// Border between regions on the light page.
pub const MAP_BORDER: &str = "#ffffff";

/// Border between regions on the dark page: the page itself, so regions stand apart without a white mesh.
pub const MAP_BORDER_DARK: &str = DARK.bg;

/// Dashed border of a region whose value is carried over from an earlier unit.
pub const MAP_CARRIED_BORDER: &str = "#334155";

/// The hatch lines on [`MAP_NO_DATA`]: a mid grey, darker than the fill on the light page and lighter on the dark.
pub const MAP_HATCH: &str = "rgba(120,133,150,0.6)";

/// The cross hatch lines on [`MAP_NOT_COMPARABLE`].
pub const MAP_CROSS: &str = "rgba(120,133,150,0.9)";

/// Writes one rule: `selector {` + `color-scheme` + each custom property, indented by `indent`.
fn block(out: &mut String, indent: &str, selector: &str, scheme: &str, vars: &[(String, &str)]) {
    out.push_str(&format!("{indent}{selector} {{\n{indent}  color-scheme: {scheme};\n"));
    for (name, value) in vars {
        out.push_str(&format!("{indent}  --{name}: {value};\n"));
    }
    out.push_str(&format!("{indent}}}\n"));
}

/// The custom properties of a theme: its page colours, then the series, categories and map colours.
fn theme_vars(ui: &Ui) -> Vec<(String, &'static str)> {
    let mut vars: Vec<(String, &str)> = ui.vars().iter().map(|(n, v)| (n.to_string(), *v)).collect();
    vars.extend(SERIES.iter().enumerate().map(|(i, c)| (format!("series-{}", i + 1), *c)));
    vars.extend(CATEGORIES.iter().enumerate().map(|(i, c)| (format!("category-{}", i + 1), *c)));
    vars.extend(MAP_SEQUENTIAL.iter().enumerate().map(|(i, c)| (format!("map-{}", i + 1), *c)));
    vars.push(("map-no-data".into(), MAP_NO_DATA));
    vars.push(("map-not-comparable".into(), MAP_NOT_COMPARABLE));
    vars
}

/// The text of `style/palette.css`: the light theme on `:root`; the dark theme twice, on `:root[data-theme="dark"]`
/// (set by the app) and under `prefers-color-scheme: dark` on `:root:not([data-theme])` (the first paint, before
/// the app has set the attribute); the print theme last, so it wins on paper.
pub fn css() -> String {
    let mut out = String::from(
        "/* Generated from crates/chiso-core/src/palette.rs by `cargo xtask palette` (also run by `cargo xtask data`):\n   \
         edit the Rust constants, not this file (a test fails when it is stale). Loaded before style/main.css. */\n",
    );
    block(&mut out, "", ":root", "light", &theme_vars(&LIGHT));
    out.push_str("/* Dark: chosen by the reader (or resolved from the system) by the app… */\n");
    block(&mut out, "", ":root[data-theme=\"dark\"]", "dark", &theme_vars(&DARK));
    out.push_str("/* …and the same before the app has set data-theme (first paint). */\n");
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    block(&mut out, "  ", ":root:not([data-theme])", "dark", &theme_vars(&DARK));
    out.push_str("}\n@media print {\n");
    block(&mut out, "  ", ":root, :root[data-theme]", "light", &theme_vars(&PRINT));
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_colour(v: &str) -> bool {
        let hex = v.strip_prefix('#').is_some_and(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
        hex || (v.starts_with("rgba(") && v.ends_with(')'))
    }

    #[test]
    fn every_colour_is_a_six_digit_hex_or_an_rgba() {
        for ui in [LIGHT, DARK, PRINT] {
            for (name, v) in ui.vars() {
                assert!(is_colour(v), "{name}: {v}");
            }
        }
        let map = [MAP_NO_DATA, MAP_NOT_COMPARABLE, MAP_OUTSIDE_FOCUS, MAP_OUTSIDE_FOCUS_BORDER, MAP_EMPHASIS];
        for v in SERIES.iter().chain(&CATEGORIES).chain(&MAP_SEQUENTIAL).chain(&map) {
            assert!(is_colour(v), "{v}");
        }
        assert!([ESTIMATE_FILL, MAP_BORDER, MAP_BORDER_DARK, MAP_CARRIED_BORDER, MAP_HATCH, MAP_CROSS]
            .iter()
            .all(|v| is_colour(v)));
    }

    #[test]
    fn the_dark_theme_is_written_twice_and_print_comes_last() {
        let css = css();
        assert_eq!(css.matches("--ink: #e6eaf0;").count(), 2);
        assert_eq!(css.matches("--series-1: #2c6fbb;").count(), 4);
        let dark = css.find(":root[data-theme=\"dark\"] {").unwrap();
        let first_paint = css.find(":root:not([data-theme]) {").unwrap();
        let print = css.find("@media print").unwrap();
        assert!(css.starts_with("/* Generated") && css.find(":root {").unwrap() < dark);
        assert!(dark < first_paint && first_paint < print);
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }

    /// A colour as red, green, blue (0–255) and alpha (0–1).
    fn rgba(v: &str) -> [f64; 4] {
        if let Some(h) = v.strip_prefix('#') {
            let c = |i: usize| f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0));
            return [c(0), c(2), c(4), 1.0];
        }
        let inner = v.trim_start_matches("rgba(").trim_end_matches(')');
        let p: Vec<f64> = inner.split(',').map(|x| x.trim().parse().unwrap_or(0.0)).collect();
        [p[0], p[1], p[2], p[3]]
    }

    /// `top` painted over the opaque `under`.
    fn over(top: &str, under: [f64; 4]) -> [f64; 4] {
        let t = rgba(top);
        [0, 1, 2]
            .map(|i| t[i] * t[3] + under[i] * (1.0 - t[3]))
            .into_iter()
            .chain([1.0])
            .collect::<Vec<_>>()
            .try_into()
            .unwrap_or([0.0; 4])
    }

    /// WCAG relative luminance.
    fn luminance(c: [f64; 4]) -> f64 {
        let lin = |v: f64| {
            let s = v / 255.0;
            if s <= 0.03928 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    }

    /// The WCAG contrast of two composited colours (the public [`contrast`] reads `#rrggbb` texts).
    fn contrast_rgba(a: [f64; 4], b: [f64; 4]) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn the_map_without_data_is_quieter_than_every_class_and_its_hatch_shows_on_both_pages() {
        for page in [LIGHT.bg, DARK.bg] {
            let bg = rgba(page);
            let fill = over(MAP_NO_DATA, bg);
            assert!(contrast_rgba(fill, bg) > 1.15, "no-data regions stand apart from the page {page}");
            assert!(contrast_rgba(over(MAP_HATCH, fill), fill) > 1.5, "the hatch shows on the page {page}");
            let cross = over(MAP_NOT_COMPARABLE, bg);
            assert!(contrast_rgba(over(MAP_CROSS, cross), cross) > 1.5, "the cross hatch shows on the page {page}");
        }
        let dark_fill = luminance(over(MAP_NO_DATA, rgba(DARK.bg)));
        let lightest_class = luminance(rgba(MAP_SEQUENTIAL[0]));
        assert!(dark_fill * 5.0 < lightest_class, "on the dark page no-data is far darker than the lightest class");
    }

    #[test]
    fn chart_value_labels_read_at_4_5_to_1_on_the_dark_page_and_the_light_page() {
        for (i, (light, dark)) in SERIES_TEXT.iter().zip(&SERIES_TEXT_DARK).enumerate() {
            for bg in [DARK.bg, DARK.panel] {
                let ratio = contrast(dark, bg);
                assert!(ratio >= 4.5, "series {i}: label {dark} on dark {bg} is {ratio:.2}:1");
            }
            for bg in [LIGHT.bg, LIGHT.panel] {
                let ratio = contrast(light, bg);
                assert!(ratio >= 4.5, "series {i}: label {light} on light {bg} is {ratio:.2}:1");
            }
        }
        assert!(contrast(SERIES[0], DARK.bg) < 4.5, "the reason for SERIES_TEXT_DARK: series colours are too dim");
        for (text, fill) in CATEGORY_TEXT.iter().zip(&CATEGORIES) {
            assert!(contrast(text, fill) >= 4.5, "{text} on the rating colour {fill}: {:.2}:1", contrast(text, fill));
        }
    }

    #[test]
    fn the_contrast_ratio_is_21_for_black_on_white_and_1_for_a_colour_on_itself() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#2c6fbb", "#2c6fbb") - 1.0).abs() < 1e-9);
        assert!((contrast("#767676", "#ffffff") - 4.54).abs() < 0.01);
    }

    #[test]
    fn the_committed_stylesheet_is_the_generated_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../style/palette.css");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == css(),
            "style/palette.css is stale or missing: run `cargo xtask palette` (palette.rs is the source)"
        );
    }
}
