// Service worker of Reses & Izin Kegiatan.
//
// Precaches the app shell of exactly one build (the list and version are written by
// scripts/postbuild.mjs) and serves it offline, cache first. Navigations get this
// version's index.html, so the page and its hashed assets always match.
//
// A new version installs in the background and waits: it takes over only when the page
// asks (the user accepted "Muat versi baru") or when no tab of the old version is open.
// Never touched here: IndexedDB (records and the outbox) and /api responses, which carry
// personal data and must never enter a cache.

const VERSION = '__SW_VERSION__';
const PRECACHE = __SW_PRECACHE__;
const CACHE = `shell-${VERSION}`;

// A file whose name carries its content hash (`name-<16 hex>.ext`, or the module's
// `name-<16 hex>_bg.wasm`) is the same file in every build that lists it.
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;

// An update downloads only what changed: a hashed file the installed version already
// keeps is copied from its cache; everything else comes from the network.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const older = (await caches.keys()).filter((k) => k.startsWith('shell-') && k !== CACHE);
    const fetchList = [];
    for (const url of PRECACHE) {
      let kept;
      if (HASHED.test(url)) {
        for (const name of older) {
          kept = await (await caches.open(name)).match(url);
          if (kept) break;
        }
      }
      if (kept) await cache.put(url, kept);
      else fetchList.push(url);
    }
    await cache.addAll(fetchList);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith('shell-') && k !== CACHE).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return; // network only, never cached
  if (req.mode === 'navigate') {
    event.respondWith(caches.match('/index.html', { cacheName: CACHE })
      .then((hit) => hit || fetch(req)));
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
});
