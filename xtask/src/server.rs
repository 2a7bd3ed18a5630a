//! A tiny std-only threaded static file server for `dist/` (serve and end-to-end tests). When the request's
//! `Accept-Encoding` allows it and the build wrote one (xtask/src/precompress.rs), it sends `NAME.br` or `NAME.gz`
//! with `Content-Encoding` instead of `NAME`, as a static host with precompressed files would. Like a real host it
//! sends an `ETag` and answers `If-None-Match` with 304, and lets browsers keep files with a content hash in their
//! name (`immutable`); the others are `no-cache` (revalidated every time). With a log file (`start_logged`) it
//! appends one line per response, `METHOD PATH STATUS BODY-BYTES`, for tests that count what was downloaded.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::util::Result;

/// A running server; `stop` (or drop) shuts it down.
pub struct Server {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `dir` on `127.0.0.1:port` (port 0 picks a free one) in a background thread.
    pub fn start(dir: &Path, port: u16) -> Result<Server> {
        Server::start_logged(dir, port, None)
    }

    /// Like `start`, appending a line per response to `log` when given.
    pub fn start_logged(dir: &Path, port: u16, log: Option<PathBuf>) -> Result<Server> {
        let log = log.map(|p| Arc::new(Mutex::new(p)));
        let listener =
            TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on port {port}: {e}"))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let dir = Arc::new(dir.to_path_buf());
        let flag = stop.clone();
        let thread = thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = conn else { continue };
                let dir = dir.clone();
                let log = log.clone();
                thread::spawn(move || {
                    let _ = handle(stream, &dir, log.as_deref());
                });
            }
        });
        Ok(Server { addr, stop, thread: Some(thread) })
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Blocks until the server thread ends (for `cargo xtask serve`: until Ctrl-C).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(t) = self.thread.take() {
            self.stop.store(true, Ordering::SeqCst);
            // Wake the blocking accept() so the loop sees the flag.
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Appends `line` to the log file (the lock keeps lines whole).
fn log_line(log: Option<&Mutex<PathBuf>>, line: &str) {
    if let Some(path) = log.and_then(|l| l.lock().ok()) {
        if let Ok(mut f) = fs::OpenOptions::new().create(true).append(true).open(&*path) {
            let _ = writeln!(f, "{line}");
        }
    }
}

/// The entity tag of a body: its FNV-1a hash and encoding.
fn etag(body: &[u8], encoding: Option<&str>) -> String {
    let h = chiso_core::hash::fnv1a_64(body);
    format!("\"{h:016x}-{}\"", encoding.unwrap_or("id"))
}

/// `Cache-Control` of a file: a year, immutable, for names with a content hash; otherwise revalidate each time.
fn cache_control(file: &Path) -> &'static str {
    if crate::offline::is_hashed(&file.to_string_lossy()) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn handle(stream: TcpStream, dir: &Path, log: Option<&Mutex<PathBuf>>) -> std::io::Result<()> {
    handle_inner(stream, dir, log)
}

fn handle_inner(mut stream: TcpStream, dir: &Path, log: Option<&Mutex<PathBuf>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Read the headers (only Accept-Encoding matters); bodies are not expected (GET/HEAD only).
    let mut accept_encoding = String::new();
    let mut if_none_match = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                accept_encoding = value.trim().to_string();
            } else if name.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = value.trim().to_string();
            }
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let head = method == "HEAD";
    // Logged before the response is written, so a client that has its answer finds the line.
    let log = |status: &str, bytes: usize| log_line(log, &format!("{method} {target} {status} {bytes}"));
    if method != "GET" && !head {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed",
            head,
        );
    }
    let Some(file) = resolve(dir, target) else {
        return respond(&mut stream, "400 Bad Request", "text/plain; charset=utf-8", b"bad request", head);
    };
    if !file.is_file() {
        return respond(&mut stream, "404 Not Found", "text/plain; charset=utf-8", b"not found", head);
    }
    // A precompressed copy the client accepts, best first; else the file itself.
    for (encoding, ext) in [("br", "br"), ("gzip", "gz")] {
        if !accepts(&accept_encoding, encoding) {
            continue;
        }
        let mut name = file.clone().into_os_string();
        name.push(format!(".{ext}"));
        if let Ok(body) = fs::read(&name) {
            return send_file(&mut stream, &file, Some(encoding), &body, &if_none_match, head, log);
        }
    }
    match fs::read(&file) {
        Ok(body) => send_file(&mut stream, &file, None, &body, &if_none_match, head, log),
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain; charset=utf-8", b"not found", head),
    }
}

/// Sends a file's body (200) or only its headers when the client's copy is current (304).
#[allow(clippy::too_many_arguments)]
fn send_file(
    stream: &mut TcpStream,
    file: &Path,
    encoding: Option<&str>,
    body: &[u8],
    if_none_match: &str,
    head: bool,
    log: impl Fn(&str, usize),
) -> std::io::Result<()> {
    let tag = etag(body, encoding);
    let extra = format!("ETag: {tag}\r\nCache-Control: {}\r\n", cache_control(file));
    if if_none_match.split(',').any(|t| t.trim().trim_start_matches("W/") == tag) {
        log("304", 0);
        return respond_with(stream, "304 Not Modified", mime(file), encoding, &extra, &[], true);
    }
    log("200", if head { 0 } else { body.len() });
    respond_with(stream, "200 OK", mime(file), encoding, &extra, body, head)
}

