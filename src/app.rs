//! The shell: reads the state from the URL, keeps the URL, `<html lang>` and the title in step with it, loads
//! the dataset (skeleton while loading, a message with a retry button on failure) and lays out the explorer.

use crate::api::{self, FetchError};
use crate::components::actions::full_url;
use crate::components::controls::Controls;
use crate::components::offline::OfflineSave;
use crate::components::profile::{PlaceSearch, ProfilePanel};
use crate::components::sources::SourcesPanel;
use crate::components::upload::{DataBanner, OpenData};
use crate::components::views::Views;
use crate::context::{DarkMode, MapIndex, OwnData, OwnDataSlot, PublishedDb};
use crate::dom;
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::query::Db;
use chiso_core::screen::Screen;
use chiso_core::state::{ExplorerState, Theme, View};
use chiso_core::tr;
use chiso_core::url::{decode_state, encode_state, UrlWarning};
use leptos::ev;
use leptos::prelude::*;
use std::sync::Arc;

fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Writes the state's query into the address bar: a new history entry for a navigation (so Back undoes it),
/// otherwise a replacement. Nothing happens when the address already says it (e.g. after Back itself).
fn write_url(query: &str, push: bool) {
    let Some(window) = web_sys::window() else { return };
    let current = window.location().search().unwrap_or_default();
    if current.trim_start_matches('?') == query {
        return;
    }
    let path = window.location().pathname().unwrap_or_default();
    let hash = window.location().hash().unwrap_or_default();
    let url = if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") };
    if let Ok(history) = window.history() {
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}

/// Follows the browser's Back and Forward buttons: the state is read again from the address.
fn on_popstate(state: RwSignal<ExplorerState>) {
    // The app lives as long as the page: the listener is never removed.
    let _ = window_event_listener(ev::popstate, move |_| state.set(decode_state(&location_search()).0));
}

/// Keeps what lives outside the reactive system in step with the state: the URL (and Back and Forward), `<html
/// lang>`, the title, the colour scheme; and the page-wide keyboard, focus and print behaviours.
fn bind_page(state: RwSignal<ExplorerState>, lang: Memo<Lang>, dark: Memo<bool>, system_dark: RwSignal<bool>) {
    // Sync with what lives outside the reactive system: the URL, <html lang> and the document title.
    Effect::new(move |prev: Option<ExplorerState>| {
        let now = state.get();
        let push = prev.as_ref().is_some_and(|p| p.is_navigation_to(&now));
        write_url(&encode_state(&now), push);
        now
    });
    on_popstate(state);
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
            doc.set_title(t(Msg::AppTitle, lang));
        }
    });

    // Colour scheme: the reader's choice, or the system's when "auto".
    dom::on_prefers_dark_change(move |d| system_dark.set(d));
    Effect::new(move |_| dom::set_root_attribute("data-theme", if dark.get() { "dark" } else { "light" }));
    dom::open_details_for_print();

    dom::keep_focus_on_removal();
    dom::keyboard_patterns();
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (initial, warnings) = decode_state(&location_search());
    let state = RwSignal::new(initial);
    let warnings = RwSignal::new(warnings);
    let lang = Memo::new(move |_| state.with(|s| s.lang));

    // Colour scheme: the reader's choice, or the system's when "auto"; ECharts follows through the context.
    let system_dark = RwSignal::new(dom::prefers_dark());
    let dark = Memo::new(move |_| state.with(|s| s.theme).is_dark(system_dark.get()));
    provide_context(DarkMode(dark));

    // Embedded in a host page: no header, and the page reports its height to the host.
    let embed = state.with_untracked(|s| s.embed.clone());
    if let Some(e) = &embed {
        dom::set_body_class("embed", true);
        dom::observe_height(e.id.clone().unwrap_or_else(|| "chiso".to_string()));
    }
    let embedded = embed.is_some();
    // The page's bindings come a task after the mount (the dataset's download starts first): nothing they do is
    // seen before the app takes the page over, and the mount stays one short task on a phone.
    if let Some(owner) = Owner::current() {
        set_timeout(move || owner.with(|| bind_page(state, lang, dark, system_dark)), std::time::Duration::ZERO);
    }

    let own = RwSignal::new(None::<OwnData>);
    provide_context(OwnDataSlot(own));
    let published = RwSignal::new(None::<Arc<Db>>);
    provide_context(PublishedDb(published));
    provide_context(MapIndex(RwSignal::new(None)));

    let attempt = RwSignal::new(0u32);
    // `data=` names another dataset file (e.g. the synthetic one for benchmarks); it is read once at start.
    let data_url = state.with_untracked(|s| s.data.clone());
    let loaded = RwSignal::new(None::<f64>);
    let data = LocalResource::new(move || {
        attempt.track();
        let url = data_url.clone();
        async move {
            // A task after the mount: the boot script has already asked for the file (a preload), so this only
            // keeps the mount short.
            api::yield_now().await;
            api::load(url, move |share| loaded.set(Some(share))).await
        }
    });

    // The header is built a task after the app is mounted, its actions a task later: the page drawn at build
    // time shows its own header meanwhile, and each task stays short on a phone (mounting all of it at once was
    // the one long task between the wasm's arrival and the first view).
    let header_ready = crate::components::next_task();
    let actions = crate::components::next_task();
    let header = move || {
        (!embedded && header_ready.get()).then(|| view! {
            // The first stop of the Tab key: past the header and the filters, to the view. Its target has no
            // address of its own (a fragment would stick to the shared link): it is focused from here.
            <a
                class="skip-link"
                href="#view-panel"
                on:click=move |ev| {
                    ev.prevent_default();
                    dom::focus_first(["#view-panel"]);
                }
            >
                {move || tr!(lang.get(), "Tới biểu đồ", "Skip to the chart")}
            </a>
            <header class="site-header">
                <div class="brand">
                    <h1>{move || t(Msg::AppTitle, lang.get())}</h1>
                    <p class="subtitle">{move || t(Msg::AppSubtitle, lang.get())}</p>
                </div>
                // The two switches first: on phones the buttons share one row that scrolls sideways.
                <div class="header-actions">
                    <button
                        class="theme-toggle"
                        type="button"
                        aria-pressed=move || dark.get().to_string()
                        on:click=move |_| {
                            state.update(|s| s.theme = if dark.get_untracked() { Theme::Light } else { Theme::Dark })
                        }
                    >
                        {move || t(Msg::DarkMode, lang.get())}
                    </button>
                    <button
                        class="lang-toggle"
                        type="button"
                        lang=move || lang.get().other().code()
                        on:click=move |_| state.update(|s| s.lang = s.lang.other())
                    >
                        {move || t(Msg::SwitchLanguage, lang.get())}
                    </button>
                    // Built in a task of their own after the rest of the page's frame (see `Explorer`).
                    {move || actions.get().then(|| view! { <OpenData state /> <OfflineSave state /> })}
                </div>
            </header>
        })
    };
    view! {
        {header}
        <UrlWarnings warnings lang />
        {move || match data.get() {
            // Built a task after the mount, which stays short (behind the page drawn at build time it is hidden
            // until the take-over; its loading line counts up as a large file is read).
            None => {
                let shown = crate::components::next_task();
                (move || shown.get().then(|| view! { <Skeleton lang=lang.get() loaded /> })).into_any()
            }
            Some(Err(e)) => view! { <LoadError error=e lang attempt /> }.into_any(),
            Some(Ok(db)) if embedded => view! { <EmbeddedExplorer db state /> }.into_any(),
            // The reader's own file, when one is open, replaces the published data until they go back.
            Some(Ok(db)) => {
                published.set(Some(db.clone()));
                (move || match own.get() {
                    Some(o) => view! { <Explorer db=o.db state /> }.into_any(),
                    None => view! { <Explorer db=db.clone() state /> }.into_any(),
                })
                    .into_any()
            }
        }}
    }
}

