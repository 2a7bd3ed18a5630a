//! Precompressed copies of the build: `NAME.gz` (gzip -9) and `NAME.br` (brotli 11) next to every compressible
//! file of `dist/`, written by `xtask/scripts/precompress.mjs` (node's zlib: brotli needs no extra crate). The local
//! server sends them when the request's `Accept-Encoding` allows; the service worker's precache list and the release
//! zip leave them out (the browser caches the decoded file once).

use std::path::Path;
use std::process::Command;

use crate::util::{run, Result};

/// Whether a file of the build is a precompressed copy of another.
pub fn is_precompressed(name: &str) -> bool {
    name.ends_with(".gz") || name.ends_with(".br")
}

/// Writes (or refreshes) the `.gz` and `.br` copies of the compressible files at `paths` (folders or files).
pub fn precompress(root: &Path, paths: &[&Path]) -> Result {
    run(Command::new("node").arg(root.join("xtask/scripts/precompress.mjs")).args(paths).current_dir(root))
}
