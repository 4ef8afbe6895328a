// When the page syncs: on start, when the network comes back, when the app is
// shown again, ~1 s after each write, every 60 s while open, and on "Sync now".
// lib/sync.js holds the Web Lock, so only one tab (or the worker) syncs at once.
import { syncOnce } from "../lib/sync.js";
import { notify } from "../lib/bus.js";
import { adoptSite } from "./device.js";
import { state } from "./state.js";

const DEBOUNCE_MS = 1000;
const PERIOD_MS = 60000;
let debounce = null;
let running = null;
let started = false;

export function requestSync({ force = false } = {}) {
  if (!force && !navigator.onLine) return Promise.resolve({ ok: false, skipped: "offline" });
  if (running) return running;
  notify("syncing", true);
  running = syncOnce({ force }).then(async (result) => {
    if (result.ok) {
      const device = await adoptSite(state.user?.id).catch(() => null);
      if (device && state.device && device.site !== state.device.site) state.device = { ...state.device, site: device.site };
    }
    return result;
  }).finally(() => {
    running = null;
    notify("syncing", false);
  });
  return running;
}

export function afterWrite() {
  clearTimeout(debounce);
  debounce = setTimeout(() => requestSync(), DEBOUNCE_MS);
  // Background Sync where the browser has it (Chromium); never relied on.
  navigator.serviceWorker?.ready
    .then((reg) => reg.sync?.register("gatehouse-outbox"))
    .catch(() => {});
}

export function startSyncTriggers() {
  if (started) return;
  started = true;
  requestSync();
  window.addEventListener("online", () => requestSync({ force: true }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") requestSync();
  });
  setInterval(() => {
    if (document.visibilityState === "visible") requestSync();
  }, PERIOD_MS);
}
