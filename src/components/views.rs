//! The view tabs (line chart, ranking, table) and the headline that says what is shown.

use super::actions::ViewActions;
use super::echart::{EChart, Standing};
use super::map::MapView;
use super::sources::SourcesPanel;
use super::table::{CategoryTable, ChangeTable, DataTable};
use crate::interop::echarts::ChartClick;
use chiso_core::charts::ChartSpec;
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::query::Db;
use chiso_core::screen::{view_key, Screen, ScreenKind};
use chiso_core::state::{ExplorerState, View};
use chiso_core::tr;
use leptos::prelude::*;
use std::sync::Arc;

/// Tabs, headline and the active view.
#[component]
pub fn Views(
    db: Arc<Db>,
    state: RwSignal<ExplorerState>,
    /// Embedded in another page: no tabs or breadcrumb, the table under the chart when asked for.
    #[prop(optional)]
    embed: bool,
) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let view_kind = Memo::new(move |_| state.with(|s| s.view));
    // What the view shows comes from one place, `Screen`; the panel is rebuilt only when its kind changes (a
    // line, a ranking, ratings, …), not between counts and percents, which would make a new ECharts instance.
    let kind = {
        let db = db.clone();
        Memo::new(move |_| state.with(|s| Screen::new(&db, s).kind()))
    };
    let headline = {
        let db = db.clone();
        Memo::new(move |_| {
            state.with(|s| {
                let screen = Screen::new(&db, s);
                (screen.headline(), screen.subtitle())
            })
        })
    };
    // A memo: a change the chart does not depend on (opening a profile, sorting the table) gives an equal chart,
    // and an equal chart is never sent to ECharts again.
    let chart = {
        let db = db.clone();
        Memo::new(move |_| state.with(|s| Screen::new(&db, s).chart()))
    };
    // The first view may be the one drawn at build time (the same key): its chart stands for this one's, which is
    // not computed, until the reader changes anything.
    let built = state.with_untracked(|s| view_key(s, &db)).and_then(|k| crate::dom::built_chart(&k)).map(|chart| {
        let still = RwSignal::new(true);
        let initial = state.get_untracked();
        // Once the flag is off the effect no longer reads the state, so it is not run again.
        Effect::new(move |_| {
            if still.get_untracked() && state.with(|s| *s != initial) {
                still.set(false);
            }
        });
        Standing { chart, still }
    });
    // The app replaces the page drawn at build time when its view is drawn: views without a chart at once, charts
    // when ECharts has drawn them (`EChart`), and in any case within a few seconds (a map still loading its
    // boundaries shows its own loading state rather than the static page).
    Effect::new(move |_| {
        if !kind.get().has_chart() {
            crate::dom::take_over();
        }
    });
    set_timeout(crate::dom::take_over, std::time::Duration::from_secs(4));
    // On phones the tab row scrolls: keep the chosen tab in sight. Not when the explorer first shows (scrolling
    // forces a layout of the whole page, 100 ms and more right after a large file opens; the first tab is in sight).
    Effect::new(move |first: Option<bool>| {
        let v = view_kind.get();
        if first.is_none() && v == View::ALL[0] {
            return false;
        }
        if let Some(el) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("tab-{}", v.id())))
        {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
            opts.set_inline(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
        }
        false
    });
    let tabs = move || {
        let lang = lang.get();
        View::ALL
            .into_iter()
            .map(|v| {
                let selected = move || view_kind.get() == v;
                view! {
                    <button
                        type="button"
                        role="tab"
                        id=format!("tab-{}", v.id())
                        aria-controls="view-panel"
                        aria-selected=move || selected().to_string()
                        tabindex=move || if selected() { "0" } else { "-1" }
                        class:active=selected
                        on:click=move |_| state.update(|s| s.view = v)
                    >
                        {v.label(lang)}
                    </button>
                }
            })
            .collect_view()
    };
    let db_panel = db.clone();
    // The panel is built a task after the headline and tabs, and its first chart (unless the build's stands for
    // it) is computed in a task between the two: in the wasm's first run each is as long as building all the rest
    // of the view (the code is compiled as it first runs). The memo keeps the chart for the panel.
    if built.is_none() {
        set_timeout(
            move || {
                let _ = chart.try_with_untracked(|_| ());
            },
            std::time::Duration::ZERO,
        );
    }
    let panel_ready = super::next_task();
    let panel = move || {
        if !panel_ready.get() {
            return ().into_any();
        }
        let db = db_panel.clone();
        match kind.get() {
            ScreenKind::Ratings => view! {
                {
                    let db = db.clone();
                    move || {
                        (view_kind.get() == View::Bar)
                            .then(|| view! { <YearSelect db=db.clone() state lang /> <LevelBelowHint db=db.clone() state /> })
                    }
                }
                <EChart spec=chart test_id="chart-category" />
                <CategoryTable db state />
            }
            .into_any(),
            ScreenKind::Line => {
                let still = built.as_ref().map(|b| b.still);
                let built = built.clone();
                view! {
                    <NoDataHint spec=chart lang still />
                    <EChart spec=chart test_id="chart-line" built />
                    <Legend lang />
                }
                .into_any()
            }
            ScreenKind::Ranking => {
                let db_click = db.clone();
                let on_click = Callback::new(move |c: ChartClick| {
                    let lineage =
                        state.with(|s| db_click.ranking(s).get(c.data_index).map(|(p, _)| p.lineage.to_string()));
                    if let Some(l) = lineage {
                        state.update(|s| db_click.activate_place(s, &l));
                    }
                });
                view! {
                    <RankBy db=db.clone() state lang />
                    <YearSelect db=db.clone() state lang />
                    <LevelBelowHint db state />
                    <NoDataHint spec=chart lang />
                    <EChart spec=chart test_id="chart-bar" on_click />
                }
                .into_any()
            }
            ScreenKind::Map => view! { <MapView db state /> }.into_any(),
            ScreenKind::Sources => view! { <SourcesPanel db state /> }.into_any(),
            ScreenKind::Table => view! { <DataTable db=db.clone() state /> <ChangeTable db state /> }.into_any(),
        }
    };
    if embed {
        let db_table = db.clone();
        let show_table = move || {
            state.with(|s| {
                let screen = Screen::new(&db_table, s);
                screen.shows_table() && screen.kind() != ScreenKind::Table
            })
        };
        return view! {
            <section class="views">
                // The page inside the frame is the chart alone: its title is the page's one heading.
                <div class="headline embed-head">
                    <h1>{move || headline.get().0}</h1>
                    <p class="where">{move || headline.get().1}</p>
                </div>
                <div class="panel">{panel}</div>
                {move || show_table().then(|| view! { <DataTable db=db.clone() state /> })}
            </section>
        }
        .into_any();
    }
    // The share, download and embed buttons under the view are built in a task of their own after it.
    let actions = super::next_task();
    let db_actions = db.clone();
    view! {
        <section class="views">
            <Breadcrumb db=db.clone() state lang />
            <div class="headline">
                <h2>{move || headline.get().0}</h2>
                <p class="where">{move || headline.get().1}</p>
            </div>
            // ARIA tabs: one tab stop (the selected tab), the arrow keys, Home and End move between tabs, Enter or
            // Space opens one (`dom::keyboard_patterns`).
            <div role="tablist" class="tabs" aria-label=move || t(Msg::View, lang.get())>{tabs}</div>
            // The skip link's target (focusable from script only).
            <div
                id="view-panel"
                role="tabpanel"
                class="panel"
                tabindex="-1"
                aria-labelledby=move || format!("tab-{}", view_kind.get().id())
            >
                {panel}
            </div>
            {move || actions.get().then(|| view! { <ViewActions db=db_actions.clone() state /> })}
        </section>
    }
    .into_any()
}

