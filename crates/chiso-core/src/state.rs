//! What the reader has chosen: the explorer's state. It is the single source of truth the URL encodes
//! (see [`crate::url`]) and the queries read (see [`crate::query`]).

use crate::i18n::Lang;
use crate::model::Level;
use crate::period::RefPeriod;

/// The indicators of the default view: the founding article's story, clean-and-strong and weak organisations.
pub const DEFAULT_INDICATORS: [&str; 2] = ["clean_strong_orgs_pct", "weak_orgs_pct"];

/// Which view of the selection is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// Line chart over time (count per category for rating indicators).
    #[default]
    Line,
    /// Bar chart ranking the units of a level for one year.
    Bar,
    /// Choropleth map of the level for one time stop.
    Map,
    /// Sortable table with changes.
    Table,
    /// The sources of the figures, alone.
    Sources,
}

impl View {
    /// All views, in tab order.
    pub const ALL: [View; 5] = [View::Line, View::Bar, View::Map, View::Table, View::Sources];

    /// Id used in URLs.
    pub fn id(self) -> &'static str {
        match self {
            View::Line => "line",
            View::Bar => "bar",
            View::Map => "map",
            View::Table => "table",
            View::Sources => "sources",
        }
    }

    /// Reads an id written by [`View::id`].
    pub fn from_id(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == s)
    }

    /// The tab's label ("Biểu đồ đường" / "Line chart"), in the app and on the page drawn at build time.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::{t, Msg};
        match self {
            View::Line => t(Msg::ViewLine, lang),
            View::Bar => t(Msg::ViewBar, lang),
            View::Map => t(Msg::ViewMap, lang),
            View::Table => t(Msg::ViewTable, lang),
            View::Sources => t(Msg::Sources, lang),
        }
    }
}

/// Table column the reader sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// Unit name, then indicator, then time (the default).
    #[default]
    Unit,
    /// Indicator name.
    Indicator,
    /// Reference period.
    Period,
    /// Value.
    Value,
}

impl SortKey {
    /// All keys.
    pub const ALL: [SortKey; 4] = [SortKey::Unit, SortKey::Indicator, SortKey::Period, SortKey::Value];

    /// Id used in URLs.
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Unit => "unit",
            SortKey::Indicator => "indicator",
            SortKey::Period => "period",
            SortKey::Value => "value",
        }
    }

    /// Reads an id written by [`SortKey::id`].
    pub fn from_id(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    /// Follow the reader's system setting (`prefers-color-scheme`).
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// Id used in URLs (`auto` is the default and never written).
    pub fn id(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads an id written by [`Theme::id`].
    pub fn from_id(s: &str) -> Option<Theme> {
        [Theme::Auto, Theme::Light, Theme::Dark].into_iter().find(|t| t.id() == s)
    }

    /// Whether the page is dark, given the system preference.
    pub fn is_dark(self, system_prefers_dark: bool) -> bool {
        match self {
            Theme::Auto => system_prefers_dark,
            Theme::Light => false,
            Theme::Dark => true,
        }
    }
}

/// How the explorer is shown inside another page (`embed=chart` or `embed=table`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Embed {
    /// Also show the table under the chart.
    pub table: bool,
    /// Also show the filter panel (`filters=1`).
    pub filters: bool,
    /// Id the page reports its height under, for the host page's resizer (`eid=`).
    pub id: Option<String>,
}

