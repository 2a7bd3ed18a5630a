// Chỉ số service worker. TEMPLATE: `cargo xtask build` writes dist/sw.js from this file, replacing the two
// placeholders below with a name derived from the hashes of every file of the build and the list of those files
// (path, content hash, gzip size, shell or not, hashed name or not; never edit the list by hand). Scope: the folder
// of index.html, whatever its path on the server.
//
// - install: precaches only the app shell (index.html, JS, wasm, CSS, the first chart's ECharts, the dataset,
//   embed.js, manifest, icons), all or nothing, into its own cache. Files with a content hash in their name come
//   from the HTTP cache when the page already downloaded them (no second download); the others are revalidated
//   (`no-cache`: a 304 when unchanged). Files an older build of this folder already cached with the same contents
//   are carried over, and a reader who chose "Save for offline" gets the whole new build;
// - the boundaries (geo/), ECharts' extra part and the file worker (chiso-worker*, the reader's-file importer) are
//   cached the first time the page uses them (fetch), or all at
//   once when the reader asks ("SAVE", with progress on a MessageChannel port; "STATUS" says what is missing);
// - it does NOT take over a page that runs the previous build: the page shows "a new version is available —
//   reload" and only the reader's click sends SKIP_WAITING, so a page never mixes files of two builds;
// - activate: deletes the caches of older builds of this same folder, then controls the open pages;
// - fetch: cache first for the build's files (navigations in the folder get index.html), network otherwise; but
//   the published dataset (`live` in the list), which the Party Organisation Board replaces on the server between
//   builds (HOW-TO.md), comes from the network first: the copy is used offline, or when the network has not
//   answered within LIVE_WAIT_MS (the answer still refreshes the copy for next time).
'use strict';

const BUILD = '__CHISO_BUILD__';
const FILES = __CHISO_FILES__;

const SCOPE = new URL('./', self.location.href).href;
// One cache per build and per folder: two copies of the app on one origin never delete each other's files.
const SUFFIX = ' ' + SCOPE;
const CACHE = BUILD + SUFFIX;
const INDEX = new URL('index.html', SCOPE).href;
const BY_URL = new Map(FILES.map((f) => [new URL(f.path, SCOPE).href, f]));
// Which build a cached response belongs to (a header added when it is stored): lets a new build reuse it.
const HASH_HEADER = 'x-chiso-hash';
// Present in a cache when the reader chose "Save for offline": the next build then saves everything too.
const SAVED = new URL('__chiso-saved__', SCOPE).href;
// How long a live file's network answer (its headers) is awaited before a cached copy is served instead.
const LIVE_WAIT_MS = 4000;

/** The caches of older builds of this folder. */
async function olderCaches() {
  const names = await caches.keys();
  return names.filter((n) => n.startsWith('chiso-') && n.endsWith(SUFFIX) && n !== CACHE);
}