#[component]
fn UrlWarnings(warnings: RwSignal<Vec<UrlWarning>>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        let list = warnings.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice" role="status">
                    <ul>{list.iter().map(|w| view! { <li>{w.message(lang.get())}</li> }).collect_view()}</ul>
                    <button type="button" on:click=move |_| warnings.set(Vec::new())>{move || t(Msg::Close, lang.get())}</button>
                </div>
            }
        })
    }
}

#[component]
fn Skeleton(lang: Lang, loaded: RwSignal<Option<f64>>) -> impl IntoView {
    // A large dataset is read in slices: say how far it is (the published one is read before this shows).
    let share = move || loaded.get().map(|s| format!(" {}", chiso_core::format::percent((s * 100.0).round(), lang)));
    view! {
        <main class="explorer skeleton" aria-busy="true" data-ready="false">
            <p class="loading" role="status">{t(Msg::Loading, lang)} {share}</p>
            <div class="sk-controls"></div>
            <div class="sk-chart"></div>
        </main>
    }
}

#[component]
fn LoadError(error: FetchError, lang: Memo<Lang>, attempt: RwSignal<u32>) -> impl IntoView {
    // The message (and its retry) replaces the page drawn at build time.
    Effect::new(move |_| dom::take_over());
    view! {
        <main class="explorer" data-ready="false">
            <div class="load-error" role="alert">
                <h2>{move || t(Msg::LoadFailed, lang.get())}</h2>
                <p>{move || error.message(lang.get())}</p>
                <button type="button" class="primary" on:click=move |_| attempt.update(|n| *n += 1)>
                    {move || t(Msg::Retry, lang.get())}
                </button>
            </div>
        </main>
    }
}

