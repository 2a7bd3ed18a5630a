//! Queries over the dataset: places (unit lineages) of a level, the figures a selection shows, rankings, counts
//! per category, table rows with changes, and which choices have data. Every query takes the explorer's state and
//! returns new values that borrow from the dataset; nothing is mutated.
//!
//! [`Db`] wraps a [`Dataset`] with the indices the queries need, built once after loading.

use crate::i18n::Lang;
use crate::model::{Category, Dataset, Indicator, Level, Measure, Observation, Source, Unit};
use crate::search;
use crate::sort;
use crate::state::{ExplorerState, SortKey, View};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Most lines drawn when the selection is automatic ("every unit with data").
pub const AUTO_PLACES_MAX: usize = 12;

/// Most figures listed one by one in the table and the sources panel; the rest are counted and can be downloaded
/// (a reader's own file or the synthetic data can hold hundreds of thousands).
pub const LIST_MAX: usize = 500;

/// A dataset with lookup indices.
#[derive(Debug, Clone)]
pub struct Db {
    /// The dataset.
    pub ds: Dataset,
    unit_index: HashMap<String, usize>,
    /// Unit indices of each lineage, oldest record first.
    lineages: BTreeMap<String, Vec<usize>>,
    /// Observation indices per indicator id.
    by_indicator: HashMap<String, Vec<usize>>,
    /// Number of each lineage (its position in `lineages`).
    lineage_ix: HashMap<String, u32>,
    /// Lineage number of each observation's unit (`u32::MAX`: unknown unit).
    obs_lineage: Vec<u32>,
    /// Levels each indicator has figures at (bit `Level as u8`).
    levels: HashMap<String, u8>,
    /// Earliest and latest year of any figure.
    year_bounds: (i32, i32),
    /// The FNV-1a 32 hash of the file the dataset was read from, when known ([`Db::read_from`]).
    file_hash: Option<u32>,
}

/// An integer that orders like `f64::total_cmp` (the same bit trick), so a float can be part of a sort key.
fn total_order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// A place as the explorer offers it: the chain of unit records sharing one lineage.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// Lineage id (the id of its first record).
    pub lineage: &'a str,
    /// The most recent record.
    pub latest: &'a Unit,
    /// The first record.
    pub first: &'a Unit,
}

impl<'a> Place<'a> {
    /// Name in the reader's language (of the most recent record).
    pub fn name(&self, lang: Lang) -> String {
        crate::i18n::unit_display_name(self.latest, lang)
    }
}