/** `response` with the file's content hash as a header (a copy: responses are read once). */
async function stamped(response, file) {
  const headers = new Headers(response.headers);
  headers.set(HASH_HEADER, file.hash);
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

/** Fetches one file of the build (HTTP cache for hashed names, revalidated otherwise) into `cache`. */
async function store(cache, url, file) {
  const response = await fetch(new Request(url, { cache: file.hashed ? 'default' : 'no-cache' }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  await cache.put(url, await stamped(response, file));
}

/** A copy of `url` with this file's contents in an older build's cache, if any. */
async function carried(url, file, older) {
  for (const name of older) {
    const hit = await (await caches.open(name)).match(url);
    if (hit && hit.headers.get(HASH_HEADER) === file.hash) return hit;
  }
  return null;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const older = await olderCaches();
      let saved = false;
      for (const name of older) if (await (await caches.open(name)).match(SAVED)) saved = true;
      const jobs = [];
      for (const [url, file] of BY_URL) {
        jobs.push(
          (async () => {
            const hit = await carried(url, file, older);
            if (hit) await cache.put(url, hit);
            else if (file.shell || saved) await store(cache, url, file);
          })(),
        );
      }
      await Promise.all(jobs);
      if (saved) await cache.put(SAVED, new Response('1'));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all((await olderCaches()).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

/** The files of the build not in the cache yet, and their download size. */
async function missing(cache) {
  const out = [];
  for (const [url, file] of BY_URL) if (!(await cache.match(url))) out.push([url, file]);
  return { files: out, bytes: out.reduce((n, [, f]) => n + f.gzip, 0) };
}

/** "Save for offline": caches every missing file, posting progress on `port`. */
async function saveAll(port) {
  const cache = await caches.open(CACHE);
  const todo = await missing(cache);
  let done = 0;
  port.postMessage({ type: 'PROGRESS', done, total: todo.bytes });
  try {
    for (const [url, file] of todo.files) {
      await store(cache, url, file);
      done += file.gzip;
      port.postMessage({ type: 'PROGRESS', done, total: todo.bytes });
    }
    await cache.put(SAVED, new Response('1'));
    port.postMessage({ type: 'DONE', total: todo.bytes });
  } catch (e) {
    port.postMessage({ type: 'ERROR', message: String((e && e.message) || e), done, total: todo.bytes });
  }
}

self.addEventListener('message', (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type === 'SKIP_WAITING') self.skipWaiting();
  else if (data.type === 'STATUS' && port) {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(CACHE);
        const m = await missing(cache);
        const saved = !!(await cache.match(SAVED));
        port.postMessage({ type: 'STATUS', build: BUILD, missing: m.bytes, files: m.files.length, saved });
      })(),
    );
  } else if (data.type === 'SAVE' && port) event.waitUntil(saveAll(port));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const bare = url.origin + url.pathname;
  let key = null;
  if (request.mode === 'navigate' && (bare === SCOPE || bare === INDEX)) key = INDEX;
  else if (BY_URL.has(bare)) key = bare;
  if (key === null) return;
  const live = BY_URL.get(key)?.live && request.mode !== 'navigate';
  if (live) {
    event.respondWith(networkFirst(event, key));
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(key);
      if (hit) return hit;
      const response = await fetch(request);
      // A file of this build used for the first time (a boundary, ECharts' extra part): keep it for offline.
      const file = BY_URL.get(key);
      if (response.ok && key === bare && request.mode !== 'navigate') {
        event.waitUntil(stamped(response.clone(), file).then((r) => cache.put(key, r)).catch(() => {}));
      }
      return response;
    })(),
  );
});

/**
 * A live file (the published dataset): the network's answer, revalidated, which also replaces the cached copy; the
 * copy when the network fails or answers with an error status, or has not answered within LIVE_WAIT_MS. Stored under
 * the hash header `live` (never a build's hash), so a later build fetches its own file instead of carrying this.
 */
function networkFirst(event, key) {
  const network = fetch(new Request(key, { cache: 'no-cache' }));
  // Registered first, so the copy is taken before the page reads the body.
  const refresh = network
    .then((response) => (response.ok ? stamped(response.clone(), { hash: 'live' }) : null))
    .then(async (r) => r && (await caches.open(CACHE)).put(key, r))
    .catch(() => {});
  event.waitUntil(refresh);
  return (async () => {
    const copy = caches.open(CACHE).then((cache) => cache.match(key));
    const late = new Promise((resolve) => setTimeout(resolve, LIVE_WAIT_MS, 'late'));
    try {
      const first = await Promise.race([network, late]);
      if (first !== 'late' && first.ok) return first;
      // Late, or an error status (a folder being redeployed, a server that lost the file): the copy if any.
      const hit = await copy;
      if (hit) return hit;
      return first === 'late' ? await network : first;
    } catch (e) {
      const hit = await copy;
      if (hit) return hit;
      throw e;
    }
  })();
}
