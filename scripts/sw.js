// eksplain's service worker, written into each release build by scripts/post_build.py (which
// fills in VERSION and FILES). It precaches this release's files, serves them when the network
// is off, and never requests anything outside its own origin. A new release is a new sw.js: the
// browser installs it on the next load, it precaches the new files, takes over and deletes the
// old release's cache. The page itself is fetched from the network first, so a new release shows
// as soon as it is published; the cached copy is only the offline fallback.
'use strict';

const VERSION = '@VERSION@';
const FILES = ['@FILES@'];
// Caches are per origin, and a project page shares its origin with others: name ours by scope.
const PREFIX = 'eksplain ' + self.registration.scope + ' ';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.open(CACHE).then((cache) => cache.match('./'))));
    return;
  }
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request)).then((hit) => hit || fetch(request)));
});
