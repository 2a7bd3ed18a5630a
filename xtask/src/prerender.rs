//! The first chart drawn at build time: `cargo xtask prerender` (Trunk's post_build hook, after the ECharts
//! preloads) computes the default view natively with the core's screen model (`chiso_core::screen::Screen`),
//! draws its chart to SVG with ECharts' server-side renderer in Node (`echarts/prerender.mjs`, fed the option, the
//! point labels and the axis tick texts, all written by the core), and writes into the staged `index.html`:
//!
//! - a `#prerender` block with the same layout as the app (header, headline, tabs, the chart at its height, its
//!   legend, the source line and the figures as a small table), shown before the wasm arrives and kept, with a
//!   message and a retry button, when WebAssembly is missing or the app fails to load;
//! - a small inline script in `<head>` that, before the first paint, says which block fits the address: the
//!   prerendered default view (`pr-default`), the same inside an embed frame (`pr-embed`), or, for any other view,
//!   a sized placeholder (`pr-other`), and watches for the app failing to load;
//! - the Content-Security-Policy meta tag, with the hashes of the page's inline scripts (`crate::csp`).
//!
//! The app takes the page over (`dom::take_over` in the app) when its first view is drawn: the block is removed
//! in the same frame as the app's own appears, so nothing moves (no layout shift).

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chiso_core::charts::{format_axis, AxisFormat, ChartSpec};
use chiso_core::format;
use chiso_core::hash::fnv1a_32;
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::model::Dataset;
use chiso_core::query::Db;
use chiso_core::screen::{view_key, Screen};
use chiso_core::state::{ExplorerState, View};
use serde_json::{json, Value as Json};

use crate::util::{path_with_node_bin, Result};

/// Where the prerendered block goes: right after `<body>`.
const BODY: &str = "<body>";

/// Marks a page that already has the block (the hook refuses to run twice on one page).
const MARK: &str = "id=\"prerender\"";

/// The chart widths drawn, by the CSS width range that shows each: the content column at 360 px (a phone), at
/// 768 px (a tablet, the filters in a drawer) and at 1280 px (the filters beside it).
const WIDTHS: [(&str, u32); 3] = [("narrow", 336), ("medium", 680), ("wide", 932)];

/// The Trunk hook: writes the prerendered default view into the staged `index.html` (`TRUNK_STAGING_DIR`), or
/// into `dist/index.html` when run by hand.
pub fn prerender(root: &Path) -> Result {
    let dir = std::env::var_os("TRUNK_STAGING_DIR").map_or_else(|| root.join("dist"), PathBuf::from);
    let index = dir.join("index.html");
    let html = fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    if html.contains(MARK) {
        return Err(format!("{} already has the prerendered view", index.display()).into());
    }
    let text = fs::read_to_string(root.join("data/nghe-an.json"))?;
    let db = Db::new(Dataset::from_json(&text).map_err(|e| format!("data/nghe-an.json: {e}"))?)
        .read_from(fnv1a_32(text.as_bytes()));
    let state = ExplorerState::default();
    let screen = Screen::new(&db, &state);
    let chart = screen.chart().ok_or("the default view draws no chart")?;
    let svgs = draw(root, &chart)?;
    let block = block(&screen, &chart, &svgs);
    let html = defer_app(&html);
    let html = html.replacen(BODY, &format!("{BODY}\n{block}"), 1).replacen("</head>", &format!("{BOOT}</head>"), 1);
    // Last, once every inline script is in place: the policy holds their hashes (xtask/src/csp.rs).
    let html = crate::csp::add_meta(&html)?;
    fs::write(&index, &html)?;
    println!("prerender: index.html holds the default view ({} B of it, {} SVGs)", block.len(), svgs.len());
    Ok(())
}

/// The `rel` of a preload and the `type` of a module script that wait for the first paint (see [`BOOT`]).
pub const DEFERRED_REL_PREFIX: &str = "chiso-";
/// The inert `type` of a module script until [`BOOT`] starts it.
pub const DEFERRED_MODULE: &str = "chiso/module";

