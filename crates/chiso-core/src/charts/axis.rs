//! The time axis of line charts: where a figure sits on it and which years it writes.
//!
//! A yearly figure sits on its year's tick (2013 at 2013, not mid-year at 2013.5), so a chart of 2001 and 2013
//! reads 2001 … 2013 with its points on their years; a figure of a shorter period keeps its true place in the
//! calendar (December 2013 just before 2014, the first half of 2020 at 2020.25). The ticks are chosen here, evenly
//! spaced from the first year, and sent to ECharts as the exact values to write (`customValues`), so no tick falls
//! between years or past the data.

use super::layout::obj;
use crate::period::RefPeriod;
use serde_json::Value as Json;

/// Most year labels on the time axis: readable at a phone's width (about 280 px of plot for 6 labels of 4 digits).
pub const YEAR_TICKS_MAX: usize = 6;

/// Steps between year labels, in years, tried in this order.
const STEPS: [i32; 11] = [1, 2, 3, 4, 5, 10, 15, 20, 25, 50, 100];

/// Room left on each side of the data, as a share of the axis span, so the first and last points (and their
/// labels) stand clear of the axis lines.
const PAD: f64 = 0.04;

/// Where a figure of a period sits on the time axis: a year on its year, anything else at the middle of its time
/// (a range at its end, see [`RefPeriod::axis_position`]).
pub fn time_position(period: &RefPeriod) -> f64 {
    match period {
        RefPeriod::Year(y) => f64::from(*y),
        p => p.axis_position(),
    }
}

/// The time axis of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct YearAxis {
    /// Left end of the axis (a little before the first figure).
    pub min: f64,
    /// Right end of the axis (a little after the last figure, or the last tick).
    pub max: f64,
    /// The years written under the axis, evenly spaced.
    pub ticks: Vec<i32>,
}

impl YearAxis {
    /// The axis of figures placed from `first` to `last` (fractional years; the default span when there are none).
    ///
    /// The ticks run from the first figure's year in steps of 1, 2, 3, 4, 5, 10… years, at most
    /// [`YEAR_TICKS_MAX`] of them, never past the last figure: the step chosen leaves the fewest years between the
    /// last tick and the last figure's year (none when a step divides the span: 2001, 2004 … 2013), the smaller
    /// step on a tie. The axis ends just after the last figure.
    pub fn new(first: f64, last: f64) -> YearAxis {
        let (first, last) = if first.is_finite() && last.is_finite() { (first, last) } else { (2000.0, 2025.0) };
        let lo = first.floor() as i32;
        let hi = (last.floor() as i32).max(lo);
        if hi == lo && last - first < 1.0 {
            // One year: its tick alone, in the middle.
            let (min, max) = (f64::from(lo) - 1.0, f64::from(lo) + 1.0);
            return YearAxis { min: min.min(first - 0.5), max: max.max(last + 0.5), ticks: vec![lo] };
        }
        let span = hi - lo;
        let step = STEPS
            .iter()
            .copied()
            .filter(|&s| s <= span.max(1) && span / s < YEAR_TICKS_MAX as i32)
            .min_by_key(|&s| (span % s, s))
            .unwrap_or(span.max(1));
        let ticks: Vec<i32> = (0..).map(|k| lo + k * step).take_while(|y| *y <= hi).collect();
        let pad = (last - first).max(1.0) * PAD;
        YearAxis { min: round4(first - pad), max: round4(last + pad), ticks }
    }

    /// The axis as ECharts' `xAxis`: a value axis from `min` to `max` writing only the chosen years.
    pub fn option(&self) -> Json {
        let ticks = || Json::from(self.ticks.clone());
        obj([
            ("type", "value".into()),
            ("min", self.min.into()),
            ("max", self.max.into()),
            ("splitLine", obj([("show", false.into())])),
            ("axisLabel", obj([("customValues", ticks()), ("hideOverlap", true.into())])),
            ("axisTick", obj([("customValues", ticks())])),
        ])
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(s: &str) -> RefPeriod {
        s.parse().unwrap()
    }

    #[test]
    fn a_yearly_figure_sits_on_its_years_tick_and_a_shorter_period_keeps_its_true_place() {
        assert_eq!(time_position(&period("2013")), 2013.0);
        assert_eq!(time_position(&period("2001")), 2001.0);
        let dec = time_position(&period("2013-12"));
        assert!(dec > 2013.9 && dec < 2014.0, "{dec}");
        assert!((time_position(&period("2020-H1")) - 2020.25).abs() < 0.01);
    }

    #[test]
    fn the_years_2001_and_2013_are_written_every_three_years_and_the_axis_ends_at_2013() {
        let axis = YearAxis::new(2001.0, 2013.0);
        assert_eq!(axis.ticks, [2001, 2004, 2007, 2010, 2013]);
        assert!(axis.max < 2014.0 && axis.max > 2013.0, "{}", axis.max);
        assert!(axis.min < 2001.0 && axis.min > 2000.0, "{}", axis.min);
    }

    #[test]
    fn ticks_are_evenly_spaced_never_pass_the_data_and_never_outnumber_what_a_phone_can_hold() {
        for (first, last) in [(2001, 2013), (2001, 2014), (1990, 2025), (2019, 2020), (2013, 2020), (1950, 2025)] {
            let axis = YearAxis::new(f64::from(first), f64::from(last));
            let t = &axis.ticks;
            assert!(t.len() <= YEAR_TICKS_MAX, "{first}..{last}: {t:?}");
            assert_eq!(t[0], first, "{first}..{last}: {t:?}");
            let step = t.get(1).map_or(1, |second| second - t[0]);
            assert!(t.windows(2).all(|w| w[1] - w[0] == step), "{first}..{last}: uneven {t:?}");
            let end = *t.last().unwrap();
            assert!(end <= last && last - end < step, "{first}..{last}: the last tick is the last year or near: {t:?}");
            let room = axis.max - f64::from(last);
            assert!(room > 0.0 && room <= f64::from(last - first) * PAD + 1e-9, "{first}..{last}: ends {}", axis.max);
        }
        assert_eq!(YearAxis::new(1950.0, 2025.0).ticks, [1950, 1965, 1980, 1995, 2010, 2025]);
    }

    #[test]
    fn a_single_year_gets_its_tick_in_the_middle() {
        let axis = YearAxis::new(2023.0, 2023.0);
        assert_eq!(axis.ticks, [2023]);
        assert_eq!((axis.min, axis.max), (2022.0, 2024.0));
        let one_month = YearAxis::new(2019.96, 2019.96);
        assert_eq!(one_month.ticks, [2019]);
        assert!(one_month.max > 2019.96, "{}", one_month.max);
    }

    #[test]
    fn a_figure_late_in_a_year_stays_inside_the_axis() {
        let axis = YearAxis::new(2013.0, time_position(&period("2019-12")));
        assert!(axis.max > 2019.96, "{}", axis.max);
        assert_eq!(axis.ticks.first(), Some(&2013));
    }
}
