//! Small browser helpers the components share: colour-scheme preference, attributes on `<html>` and `<body>`,
//! the embed height messages, downloads, the clipboard and the Web Share API, and opening `<details>` for print.
//! Each call fails quietly (returns `false` or does nothing) when the browser lacks the feature.

use chiso_core::gate::TakeOverGate;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// Whether the system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches())
}

/// Calls `f` whenever the system colour scheme changes (for the page's lifetime).
pub fn on_prefers_dark_change(f: impl Fn(bool) + 'static) {
    let Some(mql) = window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()) else {
        return;
    };
    let cb: Closure<dyn Fn(JsValue)> = Closure::new(move |_| f(prefers_dark()));
    let _ = mql.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// Sets an attribute on `<html>`.
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute(name, value);
    }
}

thread_local! {
    /// The page's one take-over gate (`chiso_core::gate`): parts of the app still being built hold it.
    static TAKE_OVER_GATE: std::cell::Cell<TakeOverGate> = const { std::cell::Cell::new(TakeOverGate::new()) };
}

/// Runs `f` on the page's take-over gate.
fn with_gate<T>(f: impl FnOnce(&mut TakeOverGate) -> T) -> T {
    TAKE_OVER_GATE.with(|cell| {
        let mut gate = cell.get();
        let out = f(&mut gate);
        cell.set(gate);
        out
    })
}

/// The app takes the page over from the view drawn at build time (`#prerender`, see `xtask/src/prerender.rs`):
/// the block is removed and the app's own elements, laid out but hidden until now, show in the same frame, so
/// nothing moves. Called when the first view is drawn (or cannot be); later calls do nothing. While a part of the
/// app is still being built in tasks of its own ([`hold_take_over`]) the take-over waits for it, so nothing is
/// added above the reader's eyes once the app shows.
pub fn take_over() {
    if with_gate(TakeOverGate::ask) {
        take_over_now();
    }
}

/// Keeps [`take_over`] waiting until the matching [`release_take_over`].
pub fn hold_take_over() {
    with_gate(TakeOverGate::hold);
}

/// Ends one [`hold_take_over`]; the last one does the take-over asked for meanwhile.
pub fn release_take_over() {
    if with_gate(TakeOverGate::release) {
        take_over_now();
    }
}

/// The chart drawn at build time (`#prerender .pr-chart`), when it shows the view whose key is `key`
/// (`chiso_core::screen::view_key`, written by the build as `data-view`) and the page still shows it: what the
/// app needs to stand that picture for its own first chart without computing it (see [`BuiltChart::adopt`]).
pub fn built_chart(key: &str) -> Option<BuiltChart> {
    let doc = document()?;
    let classes = doc.document_element()?.class_list();
    if !classes.contains("pr-on") || classes.contains("pr-other") {
        return None;
    }
    let picture = doc.query_selector("#prerender .pr-chart").ok()??;
    if picture.get_attribute("data-view").as_deref() != Some(key) {
        return None;
    }
    let height = picture.dyn_ref::<web_sys::HtmlElement>()?.style().get_property_value("height").ok()?;
    let height = height.trim_end_matches("px").parse::<u32>().ok()?;
    Some(BuiltChart { label: picture.get_attribute("aria-label").unwrap_or_default(), height })
}

/// The chart drawn at build time for the app's first view ([`built_chart`]).
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltChart {
    /// Its sentence for screen readers (the chart's summary).
    pub label: String,
    /// Its height in CSS pixels.
    pub height: u32,
}

impl BuiltChart {
    /// Copies of its drawings (one SVG per width and theme; the stylesheet shows the right one inside
    /// `.pr-adopted`) for the app's chart to show instead of drawing, when they still stand on the page, in the
    /// theme the drawings follow (the system's), and the reader has not made the build-time chart live yet
    /// (`pr-live`). `None` otherwise: the app draws its chart itself.
    pub fn adopt(&self, dark: bool) -> Option<Vec<web_sys::Element>> {
        let doc = document()?;
        let classes = doc.document_element()?.class_list();
        if !classes.contains("pr-on") || classes.contains("pr-live") || dark != prefers_dark() {
            return None;
        }
        let svgs = doc.query_selector_all("#prerender .pr-chart > .pr-svg").ok()?;
        let copies: Vec<web_sys::Element> = (0..svgs.length())
            .filter_map(|i| svgs.item(i)?.clone_node_with_deep(true).ok()?.dyn_into::<web_sys::Element>().ok())
            .collect();
        (!copies.is_empty()).then_some(copies)
    }
}

