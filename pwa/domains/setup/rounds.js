// Routes (checkpoints in order or in any order) and schedules (start times or
// every N hours, a window and a grace period, random order), with a preview of
// the next day's slots before saving: a window may cross midnight.
import { h, screen, notice, button, saveForm } from "../../page/ui.js";
import { t, language, formatDay } from "../../lib/i18n.js";
import {
  checkpoints, routes, schedules, preview, site, q, named, sections, offline, failed, reasonField, retireButton, text,
  check, save, changeWhenOpened,
} from "./data.js";

const ROUTES = "#/setup/routes";
const SCHEDULES = "#/setup/schedules";

// A checkpoint by its name, marked when retired.
const label = (c, lang) => (c.active ? named(c, lang) : `${named(c, lang)} · ${t("setup.retired")}`);

// Checkpoints ticked in the order the guard walks them: the order of ticking is the
// route's order (`initial`: a route's order as it is, shown ticked and numbered). A
// retired checkpoint the route holds stays on it, ticked and marked, until unticked:
// the server leaves it out of the rounds while retired and brings it back if restored.
function picker(active, byId, lang, initial, testid) {
  const picked = initial.filter((id) => byId[id]);
  const choices = [...active, ...picked.map((id) => byId[id]).filter((c) => !c.active)];
  const order = h("p", { class: "hint", "data-testid": testid }, t("setup.route_pick"));
  const showOrder = () => order.replaceChildren(picked.length
    ? picked.map((id, i) => `${i + 1}. ${label(byId[id], lang)}`).join("  ") : t("setup.route_pick"));
  const boxes = h("fieldset", { class: "choices" }, h("legend", {}, t("setup.route_checkpoints")),
    choices.map((c) => h("label", { class: "choice" }, h("input", { type: "checkbox", value: c.id, checked: picked.includes(c.id),
      onchange: (e) => {
        const i = picked.indexOf(c.id);
        if (e.target.checked && i < 0) picked.push(c.id); else if (!e.target.checked && i >= 0) picked.splice(i, 1);
        showOrder();
      } }), label(c, lang))));
  showOrder();
  return { picked, boxes, order };
}

// A route's names, checkpoints and their order, changed with a reason. Built when opened,
// so the list holds one set of checkpoint boxes per route being changed.
function routeChange(r, active, byId, lang, status) {
  return changeWhenOpened(`route-change-${r.id}`, "setup.route_change", () => {
    const name = text("setup.route_name", r.name, { required: true, maxlength: "200" });
    const nameZh = text("setup.route_name_zh", r.name_zh, { maxlength: "200" });
    const ordered = check("setup.route_ordered", r.ordered);
    const { picked, boxes, order } = picker(active, byId, lang, r.checkpoint_ids, `route-order-${r.id}`);
    const reason = reasonField(`route-change-reason-${r.id}`);
    return saveForm(async () => {
      if (!picked.length) { status.replaceChildren(notice(t("setup.route_pick"), "error")); return; }
      await save(`/api/patrol/routes/${q(r.id)}`, "PATCH", { name: name.control.value.trim(),
        name_zh: nameZh.control.value.trim(), ordered: ordered.querySelector("input").checked,
        checkpoint_ids: [...picked], reason: reason.control.value.trim() }, status);
    }, name, nameZh, boxes, order, ordered, reason,
    h("button", { type: "submit", class: "btn", "data-testid": `route-save-${r.id}` }, t("setup.save")));
  });
}

