//! The values the app shares through Leptos contexts, in one module that every component may import and that
//! imports no component, so there is no import cycle among the app's files.

use chiso_core::map::GeoIndex;
use chiso_core::query::Db;
use leptos::prelude::*;
use std::sync::Arc;

/// A dataset the reader opened from their own file; it never leaves their machine.
#[derive(Clone)]
pub struct OwnData {
    /// The data, indexed.
    pub db: Arc<Db>,
    /// Name of the file it came from, shown in the banner.
    pub file_name: String,
}

/// Where the reader's own data is kept (`None`: the published data is shown).
#[derive(Clone, Copy)]
pub struct OwnDataSlot(pub RwSignal<Option<OwnData>>);

/// The published dataset once loaded, which a reader's figures are read against (units, indicators).
#[derive(Clone, Copy)]
pub struct PublishedDb(pub RwSignal<Option<Arc<Db>>>);

/// Whether the page is dark, for components that draw with their own colours (ECharts).
#[derive(Clone, Copy)]
pub struct DarkMode(pub Memo<bool>);

/// The boundary index (`geo/index.json`), fetched when a map is first shown and kept for the session: the map
/// view and image exports frame maps by it (`Screen::with_index`).
#[derive(Clone, Copy)]
pub struct MapIndex(pub RwSignal<Option<Arc<GeoIndex>>>);

impl MapIndex {
    /// The app's index slot; a fresh one where no app provided it (a component mounted alone).
    pub fn get_or_new() -> MapIndex {
        use_context::<MapIndex>().unwrap_or_else(|| MapIndex(RwSignal::new(None)))
    }
}
