//! `<EChart>`: the one component that owns an ECharts instance. It creates the instance once, replaces the
//! option on every change (`notMerge`, so deselected series disappear), follows its container's size, and
//! disposes of the instance when unmounted.
//!
//! When its first chart is the one drawn at build time ([`Standing`]: the view has the key the build wrote next
//! to its drawings), it shows copies of those drawings instead and computes and draws its own chart only at the
//! reader's first pointer over them (replaying that pointer, so the tooltip answers the very touch) or when the
//! view changes: neither the chart's computation (the wasm's code compiled on its first run) nor ECharts' first
//! drawing, the longest pieces of work of the app's start on a phone, is part of the start for a reader who only
//! reads.

use crate::context::DarkMode;
use crate::dom::BuiltChart;
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

/// The chart drawn at build time, standing for a view's chart while the view is still the one it drew: the view
/// on the screen has the key the build wrote next to it (`chiso_core::screen::view_key`, `dom::built_chart`).
#[derive(Debug, Clone)]
pub struct Standing {
    /// What the page says of that chart.
    pub chart: BuiltChart,
    /// Whether the view is still the one drawn at build time: set to `false` at the reader's first change.
    pub still: RwSignal<bool>,
}

/// The build-time drawings a chart shows instead of drawing ([`BuiltChart::adopt`]), with the listener that
/// wakes it at the reader's first pointer.
struct Picture {
    svgs: Vec<web_sys::Element>,
    wake: Closure<dyn Fn(web_sys::PointerEvent)>,
}

/// The pointer events that wake a kept picture: a mouse or pen over it, a finger on it.
const WAKE_EVENTS: [&str; 2] = ["pointerover", "pointerdown"];

impl Picture {
    /// Shows the drawings in `el` and listens for the pointer that wakes them (`woken` gets where it was).
    fn keep(el: &web_sys::HtmlElement, svgs: Vec<web_sys::Element>, woken: RwSignal<Option<(i32, i32)>>) -> Picture {
        for svg in &svgs {
            let _ = el.append_child(svg);
        }
        let _ = el.class_list().add_1("pr-adopted");
        let wake: Closure<dyn Fn(web_sys::PointerEvent)> = Closure::new(move |ev: web_sys::PointerEvent| {
            if woken.try_get_untracked().is_some_and(|w| w.is_none()) {
                woken.set(Some((ev.client_x(), ev.client_y())));
            }
        });
        for kind in WAKE_EVENTS {
            let _ = el.add_event_listener_with_callback(kind, wake.as_ref().unchecked_ref());
        }
        Picture { svgs, wake }
    }

    /// Takes the drawings and the listeners out of `el`.
    fn drop_from(self, el: &web_sys::HtmlElement) {
        for kind in WAKE_EVENTS {
            let _ = el.remove_event_listener_with_callback(kind, self.wake.as_ref().unchecked_ref());
        }
        for svg in &self.svgs {
            svg.remove();
        }
        let _ = el.class_list().remove_1("pr-adopted");
    }
}

/// Whether the page's first chart has been marked (`chiso:first-chart`), for the benchmarks.
static FIRST_CHART_MARKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A chart is on the screen, drawn or kept from the build: the first one marks `chiso:first-chart` (read by the
/// benchmarks), lets the app take over the page drawn at build time and tells the page (`chiso:first-chart`, which
/// the service worker's registration waits for); later ones mark `chiso:chart-updated`.
fn chart_shown() {
    if FIRST_CHART_MARKED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        mark("chiso:chart-updated");
    } else {
        mark("chiso:first-chart");
        crate::dom::take_over();
        let _ = web_sys::window().map(|w| w.dispatch_event(&web_sys::Event::new("chiso:first-chart").ok()?).ok());
    }
}

/// Sends a mouse move to whatever is drawn at `(x, y)` of the viewport: the live chart answers the pointer that
/// woke it as if it had been there (its tooltip shows).
fn replay_pointer((x, y): (i32, i32)) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(target) = doc.element_from_point(x as f32, y as f32) else { return };
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(x);
    init.set_client_y(y);
    if let Ok(ev) = web_sys::MouseEvent::new_with_mouse_event_init_dict("mousemove", &init) {
        let _ = target.dispatch_event(&ev);
    }
}

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
    /// The chart drawn at build time, when this chart's first view is the one it shows: kept as this chart
    /// until the reader points at it or the view changes, and `spec` is not even computed meanwhile.
    #[prop(optional_no_strip)]
    built: Option<Standing>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    let picture: StoredValue<Option<Picture>, LocalStorage> = StoredValue::new_local(None);
    // Where the reader's first pointer over a kept picture was.
    let woken = RwSignal::new(None::<(i32, i32)>);
    // The build-time picture is asked for once, by the first chart this component shows.
    let first = std::rc::Rc::new(std::cell::Cell::new(true));
    let error = RwSignal::new(None::<String>);

    let dark = use_context::<DarkMode>().map(|d| d.0);
    // Set when an option is replaced; the next `finished` event marks the chart as drawn.
    let pending = std::rc::Rc::new(std::cell::Cell::new(false));

    // ECharts' first drawing of a chart is a long piece of work: it starts in a task of its own, after the one
    // that built the view around it, so neither blocks a tap for long on a phone.
    let ready = super::next_task();
    // While the view is the build's, its sentence is the build's: the chart need not be computed for it.
    let label = built.as_ref().map(|b| (b.chart.label.clone(), b.still));

    Effect::new(move |_| {
        if !ready.get() {
            return;
        }
        let dark = dark.is_some_and(|d| d.get());
        let woke_at = woken.get();
        let Some(el) = node.get() else { return };
        let el: web_sys::HtmlElement = el.into();
        if first.replace(false) {
            if let Some(b) = built.as_ref().filter(|b| b.still.get_untracked()) {
                if let Some(svgs) = b.chart.adopt(dark) {
                    let _ = el.style().set_property("height", &format!("{}px", b.chart.height));
                    picture.set_value(Some(Picture::keep(&el, svgs, woken)));
                    // Kept until the view changes (or the pointer comes, or the theme changes: both read above).
                    b.still.track();
                    chart_shown();
                    return;
                }
            }
        }
        let Some(spec) = spec.get() else { return };
        let _ = el.style().set_property("height", &format!("{}px", spec.height));
        // The picture gives way to the live chart: the same one, woken by the reader (drawn at once, as the
        // picture is already on the screen), or another.
        let kept = picture.try_update_value(|p| p.take()).flatten().map(|p| p.drop_from(&el)).is_some();
        let still = kept && woke_at.is_some();
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
                            chart_shown();
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
                    if still {
                        let _ = js_sys::Reflect::set(&option, &"animation".into(), &JsValue::FALSE);
                    }
                    if let Err(e) = l.chart.replace_option(&option) {
                        error.set(Some(e));
                    }
                    if let Some(at) = woke_at.filter(|_| still) {
                        replay_pointer(at);
                    }
                    // The old formatters are dropped only now that ECharts no longer refers to them.
                    l._formatters = Some(formatters);
                }
            }),
            Err(e) => error.set(Some(e)),
        }
    });

    on_cleanup(move || {
        if let (Some(p), Some(el)) = (picture.try_update_value(|p| p.take()).flatten(), node.get_untracked()) {
            p.drop_from(&el.into());
        }
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
                aria-label=move || match &label {
                    Some((text, still)) if still.get() => Some(text.clone()),
                    _ => spec.with(|s| s.as_ref().map(|s| s.summary.clone())),
                }
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
