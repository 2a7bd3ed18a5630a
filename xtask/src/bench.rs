//! `cargo xtask bench`: native (criterion) and browser benchmarks, written into BENCHMARKS.md; and the
//! first-load size budget that `cargo xtask test` checks after the build.
//!
//! The browser benchmark serves a staged copy of the build, `target/bench/www/` (never `dist/` itself):
//! - `/`: a copy of `dist/` (the app);
//! - `/bench/`: `bench/baseline.html` and `bench/baseline.js` (the plain-JS floor);
//! - `/synthetic/nghe-an-synthetic.json`: the synthetic dataset (a hard link to `target/synthetic/`), which the
//!   app loads with `?data=synthetic/nghe-an-synthetic.json`.
//!
//! Lighthouse (`crate::lighthouse`: `bench/lighthouse.mjs`, also alone with `--lighthouse-only`, against the
//! `dist/` already built) gets its own staged copy, `target/bench/lighthouse/`: `dist/` *with* its precompressed `.br`/`.gz` files, which the
//! server sends as a static host would (Lighthouse counts bytes on the wire), and the baseline page, compressed the
//! same way, at `/bench/baseline.html`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::echarts;
use crate::server::Server;
use crate::stage::{copy_dir, stage_baseline};
use crate::util::{cargo, gzip_file_size, header, output, path_with_node_bin, run, run_tee, Result};

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
/// Lowered to 747,000 B on 2026-12-07 (issue 12): the reader's-file importer, its checks, the template, the diff
/// and the publish outputs left the app's wasm for the file worker (`crates/chiso-worker`, loaded on first use and
/// not counted); measured 732,555 B, plus 2 %.
pub const FIRST_LOAD_GZIP_BUDGET: u64 = 747_000;

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
const EAGER_FETCHES: [&str; 1] = ["nghe-an.json"];

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
fn attr(tag: &str, name: &str) -> Option<String> {
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
fn eager_files_in(html: &str, core_closure: &[String]) -> Vec<String> {
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
fn sizes(dir: &Path, mut files: Vec<FileSize>) -> Result<Vec<FileSize>> {
    for f in &mut files {
        let p = dir.join(&f.path);
        f.raw = fs::metadata(&p).map_err(|e| format!("{} is loaded by index.html but: {e}", f.path))?.len();
        f.gzip = gzip_file_size(&p)?;
    }
    Ok(files)
}

fn thousands(n: u64) -> String {
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
fn sizes_table(files: &[FileSize]) -> String {
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
fn lazy_echarts_line(root: &Path, dir: &Path) -> Result<String> {
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
fn file_worker_line(dir: &Path) -> Result<String> {
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
    if interactive > FIRST_INTERACTIVE_GZIP_BUDGET {
        return Err(format!(
            "the first chart needs {} B gzip -9 before it is interactive, over the budget of {} B \
             (xtask/src/bench.rs FIRST_INTERACTIVE_GZIP_BUDGET)",
            thousands(interactive),
            thousands(FIRST_INTERACTIVE_GZIP_BUDGET)
        )
        .into());
    }
    if visible > FIRST_VISIBLE_GZIP_BUDGET {
        return Err(format!(
            "the first chart needs {} B gzip -9 before it is visible, over the budget of {} B \
             (xtask/src/bench.rs FIRST_VISIBLE_GZIP_BUDGET)",
            thousands(visible),
            thousands(FIRST_VISIBLE_GZIP_BUDGET)
        )
        .into());
    }
    if total > FIRST_LOAD_GZIP_BUDGET {
        return Err(format!(
            "the first load is {} B gzip -9, over the budget of {} B (xtask/src/bench.rs FIRST_LOAD_GZIP_BUDGET); \
             see the table above and BENCHMARKS.md for where the bytes go",
            thousands(total),
            thousands(FIRST_LOAD_GZIP_BUDGET)
        )
        .into());
    }
    Ok(())
}

/// Options of `cargo xtask bench`.
struct Opts {
    skip_build: bool,
    quick: bool,
    native: bool,
    browser: bool,
    /// Run Lighthouse (`bench/lighthouse.mjs`).
    lighthouse: bool,
    /// Only Lighthouse, against the `dist/` already built (no build, no sizes, no other bench).
    lighthouse_only: bool,
    /// Lighthouse runs per page and preset.
    lighthouse_runs: u32,
    /// Only the benchmarks of the hardening fixes at ten times today's worst case (`--hardening-only`).
    hardening_only: bool,
    pass: Vec<String>,
}

const USAGE: &str = "usage: cargo xtask bench [--skip-build] [--quick] [--no-native] [--no-browser] \
                     [--no-lighthouse | --lighthouse-only | --hardening-only] [--lighthouse-runs N] \
                     [--runs N] [--syn-runs N] [--changes N] [--cpu N]";

fn parse(args: &[String]) -> Result<Opts> {
    let mut o = Opts {
        skip_build: false,
        quick: false,
        native: true,
        browser: true,
        lighthouse: true,
        lighthouse_only: false,
        lighthouse_runs: 3,
        hardening_only: false,
        pass: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--skip-build" => o.skip_build = true,
            "--quick" => o.quick = true,
            "--no-native" => o.native = false,
            "--no-browser" => o.browser = false,
            "--no-lighthouse" => o.lighthouse = false,
            "--lighthouse-only" => o.lighthouse_only = true,
            "--hardening-only" => o.hardening_only = true,
            "--lighthouse-runs" => {
                let n = it.next().ok_or(USAGE)?;
                o.lighthouse_runs = n
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--lighthouse-runs needs a number above 0, got `{n}`"))?;
            }
            "--runs" | "--syn-runs" | "--changes" | "--cpu" => {
                let n = it.next().ok_or(USAGE)?;
                n.parse::<u32>().map_err(|_| format!("{a} needs a number, got `{n}`"))?;
                o.pass.extend([a.clone(), n.clone()]);
            }
            _ => return Err(format!("unknown option `{a}`\n{USAGE}").into()),
        }
    }
    if o.lighthouse_only && !o.lighthouse {
        return Err(format!("--lighthouse-only and --no-lighthouse contradict each other\n{USAGE}").into());
    }
    Ok(o)
}

/// `target/bench/www/`: dist/ + bench/ + the synthetic dataset (see the module docs).
fn stage(root: &Path, www: &Path, synthetic: &Path) -> Result {
    if www.exists() {
        fs::remove_dir_all(www)?;
    }
    copy_dir(&root.join("dist"), www, false)?;
    stage_baseline(root, www)?;
    let syn = www.join("synthetic");
    fs::create_dir_all(&syn)?;
    let dest = syn.join("nghe-an-synthetic.json");
    if fs::hard_link(synthetic, &dest).is_err() {
        fs::copy(synthetic, &dest)?;
    }
    Ok(())
}

/// Writes `out`, a JSON object of the gzip size ([`crate::util::gzip_size`]) of every file under `www` by its
/// `/`-separated path: `bench/run.mjs --gzip-sizes` reads it, so the bench reports the budget's sizes.
fn write_gzip_sizes(www: &Path, out: &Path) -> Result {
    let started = Instant::now();
    let mut json = String::from("{");
    for (i, f) in crate::offline::files_under(www)?.iter().enumerate() {
        let sep = if i == 0 { "\n  " } else { ",\n  " };
        json.push_str(&format!("{sep}{}: {}", crate::offline::json_string(f), gzip_file_size(&www.join(f))?));
    }
    json.push_str("\n}\n");
    fs::write(out, json)?;
    println!("bench: gzip sizes of target/bench/www/ in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// One criterion result: `name  time: [low estimate high]` (+ `thrpt: [...]`).
struct Estimate {
    name: String,
    time: [String; 3],
    thrpt: Option<String>,
}

/// Reads criterion's summary lines (the name is on the `time:` line or alone on the line before).
fn parse_criterion(lines: &[String]) -> Vec<Estimate> {
    let mut out: Vec<Estimate> = Vec::new();
    let mut last_name = String::new();
    let bracket = |s: &str| -> Option<Vec<String>> {
        let inner = &s[s.find('[')? + 1..s.rfind(']')?];
        let words: Vec<&str> = inner.split_whitespace().collect();
        (words.len() == 6).then(|| words.chunks(2).map(|c| format!("{} {}", c[0], c[1])).collect())
    };
    for line in lines {
        if let Some(pos) = line.find("time:") {
            let name = line[..pos].trim();
            let name = if name.is_empty() { last_name.clone() } else { name.to_string() };
            if let Some(v) = bracket(&line[pos..]) {
                out.push(Estimate { name, time: [v[0].clone(), v[1].clone(), v[2].clone()], thrpt: None });
            }
        } else if let Some(pos) = line.find("thrpt:") {
            if let (Some(last), Some(v)) = (out.last_mut(), bracket(&line[pos..])) {
                last.thrpt.get_or_insert(v[1].clone());
            }
        } else if !line.starts_with(char::is_whitespace)
            && !line.trim().is_empty()
            && !["Benchmarking", "Found", "Warning", "Gnuplot", "Running", "change:", "Change", "No change"]
                .iter()
                .any(|p| line.trim_start().starts_with(p))
        {
            last_name = line.trim().to_string();
        }
    }
    out
}

fn criterion(root: &Path, package: &str, bench: &str, quick: bool) -> Result<String> {
    let mut lines = Vec::new();
    let mut cmd = cargo();
    cmd.args(["bench", "-p", package, "--bench", bench, "--"]).current_dir(root);
    if quick {
        cmd.arg("--quick");
    }
    run_tee(&mut cmd, |l| lines.push(l.to_string()))?;
    let est = parse_criterion(&lines);
    if est.is_empty() {
        return Err(format!("no criterion results found in the output of `cargo bench -p {package}`").into());
    }
    let mut s =
        String::from("| benchmark | time (criterion estimate) | 95 % interval | throughput |\n|---|---:|---:|---:|\n");
    for e in est {
        s.push_str(&format!(
            "| `{}` | **{}** | {} – {} | {} |\n",
            e.name,
            e.time[1],
            e.time[0],
            e.time[2],
            e.thrpt.unwrap_or_default()
        ));
    }
    Ok(s)
}

fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|r| r.trim_start_matches([' ', '\t', ':']).trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<u64>().ok()))
        .map_or(String::new(), |kb| format!(", {:.0} GiB RAM", kb as f64 / 1024.0 / 1024.0));
    let rustc = output(Command::new("rustc").arg("-V")).unwrap_or_default();
    format!("{model}, {cores} cores{mem}; {rustc}")
}

/// Replaces the text between `<!-- bench:ID:begin -->` and `<!-- bench:ID:end -->`, or appends the section.
pub(crate) fn replace_section(doc: &str, id: &str, body: &str) -> String {
    let begin = format!("<!-- bench:{id}:begin -->");
    let end = format!("<!-- bench:{id}:end -->");
    let block = format!("{begin}\n{}\n{end}", body.trim_end());
    match (doc.find(&begin), doc.find(&end)) {
        (Some(b), Some(e)) if b < e => format!("{}{block}{}", &doc[..b], &doc[e + end.len()..]),
        _ => format!("{}\n\n{block}\n", doc.trim_end()),
    }
}

/// The benchmarks of the quadratic fixes of issue #14 at ten times today's worst case
/// (`crates/chiso-data/benches/hardening.rs`), written into their section of BENCHMARKS.md.
fn hardening(root: &Path, quick: bool) -> Result {
    header("bench: the hardening fixes at 10x today's worst case (criterion)");
    let table = criterion(root, "chiso-data", "hardening", quick)?;
    let path = root.join("BENCHMARKS.md");
    let doc = fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks of Chỉ số\n".into());
    let body = format!(
        "## Hardening: the quadratic fixes at ten times today's worst case (criterion)\n\n\
         `cargo xtask bench --hardening-only` (also part of the native run), `crates/chiso-data/benches/hardening.rs`. \
         `source ids`: a sheet whose every row cites its own report, all wanting the same source id, imported whole \
         (numbering the clashes used to try every taken number: n²/2 tries). `url dedup`: `units=` with every place \
         twice, forwards then backwards (the list was de-duplicated by a scan of the kept items). Each at a tenth and \
         at ten times today's worst case (16,000 rows, 100,000 items): ten times the input costs quadratic code a \
         hundred times as long (the 100,000-item link alone took about 18 s before the fix), linear code about ten \
         times, more once the data outgrows the caches or the machine is busy.\n\nMachine: {}, shared with other jobs (absolute times are context only).{}\n\n{table}",
        machine(),
        if quick { " **Quick run (`--quick`): indicative only.**" } else { "" }
    );
    fs::write(&path, replace_section(&doc, "hardening", &body))?;
    println!("bench: BENCHMARKS.md hardening section updated");
    Ok(())
}

/// `cargo xtask bench`.
pub fn bench(root: &Path, args: &[String]) -> Result {
    let opts = parse(args)?;
    if opts.lighthouse_only {
        return crate::lighthouse::lighthouse_only(root, opts.lighthouse_runs);
    }
    if opts.hardening_only {
        return hardening(root, opts.quick);
    }
    let started = Instant::now();
    let www = root.join("target/bench/www");
    let synthetic: PathBuf = root.join("target/synthetic/nghe-an-synthetic.json");

    header("bench: build (release) and stage target/bench/www/");
    if !opts.skip_build {
        crate::setup::setup(root)?;
    }
    crate::ensure_chromium()?;
    if !synthetic.is_file() {
        println!("bench: the synthetic dataset is missing; generating it");
        run(cargo().args(["run", "-p", "chiso-data", "--", "synthetic"]).current_dir(root))?;
    }
    {
        // dist/ must not change between the build and the copy.
        let _lock = crate::dist_lock(root)?;
        if !opts.skip_build {
            crate::build_unlocked(root)?;
        }
        stage(root, &www, &synthetic)?;
    }
    let gzip_sizes = root.join("target/bench/gzip-sizes.json");
    write_gzip_sizes(&www, &gzip_sizes)?;
    let sizes = first_load_sizes(root, &www)?;
    let total: u64 = sizes.iter().map(|f| f.gzip).sum();
    let lazy = lazy_echarts_line(root, &www)?;
    let worker = file_worker_line(&www)?;

    let native = if opts.native {
        header("bench: native (criterion)");
        Some(criterion(root, "chiso-core", "core", opts.quick)?)
    } else {
        None
    };

    let browser = if opts.browser {
        header("bench: browser (headless Chromium, app vs plain-JS baseline)");
        let out = root.join("target/bench");
        let server = Server::start(&www, 0)?;
        println!("serving target/bench/www/ on {}", server.url());
        let mut cmd = Command::new("node");
        cmd.arg("bench/run.mjs")
            .args(["--url", &server.url()])
            .arg("--root")
            .arg(&www)
            .arg("--json")
            .arg(out.join("browser.json"))
            .arg("--gzip-sizes")
            .arg(&gzip_sizes)
            .arg("--md")
            .arg(out.join("browser.md"))
            .args(&opts.pass)
            .env("CHROMIUM", "/usr/bin/chromium")
            .env("PATH", path_with_node_bin(root))
            .current_dir(root);
        if opts.quick {
            cmd.arg("--quick");
        }
        let result = run(&mut cmd);
        server.stop();
        result?;
        Some(fs::read_to_string(out.join("browser.md"))?)
    } else {
        None
    };

    let lighthouse = if opts.lighthouse {
        header("bench: Lighthouse (mobile and desktop, app vs plain-JS baseline)");
        Some(crate::lighthouse::lighthouse(root, if opts.quick { 1 } else { opts.lighthouse_runs })?)
    } else {
        None
    };

    // BENCHMARKS.md: only the sections between the bench markers are replaced.
    let machine = machine();
    let path = root.join("BENCHMARKS.md");
    let mut doc = fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks of Chỉ số\n".into());
    let gap = total.saturating_sub(FIRST_LOAD_GZIP_TARGET);
    doc = replace_section(
        &doc,
        "sizes",
        &format!(
            "## First load: the bytes of the first chart\n\n\
             Written by `cargo xtask bench` (the files `dist/index.html` loads eagerly and the modules they import, \
             plus the dataset the app fetches at start; each gzipped at level 9 by `gzip_size` in `xtask/src/util.rs`); the same sum is checked by `cargo xtask test` (step \
             \"first-load size budget\", after the build).\n\n\
             - **Before the first chart is visible** (the page with the chart drawn at build time, and its CSS): \
             **{} B** (budget `FIRST_VISIBLE_GZIP_BUDGET` {} B, the issue's target).\n\
             - **Before the first chart is interactive** (the same, the first chart's part of ECharts and \
             `sw-register.js`: the build-time chart made live by `echarts/first-chart.js`; an article embed of the \
             default view loads nothing more): **{} B** (budget `FIRST_INTERACTIVE_GZIP_BUDGET` {} B, the \
             issue's target).\n\
             - **The whole app's first load** (all of the table: with the app's wasm, its glue and the dataset, \
             which the full explorer loads after the first paint): **{} B**; the older target for it, {} B, is \
             missed by {} B (**{:.0} %**); CI budget (`FIRST_LOAD_GZIP_BUDGET` in `xtask/src/bench.rs`): {} B, a \
             guard against regressions.\n\n{}\n{lazy}\n\n{worker}",
            thousands(first_visible(&sizes).map(|f| f.gzip).sum()),
            thousands(FIRST_VISIBLE_GZIP_BUDGET),
            thousands(first_interactive(&sizes).map(|f| f.gzip).sum()),
            thousands(FIRST_INTERACTIVE_GZIP_BUDGET),
            thousands(total),
            thousands(FIRST_LOAD_GZIP_TARGET),
            thousands(gap),
            gap as f64 * 100.0 / FIRST_LOAD_GZIP_TARGET as f64,
            thousands(FIRST_LOAD_GZIP_BUDGET),
            sizes_table(&sizes)
        ),
    );
    if let Some(native) = &native {
        doc = replace_section(
            &doc,
            "native",
            &format!(
                "## Native: the core's queries and the dataset load (criterion)\n\n\
                 `cargo xtask bench` (or `cargo bench -p chiso-core`), `crates/chiso-core/benches/core.rs`. The \
                 synthetic dataset is `target/synthetic/nghe-an-synthetic.json` (≈ 106 MB, 498,000 figures, \
                 1,546 units, 40 indicators; written by `cargo run -p chiso-data -- synthetic`). `load/*`: \
                 `Dataset::from_json` (which includes the schema-version check), `validate`, `Db::new`. `view/*`: \
                 the data and option steps of a chart (`charts::line_chart`, `charts::bar_chart`) and the \
                 ranking query alone (`Db::ranking`) over all 1,482 communes.\n\n\
                 Machine: {machine}.{}\n\n{native}",
                if opts.quick { " **Quick run (`--quick`): indicative only.**" } else { "" }
            ),
        );
    }
    if let Some(browser) = &browser {
        doc = replace_section(
            &doc,
            "browser",
            &format!(
                "## Browser: the app against the plain-JS floor\n\n\
                 `cargo xtask bench` builds the release bundle, stages it with the baseline page \
                 (`bench/baseline.html`) and the synthetic dataset in `target/bench/www/`, serves that on \
                 127.0.0.1 and runs `bench/run.mjs` (method in its header). The app is opened as `?anim=0` (and \
                 `&data=synthetic/nghe-an-synthetic.json&ind=synthetic_17~synthetic_18` for the synthetic \
                 dataset, whose default indicators do not exist); the baseline draws the same line chart with the \
                 same first-chart ECharts files (`echarts/core.js` and its preloaded chunks). Filter changes cycle through every numeric indicator with figures for the \
                 province (app: its \"Chỉ số\" select; baseline: `__bench.change`). Ratios are app ÷ baseline; \
                 absolute times are this machine's and only context.{}\n\n{browser}",
                if opts.quick { " **Quick run (`--quick`): indicative only.**" } else { "" }
            ),
        );
    }
    if let Some(md) = &lighthouse {
        doc = replace_section(&doc, "lighthouse", &crate::lighthouse::section(md));
    }
    fs::write(&path, doc)?;
    if opts.native {
        hardening(root, opts.quick)?;
    }
    println!(
        "\nbench: first load {} B gzip -9 (target {} B); BENCHMARKS.md updated; {:.0} s",
        thousands(total),
        thousands(FIRST_LOAD_GZIP_TARGET),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests;
