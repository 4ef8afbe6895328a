// The site (names in both languages, time zone, rule settings) and its people
// (create, role, sites, deactivate, reset a password with a one-time code, their
// phones). The server lets only administrators change these; a supervisor reads the site.
import { h, screen, notice, button, saveForm, toast, field, fieldErrors } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../../page/state.js";
import { get, send, site, q, sections, offline, failed, reasonField, text, reload, save } from "./data.js";

const SITE = "#/setup/site";
const USERS = "#/setup/users";
const ROLES = ["guard", "packer", "frontdesk", "supervisor", "admin"];

export const siteView = {
  async render() {
    if (!navigator.onLine) return screen("setup.site", sections(SITE), offline());
    let s;
    try { s = await get(`/api/sites/${q(site())}`); } catch (err) { return screen("setup.site", sections(SITE), failed(err)); }
    const status = h("div", { "aria-live": "polite" });
    const name = text("setup.site_name", s.name, { required: true, maxlength: "200", "data-testid": "site-name" });
    const nameZh = text("setup.site_name_zh", s.name_zh, { maxlength: "200", "data-testid": "site-name-zh" });
    const tz = text("setup.site_tz", s.tz, { required: true, maxlength: "64", "data-testid": "site-tz" });
    const settings = h("textarea", { class: "input", rows: "6", spellcheck: false, "data-testid": "site-settings" }, JSON.stringify(s.settings ?? {}, null, 2));
    const reason = reasonField("site-reason");
    return screen("setup.site", sections(SITE), status,
      saveForm(async () => {
        let parsed;
        try { parsed = JSON.parse(settings.value || "{}"); } catch { parsed = null; }
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
          status.replaceChildren(notice(t("setup.settings_bad"), "error"));
          return;
        }
        // Keys taken out of the text are removed (null), the rest replace their values.
        const removed = Object.fromEntries(Object.keys(s.settings ?? {}).filter((k) => !(k in parsed)).map((k) => [k, null]));
        try {
          await send(`/api/sites/${q(site())}`, "PATCH", { name: name.control.value.trim(), name_zh: nameZh.control.value.trim(),
            tz: tz.control.value.trim(), settings: { ...removed, ...parsed }, reason: reason.control.value.trim() });
          toast(t("setup.saved", { name: name.control.value.trim() }));
          reload();
        } catch (err) { status.replaceChildren(failed(err)); }
      }, h("div", { class: "desk-form" }, name, nameZh, tz),
      h("div", { class: "field" }, h("label", { for: "site-settings" }, t("setup.site_settings")),
        Object.assign(settings, { id: "site-settings" }), h("p", { class: "hint" }, t("setup.site_settings_hint"))),
      reason, h("button", { type: "submit", class: "btn", "data-testid": "site-save" }, t("setup.save"))),
      state.user.role === "admin" ? await sitesPart(s.tz) : null);
  },
};

// Administrators: every site, and a new one (its id, names in both languages, time zone).
// What the server refuses is shown at its field: an id taken or malformed, an unknown time zone.
async function sitesPart(tz) {
  let sites;
  try { sites = await api("/api/sites", { token: state.user.token }); } catch (err) { return failed(err); }
  const status = h("div", { "aria-live": "polite" });
  const fields = {
    id: field("setup.site_id", h("input", { type: "text", class: "input", required: true, maxlength: "40",
      pattern: "[a-z0-9][a-z0-9_\\-]{0,39}", autocapitalize: "none", spellcheck: "false", "data-testid": "new-site-id" }),
    "setup.site_id_hint"),
    name: text("setup.site_name", "", { required: true, maxlength: "200", "data-testid": "new-site-name" }),
    name_zh: text("setup.site_name_zh", "", { maxlength: "200", "data-testid": "new-site-name-zh" }),
    tz: text("setup.site_tz", tz, { required: true, maxlength: "64", list: "time-zones", "data-testid": "new-site-tz" }),
  };
  const zones = h("datalist", { id: "time-zones" }, (Intl.supportedValuesOf?.("timeZone") ?? []).map((z) => h("option", { value: z })));
  const form = saveForm(async () => {
    fieldErrors(fields, {});
    const value = (k) => fields[k].control.value.trim();
    try {
      const made = await send("/api/sites", "POST", { id: value("id"), name: value("name"), name_zh: value("name_zh"), tz: value("tz") });
      toast(t("setup.site_created", { name: made.name }));
      reload();
    } catch (err) {
      status.replaceChildren(failed(err));
      const problem = { site_exists: "reason.site_exists", tz_unknown: "reason.tz_unknown" }[err.reason];
      fieldErrors(fields, Object.fromEntries(Object.keys(err.errors ?? {}).filter((k) => fields[k])
        .map((k) => [k, problem ?? (k === "id" ? "setup.site_id_hint" : "reason.invalid_input")])));
    }
  }, h("h2", {}, t("setup.site_new")), fields.id, fields.name, fields.name_zh, fields.tz, zones,
  h("button", { type: "submit", class: "btn", "data-testid": "new-site-create" }, t("setup.create")));
  return h("div", { class: "setup-layout" },
    h("div", {}, status, h("h2", {}, t("setup.site_list", { n: sites.length })),
      h("ul", { class: "cards", "data-testid": "site-list" }, sites.map((x) => h("li", { class: "card", dataset: { site: x.id } },
        h("span", { class: "card-title" }, x.name, x.name_zh ? ` · ${x.name_zh}` : ""),
        h("span", { class: "card-meta" }, `${x.id} · ${x.tz}`))))),
    form);
}