/// "Nghệ An › Huyện Tân Kỳ" while drilled into a district; the first step goes back up.
#[component]
fn Breadcrumb(db: Arc<Db>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        let parent = state.with(|s| s.parent.clone())?;
        let lang = lang.get();
        let place = db.place(&parent);
        let name = place.map(|p| p.name(lang)).unwrap_or_else(|| parent.clone());
        let latest = place.map(|p| p.latest.id.clone());
        let province = db.place("40").map(|p| p.name(lang)).unwrap_or_default();
        Some(view! {
            <nav class="breadcrumb" aria-label=tr!(lang, "Vị trí", "Breadcrumb")>
                <ol>
                    <li>
                        <button
                            type="button"
                            class="link"
                            data-focus-next=".tabs [aria-selected='true']"
                            on:click=move |_| state.update(|s| s.drill_up())
                        >
                            {province}
                        </button>
                    </li>
                    <li aria-current="page">
                        {name}
                        {latest.map(|id| view! {
                            " "
                            <button
                                type="button"
                                class="link small"
                                on:click=move |_| state.update(|s| s.profile = Some(id.clone()))
                            >
                                {tr!(lang, "(hồ sơ)", "(profile)")}
                            </button>
                        })}
                    </li>
                </ol>
            </nav>
        })
    }
}

