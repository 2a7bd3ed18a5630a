//! The map view: a choropleth of the level for one time stop, with a year slider (play/pause), an HTML legend,
//! notices about figures of other periods, the carry option for the July 2025 communes, and click-to-drill.
//!
//! Boundaries are fetched only when the map is first shown (`geo/index.json`, then one file per period and
//! level), together with the map part of ECharts (`echarts::ensure_extra`), registered with ECharts once, and kept
//! for the session. Everything shown comes from `chiso_core::map`, the index included (`GeoIndex`). A download
//! that fails or stops answering (`api::fetch_text`'s timeout) shows why, in the reader's language, with a retry
//! that loads again whatever is missing.

use super::echart::EChart;
use crate::api::{fetch_text, FetchError};
use crate::context::{DarkMode, MapIndex};
use crate::interop::echarts::{self, ChartClick};
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::map::{self, map_data, stop_label, GeoIndex, MapData, MapLegend, NOT_COMPARABLE_COLOR, NO_DATA_COLOR};
use chiso_core::query::Db;
use chiso_core::screen::Screen;
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

/// Where the map's geometry stands.
#[derive(Clone, PartialEq)]
enum Geometry {
    Loading,
    Ready,
    Failed(MapError),
}

/// Why a map could not be drawn.
#[derive(Clone, PartialEq)]
enum MapError {
    /// `geo/index.json` or a boundary file could not be downloaded.
    File(String, FetchError),
    /// The map part of ECharts (`echarts/extra.js`) could not be loaded.
    Extra(FetchError),
    /// A file came but could not be read, or the index names no file for the map.
    Invalid(String, String),
}

impl MapError {
    /// The message for readers, in their language.
    fn message(&self, lang: Lang) -> String {
        match self {
            MapError::File(file, e) => {
                e.describe(lang, &tr!(lang, "tệp ranh giới {file}", "the boundary file {file}", file = file))
            }
            MapError::Extra(e) => e.describe(lang, echarts::extra_name(lang)),
            MapError::Invalid(file, detail) => {
                tr!(
                    lang,
                    "Tệp {file} không đọc được: {detail}",
                    "{file} could not be read: {detail}",
                    file = file,
                    detail = detail
                )
            }
        }
    }
}

/// Loads the map part of ECharts, the index (once) and the map's file, and registers it with ECharts. Every
/// download gives up after [`crate::api::fetch_timeout_ms`] without an answer.
async fn load_map(name: String, index: RwSignal<Option<Arc<GeoIndex>>>) -> Result<(), MapError> {
    // Started now, awaited after the boundaries: both downloads run at once.
    let extra = echarts::ensure_extra();
    if index.with_untracked(Option::is_none) {
        const INDEX: &str = "geo/index.json";
        let text = fetch_text(INDEX).await.map_err(|e| MapError::File(INDEX.into(), e))?;
        let parsed = GeoIndex::from_json(&text).map_err(|e| MapError::Invalid(INDEX.into(), e.to_string()))?;
        index.set(Some(Arc::new(parsed)));
    }
    let file = index
        .with_untracked(|i| i.as_ref().and_then(|i| i.entry(&name)).map(|m| format!("geo/{}", m.file)))
        .ok_or_else(|| MapError::Invalid("geo/index.json".into(), format!("no boundaries for map {name}")))?;
    let text = fetch_text(&file).await.map_err(|e| MapError::File(file.clone(), e))?;
    extra.await.map_err(MapError::Extra)?;
    echarts::register_map(&name, &text).map_err(|e| MapError::Invalid(file, e))
}

