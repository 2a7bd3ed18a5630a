// Chỉ số service worker. TEMPLATE: `cargo xtask build` writes dist/sw.js from this file, replacing the two
// placeholders below with a name derived from the hashes of every file of the build and the list of those files
// (never edit the list by hand). Scope: the folder of index.html, whatever its path on the server.
//
// - install: precaches every file of this build (bypassing the HTTP cache), all or nothing, into its own cache;
// - it does NOT take over a page that runs the previous build: the page shows "a new version is available —
//   reload" and only the reader's click sends SKIP_WAITING, so a page never mixes files of two builds;
// - activate: deletes the caches of older builds of this same folder, then controls the open pages;
// - fetch: cache first for the precached files (navigations in the folder get index.html), network otherwise.
'use strict';

const BUILD = '__CHISO_BUILD__';
const FILES = __CHISO_FILES__;

const SCOPE = new URL('./', self.location.href).href;
// One cache per build and per folder: two copies of the app on one origin never delete each other's files.
const SUFFIX = ' ' + SCOPE;
const CACHE = BUILD + SUFFIX;
const INDEX = new URL('index.html', SCOPE).href;
const PRECACHED = new Set(FILES.map((f) => new URL(f, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE).href, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith('chiso-') && n.endsWith(SUFFIX) && n !== CACHE).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const bare = url.origin + url.pathname;
  let key = null;
  if (request.mode === 'navigate' && (bare === SCOPE || bare === INDEX)) key = INDEX;
  else if (PRECACHED.has(bare)) key = bare;
  if (key === null) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(request)),
  );
});
