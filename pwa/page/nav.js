// The tab bar. app.js gives it the domains' tabs (pwa/domains/index.js) and the
// router's levels; a tab shows when the user's role may write or read one of
// its kinds (the server's table, page/roles.js) and may reach its screen. At
// most BAR of them fit beside "More"; the rest are listed on the More screen.
import { h, clear } from "./ui.js";
import { t } from "../lib/i18n.js";
import { state } from "./state.js";
import { isSupervisor } from "./session.js";
import { mayUse } from "./roles.js";

export const MORE = { id: "more", href: "#/settings", label: "nav.more", icon: "M5 12h.01M12 12h.01M19 12h.01" };
const BAR = 4; // four tabs and More: each at least 78 px wide on a 390 px phone

let tabs = [];
let levelOf = () => null;

export function setTabs(list, levelOfHref) {
  tabs = list;
  levelOf = levelOfHref;
}

export const shows = (tab) => mayUse(tab.kinds) && (levelOf(tab.href) !== "supervisor" || isSupervisor(state.user));
// Every tab this user may use, in the domains' order.
export const usableTabs = () => tabs.filter(shows);
const barTabs = () => usableTabs().slice(0, BAR);
// The tabs that did not fit in the bar: the More screen lists them.
export const moreTabs = () => usableTabs().slice(BAR);

// A tab is current when the hash is under it (its `match`, else its href).
const under = (tab, hash) => (tab.match ? tab.match.test(hash) : hash.startsWith(tab.href));

// Line icons (24x24 paths, each tab brings its own): no icon font, no missing glyphs.
export function icon(d) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "tab-icon");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  svg.append(path);
  return svg;
}

export function renderNav(nav, hash) {
  const show = state.device && state.user?.pin;
  nav.hidden = !show;
  if (!show) return;
  nav.setAttribute("aria-label", t("nav.label"));
  const bar = [...barTabs(), MORE];
  const here = (bar.find((tab) => under(tab, hash)) ?? (moreTabs().some((tab) => under(tab, hash)) ? MORE : null))?.href;
  clear(nav).append(h("ul", {}, bar.map((tab) => h("li", {},
    h("a", { href: tab.href, class: "tab", "aria-current": here === tab.href ? "page" : null }, icon(tab.icon), t(tab.label))))));
}

// On the More screen: the tabs that did not fit in the bar.
export function moreLinks() {
  const rest = moreTabs();
  return rest.length ? h("nav", { class: "more-tabs", "aria-label": t("nav.other") },
    h("ul", { class: "plain stack" }, rest.map((tab) => h("li", {},
      h("a", { href: tab.href, class: "btn secondary" }, icon(tab.icon), t(tab.label)))))) : null;
}