/// The explorer's whole state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplorerState {
    /// Interface language.
    pub lang: Lang,
    /// Level whose units are offered and ranked.
    pub level: Level,
    /// Selected places (unit lineage ids). Empty means "every unit of the level that has data".
    pub places: Vec<String>,
    /// Selected indicators; the first is the primary one, the others share its measure. Never empty.
    pub indicators: Vec<String>,
    /// First year shown, inclusive (`None`: from the earliest figure).
    pub from_year: Option<i32>,
    /// Last year shown, inclusive (`None`: to the latest figure).
    pub to_year: Option<i32>,
    /// Active view.
    pub view: View,
    /// Year ranked by the bar view (`None`: the latest year with data).
    pub year: Option<i32>,
    /// Table sort column and direction (`true` = descending).
    pub sort: (SortKey, bool),
    /// Whether charts animate (tests and screenshots turn it off).
    pub animate: bool,
    /// Time stop shown on the map: a year (`2013`) or, for 2025, a half-year (`2025-H1` is the 412-commune
    /// period, `2025-H2` the 130 new communes). `None`: the latest stop with figures.
    pub map_at: Option<RefPeriod>,
    /// District (lineage id) the reader drilled into: the commune level is then restricted to its communes.
    pub parent: Option<String>,
    /// Unit record id whose profile is open.
    pub profile: Option<String>,
    /// Show the July 2025 communes with counts carried from their predecessors where that is sound.
    pub carry: bool,
    /// Colour scheme.
    pub theme: Theme,
    /// Embedded in another page, when set.
    pub embed: Option<Embed>,
    /// Another dataset file to load instead of the published one (a same-origin relative path, e.g. the synthetic
    /// data for benchmarks: `data=synthetic/nghe-an-synthetic.json`).
    pub data: Option<String>,
}

impl Default for ExplorerState {
    fn default() -> Self {
        ExplorerState {
            lang: Lang::Vi,
            level: Level::Province,
            places: Vec::new(),
            indicators: DEFAULT_INDICATORS.iter().map(|s| s.to_string()).collect(),
            from_year: None,
            to_year: None,
            view: View::Line,
            year: None,
            sort: (SortKey::Unit, false),
            animate: true,
            map_at: None,
            parent: None,
            profile: None,
            carry: false,
            theme: Theme::Auto,
            embed: None,
            data: None,
        }
    }
}

impl ExplorerState {
    /// The primary indicator id.
    pub fn primary_indicator(&self) -> &str {
        self.indicators.first().map(String::as_str).unwrap_or(DEFAULT_INDICATORS[0])
    }

    /// Whether `year` lies inside the chosen year range.
    pub fn year_in_range(&self, year: i32) -> bool {
        self.from_year.is_none_or(|f| f <= year) && self.to_year.is_none_or(|t| year <= t)
    }

    /// Adds a place if absent, removes it if present.
    pub fn toggle_place(&mut self, lineage: &str) {
        if let Some(i) = self.places.iter().position(|p| p == lineage) {
            self.places.remove(i);
        } else {
            self.places.push(lineage.to_string());
        }
    }

    /// Makes `id` the only indicator shown (comparisons end) and forgets the bar view's year, which belonged to the
    /// previous indicator.
    pub fn set_indicator(&mut self, id: &str) {
        self.indicators = vec![id.to_string()];
        self.year = None;
    }

    /// Adds an indicator to compare with, unless it is already shown (the caller checks it shares the primary
    /// indicator's measure: see [`crate::query::Db::compare_indicator`]).
    pub fn add_indicator(&mut self, id: &str) {
        if !id.is_empty() && !self.indicators.iter().any(|x| x == id) {
            self.indicators.push(id.to_string());
        }
    }

    /// Stops comparing with an indicator; the primary one stays, so the list is never empty.
    pub fn remove_indicator(&mut self, id: &str) {
        if let Some(i) = self.indicators.iter().skip(1).position(|x| x == id) {
            self.indicators.remove(i + 1);
        }
    }

    /// Ranks by another of the chosen indicators: it becomes the first (the ranked one), the others keep their
    /// order, and the ranked year, which belonged to the previous one, is forgotten. Nothing happens for an
    /// indicator that is not chosen or is already first.
    pub fn rank_by(&mut self, id: &str) {
        if let Some(i) = self.indicators.iter().position(|x| x == id).filter(|i| *i > 0) {
            let chosen = self.indicators.remove(i);
            self.indicators.insert(0, chosen);
            self.year = None;
        }
    }