#[component]
fn NoDataHint(
    spec: Memo<Option<ChartSpec>>,
    lang: Memo<Lang>,
    /// While the build's chart stands for this view's (it has figures), the chart is not computed for the hint.
    #[prop(optional_no_strip)]
    still: Option<RwSignal<bool>>,
) -> impl IntoView {
    move || {
        if still.is_some_and(|s| s.get()) {
            return None;
        }
        spec.with(|s| s.as_ref().is_some_and(|s| s.series_count() == 0 || s.labels.iter().all(Vec::is_empty))).then(
            || {
                view! { <p class="empty" role="status">{t(Msg::NoData, lang.get())}</p> }
            },
        )
    }
}

#[component]
fn Legend(lang: Memo<Lang>) -> impl IntoView {
    view! {
        <p class="chart-legend">
            <span class="legend-item">
                <span class="marker solid" aria-hidden="true"></span>
                {move || t(Msg::PublishedFigure, lang.get())}
            </span>
            <span class="legend-item">
                <span class="marker hollow" aria-hidden="true"></span>
                {move || t(Msg::Approximate, lang.get())}
            </span>
        </p>
    }
}

/// "Xếp hạng theo": the chosen indicators, when several are chosen (a ranking ranks one, the first).
#[component]
fn RankBy(db: Arc<Db>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        let list = state.with(|s| Screen::new(&db, s).rank_choices());
        let first = list.first()?.0.clone();
        Some(view! {
            <div class="field inline">
                <label for="rank-by">{tr!(lang.get(), "Xếp hạng theo", "Rank by")}</label>
                <select
                    id="rank-by"
                    style="min-width: 0; max-width: 100%"
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        state.update(|s| s.rank_by(&id));
                    }
                >
                    {list
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = id == first;
                            view! { <option value=id selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        })
    }
}

/// When the level has too few places to rank (the province is one), the level below that has several.
#[component]
fn LevelBelowHint(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    move || {
        state.with(|s| Screen::new(&db, s).level_below()).map(|b| {
            let level = b.level;
            view! {
                <p class="hint level-below" role="status">
                    {b.why}
                    " "
                    <button type="button" class="link" on:click=move |_| state.update(|s| s.set_level(level))>
                        {b.action}
                    </button>
                </p>
            }
        })
    }
}

#[component]
fn YearSelect(db: Arc<Db>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    let current = {
        let db = db.clone();
        move || state.with(|s| db.ranking_year(s))
    };
    let years = move || {
        let (ind, level) = state.with(|s| (s.primary_indicator().to_string(), s.level));
        db.years_with_data(&ind, level)
    };
    view! {
        <div class="field inline">
            <label for="rank-year">{move || t(Msg::Year, lang.get())}</label>
            <select
                id="rank-year"
                on:change=move |ev| {
                    let y = event_target_value(&ev).parse().ok();
                    state.update(|s| s.year = y);
                }
            >
                {move || {
                    let cur = current();
                    years()
                        .into_iter()
                        .rev()
                        .map(|y| view! { <option value=y.to_string() selected=cur == Some(y)>{y}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
