//! Helpers shared by the map's tests: the reader's state on the map, reference periods, finding a region.

use super::regions::{MapData, Region};
use crate::i18n::Lang;
use crate::model::Level;
use crate::period::RefPeriod;
use crate::state::{ExplorerState, View};

pub(crate) use crate::charts::tests::assert_snapshot;
pub(crate) use crate::fixtures::{four_periods as synth, real_db as real};

pub(crate) fn state(level: Level, ind: &str, at: &str, lang: Lang) -> ExplorerState {
    ExplorerState {
        level,
        lang,
        view: View::Map,
        animate: false,
        indicators: vec![ind.to_string()],
        map_at: Some(at.parse().unwrap()),
        ..Default::default()
    }
}

pub(crate) fn p(s: &str) -> RefPeriod {
    s.parse().unwrap()
}

pub(crate) fn region<'a>(data: &'a MapData, id: &str) -> &'a Region {
    data.regions.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no region {id}"))
}

pub(crate) fn carry(level: Level, ind: &str, lang: Lang) -> ExplorerState {
    ExplorerState { carry: true, ..state(level, ind, "2025-H2", lang) }
}