/// [`take_over`] at once, whatever is still being built (a panic's panel must be seen).
pub fn take_over_now() {
    let Some(doc) = document() else { return };
    // The build-time chart made live before the app arrived (echarts/first-chart.js): free its ECharts instance.
    if let Some(w) = window() {
        let first = Reflect::get(&w, &"chisoFirstChart".into()).unwrap_or(JsValue::UNDEFINED);
        if let Some(dispose) = Reflect::get(&first, &"dispose".into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
        {
            let _ = dispose.call0(&first);
            let _ = Reflect::set(&w, &"chisoFirstChart".into(), &JsValue::UNDEFINED);
        }
    }
    if let Some(block) = doc.get_element_by_id("prerender") {
        block.remove();
    }
    if let Some(root) = doc.document_element() {
        let _ = root.class_list().remove_1("pr-on");
    }
}

/// Adds or removes a class on `<body>`.
pub fn set_body_class(class: &str, on: bool) {
    if let Some(body) = document().and_then(|d| d.body()) {
        let list = body.class_list();
        let _ = if on { list.add_1(class) } else { list.remove_1(class) };
    }
}

/// The page's content height in CSS pixels: the bottom of `<body>`'s content, not the viewport, so an embed can
/// shrink as well as grow (`documentElement.scrollHeight` never drops below the frame's own height).
fn content_height() -> f64 {
    let Some(body) = document().and_then(|d| d.body()) else { return 0.0 };
    let rect = body.get_bounding_client_rect();
    let scroll_y = window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
    (rect.bottom() + scroll_y).max(0.0)
}

/// Posts the content height to the parent page in both formats host pages understand: Datawrapper's
/// `{"datawrapper-height": {"<id>": px}}` and the project's `{"type": "chiso:height", "id": "<id>", "height": px}`.
pub fn post_height(id: &str) {
    let Some(w) = window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    let height = content_height().ceil();
    let dw = Object::new();
    let inner = Object::new();
    let _ = Reflect::set(&inner, &id.into(), &height.into());
    let _ = Reflect::set(&dw, &"datawrapper-height".into(), &inner);
    let _ = parent.post_message(&dw, "*");
    let own = Object::new();
    let _ = Reflect::set(&own, &"type".into(), &"chiso:height".into());
    let _ = Reflect::set(&own, &"id".into(), &id.into());
    let _ = Reflect::set(&own, &"height".into(), &height.into());
    let _ = parent.post_message(&own, "*");
}

/// Posts the height now and whenever the content's size changes (for the page's lifetime).
pub fn observe_height(id: String) {
    let Some(body) = document().and_then(|d| d.body()) else { return };
    post_height(&id);
    let cb: Closure<dyn Fn()> = Closure::new(move || post_height(&id));
    if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        obs.observe(&body);
        // Observer and callback live as long as the page.
        std::mem::forget(obs);
        cb.forget();
    }
}

/// Starts a download of `href` (a data: or blob: URL) under a file name.
pub fn download_url(file_name: &str, href: &str) {
    let Some(doc) = document() else { return };
    let Ok(a) = doc.create_element("a") else { return };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    a.set_href(href);
    a.set_download(file_name);
    let _ = a.style().set_property("display", "none");
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}

/// Starts a download of a text file.
pub fn download_text(file_name: &str, mime: &str, text: &str) {
    download_parts(file_name, mime, &js_sys::Array::of1(&JsValue::from_str(text)));
}

/// Starts a download of a text file given as parts (JS strings), written one after the other.
pub fn download_parts(file_name: &str, mime: &str, parts: &js_sys::Array) {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    download_url(file_name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn navigator_method(name: &str) -> Option<(JsValue, Function)> {
    let nav: JsValue = window()?.navigator().into();
    let target = if name == "writeText" { Reflect::get(&nav, &"clipboard".into()).ok()? } else { nav };
    let f = Reflect::get(&target, &name.into()).ok()?.dyn_into::<Function>().ok()?;
    Some((target, f))
}

/// Copies text to the clipboard; `false` when the browser offers no clipboard.
pub fn copy_text(text: &str) -> bool {
    match navigator_method("writeText") {
        Some((clipboard, f)) => f.call1(&clipboard, &text.into()).is_ok(),
        None => false,
    }
}

/// Opens the system share sheet (phones); `false` when the browser has none.
pub fn share(url: &str, title: &str) -> bool {
    let Some((nav, f)) = navigator_method("share") else { return false };
    let data = Object::new();
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    f.call1(&nav, &data).is_ok()
}

/// The address of the page without its query and hash.
pub fn page_base_url() -> String {
    let Some(loc) = window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
}

/// Sets or removes an attribute on every element matching a selector.
fn for_each_element(selector: &str, f: impl Fn(&web_sys::Element)) {
    let Some(list) = document().and_then(|d| d.query_selector_all(selector).ok()) else { return };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            f(&el);
        }
    }
}

