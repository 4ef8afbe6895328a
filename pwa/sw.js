// Release: 923097090cb1 (written by pwa/tools/stamp_version.py)
// Gatehouse service worker: a small router with named strategies.
//   shell    navigations get the precached "/" (the app is one page; no redirects)
//   precache the versioned shell cache (shell and every domain's files), filled (and awaited) at install
//   network  /api/ and anything else: straight to the network, never cached
// A new version installs beside the old one and waits until the user taps
// "Update ready — reload" (the page then posts "skip-waiting").
import { VERSION, CACHE_PREFIX, CACHE_NAME } from "./lib/version.js";
import { SHELL_FILES, DOMAIN_FILES, LAZY_FILES } from "./lib/shell.js";
import { syncOnce } from "./lib/sync.js";

const PRECACHED = new Set([...SHELL_FILES, ...DOMAIN_FILES, ...LAZY_FILES]);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE_NAME);
    // cache: "reload" skips the HTTP cache so we store what is deployed now.
    await cache.addAll([...PRECACHED].map((url) => new Request(url, { cache: "reload" })));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      // Only our own old caches: other apps on this origin keep theirs.
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "skip-waiting") self.skipWaiting();
  if (event.data?.type === "version") event.source?.postMessage({ type: "version", version: VERSION });
});

const strategies = {
  async shell() {
    const cache = await caches.open(CACHE_NAME);
    return (await cache.match("/")) ?? fetch("/");
  },
  async precache(request) {
    const cache = await caches.open(CACHE_NAME);
    return (await cache.match(request, { ignoreSearch: true })) ?? fetch(request);
  },
};

function pick(request) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return null;
  if (url.pathname.startsWith("/api/")) return null; // network, never cached
  if (request.mode === "navigate") return "shell";
  if (PRECACHED.has(url.pathname)) return "precache";
  return null;
}

self.addEventListener("fetch", (event) => {
  const name = pick(event.request);
  if (name) event.respondWith(strategies[name](event.request));
});

// Background Sync where the browser has it: an open page syncs itself (it
// shows progress); with no page open the worker pushes and pulls.
self.addEventListener("sync", (event) => {
  if (event.tag !== "gatehouse-outbox") return;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window" });
    if (windows.length) windows[0].postMessage({ type: "sync-request" });
    else await syncOnce();
  })());
});
