//! The service worker's file list (a post-build step of `build`): `dist/sw.js` is `sw/sw.js` with every file of
//! `dist/` (but the `.gz`/`.br` copies and sw.js itself), each with its content hash, gzip size, whether it is part
//! of the app shell (precached at install) and whether its name carries a content hash; and a build name
//! `chiso-<hash>` made from the contents of those files: a new build gets a new cache, an identical build keeps it.

use std::fs;
use std::path::Path;

use super::{files_under, json_string};
use crate::precompress::is_precompressed;
use crate::util::{gzip_size, Result};
use chiso_core::hash::{fnv1a_64, Fnv64};

/// The template of the service worker and the name of the file the build writes.
const SW_TEMPLATE: &str = "sw/sw.js";
pub const SW_FILE: &str = "sw.js";

/// What the service worker precaches at install (the app shell), and what it caches later.
pub struct Precache {
    pub build: String,
    /// Files of the shell, precached when the worker installs.
    pub files: usize,
    /// Their size, raw.
    pub bytes: u64,
    /// Files cached on first use or by "Save for offline" (boundaries, ECharts' extra part).
    pub later: usize,
    /// Their size, gzip -9 (what a reader downloads to save them).
    pub later_gzip: u64,
}

/// One file of the build as the service worker sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildFile {
    /// Path relative to the folder of index.html.
    pub path: String,
    /// FNV-1a of the contents (hex): an unchanged file is carried over from an older build's cache.
    pub hash: String,
    /// Size gzip -9 (what a reader downloads, "Save for offline (N MB)").
    pub gzip: u64,
    /// Part of the app shell (precached at install) rather than cached on first use.
    pub shell: bool,
    /// The name carries a content hash (Trunk's `-<16 hex>`, esbuild's `chunk-<8>`): the HTTP cache may serve it
    /// without asking the server.
    pub hashed: bool,
    /// Replaced on the server between builds ([`is_live`]): served from the network first.
    pub live: bool,
}

/// The files the Party Organisation Board replaces on the server between builds (HOW-TO.md, "Replace the file on
/// the site"): the published dataset. The service worker asks the network for them first and falls back to its
/// copy only offline or when the network is slow to answer, so a returning reader sees a correction at once.
pub fn is_live(path: &str) -> bool {
    path == "nghe-an.json"
}

/// The files of the file worker (`crates/chiso-worker`, Trunk's `data-type="worker"`): its loader, glue and wasm,
/// started on first use of the open-file dialog (`src/worker.rs`).
pub fn is_file_worker(path: &str) -> bool {
    path.starts_with("chiso-worker")
}

/// Whether a file belongs to the app shell: everything but the boundaries (`geo/`), the file worker
/// ([`is_file_worker`]) and the ECharts files that `index.html` does not load (the extra part, imported on first
/// use, and chunks only it imports).
pub fn is_shell(path: &str, index_html: &str) -> bool {
    if path.starts_with("geo/") || is_file_worker(path) {
        return false;
    }
    if path.starts_with("echarts/") {
        return index_html.contains(&format!("\"{path}\"")) || index_html.contains(&format!("\"./{path}\""));
    }
    true
}

/// Whether a file name carries a content hash (Trunk's `name-<hex>`, esbuild's `chunk-<BASE32>`), so a new build
/// never reuses the name for other contents.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches("_bg");
    // Trunk writes its 64-bit hash without leading zeros: 16 hex digits or a few fewer.
    let trunk = stem
        .rsplit_once('-')
        .is_some_and(|(_, h)| (12..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()));
    let esbuild = stem
        .strip_prefix("chunk-")
        .is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    trunk || esbuild
}

