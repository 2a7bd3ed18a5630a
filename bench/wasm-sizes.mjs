// Where the bytes of a wasm file go: section sizes, and code size per crate from the name section.
//
//   node bench/wasm-sizes.mjs target/wasm32-unknown-unknown/release/chiso.wasm   # before wasm-bindgen/wasm-opt: has names
//   node bench/wasm-sizes.mjs dist/chiso-*_bg.wasm                               # shipped: sections only
//
// Function names are Rust's legacy mangling (`_ZN<len><ident>…E`); the first identifier is the crate. Sizes of the
// unoptimised file are a guide to the shares in the shipped one (wasm-opt -Oz shrinks every crate, not evenly).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/wasm-sizes.mjs <file.wasm>');
  process.exit(2);
}
const buf = readFileSync(file);
let pos = 8;
const leb = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return result;
  }
};
const NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
const sections = [];
let imports = 0;
let codeBodies = [];
let funcNames = new Map();
while (pos < buf.length) {
  const id = buf[pos++];
  const size = leb();
  const start = pos;
  let name = NAMES[id] || `#${id}`;
  if (id === 0) {
    const len = leb();
    name = `custom:${buf.subarray(pos, pos + len).toString()}`;
    pos += len;
    if (name === 'custom:name') {
      while (pos < start + size) {
        const sub = buf[pos++];
        const subSize = leb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = leb();
          for (let i = 0; i < count; i++) {
            const idx = leb();
            const l = leb();
            funcNames.set(idx, buf.subarray(pos, pos + l).toString());
            pos += l;
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = leb();
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) pos += leb();
      const kind = buf[pos++];
      if (kind === 0) (leb(), imports++);
      else if (kind === 1) (pos++, leb(), leb() , 0);
      else if (kind === 2) { const f = buf[pos++]; leb(); if (f & 1) leb(); }
      else if (kind === 3) pos += 2;
    }
  } else if (id === 10) {
    const count = leb();
    for (let i = 0; i < count; i++) {
      const len = leb();
      codeBodies.push(len);
      pos += len;
    }
  }
  sections.push({ name, size, gzip: gzipSync(buf.subarray(start, start + size), { level: 9 }).length });
  pos = start + size;
}

const fmt = (n) => n.toLocaleString('en').padStart(11);
console.log(`${file}: ${buf.length.toLocaleString('en')} B, gzip -9 ${gzipSync(buf, { level: 9 }).length.toLocaleString('en')} B`);
console.log('\nsection                      bytes   gzip -9 (alone)');
for (const s of sections.sort((a, b) => b.size - a.size)) console.log(`${s.name.padEnd(22)}${fmt(s.size)}${fmt(s.gzip)}`);

if (funcNames.size) {
  const crateOf = (n) => {
    const m = /^_ZN(\d+)/.exec(n);
    if (m) {
      let ident = n.slice(3 + m[1].length, 3 + m[1].length + +m[1]);
      // Trait impls: `_ZN<len>_$LT$crate..Type…` → the type's crate.
      const t = /^_\$LT\$(?:\$RF\$)?([a-z_][a-z0-9_]*)\.\./.exec(ident);
      if (t) ident = t[1];
      return ident;
    }
    const rust = /^<?([a-z_][a-z0-9_]*)::/.exec(n);
    if (rust) return rust[1];
    if (n.startsWith('__wbg') || n.startsWith('__wbindgen') || n.includes('wasm_bindgen')) return 'wasm_bindgen';
    return '(other)';
  };
  const byCrate = new Map();
  let total = 0;
  codeBodies.forEach((len, i) => {
    const name = funcNames.get(imports + i) || '';
    const c = crateOf(name);
    byCrate.set(c, (byCrate.get(c) || 0) + len);
    total += len;
  });
  console.log(`\ncode by crate (${codeBodies.length} functions, ${total.toLocaleString('en')} B of code bodies)`);
  for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${c.padEnd(26)}${fmt(n)}  ${((n * 100) / total).toFixed(1).padStart(5)} %`);
  }
}
