//! Staged copies of the build for the benchmarks (`target/bench/www/` for `bench/run.mjs`,
//! `target/bench/lighthouse/` for Lighthouse): folders copied with or without their precompressed files, and the
//! plain-JS baseline page beside the app.

use std::fs;
use std::path::Path;

use crate::echarts;
use crate::precompress::is_precompressed;
use crate::util::Result;

/// Copies a folder, without the `.gz`/`.br` copies unless `precompressed`: for `bench/run.mjs` the server sends
/// every file as stored, and the script computes the compressed sizes itself (the same method for the app and the
/// baseline); Lighthouse counts what the server sends, so its copy keeps them.
pub fn copy_dir(from: &Path, to: &Path, precompressed: bool) -> Result {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if !precompressed && is_precompressed(&entry.file_name().to_string_lossy()) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target, precompressed)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// `bench/baseline.html` and `bench/baseline.js` into `www/bench/`. The baseline loads the app's first-chart
/// ECharts the same way: `echarts/core.js` and a modulepreload for each of its chunks (whose names change with the
/// build).
pub fn stage_baseline(root: &Path, www: &Path) -> Result {
    let bench = www.join("bench");
    fs::create_dir_all(&bench)?;
    fs::copy(root.join("bench/baseline.js"), bench.join("baseline.js"))?;
    let html = fs::read_to_string(root.join("bench/baseline.html"))?;
    let html = echarts::with_preloads(&html, "../", &echarts::core_closure(root)?)
        .map_err(|e| format!("bench/baseline.html: {e}"))?;
    fs::write(bench.join("baseline.html"), html)?;
    Ok(())
}
