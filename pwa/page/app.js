// Boot: settings and language, the service worker, the router, the status bar
// and the sync triggers. Routes are URL fragments so the shell is always "/".
import { VERSION } from "../lib/version.js";
import { listen } from "../lib/bus.js";
import { t } from "../lib/i18n.js";
import { h, clear } from "./ui.js";
import { state, loadState, applySettings } from "./state.js";
import { renderStatus, setSyncing } from "./statusbar.js";
import { startSyncTriggers, requestSync } from "./syncer.js";
import { touch, isSupervisor, users } from "./session.js";
import { decoderInfo } from "./scanner.js";
import * as onboarding from "./views/onboarding.js";
import * as login from "./views/login.js";
import * as unlock from "./views/unlock.js";
import * as log from "./views/log.js";
import * as entry from "./views/entry.js";
import * as inbox from "./views/inbox.js";
import * as scan from "./views/scan.js";
import * as settings from "./views/settings.js";
import * as phones from "./views/phones.js";
import * as rounds from "./views/rounds.js";
import * as incident from "./views/incident.js";
import * as gate from "./views/gate.js";
import * as handover from "./views/handover.js";
import * as board from "./views/board.js";

const ROUTES = [
  [/^#\/welcome$/, onboarding.enrollView, "open"],
  [/^#\/login$/, login.loginView, "enrolled"],
  [/^#\/unlock$/, unlock.unlockView, "enrolled"],
  [/^#\/pin$/, unlock.pinSetupView, "user"],
  [/^#\/log$/, log.logView, "ready"],
  [/^#\/log\/new$/, entry.newEntryView, "ready"],
  [/^#\/log\/([^/]+)$/, entry.entryView, "ready"],
  [/^#\/log\/([^/]+)\/amend$/, entry.amendView, "ready"],
  [/^#\/inbox$/, inbox.inboxView, "supervisor"],
  [/^#\/inbox\/([^/]+)$/, inbox.itemView, "supervisor"],
  [/^#\/scan$/, scan.scanView, "ready"],
  [/^#\/settings$/, settings.settingsView, "ready"],
  [/^#\/phones$/, phones.phonesView, "supervisor"],
  [/^#\/patrol$/, rounds.roundsView, "ready"],
  [/^#\/patrol\/round\/([^/]+)$/, rounds.roundView, "ready"],
  [/^#\/incidents$/, incident.incidentsView, "ready"],
  [/^#\/incidents\/new$/, incident.newIncidentView, "ready"],
  [/^#\/incidents\/([^/]+)$/, incident.incidentView, "ready"],
  [/^#\/gate$/, gate.gateView, "ready"],
  [/^#\/gate\/visitor$/, gate.visitorView, "ready"],
  [/^#\/gate\/vehicle$/, gate.vehicleView, "ready"],
  [/^#\/gate\/refuse$/, gate.refuseView, "ready"],
  [/^#\/handover$/, handover.handoversView, "ready"],
  [/^#\/handover\/new$/, handover.newHandoverView, "ready"],
  [/^#\/handover\/([^/]+)$/, handover.handoverView, "ready"],
  [/^#\/board$/, board.boardView, "supervisor"],
];

const $ = (id) => document.getElementById(id);
let current = null; // {view, params, el}
let rendering = 0;

async function needs(level) {
  // An enrolled phone is never enrolled again over itself: its key and its
  // outbox's hash chain belong to the device the server knows.
  if (level === "open") return state.device ? "#/log" : null;
  if (!state.device) return "#/welcome";
  if (level === "enrolled") return null;
  if (!state.user) {
    // A PIN still unlocks offline when the sign-in has expired; sync then asks to sign in.
    const known = (await users()).filter((u) => u.pin);
    return known.length ? "#/unlock" : "#/login";
  }
  if (level === "user") return null;
  if (!state.user.pin) return "#/pin";
  if (level === "supervisor" && !isSupervisor(state.user)) return "#/log";
  return null;
}

async function route() {
  const token = ++rendering;
  await loadState();
  if (!location.hash) history.replaceState(null, "", "#/log"); // same document: no navigation
  const hash = location.hash;
  const match = ROUTES.find(([re]) => re.test(hash));
  if (!match) return void location.replace("#/log");
  const [re, view, level] = match;
  const redirect = await needs(level);
  if (redirect && redirect !== hash) return void location.replace(redirect);
  current?.view.leave?.();
  const params = hash.match(re).slice(1).map(decodeURIComponent);
  const el = await view.render(...params);
  if (token !== rendering) return; // a newer navigation won
  current = { view, params, el, hash };
  clear($("view")).append(el);
  renderNav(hash);
  renderStatus($("status"));
  document.title = `${t("app.name")} · ${el.querySelector("h1")?.textContent ?? ""}`;
  (el.querySelector("[autofocus]") ?? el.querySelector("h1"))?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

// Lists and details follow new data; forms (view.live false) are left alone.
async function refresh() {
  const shown = current;
  if (!shown?.view.live) return;
  await loadState();
  const el = await shown.view.render(...shown.params);
  // A navigation that finished meanwhile wins (a live list that wrote and moved on).
  if (current !== shown || location.hash !== shown.hash) return;
  const y = window.scrollY;
  clear($("view")).append(el);
  current.el = el;
  window.scrollTo(0, y);
}

// Line icons (24x24 paths): no icon font, no missing glyphs.
const ICONS = {
  log: "M6 3h9l3 3v15H6zM9 9h6M9 13h6M9 17h4",
  scan: "M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4M7 12h10",
  patrol: "M12 3l7 3v5c0 5-3 8-7 10-4-2-7-5-7-10V6zM9 12l2 2 4-4",
  inbox: "M3 13l3-8h12l3 8v6H3zM3 13h5l1 3h6l1-3h5",
  more: "M5 12h.01M12 12h.01M19 12h.01",
};
function icon(d) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "tab-icon");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  svg.append(path);
  return svg;
}

// The patrol screens (incidents, gate, handover, board) live under the Patrol tab.
const tabOf = (hash) => (/^#\/(incidents|gate|handover|board)(\/|$)/.test(hash) ? "#/patrol"
  : ["#/log", "#/scan", "#/patrol", "#/inbox", "#/settings"].find((href) => hash.startsWith(href)) ?? null);

function renderNav(hash) {
  const nav = $("tabs");
  const show = state.device && state.user?.pin;
  nav.hidden = !show;
  if (!show) return;
  nav.setAttribute("aria-label", t("nav.label"));
  const tabs = [
    ["#/log", "nav.log", ICONS.log],
    ["#/scan", "nav.scan", ICONS.scan],
    ["#/patrol", "nav.patrol", ICONS.patrol],
    isSupervisor(state.user) && ["#/inbox", "nav.inbox", ICONS.inbox],
    ["#/settings", "nav.more", ICONS.more],
  ].filter(Boolean);
  clear(nav).append(h("ul", {}, tabs.map(([href, key, path]) => h("li", {},
    h("a", { href, class: "tab", "aria-current": tabOf(hash) === href ? "page" : null }, icon(path), t(key))))));
}

// Service worker: precache for offline use; a new version waits for the user.
async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  const reg = await navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/", updateViaCache: "none" });
  const offer = (worker) => {
    if (!worker || !navigator.serviceWorker.controller) return; // first install: nothing to update
    const banner = $("banner");
    clear(banner).append(h("p", { role: "status" }, t("update.ready")),
      h("button", {
        type: "button", class: "btn", onclick: () => {
          window.__reloadOnControllerChange = true;
          worker.postMessage({ type: "skip-waiting" });
        },
      }, t("update.reload")));
    banner.hidden = false;
  };
  if (reg.waiting) offer(reg.waiting);
  reg.addEventListener("updatefound", () => {
    const w = reg.installing;
    w?.addEventListener("statechange", () => { if (w.state === "installed") offer(w); });
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (window.__reloadOnControllerChange) location.reload();
  });
  navigator.serviceWorker.addEventListener("message", (e) => {
    if (e.data?.type === "sync-request") requestSync();
  });
  setInterval(() => reg.update().catch(() => {}), 30 * 60 * 1000);
  return reg;
}

async function boot() {
  await loadState();
  await applySettings();
  $("toast").hidden = true;
  listen((msg) => {
    if (msg.what === "syncing") setSyncing(Boolean(msg.detail));
    if (msg.what === "session" || msg.what === "auth") return void route();
    renderStatus($("status"));
    if (msg.what === "entities" || msg.what === "outbox") refresh();
  });
  window.addEventListener("hashchange", route);
  window.addEventListener("online", () => renderStatus($("status")));
  window.addEventListener("offline", () => renderStatus($("status")));
  setInterval(() => renderStatus($("status")), 15000);
  let lastTouch = 0;
  document.addEventListener("pointerdown", () => {
    if (Date.now() - lastTouch > 60000) { lastTouch = Date.now(); touch(); }
  }, { passive: true });
  await route();
  startSyncTriggers();
  registerWorker().catch((err) => console.warn("service worker", err));
  document.documentElement.dataset.ready = "1";
  performance.mark("gatehouse-interactive"); // bench/pwa.py reads this
}

// For tests and support: read-only handles, no secrets.
window.__gatehouse = { VERSION, decoderInfo, requestSync };

boot();
