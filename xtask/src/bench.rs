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

use crate::server::Server;
use crate::stage::{copy_dir, stage_baseline};
use crate::util::{cargo, gzip_file_size, header, output, path_with_node_bin, run, run_tee, Result};

mod size;
pub use size::*;

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
