//! Offline: the service worker's precache list (a post-build step of `build`), the release zip (`release`), the
//! single HTML file (`single`) and the folders the end-to-end tests serve for them.
//!
//! - `dist/sw.js` (`sw.rs`) is `sw/sw.js` with the list of every file of `dist/` (but the `.gz`/`.br` copies) and a build name
//!   `chiso-<hash>` made from the contents of those files: a new build gets a new cache, an identical build keeps it.
//! - `cargo xtask release` writes `target/chiso-<version>.zip`: `dist/` (without the `.gz`/`.br` copies) in a folder
//!   `chiso-<version>/` with a short README (vi/en) on hosting it (the `zip` crate, deflated, fixed dates: reproducible).
//! - `cargo xtask single` writes `target/single/chiso.html`: one file that opens from `file://` with the CSS,
//!   ECharts (the whole custom build as one classic script, in place of the split modules of `dist/`), the
//!   wasm-bindgen glue (an inline module), the wasm (base64, instantiated asynchronously from the bytes), the
//!   dataset and the boundaries inside; an inline `fetch` shim answers the app's relative fetches from the
//!   embedded files.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

pub(crate) mod sw;

use sw::SW_FILE;
pub use sw::{after_build, is_hashed, write_service_worker};

use crate::echarts;
use crate::precompress::{is_precompressed, precompress};
use crate::server::Server;
use base64::Engine as _;

use crate::util::{gzip_size, header, Result};

/// The script of index.html that registers the service worker (left out of the single file).
const SW_REGISTER: &str = "sw-register.js";

/// Every file under `dir` (recursively, dot files skipped), as sorted `/`-separated relative paths.
pub fn files_under(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path.strip_prefix(base)?;
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// `s` as a JSON string literal (`<` escaped too, so it can sit inside a `<script>`).
pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '<' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Release zip

/// The app's version, from the `[package]` of the root Cargo.toml.
fn version(root: &Path) -> Result<String> {
    let toml = fs::read_to_string(root.join("Cargo.toml"))?;
    let mut in_package = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let (true, Some(v)) = (in_package, line.strip_prefix("version = ")) {
            return Ok(v.trim_matches('"').to_string());
        }
    }
    Err("no version in the [package] of Cargo.toml".into())
}

const RELEASE_README: &str = "Chỉ số — Xây dựng Đảng ở Nghệ An (phiên bản {version})
================================================================

TIẾNG VIỆT

Thư mục này là toàn bộ ứng dụng: các tệp tĩnh, không cần máy chủ ứng dụng hay cơ sở dữ liệu.

1. Chép cả thư mục lên máy chủ web, vào bất kỳ đường dẫn nào, ví dụ /tin-tuc/do-hoa/chiso/.
   Mọi địa chỉ bên trong đều là tương đối: không cần quy tắc rewrite.
2. Mở địa chỉ của thư mục (có dấu / ở cuối), ví dụ https://example.org/tin-tuc/do-hoa/chiso/.
3. Máy chủ nên trả .wasm với kiểu application/wasm và .json với application/json.
   Nên bật nén gzip hoặc brotli.
4. Sau lần mở đầu tiên (qua https, hoặc http://localhost), trình duyệt lưu những gì đã xem; nút
   \"Lưu để dùng ngoại tuyến\" lưu cả phần còn lại (mọi bản đồ): ứng dụng vẫn chạy khi mất mạng.
   Khi có bản mới, người đọc thấy thông báo
   \"Có phiên bản mới — tải lại trang\". Nên cho sw.js, index.html và chiso-worker* (phần đọc tệp, tên
   không có mã băm) header Cache-Control: no-cache.
5. Khi cập nhật, chép đè toàn bộ thư mục bằng bản mới (các tệp có mã băm trong tên).

Trên một máy không có mạng và không có máy chủ: dùng bản một tệp chiso.html (tạo bằng `cargo xtask single`),
mở trực tiếp bằng trình duyệt.

ENGLISH

This folder is the whole app: static files, no application server or database.

1. Copy the whole folder to a web server, under any path, e.g. /tin-tuc/do-hoa/chiso/.
   Every address inside is relative: no rewrite rules are needed.
2. Open the folder's address (with the trailing /), e.g. https://example.org/tin-tuc/do-hoa/chiso/.
3. The server should send .wasm as application/wasm and .json as application/json,
   and should compress with gzip or brotli.
4. After the first visit (over https, or http://localhost) the browser keeps what was shown; the button
   \"Save for offline\" keeps the rest (every map): the app keeps working without a network.
   When a new build is deployed, readers see
   \"A new version is available — reload\". Serve sw.js, index.html and chiso-worker* (the file reader,
   whose names carry no hash) with Cache-Control: no-cache.