/// The map tab.
#[component]
pub fn MapView(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let dark = use_context::<DarkMode>().map(|d| d.0);
    let data = {
        let db = db.clone();
        Memo::new(move |_| {
            let mut d = state.with(|s| map_data(&db, s));
            d.dark = dark.is_some_and(|d| d.get());
            d
        })
    };
    let index = MapIndex::get_or_new().0;
    let geometry = RwSignal::new(HashMap::<String, Geometry>::new());
    // Bumped by "Thử lại": the loading effect tracks it (and only it and the map name), so a retry runs the
    // effect again once the failed entry is gone. Removing the entry alone did nothing: the effect reads
    // `geometry` untracked (it writes it too), and the view then showed "loading" for ever.
    let retries = RwSignal::new(0u32);

    // Fetch and register the boundaries the current map needs, once per map name (again after a retry).
    Effect::new(move |_| {
        retries.track();
        let Some(name) = data.with(|d| d.map.clone()) else { return };
        if geometry.with_untracked(|g| g.contains_key(&name)) {
            return;
        }
        if echarts::is_map_registered(&name) {
            geometry.update(|g| {
                g.insert(name, Geometry::Ready);
            });
            return;
        }
        geometry.update(|g| {
            g.insert(name.clone(), Geometry::Loading);
        });
        spawn_local(async move {
            let result = load_map(name.clone(), index).await;
            geometry.update(|g| {
                g.insert(name, result.map_or_else(Geometry::Failed, |_| Geometry::Ready));
            });
        });
    });

    let status = move || {
        data.with(|d| d.map.clone()).map(|name| geometry.with(|g| g.get(&name).cloned().unwrap_or(Geometry::Loading)))
    };
    // A memo, so a state change that leaves the chart as it is does not redraw it.
    let spec = {
        let db = db.clone();
        Memo::new(move |_| {
            state.with(|s| {
                index.with(|i| data.with(|d| Some(Screen::new(&db, s).with_index(i.as_deref()).map_chart(d))))
            })
        })
    };
    let on_click = {
        let db = db.clone();
        Callback::new(move |c: ChartClick| {
            if db.unit(&c.name).is_some() {
                state.update(|s| {
                    map::activate_on_map(&db, s, &c.name);
                });
            }
        })
    };

    let chart = move || {
        match status() {
        None => None,
        Some(Geometry::Ready) => Some(view! { <EChart spec test_id="chart-map" on_click /> }.into_any()),
        Some(Geometry::Loading) => {
            Some(view! { <div class="map-loading" role="status">{t(Msg::Loading, lang.get())}</div> }.into_any())
        }
        Some(Geometry::Failed(e)) => Some(
            view! {
                <div class="load-error" role="alert">
                    <p>{tr!(lang.get(), "Không tải được bản đồ.", "Could not load the map.")} " " {e.message(lang.get())}</p>
                    <button
                        type="button"
                        on:click=move |_| {
                            if let Some(name) = data.with_untracked(|d| d.map.clone()) {
                                geometry.update(|g| {
                                    g.remove(&name);
                                });
                                retries.update(|n| *n += 1);
                            }
                        }
                    >
                        {t(Msg::Retry, lang.get())}
                    </button>
                </div>
            }
            .into_any(),
        ),
    }
    };

    view! {
        <div class="map-view">
            <TimeSlider state data lang />
            <CarryToggle state data lang />
            {chart}
            <MapLegendView data lang />
            <Notices data state lang />
            <MapPicker data state on_pick=on_click />
        </div>
    }
}

/// The slider of time stops, read from the map data itself ([`MapData::stops`], [`MapData::stop`]): it always
/// shows the stop the map draws. Hidden when there is only one stop.
#[component]
fn TimeSlider(state: RwSignal<ExplorerState>, data: Memo<MapData>, lang: Memo<Lang>) -> impl IntoView {
    let stops = Memo::new(move |_| data.with(|d| d.stops.clone()));
    let current = Memo::new(move |_| data.with(|d| d.stop_index().unwrap_or(d.stops.len().saturating_sub(1))));
    let shown = Memo::new(move |_| data.with(MapData::has_time_choice));
    let label = move || {
        let lang = lang.get();
        data.with(|d| d.stop.as_ref().map(|p| stop_label(p, lang)).unwrap_or_default())
    };
    let set_index = move |i: usize| {
        if let Some(stop) = stops.with_untracked(|l| l.get(i).cloned()) {
            state.update(|s| s.map_at = Some(stop));
        }
    };
    let playing = RwSignal::new(false);
    let handle = StoredValue::new_local(None::<IntervalHandle>);
    let stop_playing = move || {
        playing.set(false);
        handle.update_value(|h| {
            if let Some(h) = h.take() {
                h.clear();
            }
        });
    };
    let toggle = move |_| {
        if playing.get_untracked() {
            stop_playing();
            return;
        }
        playing.set(true);
        // Restart from the first stop when at the end.
        let n = stops.with_untracked(Vec::len);
        if current.get_untracked() + 1 >= n {
            set_index(0);
        }
        let h = set_interval_with_handle(
            move || {
                let n = stops.with_untracked(Vec::len);
                let next = current.get_untracked() + 1;
                if next >= n {
                    stop_playing();
                } else {
                    set_index(next);
                }
            },
            std::time::Duration::from_millis(1200),
        );
        handle.set_value(h.ok());
    };
    on_cleanup(stop_playing);
    view! {
        <div class="time-slider" hidden=move || !shown.get()>
            <button
                type="button"
                class="play"
                aria-pressed=move || playing.get().to_string()
                aria-label=move || {
                    if playing.get() { tr!(lang.get(), "Tạm dừng", "Pause") } else { tr!(lang.get(), "Chạy qua các năm", "Play through the years") }
                }
                on:click=toggle
            >
                {move || if playing.get() { "❚❚" } else { "▶" }}
            </button>
            <label class="slider">
                <span class="visually-hidden">{move || t(Msg::Year, lang.get())}</span>
                <input
                    type="range"
                    min="0"
                    max=move || stops.with(|l| l.len().saturating_sub(1)).to_string()
                    step="1"
                    prop:value=move || current.get().to_string()
                    aria-valuetext=label
                    on:input=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            stop_playing();
                            set_index(i);
                        }
                    }
                />
            </label>
            <output class="stop-label" aria-live="polite">{label}</output>
        </div>
    }
}