    /// Clears the selection of places: every place of the level with figures is shown.
    pub fn clear_places(&mut self) {
        self.places.clear();
    }

    /// Sets the first year shown (`None`: from the earliest); a last year before it moves up to it.
    pub fn set_from_year(&mut self, year: Option<i32>) {
        self.from_year = year;
        if let (Some(f), Some(t)) = (self.from_year, self.to_year) {
            self.to_year = Some(t.max(f));
        }
    }

    /// Sets the last year shown (`None`: to the latest); a first year after it moves down to it.
    pub fn set_to_year(&mut self, year: Option<i32>) {
        self.to_year = year;
        if let (Some(f), Some(t)) = (self.from_year, self.to_year) {
            self.from_year = Some(f.min(t));
        }
    }

    /// Changes level; the selection is cleared because places belong to one level, and a drill-down ends.
    pub fn set_level(&mut self, level: Level) {
        if self.level != level {
            self.level = level;
            self.places.clear();
            self.year = None;
            self.parent = None;
        }
    }

    /// Drills down into a district: its communes become the level shown.
    pub fn drill_into(&mut self, district_lineage: &str) {
        self.level = Level::Commune;
        self.places.clear();
        self.year = None;
        self.parent = Some(district_lineage.to_string());
    }

    /// Goes back up to the district level from a drill-down.
    pub fn drill_up(&mut self) {
        if self.parent.take().is_some() {
            self.level = Level::District;
            self.places.clear();
            self.year = None;
        }
    }

