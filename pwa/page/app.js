// Boot: settings and language, the service worker, the router, the status bar
// and the sync triggers. Routes are URL fragments so the shell is always "/".
import { VERSION } from "../lib/version.js";
import { listen } from "../lib/bus.js";
import { t, addDomainWords } from "../lib/i18n.js";
import { h, clear } from "./ui.js";
import { state, loadState, applySettings } from "./state.js";
import { renderStatus, setSyncing } from "./statusbar.js";
import { startSyncTriggers, requestSync } from "./syncer.js";
import { touch, isSupervisor, users } from "./session.js";
import { decoderInfo } from "./scanner.js";
import { refreshKinds, refreshKindsWhenOld } from "./roles.js";
import { setTabs, shows, usableTabs, renderNav, MORE } from "./nav.js";
import * as onboarding from "./views/onboarding.js";
import { screens } from "./screens.js";

// A new phone's first screen comes with the shell; the rest when first opened.
const login = screens(() => import("./views/login.js"));
const unlock = screens(() => import("./views/unlock.js"));
const settings = screens(() => import("./views/settings.js"));
const phones = screens(() => import("./views/phones.js"));

// The shell's own screens: [hash RegExp, view, level].
const SHELL_ROUTES = [
  [/^#\/welcome$/, onboarding.enrollView, "open"],
  [/^#\/login$/, login("loginView"), "enrolled"],
  [/^#\/unlock$/, unlock("unlockView"), "enrolled"],
  [/^#\/pin$/, unlock("pinSetupView"), "user"],
  [/^#\/settings$/, settings("settingsView"), "ready"],
  [/^#\/phones$/, phones("phonesView"), "supervisor"],
];
// Then every domain's (pwa/domains/index.js), each with its domain: [hash RegExp,
// view, level, domain]. The registry and the domains' words are read once someone
// is signed in: every domain screen needs a user, so a new phone's enrolment and the
// sign-in are drawn without them, and sooner on a slow link.
let ROUTES = SHELL_ROUTES;
let domainsRead = null;
const readDomains = () => (domainsRead ??= Promise.all([import("../domains/index.js"), addDomainWords()]).then(([{ DOMAINS }]) => {
  ROUTES = [...SHELL_ROUTES, ...DOMAINS.flatMap((d) => d.routes.map((r) => [...r, d]))];
  // The domains' tabs, in the domains' order (page/nav.js puts them in the bar).
  setTabs(DOMAINS.flatMap((d) => d.tabs), (href) => ROUTES.find(([re]) => re.test(href))?.[2]);
}));

const $ = (id) => document.getElementById(id);
let current = null; // {view, params, el}
let rendering = 0;

async function needs(level) {
  // An enrolled phone is never enrolled again over itself: its key and its
  // outbox's hash chain belong to the device the server knows.
  if (level === "open") return state.device ? landing() : null;
  if (!state.device) return "#/welcome";
  if (level === "enrolled") return null;
  if (!state.user) {
    // A PIN still unlocks offline when the sign-in has expired; sync then asks to sign in.
    const known = (await users()).filter((u) => u.pin);
    return known.length ? "#/unlock" : "#/login";
  }
  if (level === "user") return null;
  if (!state.user.pin) return "#/pin";
  if (level === "supervisor" && !isSupervisor(state.user)) return home();
  return null;
}

// A domain's screens are for users who may use one of its tabs' kinds (a
// domain with no tab: everyone its routes' levels let in).
const usable = (domain) => !domain?.tabs.length || domain.tabs.some(shows);
// Where a user lands: their first tab.
const home = () => (usableTabs()[0] ?? MORE).href;
// Where anyone lands: a user's first tab; with no one signed in, the sign-in (or enrolment).
const landing = () => (state.user ? home() : needs("ready"));

async function route() {
  const token = ++rendering;
  await loadState();
  if (state.user) await readDomains();
  if (!location.hash) history.replaceState(null, "", await landing()); // same document: no navigation
  const hash = location.hash;
  const match = ROUTES.find(([re]) => re.test(hash));
  // An unknown address, or a domain's with no one signed in: where they land.
  if (!match) return void location.replace(await landing());
  const [re, view, level, domain] = match;
  const redirect = (await needs(level)) ?? (usable(domain) ? null : home());
  if (redirect && redirect !== hash) return void location.replace(redirect);
  current?.view.leave?.();
  const params = hash.match(re).slice(1).map(decodeURIComponent);
  const el = await view.render(...params);
  if (token !== rendering) return; // a newer navigation won
  current = { view, params, el, hash };
  clear($("view")).append(el);
  $("view").dataset.route = hash; // drawn for this address (tests wait for it, not for any h1)
  renderNav($("tabs"), hash);
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

// A new role table redraws the tabs. The screen is drawn again only when it is no
// longer the user's, or when it is a live list: a form (the enrolment code, the
// sign-in) keeps what the user is typing. A new phone fetches the table while its
// first screen is already up, so redrawing it there wiped a half-typed code.
function kindsChanged() {
  const match = ROUTES.find(([re]) => re.test(location.hash));
  if (!current || !match || !usable(match[3])) return void route();
  renderNav($("tabs"), location.hash);
  refresh();
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

// After the browser has painted what is on screen now (a hidden page paints no
// frame: it goes on after 200 ms).
const painted = () => new Promise((resolve) => {
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve)));
  setTimeout(resolve, 200);
});

async function boot() {
  await loadState();
  await applySettings();
  $("toast").hidden = true;
  listen((msg) => {
    if (msg.what === "syncing") setSyncing(Boolean(msg.detail));
    if (msg.what === "session" || msg.what === "auth") {
      if (msg.what === "session") refreshKinds();
      return void route();
    }
    if (msg.what === "kinds") return void kindsChanged();
    if (msg.what === "syncing" && !msg.detail) refreshKindsWhenOld();
    renderStatus($("status"));
    if (msg.what === "entities" || msg.what === "outbox") refresh();
  });
  window.addEventListener("hashchange", route);
  window.addEventListener("online", () => { renderStatus($("status")); refreshKinds(); });
  window.addEventListener("offline", () => renderStatus($("status")));
  setInterval(() => renderStatus($("status")), 15000);
  let lastTouch = 0;
  document.addEventListener("pointerdown", () => {
    if (Date.now() - lastTouch > 60000) { lastTouch = Date.now(); touch(); }
  }, { passive: true });
  await route();
  await painted(); // the first screen before anything it does not need
  refreshKinds(); // the nav re-renders if the table changed
  startSyncTriggers();
  registerWorker().catch((err) => console.warn("service worker", err));
  document.documentElement.dataset.ready = "1";
  performance.mark("gatehouse-interactive"); // bench/pwa.py reads this
}

// For tests and support: read-only handles, no secrets.
window.__gatehouse = { VERSION, decoderInfo, requestSync };

boot();
