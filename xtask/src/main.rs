//! Developer commands for Chỉ số (`cargo xtask <command>`).
//!
//! - `setup`: installs what is missing (wasm32 target, trunk, wasm-bindgen-cli, npm packages, crates, the other
//!   engines: Firefox ESR, WebKitGTK's driver, Xvfb, geckodriver).
//! - `data`:  regenerates `data/nghe-an.json` from `data/raw/`, and `style/palette.css`.
//! - `palette`: regenerates `style/palette.css` from `crates/chiso-core/src/palette.rs`.
//! - `build`: setup, `trunk build --release --offline` into `dist/` (whose hooks build the custom ECharts with
//!   esbuild, split for the first chart, and preload its chunks), then the service worker and the precompressed
//!   `.gz`/`.br` copies.
//! - `echarts`, `post-build`: the two Trunk hooks (`Trunk.toml`); `post-build` runs `echarts-preload` (see
//!   `xtask/src/echarts.rs`) and `prerender` in this order.
//! - `serve`: build, then serve `dist/` on http://127.0.0.1:8080 (`--port N` to change) and the embed demo page
//!   (`embed/`) on the next port, 8081.
//! - `test`:  setup, fmt, clippy (host + wasm32), unit tests (host + browser), build, end-to-end tests (Chromium,
//!   then Firefox ESR and WebKitGTK: `engines.rs`).
//! - `e2e`:   only the end-to-end tests, against the `dist/` already built.
//! - `fuzz`:  seeded mutation fuzzing of the parsers, the URL state and the importers (`xtask/src/fuzz/`).

