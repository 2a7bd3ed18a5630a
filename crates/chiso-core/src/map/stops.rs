//! Time stops of the map slider: a stop is a year, except 2025, split into `2025-H1` (the 412 communes of
//! January–June 2025) and `2025-H2` (the 130 communes formed on 1 July 2025). A figure belongs to a stop when its
//! reference period ends inside it ([`figure_in_stop`]); the map shows the administrative period in force at the
//! end of the stop ([`admin_period_at`]); [`stop_label`] writes a stop for the slider.

use crate::format;
use crate::i18n::Lang;
use crate::model::{AdminPeriod, Level, Observation};
use crate::period::RefPeriod;
use crate::query::Db;
use crate::sort;
use crate::state::ExplorerState;
use crate::tr;
use std::collections::BTreeSet;

/// The first year offered when an indicator has no figures at the level.
const FALLBACK_FIRST_YEAR: i32 = 2013;

/// The year the stops split into two halves (the July 2025 reorganisation).
const SPLIT_YEAR: i32 = 2025;

/// The administrative period in force at the end of a stop. A stop ending before the first period starts uses the
/// first period.
pub fn admin_period_at<'a>(db: &'a Db, at: &RefPeriod) -> Option<&'a AdminPeriod> {
    let end = at.end();
    db.ds.periods.iter().find(|p| p.contains(end)).or_else(|| {
        let first = db.ds.periods.first()?;
        first.from.is_some_and(|f| end < f).then_some(first)
    })
}

/// The time stop a period falls in: a month or day of 2025 goes to its half-year (`2025-08` → `2025-H2`), the year
/// 2025 to `2025-H2`, any other month, day or half-year to its year; a range goes by its end.
pub fn normalise_stop(p: &RefPeriod) -> RefPeriod {
    match p {
        RefPeriod::Half(SPLIT_YEAR, h) => RefPeriod::Half(SPLIT_YEAR, *h),
        RefPeriod::Range(_, b) => normalise_stop(b),
        RefPeriod::Year(SPLIT_YEAR) => RefPeriod::Half(SPLIT_YEAR, 2),
        other => {
            let end = other.end();
            if end.year == SPLIT_YEAR {
                RefPeriod::Half(SPLIT_YEAR, if end.month <= 6 { 1 } else { 2 })
            } else {
                RefPeriod::Year(end.year)
            }
        }
    }
}

fn push_year_stop(out: &mut Vec<RefPeriod>, year: i32) {
    if year == SPLIT_YEAR {
        out.push(RefPeriod::Half(SPLIT_YEAR, 1));
        out.push(RefPeriod::Half(SPLIT_YEAR, 2));
    } else {
        out.push(RefPeriod::Year(year));
    }
}

/// Figures of an indicator at a level.
pub(super) fn level_figures<'a>(
    db: &'a Db,
    indicator: &'a str,
    level: Level,
) -> impl Iterator<Item = &'a Observation> + 'a {
    db.observations_of(indicator).filter(move |o| db.unit(&o.unit).is_some_and(|u| u.level == level))
}

/// The time stops of the map slider, ascending: every year from the earliest to the latest year with figures of
/// the indicator at the level (years before 1900 are ignored), 2025 split into `2025-H1` and `2025-H2`. Without
/// figures: 2013 to 2024, then `2025-H1` and `2025-H2`.
pub fn time_stops(db: &Db, indicator: &str, level: Level) -> Vec<RefPeriod> {
    let years: BTreeSet<i32> =
        sort::set(level_figures(db, indicator, level).map(|o| o.period.year()).filter(|y| *y >= 1900));
    let (first, last) = match (years.first(), years.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => (FALLBACK_FIRST_YEAR, SPLIT_YEAR),
    };
    let mut out = Vec::new();
    for y in first..=last {
        push_year_stop(&mut out, y);
    }
    out
}

