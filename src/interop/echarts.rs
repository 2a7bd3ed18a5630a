//! The few ECharts calls charming lacks (`init` on our own element, `setOption` with `notMerge`, `resize`,
//! `dispose`), and the installation of formatter functions into an option built by `chiso_core::charts`.
//!
//! Formatters only look up texts that `chiso-core` already wrote (tooltips, point labels) or call its axis
//! formatter, so every number on a chart is written by the same tested Rust code.

use crate::api::{self, FetchError};
use chiso_core::charts::{escape_html, format_axis, AxisFormat, ChartSpec, EXPORT_WIDTH};
use chiso_core::i18n::Lang;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance.
    pub type ECharts;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn init_js(el: &web_sys::HtmlElement, theme: &JsValue, opts: &JsValue) -> Result<ECharts, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setOption)]
    fn set_option_js(this: &ECharts, option: &JsValue, not_merge: bool) -> Result<(), JsValue>;

    /// Fits the chart to its container.
    #[wasm_bindgen(method)]
    pub fn resize(this: &ECharts);

    /// Frees the instance.
    #[wasm_bindgen(method)]
    pub fn dispose(this: &ECharts);

    /// Listens to a chart event.
    #[wasm_bindgen(method)]
    pub fn on(this: &ECharts, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(catch, method, js_name = getDataURL)]
    fn get_data_url_js(this: &ECharts, opts: &JsValue) -> Result<String, JsValue>;

    #[wasm_bindgen(catch, method, js_name = renderToSVGString)]
    fn render_to_svg_string_js(this: &ECharts) -> Result<String, JsValue>;

    /// Stops listening to a chart event.
    #[wasm_bindgen(method)]
    pub fn off(this: &ECharts, event: &str);

    #[wasm_bindgen(js_namespace = echarts, js_name = getInstanceByDom)]
    fn instance_by_dom_js(el: &web_sys::Element) -> JsValue;

    #[wasm_bindgen(catch, method, js_name = dispatchAction)]
    fn dispatch_action_js(this: &ECharts, action: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = registerMap)]
    fn register_map_js(name: &str, geojson: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(js_namespace = echarts, js_name = getMap)]
    fn get_map_js(name: &str) -> JsValue;
}

/// Starts loading the part of ECharts that the first chart does not need (the map series, titles of exported
/// images, the SVG renderer: `echarts/extra-entry.js`), once per page; await the result before drawing a map or
/// exporting an image. Calling it again after it is loaded costs nothing; after a failure (or no answer within
/// [`api::fetch_timeout_ms`]) it tries again.
///
/// The page's `echarts/core.js` defines `window.chisoEchartsExtra()` (a dynamic `import()` relative to itself);
/// where it is missing, ECharts was loaded whole (the single-file app) and there is nothing to wait for.
pub fn ensure_extra() -> impl std::future::Future<Output = Result<(), FetchError>> {
    let started = (|| {
        let window = web_sys::window().ok_or("no window")?;
        let load = Reflect::get(&window, &"chisoEchartsExtra".into()).map_err(|e| format!("{e:?}"))?;
        let Some(load) = load.dyn_ref::<js_sys::Function>() else { return Ok(None) };
        let promise = load.call0(&JsValue::UNDEFINED).map_err(|e| format!("{e:?}"))?;
        // Handlers attached now: a load that fails before the caller awaits it is not an unhandled rejection.
        Ok::<_, String>(Some(api::await_with_timeout(&js_sys::Promise::resolve(&promise))))
    })();
    async move {
        match started.map_err(FetchError::Network)? {
            Some(future) => future.await.map(|_| ()),
            None => Ok(()),
        }
    }
}

/// What the reader is told was being loaded when [`ensure_extra`] fails (for [`FetchError::describe`]).
pub fn extra_name(lang: Lang) -> &'static str {
    chiso_core::tr!(lang, "phần bản đồ của ECharts (echarts/extra.js)", "the map part of ECharts (echarts/extra.js)")
}

/// Registers GeoJSON text under a map name (once; later calls are no-ops).
pub fn register_map(name: &str, geojson_text: &str) -> Result<(), String> {
    if is_map_registered(name) {
        return Ok(());
    }
    let geo = js_sys::JSON::parse(geojson_text).map_err(|e| format!("{e:?}"))?;
    register_map_js(name, &geo).map_err(|e| format!("{e:?}"))
}

/// Whether a map name is registered.
pub fn is_map_registered(name: &str) -> bool {
    let m = get_map_js(name);
    !(m.is_undefined() || m.is_null())
}

