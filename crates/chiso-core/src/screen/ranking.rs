//! What a ranking says about itself: which of the chosen indicators it ranks (only one can be), which others the
//! reader can rank by instead, and, when its level has too few places with a figure to rank (the province is one
//! place), the level below that has several.

use super::{level_plural, Screen, ScreenKind};
use crate::i18n::level_label;
use crate::model::Level;
use crate::state::ExplorerState;
use crate::tr;
use serde::Serialize;

/// Fewest places with a figure that make a ranking.
pub const RANKING_MIN: usize = 2;

/// A level with more places to rank, suggested when the current one has too few.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelBelow {
    /// The level to rank instead.
    pub level: Level,
    /// Why: "Tỉnh: 1 đơn vị có số liệu năm 2013, không đủ để xếp hạng." / "Province: 1 unit with a figure for
    /// 2013, too few to rank."
    pub why: String,
    /// The button: "Xếp hạng đơn vị cấp huyện" / "Rank the districts".
    pub action: String,
}

impl Screen<'_> {
    /// The indicators a ranking can rank by, as (id, name), when more than one is chosen: the first is ranked.
    /// Empty for other views and for a single indicator.
    pub fn rank_choices(&self) -> Vec<(String, String)> {
        if !matches!(self.kind(), ScreenKind::Ranking | ScreenKind::Ratings) || self.state.indicators.len() < 2 {
            return Vec::new();
        }
        let lang = self.lang();
        let names = self.state.indicators.iter().filter_map(|id| self.db.indicator(id));
        names.map(|i| (i.id.clone(), i.name.get(lang).to_string())).collect()
    }

    /// "xếp hạng theo Tổ chức đảng trong sạch vững mạnh" / "ranked by …", for the subtitle of a ranking of
    /// several chosen indicators (the headline names them all).
    pub fn ranked_by(&self) -> Option<String> {
        let (_, name) = self.rank_choices().into_iter().next()?;
        Some(tr!(self.lang(), "xếp hạng theo {name}", "ranked by {name}", name = name))
    }

    /// How many places the ranking (or the count of ratings) of a state has.
    fn ranked_places(&self, state: &ExplorerState) -> usize {
        match self.kind() {
            ScreenKind::Ratings => self.db.category_counts(state).iter().map(|(_, places)| places.len()).sum(),
            _ => self.db.ranking(state).len(),
        }
    }

    /// When the level has fewer than [`RANKING_MIN`] places with a figure for the year, the first level below it
    /// that has enough, with what to tell the reader. `None` on other views or when the ranking has places enough.
    pub fn level_below(&self) -> Option<LevelBelow> {
        if !matches!(self.kind(), ScreenKind::Ranking | ScreenKind::Ratings) {
            return None;
        }
        let n = self.ranked_places(self.state);
        if n >= RANKING_MIN {
            return None;
        }
        let below: &[Level] = match self.state.level {
            Level::Province => &[Level::District, Level::Commune],
            Level::District => &[Level::Commune],
            Level::Commune | Level::Bloc => &[],
        };
        let level = below.iter().copied().find(|l| {
            let mut there = self.state.clone();
            there.set_level(*l);
            self.ranked_places(&there) >= RANKING_MIN
        })?;
        let lang = self.lang();
        let current = level_label(self.state.level, lang);
        let year = self.db.ranking_year(self.state).map(|y| y.to_string()).unwrap_or_default();
        let why = tr!(
            lang,
            "{current}: {n} đơn vị có số liệu năm {year}, không đủ để xếp hạng.",
            "{current}: {n} unit(s) with a figure for {year}, too few to rank.",
            current = current,
            n = n,
            year = year
        );
        let action = tr!(lang, "Xếp hạng {plural}", "Rank the {plural}", plural = level_plural(level, lang));
        Some(LevelBelow { level, why, action })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::real_db;
    use crate::url::decode_state;

    fn state(query: &str) -> ExplorerState {
        decode_state(query).0
    }

    #[test]
    fn a_ranking_of_two_indicators_says_it_ranks_the_first_and_offers_both() {
        let db = real_db();
        let s = state("view=bar&level=district");
        let screen = Screen::new(&db, &s);
        assert_eq!(screen.rank_choices().len(), 2);
        assert_eq!(screen.rank_choices()[0].0, "clean_strong_orgs_pct");
        assert_eq!(screen.ranked_by().as_deref(), Some("xếp hạng theo Tổ chức đảng trong sạch vững mạnh"));
        assert!(
            screen.subtitle().ends_with("xếp hạng theo Tổ chức đảng trong sạch vững mạnh"),
            "{}",
            screen.subtitle()
        );
        let one = state("view=bar&level=district&ind=clean_strong_orgs_pct");
        assert_eq!(Screen::new(&db, &one).ranked_by(), None, "one indicator: the headline says it");
        let line = state("level=district");
        assert_eq!(Screen::new(&db, &line).ranked_by(), None, "the line chart draws both");
    }

    #[test]
    fn a_ranking_of_the_one_province_suggests_the_level_below_with_places_to_rank() {
        let db = real_db();
        let s = state("view=bar&ind=party_members&year=2025");
        let below = Screen::new(&db, &s).level_below().expect("the province alone is no ranking");
        assert_eq!(below.level, Level::Commune, "no district has party members in 2025; communes do");
        assert_eq!(below.why, "Tỉnh: 1 đơn vị có số liệu năm 2025, không đủ để xếp hạng.");
        assert_eq!(below.action, "Xếp hạng đơn vị cấp xã");
        let en = state("view=bar&ind=party_members&year=2025&lang=en");
        assert_eq!(Screen::new(&db, &en).level_below().unwrap().action, "Rank the communes");
        let communes = state("view=bar&ind=party_members&level=commune&year=2025");
        assert_eq!(Screen::new(&db, &communes).level_below(), None, "five communes are a ranking");
    }

    #[test]
    fn a_level_below_with_no_more_places_is_not_suggested() {
        let db = real_db();
        let s = state("view=bar&ind=clean_strong_orgs_pct");
        assert_eq!(Screen::new(&db, &s).level_below(), None, "one district has a figure: not better than the province");
    }
}