function roleSelect(value) {
  return h("select", { class: "input" }, ROLES.map((r) => h("option", { value: r, selected: r === value }, t(`role.${r}`))));
}

const siteBoxes = (sites, chosen) => h("fieldset", { class: "choices" }, h("legend", {}, t("setup.user_sites")),
  sites.map((s) => h("label", { class: "choice" }, h("input", { type: "checkbox", value: s.id, checked: chosen.includes(s.id) }),
    s.name)));
const ticked = (box) => [...box.querySelectorAll("input:checked")].map((i) => i.value);

function userCard(u, sites, status) {
  const role = roleSelect(u.role);
  const where = siteBoxes(sites, u.sites.map((s) => s.id));
  const reason = reasonField(`user-reason-${u.username}`);
  const codeBox = h("div", { "aria-live": "polite" });
  const withReason = (fn) => async () => {
    const why = reason.control.value.trim();
    if (!why) { status.replaceChildren(notice(t("setup.reason_needed"), "error")); reason.control.focus(); return; }
    try { await fn(why); } catch (err) { status.replaceChildren(failed(err)); }
  };
  return h("li", { class: "card", dataset: { user: u.username, active: u.active ? "1" : "0" } },
    h("span", { class: "card-title" }, `${u.name} (${u.username})`, u.active ? "" : ` · ${t("setup.deactivated")}`),
    h("span", { class: "card-meta" }, t(`role.${u.role}`), " · ", u.sites.map((s) => s.name).join(", ") || "—"),
    h("span", { class: "card-meta", "data-testid": `phones-${u.username}` }, u.phones.length
      ? t("setup.user_phones", { list: u.phones.map((p) => `${p.label || p.id.slice(0, 8)}${p.revoked ? ` (${t("setup.revoked")})` : ""}`).join(", ") })
      : t("setup.user_no_phones")),
    u.password_reset_until ? h("span", { class: "card-meta" }, t("setup.reset_pending", { time: formatDateTime(Date.parse(u.password_reset_until)) })) : null,
    u.active ? h("details", {}, h("summary", { class: "btn tertiary" }, t("setup.user_change")),
      h("div", { class: "stack" },
        h("div", { class: "field" }, h("label", {}, t("setup.user_role"), role)), where, reason,
        button(t("setup.save"), withReason(async (why) => {
          await send(`/api/users/${u.id}`, "PATCH", { role: role.value, site_ids: ticked(where), reason: why });
          reload();
        }), "btn"),
        button(t("setup.reset_password"), withReason(async (why) => {
          const r = await send(`/api/users/${u.id}/reset-password`, "POST", { reason: why });
          codeBox.replaceChildren(h("p", {}, t("setup.reset_code", { time: formatDateTime(Date.parse(r.expires_at)) })),
            h("p", { class: "code", "data-testid": "reset-code" }, r.code));
        }), "btn secondary"), codeBox,
        button(t("setup.deactivate"), withReason(async (why) => {
          await send(`/api/users/${u.id}/deactivate`, "POST", { reason: why });
          reload();
        }), "btn danger"))) : null);
}

export const usersView = {
  async render() {
    if (!navigator.onLine) return screen("setup.users", sections(USERS), offline());
    let users, sites;
    try {
      [users, sites] = await Promise.all([get("/api/users"), api("/api/sites", { token: state.user.token })]);
    } catch (err) {
      return screen("setup.users", sections(USERS), err.status === 403 ? notice(t("setup.admins_only"), "info") : failed(err));
    }
    const status = h("div", { "aria-live": "polite" });
    const username = text("setup.username", "", { required: true, pattern: "[a-z0-9_.\\-]{2,80}", autocapitalize: "none" });
    const name = text("setup.user_name", "", { required: true, maxlength: "200" });
    const password = text("setup.user_password", "", { type: "password", required: true, minlength: "8", autocomplete: "new-password" });
    const role = roleSelect("guard");
    const where = siteBoxes(sites, [site()]);
    const form = saveForm(async () => {
      await save("/api/users", "POST", { username: username.control.value.trim(), name: name.control.value.trim(),
        password: password.control.value, role: role.value, site_ids: ticked(where) }, status);
    }, h("h2", {}, t("setup.user_new")), username, name, password,
    h("div", { class: "field" }, h("label", {}, t("setup.user_role"), role)), where,
    h("button", { type: "submit", class: "btn" }, t("setup.create")));
    return screen("setup.users", sections(USERS), status,
      h("div", { class: "setup-layout" },
        h("div", {}, h("h2", {}, t("setup.user_list", { n: users.length })),
          h("ul", { class: "cards", "data-testid": "user-list" }, users.map((u) => userCard(u, sites, status)))),
        form));
  },
};