/// What a click on a chart hit.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartClick {
    /// Index of the series.
    pub series_index: usize,
    /// Index of the data item in the series.
    pub data_index: usize,
    /// Name of the item (a unit id on maps).
    pub name: String,
}

/// Turns ECharts' click parameters into a [`ChartClick`].
pub fn read_click(params: &JsValue) -> ChartClick {
    ChartClick {
        series_index: index(params, "seriesIndex"),
        data_index: index(params, "dataIndex"),
        name: Reflect::get(params, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default(),
    }
}

/// Highlights the data item named `name` of the first series of the chart drawn in `el` (a region of the map), with
/// its tooltip, after taking the highlight off `previous`: the map follows the keyboard's focus. Does nothing when
/// no chart is drawn there yet.
pub fn highlight_item(el: &web_sys::Element, previous: Option<&str>, name: Option<&str>) {
    let chart = instance_by_dom_js(el);
    if chart.is_undefined() || chart.is_null() {
        return;
    }
    let chart: ECharts = chart.unchecked_into();
    let act = |kind: &str, name: &str| {
        let a = Object::new();
        let _ = Reflect::set(&a, &"type".into(), &kind.into());
        let _ = Reflect::set(&a, &"seriesIndex".into(), &JsValue::from(0));
        let _ = Reflect::set(&a, &"name".into(), &name.into());
        let _ = chart.dispatch_action_js(&a);
    };
    if let Some(p) = previous {
        act("downplay", p);
    }
    match name {
        Some(n) => {
            act("highlight", n);
            act("showTip", n);
        }
        None => {
            let a = Object::new();
            let _ = Reflect::set(&a, &"type".into(), &"hideTip".into());
            let _ = chart.dispatch_action_js(&a);
        }
    }
}

/// Creates an ECharts instance on an element, in ECharts' dark theme when asked; fails when the ECharts script
/// did not load.
pub fn init(el: &web_sys::HtmlElement, dark: bool) -> Result<ECharts, String> {
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"renderer".into(), &"canvas".into());
    let theme = if dark { JsValue::from_str("dark") } else { JsValue::NULL };
    init_js(el, &theme, &opts).map_err(|e| format!("{e:?}"))
}

/// Closures that must live as long as the option that uses them.
pub struct Formatters {
    _closures: Vec<Closure<dyn Fn(JsValue) -> JsValue>>,
}