/// Opens every `<details>` before printing (CSS cannot), and closes the ones it opened afterwards. The listeners
/// live as long as the page.
pub fn open_details_for_print() {
    use leptos::{ev, prelude::window_event_listener};
    let _ = window_event_listener(ev::beforeprint, |_| {
        for_each_element("details:not([open])", |el| {
            let _ = el.set_attribute("open", "");
            let _ = el.set_attribute("data-print-opened", "");
        });
    });
    let _ = window_event_listener(ev::afterprint, |_| {
        for_each_element("details[data-print-opened]", |el| {
            let _ = el.remove_attribute("open");
            let _ = el.remove_attribute("data-print-opened");
        });
    });
}

/// Whether the element is laid out (not `display: none`, nor inside something that is).
fn is_shown(el: &web_sys::Element) -> bool {
    let r = el.get_bounding_client_rect();
    el.is_connected() && (r.width() > 0.0 || r.height() > 0.0)
}

fn focus_element(el: &web_sys::Element) -> bool {
    el.dyn_ref::<web_sys::HtmlElement>().is_some_and(|h| h.focus().is_ok())
}

/// Moves keyboard focus to the first shown element matching one of `selectors`, tried in order; `false` if none.
pub fn focus_first<'a>(selectors: impl IntoIterator<Item = &'a str>) -> bool {
    let Some(doc) = document() else { return false };
    selectors
        .into_iter()
        .any(|s| doc.query_selector(s).ok().flatten().is_some_and(|el| is_shown(&el) && focus_element(&el)))
}

/// Keeps keyboard focus on the page when a control removes itself (a chip's ×, "clear all", the breadcrumb, a
/// profile's close button, a checkbox of a list drawn again): after its click has been handled, if the control is
/// gone or hidden and focus fell to `<body>`, focus moves to the first shown element of its `data-focus-next` list
/// (selectors separated by `;`), else to the selected view tab. Installed once for the page.
pub fn keep_focus_on_removal() {
    let on_click = |ev: web_sys::MouseEvent| {
        let control = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button, a, input").ok().flatten());
        let Some(control) = control else { return };
        // After the click's own updates (Leptos applies them in microtasks, before a timeout runs).
        leptos::prelude::set_timeout(
            move || {
                let lost = document().and_then(|d| d.active_element()).is_none_or(|a| a.tag_name() == "BODY");
                if is_shown(&control) || !lost {
                    return;
                }
                let named = control.get_attribute("data-focus-next").unwrap_or_default();
                focus_first(named.split(';').filter(|s| !s.is_empty()).chain([".tabs [aria-selected='true']"]));
            },
            std::time::Duration::ZERO,
        );
    };
    // The app lives as long as the page: the listener is never removed.
    let _ = leptos::prelude::window_event_listener(leptos::ev::click, on_click);
}

/// The page's keyboard conventions, one listener for all: in a tab list or a toolbar the arrow keys, Home and End
/// move focus (see [`roving_keydown`]); Escape in the phone's open filter drawer (or on its button) closes it and
/// gives focus back to the button. Installed once for the page.
pub fn keyboard_patterns() {
    let on_key = |ev: web_sys::KeyboardEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let key = ev.key();
        let used = if key == "Escape" {
            let toggle = document()
                .and_then(|d| d.query_selector(".filters-toggle[aria-expanded='true']").ok().flatten())
                .filter(|_| target.closest("#filters, .filters-toggle").ok().flatten().is_some());
            toggle.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|b| {
                b.click();
                b.focus().is_ok()
            })
        } else if let Some(row) = target.closest("[role=tablist], [role=toolbar]").ok().flatten() {
            let tabs = row.get_attribute("role").as_deref() == Some("tablist");
            roving_keydown(&key, &row, if tabs { "[role=tab]" } else { "button" }, !tabs)
        } else {
            false
        };
        if used {
            ev.prevent_default();
        }
    };
    // The app lives as long as the page: the listener is never removed.
    let _ = leptos::prelude::window_event_listener(leptos::ev::keydown, on_key);
}

/// The arrow keys, Home and End in a row of items with one tab stop (ARIA tabs and toolbar): moves focus among
/// the shown, enabled items matching `items` inside `row` (see `chiso_core::keys::roving_target`); with
/// `move_stop` the focused item also becomes the row's tab stop (`tabindex` 0, the others -1). Returns whether the
/// key was used (the caller then prevents its default, e.g. scrolling).
fn roving_keydown(key: &str, row: &web_sys::Element, items: &str, move_stop: bool) -> bool {
    let Some(doc) = document() else { return false };
    let Ok(found) = row.query_selector_all(items) else { return false };
    let list: Vec<web_sys::Element> = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter(|e| is_shown(e) && !e.has_attribute("disabled"))
        .collect();
    let current = doc.active_element().and_then(|a| list.iter().position(|e| e == &a));
    let Some(i) = chiso_core::keys::roving_target(key, current, list.len()) else { return false };
    if move_stop {
        for (j, e) in list.iter().enumerate() {
            let _ = e.set_attribute("tabindex", if i == j { "0" } else { "-1" });
        }
    }
    focus_element(&list[i])
}