#[component]
fn CarryToggle(state: RwSignal<ExplorerState>, data: Memo<MapData>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        let relevant = data.with(MapData::offers_carry);
        relevant.then(|| {
            view! {
                <label class="carry">
                    <input
                        type="checkbox"
                        prop:checked=move || state.with(|s| s.carry)
                        on:change=move |ev| state.update(|s| s.carry = event_target_checked(&ev))
                    />
                    {move || {
                        tr!(
                            lang.get(),
                            "Cộng số liệu của các xã cũ cho xã mới (chỉ với số lượng, khi đủ mọi xã cũ)",
                            "Carry counts of the former communes to the new ones (counts only, when every former commune has one)",
                        )
                    }}
                </label>
            }
        })
    }
}

#[component]
fn MapLegendView(data: Memo<MapData>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        let _ = lang.get();
        data.with(|d| {
            let mut items: Vec<(String, String, &'static str)> = match &d.legend {
                MapLegend::Sequential { labels, colors, .. } => {
                    labels.iter().zip(colors).map(|(l, c)| (c.clone(), l.clone(), "")).collect()
                }
                MapLegend::Categories { items } => {
                    items.iter().map(|(code, label, c)| (c.clone(), format!("{label} ({code})"), "")).collect()
                }
                MapLegend::None => Vec::new(),
            };
            if d.map.is_some() {
                items.push((NO_DATA_COLOR.to_string(), d.no_data_label.clone(), "hatch"));
                if let Some(nc) = &d.not_comparable_label {
                    items.push((NOT_COMPARABLE_COLOR.to_string(), nc.clone(), "cross"));
                }
            }
            (!items.is_empty()).then(|| {
                view! {
                    <ul class="map-legend" data-testid="map-legend">
                        {items
                            .into_iter()
                            .map(|(color, label, pattern)| {
                                view! {
                                    <li>
                                        <span class=format!("swatch {pattern}") style=format!("background-color:{color}") aria-hidden="true"></span>
                                        {label}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })
        })
    }
}

/// Notes under the map, with a way down to a level worth mapping on the province map.
#[component]
fn Notices(data: Memo<MapData>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        data.with(|d| {
            (!d.notices.is_empty()).then(|| {
                let _ = lang.get();
                let below = d.level_below_action().map(|(level, text)| {
                    view! {
                        <button type="button" class="level-below" on:click=move |_| state.update(|s| s.set_level(level))>
                            {text}
                        </button>
                    }
                });
                view! {
                    <div class="notice map-notices" role="note">
                        <ul>{d.notices.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                        {below}
                    </div>
                }
            })
        })
    }
}

/// The map from the keyboard: the map's regions as a native list box (`<select size>`: one tab stop, arrows, Home/End
/// and type-ahead come with it) under the map. Moving the selection highlights the region on the map with its
/// tooltip; Enter does what a click on the region does.
#[component]
fn MapPicker(data: Memo<MapData>, state: RwSignal<ExplorerState>, on_pick: Callback<ChartClick>) -> impl IntoView {
    let lit = StoredValue::new(None::<String>);
    let chart_el = || document().query_selector("[data-testid=\"chart-map\"]").ok().flatten();
    let light = move |id: Option<String>| {
        if let Some(el) = chart_el() {
            echarts::highlight_item(&el, lit.get_value().as_deref(), id.as_deref());
        }
        lit.set_value(id);
    };
    move || {
        let lang = state.with(|s| s.lang);
        let picks = data.with(MapData::pickable);
        let n = picks.len();
        (n > 1).then(|| {
            view! {
                <details class="map-picker">
                    <summary>
                        {tr!(
                            lang,
                            "Danh sách {n} đơn vị trên bản đồ (phím mũi tên để chọn, Enter để mở)",
                            "List of the {n} units on the map (arrow keys to choose, Enter to open)",
                            n = n
                        )}
                    </summary>
                    <select
                        size="8"
                        data-testid="map-picker"
                        aria-label=tr!(lang, "Các đơn vị trên bản đồ", "Units on the map")
                        on:change=move |ev| light(Some(event_target_value(&ev)))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            let id = event_target_value(&ev);
                            if ev.key() == "Enter" && !id.is_empty() {
                                ev.prevent_default();
                                on_pick.run(ChartClick { series_index: 0, data_index: 0, name: id });
                            }
                        }
                        on:blur=move |_| light(None)
                    >
                        {picks.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                    </select>
                </details>
            }
        })
    }
}
