//! `<EChart>`: the one component that owns an ECharts instance. It creates the instance once, replaces the
//! option on every change (`notMerge`, so deselected series disappear), follows its container's size, and
//! disposes of the instance when unmounted.

use crate::context::DarkMode;
use crate::interop::echarts::{self, ChartClick, ECharts, Formatters};
use chiso_core::charts::ChartSpec;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

struct Live {
    chart: ECharts,
    dark: bool,
    /// Height the chart was last drawn at.
    height: u32,
    _formatters: Option<Formatters>,
    _observer: Option<(web_sys::ResizeObserver, Closure<dyn Fn()>)>,
    _click: Option<Closure<dyn Fn(JsValue)>>,
    _finished: Closure<dyn Fn(JsValue)>,
}

/// Whether the page's first chart has been marked (`chiso:first-chart`), for the benchmarks.
static FIRST_CHART_MARKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Marks a moment on the page's performance timeline (read by the benchmark harness).
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// A chart drawn by ECharts from a spec built in `chiso-core`.
#[component]
pub fn EChart(
    /// The chart to draw; redrawn whenever it changes (a memo, so an equal chart is never drawn again). `None`
    /// while the view is switching to one without a chart: nothing is drawn.
    #[prop(into)]
    spec: Signal<Option<ChartSpec>>,
    /// `data-testid` of the chart element, for end-to-end tests.
    #[prop(into)]
    test_id: String,
    /// Called when the reader clicks a data item (a bar, a region).
    #[prop(optional)]
    on_click: Option<Callback<ChartClick>>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    let error = RwSignal::new(None::<String>);

    let dark = use_context::<DarkMode>().map(|d| d.0);
    // Set when an option is replaced; the next `finished` event marks the chart as drawn.
    let pending = std::rc::Rc::new(std::cell::Cell::new(false));

    // ECharts' first drawing of a chart is a long piece of work: it starts in a task of its own, after the one
    // that built the view around it, so neither blocks a tap for long on a phone.
    let ready = super::next_task();

    Effect::new(move |_| {
        if !ready.get() {
            return;
        }
        let Some(spec) = spec.get() else { return };
        let dark = dark.is_some_and(|d| d.get());
        let Some(el) = node.get() else { return };
        let el: web_sys::HtmlElement = el.into();
        let _ = el.style().set_property("height", &format!("{}px", spec.height));
        // A theme can only be chosen when ECharts creates the instance: start again when it changes.
        if live.with_value(|l| l.as_ref().is_some_and(|l| l.dark != dark)) {
            live.update_value(|l| {
                if let Some(l) = l.take() {
                    if let Some((obs, _)) = &l._observer {
                        obs.disconnect();
                    }
                    l.chart.dispose();
                }
            });
        }
        if live.with_value(|l| l.is_none()) {
            match echarts::init(&el, dark) {
                Ok(chart) => {
                    let observer = observe_resize(&el, &chart);
                    let click = on_click.map(|cb| {
                        let handler: Closure<dyn Fn(JsValue)> =
                            Closure::new(move |params: JsValue| cb.run(echarts::read_click(&params)));
                        chart.on("click", handler.as_ref().unchecked_ref());
                        handler
                    });
                    let waiting = pending.clone();
                    let finished: Closure<dyn Fn(JsValue)> = Closure::new(move |_| {
                        if waiting.replace(false) {
                            if FIRST_CHART_MARKED.swap(true, std::sync::atomic::Ordering::Relaxed) {
                                mark("chiso:chart-updated");
                            } else {
                                mark("chiso:first-chart");
                                // The chart is on its canvas: the page drawn at build time can go.
                                crate::dom::take_over();
                                let _ = web_sys::window()
                                    .map(|w| w.dispatch_event(&web_sys::Event::new("chiso:first-chart").ok()?).ok());
                            }
                        }
                    });
                    chart.on("finished", finished.as_ref().unchecked_ref());
                    live.set_value(Some(Live {
                        chart,
                        dark,
                        height: spec.height,
                        _formatters: None,
                        _observer: observer,
                        _click: click,
                        _finished: finished,
                    }));
                }
                Err(e) => {
                    error.set(Some(e));
                    crate::dom::take_over();
                    return;
                }
            }
        }
        // Value labels in a series colour take its lighter twin on the dark page (`ChartSpec::for_theme`).
        match echarts::build_option(&spec.for_theme(dark)) {
            Ok((option, formatters)) => live.update_value(|l| {
                if let Some(l) = l {
                    // `resize` redraws the whole chart: only when the height changed (the width is followed by
                    // the resize observer). Calling it on every change doubled the work of a filter change.
                    if l.height != spec.height {
                        l.height = spec.height;
                        l.chart.resize();
                    }
                    pending.set(true);
                    if let Err(e) = l.chart.replace_option(&option) {
                        error.set(Some(e));
                    }
                    // The old formatters are dropped only now that ECharts no longer refers to them.
                    l._formatters = Some(formatters);
                }
            }),
            Err(e) => error.set(Some(e)),
        }
    });

    on_cleanup(move || {
        live.update_value(|l| {
            if let Some(l) = l.take() {
                if let Some((obs, _)) = &l._observer {
                    obs.disconnect();
                }
                l.chart.dispose();
            }
        });
    });

    view! {
        <div class="echart-wrap">
            <div
                class="echart"
                node_ref=node
                data-testid=test_id
                role="img"
                aria-label=move || spec.with(|s| s.as_ref().map(|s| s.summary.clone()))
            ></div>
            {move || error.get().map(|e| view! { <p class="chart-error" role="alert">"ECharts: " {e}</p> })}
        </div>
    }
}

fn observe_resize(el: &web_sys::HtmlElement, chart: &ECharts) -> Option<(web_sys::ResizeObserver, Closure<dyn Fn()>)> {
    let chart: ECharts = AsRef::<JsValue>::as_ref(chart).clone().unchecked_into();
    let cb: Closure<dyn Fn()> = Closure::new(move || chart.resize());
    let obs = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok()?;
    obs.observe(el);
    Some((obs, cb))
}
