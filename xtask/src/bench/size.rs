//! The first-load sizes of a build (`cargo xtask size`, and the first section `cargo xtask bench` writes into
//! BENCHMARKS.md): what `index.html` loads eagerly, its gzip bytes against the budgets, and the parts loaded on first
//! use (ECharts' extra part, the file worker).

use std::fs;
use std::path::Path;

use crate::echarts;
use crate::util::{gzip_file_size, Result};

/// The size the first load should reach (gzip -9 bytes of everything the first chart needs).
pub const FIRST_LOAD_GZIP_TARGET: u64 = 300_000;

/// The budget `cargo xtask test` enforces: the total when it was set (698,522 B on 2026-11-29, with ECharts split
/// for the first chart and the wasm cut by 12 %; 823,112 B before both), plus 5 %, so that regressions fail while
/// the product works its way down to [`FIRST_LOAD_GZIP_TARGET`]. Lower it whenever the total drops.
/// Sizes are flate2's at level 9 ([`crate::util::gzip_size`]) since 2026-12-06, when they replaced `gzip -9 -n`:
/// 701,830 B against 701,971 B for the same build (with `style/palette.css` split from `main.css`), a few bytes
/// up or down per file; the budget stays. Raised from 734,000 B on 2026-12-06 for the browser's Publish panel
/// (about 20,000 B of wasm: the dataset diff, the dataset's serialisation, the review report; measured 749,700 B).
/// Raised again to 790,000 B the same day for issue 13's work, measured 777,842 B with everything merged: the
/// charts readable at every width (year axis, phone layouts, rankings by choice, a rating's categories over time,
/// built with charming, which the stack keeps: its serialisers are about 30,000 B of it), the keyboard map list,
/// ARIA tabs/toolbar and focus keeping, the derived source titles and notes, the larger prerendered `index.html`.
/// Lowered to 742,000 B on 2026-12-07 (issue 12): the reader's-file importer, its checks, the template, the diff
/// and the publish outputs left the app's wasm for the file worker (`crates/chiso-worker`, loaded on first use and
/// not counted); measured 727,495 B, plus 2 % (776,366 B before: main's `dist/` with the live first chart, by
/// Python's gzip -9).
pub const FIRST_LOAD_GZIP_BUDGET: u64 = 742_000;

/// Most gzip bytes before the first chart is visible: `index.html` (which holds the default view drawn at build
/// time, `xtask/src/prerender.rs`) and the stylesheets that block its first paint. The issue's target, as a budget.
pub const FIRST_VISIBLE_GZIP_BUDGET: u64 = 40_000;

/// The files a browser needs before it paints the prerendered first chart: the page and its render-blocking CSS.
pub fn first_visible(files: &[FileSize]) -> impl Iterator<Item = &FileSize> {
    files.iter().filter(|f| f.path == "index.html" || f.path.ends_with(".css"))
}

/// Most gzip bytes before the first chart is interactive (the issue's target, as a budget): the page, its CSS and
/// the first chart's part of ECharts, which makes the chart drawn at build time live (`echarts/first-chart.js`)
/// before the app's wasm and dataset arrive; an article embed of the default view loads nothing more.
pub const FIRST_INTERACTIVE_GZIP_BUDGET: u64 = 550_000;

/// The files a browser needs before the first chart is interactive ([`FIRST_INTERACTIVE_GZIP_BUDGET`]): those of
/// [`first_visible`], the first chart's part of ECharts (`echarts/core.js` and its chunks) and the deferred
/// `sw-register.js` the page also loads. Not the app's wasm, its glue or the dataset.
pub fn first_interactive(files: &[FileSize]) -> impl Iterator<Item = &FileSize> {
    files.iter().filter(|f| {
        f.path == "index.html"
            || f.path.ends_with(".css")
            || f.path.starts_with("echarts/")
            || f.path == "sw-register.js"
    })
}

/// Files the app fetches at start that `index.html` does not name (see `src/api.rs`, `DATASET_URL`).
pub(crate) const EAGER_FETCHES: [&str; 1] = ["nghe-an.json"];

/// One file of the first load.
pub struct FileSize {
    /// Path relative to the served folder.
    pub path: String,
    /// Bytes as stored.
    pub raw: u64,
    /// Gzip level 9 bytes ([`crate::util::gzip_size`]).
    pub gzip: u64,
}