fn index(params: &JsValue, key: &str) -> usize {
    Reflect::get(params, &key.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as usize
}

fn lookup(table: std::rc::Rc<Vec<Vec<String>>>) -> Closure<dyn Fn(JsValue) -> JsValue> {
    Closure::new(move |params: JsValue| -> JsValue {
        let one = |p: &JsValue| {
            table.get(index(p, "seriesIndex")).and_then(|s| s.get(index(p, "dataIndex"))).cloned().unwrap_or_default()
        };
        if Array::is_array(&params) {
            let arr: Array = params.unchecked_into();
            arr.iter().map(|p| one(&p)).collect::<Vec<_>>().join("<br>").into()
        } else {
            one(&params).into()
        }
    })
}

/// Like [`lookup`] for tooltips, but a point without a text of its own (on a line too long for per-point texts,
/// see `chiso_core::charts::TIPS_MAX`) gets one written on hover: the line's name, its value and its date.
fn tip_lookup(
    table: std::rc::Rc<Vec<Vec<String>>>,
    x_axis: AxisFormat,
    y_axis: AxisFormat,
    lang: Lang,
) -> Closure<dyn Fn(JsValue) -> JsValue> {
    Closure::new(move |params: JsValue| -> JsValue {
        let one = |p: &JsValue| {
            let text = table.get(index(p, "seriesIndex")).and_then(|s| s.get(index(p, "dataIndex")));
            match text {
                Some(t) if !t.is_empty() => t.clone(),
                _ => {
                    let name =
                        Reflect::get(p, &"seriesName".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
                    let value = Reflect::get(p, &"value".into()).unwrap_or(JsValue::NULL);
                    let at = |i: u32| Reflect::get_u32(&value, i).ok().and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
                    format!(
                        "<b>{}</b><br>{} · {}",
                        escape_html(&name),
                        format_axis(at(1), y_axis, lang),
                        format_axis(at(0), x_axis, lang)
                    )
                }
            }
        };
        if Array::is_array(&params) {
            let arr: Array = params.unchecked_into();
            arr.iter().map(|p| one(&p)).collect::<Vec<_>>().join("<br>").into()
        } else {
            one(&params).into()
        }
    })
}

fn get_or_create(obj: &JsValue, key: &str) -> JsValue {
    match Reflect::get(obj, &key.into()) {
        Ok(v) if v.is_object() => v,
        _ => {
            let o: JsValue = Object::new().into();
            let _ = Reflect::set(obj, &key.into(), &o);
            o
        }
    }
}

fn set_axis_formatter(option: &JsValue, axis: &str, fmt: AxisFormat, f: &JsValue) {
    if fmt == AxisFormat::Plain {
        return;
    }
    let Ok(ax) = Reflect::get(option, &axis.into()) else { return };
    let axes: Vec<JsValue> = if Array::is_array(&ax) { Array::from(&ax).iter().collect() } else { vec![ax] };
    for a in axes.iter().filter(|a| a.is_object()) {
        let label = get_or_create(a, "axisLabel");
        let _ = Reflect::set(&label, &"formatter".into(), f);
    }
}

/// Turns a spec into a JavaScript option with its formatter functions installed.
pub fn build_option(spec: &ChartSpec) -> Result<(JsValue, Formatters), String> {
    let text = serde_json::to_string(&spec.option).map_err(|e| e.to_string())?;
    let option = js_sys::JSON::parse(&text).map_err(|e| format!("{e:?}"))?;
    let tips = tip_lookup(std::rc::Rc::new(spec.tips.clone()), spec.x_axis, spec.y_axis, spec.lang);
    let labels = lookup(std::rc::Rc::new(spec.labels.clone()));
    let tooltip = get_or_create(&option, "tooltip");
    let _ = Reflect::set(&tooltip, &"formatter".into(), tips.as_ref());
    if let Ok(series) = Reflect::get(&option, &"series".into()) {
        if Array::is_array(&series) {
            for s in Array::from(&series).iter() {
                if let Ok(label) = Reflect::get(&s, &"label".into()) {
                    if label.is_object() {
                        let _ = Reflect::set(&label, &"formatter".into(), labels.as_ref());
                    }
                }
            }
        }
    }
    let mut closures = vec![tips, labels];
    for (axis, fmt) in [("xAxis", spec.x_axis), ("yAxis", spec.y_axis)] {
        let lang = spec.lang;
        let f: Closure<dyn Fn(JsValue) -> JsValue> = Closure::new(move |v: JsValue| -> JsValue {
            format_axis(v.as_f64().unwrap_or(f64::NAN), fmt, lang).into()
        });
        set_axis_formatter(&option, axis, fmt, f.as_ref());
        closures.push(f);
    }
    Ok((option, Formatters { _closures: closures }))
}

impl ECharts {
    /// Replaces the whole option (`notMerge`), so series that left the option leave the screen.
    pub fn replace_option(&self, option: &JsValue) -> Result<(), String> {
        self.set_option_js(option, true).map_err(|e| format!("{e:?}"))
    }
}

/// Draws a chart framed for export (`chiso_core::screen::Screen::export_chart`: title, source, background
/// and layout are already in its option) once more, off screen, and returns a PNG data URL (at 2× pixel ratio) or
/// SVG text, in ECharts' dark theme (axes, legend) when `dark`. Needs the titles and the SVG renderer: await
/// [`ensure_extra`] first.
pub fn export_image(spec: &ChartSpec, dark: bool, svg: bool) -> Result<String, String> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let body = doc.body().ok_or("no body")?;
    let div: web_sys::HtmlElement = doc.create_element("div").map_err(|e| format!("{e:?}"))?.unchecked_into();
    div.style()
        .set_css_text(&format!("position:fixed;left:-20000px;top:0;width:{EXPORT_WIDTH}px;height:{}px;", spec.height));
    body.append_child(&div).map_err(|e| format!("{e:?}"))?;
    let result = (|| {
        let opts = Object::new();
        let _ = Reflect::set(&opts, &"renderer".into(), &(if svg { "svg" } else { "canvas" }).into());
        let theme = if dark { JsValue::from_str("dark") } else { JsValue::NULL };
        let chart = init_js(&div, &theme, &opts).map_err(|e| format!("{e:?}"))?;
        let (option, _formatters) = build_option(spec)?;
        chart.set_option_js(&option, true).map_err(|e| format!("{e:?}"))?;
        let out = if svg {
            chart.render_to_svg_string_js().map_err(|e| format!("{e:?}"))
        } else {
            let o = Object::new();
            let _ = Reflect::set(&o, &"type".into(), &"png".into());
            let _ = Reflect::set(&o, &"pixelRatio".into(), &2.into());
            chart.get_data_url_js(&o).map_err(|e| format!("{e:?}"))
        };
        chart.dispose();
        out
    })();
    let _ = body.remove_child(&div);
    result
}
