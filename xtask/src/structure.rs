//! Checks of the code's shape that no compiler makes, run by `cargo test`: the app's modules import each other
//! without a cycle, no source file grows past what one reader can hold (about 600 lines; tables excepted), and the
//! embed resizer that news sites include stays small and in ES5.

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fs;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The module path of a file under `src/`: `src/components/views.rs` → `components::views`.
    fn module_of(src: &Path, file: &Path) -> String {
        let rel = file.strip_prefix(src).unwrap().with_extension("");
        let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).filter(|p| *p != "mod" && *p != "lib").collect();
        parts.join("::")
    }

    /// The modules of the app a file imports (`use crate::a::b`, `use super::c`), as the longest module paths
    /// that exist.
    fn imports(module: &str, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for line in text.lines().map(str::trim) {
            let Some(path) = line.strip_prefix("use ").or_else(|| line.strip_prefix("pub use ")) else { continue };
            let path = path.trim_end_matches(';');
            let full = if let Some(rest) = path.strip_prefix("crate::") {
                rest.to_string()
            } else if let Some(rest) = path.strip_prefix("super::") {
                let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
                if parent.is_empty() {
                    rest.to_string()
                } else {
                    format!("{parent}::{rest}")
                }
            } else {
                continue;
            };
            let segments: Vec<&str> = full.split("::").map(|s| s.trim_matches(|c| c == '{' || c == ' ')).collect();
            for n in (1..=segments.len()).rev() {
                let candidate = segments[..n].join("::");
                if modules.contains(&candidate) {
                    if candidate != module {
                        out.insert(candidate);
                    }
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn the_app_modules_import_each_other_without_a_cycle() {
        let src = root().join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
        let graph: BTreeMap<String, BTreeSet<String>> = files
            .iter()
            .map(|f| {
                let m = module_of(&src, f);
                let deps = imports(&m, &fs::read_to_string(f).unwrap(), &modules);
                (m, deps)
            })
            .collect();
        assert!(
            graph.get("app").is_some_and(|d| d.contains("components::views")),
            "the reader sees imports: {graph:?}"
        );
        // Depth-first search with colours: grey = on the current path.
        fn visit<'a>(
            m: &'a str,
            graph: &'a BTreeMap<String, BTreeSet<String>>,
            state: &mut BTreeMap<&'a str, bool>,
            path: &mut Vec<&'a str>,
        ) -> Option<Vec<String>> {
            match state.get(m) {
                Some(true) => {
                    let start = path.iter().position(|p| *p == m).unwrap();
                    return Some(path[start..].iter().map(|s| s.to_string()).chain([m.to_string()]).collect());
                }
                Some(false) => return None,
                None => {}
            }
            state.insert(m, true);
            path.push(m);
            for d in graph.get(m).into_iter().flatten() {
                if let Some(cycle) = visit(d, graph, state, path) {
                    return Some(cycle);
                }
            }
            path.pop();
            state.insert(m, false);
            None
        }
        let mut state = BTreeMap::new();
        for m in graph.keys() {
            let cycle = visit(m, &graph, &mut state, &mut Vec::new());
            assert!(cycle.is_none(), "import cycle among src/ files: {}", cycle.unwrap().join(" → "));
        }
    }

    /// Files allowed past the limit: tables of texts or data, read by lookup rather than top to bottom.
    const TABLES: [&str; 0] = [];

    /// Most lines of a source file.
    const LINES_MAX: usize = 650;

    #[test]
    fn no_source_file_is_longer_than_one_reader_can_hold() {
        let root = root();
        let mut files = Vec::new();
        for dir in ["src", "crates/chiso-core/src", "crates/chiso-data/src", "xtask/src"] {
            rust_files(&root.join(dir), &mut files);
        }
        let long: Vec<String> = files
            .iter()
            .filter(|f| !TABLES.iter().any(|t| f.ends_with(t)))
            // Test modules in their own files are not read with the code.
            .filter(|f| f.file_name().is_none_or(|n| n != "tests.rs"))
            .filter_map(|f| {
                let n = fs::read_to_string(f).unwrap().lines().count();
                (n > LINES_MAX).then(|| format!("{} ({n} lines)", f.strip_prefix(&root).unwrap().display()))
            })
            .collect();
        assert!(long.is_empty(), "split by job (a folder module): {long:?}");
    }

    /// Most bytes of `embed/embed.js`, which every host page of an embed downloads (README: "under 1.5 KB").
    const EMBED_JS_MAX: usize = 1536;

    #[test]
    fn trunk_runs_the_steps_that_rewrite_index_html_in_one_hook_so_they_cannot_race() {
        // Trunk starts every hook of a stage at once: two post_build hooks rewriting the staged index.html raced and
        // lost the ECharts modulepreload links. One hook, `cargo xtask post-build`, runs the steps in order.
        let text = fs::read_to_string(root().join("Trunk.toml")).unwrap();
        let post: Vec<&str> = text.split("[[hooks]]").filter(|h| h.contains("stage = \"post_build\"")).collect();
        assert_eq!(post.len(), 1, "one post_build hook: {post:?}");
        assert!(post[0].contains("\"post-build\""), "{}", post[0]);
    }

    #[test]
    fn the_embed_resizer_stays_under_one_and_a_half_kilobytes_of_es5() {
        let js = fs::read_to_string(root().join("embed/embed.js")).unwrap();
        assert!(js.len() < EMBED_JS_MAX, "embed/embed.js is {} bytes, the limit {EMBED_JS_MAX}", js.len());
        for es6 in ["=>", "let ", "const ", "`", "class ", "...", "new URL"] {
            assert!(!js.contains(es6), "embed/embed.js uses `{es6}`, beyond ES5 (old browsers on news sites)");
        }
    }
}
