// The pass page's own service worker (scope /pass/): network first, the last
// good copy when offline, so the holder's pass opens at a gate with no signal.
const CACHE = "gatehouse-pass-v1";
const SHELL = ["/pass/pass.css", "/pass/page.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin || !url.pathname.startsWith("/pass/")) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const fresh = await fetch(event.request);
      if (fresh.ok) await cache.put(event.request, fresh.clone());
      return fresh;
    } catch (err) {
      const kept = await cache.match(event.request);
      if (kept) return kept;
      throw err;
    }
  })());
});