/// The value of `name="…"` in the text of one tag.
pub(crate) fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

/// Files `index.html` makes the browser load eagerly: stylesheets, scripts, module preloads and preloads, and
/// the files an inline script names as `'./file'` (Trunk's wasm loader), in document order, without duplicates.
pub fn eager_files(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim_start_matches("./");
        let remote = s.contains("://") || s.starts_with("//") || s.starts_with("data:");
        if !s.is_empty() && !remote && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = rest[..end].replace(['\n', '\t'], " ");
        match tag.split_whitespace().next().unwrap_or("") {
            "link" => {
                let rel = attr(&tag, "rel").unwrap_or_default();
                // `chiso-(module)preload`: the same, started after the first paint (xtask/src/prerender.rs).
                let rel = rel.trim_start_matches(crate::prerender::DEFERRED_REL_PREFIX);
                if rel.split_whitespace().any(|r| matches!(r, "stylesheet" | "modulepreload" | "preload")) {
                    if let Some(href) = attr(&tag, "href") {
                        push(&href);
                    }
                }
            }
            "script" => match attr(&tag, "src") {
                Some(src) => push(&src),
                None => {
                    let body = &rest[end.min(rest.len())..];
                    let body = &body[..body.find("</script>").unwrap_or(body.len())];
                    for quote in ['\'', '"'] {
                        for piece in body.split(quote).skip(1).step_by(2) {
                            if piece.starts_with("./") && !piece.contains(char::is_whitespace) {
                                push(piece);
                            }
                        }
                    }
                }
            },
            _ => {}
        }
    }
    for f in EAGER_FETCHES {
        push(f);
    }
    out
}

/// The files `index.html` loads eagerly ([`eager_files`]), `echarts/core.js` followed by what it imports
/// statically (`core_closure`: its chunks, from esbuild's metafile), even where the page has no modulepreload for
/// them.
pub(crate) fn eager_files_in(html: &str, core_closure: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for f in eager_files(html) {
        let imports = if f == echarts::CORE { core_closure } else { &[] };
        for g in std::iter::once(&f).chain(imports) {
            if !out.contains(g) {
                out.push(g.clone());
            }
        }
    }
    out
}

/// Sizes of the first-load files of a built folder (`dist/` or a staged copy).
pub fn first_load_sizes(root: &Path, dir: &Path) -> Result<Vec<FileSize>> {
    let html = fs::read_to_string(dir.join("index.html"))
        .map_err(|e| format!("cannot read {}/index.html: {e} (build first)", dir.display()))?;
    let mut files = vec![FileSize { path: "index.html".into(), raw: 0, gzip: 0 }];
    files.extend(eager_files_in(&html, &echarts::core_closure(root)?).into_iter().map(|path| FileSize {
        path,
        raw: 0,
        gzip: 0,
    }));
    sizes(dir, files)
}

/// Fills in the raw and gzip sizes of files of `dir`.
pub(crate) fn sizes(dir: &Path, mut files: Vec<FileSize>) -> Result<Vec<FileSize>> {
    for f in &mut files {
        let p = dir.join(&f.path);
        f.raw = fs::metadata(&p).map_err(|e| format!("{} is loaded by index.html but: {e}", f.path))?.len();
        f.gzip = gzip_file_size(&p)?;
    }
    Ok(files)
}

pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The per-file table of the first load, as Markdown.
pub(crate) fn sizes_table(files: &[FileSize]) -> String {
    let total_raw: u64 = files.iter().map(|f| f.raw).sum();
    let total_gzip: u64 = files.iter().map(|f| f.gzip).sum();
    let mut s = String::from("| file | raw bytes | gzip -9 bytes | share of gzip |\n|---|---:|---:|---:|\n");
    for f in files {
        s.push_str(&format!(
            "| `{}` | {} | {} | {:.0} % |\n",
            f.path,
            thousands(f.raw),
            thousands(f.gzip),
            f.gzip as f64 * 100.0 / total_gzip.max(1) as f64
        ));
    }
    s.push_str(&format!("| **total** | **{}** | **{}** | |\n", thousands(total_raw), thousands(total_gzip)));
    s
}