/// The stops of the slider of a map that shows `shown`: [`time_stops`], stretched year by year to reach `shown`
/// when the reader chose a stop outside them (`at=2013` for an indicator with figures of 2025 only), so the
/// slider, its label and the map always show the same stop. Years before 1900 are not stretched to.
pub fn stops_showing(db: &Db, indicator: &str, level: Level, shown: &RefPeriod) -> Vec<RefPeriod> {
    let mut stops = time_stops(db, indicator, level);
    if stops.contains(shown) {
        return stops;
    }
    let year = shown.end().year;
    let (Some(first), Some(last)) = (stops.first().map(|s| s.end().year), stops.last().map(|s| s.end().year)) else {
        return stops;
    };
    if year < 1900 {
        return stops;
    }
    let mut out = Vec::new();
    for y in year.min(first)..first {
        push_year_stop(&mut out, y);
    }
    out.append(&mut stops);
    for y in last + 1..=year {
        push_year_stop(&mut out, y);
    }
    out
}

/// Whether a figure belongs to a stop: its reference period ends inside the stop.
pub fn figure_in_stop(o: &Observation, stop: &RefPeriod) -> bool {
    let end = o.period.end();
    stop.start() <= end && end <= stop.end()
}

/// The stop the map shows: the reader's choice ([`ExplorerState::map_at`], normalised with [`normalise_stop`]),
/// else the latest stop with figures of the primary indicator at the level, else the latest stop.
pub fn default_stop(db: &Db, state: &ExplorerState) -> Option<RefPeriod> {
    if let Some(at) = &state.map_at {
        return Some(normalise_stop(at));
    }
    let indicator = state.primary_indicator();
    let stops = time_stops(db, indicator, state.level);
    let figures: Vec<&Observation> = level_figures(db, indicator, state.level).collect();
    stops.iter().rev().find(|s| figures.iter().any(|o| figure_in_stop(o, s))).or(stops.last()).cloned()
}

