//! The view tabs (line chart, ranking, table) and the headline that says what is shown.

use super::actions::ViewActions;
use super::echart::EChart;
use super::map::MapView;
use super::sources::SourcesPanel;
use super::table::{CategoryTable, ChangeTable, DataTable};
use crate::interop::echarts::ChartClick;
use chiso_core::charts::{bar_chart, category_chart, line_chart, ChartSpec};
use chiso_core::i18n::{level_label, t, Lang, Msg};
use chiso_core::model::Measure;
use chiso_core::query::Db;
use chiso_core::state::{ExplorerState, View};
use leptos::prelude::*;
use std::sync::Arc;

fn view_label(v: View, lang: Lang) -> &'static str {
    match v {
        View::Line => t(Msg::ViewLine, lang),
        View::Bar => t(Msg::ViewBar, lang),
        View::Map => lang.pick("Bản đồ", "Map"),
        View::Table => t(Msg::ViewTable, lang),
        View::Sources => t(Msg::Sources, lang),
    }
}

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
    let db_h = db.clone();
    let measure = {
        let db = db.clone();
        Memo::new(move |_| state.with(|s| db.indicator(s.primary_indicator()).map_or(Measure::Count, |i| i.measure)))
    };
    let headline = Memo::new(move |_| {
        let lang = lang.get();
        state.with(|s| {
            let names: Vec<String> =
                s.indicators.iter().filter_map(|i| db_h.indicator(i)).map(|i| i.name.get(lang).to_string()).collect();
            let places: Vec<String> = db_h.shown_places(s).iter().map(|p| p.name(lang)).collect();
            let where_ = if places.is_empty() {
                level_label(s.level, lang).to_string()
            } else if places.len() > 4 {
                format!("{} {}", places.len(), level_label(s.level, lang).to_lowercase())
            } else {
                places.join(", ")
            };
            (names.join(" · "), where_)
        })
    });
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
                        class:active=selected
                        on:click=move |_| state.update(|s| s.view = v)
                    >
                        {view_label(v, lang)}
                    </button>
                }
            })
            .collect_view()
    };
    let db_line = db.clone();
    let db_bar = db.clone();
    let db_tab = db.clone();
    let db_map = db.clone();
    // The panel is rebuilt only when the kind of chart changes (a category chart or a line), not between counts and
    // percents: rebuilding it made a new ECharts instance on such filter changes (init, a second setOption, a resize).
    let is_category = Memo::new(move |_| measure.get() == Measure::Category);
    let panel = move || {
        let is_cat = is_category.get();
        match view_kind.get() {
            View::Line if is_cat => {
                let db = db_line.clone();
                let spec = Signal::derive(move || state.with(|s| category_chart(&db, s)));
                view! { <EChart spec test_id="chart-category" /> <CategoryTable db=db_line.clone() state /> }.into_any()
            }
            View::Line => {
                let db = db_line.clone();
                let spec = Signal::derive(move || state.with(|s| line_chart(&db, s)));
                view! { <NoDataHint spec lang /> <EChart spec test_id="chart-line" /> <Legend lang /> }.into_any()
            }
            View::Bar => {
                let db = db_bar.clone();
                let spec = Signal::derive(move || {
                    state.with(|s| if is_cat { category_chart(&db, s) } else { bar_chart(&db, s) })
                });
                let db_click = db_bar.clone();
                let on_click = Callback::new(move |c: ChartClick| {
                    if is_cat {
                        return;
                    }
                    let lineage =
                        state.with(|s| db_click.ranking(s).get(c.data_index).map(|(p, _)| p.lineage.to_string()));
                    if let Some(l) = lineage {
                        state.update(|s| db_click.activate_place(s, &l));
                    }
                });
                view! {
                    <YearSelect db=db_bar.clone() state lang />
                    <NoDataHint spec lang />
                    <EChart spec test_id="chart-bar" on_click />
                    {is_cat.then(|| view! { <CategoryTable db=db_bar.clone() state /> })}
                }
                .into_any()
            }
            View::Map => view! { <MapView db=db_map.clone() state /> }.into_any(),
            View::Sources => view! { <SourcesPanel db=db_map.clone() state /> }.into_any(),
            View::Table => {
                view! { <DataTable db=db_tab.clone() state /> <ChangeTable db=db_tab.clone() state /> }.into_any()
            }
        }
    };
    if embed {
        let with_table = state.with_untracked(|s| s.embed.as_ref().is_some_and(|e| e.table));
        let show_table = move || with_table && view_kind.get() != View::Table && view_kind.get() != View::Sources;
        return view! {
            <section class="views">
                <div class="headline embed-head">
                    <h2>{move || headline.get().0}</h2>
                    <p class="where">{move || headline.get().1}</p>
                </div>
                <div class="panel">{panel}</div>
                {move || show_table().then(|| view! { <DataTable db=db.clone() state /> })}
            </section>
        }
        .into_any();
    }
    view! {
        <section class="views">
            <Breadcrumb db=db.clone() state lang />
            <div class="headline">
                <h2>{move || headline.get().0}</h2>
                <p class="where">{move || headline.get().1}</p>
            </div>
            <div role="tablist" class="tabs" aria-label=move || t(Msg::View, lang.get())>{tabs}</div>
            <div id="view-panel" role="tabpanel" class="panel" aria-labelledby=move || format!("tab-{}", view_kind.get().id())>
                {panel}
            </div>
            <ViewActions db=db.clone() state />
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
            <nav class="breadcrumb" aria-label=lang.pick("Vị trí", "Breadcrumb")>
                <ol>
                    <li>
                        <button type="button" class="link" on:click=move |_| state.update(|s| s.drill_up())>
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
                                {lang.pick("(hồ sơ)", "(profile)")}
                            </button>
                        })}
                    </li>
                </ol>
            </nav>
        })
    }
}

#[component]
fn NoDataHint(spec: Signal<ChartSpec>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        (spec.with(|s| s.series_count() == 0 || s.labels.iter().all(Vec::is_empty))).then(|| {
            view! { <p class="empty" role="status">{t(Msg::NoData, lang.get())}</p> }
        })
    }
}

#[component]
fn Legend(lang: Memo<Lang>) -> impl IntoView {
    view! {
        <p class="chart-legend">
            <span class="legend-item">
                <span class="marker solid" aria-hidden="true"></span>
                {move || lang.get().pick("số liệu công bố", "published figure")}
            </span>
            <span class="legend-item">
                <span class="marker hollow" aria-hidden="true"></span>
                {move || t(Msg::Approximate, lang.get())}
            </span>
        </p>
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