/// Makes what the app needs (its wasm and glue, ECharts, the dataset: preloads, module preloads and module scripts)
/// wait until the prerendered page is painted: `rel="preload"` becomes `rel="chiso-preload"` and
/// `type="module"` becomes `type="chiso/module"`, inert until the boot script ([`BOOT`]) restores them after the
/// first paint, in document order. On a slow link the page and its CSS, all the first chart needs, then have the
/// connection to themselves, and nothing the chart does not need is requested before it is on screen.
fn defer_app(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let tag = if tag.starts_with("<link") {
            tag.replacen("rel=\"preload\"", "rel=\"chiso-preload\"", 1).replacen(
                "rel=\"modulepreload\"",
                "rel=\"chiso-modulepreload\"",
                1,
            )
        } else if tag.starts_with("<script") {
            tag.replacen("type=\"module\"", &format!("type=\"{DEFERRED_MODULE}\""), 1)
        } else {
            tag.to_string()
        };
        out.push_str(&tag);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Every number an axis could show, written by the core's axis formatter: ECharts picks "nice" ticks (multiples of
/// 1, 2, 2.5, 3 or 5 times a power of ten) between the data's bounds, so every multiple of every such step up to
/// 60 ticks is listed. Keys are the value with six decimals (as `echarts/prerender.mjs` looks them up).
fn tick_texts(format: AxisFormat, lo: f64, hi: f64, lang: Lang) -> Option<Json> {
    if format == AxisFormat::Plain || !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let span = (hi - lo).max(1.0);
    let mut out = serde_json::Map::new();
    for exp in -3..=7 {
        for base in [1.0, 2.0, 2.5, 3.0, 5.0] {
            let step = base * 10f64.powi(exp);
            if span / step > 60.0 || step > span * 2.0 {
                continue;
            }
            let mut k = (lo / step).floor() as i64;
            while (k as f64) * step <= hi + step {
                let v = k as f64 * step;
                out.insert(format!("{v:.6}"), Json::from(format_axis(v, format, lang)));
                k += 1;
            }
        }
    }
    Some(Json::Object(out))
}

/// The bounds of an axis's data: every `[x, y]` pair of every series (`i` = 0 for x, 1 for y), with the axis's own
/// `min`/`max` when set, and twice the largest value (ECharts rounds the top up to a nice number).
fn bounds(option: &Json, axis: &str, i: usize) -> (f64, f64) {
    let mut values: Vec<f64> = Vec::new();
    for s in option["series"].as_array().into_iter().flatten() {
        for d in s["data"].as_array().into_iter().flatten() {
            let pair = if d.is_array() { d } else { &d["value"] };
            if let Some(v) = pair.get(i).and_then(Json::as_f64) {
                values.push(v);
            }
        }
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ax = if option[axis].is_array() { &option[axis][0] } else { &option[axis] };
    let lo = ax["min"].as_f64().unwrap_or(lo.min(0.0));
    let hi = ax["max"].as_f64().unwrap_or(if hi > 0.0 { hi * 2.0 } else { hi });
    (lo, hi)
}

/// The chart as ECharts draws it, with every text its formatters look up (`echarts/first-chart.js`
/// `installFormatters`): the option and its dark-page twin, point labels, tooltips, axis ticks, and the test id
/// the app gives the same chart. Read by `echarts/prerender.mjs` (the SVG) and, from the page's `#pr-chart` block,
/// by the live chart drawn before the app arrives.
fn chart_job(chart: &ChartSpec) -> Json {
    let (xlo, xhi) = bounds(&chart.option, "xAxis", 0);
    let (ylo, yhi) = bounds(&chart.option, "yAxis", 1);
    json!({
        "option": chart.option,
        "option_dark": chart.for_theme(true).option,
        "labels": chart.labels,
        "tips": chart.tips,
        "x_ticks": tick_texts(chart.x_axis, xlo, xhi, chart.lang),
        "y_ticks": tick_texts(chart.y_axis, ylo, yhi, chart.lang),
        "test_id": "chart-line",
    })
}

/// The job of [`chart_job`] as a JSON data block of the page (never executed; `</` escaped so it cannot close
/// the element), with the published dataset it was drawn from: its address and the FNV-1a 32 hash of its bytes
/// ([`fnv1a_32`], as `echarts/first-chart.js` computes it). An embed that shows this chart without the app fetches the dataset when idle and, when the
/// file on the server is no longer the one of the build (the Party Organisation Board replaced `nghe-an.json`, as
/// HOW-TO.md tells them to), starts the app, which draws the new figures (`echarts/first-chart.js`).
fn chart_block(chart: &ChartSpec, dataset_fnv: u32) -> String {
    let mut job = chart_job(chart);
    job["dataset"] = json!({ "url": "nghe-an.json", "fnv": dataset_fnv });
    format!("<script type=\"application/json\" id=\"pr-chart\">{}</script>", job.to_string().replace("</", "<\\/"))
}

/// Draws the chart to SVG at each width, light and dark: `{"narrow-light": "<svg…", …}`.
fn draw(root: &Path, chart: &ChartSpec) -> Result<serde_json::Map<String, Json>> {
    let sizes: Vec<Json> = WIDTHS
        .iter()
        .flat_map(|(name, width)| {
            [false, true].map(|dark| {
                let theme = if dark { "dark" } else { "light" };
                json!({ "name": format!("{name}-{theme}"), "width": width, "height": chart.height, "dark": dark })
            })
        })
        .collect();
    let mut job = chart_job(chart);
    job["sizes"] = Json::Array(sizes);
    let mut child = Command::new("node")
        .arg(root.join("echarts/prerender.mjs"))
        .env("PATH", path_with_node_bin(root))
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run node: {e}"))?;
    child.stdin.take().ok_or("no stdin")?.write_all(job.to_string().as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err("echarts/prerender.mjs failed (is `npm ci` done? it needs node_modules/echarts)".into());
    }
    match serde_json::from_slice(&out.stdout)? {
        Json::Object(map) => Ok(map),
        _ => Err("echarts/prerender.mjs did not answer with an object".into()),
    }
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    chiso_core::charts::escape_html(s)
}

/// An SVG from ECharts' server-side renderer made to fill its box's width at the chart's height (it has a
/// `viewBox` already: its fixed `width` becomes 100 %, centred when the box is wider or narrower than drawn), hidden
/// from screen readers (the box has the chart's summary), without the hover styles a static picture does not need.
fn responsive(svg: &str, width: u32, height: u32, class: &str) -> String {
    let fixed = format!("width=\"{width}\" height=\"{height}\"");
    let fluid = format!(
        "class=\"{class}\" width=\"100%\" height=\"{height}\" preserveAspectRatio=\"xMidYMid meet\" \
         aria-hidden=\"true\" focusable=\"false\""
    );
    let mut out = svg.replacen(&fixed, &fluid, 1);
    if let (Some(a), Some(b)) = (out.find("<style"), out.find("</style>")) {
        if a < b {
            out.replace_range(a..b + "</style>".len(), "");
        }
    }
    strip_attr(&out, " class=\"zr")
}

/// Removes every attribute that starts with `prefix` (e.g. ` class="zr`) up to its closing quote.
fn strip_attr(s: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(prefix) {
        out.push_str(&rest[..i]);
        let after = &rest[i + prefix.len()..];
        rest = after.find('"').map_or("", |j| &after[j + 1..]);
    }
    out.push_str(rest);
    out
}

/// The prerendered block: the app's layout with the default view's headline, chart, source line and figures.
fn block(screen: &Screen<'_>, chart: &ChartSpec, svgs: &serde_json::Map<String, Json>) -> String {
    let lang = screen.lang();
    let mut h = String::new();
    let button = |label: &str, class: &str| {
        format!("<span class=\"pr-button {class}\" aria-hidden=\"true\">{}</span>", esc(label))
    };
    let _ = write!(
        h,
        "<div id=\"prerender\" class=\"prerender\">\
         <header class=\"site-header pr-full\"><div class=\"brand\"><h1>{}</h1><p class=\"subtitle\">{}</p></div>\
         <div class=\"header-actions\">{}{}{}{}</div></header>",
        esc(t(Msg::AppTitle, lang)),
        esc(t(Msg::AppSubtitle, lang)),
        button(t(Msg::DarkMode, lang), "theme-toggle"),
        button(t(Msg::SwitchLanguage, lang), "lang-toggle"),
        button(t(Msg::OpenDataFile, lang), "open-data-button"),
        button(t(Msg::SaveOffline, lang), "offline-save"),
    );
    let _ = write!(
        h,
        "<main class=\"explorer pr-main\" data-ready=\"static\">{}<aside class=\"controls pr-controls pr-full\" aria-hidden=\"true\"></aside>\
         <section class=\"content\"><div class=\"place-search-all pr-full\" aria-hidden=\"true\"><input type=\"search\" disabled tabindex=\"-1\" placeholder=\"{}\"></div>\
         <section class=\"views\">",
        button(t(Msg::Filters, lang), "filters-toggle pr-full"),
        esc(t(Msg::FindPlaceHint, lang)),
    );
    // The default view, or (pr-other) a placeholder of the same size while another view loads.
    let _ = write!(
        h,
        "<div class=\"headline pr-headline\"><h2>{}</h2><p class=\"where\">{}</p></div>{}",
        esc(&screen.headline()),
        esc(&screen.subtitle()),
        names_block(screen)
    );
    // Where a reader sees it at once, above the chart (hidden until the app fails to start).
    let _ = write!(
        h,
        "<div class=\"pr-fail load-error\" role=\"alert\" hidden><p class=\"pr-fail-text\" lang=\"vi\">{}</p>\
         <p class=\"pr-fail-text\" lang=\"en\">{}</p><button type=\"button\" class=\"primary pr-retry\">{} / {}</button></div>",
        esc(FAIL_VI),
        esc(FAIL_EN),
        esc(t(Msg::Retry, Lang::Vi)),
        esc(t(Msg::Retry, Lang::En)),
    );
    h.push_str("<div class=\"tabs pr-full\" aria-hidden=\"true\">");
    for (i, v) in View::ALL.into_iter().enumerate() {
        let label = v.label(lang);
        let _ = write!(h, "<span class=\"pr-tab{}\">{}</span>", if i == 0 { " active" } else { "" }, esc(label));
    }
    let _ = write!(
        h,
        "</div><div class=\"panel\"><div class=\"echart-wrap\"><div class=\"echart pr-chart\" role=\"img\" \
         aria-label=\"{}\" style=\"height:{}px\" data-view=\"{}\">",
        esc(&chart.summary),
        chart.height,
        // While the app's first view has this key, it keeps these drawings as its chart without computing it
        // (`src/components/echart.rs`) until the reader points at it or changes the view.
        view_key(screen.state, screen.db).unwrap_or_default()
    );
    for (name, width) in WIDTHS {
        for theme in ["light", "dark"] {
            if let Some(svg) = svgs.get(&format!("{name}-{theme}")).and_then(Json::as_str) {
                h.push_str(&responsive(svg, width, chart.height, &format!("pr-svg pr-{name} pr-{theme}")));
            }
        }
    }
    let _ = write!(
        h,
        "<p class=\"pr-loading\" role=\"status\">{}</p></div></div><p class=\"chart-legend pr-default-only\">{}</p></div>",
        esc(t(Msg::Loading, lang)),
        esc(&legend(chart))
    );
    // The figures and the source line: what the chart says, readable without it.
    // In an embed, the link to the full explorer, as the app's embed writes it (the default view's address is the
    // app's folder itself).
    let _ = write!(
        h,
        "<p class=\"embed-foot pr-default-only\"><span class=\"embed-source\">{}</span>\
         <a class=\"embed-open pr-embed-only\" href=\"./\" target=\"_blank\" rel=\"noopener\">{}</a></p>",
        esc(&screen.source_line()),
        esc(t(Msg::OpenInChiso, lang)),
    );
    h.push_str(&sources(screen));
    let _ = write!(
        h,
        "<table class=\"pr-figures pr-default-only\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(&screen.title()),
        esc(t(Msg::Indicator, lang)),
        esc(t(Msg::ReferencePeriod, lang)),
        esc(t(Msg::Value, lang)),
    );
    for row in screen.table_rows() {
        let o = row.observation;
        let value = format::value(&o.value, row.indicator.measure, o.bound, lang);
        let period = format::period(&o.period, o.approximate, lang);
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(row.indicator.name.get(lang)),
            esc(&period),
            esc(&value)
        );
    }
    h.push_str("</tbody></table>");
    h.push_str(&chart_block(chart, screen.db.file_hash().unwrap_or_default()));
    h.push_str("</section></section></main></div>");
    h
}

/// The indicators' names in both languages and the default view's indicators, as a JSON data block (never
/// executed) that [`BOOT`] reads to title the placeholder of another view (`?ind=…&lang=…`) at once.
fn names_block(screen: &Screen<'_>) -> String {
    let names: serde_json::Map<String, Json> = screen
        .db
        .ds
        .indicators
        .iter()
        .map(|i| (i.id.to_string(), json!([i.name.get(Lang::Vi), i.name.get(Lang::En)])))
        .collect();
    let views: Vec<&str> = View::ALL.iter().map(|v| v.id()).collect();
    let data = json!({ "d": screen.state.indicators, "n": names, "v": views, "l": t(Msg::Loading, Lang::En) });
    format!("<script type=\"application/json\" id=\"pr-names\">{}</script>", data.to_string().replace("</", "<\\/"))
}

/// The sources panel under the view, as the app's `SourcesPanel` writes it for the default view (same elements
/// and classes, so the same size): on a wide screen its first source's title is the largest text of the page, and
/// drawn here it is painted with the first chart instead of after the app takes over (Lighthouse's LCP).
fn sources(screen: &Screen<'_>) -> String {
    use chiso_core::citation::{editor_notes_label, figure_line, figure_notes, source_head, EDITOR_LANGUAGE};
    use chiso_core::links::safe_link;
    use chiso_core::query::{group_by_source, LIST_MAX};
    let (db, lang) = (screen.db, screen.lang());
    let notes = |text: &str| {
        format!(
            "<span class=\"notes\">{}: <span lang=\"{EDITOR_LANGUAGE}\">{}</span></span>",
            esc(editor_notes_label(lang)),
            esc(text)
        )
    };
    let mut h = format!("<section class=\"sources pr-full pr-default-only\"><h2>{}</h2>", esc(t(Msg::Sources, lang)));
    if let Some(d) = db.ds.published.as_deref().and_then(|p| p.parse::<chiso_core::period::Date>().ok()) {
        let text =
            chiso_core::tr!(lang, "Bản dữ liệu công bố ngày {}", "Data edition published on {}", format::date(d, lang));
        let _ = write!(h, "<p class=\"edition\">{}</p>", esc(&text));
    }
    let figures = screen.figures();
    h.push_str("<ol class=\"sources-list\">");
    for group in group_by_source(&figures[..figures.len().min(LIST_MAX)]) {
        h.push_str("<li>");
        if let Some(s) = db.source(group.source) {
            let head = source_head(s, lang);
            let title = match s.url.as_deref().and_then(safe_link) {
                Some(u) => format!(
                    "<a href=\"{}\" target=\"_blank\" rel=\"noopener\" lang=\"{}\">{}</a>",
                    esc(u),
                    esc(&s.language),
                    esc(&head.title)
                ),
                None => format!("<cite lang=\"{}\">{}</cite>", esc(&s.language), esc(&head.title)),
            };
            let derived =
                head.derived.map(|d| format!(" <small class=\"derived\">{}</small>", esc(&d))).unwrap_or_default();
            let _ = write!(h, "<p class=\"src\">{title}{derived} — {}, {}</p>", esc(&head.publisher), esc(&head.date));
            if !head.notes.is_empty() {
                h.push_str(&notes(&head.notes.join(" · ")));
            }
        }
        for sg in group.sentences {
            h.push_str("<ul class=\"figs\">");
            for o in &sg.figures {
                let _ = write!(h, "<li><span class=\"fig\">{}</span>", esc(&figure_line(db, o, lang)));
                if let Some(n) = figure_notes(o) {
                    h.push_str(&notes(&n));
                }
                h.push_str("</li>");
            }
            let _ = write!(
                h,
                "</ul><details><summary>{}</summary><blockquote lang=\"{}\">{}</blockquote></details>",
                esc(t(Msg::ExactSentence, lang)),
                esc(sg.language),
                esc(sg.sentence)
            );
        }
        h.push_str("</li>");
    }
    h.push_str("</ol></section>");
    h
}

/// The legend under the line chart, as the app writes it.
fn legend(chart: &ChartSpec) -> String {
    let lang = chart.lang;
    format!("● {}   ○ {}", t(Msg::PublishedFigure, lang), t(Msg::Approximate, lang))
}

/// What the page says when the interactive part cannot start.
const FAIL_VI: &str = "Không tải được phần tương tác của trang (trình duyệt không hỗ trợ WebAssembly hoặc mạng bị \
                       gián đoạn). Biểu đồ và số liệu dưới đây vẫn đúng.";
const FAIL_EN: &str = "The interactive part of the page could not load (the browser lacks WebAssembly or the \
                       connection dropped). The chart and figures below are correct.";

/// The inline script in `<head>`: chooses the block's variant before the first paint, starts the app once that
/// paint is done (the preloads and module scripts [`defer_app`] made inert, in document order, the next module
/// script only when the one before has run, in a task of its own: ECharts' evaluation and the start of the app's
/// downloads were one task of 48 ms, unthrottled, before); at the latest 200 ms after the page is parsed, as a hidden frame
/// never paints) — ECharts first, alone on the connection, and the app's wasm, glue and dataset only once it has
/// run and made the chart live, so a slow link gives the interactive chart its bytes first — and shows the failure message (with a retry) when the app cannot start. In an article embed of
/// the default view (`pr-static`) it starts only ECharts, which makes the chart live (`echarts/first-chart.js`),
/// gives the page the embed's `h1`, drops the explorer's parts and posts the frame's height to the host page; the
/// app is started later only by `window.chisoStartApp()` (when the dataset on the server is newer than the
/// build). Its hash, and that of Trunk's loader it re-inserts, are in the page's Content-Security-Policy
/// (`crate::csp`).
const BOOT: &str = "<script>(function(){var d=document.documentElement,c=d.classList,q=location.search.slice(1)\
.split('&').filter(function(p){return p&&!/^(v=1|anim=0|eid=.*)$/.test(p)}),e=q.indexOf('embed=chart');\
if(e>=0){q.splice(e,1);c.add('pr-embed')}c.add(q.length?'pr-other':'pr-default','pr-on');\
var st=e>=0&&!q.length;if(st)c.add('pr-static');\
function fail(){if(!c.contains('pr-on'))return;c.add('pr-failed');var f=document.querySelector('.pr-fail');\
if(f){f.hidden=false;f.querySelector('button').onclick=function(){location.reload()}}}\
if(typeof WebAssembly!=='object')document.addEventListener('DOMContentLoaded',fail);\
addEventListener('error',function(ev){var t=ev.target;if(t&&(t.tagName==='SCRIPT'||t.tagName==='LINK'))fail()},true);\
addEventListener('unhandledrejection',fail);addEventListener('error',fail);\
setTimeout(function(){if(c.contains('pr-on')&&!st)c.add('pr-slow')},15000);\
function ec(o){return/(^|\\/)echarts\\//.test(o.getAttribute('href')||o.getAttribute('src')||'')}\
window.chisoStartApp=function(){if(!st)return;st=false;c.remove('pr-static');started=0;start()};\
function revive(all){[].forEach.call(document.querySelectorAll('link[rel^=\"chiso-\"]'),function(o){if(!all&&!ec(o))return;\
var n=document.createElement('link');for(var i=0;i<o.attributes.length;i++)n.setAttribute(o.attributes[i].name,o.attributes[i].value);\
n.rel=o.rel.slice(6);o.parentNode.replaceChild(n,o)})}\
var started=0;function start(){if(started++)return;revive(false);\
var s=[].slice.call(document.querySelectorAll('script[type=\"chiso/module\"]')).filter(function(o){return!st||ec(o)});\
(function next(){var o=s.shift();if(!o)return;if(!ec(o))revive(true);\
var n=document.createElement('script');for(var i=0;i<o.attributes.length;i++)n.setAttribute(o.attributes[i].name,o.attributes[i].value);\
n.type='module';if(o.hasAttribute('src')){n.onload=function(){setTimeout(next,0)};n.onerror=fail}else{n.textContent=o.textContent}\
o.parentNode.replaceChild(n,o);if(!o.hasAttribute('src'))next()})()}\
function embed(){[].forEach.call(document.querySelectorAll('#prerender .pr-full,#prerender .pr-figures'),\
function(x){x.remove()});var hd=document.querySelector('.pr-headline'),h2=hd&&hd.querySelector('h2');if(h2){\
var h1=document.createElement('h1');h1.textContent=h2.textContent;hd.replaceChild(h1,h2);hd.classList.add('embed-head')}\
if(parent===window)return;var id='chiso',m=location.search.match(/[?&]eid=([^&]{1,64})(&|$)/),last=-1;\
try{if(m)id=decodeURIComponent(m[1])}catch(x){}function post(){var h=Math.ceil(document.body.getBoundingClientRect()\
.bottom+scrollY),o={};if(h===last)return;last=h;o[id]=h;parent.postMessage({'datawrapper-height':o},'*');\
parent.postMessage({type:'chiso:height',id:id,height:h},'*')}post();if(window.ResizeObserver)new ResizeObserver(post)\
.observe(document.body);addEventListener('load',post)}\
addEventListener('DOMContentLoaded',function(){if(c.contains('pr-other')){var n=[],j,p={};try{\
j=JSON.parse(document.getElementById('pr-names').textContent);q.forEach(function(x){var k=x.split('=');\
p[k[0]]=decodeURIComponent((k[1]||'').replace(/\\+/g,' '))});n=(p.ind?p.ind.split('~'):j.d)\
.map(function(i){return j.n[i.trim()]}).filter(Boolean).map(function(v){return v[p.lang==='en'?1:0]})}catch(x){}\
var h=document.querySelector('.pr-headline');if(h){h.querySelector('h2').textContent=n.join(' \\u00b7 ')||'\\u00a0';\
h.querySelector('.where').textContent='\\u00a0'}var v=j&&j.v.indexOf(p.view),t=document.querySelectorAll('.pr-tab');\
if(v>0&&t[v]){t[0].classList.remove('active');t[v].classList.add('active')}\
if(j&&p.lang==='en')document.querySelector('.pr-loading').textContent=j.l}if(st)embed();requestAnimationFrame(function(){requestAnimationFrame(start)});\
setTimeout(start,200)})})()</script>";

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> Db {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/nghe-an.json");
        Db::new(Dataset::from_json(&fs::read_to_string(path).unwrap()).unwrap())
    }

    #[test]
    fn axis_ticks_are_written_by_the_cores_formatter_for_every_nice_value() {
        let ticks = tick_texts(AxisFormat::Percent, 0.13, 137.2, Lang::Vi).unwrap();
        assert_eq!(ticks["70.000000"], "70%");
        assert_eq!(ticks["12.500000"], "12,5%");
        let years = tick_texts(AxisFormat::Year, 2001.0, 2014.0, Lang::Vi).unwrap();
        assert_eq!(years["2004.000000"], "2004");
        assert_eq!(years["2004.500000"], "", "half years are left blank, as in the app");
        assert!(tick_texts(AxisFormat::Plain, 0.0, 1.0, Lang::Vi).is_none());
    }

    #[test]
    fn a_server_rendered_svg_fills_its_box_without_hover_styles() {
        let svg = "<svg width=\"336\" height=\"380\" viewBox=\"0 0 336 380\"><style>.zr0-cls-0:hover{}</style>\
                   <path class=\"zr0-cls-0\" d=\"M0 0\"></path></svg>";
        let out = responsive(svg, 336, 380, "pr-svg pr-narrow pr-light");
        assert!(out.starts_with("<svg class=\"pr-svg pr-narrow pr-light\" width=\"100%\" height=\"380\""), "{out}");
        assert!(!out.contains("<style") && !out.contains("zr0-cls"), "{out}");
        assert!(out.contains("<path d=\"M0 0\"></path>"), "{out}");
    }

    /// The default view's block (no SVGs) for a dataset hash, and its chart.
    fn default_block(dataset_fnv: u32) -> (String, ChartSpec) {
        let db = real().read_from(dataset_fnv);
        let state = ExplorerState::default();
        let screen = Screen::new(&db, &state);
        let chart = screen.chart().unwrap();
        (block(&screen, &chart, &serde_json::Map::new()), chart)
    }

    #[test]
    fn the_block_shows_the_default_views_headline_figures_and_source() {
        let (html, _) = default_block(7);
        assert!(html.starts_with("<div id=\"prerender\""));
        assert!(html.contains("<h2>Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém</h2>"));
        for value in ["63,04%", "68,6%", "2,64%", "0,13%"] {
            assert!(html.contains(&format!("<td>{value}</td>")), "{value}");
        }
        assert!(html.contains("Nguồn: Báo Nghệ An, 2014"));
        assert!(
            html.contains("<ol class=\"sources-list\"><li><p class=\"src\"><cite lang=\"en\">Improving the quality")
                && html.contains(
                    "<span class=\"fig\">Tỉnh Nghệ An — Tổ chức đảng trong sạch vững mạnh — 2013: 68,6%</span>"
                ),
            "the sources panel as the app writes it, its figures with it: {}",
            &html[html.find("<section class=\"sources").unwrap_or(0)..]
        );
        assert!(html.contains("role=\"img\" aria-label=\"Tổ chức đảng trong sạch vững mạnh: 63,04%"));
        assert!(html.contains("class=\"pr-fail load-error\" role=\"alert\" hidden"), "the failure message waits");
        assert!(
            !html.contains("<button type=\"button\" role=\"tab\""),
            "no control a test or a reader could mistake for the app's"
        );
    }

    #[test]
    fn the_page_carries_the_chart_live_with_every_text_it_shows_and_no_way_out_of_its_script() {
        let (html, chart) = default_block(7);
        let start = html.find("<script type=\"application/json\" id=\"pr-chart\">").expect("the chart's data block");
        let body = &html[start..];
        let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
        let job: Json = serde_json::from_str(body).unwrap();
        assert_eq!(job["option"], chart.option, "the app's own option, built by charming");
        assert_eq!(job["test_id"], "chart-line");
        let key = view_key(&ExplorerState::default(), &real().read_from(7)).unwrap();
        assert!(
            html.contains(&format!("data-view=\"{key}\"")),
            "the picture names what it shows: the app keeps it while its first view has the same key"
        );
        // Every point of every line has its tooltip and label written by the core (the live chart has no other).
        let series = job["option"]["series"].as_array().unwrap();
        for (i, s) in series.iter().enumerate() {
            for (j, _) in s["data"].as_array().unwrap().iter().enumerate() {
                let tip = job["tips"][i][j].as_str().unwrap_or("");
                assert!(!tip.is_empty(), "series {i} point {j} has a tooltip");
            }
        }
        assert!(job["tips"].to_string().contains("68,6%"), "tooltips in the reader's number format");
        assert!(job["y_ticks"]["70.000000"] == "70%" && job["x_ticks"]["2013.000000"] == "2013");
        assert!(!body.contains("</"), "no `</` could end the script element early");
        assert!(html.contains("class=\"embed-open pr-embed-only\" href=\"./\""), "an embed links to the explorer");
    }

    #[test]
    fn the_dataset_hash_is_the_standard_fnv1a_of_its_bytes() {
        // The published test vectors of 32-bit FNV-1a: the page's script computes the same numbers.
        assert_eq!(fnv1a_32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a_32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a_32(b"foobar"), 0xbf9c_f968);
        let (html, _) = default_block(0xbf9c_f968);
        assert!(html.contains("\"dataset\":{\"fnv\":3214735720,\"url\":\"nghe-an.json\"}"), "the page names the hash");
    }

    #[test]
    fn what_the_app_needs_waits_for_the_first_paint_and_the_css_does_not() {
        let html = "<link rel=\"stylesheet\" href=\"main.css\"><script type=\"module\" src=\"echarts/core.js\"></script>\
                    <link rel=\"preload\" href=\"nghe-an.json\" as=\"fetch\"><script src=\"sw-register.js\" defer></script>\
                    <script type=\"module\">import init from './chiso.js';</script><link rel=\"modulepreload\" href=\"./chiso.js\">";
        let out = defer_app(html);
        assert!(out.contains("<link rel=\"stylesheet\" href=\"main.css\">"), "the CSS still blocks the first paint");
        assert!(out.contains("<script type=\"chiso/module\" src=\"echarts/core.js\">"));
        assert!(out.contains("<link rel=\"chiso-preload\" href=\"nghe-an.json\""));
        assert!(out.contains("<script type=\"chiso/module\">import init"));
        assert!(out.contains("<link rel=\"chiso-modulepreload\" href=\"./chiso.js\">"));
        assert!(out.contains("<script src=\"sw-register.js\" defer>"), "classic scripts are left alone");
        let eager = crate::bench::eager_files(&out);
        for f in ["main.css", "echarts/core.js", "nghe-an.json", "chiso.js"] {
            assert!(eager.iter().any(|e| e == f), "{f} still counts in the first load: {eager:?}");
        }
    }
}