impl Db {
    /// Indexes a dataset.
    pub fn new(ds: Dataset) -> Db {
        let unit_index: HashMap<String, usize> = ds.units.iter().enumerate().map(|(i, u)| (u.id.clone(), i)).collect();
        let mut lineages: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, u) in ds.units.iter().enumerate() {
            lineages.entry(u.lineage.clone()).or_default().push(i);
        }
        for list in lineages.values_mut() {
            sort::sort_by_key(list, |&i| ds.units[i].from);
        }
        // One pass over the figures. Figures come grouped by indicator, so the indicator's slot is looked up
        // only when it changes; each figure's place is kept as a number, so finding a place's figures compares
        // numbers, not strings.
        let lineage_ix: HashMap<String, u32> =
            lineages.keys().enumerate().map(|(i, l)| (l.clone(), i as u32)).collect();
        let unit_lineage: Vec<u32> =
            ds.units.iter().map(|u| lineage_ix.get(u.lineage.as_str()).copied().unwrap_or(u32::MAX)).collect();
        let mut slots: Vec<(&str, Vec<usize>, u8)> = Vec::new();
        let mut slot_of: HashMap<&str, usize> = HashMap::default();
        let mut current: Option<(&str, usize)> = None;
        let mut years = (i32::MAX, i32::MIN);
        let mut obs_lineage = Vec::with_capacity(ds.observations.len());
        for (i, o) in ds.observations.iter().enumerate() {
            let ind = o.indicator.as_str();
            let k = match current {
                Some((name, k)) if name == ind => k,
                _ => {
                    let k = *slot_of.entry(ind).or_insert_with(|| {
                        slots.push((ind, Vec::new(), 0));
                        slots.len() - 1
                    });
                    current = Some((ind, k));
                    k
                }
            };
            let slot = &mut slots[k];
            slot.1.push(i);
            let year = o.period.year();
            years = (years.0.min(year), years.1.max(year));
            match unit_index.get(o.unit.as_str()) {
                Some(&u) => {
                    obs_lineage.push(unit_lineage[u]);
                    slot.2 |= 1 << (ds.units[u].level as u8);
                }
                None => obs_lineage.push(u32::MAX),
            }
        }
        let mut by_indicator: HashMap<String, Vec<usize>> = HashMap::default();
        let mut levels: HashMap<String, u8> = HashMap::default();
        for (name, all, bits) in slots {
            by_indicator.insert(name.to_string(), all);
            levels.insert(name.to_string(), bits);
        }
        let year_bounds = if years.0 <= years.1 { years } else { (2000, 2000) };
        Db { ds, unit_index, lineages, lineage_ix, obs_lineage, by_indicator, levels, year_bounds, file_hash: None }
    }

    /// Says which file the dataset was read from: the FNV-1a 32 hash of its bytes ([`crate::hash::fnv1a_32`],
    /// as [`crate::stream::JsonStream::fnv1a_32`] computes it while reading). The view drawn at build time names
    /// the published file's hash, so the app knows it shows the same figures ([`crate::screen::view_key`]).
    pub fn read_from(mut self, file_hash: u32) -> Db {
        self.file_hash = Some(file_hash);
        self
    }

    /// The hash given by [`Db::read_from`]: `None` for a dataset made in the browser (a reader's own file).
    pub fn file_hash(&self) -> Option<u32> {
        self.file_hash
    }

    /// The unit record with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_index.get(id).map(|&i| &self.ds.units[i])
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.ds.indicator(id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.ds.source(id)
    }

    /// The lineage id of a unit record.
    pub fn lineage_of(&self, unit_id: &str) -> Option<&str> {
        self.unit(unit_id).map(|u| u.lineage.as_str())
    }

    /// The place with this lineage id.
    pub fn place(&self, lineage: &str) -> Option<Place<'_>> {
        let (key, list) = self.lineages.get_key_value(lineage)?;
        Some(Place { lineage: key, first: &self.ds.units[*list.first()?], latest: &self.ds.units[*list.last()?] })
    }

    /// Brings a state read from a link in line with this dataset: indicators and places it does not have are
    /// dropped, and when no indicator is left the first one with figures is chosen (a reader's own file, or the
    /// synthetic data, may not have the default indicators). Returns whether anything changed.
    pub fn repair_state(&self, state: &mut ExplorerState) -> bool {
        let before = (state.indicators.clone(), state.places.clone());
        state.indicators.retain(|i| self.by_indicator.contains_key(i));
        if state.indicators.is_empty() {
            let first = self.indicator_groups().into_iter().flat_map(|(_, list)| list).next();
            state.indicators = first.map(|i| vec![i.id.clone()]).unwrap_or(before.0.clone());
        }
        state.places.retain(|p| self.lineages.contains_key(p));
        (state.indicators.clone(), state.places.clone()) != before
    }

    /// Adds `id` to the indicators compared, when it is a known indicator of the primary one's measure (a count is
    /// never drawn on a percent's axis). Returns whether it is now shown.
    pub fn compare_indicator(&self, state: &mut ExplorerState, id: &str) -> bool {
        let measure = |id: &str| self.indicator(id).map(|i| i.measure);
        if measure(id).is_none() || measure(id) != measure(state.primary_indicator()) {
            return false;
        }
        state.add_indicator(id);
        true
    }

    /// What clicking a place on a chart or map does: a district drills down to its communes; any other place opens
    /// the profile of its most recent record.
    pub fn activate_place(&self, state: &mut ExplorerState, lineage: &str) {
        let Some(place) = self.place(lineage) else { return };
        if place.latest.level == Level::District {
            state.drill_into(lineage);
        } else {
            state.profile = Some(place.latest.id.clone());
        }
    }

    /// Every place of a level, sorted by name (diacritics folded, so "Đô Lương" sorts with "Do").
    pub fn places(&self, level: Level) -> Vec<Place<'_>> {
        let mut out: Vec<Place<'_>> =
            self.lineages.keys().filter_map(|l| self.place(l)).filter(|p| p.latest.level == level).collect();
        sort::sort_by_cached_key(&mut out, |p| (search::fold(&p.latest.short_name), p.lineage.to_string()));
        out
    }

    /// Whether a place lies in the district with lineage `parent` (in any of its records).
    pub fn is_within(&self, place: &Place<'_>, parent: &str) -> bool {
        [place.first, place.latest]
            .iter()
            .filter_map(|u| u.parent.as_deref())
            .any(|p| self.lineage_of(p) == Some(parent))
    }

    /// Places of a level, restricted to a drilled-into district when `parent` is given.
    pub fn places_in(&self, level: Level, parent: Option<&str>) -> Vec<Place<'_>> {
        let all = self.places(level);
        match parent {
            Some(parent) => all.into_iter().filter(|p| self.is_within(p, parent)).collect(),
            None => all,
        }
    }

    /// Places of a level (within `parent` when given) whose name matches a search (case and diacritics ignored),
    /// best matches first.
    pub fn search_places(&self, level: Level, parent: Option<&str>, query: &str) -> Vec<Place<'_>> {
        let mut scored: Vec<(u32, Place<'_>)> = self
            .places_in(level, parent)
            .into_iter()
            .filter_map(|p| {
                let best = [&p.latest.name, &p.first.name].into_iter().filter_map(|n| search::score(query, n)).max();
                best.map(|s| (s, p))
            })
            .collect();
        // Higher scores are better matches; the sort is stable, so equal scores keep alphabetical order.
        sort::sort_by_key(&mut scored, |(s, _)| std::cmp::Reverse(*s));
        scored.into_iter().map(|(_, p)| p).collect()
    }

    /// All observations of an indicator.
    pub fn observations_of(&self, indicator: &str) -> impl Iterator<Item = &Observation> {
        self.by_indicator.get(indicator).into_iter().flatten().map(|&i| &self.ds.observations[i])
    }

    /// Indicators that have at least one figure, grouped by theme in display order (themes without figures are
    /// left out).
    pub fn indicator_groups(&self) -> Vec<(&crate::model::Theme, Vec<&Indicator>)> {
        self.ds
            .themes
            .iter()
            .map(|t| {
                let list: Vec<&Indicator> = self
                    .ds
                    .indicators
                    .iter()
                    .filter(|i| i.theme == t.id && self.by_indicator.contains_key(&i.id))
                    .collect();
                (t, list)
            })
            .filter(|(_, l)| !l.is_empty())
            .collect()
    }

    /// Observations of an indicator for one place within the state's year range, in time order.
    pub fn figures(&self, state: &ExplorerState, indicator: &str, lineage: &str) -> Vec<&Observation> {
        let mut out: Vec<&Observation> = self
            .indices_at(indicator, lineage)
            .map(|i| &self.ds.observations[i])
            .filter(|o| state.year_in_range(o.period.year()))
            .collect();
        // The position on the time axis is worked out once per figure, not twice per comparison (a reader's sheet
        // can put 300,000 figures on one line).
        fn key<'o>(o: &&'o Observation) -> (i64, &'o str) {
            let o: &'o Observation = o;
            (total_order_key(o.period.axis_position()), o.id.as_str())
        }
        sort::sort_by_cached_key(&mut out, key);
        out
    }

    /// Whether an indicator has any figure for a place (ignoring the year range).
    pub fn has_data(&self, indicator: &str, lineage: &str) -> bool {
        self.indices_at(indicator, lineage).next().is_some()
    }

    /// Indices of an indicator's figures for a place.
    fn indices_at(&self, indicator: &str, lineage: &str) -> impl Iterator<Item = usize> + '_ {
        let l = self.lineage_ix.get(lineage).copied();
        let all = self.by_indicator.get(indicator).filter(|_| l.is_some());
        all.into_iter().flatten().copied().filter(move |&i| Some(self.obs_lineage[i]) == l)
    }

    /// Whether an indicator has any figure at a level (ignoring the year range).
    pub fn has_data_at_level(&self, indicator: &str, level: Level) -> bool {
        self.levels.get(indicator).is_some_and(|bits| bits & (1 << (level as u8)) != 0)
    }

    /// The places the views show: the selection when there is one (restricted to the level), otherwise every place of
    /// the level with figures for the primary indicator in the year range, up to [`AUTO_PLACES_MAX`].
    pub fn shown_places(&self, state: &ExplorerState) -> Vec<Place<'_>> {
        let chosen: Vec<Place<'_>> =
            state.places.iter().filter_map(|l| self.place(l)).filter(|p| p.latest.level == state.level).collect();
        if !chosen.is_empty() {
            return chosen;
        }
        let with_data: BTreeSet<&str> = sort::set(
            self.observations_of(state.primary_indicator())
                .filter(|o| state.year_in_range(o.period.year()))
                .filter_map(|o| self.unit(&o.unit))
                .filter(|u| u.level == state.level)
                .map(|u| u.lineage.as_str()),
        );
        // Lines need a cap to stay readable; ratings are counted, so every rated place is shown.
        let cap = if self.primary_measure(state) == Some(Measure::Category) { usize::MAX } else { AUTO_PLACES_MAX };
        self.places_in(state.level, state.parent.as_deref())
            .into_iter()
            .filter(|p| with_data.contains(p.lineage))
            .take(cap)
            .collect()
    }

    /// Measure of the state's primary indicator.
    pub fn primary_measure(&self, state: &ExplorerState) -> Option<Measure> {
        self.indicator(state.primary_indicator()).map(|i| i.measure)
    }

    /// Every figure the active view draws: the ranked figures in the bar view, the rated figures of the counted
    /// year when a rating is charted, otherwise the selected indicators for the shown places. The sources panel
    /// lists exactly these.
    pub fn figures_on_screen(&self, state: &ExplorerState) -> Vec<&Observation> {
        let is_rating = self.primary_measure(state) == Some(Measure::Category);
        match state.view {
            View::Bar if !is_rating => self.ranking(state).into_iter().map(|(_, o)| o).collect(),
            View::Bar | View::Line if is_rating => {
                let Some(year) = self.ranking_year(state) else { return Vec::new() };
                let mut out: Vec<&Observation> = self
                    .observations_of(state.primary_indicator())
                    .filter(|o| o.period.year() == year)
                    .filter(|o| self.unit(&o.unit).is_some_and(|u| u.level == state.level))
                    .collect();
                sort::sort_by_cached_key(&mut out, |o| self.unit(&o.unit).map(|u| search::fold(&u.short_name)));
                out
            }
            _ => self.shown_figures(state),
        }
    }

    /// Years (of period ends) with figures for an indicator at a level, ascending.
    pub fn years_with_data(&self, indicator: &str, level: Level) -> Vec<i32> {
        let set: BTreeSet<i32> = sort::set(
            self.observations_of(indicator)
                .filter(|o| self.unit(&o.unit).is_some_and(|u| u.level == level))
                .map(|o| o.period.year()),
        );
        set.into_iter().collect()
    }

    /// Earliest and latest year of any figure, for the year-range inputs.
    pub fn year_bounds(&self) -> (i32, i32) {
        self.year_bounds
    }

    /// The year the bar view ranks: the chosen one, or the latest year with data in range.
    pub fn ranking_year(&self, state: &ExplorerState) -> Option<i32> {
        let years = self.years_with_data(state.primary_indicator(), state.level);
        match state.year {
            Some(y) => Some(y),
            None => years.into_iter().rev().find(|y| state.year_in_range(*y)),
        }
    }

    /// Ranking of the level's places on the primary indicator for the ranking year, best first (largest first when
    /// higher is better or neutral). A place with several figures that year is ranked on its latest one; the others
    /// stay visible in the table and sources.
    pub fn ranking(&self, state: &ExplorerState) -> Vec<(Place<'_>, &Observation)> {
        let Some(year) = self.ranking_year(state) else { return Vec::new() };
        let indicator = state.primary_indicator();
        let mut best: BTreeMap<&str, &Observation> = BTreeMap::new();
        for o in self.observations_of(indicator).filter(|o| o.period.year() == year && o.value.as_number().is_some()) {
            let Some(u) = self.unit(&o.unit).filter(|u| u.level == state.level) else { continue };
            let slot = best.entry(u.lineage.as_str()).or_insert(o);
            if o.period.axis_position() > slot.period.axis_position() {
                *slot = o;
            }
        }
        let lower_better = self.indicator(indicator).and_then(|i| i.higher_is_better) == Some(false);
        let mut out: Vec<(Place<'_>, &Observation)> =
            best.into_iter().filter_map(|(l, o)| self.place(l).map(|p| (p, o))).collect();
        sort::sort_by(&mut out, |a, b| {
            let (x, y) = (a.1.value.as_number().unwrap_or(0.0), b.1.value.as_number().unwrap_or(0.0));
            let ord = if lower_better { x.total_cmp(&y) } else { y.total_cmp(&x) };
            ord.then_with(|| a.0.lineage.cmp(b.0.lineage))
        });
        out
    }

    /// For a category indicator: each category with the places rated so in the ranking year, in category order.
    pub fn category_counts(&self, state: &ExplorerState) -> Vec<(&Category, Vec<Place<'_>>)> {
        let Some(ind) = self.indicator(state.primary_indicator()) else { return Vec::new() };
        let Some(year) = self.ranking_year(state) else { return Vec::new() };
        ind.categories
            .iter()
            .map(|c| {
                let mut places: Vec<Place<'_>> = self
                    .observations_of(&ind.id)
                    .filter(|o| o.period.year() == year && o.value.as_category() == Some(c.code.as_str()))
                    .filter_map(|o| self.unit(&o.unit))
                    .filter(|u| u.level == state.level)
                    .filter_map(|u| self.place(&u.lineage))
                    .collect();
                sort::sort_by_cached_key(&mut places, |p| search::fold(&p.latest.short_name));
                places.dedup_by_key(|p| p.lineage);
                (c, places)
            })
            .collect()
    }

    /// Every figure on screen: the selected indicators for the shown places within the year range.
    pub fn shown_figures(&self, state: &ExplorerState) -> Vec<&Observation> {
        let places = self.shown_places(state);
        let mut out = Vec::new();
        for ind in &state.indicators {
            for p in &places {
                out.extend(self.figures(state, ind, p.lineage));
            }
        }
        out
    }

    /// Table rows for the shown figures, sorted as the state asks.
    pub fn table_rows(&self, state: &ExplorerState) -> Vec<TableRow<'_>> {
        self.rows_of(&self.shown_figures(state), state)
    }

    /// Table rows for the given figures, sorted as the state asks (figures of units, indicators or places this
    /// data lacks are left out).
    pub fn rows_of<'a>(&'a self, figures: &[&'a Observation], state: &ExplorerState) -> Vec<TableRow<'a>> {
        let lang = state.lang;
        let mut rows: Vec<TableRow<'a>> = figures
            .iter()
            .copied()
            .filter_map(|o| {
                let unit = self.unit(&o.unit)?;
                let place = self.place(&unit.lineage)?;
                let indicator = self.indicator(&o.indicator)?;
                Some(TableRow { place, unit, indicator, observation: o, source: self.source(&o.source) })
            })
            .collect();
        let (key, desc) = state.sort;
        sort::sort_by(&mut rows, |a, b| {
            let by_unit = || search::fold(&a.place.name(lang)).cmp(&search::fold(&b.place.name(lang)));
            let by_ind = || a.indicator.name.get(lang).cmp(b.indicator.name.get(lang));
            let by_time = || a.observation.period.axis_position().total_cmp(&b.observation.period.axis_position());
            let by_value = || match (a.observation.value.as_number(), b.observation.value.as_number()) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                _ => a.observation.value.as_category().cmp(&b.observation.value.as_category()),
            };
            let ord = match key {
                SortKey::Unit => by_unit().then_with(by_ind).then_with(by_time),
                SortKey::Indicator => by_ind().then_with(by_unit).then_with(by_time),
                SortKey::Period => by_time().then_with(by_unit).then_with(by_ind),
                SortKey::Value => by_value().then_with(by_unit).then_with(by_time),
            };
            if desc {
                ord.reverse()
            } else {
                ord
            }
        });
        rows
    }

    /// Change between the first and the last year with a figure, for each shown place and numeric indicator.
    pub fn changes(&self, state: &ExplorerState) -> Vec<Change<'_>> {
        let mut out = Vec::new();
        for ind in &state.indicators {
            let Some(indicator) = self.indicator(ind) else { continue };
            if !matches!(indicator.measure, Measure::Count | Measure::Percent) {
                continue;
            }
            for place in self.shown_places(state) {
                let figs: Vec<&Observation> =
                    self.figures(state, ind, place.lineage).into_iter().filter(|o| !o.period.is_range()).collect();
                let (Some(first), Some(last)) = (figs.first(), figs.last()) else { continue };
                if first.period.year() == last.period.year() {
                    continue;
                }
                out.push(Change { place, indicator, first, last });
            }
        }
        out
    }
}

