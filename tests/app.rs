//! The app's components in a real browser (headless Chromium, `cargo xtask test`, step "unit tests (app, headless
//! Chromium)"): mounted with the published dataset (`data/nghe-an.json`, compiled in), against a stand-in for the
//! global `echarts` that records every `init` and `setOption`, so the tests see what the app asks ECharts to draw
//! without drawing it. Only for wasm32: on the host this file is empty.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use chiso::components::echart::EChart;
use chiso::components::views::Views;
use chiso_core::charts::{bar_chart, line_chart, ChartSpec};
use chiso_core::model::Dataset;
use chiso_core::query::Db;
use chiso_core::state::ExplorerState;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Installs `window.echarts`, a stand-in that records calls in `window.__echartsCalls`
/// (`{call: "init"}`, `{call: "setOption", series: N, types: [...], notMerge}`), and empties the record.
fn stub_echarts() {
    js_sys::eval(
        r#"
        window.__echartsCalls = [];
        window.echarts = {
          init(el, theme, opts) {
            window.__echartsCalls.push({ call: 'init', theme });
            return {
              setOption(option, notMerge) {
                const series = Array.isArray(option.series) ? option.series : [];
                window.__echartsCalls.push({
                  call: 'setOption', series: series.length, types: series.map((s) => s.type), notMerge,
                });
              },
              resize() {}, dispose() {}, on() {}, off() {},
            };
          },
          registerMap() {}, getMap() { return null; },
        };
        "#,
    )
    .expect("the stub is valid JavaScript");
}

/// One recorded call.
#[derive(Debug, PartialEq)]
struct Call {
    call: String,
    series: usize,
    types: Vec<String>,
    not_merge: bool,
}

/// The calls recorded since [`stub_echarts`].
fn calls() -> Vec<Call> {
    let list = js_sys::eval("window.__echartsCalls").expect("the record exists");
    js_sys::Array::from(&list)
        .iter()
        .map(|c| {
            let get = |k: &str| js_sys::Reflect::get(&c, &k.into()).unwrap_or(JsValue::UNDEFINED);
            Call {
                call: get("call").as_string().unwrap_or_default(),
                series: get("series").as_f64().unwrap_or(0.0) as usize,
                types: get("types")
                    .dyn_into::<js_sys::Array>()
                    .map(|a| a.iter().filter_map(|t| t.as_string()).collect())
                    .unwrap_or_default(),
                not_merge: get("notMerge").as_bool().unwrap_or(false),
            }
        })
        .collect()
}

fn set_option_calls() -> Vec<Call> {
    calls().into_iter().filter(|c| c.call == "setOption").collect()
}

/// The published dataset, indexed once per test.
fn db() -> Arc<Db> {
    let ds = Dataset::from_json(include_str!("../data/nghe-an.json")).expect("the published dataset loads");
    Arc::new(Db::new(ds))
}

/// A fresh element under `<body>` to mount into.
fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    let el: web_sys::HtmlElement = doc.create_element("div").expect("a div").unchecked_into();
    el.style().set_css_text("width: 800px");
    doc.body().expect("a body").append_child(&el).expect("appended");
    el
}

/// Lets Leptos run its effects and the browser settle (a macrotask later).
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("the timer fires");
}

#[wasm_bindgen_test]
async fn the_views_show_the_headline_and_draw_the_default_line_chart() {
    stub_echarts();
    let db = db();
    let state = RwSignal::new(ExplorerState::default());
    let expected = state.with_untracked(|s| line_chart(&db, s));
    let name =
        db.indicator(&state.with_untracked(|s| s.indicators[0].clone())).expect("a default indicator").name.vi.clone();
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), {
        let db = db.clone();
        move || view! { <Views db state /> }
    });
    settle().await;

    let headline = el.query_selector(".headline h2").unwrap().expect("a headline").text_content().unwrap_or_default();
    assert!(headline.contains(&name), "headline `{headline}` lacks `{name}`");
    assert!(el.query_selector("[data-testid=chart-line]").unwrap().is_some(), "the line chart's element is there");
    let inits = calls().iter().filter(|c| c.call == "init").count();
    assert_eq!(inits, 1, "one ECharts instance: {:?}", calls());
    let options = set_option_calls();
    let last = options.last().expect("an option was set");
    assert!(expected.series_count() > 0);
    assert_eq!(last.series, expected.series_count());
    assert!(last.not_merge, "options replace the old one (notMerge)");
    assert!(last.types.iter().all(|t| t == "line"), "{:?}", last.types);
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_filter_change_reaches_set_option_with_the_new_series() {
    stub_echarts();
    let db = db();
    let state = RwSignal::new(ExplorerState::default());
    let el = container();
    let handle = leptos::mount::mount_to(el, {
        let db = db.clone();
        move || view! { <Views db state /> }
    });
    settle().await;
    let before = set_option_calls().len();
    let first = set_option_calls().last().expect("the first chart").series;

    // One indicator instead of the two default ones: fewer lines.
    state.update(|s| s.indicators.truncate(1));
    let expected = state.with_untracked(|s| line_chart(&db, s)).series_count();
    settle().await;
    let after = set_option_calls();
    assert_eq!(after.len(), before + 1, "one setOption per change: {after:?}");
    assert_eq!(after.last().unwrap().series, expected);
    assert!(expected < first, "{expected} series after dropping an indicator, {first} before");
    assert_eq!(calls().iter().filter(|c| c.call == "init").count(), 1, "the instance is kept");

    // Another view: the ranking, as bars.
    state.update(|s| s.view = chiso_core::state::View::Bar);
    let expected = state.with_untracked(|s| bar_chart(&db, s)).series_count();
    settle().await;
    let last = set_option_calls().pop().unwrap();
    assert_eq!(last.series, expected);
    assert!(last.types.iter().any(|t| t == "bar"), "{:?}", last.types);
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_chart_replaces_its_option_whenever_its_spec_changes() {
    stub_echarts();
    let db = db();
    let state = ExplorerState::default();
    let two = line_chart(&db, &state);
    let one = line_chart(&db, &ExplorerState { indicators: state.indicators[..1].to_vec(), ..state.clone() });
    let spec = RwSignal::new(two.clone());
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <EChart spec=Signal::derive(move || spec.get()) test_id="chart-test" /> }
    });
    settle().await;
    assert_eq!(set_option_calls().iter().map(|c| c.series).collect::<Vec<_>>(), [two.series_count()]);
    spec.set(one.clone());
    settle().await;
    let counts: Vec<usize> = set_option_calls().iter().map(|c| c.series).collect();
    assert_eq!(counts, [two.series_count(), one.series_count()]);
    assert!(set_option_calls().iter().all(|c| c.not_merge));
    let chart = el.query_selector("[data-testid=chart-test]").unwrap().expect("the chart element");
    let height = chart.unchecked_ref::<web_sys::HtmlElement>().style().get_property_value("height").unwrap();
    assert_eq!(height, format!("{}px", one.height));
    let _: &ChartSpec = &one;
    drop(handle);
}
