//! "Open your own file": the reader's CSV or JSON is read and validated in the browser and, when valid, shown
//! instead of the published data, with a banner that cannot be missed. Nothing leaves the reader's machine.
//! (Being built; see issue 5.)

use chiso_core::query::Db;
use chiso_core::state::ExplorerState;
use leptos::prelude::*;
use std::sync::Arc;

/// The banner above the views when the data shown is not the published data (the reader's file, or synthetic).
#[component]
pub fn DataBanner(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let _ = state;
    db.ds.synthetic.then(|| view! { <div class="data-banner synthetic" role="status">"Dữ liệu tổng hợp"</div> })
}

/// The "open data file" button, dialog and drop zone.
#[component]
pub fn OpenData(state: RwSignal<ExplorerState>) -> impl IntoView {
    let _ = state;
}
