//! Lighthouse in `cargo xtask bench` (and alone, `cargo xtask bench --lighthouse-only`): stages
//! `target/bench/lighthouse/` (`dist/` with its precompressed `.br`/`.gz` copies, which the server sends as a
//! static host would, since Lighthouse counts bytes on the wire; and the baseline page, compressed the same way),
//! serves it on 127.0.0.1 and runs `bench/lighthouse.mjs` on the app and the baseline.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::bench::replace_section;
use crate::server::Server;
use crate::stage::{copy_dir, stage_baseline};
use crate::util::{header, path_with_node_bin, run, Result};

/// `target/bench/lighthouse/` (see the module docs): `dist/` with its precompressed copies, and the baseline,
/// precompressed the same way.
fn stage_lighthouse(root: &Path, www: &Path) -> Result {
    if www.exists() {
        fs::remove_dir_all(www)?;
    }
    let dist = root.join("dist");
    if !dist.join("index.html").is_file() {
        return Err("dist/ is not built: run `cargo xtask build` first".into());
    }
    copy_dir(&dist, www, true)?;
    stage_baseline(root, www)?;
    crate::precompress::precompress(root, &[&www.join("bench")])
}

/// Serves `target/bench/lighthouse/` and runs `bench/lighthouse.mjs` on the app and the baseline; returns its
/// Markdown.
pub fn lighthouse(root: &Path, runs: u32) -> Result<String> {
    let www = root.join("target/bench/lighthouse");
    {
        let _lock = crate::dist_lock(root)?;
        stage_lighthouse(root, &www)?;
    }
    let out = root.join("target/bench");
    let server = Server::start(&www, 0)?;
    println!("serving target/bench/lighthouse/ on {}", server.url());
    let result = run(Command::new("node")
        .arg("bench/lighthouse.mjs")
        .args(["--app", &server.url()])
        .args(["--baseline", &format!("{}bench/baseline.html", server.url())])
        .args(["--runs", &runs.to_string()])
        .arg("--json")
        .arg(out.join("lighthouse.json"))
        .arg("--md")
        .arg(out.join("lighthouse.md"))
        .env("CHROMIUM", "/usr/bin/chromium")
        .env("PATH", path_with_node_bin(root))
        .current_dir(root));
    server.stop();
    result?;
    Ok(fs::read_to_string(out.join("lighthouse.md"))?)
}

/// The Lighthouse section of BENCHMARKS.md around `bench/lighthouse.mjs`'s tables.
pub fn section(md: &str) -> String {
    format!(
        "## Lighthouse: the app against the plain-JS floor\n\n\
         `cargo xtask bench` (or `cargo xtask bench --lighthouse-only`, against the `dist/` already built) serves \
         `dist/` with its precompressed files (brotli, as a static host sends them) and the baseline page \
         (`bench/baseline.html`, same ECharts files, same dataset) from `target/bench/lighthouse/` on 127.0.0.1 \
         and runs `bench/lighthouse.mjs` (method in its header): the app as a reader opens it (`/`, no query), \
         the same as an article embeds its default view (`?embed=chart&eid=lh`: the chart drawn at build time, \
         made live by the first chart's ECharts, no wasm), the baseline as `bench/baseline.html`. Times are \
         Lighthouse's simulation (Lantern) from the trace; the bytes before the first chart is interactive are \
         those of the requests that had ended when the page marked `chiso:first-chart-interactive` (the baseline: \
         `chiso:first-chart`), and before the app's first chart when the app marked `chiso:first-chart`, on the \
         observed (unthrottled) timeline. A canvas is never an LCP candidate: LCP is a text block of the page, \
         not the chart.\n\n{md}"
    )
}

/// `cargo xtask bench --lighthouse-only`: Lighthouse alone on the built `dist/`, into BENCHMARKS.md.
pub fn lighthouse_only(root: &Path, runs: u32) -> Result {
    let started = Instant::now();
    crate::ensure_chromium()?;
    header("bench: Lighthouse (mobile and desktop, app vs plain-JS baseline) on dist/");
    let md = lighthouse(root, runs)?;
    let path = root.join("BENCHMARKS.md");
    let doc = fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks of Chỉ số\n".into());
    fs::write(&path, replace_section(&doc, "lighthouse", &section(&md)))?;
    println!("\nbench: Lighthouse section of BENCHMARKS.md updated; {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
