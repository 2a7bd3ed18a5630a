//! The custom ECharts, built with esbuild from `echarts/` in two forms:
//!
//! - **split** (every Trunk build, through the `pre_build` hook of `Trunk.toml`, `cargo xtask echarts`): ES modules
//!   in `vendor/echarts/`, copied to `dist/echarts/` by Trunk. `core.js` (from `echarts/core-entry.js`) registers
//!   what the first chart draws and sets `window.echarts`; `extra.js` (from `echarts/extra-entry.js`: map, titles,
//!   SVG renderer) is imported on first use; the code both share lands in `chunk-<hash>.js` files that `core.js`
//!   imports statically. esbuild's metafile (`target/echarts/meta.json`) says which: the `post_build` hook
//!   (`cargo xtask echarts-preload`) adds a `<link rel="modulepreload">` for each of them after the `core.js`
//!   script of the staged index.html, so `trunk serve` alone gives the same page as `cargo xtask build`.
//!   The first chart's files (`core.js` and its static imports) open with V8's explicit compile hint
//!   ([`COMPILE_HINT`]): Chromium then compiles all their functions while the file streams in, off the main
//!   thread, instead of one by one on the main thread at their first call (the first `setOption` took 90–160 ms
//!   of main-thread time on this machine without it, 45–65 ms with it). Other engines read a comment.
//! - **full** (`cargo xtask single`): both parts in one IIFE defining the global `echarts`
//!   (`target/single/echarts-full.min.js`, from `echarts/entry.js`), inlined into the single file, which opens from
//!   `file://` where a module cannot import another file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{run, Result};

/// The module index.html loads (relative to `dist/`).
pub const CORE: &str = "echarts/core.js";
/// Where the split build is written (Trunk copies the folder to `dist/echarts/`).
const SPLIT_DIR: &str = "vendor/echarts";
/// esbuild's metafile of the split build: which output imports which, statically or not.
const METAFILE: &str = "target/echarts/meta.json";

fn esbuild(root: &Path) -> Command {
    let mut cmd = Command::new(root.join("node_modules/.bin/esbuild"));
    cmd.args(["--bundle", "--minify", "--define:process.env.NODE_ENV=\"production\"", "--log-level=warning"])
        .current_dir(root);
    cmd
}

/// Builds the split ECharts into `vendor/echarts/` (emptied first, so no chunk of an older build is shipped), with
/// its metafile.
pub fn build_split(root: &Path) -> Result {
    let out = root.join(SPLIT_DIR);
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    fs::create_dir_all(root.join(METAFILE).parent().expect("the metafile is in a folder"))?;
    run(esbuild(root).args([
        &format!("--metafile={METAFILE}"),
        "core=echarts/core-entry.js",
        "extra=echarts/extra-entry.js",
        "--splitting",
        "--format=esm",
        "--chunk-names=chunk-[hash]",
        &format!("--outdir={SPLIT_DIR}"),
    ]))
}

/// Builds the whole ECharts as one IIFE (global `echarts`) for the single file; returns its path.
pub fn build_full(root: &Path) -> Result<PathBuf> {
    let dir = root.join("target").join("single");
    fs::create_dir_all(&dir)?;
    let out = dir.join("echarts-full.min.js");
    run(esbuild(root)
        .args(["echarts/entry.js", "--format=iife", "--global-name=echarts"])
        .arg(format!("--outfile={}", out.display())))?;
    Ok(out)
}

/// The outputs of the split build and what each imports statically, from esbuild's metafile, as paths of the
/// served folder (`echarts/core.js`, `echarts/chunk-X.js`).
fn static_imports(metafile: &str) -> Result<Vec<(String, Vec<String>)>> {
    let meta: serde_json::Value = serde_json::from_str(metafile).map_err(|e| format!("{METAFILE}: {e}"))?;
    let outputs = meta["outputs"].as_object().ok_or_else(|| format!("{METAFILE} has no `outputs`"))?;
    let served = |p: &str| p.strip_prefix(SPLIT_DIR).map(|rest| format!("echarts{rest}"));
    let mut out = Vec::new();
    for (path, output) in outputs {
        let Some(file) = served(path).filter(|f| f.ends_with(".js")) else { continue };
        let imports = output["imports"].as_array().map(Vec::as_slice).unwrap_or_default();
        let statics = imports
            .iter()
            .filter(|i| i["kind"] == "import-statement" && i["external"] != true)
            .filter_map(|i| i["path"].as_str().and_then(served))
            .collect();
        out.push((file, statics));
    }
    Ok(out)
}