export const routesView = {
  async render() {
    if (!navigator.onLine) return screen("setup.routes", sections(ROUTES), offline());
    let cps, list;
    try { [cps, list] = await Promise.all([checkpoints(), routes()]); } catch (err) { return screen("setup.routes", failed(err)); }
    const lang = language();
    const status = h("div", { "aria-live": "polite" });
    const byId = Object.fromEntries(cps.map((c) => [c.id, c]));
    const active = cps.filter((c) => c.active);
    const name = text("setup.route_name", "", { required: true, maxlength: "200", "data-testid": "route-name" });
    const nameZh = text("setup.route_name_zh", "", { maxlength: "200" });
    const ordered = check("setup.route_ordered", false, { "data-testid": "route-ordered" });
    const { picked, boxes, order } = picker(active, byId, lang, [], "route-order");
    const form = saveForm(async () => {
      if (!picked.length) { status.replaceChildren(notice(t("setup.route_pick"), "error")); return; }
      await save("/api/patrol/routes", "POST", { site_id: site(), name: name.control.value.trim(),
        name_zh: nameZh.control.value.trim(), ordered: ordered.querySelector("input").checked, checkpoint_ids: picked }, status);
    }, h("h2", {}, t("setup.route_new")), name, nameZh, boxes, order, ordered,
    h("button", { type: "submit", class: "btn", "data-testid": "route-create" }, t("setup.create")));
    const reason = reasonField("route-reason");
    return screen("setup.routes", sections(ROUTES), status,
      h("div", { class: "setup-layout" },
        h("div", {},
          h("h2", {}, t("setup.route_list", { n: list.length })),
          list.length ? h("ul", { class: "cards", "data-testid": "route-list" }, list.map((r) => h("li", { class: "card", dataset: { active: r.active ? "1" : "0" } },
            h("span", { class: "card-title" }, named(r, lang), r.active ? "" : ` · ${t("setup.retired")}`),
            h("span", { class: "card-meta" }, t(r.ordered ? "setup.in_order" : "setup.any_order"), " · ",
              r.checkpoint_ids.map((id) => (byId[id] ? label(byId[id], lang) : "?")).join(" → ")),
            r.active ? routeChange(r, active, byId, lang, status) : null,
            retireButton(`/api/patrol/routes/${q(r.id)}`, r.active, reason, status, `route-retire-${r.id}`))))
            : notice(t("setup.route_none")),
          list.length ? reason : null),
        active.length ? form : notice(t("setup.cp_none"))));
  },
};

const minutes = (label, value, attrs) => text(label, String(value), { type: "number", inputmode: "numeric", min: "0", ...attrs });

function slotList(p) {
  return h("div", { "data-testid": "preview" },
    h("h3", {}, t("setup.preview_day", { day: formatDay(p.day) })),
    p.slots.length ? h("ol", { class: "plain slots" }, p.slots.map((s) => h("li", { dataset: { crosses: s.crosses_midnight ? "1" : "0" } },
      t(s.crosses_midnight ? "setup.slot_next_day" : "setup.slot", { start: s.starts_at, end: s.ends_at })))) : notice(t("setup.no_slots")));
}

// When a schedule's rounds start (times, or every N hours from a first time), its window
// and grace, filled from `sc`; `timing()` reads them as the API takes them.
function timingFields(sc, prefix) {
  const id = (x) => (prefix ? { "data-testid": `${prefix}-${x}` } : {});
  const times = text("setup.sc_times", sc.times.join(", "), { placeholder: "08:00, 23:30", ...id("times") });
  const every = minutes("setup.sc_every", sc.every_hours ?? "", { min: "1", max: "24", ...id("every") });
  const first = text("setup.sc_first", sc.first_at, id("first"));
  const windowM = minutes("setup.sc_window", sc.window_minutes, { min: "5", max: "1440", ...id("window") });
  const grace = minutes("setup.sc_grace", sc.grace_minutes, { max: "720", ...id("grace") });
  const timing = () => {
    const list = times.control.value.split(/[\s,，]+/).filter(Boolean);
    const n = Number(every.control.value);
    return { ...(list.length ? { times: list } : { every_hours: n || null, first_at: first.control.value.trim() || "00:00" }),
      window_minutes: Number(windowM.control.value), grace_minutes: Number(grace.control.value) };
  };
  return { parts: [times, h("p", { class: "hint" }, t("setup.sc_or")), every, first, windowM, grace], timing };
}

