// Precompressed copies for static hosting: writes NAME.gz (gzip, level 9) and NAME.br (brotli, quality 11) next to
// every compressible file (js, mjs, wasm, css, html, json, svg, webmanifest) under the given folders or files, when smaller than
// the file itself (otherwise a stale copy is removed). Called by `cargo xtask build` on dist/ (xtask/src/
// precompress.rs); the local server (xtask/src/server.rs) sends them with Content-Encoding, and a static host can
// do the same (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`, …).
//
// Usage: node xtask/scripts/precompress.mjs PATH… ; prints one summary line.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|wasm|css|html|json|svg|webmanifest)$/i;

function* files(path) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (!name.startsWith('.')) yield* files(join(path, name));
    }
  } else if (COMPRESSIBLE.test(path)) {
    yield path;
  }
}

const started = Date.now();
const total = { files: 0, raw: 0, gz: 0, br: 0 };
for (const arg of process.argv.slice(2)) {
  for (const file of files(arg)) {
    const raw = readFileSync(file);
    const variants = {
      gz: gzipSync(raw, { level: 9 }),
      br: brotliCompressSync(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          [constants.BROTLI_PARAM_MODE]: /\.wasm$/i.test(file) ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
        },
      }),
    };
    total.files += 1;
    total.raw += raw.length;
    for (const [ext, body] of Object.entries(variants)) {
      const out = `${file}.${ext}`;
      if (body.length < raw.length) {
        writeFileSync(out, body);
        total[ext] += body.length;
      } else {
        rmSync(out, { force: true });
        total[ext] += raw.length;
      }
    }
  }
}
console.log(
  `precompress: ${total.files} files, ${total.raw} B raw → ${total.gz} B .gz, ${total.br} B .br ` +
    `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