/// Writes `<dir>/sw.js` from the template with the list of every other file of `dir` (path, hash, gzip size,
/// shell or not, hashed name or not) and a build name made from their contents.
pub fn write_service_worker(root: &Path, dir: &Path) -> Result<Precache> {
    let template = fs::read_to_string(root.join(SW_TEMPLATE))?;
    // The .gz/.br copies are another encoding of the same files: the browser caches the decoded file once.
    let files: Vec<String> = files_under(dir)?.into_iter().filter(|f| f != SW_FILE && !is_precompressed(f)).collect();
    if !files.iter().any(|f| f == "index.html") {
        return Err(format!("{} has no index.html", dir.display()).into());
    }
    let index_html = fs::read_to_string(dir.join("index.html"))?;
    // FNV-1a 64 (`chiso_core::hash`) names the build's caches: not a security check.
    let mut hash = Fnv64::new();
    let mut list = Vec::new();
    let mut p = Precache { build: String::new(), files: 0, bytes: 0, later: 0, later_gzip: 0 };
    for f in &files {
        let body = fs::read(dir.join(f))?;
        hash.write(f.as_bytes());
        hash.write(&(body.len() as u64).to_le_bytes());
        hash.write(&body);
        let file = BuildFile {
            path: f.clone(),
            hash: format!("{:016x}", fnv1a_64(&body)),
            gzip: gzip_size(&body),
            shell: is_shell(f, &index_html),
            hashed: is_hashed(f),
            live: is_live(f),
        };
        if file.shell {
            p.files += 1;
            p.bytes += body.len() as u64;
        } else {
            p.later += 1;
            p.later_gzip += file.gzip;
        }
        list.push(file);
    }
    p.build = format!("chiso-{:016x}", hash.finish());
    let list = list
        .iter()
        .map(|f| {
            format!(
                "{{ path: {}, hash: \"{}\", gzip: {}, shell: {}, hashed: {}, live: {} }}",
                json_string(&f.path),
                f.hash,
                f.gzip,
                f.shell,
                f.hashed,
                f.live
            )
        })
        .collect::<Vec<_>>()
        .join(",\n  ");
    let build_slot = "'__CHISO_BUILD__'";
    let files_slot = "__CHISO_FILES__";
    if !template.contains(build_slot) || !template.contains(files_slot) {
        return Err(format!("{SW_TEMPLATE} lacks the {build_slot} or {files_slot} placeholder").into());
    }
    let sw = template.replace(build_slot, &json_string(&p.build)).replace(files_slot, &format!("[\n  {list},\n]"));
    fs::write(dir.join(SW_FILE), sw)?;
    Ok(p)
}

/// Post-build step of `cargo xtask build`: `dist/sw.js`.
pub fn after_build(root: &Path) -> Result {
    let p = write_service_worker(root, &root.join("dist"))?;
    println!(
        "offline: dist/sw.js precaches the shell, {} files, {} bytes, as {}; {} more files ({} bytes gzip) on first \
         use or \"Save for offline\"",
        p.files, p.bytes, p.build, p.later, p.later_gzip
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_leaves_out_the_boundaries_the_file_worker_and_the_echarts_parts_index_html_does_not_load() {
        let index = r#"<script type="module" src="echarts/core.js"></script>
            <link rel="modulepreload" href="echarts/chunk-LGPUBD4M.js">"#;
        for shell in ["index.html", "nghe-an.json", "echarts/core.js", "echarts/chunk-LGPUBD4M.js", "icons/icon.svg"] {
            assert!(is_shell(shell, index), "{shell}");
        }
        for later in [
            "geo/index.json",
            "geo/2013-district.json",
            "echarts/extra.js",
            "echarts/chunk-ABCDEFGH.js",
            "chiso-worker_loader.js",
            "chiso-worker.js",
            "chiso-worker_bg.wasm",
        ] {
            assert!(!is_shell(later, index), "{later}");
        }
    }

    #[test]
    fn only_the_published_dataset_is_asked_of_the_network_first() {
        assert!(is_live("nghe-an.json"));
        for built in
            ["index.html", "nghe-an-synthetic.json", "geo/2013-district.json", "echarts/core.js", "sw-register.js"]
        {
            assert!(!is_live(built), "{built}");
        }
    }

    #[test]
    fn only_names_with_a_content_hash_count_as_hashed() {
        for hashed in [
            "chiso-e0859d197e36fca2.js",
            "chiso-e0859d197e36fca2_bg.wasm",
            "main-2faebc61bb8a5049.css",
            "palette-f2288ee71d49c1c.css",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        assert!(is_hashed("echarts/chunk-LGPUBD4M.js"));
        for plain in ["index.html", "echarts/core.js", "nghe-an.json", "geo/2013-district.json", "sw-register.js"] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn the_web_app_manifest_takes_its_colours_from_the_palette_and_every_url_is_relative() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let text = fs::read_to_string(root.join("web/manifest.webmanifest")).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(manifest["theme_color"], chiso_core::palette::LIGHT.accent);
        assert_eq!(manifest["background_color"], chiso_core::palette::LIGHT.bg);
        assert_eq!(manifest["start_url"], "./");
        assert_eq!(manifest["scope"], "./");
        let icons = manifest["icons"].as_array().unwrap();
        assert!(icons.iter().any(|i| i["purpose"] == "maskable"));
        for icon in icons {
            let src = icon["src"].as_str().unwrap();
            assert!(!src.starts_with('/') && !src.contains("://"), "{src} is relative");
            assert!(root.join("web").join(src).is_file(), "{src} exists");
        }
    }
}
