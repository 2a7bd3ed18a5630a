//! The other browser engines of the end-to-end tests: Firefox ESR (through geckodriver) and WebKitGTK
//! (WebKitWebDriver under `xvfb-run`), driven over WebDriver by npm `selenium-webdriver` from `e2e/engines/`.
//!
//! `cargo xtask setup` installs what they need (Debian's `firefox-esr`, `webkit2gtk-driver` and `xvfb` with
//! apt-get as root, geckodriver from crates.io at an exact version); `cargo xtask test` runs them after the Chromium
//! tests, and `cargo xtask e2e engines` (or `firefox`, `webkit`) alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cargo, is_root, output, run, which, Result};

/// The geckodriver installed from crates.io (`cargo install --locked geckodriver --version …`).
pub const GECKODRIVER_VERSION: &str = "0.37.1";

/// The folder of the engines' test files: `node --test e2e/*.test.mjs` (the Chromium tests) never picks them up.
pub const TEST_DIR: &str = "e2e/engines";

/// Debian packages the engines need, each with the file that shows it is installed.
const PACKAGES: [(&str, &str); 3] = [
    ("firefox-esr", "/usr/bin/firefox-esr"),
    ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
    ("xvfb", "/usr/bin/xvfb-run"),
];

/// The command that installs `packages`, as a reader would type it.
fn apt_command(packages: &[&str]) -> String {
    format!("sudo apt-get install -y {}", packages.join(" "))
}

/// The Debian packages of [`PACKAGES`] that are not installed.
fn missing_packages() -> Vec<&'static str> {
    PACKAGES.iter().filter(|(_, file)| !Path::new(file).is_file()).map(|(name, _)| *name).collect()
}

/// Installs the missing Debian packages with apt-get when running as root; otherwise prints the command (a build
/// does not need them; the engines' test step fails with the same command). Returns how many steps it did.
pub fn ensure_packages() -> Result<usize> {
    let missing = missing_packages();
    if missing.is_empty() {
        return Ok(0);
    }
    if !is_root() {
        println!(
            "setup: {} missing for the Firefox/WebKit tests; install with `{}`",
            missing.join(", "),
            apt_command(&missing)
        );
        return Ok(0);
    }
    println!("setup: installing {} with apt-get", missing.join(", "));
    let apt = |args: &[&str]| run(Command::new("apt-get").args(args).env("DEBIAN_FRONTEND", "noninteractive"));
    let install: Vec<&str> = ["install", "-y"].into_iter().chain(missing.iter().copied()).collect();
    if apt(&install).is_err() {
        apt(&["update"])?;
        apt(&install)?;
    }
    let still = missing_packages();
    if !still.is_empty() {
        return Err(format!("apt-get ran, but {} is still missing", still.join(", ")).into());
    }
    Ok(1)
}

/// The version in `geckodriver --version`'s first line (`geckodriver 0.37.1 (… 2025-…)`).
fn geckodriver_version(text: &str) -> Option<&str> {
    match text.lines().next()?.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["geckodriver", version, ..] => Some(version),
        _ => None,
    }
}

/// The geckodriver on PATH or in cargo's bin folder (where `cargo install` puts it).
pub fn geckodriver_path() -> Option<PathBuf> {
    which("geckodriver").or_else(|| {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
        Some(home.join("bin/geckodriver")).filter(|p| p.is_file())
    })
}

/// Installs geckodriver [`GECKODRIVER_VERSION`] from crates.io unless exactly that version is installed.
pub fn ensure_geckodriver() -> Result<usize> {
    let found = geckodriver_path().and_then(|p| output(Command::new(p).arg("--version")));
    if found.as_deref().and_then(geckodriver_version) == Some(GECKODRIVER_VERSION) {
        return Ok(0);
    }
    println!(
        "setup: geckodriver {GECKODRIVER_VERSION} needed, found {}",
        found.as_deref().and_then(|s| s.lines().next()).unwrap_or("none")
    );
    run(cargo().args(["install", "--locked", "geckodriver", "--version", GECKODRIVER_VERSION]))?;
    Ok(1)
}

/// Fails with what to install when an engine's browser or driver is missing (checked before the tests start).
pub fn check_installed() -> Result {
    let missing = missing_packages();
    if !missing.is_empty() {
        return Err(format!(
            "{} missing for the Firefox/WebKit tests: run `cargo xtask setup` as root, or `{}`",
            missing.join(", "),
            apt_command(&missing)
        )
        .into());
    }
    if geckodriver_path().is_none() {
        return Err(format!(
            "geckodriver is missing: run `cargo xtask setup` (cargo install --locked geckodriver --version \
             {GECKODRIVER_VERSION})"
        )
        .into());
    }
    Ok(())
}

/// True when an `e2e` name means the engines' tests: `engines`, an engine's file name (`firefox`, `webkit`), or
/// a path under `e2e/engines/`.
pub fn is_engine_name(root: &Path, name: &str) -> bool {
    name.trim_end_matches('/') == "engines"
        || name == TEST_DIR
        || name.starts_with(&format!("{TEST_DIR}/"))
        || root.join(TEST_DIR).join(format!("{name}.test.mjs")).is_file()
}

/// The engines' test files (`e2e/engines/*.test.mjs`), all of them or those the names choose.
pub fn test_files(root: &Path, names: &[String]) -> Result<Vec<String>> {
    let mut files: Vec<String> = fs::read_dir(root.join(TEST_DIR))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .filter(|n| {
            let stem = n.trim_end_matches(".test.mjs");
            names.is_empty()
                || names.iter().any(|o| {
                    let o = o.trim_end_matches('/').trim_start_matches("e2e/").trim_start_matches("engines/");
                    o == "engines" || o == n || o == stem
                })
        })
        .map(|n| format!("{TEST_DIR}/{n}"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no {TEST_DIR}/*.test.mjs files found by the names {names:?}").into());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_geckodriver_version_is_read_from_the_first_line_only() {
        let text = "geckodriver 0.37.1 (abc123 2025-06-01 12:00 +0000)\n\nThe source code of this program is \
                    available from testing/geckodriver 0.36.0";
        assert_eq!(geckodriver_version(text), Some("0.37.1"));
        assert_eq!(geckodriver_version("chromedriver 0.37.1"), None);
        assert_eq!(geckodriver_version(""), None);
    }

    #[test]
    fn the_install_command_names_every_missing_package() {
        assert_eq!(apt_command(&["firefox-esr", "xvfb"]), "sudo apt-get install -y firefox-esr xvfb");
    }

    #[test]
    fn engines_firefox_and_webkit_choose_the_engines_test_files() {
        let root = crate::util::repo_root();
        let all = test_files(&root, &[]).unwrap();
        assert_eq!(all, ["e2e/engines/firefox.test.mjs", "e2e/engines/webkit.test.mjs"]);
        assert_eq!(test_files(&root, &["engines".into()]).unwrap(), all);
        assert_eq!(test_files(&root, &["webkit".into()]).unwrap(), ["e2e/engines/webkit.test.mjs"]);
        assert_eq!(
            test_files(&root, &["e2e/engines/firefox.test.mjs".into()]).unwrap(),
            ["e2e/engines/firefox.test.mjs"]
        );
        assert!(test_files(&root, &["map".into()]).is_err());
        for name in ["engines", "e2e/engines", "firefox", "webkit", "e2e/engines/webkit.test.mjs"] {
            assert!(is_engine_name(&root, name), "{name} is an engine name");
        }
        for name in ["map", "e2e/map.test.mjs", "embed", "flows", "support"] {
            assert!(!is_engine_name(&root, name), "{name} is not an engine name");
        }
    }
}