/// The ECharts part no first chart loads (`echarts/extra.js` and its own chunks), fetched with the first map or
/// image export: one line for the size report.
pub(crate) fn lazy_echarts_line(root: &Path, dir: &Path) -> Result<String> {
    let files =
        sizes(dir, echarts::lazy_files(root)?.into_iter().map(|path| FileSize { path, raw: 0, gzip: 0 }).collect())?;
    let names = files.iter().map(|f| format!("`{}`", f.path)).collect::<Vec<_>>().join(", ");
    Ok(format!(
        "Loaded on first use, not counted above: the rest of ECharts (map, titles of exported images, SVG renderer), \
         {names}: {} B raw, {} B gzip -9, with the first map (plus its boundaries, see \"Map boundaries\") or image \
         export.",
        thousands(files.iter().map(|f| f.raw).sum()),
        thousands(files.iter().map(|f| f.gzip).sum()),
    ))
}

/// The file worker (`crates/chiso-worker`: the reader's-file importer, its checks, the template, the diff and the
/// publish outputs), which the app starts when the open-file dialog is first used: one line for the size report.
pub(crate) fn file_worker_line(dir: &Path) -> Result<String> {
    let mut paths: Vec<String> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().and_then(|e| e.file_name().into_string().ok()))
        .filter(|n| crate::offline::sw::is_file_worker(n) && !n.ends_with(".gz") && !n.ends_with(".br"))
        .collect();
    paths.sort();
    let files = sizes(dir, paths.into_iter().map(|path| FileSize { path, raw: 0, gzip: 0 }).collect())?;
    let names = files.iter().map(|f| format!("`{}`", f.path)).collect::<Vec<_>>().join(", ");
    Ok(format!(
        "Loaded on first use, not counted above: the file worker (the reader's-file importer and its checks, the \
         template, the diff and the publish outputs, a second wasm run in a Web Worker), {names}: {} B raw, {} B \
         gzip -9, when the open-file dialog is first opened, a file is dropped or the template is asked for.",
        thousands(files.iter().map(|f| f.raw).sum()),
        thousands(files.iter().map(|f| f.gzip).sum()),
    ))
}

/// The size check of `cargo xtask test`: fails when the first load of `dist/` exceeds the budget.
pub fn size_budget(root: &Path) -> Result {
    let dist = root.join("dist");
    let files = first_load_sizes(root, &dist)?;
    let total: u64 = files.iter().map(|f| f.gzip).sum();
    print!("{}", sizes_table(&files));
    println!(
        "first load: {} B gzip -9; budget {} B (regression guard), target {} B",
        thousands(total),
        thousands(FIRST_LOAD_GZIP_BUDGET),
        thousands(FIRST_LOAD_GZIP_TARGET)
    );
    println!("{}", lazy_echarts_line(root, &dist)?);
    println!("{}", file_worker_line(&dist)?);
    let visible: u64 = first_visible(&files).map(|f| f.gzip).sum();
    println!(
        "first chart visible after {} B gzip -9 (index.html with the prerendered view + CSS); budget {} B",
        thousands(visible),
        thousands(FIRST_VISIBLE_GZIP_BUDGET)
    );
    let interactive: u64 = first_interactive(&files).map(|f| f.gzip).sum();
    println!(
        "first chart interactive after {} B gzip -9 (the page, CSS and the first chart's ECharts: the build-time \
         chart made live before the app's wasm and dataset, which an embed of the default view never loads); \
         budget {} B",
        thousands(interactive),
        thousands(FIRST_INTERACTIVE_GZIP_BUDGET)
    );
    within("before the first chart is interactive", interactive, FIRST_INTERACTIVE_GZIP_BUDGET, "FIRST_INTERACTIVE")?;
    within("before the first chart is visible", visible, FIRST_VISIBLE_GZIP_BUDGET, "FIRST_VISIBLE")?;
    within("for the whole first load", total, FIRST_LOAD_GZIP_BUDGET, "FIRST_LOAD")?;
    Ok(())
}

/// Fails when `bytes` (gzip -9) exceed the budget `{name}_GZIP_BUDGET` of this file.
fn within(what: &str, bytes: u64, budget: u64, name: &str) -> Result {
    if bytes <= budget {
        return Ok(());
    }
    Err(format!(
        "the page needs {} B gzip -9 {what}, over the budget of {} B (xtask/src/bench/size.rs {name}_GZIP_BUDGET); \
         see the table above and BENCHMARKS.md for where the bytes go",
        thousands(bytes),
        thousands(budget)
    )
    .into())
}
