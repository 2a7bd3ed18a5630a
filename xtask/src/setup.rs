//! `cargo xtask setup`: installs what is missing, and nothing else (the other engines' part: `engines.rs`).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::engines;
use crate::util::{cargo, output, run, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Installs every missing tool; returns how many things it had to do.
pub fn setup(root: &Path) -> Result<usize> {
    let mut done = 0;

    // 1. The wasm32 target of the pinned toolchain (rust-toolchain.toml).
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]).current_dir(root))
        .ok_or("`rustup` not found: install Rust with rustup (https://rustup.rs), then rerun")?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("setup: the {WASM_TARGET} target is missing");
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]).current_dir(root))?;
        done += 1;
    }

    // 2. Trunk, exactly the proven version (0.22 needs a newer rustc).
    let trunk = output(Command::new("trunk").arg("--version"));
    if trunk.as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        println!("setup: trunk {TRUNK_VERSION} needed, found {}", trunk.as_deref().unwrap_or("none"));
        run(cargo().args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))?;
        done += 1;
    }

    // 3. wasm-bindgen-cli equal to the wasm-bindgen in Cargo.lock. Not `--locked`: its lockfile pins a crate
    //    version the registry no longer has.
    let wanted = locked_version(root, "wasm-bindgen")?;
    let found = output(Command::new("wasm-bindgen").arg("--version"));
    let runner = output(Command::new("wasm-bindgen-test-runner").arg("--version"));
    let ok = |v: &Option<String>| v.as_deref().and_then(|s| s.split_whitespace().nth(1)) == Some(wanted.as_str());
    if !ok(&found) || !ok(&runner) {
        println!("setup: wasm-bindgen-cli {wanted} needed, found {}", found.as_deref().unwrap_or("none"));
        run(cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
        done += 1;
    }

    // 4. npm packages (echarts, esbuild, binaryen's wasm-opt, playwright-core) from package-lock.json.
    if output(Command::new("npm").arg("--version")).is_none() {
        return Err("`npm` not found: install Node.js 20 and npm (Debian: apt-get install nodejs npm)".into());
    }
    let modules = root.join("node_modules");
    if fs::symlink_metadata(&modules).is_ok_and(|m| m.file_type().is_symlink()) {
        // A git worktree sharing another checkout's packages: `npm ci` here would first empty the linked folder
        // (everyone's packages) through the link, so it is never run. A fresh worktree always looks stale by date
        // (the checkout just wrote its package-lock.json): check the pinned versions instead.
        let wrong = linked_packages_differ(root, &modules)?;
        if !wrong.is_empty() {
            return Err(format!(
                "node_modules is a link to {} whose packages differ from package.json ({}): run `npm ci` in the \
                 checkout that owns that folder, or replace the link here (`rm node_modules && npm ci`)",
                fs::read_link(&modules).map(|p| p.display().to_string()).unwrap_or_default(),
                wrong.join(", ")
            )
            .into());
        }
    } else if npm_stale(root) {
        println!("setup: node_modules is missing or older than package-lock.json");
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root))?;
        done += 1;
    }

    // 5. Every crate in Cargo.lock, so Trunk's offline `cargo build` finds them.
    if output(cargo().args(["fetch", "--locked", "--offline"]).current_dir(root)).is_none() {
        println!("setup: some crates of Cargo.lock are not downloaded yet");
        run(cargo().args(["fetch", "--locked"]).current_dir(root))?;
        done += 1;
    }

    // 6. The other engines of the end-to-end tests: Firefox ESR, WebKitGTK's driver and Xvfb (Debian, as root),
    //    and geckodriver, exactly the pinned version.
    done += engines::ensure_packages()?;
    done += engines::ensure_geckodriver()?;

    if done == 0 {
        println!("setup: everything installed");
    } else {
        println!("setup: {done} step(s) installed");
    }
    Ok(done)
}

/// The version of `name` recorded in Cargo.lock (the first entry if there are several).
pub fn locked_version(root: &Path, name: &str) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("`{name}` not found in Cargo.lock").into())
}

/// The `devDependencies` of package.json (pinned versions) whose installed version in `modules` differs, as
/// `name wanted (found)`.
fn linked_packages_differ(root: &Path, modules: &Path) -> Result<Vec<String>> {
    let version_in = |text: &str| -> Option<String> {
        let at = text.find("\"version\"")?;
        text[at + "\"version\"".len()..].split('"').nth(1).map(str::to_string)
    };
    let manifest = fs::read_to_string(root.join("package.json"))?;
    let deps = manifest.split("\"devDependencies\"").nth(1).and_then(|s| s.split('}').next()).unwrap_or("");
    let mut wrong = Vec::new();
    for line in deps.lines() {
        let parts: Vec<&str> = line.split('"').collect();
        if let [_, name, _, wanted, ..] = parts.as_slice() {
            let found = fs::read_to_string(modules.join(name).join("package.json")).ok().and_then(|t| version_in(&t));
            if found.as_deref() != Some(wanted) {
                wrong.push(format!("{name} {wanted} ({})", found.as_deref().unwrap_or("missing")));
            }
        }
    }
    Ok(wrong)
}

/// node_modules is missing, or npm's record of it is older than package-lock.json.
fn npm_stale(root: &Path) -> bool {
    let mtime = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = mtime(&root.join("package-lock.json")).unwrap_or(SystemTime::UNIX_EPOCH);
    match mtime(&root.join("node_modules").join(".package-lock.json")) {
        Some(installed) => installed < lock,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_packages_are_checked_against_the_pinned_versions() {
        let dir = std::env::temp_dir().join(format!("xtask-setup-{}", std::process::id()));
        let modules = dir.join("shared");
        fs::create_dir_all(modules.join("echarts")).unwrap();
        fs::create_dir_all(modules.join("esbuild")).unwrap();
        fs::write(
            dir.join("package.json"),
            "{\n  \"scripts\": { \"x\": \"y\" },\n  \"devDependencies\": {\n    \"echarts\": \"5.6.0\",\n    \
             \"esbuild\": \"0.28.2\",\n    \"binaryen\": \"132.0.0\"\n  }\n}\n",
        )
        .unwrap();
        fs::write(modules.join("echarts/package.json"), "{ \"name\": \"echarts\", \"version\": \"5.6.0\" }").unwrap();
        fs::write(modules.join("esbuild/package.json"), "{\"name\":\"esbuild\",\"version\":\"0.27.0\"}").unwrap();
        assert_eq!(
            linked_packages_differ(&dir, &modules).unwrap(),
            ["esbuild 0.28.2 (0.27.0)", "binaryen 132.0.0 (missing)"]
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