#[component]
fn Explorer(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    // A link or file made for other data may name indicators or places this data lacks.
    let mut repaired = state.get_untracked();
    if db.repair_state(&mut repaired) {
        state.set(repaired);
    }
    // On phones the filter panel is a drawer, closed at first.
    let drawer = RwSignal::new(false);
    // The explorer is built in a few tasks, the view first: each task is then short enough on a phone not to
    // block a tap for long (Lighthouse's total blocking time), and the app stays hidden behind the page drawn at
    // build time until the last one is done (`dom::hold_take_over`), so nothing moves once it shows.
    let stage = RwSignal::new(Stage::View);
    build_in_stages(stage);
    let db_controls = db.clone();
    let db_sources = db.clone();
    let db_banner = db.clone();
    // One memo per part, so a part is built once, when its stage comes, not again at every later stage.
    let shown = move |s: Stage| Memo::new(move |_| stage.get() >= s);
    let (around, filters, sources) = (shown(Stage::Around), shown(Stage::Filters), shown(Stage::Sources));
    view! {
        // Escape, from the drawer or its button, closes the drawer and gives focus back to the button
        // (`dom::keyboard_patterns`).
        <main class="explorer" data-ready="true">
            <button
                type="button"
                class="filters-toggle"
                aria-expanded=move || drawer.get().to_string()
                aria-controls="filters"
                on:click=move |_| drawer.update(|o| *o = !*o)
            >
                {move || {
                    if drawer.get() {
                        tr!(lang.get(), "Đóng bộ lọc", "Close filters")
                    } else {
                        t(Msg::Filters, lang.get())
                    }
                }}
            </button>
            // Until then an empty panel holds its column, so the view beside it does not move.
            {move || match filters.get() {
                true => view! { <Controls db=db_controls.clone() state open=drawer /> }.into_any(),
                false => view! { <aside class="controls" aria-hidden="true"></aside> }.into_any(),
            }}
            <section class="content">
                {move || {
                    around.get().then(|| {
                        let db = db_banner.clone();
                        view! {
                            <DataBanner db=db.clone() state />
                            <PlaceSearch db=db.clone() state />
                            <ProfilePanel db state />
                        }
                    })
                }}
                <Views db=db.clone() state />
                {move || {
                    (sources.get() && state.with(|s| s.view) != View::Sources)
                        .then(|| view! { <SourcesPanel db=db_sources.clone() state /> })
                }}
            </section>
        </main>
    }
}

/// The parts of the explorer, in the order they are built, one task each (see [`build_in_stages`]).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Stage {
    /// The headline, the tabs and the view (its chart draws in a task of its own, `EChart`).
    View,
    /// The data banner, the place search and the place profile, above the view.
    Around,
    /// The filter panel.
    Filters,
    /// The sources list under the view.
    Sources,
}

impl Stage {
    fn next(self) -> Option<Stage> {
        match self {
            Stage::View => Some(Stage::Around),
            Stage::Around => Some(Stage::Filters),
            Stage::Filters => Some(Stage::Sources),
            Stage::Sources => None,
        }
    }
}

/// Moves `stage` on to the next part in a new task (a zero timeout) until the last, holding the take-over of
/// the page drawn at build time until then. Stops quietly if the explorer is gone meanwhile.
fn build_in_stages(stage: RwSignal<Stage>) {
    dom::hold_take_over();
    fn step(stage: RwSignal<Stage>) {
        set_timeout(
            move || match stage.try_get_untracked().and_then(Stage::next) {
                Some(next) => {
                    stage.set(next);
                    step(stage);
                }
                // The last part was built in the previous task (or the explorer is gone).
                None => dom::release_take_over(),
            },
            std::time::Duration::ZERO,
        );
    }
    step(stage);
}

/// The explorer inside a host page: the view with its title, a one-line source and a link to the full explorer.
#[component]
fn EmbeddedExplorer(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let mut repaired = state.get_untracked();
    if db.repair_state(&mut repaired) {
        state.set(repaired);
    }
    let filters = state.with_untracked(|s| s.embed.as_ref().is_some_and(|e| e.filters));
    let db_foot = db.clone();
    let foot = Memo::new(move |_| {
        state.with(|s| {
            let screen = Screen::new(&db_foot, s);
            (screen.source_line(), full_url(&screen.share_query()))
        })
    });
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    view! {
        <main class="explorer embed" data-ready="true">
            {filters.then(|| view! { <Controls db=db.clone() state /> })}
            <section class="content">
                <Views db=db.clone() state embed=true />
                <p class="embed-foot">
                    <span class="embed-source">{move || foot.get().0}</span>
                    <a class="embed-open" href=move || foot.get().1 target="_blank" rel="noopener">
                        {move || t(Msg::OpenInChiso, lang.get())}
                    </a>
                </p>
            </section>
        </main>
    }
}
