//! Small helpers: repository root, running commands with echo, PATH lookups, and the one gzip sizer.

use std::env;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The workspace root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().expect("xtask lives in a sub-folder of the workspace").to_path_buf()
}

/// The `cargo` that runs us (so nested calls use the pinned toolchain), else `cargo` from PATH.
pub fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Renders a command the way a user would type it.
pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    if let Some(name) = Path::new(&s).file_name() {
        s = name.to_string_lossy().into_owned();
    }
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(char::is_whitespace) {
            s.push_str(&format!(" '{a}'"));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Runs a command with inherited stdio; an error if it cannot start or exits non-zero.
pub fn run(cmd: &mut Command) -> Result {
    println!("$ {}", describe(cmd));
    let status = cmd.status().map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    if !status.success() {
        return Err(format!("`{}` failed ({status})", describe(cmd)).into());
    }
    Ok(())
}

/// Runs a command, echoing its stdout line by line and handing each line to `on_line` (to count tests).
pub fn run_tee(cmd: &mut Command, mut on_line: impl FnMut(&str)) -> Result {
    println!("$ {}", describe(cmd));
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    let out = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(out).lines() {
        let line = line?;
        println!("{line}");
        on_line(&line);
    }
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("`{}` failed ({status})", describe(cmd)).into());
    }
    Ok(())
}

/// Runs a command quietly and returns its trimmed stdout, or `None` if it cannot start or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Finds an executable on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file())
}

/// PATH with `node_modules/.bin` first (wasm-opt from npm binaryen, esbuild).
pub fn path_with_node_bin(root: &Path) -> OsString {
    let mut dirs = vec![root.join("node_modules").join(".bin")];
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    env::join_paths(dirs).expect("PATH entries contain no separator")
}

/// True when the current process runs as root (read from /proc, no libc needed).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// Prints a step header.
pub fn header(text: &str) {
    println!("\n==> {text}");
}

/// The gzip level of every size the project reports: the first-load budget, `BENCHMARKS.md` and the docs.
pub const GZIP_LEVEL: u32 = 9;

/// The size of `bytes` gzipped at level 9 by flate2 (no name or time in the header, so the size depends on the
/// content only). The one gzip sizer of xtask: the budget, the bench and the single-file report all use it, and
/// `bench/run.mjs` reads the sizes it writes. It may differ by a few bytes from `gzip -9 -n` (another deflate).
pub fn gzip_size(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(GZIP_LEVEL));
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len() as u64
}

/// [`gzip_size`] of a file.
pub fn gzip_file_size(path: &Path) -> Result<u64> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(gzip_size(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_size_is_the_length_of_a_valid_gzip_stream() {
        let text = "Chỉ số ".repeat(1000);
        let n = gzip_size(text.as_bytes());
        assert!(n > 18 && n < 200, "{n}");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(GZIP_LEVEL));
        enc.write_all(text.as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(&gz[..2], b"\x1f\x8b");
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
        assert_eq!(back, text);
        assert_eq!(gzip_size(b""), 20);
    }
}