/// Figures read from one source, grouped by the sentence that carries them.
#[derive(Debug, Clone)]
pub struct SourceGroup<'a> {
    /// Source id.
    pub source: &'a str,
    /// Sentences in order of first appearance.
    pub sentences: Vec<SentenceGroup<'a>>,
}

/// Figures carried by one exact sentence.
#[derive(Debug, Clone)]
pub struct SentenceGroup<'a> {
    /// The sentence, verbatim.
    pub sentence: &'a str,
    /// Its language.
    pub language: &'a str,
    /// The figures it carries, in the order given.
    pub figures: Vec<&'a Observation>,
}

/// Groups figures by source, then by sentence, keeping first-appearance order, so a sentence that carries several
/// figures (2001 and 2013 in one line) is shown once.
pub fn group_by_source<'a>(figures: &[&'a Observation]) -> Vec<SourceGroup<'a>> {
    let mut groups: Vec<SourceGroup<'a>> = Vec::new();
    for o in figures {
        let gi = match groups.iter().position(|g| g.source == o.source) {
            Some(i) => i,
            None => {
                groups.push(SourceGroup { source: &o.source, sentences: Vec::new() });
                groups.len() - 1
            }
        };
        let sentences = &mut groups[gi].sentences;
        match sentences.iter_mut().find(|s| s.sentence == o.sentence) {
            Some(s) => s.figures.push(o),
            None => sentences.push(SentenceGroup {
                sentence: &o.sentence,
                language: &o.sentence_language,
                figures: vec![o],
            }),
        }
    }
    groups
}

/// One row of the table view.
#[derive(Debug, Clone, Copy)]
pub struct TableRow<'a> {
    /// The place.
    pub place: Place<'a>,
    /// The unit record in force at the figure's date (its name may differ from the place's latest name).
    pub unit: &'a Unit,
    /// The indicator.
    pub indicator: &'a Indicator,
    /// The figure.
    pub observation: &'a Observation,
    /// Its source.
    pub source: Option<&'a Source>,
}

/// The change of a numeric indicator for one place between its first and last figure in range.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The place.
    pub place: Place<'a>,
    /// The indicator.
    pub indicator: &'a Indicator,
    /// The earliest figure.
    pub first: &'a Observation,
    /// The latest figure.
    pub last: &'a Observation,
}

impl Change<'_> {
    /// Last minus first.
    pub fn absolute(&self) -> f64 {
        self.last.value.as_number().unwrap_or(0.0) - self.first.value.as_number().unwrap_or(0.0)
    }

    /// Relative change in percent; `None` when the first value is zero.
    pub fn relative(&self) -> Option<f64> {
        let f = self.first.value.as_number()?;
        (f != 0.0).then(|| self.absolute() / f * 100.0)
    }
}

mod disagree;

#[cfg(test)]
pub(crate) mod tests;