// A schedule's name and timing, changed with a reason (built when opened).
function scheduleChange(sc, status) {
  return changeWhenOpened(`sc-change-${sc.id}`, "setup.sc_change", () => {
    const name = text("setup.sc_name", sc.name, { required: true, maxlength: "200" });
    const { parts, timing } = timingFields(sc, null);
    const random = check("setup.sc_random", sc.random_order);
    const reason = reasonField(`sc-change-reason-${sc.id}`);
    return saveForm(async () => {
      const when = timing();
      if (!when.times && !when.every_hours) { status.replaceChildren(notice(t("setup.sc_when_needed"), "error")); return; }
      await save(`/api/patrol/schedules/${q(sc.id)}`, "PATCH", { name: name.control.value.trim(),
        random_order: random.querySelector("input").checked, ...when, reason: reason.control.value.trim() }, status);
    }, name, parts, random, reason, h("button", { type: "submit", class: "btn", "data-testid": `sc-save-${sc.id}` }, t("setup.save")));
  });
}

export const schedulesView = {
  async render() {
    if (!navigator.onLine) return screen("setup.schedules", sections(SCHEDULES), offline());
    let rs, list;
    try { [rs, list] = await Promise.all([routes(), schedules()]); } catch (err) { return screen("setup.schedules", failed(err)); }
    const lang = language();
    const status = h("div", { "aria-live": "polite" });
    const routeOf = Object.fromEntries(rs.map((r) => [r.id, r]));
    const usable = rs.filter((r) => r.active);
    const route = h("select", { class: "input", "data-testid": "sc-route" }, usable.map((r) => h("option", { value: r.id }, named(r, lang))));
    const name = text("setup.sc_name", "", { required: true, maxlength: "200", "data-testid": "sc-name" });
    const { parts, timing } = timingFields({ times: [], every_hours: "", first_at: "00:00", window_minutes: 60, grace_minutes: 15 }, "sc");
    const random = check("setup.sc_random", false, { "data-testid": "sc-random" });
    const shown = h("div", { "aria-live": "polite" });
    const showPreview = async () => {
      try { shown.replaceChildren(slotList(await preview(timing()))); } catch (err) { shown.replaceChildren(failed(err)); }
    };
    const form = saveForm(async () => {
      await save("/api/patrol/schedules", "POST", { site_id: site(), route_id: route.value,
        name: name.control.value.trim(), random_order: random.querySelector("input").checked, ...timing() }, status);
    }, h("h2", {}, t("setup.sc_new")), h("div", { class: "field" }, h("label", { for: "sc-route" }, t("setup.sc_route")),
      Object.assign(route, { id: "sc-route" })), name, parts, random,
    button(t("setup.preview"), showPreview, "btn secondary", { "data-testid": "sc-preview" }), shown,
    h("button", { type: "submit", class: "btn", "data-testid": "sc-create" }, t("setup.create")));
    const reason = reasonField("sc-reason");
    const when = (sc) => (sc.times.length ? sc.times.join(", ") : t("setup.every_n", { n: sc.every_hours, first: sc.first_at }));
    return screen("setup.schedules", sections(SCHEDULES), status,
      h("div", { class: "setup-layout" },
        h("div", {},
          h("h2", {}, t("setup.sc_list", { n: list.length })),
          list.length ? h("ul", { class: "cards", "data-testid": "sc-list" }, list.map((sc) => h("li", { class: "card", dataset: { active: sc.active ? "1" : "0" } },
            h("span", { class: "card-title" }, sc.name, sc.active ? "" : ` · ${t("setup.retired")}`),
            h("span", { class: "card-meta" }, routeOf[sc.route_id] ? named(routeOf[sc.route_id], lang) : "?", " · ", when(sc)),
            h("span", { class: "card-meta" }, t("setup.sc_window_grace", { window: sc.window_minutes, grace: sc.grace_minutes }),
              sc.random_order ? ` · ${t("setup.sc_random")}` : ""),
            sc.active ? scheduleChange(sc, status) : null,
            retireButton(`/api/patrol/schedules/${q(sc.id)}`, sc.active, reason, status, `sc-retire-${sc.id}`))))
            : notice(t("setup.sc_none")),
          list.length ? reason : null),
        usable.length ? form : notice(t("setup.route_none"))));
  },
};