/// Every module that `core.js` imports statically, directly or not (what the browser fetches before it runs it),
/// in discovery order, from the metafile text.
fn core_closure_in(metafile: &str) -> Result<Vec<String>> {
    let imports = static_imports(metafile)?;
    let mut seen = vec![CORE.to_string()];
    let mut i = 0;
    while i < seen.len() {
        let (_, statics) = imports
            .iter()
            .find(|(f, _)| *f == seen[i])
            .ok_or_else(|| format!("{METAFILE} has no output for {}", seen[i]))?;
        for s in statics {
            if !seen.contains(s) {
                seen.push(s.clone());
            }
        }
        i += 1;
    }
    seen.remove(0);
    Ok(seen)
}

fn read_metafile(root: &Path) -> Result<String> {
    fs::read_to_string(root.join(METAFILE)).map_err(|e| {
        format!("cannot read {METAFILE} (written by `cargo xtask echarts`, Trunk's pre_build hook): {e}").into()
    })
}

/// The static imports of `core.js`, directly or not, from the metafile of the last split build.
pub fn core_closure(root: &Path) -> Result<Vec<String>> {
    core_closure_in(&read_metafile(root)?)
}

/// The ECharts modules that no page loads eagerly (`extra.js` and the chunks only it imports), from the metafile.
pub fn lazy_files(root: &Path) -> Result<Vec<String>> {
    let text = read_metafile(root)?;
    let eager = core_closure_in(&text)?;
    let mut out: Vec<String> =
        static_imports(&text)?.into_iter().map(|(f, _)| f).filter(|f| f != CORE && !eager.contains(f)).collect();
    out.sort();
    Ok(out)
}

/// Adds `<link rel="modulepreload" href="{base}{file}">` for each of `files` right after the module script whose
/// `src` is `{base}{CORE}`, so the browser fetches the chunks together with `core.js` instead of after it.
pub fn with_preloads(html: &str, base: &str, files: &[String]) -> Result<String> {
    let tag = format!("<script type=\"module\" src=\"{base}{CORE}\"></script>");
    let at = html.find(&tag).ok_or_else(|| format!("no `{tag}` in the page"))? + tag.len();
    let indent = html[..at].rsplit('\n').next().map_or("", |line| &line[..line.len() - line.trim_start().len()]);
    let links: String =
        files.iter().map(|f| format!("\n{indent}<link rel=\"modulepreload\" href=\"{base}{f}\">")).collect();
    Ok(format!("{}{links}{}", &html[..at], &html[at..]))
}

/// V8's explicit compile hint (a magic comment on a file's first line): compile every function of the file
/// eagerly, on a background thread as the file streams in (Chromium 136 and later; a comment elsewhere).
pub const COMPILE_HINT: &str = "//# allFunctionsCalledOnLoad";

/// `text` with [`COMPILE_HINT`] as its first line (once: a text that has it already is returned as it is).
pub fn with_compile_hint(text: &str) -> String {
    if text.starts_with(COMPILE_HINT) {
        text.to_string()
    } else {
        format!("{COMPILE_HINT}\n{text}")
    }
}

/// Puts [`COMPILE_HINT`] at the top of `core.js` and of every file it imports statically (in `vendor/echarts/`):
/// the code the first chart runs at once. `extra.js` and its own chunks, loaded on first use, stay lazy.
fn add_compile_hints(root: &Path) -> Result {
    let mut files = core_closure(root)?;
    files.push(CORE.to_string());
    for file in files {
        let name = file.strip_prefix("echarts/").ok_or_else(|| format!("`{file}` is not under echarts/"))?;
        let path = root.join(SPLIT_DIR).join(name);
        let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        fs::write(&path, with_compile_hint(&text))?;
    }
    Ok(())
}

