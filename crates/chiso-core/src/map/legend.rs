//! The map's colours and their legend: numbers fall into "nice" classes ([`legend_breaks`]) coloured on a
//! light-to-dark blue ramp ([`SEQUENTIAL_COLORS`]); categories take [`CATEGORY_COLORS`] in the indicator's order;
//! yes/no facts take two of them. The app draws the legend in HTML from [`MapLegend`].

use crate::charts::CATEGORY_COLORS;
use crate::format;
use crate::i18n::Lang;
use crate::model::{Indicator, Measure};
use crate::sort;
use crate::tr;

/// Sequential colour ramp of numeric maps, light to dark (five classes at most).
pub const SEQUENTIAL_COLORS: [&str; 5] = crate::palette::MAP_SEQUENTIAL;

/// Fill of a region without a figure (drawn with a hatch).
pub const NO_DATA_COLOR: &str = crate::palette::MAP_NO_DATA;

/// Fill of a region whose carried value is refused (drawn with a cross hatch).
pub const NOT_COMPARABLE_COLOR: &str = crate::palette::MAP_NOT_COMPARABLE;

/// Fill of a commune outside the drilled-into district.
pub const OUTSIDE_FOCUS_COLOR: &str = crate::palette::MAP_OUTSIDE_FOCUS;

/// Most classes of a numeric map.
pub const MAP_CLASSES: usize = 5;

/// The legend of the map's colours (the no-data and not-comparable entries are in [`super::MapData`]).
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

/// Index of the class of `v` given class boundaries (the last class includes its upper break).
pub(super) fn class_of(v: f64, breaks: &[f64]) -> Option<usize> {
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

pub(super) fn write_value(v: f64, measure: Measure, lang: Lang) -> String {
    if measure == Measure::Percent {
        format::percent(v, lang)
    } else {
        format::number(v, None, lang)
    }
}

pub(super) fn sequential_legend(values: &[f64], measure: Measure, lang: Lang) -> MapLegend {
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

pub(super) fn flag_code(v: f64) -> &'static str {
    if v != 0.0 {
        "1"
    } else {
        "0"
    }
}

pub(super) fn category_legend(ind: Option<&Indicator>, measure: Measure, lang: Lang) -> MapLegend {
    let items = if measure == Measure::Flag {
        let (yes, no) = (tr!(lang, "Có", "Yes"), tr!(lang, "Không", "No"));
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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::test_support::*;
    use crate::map::*;
    #[allow(unused_imports)]
    use crate::{fixtures::*, i18n::Lang, model::*, period::RefPeriod, state::ExplorerState};

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
}