/// A stop as the slider writes it: a year as a year ("2013"), a half-year as its months ("1–6/2025", "7–12/2025";
/// "Jan–Jun 2025", "Jul–Dec 2025"), anything else as [`format::period`] writes it.
pub fn stop_label(stop: &RefPeriod, lang: Lang) -> String {
    match stop {
        RefPeriod::Half(y, 1) => tr!(lang, "1–6/{y}", "Jan–Jun {y}", y = y),
        RefPeriod::Half(y, _) => tr!(lang, "7–12/{y}", "Jul–Dec {y}", y = y),
        p => format::period(p, false, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::test_support::*;
    #[allow(unused_imports)]
    use crate::{fixtures::*, i18n::Lang, model::*, period::RefPeriod, state::ExplorerState};

    #[test]
    fn each_stop_shows_the_period_in_force_at_its_end() {
        let db = real();
        for (stop, expected) in [
            ("2013", "2013"),
            ("2019", "2013"),
            ("2005", "2013"),
            ("2022", "2020"),
            ("2025-H1", "2025-01"),
            ("2025-H2", "2025-07"),
            ("2026", "2025-07"),
        ] {
            assert_eq!(admin_period_at(&db, &p(stop)).map(|p| p.id.as_str()), Some(expected), "{stop}");
        }
    }

    #[test]
    fn a_month_of_2025_normalises_to_its_half_and_other_months_to_their_year() {
        assert_eq!(normalise_stop(&p("2025-08")), p("2025-H2"));
        assert_eq!(normalise_stop(&p("2025-02-14")), p("2025-H1"));
        assert_eq!(normalise_stop(&p("2025")), p("2025-H2"));
        assert_eq!(normalise_stop(&p("2019-12")), p("2019"));
        assert_eq!(normalise_stop(&p("2020-H1")), p("2020"));
        let db = real();
        let s = state(Level::Commune, "party_members", "2025-08", Lang::Vi);
        assert_eq!(default_stop(&db, &s), Some(p("2025-H2")));
    }

    #[test]
    fn stops_run_year_by_year_and_split_2025_in_two_halves() {
        let db = synth();
        let stops: Vec<String> = time_stops(&db, "pct", Level::District).iter().map(|s| s.to_string()).collect();
        assert_eq!(stops.first().map(String::as_str), Some("2013"));
        assert_eq!(stops.last().map(String::as_str), Some("2023"));
        assert_eq!(stops.len(), 11);
        let stops: Vec<String> = time_stops(&db, "members", Level::Commune).iter().map(|s| s.to_string()).collect();
        assert_eq!(stops, ["2025-H1", "2025-H2"]);
        let none: Vec<String> = time_stops(&db, "rating", Level::Commune).iter().map(|s| s.to_string()).collect();
        assert_eq!(none.len(), 14);
        assert_eq!((none[0].as_str(), none[11].as_str()), ("2013", "2024"));
        assert_eq!(&none[12..], ["2025-H1", "2025-H2"]);
    }

    #[test]
    fn without_a_chosen_stop_the_map_shows_the_latest_stop_with_figures() {
        let db = synth();
        let mut s = state(Level::District, "pct", "2013", Lang::Vi);
        s.map_at = None;
        assert_eq!(default_stop(&db, &s), Some(p("2023")));
        s.level = Level::Commune;
        assert_eq!(default_stop(&db, &s), Some(p("2025-H1")));
        s.indicators = vec!["rating".into()];
        assert_eq!(default_stop(&db, &s), Some(p("2025-H2")), "no figures: the latest stop");
    }

    #[test]
    fn a_chosen_stop_outside_the_figures_stretches_the_slider_to_reach_it() {
        let db = synth();
        let stops = |at: &str| -> Vec<String> {
            stops_showing(&db, "members", Level::Commune, &p(at)).iter().map(|s| s.to_string()).collect()
        };
        assert_eq!(stops("2025-H2"), ["2025-H1", "2025-H2"], "a stop among the stops changes nothing");
        let early = stops("2013");
        assert_eq!(early.first().map(String::as_str), Some("2013"));
        assert_eq!(early.len(), 14, "2013 to 2024, then both halves of 2025: {early:?}");
        let late = stops("2027");
        assert_eq!(late, ["2025-H1", "2025-H2", "2026", "2027"]);
        assert_eq!(stops("1850"), ["2025-H1", "2025-H2"], "no stretching to years before 1900");
    }

    #[test]
    fn the_slider_always_holds_the_stop_the_map_draws() {
        let db = real();
        for at in ["2013", "2022", "2025-H1", "2025-08"] {
            let data = crate::map::map_data(&db, &state(Level::Commune, "party_members", at, Lang::Vi));
            let i = data.stop_index().unwrap_or_else(|| panic!("{at}: {:?} not in {:?}", data.stop, data.stops));
            assert_eq!(Some(&data.stops[i]), data.stop.as_ref(), "{at}");
            assert!(data.has_time_choice(), "{at}");
        }
        let early = crate::map::map_data(&db, &state(Level::Commune, "party_members", "2013", Lang::Vi));
        assert_eq!(early.map.as_deref(), Some("2013-commune"));
        assert_eq!(stop_label(&early.stops[early.stop_index().unwrap()], Lang::Vi), "2013");
        let bloc = crate::map::map_data(&db, &state(Level::Bloc, "party_members", "2023", Lang::Vi));
        assert!(!bloc.has_time_choice(), "blocs have no map and no time to choose");
    }

    #[test]
    fn a_single_stop_offers_no_time_choice() {
        let mut ds = synth().ds;
        ds.observations.retain(|o| o.indicator != "pct" || o.period.end().year == 2023);
        let db = crate::query::Db::new(ds);
        let data = crate::map::map_data(&db, &state(Level::District, "pct", "2023", Lang::Vi));
        assert_eq!(data.stops, [p("2023")]);
        assert!(!data.has_time_choice());
    }

    #[test]
    fn a_figure_belongs_to_the_stop_its_period_ends_in() {
        let db = synth();
        let m4 = db.ds.observations.iter().find(|o| o.id == "m4").unwrap();
        assert!(figure_in_stop(m4, &p("2025-H2")));
        assert!(!figure_in_stop(m4, &p("2025-H1")));
        let mut range = m4.clone();
        range.period = p("2019-06..2020-03");
        assert!(figure_in_stop(&range, &p("2020")) && !figure_in_stop(&range, &p("2019")));
    }

    #[test]
    fn a_half_year_stop_is_labelled_with_its_months_and_a_year_stop_with_its_year() {
        for (stop, vi, en) in [
            ("2025-H1", "1–6/2025", "Jan–Jun 2025"),
            ("2025-H2", "7–12/2025", "Jul–Dec 2025"),
            ("2013", "2013", "2013"),
        ] {
            assert_eq!(stop_label(&p(stop), Lang::Vi), vi, "{stop}");
            assert_eq!(stop_label(&p(stop), Lang::En), en, "{stop}");
        }
    }
}