/// `cargo xtask echarts`: the split build (Trunk's `pre_build` hook).
pub fn echarts(root: &Path) -> Result {
    build_split(root)?;
    add_compile_hints(root)?;
    println!("echarts: built {SPLIT_DIR}/ ({CORE} imports {})", core_closure(root)?.join(", "));
    Ok(())
}

/// `cargo xtask echarts-preload`: the modulepreload links of the staged index.html (Trunk's `post_build` hook,
/// which names the staging folder in `TRUNK_STAGING_DIR`; or `dist/` when run by hand).
pub fn echarts_preload(root: &Path) -> Result {
    let dir = std::env::var_os("TRUNK_STAGING_DIR").map_or_else(|| root.join("dist"), PathBuf::from);
    let files = core_closure(root)?;
    let index = dir.join("index.html");
    let html = fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    if html.contains("rel=\"modulepreload\" href=\"echarts/") {
        return Err(format!("{} already has the ECharts modulepreload links", index.display()).into());
    }
    fs::write(&index, with_preloads(&html, "", &files)?)?;
    println!("echarts: index.html preloads the static imports of {CORE}: {}", files.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of esbuild's metafile (outputs and their imports), trimmed.
    const META: &str = r#"{"inputs": {}, "outputs": {
        "vendor/echarts/core.js": {"imports": [
            {"path": "vendor/echarts/chunk-A.js", "kind": "import-statement"},
            {"path": "vendor/echarts/extra.js", "kind": "dynamic-import"}], "entryPoint": "echarts/core-entry.js"},
        "vendor/echarts/chunk-A.js": {"imports": [{"path": "vendor/echarts/chunk-B.js", "kind": "import-statement"}]},
        "vendor/echarts/chunk-B.js": {"imports": []},
        "vendor/echarts/extra.js": {"imports": [
            {"path": "vendor/echarts/chunk-A.js", "kind": "import-statement"},
            {"path": "vendor/echarts/chunk-C.js", "kind": "import-statement"}]},
        "vendor/echarts/chunk-C.js": {"imports": []},
        "vendor/echarts/core.js.map": {"imports": []}}}"#;

    #[test]
    fn the_compile_hint_opens_the_file_once() {
        let once = with_compile_hint("import{a}from\"./chunk.js\";");
        assert_eq!(once, "//# allFunctionsCalledOnLoad\nimport{a}from\"./chunk.js\";");
        assert_eq!(with_compile_hint(&once), once, "a second build must not stack hints");
    }

    #[test]
    fn the_core_closure_follows_static_imports_of_the_metafile_only() {
        assert_eq!(core_closure_in(META).unwrap(), ["echarts/chunk-A.js", "echarts/chunk-B.js"]);
        assert!(core_closure_in(r#"{"outputs": {}}"#).is_err());
        assert!(core_closure_in("not json").is_err());
    }

    #[test]
    fn lazy_files_are_the_outputs_core_does_not_import() {
        let dir = std::env::temp_dir().join(format!("xtask-echarts-{}", std::process::id()));
        fs::create_dir_all(dir.join("target/echarts")).unwrap();
        fs::write(dir.join(METAFILE), META).unwrap();
        assert_eq!(lazy_files(&dir).unwrap(), ["echarts/chunk-C.js", "echarts/extra.js"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn preloads_follow_the_core_module_script() {
        let html = "<head>\n    <script type=\"module\" src=\"../echarts/core.js\"></script>\n</head>";
        let out = with_preloads(html, "../", &["echarts/chunk-A.js".into()]).unwrap();
        assert_eq!(
            out,
            "<head>\n    <script type=\"module\" src=\"../echarts/core.js\"></script>\n    \
             <link rel=\"modulepreload\" href=\"../echarts/chunk-A.js\">\n</head>"
        );
        assert!(with_preloads("<head></head>", "", &[]).is_err());
    }
}