    /// Whether moving from `self` to `next` is a step a reader expects the browser's Back button to undo (a new
    /// view, level, drill-down or profile), rather than a fine adjustment that replaces the current entry.
    pub fn is_navigation_to(&self, next: &ExplorerState) -> bool {
        self.view != next.view || self.level != next.level || self.parent != next.parent || self.profile != next.profile
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_a_place_twice_restores_the_selection() {
        let mut s = ExplorerState::default();
        s.toggle_place("423@2013");
        assert_eq!(s.places, vec!["423@2013"]);
        s.toggle_place("423@2013");
        assert!(s.places.is_empty());
    }

    #[test]
    fn changing_level_clears_places_but_keeping_it_does_not() {
        let mut s = ExplorerState { places: vec!["40".into()], ..Default::default() };
        s.set_level(Level::Province);
        assert_eq!(s.places.len(), 1);
        s.set_level(Level::District);
        assert!(s.places.is_empty());
    }

    #[test]
    fn drilling_into_a_district_and_back_up_restores_the_district_level() {
        let mut s = ExplorerState { level: Level::District, places: vec!["423@2013".into()], ..Default::default() };
        s.drill_into("423@2013");
        assert_eq!((s.level, s.parent.as_deref()), (Level::Commune, Some("423@2013")));
        assert!(s.places.is_empty());
        s.drill_up();
        assert_eq!((s.level, s.parent.as_deref()), (Level::District, None));
        s.set_level(Level::Commune);
        s.parent = Some("423@2013".into());
        s.set_level(Level::Province);
        assert_eq!(s.parent, None, "changing level ends a drill-down");
    }

    #[test]
    fn a_drill_down_or_a_profile_is_a_navigation_but_a_year_change_is_not() {
        let a = ExplorerState::default();
        let mut b = a.clone();
        b.from_year = Some(2001);
        assert!(!a.is_navigation_to(&b));
        b.profile = Some("413@2020".into());
        assert!(a.is_navigation_to(&b));
        let mut c = a.clone();
        c.drill_into("423@2013");
        assert!(a.is_navigation_to(&c));
    }

    #[test]
    fn an_open_year_range_contains_every_year() {
        let s = ExplorerState::default();
        assert!(s.year_in_range(1950) && s.year_in_range(2030));
        let s = ExplorerState { from_year: Some(2001), to_year: Some(2013), ..Default::default() };
        assert!(s.year_in_range(2001) && s.year_in_range(2013) && !s.year_in_range(2014) && !s.year_in_range(2000));
    }

    fn with_indicators(ids: &[&str]) -> ExplorerState {
        ExplorerState {
            indicators: ids.iter().map(|s| s.to_string()).collect(),
            year: Some(2020),
            ..Default::default()
        }
    }

    #[test]
    fn choosing_an_indicator_ends_the_comparison_and_forgets_the_ranked_year() {
        let mut s = with_indicators(&["pct", "weak"]);
        s.set_indicator("orgs");
        assert_eq!((s.indicators, s.year), (vec!["orgs".to_string()], None));
    }

    #[test]
    fn indicators_are_added_once_and_removed_without_ever_losing_the_primary_one() {
        for (start, action, expected) in [
            (&["pct"][..], "add weak", &["pct", "weak"][..]),
            (&["pct", "weak"], "add weak", &["pct", "weak"]),
            (&["pct"], "add ", &["pct"]),
            (&["pct", "weak", "other"], "remove weak", &["pct", "other"]),
            (&["pct", "weak"], "remove pct", &["pct", "weak"]),
            (&["pct"], "remove pct", &["pct"]),
            (&["pct", "weak"], "remove nothing", &["pct", "weak"]),
        ] {
            let mut s = with_indicators(start);
            match action.split_once(' ') {
                Some(("add", id)) => s.add_indicator(id),
                Some(("remove", id)) => s.remove_indicator(id),
                _ => unreachable!(),
            }
            assert_eq!(s.indicators, expected, "{start:?} then {action}");
        }
    }

    #[test]
    fn ranking_by_another_chosen_indicator_puts_it_first_and_forgets_the_year() {
        let cases: [(&[&str], &str, &[&str]); 4] = [
            (&["a", "b", "c"], "c", &["c", "a", "b"]),
            (&["a", "b"], "b", &["b", "a"]),
            (&["a", "b"], "a", &["a", "b"]),
            (&["a", "b"], "z", &["a", "b"]),
        ];
        for (before, id, after) in cases {
            let mut s = with_indicators(before);
            s.year = Some(2013);
            s.rank_by(id);
            assert_eq!(s.indicators, after, "rank_by({id}) on {before:?}");
            assert_eq!(s.year.is_none(), before[0] != after[0], "the year is forgotten only when the ranking changes");
        }
    }

    #[test]
    fn clearing_the_places_empties_the_selection() {
        let mut s = ExplorerState { places: vec!["40".into(), "423@2013".into()], ..Default::default() };
        s.clear_places();
        assert!(s.places.is_empty());
    }

    #[test]
    fn a_year_range_never_ends_before_it_starts() {
        type Range = (Option<i32>, Option<i32>);
        for (start, from, to, expected) in [
            ((None, Some(2010)), Some(2015), None::<Option<i32>>, (Some(2015), Some(2015))),
            ((None, Some(2020)), Some(2015), None, (Some(2015), Some(2020))),
            ((None, None), Some(2015), None, (Some(2015), None)),
            ((Some(2015), Some(2020)), None, None, (None, Some(2020))),
            ((Some(2015), None), None, Some(Some(2010)), (Some(2010), Some(2010))),
            ((Some(2005), None), None, Some(Some(2010)), (Some(2005), Some(2010))),
            ((Some(2005), Some(2010)), None, Some(None), (Some(2005), None)),
        ] {
            let mut s = ExplorerState { from_year: start.0, to_year: start.1, ..Default::default() };
            match to {
                Some(t) => s.set_to_year(t),
                None => s.set_from_year(from),
            }
            let got: Range = (s.from_year, s.to_year);
            assert_eq!(got, expected, "from {start:?}, setting from {from:?} / to {to:?}");
        }
    }
}
