//! The custom ECharts, built with esbuild from `echarts/` in two forms:
//!
//! - **split** (`cargo xtask build`): ES modules in `vendor/echarts/`, copied to `dist/echarts/` by Trunk.
//!   `core.js` (from `echarts/core-entry.js`) registers what the first chart draws and sets `window.echarts`;
//!   `extra.js` (from `echarts/extra-entry.js`: map, titles, SVG renderer) is imported on first use; the code both
//!   share lands in `chunk-<hash>.js` files that `core.js` imports statically. index.html runs `core.js` as a
//!   module script, and the build adds a `<link rel="modulepreload">` for each of its static imports after it.
//! - **full** (`cargo xtask single`): both parts in one IIFE defining the global `echarts`
//!   (`target/single/echarts-full.min.js`, from `echarts/entry.js`), inlined into the single file, which opens from
//!   `file://` where a module cannot import another file.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use crate::util::{run, Result};

/// The module index.html loads (relative to `dist/`).
pub const CORE: &str = "echarts/core.js";
/// Where the split build is written (Trunk copies the folder to `dist/echarts/`).
const SPLIT_DIR: &str = "vendor/echarts";

fn esbuild(root: &Path) -> Command {
    let mut cmd = Command::new(root.join("node_modules/.bin/esbuild"));
    cmd.args(["--bundle", "--minify", "--define:process.env.NODE_ENV=\"production\"", "--log-level=warning"])
        .current_dir(root);
    cmd
}

/// Builds the split ECharts into `vendor/echarts/` (emptied first, so no chunk of an older build is shipped).
pub fn build_split(root: &Path) -> Result {
    let out = root.join(SPLIT_DIR);
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    run(esbuild(root).args([
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

/// The files a JavaScript module imports statically (`import … from "./x.js"`, `import "./x.js"`), relative
/// paths only, in order of appearance; dynamic `import("./x.js")` is not followed.
pub fn static_imports(js: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = js.as_bytes();
    for (i, &q) in bytes.iter().enumerate() {
        if q != b'"' && q != b'\'' {
            continue;
        }
        let rest = &js[i + 1..];
        if !(rest.starts_with("./") || rest.starts_with("../")) {
            continue;
        }
        let before = js[..i].trim_end();
        let keyword = ["from", "import"].into_iter().find(|k| before.ends_with(k));
        let Some(keyword) = keyword else { continue };
        let start = before.len() - keyword.len();
        let prev = before[..start].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
            continue;
        }
        let Some(len) = rest.find(q as char) else { continue };
        let path = &rest[..len];
        if !path.contains(char::is_whitespace) && !out.iter().any(|o| o == path) {
            out.push(path.to_string());
        }
    }
    out
}

/// `rel` (like `./chunk.js` or `../x.js`) resolved against the folder of `from`, both relative to the served root.
fn resolve(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for comp in Path::new(rel).components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(c) => parts.push(c.to_str()?),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Every module that `entry` (a path under `dir`) imports statically, directly or not: what the browser fetches
/// before it runs `entry`. Paths relative to `dir`, in discovery order, `entry` itself excluded.
pub fn static_closure(dir: &Path, entry: &str) -> Result<Vec<String>> {
    let mut seen = vec![entry.to_string()];
    let mut i = 0;
    while i < seen.len() {
        let file = seen[i].clone();
        let text = fs::read_to_string(dir.join(&file)).map_err(|e| format!("cannot read {file}: {e}"))?;
        for rel in static_imports(&text) {
            let path = resolve(&file, &rel).ok_or_else(|| format!("{file} imports `{rel}`, outside the folder"))?;
            if !seen.contains(&path) {
                seen.push(path);
            }
        }
        i += 1;
    }
    seen.remove(0);
    Ok(seen)
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

/// Post-build step: the modulepreload links of `dist/index.html` for the static imports of `core.js`.
pub fn preload_in_dist(dist: &Path) -> Result<Vec<String>> {
    let files = static_closure(dist, CORE)?;
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index)?;
    fs::write(&index, with_preloads(&html, "", &files)?)?;
    Ok(files)
}

/// The ECharts modules of `dist/` that no page loads eagerly (`extra.js` and the chunks only it imports).
pub fn lazy_files(dist: &Path) -> Result<Vec<String>> {
    let eager = static_closure(dist, CORE)?;
    let mut out = Vec::new();
    for entry in fs::read_dir(dist.join("echarts"))? {
        let name = format!("echarts/{}", entry?.file_name().to_string_lossy());
        if name.ends_with(".js") && name != CORE && !eager.contains(&name) {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_imports_are_found_and_dynamic_ones_skipped() {
        let js = r#"import{a as b,c}from"./chunk-AB12.js";import "./side.js";import x from '../y.js';
var s="import";f(s.from"./no.js");window.load=()=>import("./extra.js");var t='./plain.js';"#;
        assert_eq!(static_imports(js), ["./chunk-AB12.js", "./side.js", "../y.js"]);
    }

    #[test]
    fn imports_resolve_against_the_importing_file() {
        assert_eq!(resolve("echarts/core.js", "./chunk-A.js").as_deref(), Some("echarts/chunk-A.js"));
        assert_eq!(resolve("echarts/core.js", "../x.js").as_deref(), Some("x.js"));
        assert_eq!(resolve("core.js", "../x.js"), None);
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
