// Set-up is done online: every read and write goes straight to the API (nothing
// is queued in the outbox). Phones learn of each change at their next pull.
import { h, notice, field, link, button, toast } from "../../page/ui.js";
import { t, reasonText } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../../page/state.js";

export const site = () => state.device.site.id;
export const q = encodeURIComponent;

export const get = (path) => api(path, { token: state.user.token });
export const send = (path, method, body) => api(path, { method, body, token: state.user.token });

export const checkpoints = () => get(`/api/patrol/checkpoints?site_id=${q(site())}`);
export const routes = () => get(`/api/patrol/routes?site_id=${q(site())}`);
export const schedules = () => get(`/api/patrol/schedules?site_id=${q(site())}`);
export const preview = (timing) => send("/api/patrol/schedules/preview", "POST", { site_id: site(), ...timing });
export const changes = (params = {}) =>
  get(`/api/changes?${new URLSearchParams({ site_id: site(), limit: "100", ...params })}`);

// A name in the language shown, the other one when it has none.
export const named = (x, lang) => (lang === "zh-Hant" && x.name_zh ? x.name_zh : x.name);

// The set-up sections, on every set-up screen.
const SECTIONS = [["#/setup/checkpoints", "setup.checkpoints"], ["#/setup/routes", "setup.routes"],
  ["#/setup/schedules", "setup.schedules"], ["#/setup/posts", "setup.posts"], ["#/setup/site", "setup.site"], ["#/setup/users", "setup.users"],
  ["#/setup/changes", "setup.changes"]];

export const sections = (here) => h("nav", { class: "subnav", "aria-label": t("setup.title") },
  h("ul", { class: "plain" }, SECTIONS.map(([href, key]) => h("li", {},
    h("a", { href, class: "btn tertiary", "aria-current": href === here ? "page" : null }, t(key))))));

export const offline = () => notice(t("setup.offline"), "warn");
export const failed = (err) => notice(err.status === 0 ? t("setup.offline") : reasonText(err.reason), "error");

// The reason every edit needs (kept in the change log with who and when).
export function reasonField(testid = "reason") {
  return field("setup.reason", h("input", { type: "text", class: "input", required: true, maxlength: "500", "data-testid": testid }),
    "setup.reason_hint");
}

// Send one set-up change; when the server takes it, say so by the thing's name and draw
// the screen again, otherwise show why in `status`.
export async function save(path, method, body, status) {
  try {
    const saved = await send(path, method, body);
    toast(t("setup.saved", { name: saved.name }));
    reload();
  } catch (err) { status.replaceChildren(failed(err)); }
}

// A "change" disclosure whose form `build()` makes when it is first opened, so a long
// list holds a form only for the things being changed.
export function changeWhenOpened(testid, summaryKey, build) {
  const box = h("details", { "data-testid": testid }, h("summary", { class: "btn tertiary" }, t(summaryKey)));
  box.addEventListener("toggle", () => {
    if (box.open && !box.querySelector("form")) box.append(build());
  });
  return box;
}

// A retire/restore button that asks for its reason in the field beside it.
export function retireButton(path, active, reason, status, testid) {
  return button(t(active ? "setup.retire" : "setup.restore"), async () => {
    const why = reason.control.value.trim();
    if (!why) { status.replaceChildren(notice(t("setup.reason_needed"), "error")); reason.control.focus(); return; }
    try {
      await send(path, "PATCH", { active: !active, reason: why });
      reload();
    } catch (err) { status.replaceChildren(failed(err)); }
  }, active ? "btn danger" : "btn secondary", { "data-testid": testid });
}

export const text = (labelKey, value = "", attrs = {}) =>
  field(labelKey, h("input", { type: "text", class: "input", value: value ?? "", ...attrs }));

export const check = (labelKey, checked, attrs = {}) => h("label", { class: "choice" },
  h("input", { type: "checkbox", checked: Boolean(checked), ...attrs }), t(labelKey));

export const back = () => link(t("common.back"), "#/setup", "btn tertiary");
export const reload = () => window.dispatchEvent(new HashChangeEvent("hashchange"));
