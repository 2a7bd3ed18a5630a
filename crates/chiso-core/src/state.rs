//! What the reader has chosen: the explorer's state. It is the single source of truth the URL encodes
//! (see [`crate::url`]) and the queries read (see [`crate::query`]).

use crate::i18n::Lang;
use crate::model::Level;

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
    /// Sortable table with changes.
    Table,
}

impl View {
    /// All views, in tab order.
    pub const ALL: [View; 3] = [View::Line, View::Bar, View::Table];

    /// Id used in URLs.
    pub fn id(self) -> &'static str {
        match self {
            View::Line => "line",
            View::Bar => "bar",
            View::Table => "table",
        }
    }

    /// Reads an id written by [`View::id`].
    pub fn from_id(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == s)
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

    /// Changes level; the selection is cleared because places belong to one level.
    pub fn set_level(&mut self, level: Level) {
        if self.level != level {
            self.level = level;
            self.places.clear();
            self.year = None;
        }
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
    fn an_open_year_range_contains_every_year() {
        let s = ExplorerState::default();
        assert!(s.year_in_range(1950) && s.year_in_range(2030));
        let s = ExplorerState { from_year: Some(2001), to_year: Some(2013), ..Default::default() };
        assert!(s.year_in_range(2001) && s.year_in_range(2013) && !s.year_in_range(2014) && !s.year_in_range(2000));
    }
}