5. To update, replace the whole folder with the new one (file names carry content hashes).

For one computer with no network and no web server, use the single file chiso.html (made by
`cargo xtask single`), opened directly in a browser.
";

/// The fixed date of every zip entry (2026-01-01 00:00), so that the same `dist/` gives the same zip bytes.
fn zip_date() -> zip::DateTime {
    zip::DateTime::from_date_and_time(2026, 1, 1, 0, 0, 0).expect("a valid date")
}

/// A zip archive of `entries` (path, bytes) in the given order, deflated, with a fixed date and Unix mode 0644:
/// reproducible (the same entries give the same bytes).
fn zip_archive(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(zip_date())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        zip.start_file(name.as_str(), options)?;
        std::io::Write::write_all(&mut zip, data)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `cargo xtask release`: builds, then zips `dist/` with the hosting README into `target/chiso-<version>.zip`.
pub fn release(root: &Path) -> Result {
    crate::setup::setup(root)?;
    let _lock = crate::dist_lock(root)?;
    crate::build_unlocked(root)?;
    header("release zip");
    let version = version(root)?;
    let folder = format!("chiso-{version}");
    let dist = root.join("dist");
    let mut entries = Vec::new();
    // Without the .gz/.br copies: the README asks the host to compress, and they would double the download.
    for f in files_under(&dist)?.into_iter().filter(|f| !is_precompressed(f)) {
        entries.push((format!("{folder}/{f}"), fs::read(dist.join(&f))?));
    }
    let count = entries.len();
    entries.push((format!("{folder}/README.txt"), RELEASE_README.replace("{version}", &version).into_bytes()));
    let out = root.join("target").join(format!("{folder}.zip"));
    fs::write(&out, zip_archive(&entries)?)?;
    println!(
        "release: wrote target/{folder}.zip ({} bytes: {count} files of dist/ + README.txt)",
        fs::metadata(&out)?.len()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Single file

/// Makes text safe inside `<script>…</script>` (JavaScript, where `<\/` and `<\!` mean the same in strings).
fn script_text(s: &str) -> String {
    s.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")
}

/// The value of attribute `name` in the tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// A local file of `dist/` named by an `href`/`src` like `./x.css` or `x.js`.
fn local(dist: &Path, href: &str) -> Result<String> {
    let rel = href.trim_start_matches("./");
    if rel.contains("://") || rel.starts_with('/') || rel.starts_with("data:") {
        return Err(format!("single: `{href}` is not a file of the bundle").into());
    }
    fs::read_to_string(dist.join(rel)).map_err(|e| format!("single: cannot read dist/{rel}: {e}").into())
}

/// Runs before anything else in the single file: marks the build (no service worker) and answers `fetch` of the
/// bundle's files (`nghe-an.json`, `geo/…`) from the embedded `<script type="application/json" data-file>`.
const FETCH_SHIM: &str = r#"window.CHISO_SINGLE_FILE = true;
(function () {
  'use strict';
  var realFetch = window.fetch;
  var folder = function () { return new URL('./', document.baseURI).href; };
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : input instanceof URL ? input.href : input && input.url;
    var abs = new URL(url, document.baseURI);
    if ((!init || !init.method || init.method === 'GET') && abs.href.indexOf(folder()) === 0) {
      var rel = decodeURIComponent(abs.pathname.slice(new URL(folder()).pathname.length));
      var el = document.querySelector('script[data-file="' + rel.replace(/"/g, '') + '"]');
      if (el) {
        return Promise.resolve(new Response(el.textContent, {
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
        }));
      }
      return Promise.resolve(new Response('not in the single file: ' + rel, { status: 404, statusText: 'Not Found' }));
    }
    return realFetch.apply(this, arguments);
  };
})();"#;

/// Makes the file worker of the single file a blob: its glue, a `fetch` that answers the embedded dataset files
/// (not the boundaries, which it never reads), and its start with the embedded wasm bytes.
const WORKER_BLOB: &str = r#"(function () {
  'use strict';
  var text = function (id) { return document.getElementById(id).textContent; };
  var files = {};
  document.querySelectorAll('script[data-file]').forEach(function (el) {
    var f = el.getAttribute('data-file');
    if (f.indexOf('geo/') !== 0) files[f] = el.textContent;
  });
  var shim = 'var chisoFiles = ' + JSON.stringify(files) + ';\n' +
    'var chisoFetch = self.fetch.bind(self);\n' +
    'self.fetch = function (u, o) {\n' +
    '  var s = String(u && u.url ? u.url : u);\n' +
    '  for (var f in chisoFiles) if (s.slice(-f.length - 1) === "/" + f) return Promise.resolve(new Response(chisoFiles[f], { headers: { "Content-Type": "application/json; charset=utf-8" } }));\n' +
    '  return chisoFetch(u, o);\n' +
    '};\n';
  var start = 'var chisoBin = atob(' + JSON.stringify(text('chiso-worker-wasm')) + ');\n' +
    'var chisoBytes = new Uint8Array(chisoBin.length);\n' +
    'for (var i = 0; i < chisoBin.length; i++) chisoBytes[i] = chisoBin.charCodeAt(i);\n' +
    'wasm_bindgen({ module_or_path: chisoBytes });\n';
  var blob = new Blob([shim, text('chiso-worker-glue'), '\n', start], { type: 'text/javascript' });
  window.CHISO_WORKER_URL = URL.createObjectURL(blob);
})();"#;

/// Writes `target/single/chiso.html` from the built `dist/` (the caller holds the dist lock).
pub fn write_single(root: &Path) -> Result<PathBuf> {
    let dist = root.join("dist");
    let html = fs::read_to_string(dist.join("index.html"))?;
    let mut out = String::with_capacity(6 << 20);
    let mut rest = html.as_str();
    let mut module = None;
    // Walk the tags that load files and replace each by its inline form.
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with("<!--") {
            let close = rest.find("-->").ok_or("single: unclosed comment")? + "-->".len();
            out.push_str(&rest[..close]);
            rest = &rest[close..];
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        if tag.starts_with("<link") && attr(tag, "data-trunk").is_none() {
            match attr(tag, "rel") {
                Some("stylesheet") => {
                    let css = local(&dist, attr(tag, "href").ok_or("single: stylesheet without href")?)?;
                    if css.contains("url(") {
                        return Err("single: the CSS refers to other files with url(): inline them first".into());
                    }
                    out.push_str("<style>");
                    out.push_str(&css.replace("</style", "<\\/style"));
                    out.push_str("</style>");
                }
                // Preloads, also those started after the first paint (`chiso-…`, xtask/src/prerender.rs): the single
                // file holds everything already.
                Some("modulepreload" | "preload" | "chiso-modulepreload" | "chiso-preload") => {}
                // No manifest from file:// (nothing to install); the icon inline, so no file is asked for.
                Some("manifest") => {}
                Some("icon") => {
                    let svg = local(&dist, attr(tag, "href").ok_or("single: icon without href")?)?;
                    let data = base64::engine::general_purpose::STANDARD.encode(svg);
                    let _ = write!(out, "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{data}\">");
                }
                _ => out.push_str(tag),
            }
            rest = &rest[end + 1..];
        } else if tag.starts_with("<script") {
            let close = rest.find("</script>").ok_or("single: unclosed <script>")?;
            let body = &rest[end + 1..close];
            match (attr(tag, "src"), attr(tag, "type")) {
                (Some(SW_REGISTER), _) => {}
                // The split ECharts (modules importing chunks) cannot load from file://: the whole of it instead,
                // as one classic script defining the same global.
                (Some(src), Some("module" | crate::prerender::DEFERRED_MODULE))
                    if src.trim_start_matches("./") == echarts::CORE =>
                {
                    let full = echarts::build_full(root)?;
                    out.push_str("<script>");
                    out.push_str(&script_text(&fs::read_to_string(full)?));
                    out.push_str("</script>");
                }
                (Some(src), None) => {
                    out.push_str("<script>");
                    out.push_str(&script_text(&local(&dist, src)?));
                    out.push_str("</script>");
                }
                (None, Some("module" | crate::prerender::DEFERRED_MODULE)) => module = Some(body.to_string()),
                // An inline classic script (the prerendered page's boot script) or data block (its names of the
                // indicators) stays as it is.
                (None, None | Some("application/json")) => {
                    out.push_str(tag);
                    out.push_str(body);
                    out.push_str("</script>");
                }
                _ => return Err(format!("single: cannot inline the script `{tag}`").into()),
            }
            rest = &rest[close + "</script>".len()..];
        } else if tag.starts_with("<meta http-equiv=\"Content-Security-Policy\"") {
            // Its hashes are those of the built page's scripts; the single file inlines every script instead.
            rest = &rest[end + 1..];
        } else if tag == "<head>" {
            out.push_str(tag);
            out.push_str("\n<script>");
            out.push_str(FETCH_SHIM);
            out.push_str("</script>");
            rest = &rest[end + 1..];
        } else {
            out.push_str(tag);
            rest = &rest[end + 1..];
        }
    }
    out.push_str(rest);

    // Trunk's loader: `import init, * as bindings from './chiso-….js'; … init({ module_or_path: './….wasm' })`.
    let module = module.ok_or("single: no Trunk module script in dist/index.html")?;
    let quoted = |after: &str| -> Result<String> {
        let at = module.find(after).ok_or_else(|| format!("single: `{after}` not found in Trunk's loader"))?;
        let s = &module[at + after.len()..];
        let q = s.find(['\'', '"']).ok_or("single: no quoted path in Trunk's loader")?;
        let len = s[q + 1..].find(['\'', '"']).ok_or("single: unterminated path in Trunk's loader")?;
        Ok(s[q + 1..q + 1 + len].to_string())
    };
    let glue = local(&dist, &quoted(" from ")?)?;
    if glue.lines().any(|l| l.starts_with("import ")) {
        return Err("single: the wasm-bindgen glue imports other files (snippets): not supported".into());
    }
    if !glue.contains("export { initSync, __wbg_init as default };") {
        return Err("single: the wasm-bindgen glue has no `__wbg_init` export (wasm-bindgen changed?)".into());
    }
    let wasm_path = quoted("module_or_path:")?;
    let wasm = fs::read(dist.join(wasm_path.trim_start_matches("./")))?;

    let mut tail = String::new();
    tail.push_str("<script type=\"application/octet-stream\" id=\"chiso-wasm\">");
    tail.push_str(&base64::engine::general_purpose::STANDARD.encode(&wasm));
    tail.push_str("</script>\n");
    for f in files_under(&dist)? {
        if f.ends_with(".json") {
            let text = fs::read_to_string(dist.join(&f))?;
            // `<` only occurs inside JSON strings, where \u003c means the same: the element can never end early.
            let _ = write!(tail, "<script type=\"application/json\" data-file=\"{f}\">");
            tail.push_str(&text.replace('<', "\\u003c"));
            tail.push_str("</script>\n");
        }
    }
    // The file worker (the reader's-file importer, `crates/chiso-worker`): its glue, wasm and the dataset files in
    // a blob the app starts as its worker (`window.CHISO_WORKER_URL`, read by src/worker.rs), since a page opened
    // from file:// cannot start a worker from a file.
    let worker_glue = dist.join("chiso-worker.js");
    if worker_glue.exists() {
        let glue = fs::read_to_string(&worker_glue)?;
        let wasm = fs::read(dist.join("chiso-worker_bg.wasm"))?;
        tail.push_str("<script type=\"text/plain\" id=\"chiso-worker-glue\">");
        tail.push_str(&script_text(&glue));
        tail.push_str("</script>\n<script type=\"application/octet-stream\" id=\"chiso-worker-wasm\">");
        tail.push_str(&base64::engine::general_purpose::STANDARD.encode(&wasm));
        tail.push_str("</script>\n<script>");
        tail.push_str(WORKER_BLOB);
        tail.push_str("</script>\n");
    }
    // The glue as an inline module (allowed from file://), then Trunk's start-up with the wasm bytes.
    tail.push_str("<script type=\"module\">\n");
    tail.push_str(&script_text(&glue));
    tail.push_str(
        "\nconst chisoWasm64 = document.getElementById('chiso-wasm').textContent;\n\
         const chisoWasmBin = atob(chisoWasm64);\n\
         const chisoWasmBytes = new Uint8Array(chisoWasmBin.length);\n\
         for (let i = 0; i < chisoWasmBin.length; i++) chisoWasmBytes[i] = chisoWasmBin.charCodeAt(i);\n\
         const chisoWasm = await __wbg_init({ module_or_path: chisoWasmBytes });\n\
         dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: chisoWasm } }));\n</script>\n",
    );
    let at = out.rfind("</body>").ok_or("single: no </body> in dist/index.html")?;
    out.insert_str(at, &tail);

    let dir = root.join("target").join("single");
    fs::create_dir_all(&dir)?;
    let path = dir.join("chiso.html");
    fs::write(&path, &out)?;
    let gz = gzip_size(out.as_bytes());
    println!("single: wrote target/single/chiso.html: {} bytes raw, {gz} bytes gzip -9", out.len());
    Ok(path)
}

/// `cargo xtask single`: builds, then writes `target/single/chiso.html`.
pub fn single(root: &Path) -> Result {
    crate::setup::setup(root)?;
    let _lock = crate::dist_lock(root)?;
    crate::build_unlocked(root)?;
    header("single file");
    let path = write_single(root)?;
    println!("open it with: file://{}", path.display());
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// End-to-end fixtures

fn copy_dir(from: &Path, to: &Path) -> Result {
    for f in files_under(from)? {
        let dest = to.join(&f);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from.join(&f), dest)?;
    }
    Ok(())
}

/// What `e2e/offline.test.mjs` runs against: the single file, and one more origin serving copies of `dist/` under
/// deep prefixes (`tin-tuc/do-hoa/chiso/` for the main flow; `cap-nhat/chiso/` for the service worker, which the
/// test "deploys over" with `next/`, a changed build with its own sw.js; `luu/chiso/` for first visits and "Save
/// for offline"), logging every response to `requests.log` (env `CHISO_SW_LOG`) so tests count downloaded bytes.
pub struct E2eSite {
    server: Server,
    env: Vec<(String, String)>,
}

impl E2eSite {
    /// Builds the single file and the served folders from `dist/` (the caller holds the dist lock).
    pub fn prepare(root: &Path) -> Result<E2eSite> {
        let single = write_single(root)?;
        let dist = root.join("dist");
        let base = root.join("target").join("e2e-offline");
        if base.exists() {
            fs::remove_dir_all(&base)?;
        }
        let site = base.join("site");
        let prefix = "tin-tuc/do-hoa/chiso/";
        let live = "cap-nhat/chiso/";
        // First visits (full app, embed, Save-Data) and "Save for offline", with the network then taken away.
        let save = "luu/chiso/";
        copy_dir(&dist, &site.join(prefix))?;
        copy_dir(&dist, &site.join(live))?;
        copy_dir(&dist, &site.join(save))?;
        // The next deployment: the same app with a marker in index.html, hence another sw.js and cache name.
        let next = base.join("next");
        copy_dir(&dist, &next)?;
        let index = fs::read_to_string(next.join("index.html"))?;
        let marked = index.replacen(
            "<meta charset=\"utf-8\">",
            "<meta charset=\"utf-8\">\n    <meta name=\"chiso-build\" content=\"next\">",
            1,
        );
        if marked == index {
            return Err("e2e: no <meta charset> in dist/index.html to mark the next build".into());
        }
        fs::write(next.join("index.html"), marked)?;
        write_service_worker(root, &next)?;
        // The copies of dist/ carry its .gz/.br files: refresh the two that changed, or the server would keep
        // sending the first build's index.html and sw.js.
        precompress(root, &[&next.join("index.html"), &next.join(SW_FILE)])?;

        let log = base.join("requests.log");
        let server = Server::start_logged(&site, 0, Some(log.clone()))?;
        println!("serving copies of dist/ on {}{prefix} and {}{live}", server.url(), server.url());
        let env = vec![
            ("CHISO_PREFIX_URL".into(), format!("{}{prefix}", server.url())),
            ("CHISO_SW_URL".into(), format!("{}{live}", server.url())),
            ("CHISO_SW_DIR".into(), site.join(live.trim_end_matches('/')).display().to_string()),
            ("CHISO_SW_NEXT".into(), next.display().to_string()),
            ("CHISO_SINGLE_FILE".into(), single.display().to_string()),
            ("CHISO_SW_LOG".into(), log.display().to_string()),
            ("CHISO_SAVE_URL".into(), format!("{}{save}", server.url())),
            ("CHISO_SAVE_DIR".into(), site.join(save.trim_end_matches('/')).display().to_string()),
        ];
        Ok(E2eSite { server, env })
    }

    /// The environment variables for the tests.
    pub fn env(&self) -> Vec<(String, String)> {
        self.env.clone()
    }

    pub fn stop(self) {
        self.server.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_zip_reads_back_and_is_the_same_for_the_same_files() {
        let entries = vec![
            ("chiso-1/index.html".to_string(), b"<!DOCTYPE html>".repeat(50)),
            ("chiso-1/echarts/core.js".to_string(), b"export{}".to_vec()),
        ];
        let zip = zip_archive(&entries).unwrap();
        assert_eq!(zip, zip_archive(&entries).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip)).unwrap();
        assert_eq!(archive.len(), 2);
        for (i, (name, data)) in entries.iter().enumerate() {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(file.name(), name);
            assert_eq!(file.last_modified(), Some(zip_date()));
            assert_eq!(file.unix_mode(), Some(0o100_644));
            let mut back = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut back).unwrap();
            assert_eq!(&back, data);
        }
    }

    #[test]
    fn script_text_cannot_close_the_element() {
        assert_eq!(script_text("a='</script>'<!--"), "a='<\\/script>'<\\!--");
        assert_eq!(json_string("x<\"y"), "\"x\\u003c\\\"y\"");
    }
}