/// Whether an `Accept-Encoding` value allows `coding` (named with a q-value above 0, or through `*`).
fn accepts(header: &str, coding: &str) -> bool {
    let mut star = false;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            star = q > 0.0;
        }
    }
    star
}

/// Maps a request target to a file under `dir`; `None` for paths escaping it.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut file = dir.to_path_buf();
    for comp in Path::new(decoded.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(c) => file.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "geojson" => "application/geo+json",
        "svg" => "image/svg+xml",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: &str, mime: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    respond_with(stream, status, mime, None, "Cache-Control: no-cache\r\n", body, head)
}

fn respond_with(
    stream: &mut TcpStream,
    status: &str,
    mime: &str,
    encoding: Option<&str>,
    extra: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let encoding = encoding.map_or(String::new(), |e| format!("Content-Encoding: {e}\r\n"));
    let length = if status.starts_with("304") { String::new() } else { format!("Content-Length: {}\r\n", body.len()) };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\n{encoding}{length}Vary: Accept-Encoding\r\n\
         {extra}X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(addr: SocketAddr, path: &str) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn a_current_copy_gets_304_and_hashed_names_are_immutable() {
        let dir = std::env::temp_dir().join(format!("xtask-server-etag-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("app-0123456789abcdef.js"), "x()").unwrap();
        fs::write(dir.join("core.js"), "y()").unwrap();
        let log = dir.join("requests.log");
        let server = Server::start_logged(&dir, 0, Some(log.clone())).unwrap();
        let first = get(server.addr, "/app-0123456789abcdef.js");
        assert!(first.contains("Cache-Control: public, max-age=31536000, immutable"), "{first}");
        let tag = first.lines().find_map(|l| l.strip_prefix("ETag: ")).unwrap().to_string();
        let mut s = TcpStream::connect(server.addr).unwrap();
        write!(s, "GET /app-0123456789abcdef.js HTTP/1.1\r\nHost: x\r\nIf-None-Match: {tag}\r\n\r\n").unwrap();
        let mut again = String::new();
        s.read_to_string(&mut again).unwrap();
        assert!(again.starts_with("HTTP/1.1 304") && again.ends_with("\r\n\r\n"), "{again}");
        assert!(get(server.addr, "/core.js").contains("Cache-Control: no-cache"));
        server.stop();
        let lines = fs::read_to_string(&log).unwrap();
        assert_eq!(
            lines.lines().collect::<Vec<_>>(),
            ["GET /app-0123456789abcdef.js 200 3", "GET /app-0123456789abcdef.js 304 0", "GET /core.js 200 3"]
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn serves_files_with_mime_types_and_refuses_traversal() {
        let dir = std::env::temp_dir().join(format!("xtask-server-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        fs::write(dir.join("a b.wasm"), [0u8, 97, 115, 109]).unwrap();
        let server = Server::start(&dir, 0).unwrap();
        let index = get(server.addr, "/?anim=0");
        assert!(index.starts_with("HTTP/1.1 200 OK") && index.contains("text/html") && index.ends_with("<p>hi</p>"));
        assert!(get(server.addr, "/a%20b.wasm").contains("Content-Type: application/wasm"));
        assert!(get(server.addr, "/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get(server.addr, "/../etc/passwd").starts_with("HTTP/1.1 400"));
        server.stop();
        fs::remove_dir_all(&dir).unwrap();
    }

    fn get_with(addr: SocketAddr, path: &str, accept: &str) -> Vec<u8> {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {accept}\r\n\r\n").unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn sends_the_precompressed_copy_the_client_accepts() {
        let dir = std::env::temp_dir().join(format!("xtask-server-enc-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("app.js"), "plain").unwrap();
        fs::write(dir.join("app.js.gz"), "GZ").unwrap();
        fs::write(dir.join("app.js.br"), "BR").unwrap();
        fs::write(dir.join("only.css"), "css").unwrap();
        let server = Server::start(&dir, 0).unwrap();
        let text = |accept: &str, path: &str| String::from_utf8(get_with(server.addr, path, accept)).unwrap();
        let br = text("gzip, deflate, br, zstd", "/app.js");
        assert!(br.contains("Content-Encoding: br\r\n") && br.ends_with("\r\n\r\nBR"), "{br}");
        assert!(br.contains("Content-Type: text/javascript") && br.contains("Vary: Accept-Encoding"));
        let gz = text("gzip, br;q=0", "/app.js");
        assert!(gz.contains("Content-Encoding: gzip\r\n") && gz.ends_with("GZ"), "{gz}");
        let plain = text("identity", "/app.js");
        assert!(!plain.contains("Content-Encoding") && plain.ends_with("plain"), "{plain}");
        assert!(get(server.addr, "/app.js").ends_with("plain"), "no Accept-Encoding: the file itself");
        let css = text("br", "/only.css");
        assert!(!css.contains("Content-Encoding") && css.ends_with("css"), "no copy: the file itself");
        server.stop();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn accept_encoding_is_read_with_q_values() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("BR;q=0.5", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("gzip", "br"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("*;q=0", "gzip"));
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime(Path::new("x.json")), "application/json");
        assert_eq!(mime(Path::new("x.geojson")), "application/geo+json");
        assert_eq!(mime(Path::new("x.JS")), "text/javascript; charset=utf-8");
    }
}