mod bench;
mod csp;
mod echarts;
mod engines;
mod fuzz;
mod lighthouse;
mod offline;
mod precompress;
mod prerender;
mod server;
mod setup;
mod stage;
mod structure;
mod util;

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use server::Server;
use util::{cargo, header, is_root, path_with_node_bin, repo_root, run, run_tee, which, Result};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup          install what is missing (wasm32 target, trunk, wasm-bindgen-cli, npm packages, crates,
                 Firefox ESR, WebKitGTK's driver, Xvfb, geckodriver)
  data           regenerate data/nghe-an.json from data/raw/ (and style/palette.css)
  palette        regenerate style/palette.css from crates/chiso-core/src/palette.rs
  echarts        build the custom ECharts into vendor/echarts/ (Trunk's pre_build hook runs it)
  post-build     echarts-preload, then prerender, in this order (Trunk's one post_build hook)
  echarts-preload  add the modulepreload links of its chunks to the staged index.html (a post-build step)
  prerender      write the default view, drawn at build time, into the staged index.html (a post-build step)
  size           the first-load bytes of the dist/ already built, against the budget (a step of `test`)
  build          setup + trunk build --release into dist/ (ECharts by its hooks; + sw.js, .gz/.br copies)
  serve [--port N]  build, then serve dist/ on http://127.0.0.1:8080 and the embed demo on port 8081
  test           everything: setup, fmt, clippy, unit tests, build, end-to-end tests (Chromium, Firefox, WebKit)
  release        build, then zip dist/ with a hosting README into target/chiso-<version>.zip
  single         build, then write the single-file app target/single/chiso.html (opens from file://)
  bench [--quick]   build, then native (criterion), browser and Lighthouse benchmarks (app vs plain-JS baseline) into BENCHMARKS.md
                    (--lighthouse-only: Lighthouse alone on the dist/ already built)
  fuzz [SECS] [--inputs N] [--only NAME] [--seed N]
                 seeded mutation fuzzing of the parsers and importers (SECS shared by the targets, default 20)
  csp-header [ANCESTORS]  print the Content-Security-Policy header matching dist/index.html, with
                 frame-ancestors ANCESTORS (default \"'self' https:\"), for a host to send
  e2e [NAME...]  only the end-to-end tests (all, or e.g. `map offline`, `engines`, `firefox`) against the dist/
                 already built";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repo_root();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(&root).map(|_| ()),
        Some("data") => data(&root),
        Some("palette") => palette(&root),
        Some("echarts") => echarts::echarts(&root),
        Some("size") => bench::size_budget(&root),
        Some("echarts-preload") => echarts::echarts_preload(&root),
        Some("prerender") => prerender::prerender(&root),
        Some("post-build") => post_build(&root),
        Some("build") => build(&root, true),
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root),
        Some("release") => offline::release(&root),
        Some("single") => offline::single(&root),
        Some("bench") => bench::bench(&root, &args[1..]),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        Some("csp-header") => csp_header(&root, &args[1..]),
        Some("e2e") => e2e_only(&root, &args[1..]),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}").into()),
        None => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Trunk's post_build hook: the steps that rewrite the staged `index.html`, one after the other (Trunk starts the
/// hooks of a stage concurrently, and two hooks rewriting the same file lost the ECharts preload links once).
fn post_build(root: &Path) -> Result {
    echarts::echarts_preload(root)?;
    prerender::prerender(root)
}

/// Regenerates the bundled dataset.
fn data(root: &Path) -> Result {
    let out = chiso_data::regenerate(root)?;
    println!("data: wrote {}", out.strip_prefix(root).unwrap_or(&out).display());
    palette(root)
}

/// Writes `style/palette.css`, the CSS custom properties of the one palette (`chiso_core::palette`).
fn palette(root: &Path) -> Result {
    let path = root.join(PALETTE_CSS);
    let css = chiso_core::palette::css();
    if fs::read_to_string(&path).ok().as_deref() == Some(css.as_str()) {
        println!("palette: {PALETTE_CSS} is up to date");
    } else {
        fs::write(&path, css)?;
        println!("palette: wrote {PALETTE_CSS}");
    }
    Ok(())
}

/// The stylesheet of the palette's custom properties, written by [`palette`], loaded before `style/main.css`.
const PALETTE_CSS: &str = "style/palette.css";

/// Prints the Content-Security-Policy header for the built `dist/index.html` (its meta tag's policy, plus
/// `frame-ancestors`, which only a header can carry).
fn csp_header(root: &Path, args: &[String]) -> Result {
    let html = fs::read_to_string(root.join("dist/index.html"))
        .map_err(|e| format!("dist/index.html: {e} (run `cargo xtask build` first)"))?;
    let ancestors = if args.is_empty() { "'self' https:".to_string() } else { args.join(" ") };
    println!("Content-Security-Policy: {}", csp::header(&html, &ancestors));
    Ok(())
}

/// Builds the release bundle into `dist/` (holding the dist lock while building).
fn build(root: &Path, with_setup: bool) -> Result {
    if with_setup {
        setup::setup(root)?;
    }
    let _lock = dist_lock(root)?;
    build_unlocked(root)
}

/// An exclusive lock on `target/xtask-dist.lock`: two Trunk builds at once clobber each other's
/// `dist/.stage` ("error copying (optimized) wasm file to dist dir"), and a test must not see `dist/` swapped
/// under it. Released when the returned file is dropped.
fn dist_lock(root: &Path) -> Result<fs::File> {
    let dir = root.join("target");
    fs::create_dir_all(&dir)?;
    let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join("xtask-dist.lock"))?;
    if let Err(fs::TryLockError::WouldBlock) = file.try_lock() {
        println!("build: waiting for another `cargo xtask build/test` to release target/xtask-dist.lock");
        file.lock()?;
    }
    Ok(file)
}

fn build_unlocked(root: &Path) -> Result {
    for (input, hint) in [
        ("data/nghe-an.json", "run `cargo xtask data` to generate it"),
        ("style/main.css", "the stylesheet referenced by index.html"),
        (PALETTE_CSS, "run `cargo xtask palette` to generate it"),
    ] {
        if !root.join(input).is_file() {
            return Err(format!("{input} is missing ({hint})").into());
        }
    }
    let path = path_with_node_bin(root);

    // ECharts with only the charts and components the app uses, split into the first chart's part and the part
    // loaded on first use, is built by Trunk's pre_build hook (`cargo xtask echarts`), and the modulepreload links
    // of its chunks are added by the post_build hook (`cargo xtask echarts-preload`): see Trunk.toml and
    // xtask/src/echarts.rs.
    let started = Instant::now();
    run(Command::new("trunk")
        .args(["build", "--release", "--offline"])
        .env("PATH", &path)
        .env("TRUNK_OFFLINE", "true")
        .current_dir(root))?;
    let dist = root.join("dist");
    // The Content-Security-Policy written by the prerender hook must still match the page's inline scripts.
    let index = fs::read_to_string(dist.join("index.html"))?;
    csp::verify(&index).map_err(|e| format!("dist/index.html: Content-Security-Policy: {e}"))?;
    offline::after_build(root)?;
    precompress::precompress(root, &[&dist])?;
    println!("build: trunk took {:.0} s; dist/:", started.elapsed().as_secs_f64());
    let mut files: Vec<_> = fs::read_dir(&dist)?
        .filter_map(|e| e.ok())
        .filter(|e| !precompress::is_precompressed(&e.file_name().to_string_lossy()))
        .collect();
    files.sort_by_key(|e| e.file_name());
    for entry in files {
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        println!("  {:>10} B  {}", len, entry.file_name().to_string_lossy());
    }
    Ok(())
}

/// Builds, then serves `dist/` until interrupted.
fn serve(root: &Path, args: &[String]) -> Result {
    let port = match args {
        [] => 8080,
        [flag, n] if flag == "--port" => n.parse().map_err(|_| format!("bad port `{n}`"))?,
        _ => return Err(format!("usage: cargo xtask serve [--port N], got {args:?}").into()),
    };
    build(root, true)?;
    let server = Server::start(&root.join("dist"), port)?;
    // The embed demo (a mock article with two iframes of the app) from a second origin, on the next port.
    let host = Server::start(&root.join("embed"), if port == 0 { 0 } else { port.saturating_add(1) })?;
    println!("\nserving dist/ on {} (Ctrl-C to stop)", server.url());
    println!("embed demo page: {}", demo_url(&host, &server));
    server.wait();
    drop(host);
    Ok(())
}

/// The demo host page of `embed/` (served by `host`) pointing at the app served by `app`.
fn demo_url(host: &Server, app: &Server) -> String {
    format!("{}demo.html?app={}", host.url(), app.url())
}

/// Test counts gathered from the runners' own summary lines.
#[derive(Default)]
struct Counts {
    passed: u64,
    failed: u64,
}

impl Counts {
    /// `test result: ok. 12 passed; 0 failed; ...` (cargo test, wasm-bindgen-test-runner) and
    /// `ℹ pass 3` / `ℹ fail 0` (node --test, spec reporter).
    fn scan(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                match words.as_slice() {
                    [.., n, "passed"] => self.passed += n.parse::<u64>().unwrap_or(0),
                    [n, "failed"] => self.failed += n.parse::<u64>().unwrap_or(0),
                    _ => {}
                }
            }
        } else if let Some(n) = line.strip_prefix("ℹ pass ") {
            self.passed += n.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("ℹ fail ") {
            self.failed += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
}

/// Runs every check, stopping at the first failure.
fn test(root: &Path) -> Result {
    let started = Instant::now();
    let counts = std::cell::RefCell::new(Counts::default());
    let scan = |line: &str| counts.borrow_mut().scan(line);
    let lock = std::cell::RefCell::new(None);

    type Step<'a> = (&'a str, Box<dyn Fn() -> Result + 'a>);
    let steps: Vec<Step> = vec![
        ("setup", Box::new(|| setup::setup(root).and_then(|_| ensure_chromium()))),
        ("cargo fmt --check", Box::new(|| run(cargo().args(["fmt", "--all", "--check"]).current_dir(root)))),
        (
            "clippy (host, all targets)",
            Box::new(|| {
                run(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]).current_dir(root))
            }),
        ),
        (
            "clippy (app and file worker, wasm32)",
            Box::new(|| {
                run(cargo()
                    .args(["clippy", "-p", "chiso", "-p", "chiso-worker", "--target", "wasm32-unknown-unknown"])
                    .args(["--", "-D", "warnings"])
                    .current_dir(root))
            }),
        ),
        ("unit tests (host)", Box::new(|| run_tee(cargo().args(["test", "--workspace"]).current_dir(root), scan))),
        ("fuzz (short round)", Box::new(|| fuzz::fuzz(root, &["12".to_string()]))),
        (
            "unit tests (app, headless Chromium)",
            Box::new(|| {
                // tests/app.rs mounts the components in Chromium; a run that finds no test is a failure, not a pass.
                let mut here = Counts::default();
                run_tee(
                    cargo().args(["test", "-p", "chiso", "--target", "wasm32-unknown-unknown"]).current_dir(root),
                    |line| {
                        here.scan(line);
                        scan(line);
                    },
                )?;
                if here.passed == 0 {
                    return Err("no wasm-bindgen test ran in the browser (expected those of tests/app.rs)".into());
                }
                Ok(())
            }),
        ),
        (
            "build (release)",
            Box::new(|| {
                // Held until the end-to-end tests are done, so nobody rebuilds dist/ under them.
                *lock.borrow_mut() = Some(dist_lock(root)?);
                build_unlocked(root)
            }),
        ),
        ("first-load size budget", Box::new(|| bench::size_budget(root))),
        ("end-to-end tests", Box::new(|| e2e(root, &[], scan))),
        ("end-to-end tests, other engines (Firefox ESR, WebKitGTK)", Box::new(|| e2e_engines(root, &[], scan))),
    ];

    let total = steps.len();
    for (i, (name, step)) in steps.iter().enumerate() {
        header(&format!("[{}/{total}] {name}", i + 1));
        let t = Instant::now();
        if let Err(e) = step() {
            let c = counts.borrow();
            eprintln!("\nxtask test: FAILED at step {}/{total} `{name}`: {e}", i + 1);
            eprintln!("xtask test: {} passed, {} failed before the stop", c.passed, c.failed);
            return Err(format!("step `{name}` failed").into());
        }
        println!("--> {name}: ok ({:.1} s)", t.elapsed().as_secs_f64());
    }
    let c = counts.borrow();
    println!(
        "\nxtask test: {} passed, {} failed ({total} steps ok in {:.0} s)",
        c.passed,
        c.failed,
        started.elapsed().as_secs_f64()
    );
    if c.failed > 0 {
        return Err("some tests failed".into());
    }
    Ok(())
}

/// `cargo xtask e2e [NAME…]`: the end-to-end tests (all, or the named files) against the `dist/` already built,
/// with the same servers and fixtures as `cargo xtask test`, without building or the other checks.
fn e2e_only(root: &Path, only: &[String]) -> Result {
    let _lock = dist_lock(root)?;
    if !root.join("dist/index.html").is_file() {
        return Err("dist/ is not built: run `cargo xtask build` first".into());
    }
    // `engines`, `firefox`, `webkit`: the other engines' files; any other name: a Chromium file; none: all of both.
    let (engine_names, chromium_names): (Vec<String>, Vec<String>) =
        only.iter().cloned().partition(|n| engines::is_engine_name(root, n));
    let mut counts = Counts::default();
    if only.is_empty() || !chromium_names.is_empty() {
        e2e(root, &chromium_names, |line| counts.scan(line))?;
    }
    if only.is_empty() || !engine_names.is_empty() {
        e2e_engines(root, &engine_names, |line| counts.scan(line))?;
    }
    println!("\nxtask e2e: {} passed, {} failed", counts.passed, counts.failed);
    Ok(())
}

/// Chromium and chromedriver (for wasm-bindgen-test and the end-to-end tests).
fn ensure_chromium() -> Result {
    let missing = || !Path::new("/usr/bin/chromium").is_file() || which("chromedriver").is_none();
    if !missing() {
        return Ok(());
    }
    if !is_root() {
        return Err("Chromium is missing: install it with `sudo apt-get install -y chromium chromium-driver` \
                    (needs /usr/bin/chromium and chromedriver on PATH), then rerun"
            .into());
    }
    println!("setup: installing Chromium and chromedriver with apt-get");
    let apt = |args: &[&str]| run(Command::new("apt-get").args(args).env("DEBIAN_FRONTEND", "noninteractive"));
    if apt(&["install", "-y", "chromium", "chromium-driver"]).is_err() {
        apt(&["update"])?;
        apt(&["install", "-y", "chromium", "chromium-driver"])?;
    }
    if missing() {
        return Err("apt-get ran, but /usr/bin/chromium or chromedriver is still missing".into());
    }
    Ok(())
}

/// Serves `dist/` and `embed/` on two free ports and runs `node --test e2e/` against them
/// (env `CHISO_URL` for the app, `CHISO_HOST_URL` for the embed demo page).
/// With `only` names (`map`, `e2e/map.test.mjs`…), just those files.
fn e2e(root: &Path, only: &[String], scan: impl FnMut(&str)) -> Result {
    // The test files, listed explicitly: `node --test <dir>` is read differently across Node versions.
    let mut files: Vec<String> = fs::read_dir(root.join("e2e"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .filter(|n| {
            only.is_empty()
                || only.iter().any(|o| {
                    let o = o.trim_start_matches("e2e/");
                    n == o || n.strip_suffix(".test.mjs") == Some(o)
                })
        })
        .map(|n| format!("e2e/{n}"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(
            format!("no e2e/*.test.mjs files found{}", if only.is_empty() { "" } else { " by those names" }).into()
        );
    }
    let offline = offline::E2eSite::prepare(root)?;
    let result = node_tests(root, &files, offline.env(), scan);
    offline.stop();
    result
}

/// The main flows in Firefox ESR and WebKitGTK (`e2e/engines/`, all, or the files `only` names), over WebDriver,
/// against `dist/` and `embed/` served as for the Chromium tests. One browser session per engine file.
fn e2e_engines(root: &Path, only: &[String], scan: impl FnMut(&str)) -> Result {
    engines::check_installed()?;
    let files = engines::test_files(root, only)?;
    let mut env = Vec::new();
    if let Some(gecko) = engines::geckodriver_path() {
        env.push(("GECKODRIVER".to_string(), gecko.to_string_lossy().into_owned()));
    }
    node_tests(root, &files, env, scan)
}

/// Serves `dist/` and `embed/` on two free ports and runs `node --test` on `files` against them (env `CHISO_URL`,
/// `CHISO_HOST_URL`, `CHROMIUM`, and `env`), handing each line of its output to `scan`.
fn node_tests(root: &Path, files: &[String], env: Vec<(String, String)>, scan: impl FnMut(&str)) -> Result {
    let server = Server::start(&root.join("dist"), 0)?;
    // The embed demo page from a second origin (another port), as a news site would host it.
    let host = Server::start(&root.join("embed"), 0)?;
    println!("serving dist/ on {}", server.url());
    println!("serving embed/ on {} (demo: {})", host.url(), demo_url(&host, &server));
    let result = run_tee(
        Command::new("node")
            .args(["--test", "--test-reporter=spec"])
            .args(files)
            .env("CHISO_URL", server.url())
            .env("CHISO_HOST_URL", format!("{}demo.html", host.url()))
            .env("CHROMIUM", "/usr/bin/chromium")
            .envs(env)
            .current_dir(root),
        scan,
    );
    host.stop();
    server.stop();
    result
}
