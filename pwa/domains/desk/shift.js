// The desk's own shift (front desk handover 1-7; front desk rules 2, 7, 9):
// handing over the desk with the guards' handover kinds and the desk post's
// checklist, the incoming person reading the shift's duty-log entries; leaving
// the desk with a superior's approval and who covers; an emergency in the lobby
// reported as an incident; an evacuation roll call from the last snapshot.
import { h, screen, field, notice, go, saveForm, link, button, toast } from "../../page/ui.js";
import { t, formatDateTime, formatTime, formatAge, language } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { isSupervisor } from "../../page/session.js";
import { signaturePad, pinInput, signWithPin } from "../../page/signature.js";
import { imageEl } from "../../page/photos.js";
import {
  deskPosts, deskHandovers, shiftLog, writeDeskHandover, acceptDeskHandover, refuseDeskHandover, deskShifts,
  absences, leaveDesk, approveLeave, backAtDesk, rollCallPeople, recordRollCall, reportIncident, dataAge,
} from "./data.js";

const itemLabel = (i) => (language() === "zh-Hant" && i.name_zh ? i.name_zh : i.name);
const input = (type, attrs = {}) => h("input", { type, class: "input", autocomplete: "off", ...attrs });
const badge = (cls, text, attrs = {}) => h("span", { class: `badge ${cls}`, ...attrs }, text);
const pending = (rec) => (rec.pending ? [" ", badge("warn", t("common.not_synced"))] : null);

// One checklist row: done (ticked) or not, with a note.
function checkRow(item) {
  const label = itemLabel(item);
  const ok = h("input", { type: "checkbox", class: "check", checked: true });
  const note = input("text", { maxlength: "500", "aria-label": t("desk.shift.item_note", { item: label }) });
  const row = h("li", { class: "equipment-row", dataset: { item: item.name } }, h("label", { class: "choice" }, ok, h("span", {}, label)), note);
  row.read = () => ({ item: item.name, ok: ok.checked, note: note.value.trim() });
  return row;
}

function answers(list, items, testid) {
  const label = (name) => { const i = (items ?? []).find((x) => x.name === name); return i ? itemLabel(i) : name; };
  return h("ul", { class: "plain", "data-testid": testid }, (list ?? []).map((a) => h("li", { dataset: { ok: a.ok ? "1" : "0" } },
    `${a.ok ? "✓" : "✕"} ${label(a.item)}`, h("span", { class: "visually-hidden" }, a.ok ? t("desk.shift.done") : t("desk.shift.not_done")),
    a.note ? ` · ${a.note}` : "")));
}

const statusBadge = (rec) => badge(rec.status === "accepted" ? "ok" : rec.status === "refused" ? "error" : "warn",
  t(`desk.shift.status_${rec.status}`), { "data-testid": "handover-status" });

function changesPanel(shifts) {
  if (!shifts) return notice(t("desk.shift.changes_offline"));
  return h("ul", { class: "plain", "data-testid": "shift-changes" }, shifts.changes.map((c) => h("li", { dataset: { status: c.status } },
    h("strong", {}, formatTime(c.at)), " · ",
    badge(c.status === "handed_over" ? "ok" : c.status === "missing" ? "error" : "warn", t(`desk.shift.change_${c.status}`)),
    c.outgoing ? ` · ${c.outgoing}${c.incoming ? ` → ${c.incoming}` : ""}` : "")));
}

function absenceCard(a) {
  const cls = a.status === "approved" || a.status === "back" ? "ok" : a.status === "refused" ? "error" : "warn";
  return h("li", {}, h("a", { class: "card", href: `#/desk/leave/${a.id}`, dataset: { id: a.id, status: a.status } },
    h("span", { class: "card-head" }, h("span", {}, a.left?.user_name ?? ""), badge(cls, t(`desk.leave.status_${a.status}`))),
    h("span", { class: "card-text" }, a.reason),
    h("span", { class: "card-meta" }, t("desk.leave.covered_by", { name: a.cover?.name ?? "" }))));
}

export const shiftView = {
  live: true,
  async render() {
    const site = state.device.site.id;
    const [list, away, shifts] = await Promise.all([deskHandovers(state.user, site), absences(state.user, site),
      deskShifts(site).catch(() => null)]);
    const waiting = list.filter((x) => x.status !== "accepted" && x.outgoing?.user_id !== state.user.id);
    const open = away.filter((a) => a.status !== "back");
    return screen("desk.shift.title",
      h("div", { class: "desk-layout" },
        h("div", { class: "desk-actions stack" },
          link(t("desk.shift.new"), "#/desk/shift/new", "btn"),
          link(t("desk.leave.new"), "#/desk/leave/new", "btn secondary"),
          link(t("desk.incident.new"), "#/desk/incident", "btn secondary"),
          link(t("desk.escalate"), "#/cases/new", "btn secondary"),
          h("p", { class: "hint" }, t("desk.escalate_hint")),
          link(t("desk.rollcall.title"), "#/desk/rollcall", "btn secondary"),
          isSupervisor(state.user) ? link(t("desk.checklist.title"), "#/desk/checklist", "btn secondary") : null,
          h("h2", {}, t("desk.shift.changes")),
          changesPanel(shifts)),
        h("div", { class: "desk-list" },
          waiting.length ? notice(t("desk.shift.waiting_for_you", { n: waiting.length }), "warn") : null,
          h("h2", {}, t("desk.leave.list")),
          open.length ? h("ul", { class: "cards", "data-testid": "absences" }, open.map(absenceCard)) : notice(t("desk.leave.none")),
          h("h2", {}, t("desk.shift.list")),
          list.length ? h("ul", { class: "cards", "data-testid": "desk-handovers" }, list.map((x) => h("li", {},
            h("a", { class: "card", href: `#/desk/shift/${x.id}`, dataset: { id: x.id, status: x.status } },
              h("span", { class: "card-head" }, h("span", {}, x.outgoing?.user_name ?? ""), h("span", {}, formatDateTime(x.outgoing?.device_at))),
              h("span", { class: "card-text" }, x.text),
              h("span", { class: "badges" }, statusBadge(x), pending(x)))))) : notice(t("desk.shift.empty")))));
  },
};

export const newShiftView = {
  async render() {
    const site = state.device.site.id;
    const [desks, list] = await Promise.all([deskPosts(state.user, site), deskHandovers(state.user, site)]);
    if (!desks.length) {
      return screen("desk.shift.new", notice(t("desk.shift.no_checklist"), "warn"), link(t("common.back"), "#/desk/shift", "btn tertiary"));
    }
    const entries = await shiftLog(state.user, site, list[0]?.outgoing?.device_at);
    const status = h("div", { "aria-live": "polite" });
    const postSelect = h("select", { class: "input" }, desks.map((x) => h("option", { value: x.id }, itemLabel(x))));
    const rows = h("ul", { class: "plain stack", "data-testid": "desk-checklist" });
    const show = () => rows.replaceChildren(...desks.find((x) => x.id === postSelect.value).items.map(checkRow));
    postSelect.addEventListener("change", show);
    show();
    const text = h("textarea", { class: "input", rows: "5", maxlength: "4000" });
    const pad = signaturePad("signature.label");
    const pin = pinInput();
    return screen("desk.shift.new", saveForm(async () => {
      if (!text.value.trim()) return void status.replaceChildren(notice(t("desk.shift.text_required"), "error"));
      const signature = await signWithPin(pad, pin, status);
      if (!signature) return;
      const entry = await writeDeskHandover(state.user, { text: text.value.trim(), open_items: [], post_id: postSelect.value,
        equipment: [...rows.children].map((r) => r.read()), log_entries: entries.map((e) => e.id), signature });
      toast(t("desk.shift.saved"));
      go(`#/desk/shift/${entry.mutation.id}`);
    },
    desks.length > 1 ? field("desk.shift.desk", postSelect) : null,
    h("h2", {}, t("desk.shift.checklist")), h("p", { class: "hint" }, t("desk.shift.checklist_hint")), rows,
    field("desk.shift.text", text, "desk.shift.text_hint"),
    h("h2", {}, t("desk.shift.log", { n: entries.length })),
    entries.length ? h("ul", { class: "plain", "data-testid": "shift-log" }, entries.map((e) => h("li", {},
      h("strong", {}, e.number ?? t("desk.number_pending")), ` · ${formatTime(e.device_at)} · ${e.text}`))) : h("p", {}, t("desk.shift.log_empty")),
    h("h2", {}, t("desk.shift.sign")), pad, field("desk.shift.pin", pin, "desk.shift.pin_hint"), status,
    h("button", { type: "submit", class: "btn" }, t("desk.shift.submit"))),
    link(t("common.cancel"), "#/desk/shift", "btn tertiary"));
  },
};

function signer(label, s) {
  return [h("dt", {}, label), h("dd", {}, s ? [`${s.user_name} · ${formatDateTime(s.device_at)}`, h("br"),
    imageEl(s.signature, t("desk.shift.signature_of", { name: s.user_name }), "sig-image")] : "—")];
}

export const shiftItemView = {
  async render(id) {
    const site = state.device.site.id;
    const rec = (await deskHandovers(state.user, site)).find((x) => x.id === id);
    if (!rec) return screen("desk.shift.missing", notice(t("desk.shift.missing_text")), link(t("common.back"), "#/desk/shift"));
    const texts = new Map((await shiftLog(state.user, site, 0)).map((e) => [e.id, e]));
    const parts = [
      h("p", {}, statusBadge(rec), pending(rec)),
      h("dl", { class: "facts" },
        h("dt", {}, t("desk.shift.text")), h("dd", { class: "entry-text", "data-testid": "handover-text" }, rec.text),
        signer(t("desk.shift.outgoing"), rec.outgoing), signer(t("desk.shift.incoming"), rec.incoming)),
      h("h2", {}, t("desk.shift.checklist")), answers(rec.equipment, rec.post_items, "outgoing-checklist"),
      rec.incoming_equipment ? [h("h2", {}, t("desk.shift.incoming_check")), answers(rec.incoming_equipment, rec.post_items, "incoming-checklist")] : null,
    ];
    const entries = rec.log_entries ?? [];
    const read = new Set(rec.log_read ?? []);
    const boxes = [];
    const mine = rec.outgoing?.user_id === state.user.id;
    const canAccept = rec.status !== "accepted" && !mine;
    parts.push(h("h2", {}, t("desk.shift.log", { n: entries.length })), entries.length
      ? h("ul", { class: "plain stack", "data-testid": "handover-log" }, entries.map((e) => {
        const text = `${e.number ?? texts.get(e.id)?.number ?? t("desk.number_pending")} · ${texts.get(e.id)?.text ?? ""}`;
        if (!canAccept) return h("li", { dataset: { read: read.has(e.id) ? "1" : "0" } }, rec.log_read ? `${read.has(e.id) ? "✓" : "✕"} ` : "", text);
        const box = h("input", { type: "checkbox", class: "check", value: e.id });
        boxes.push(box);
        return h("li", {}, h("label", { class: "choice" }, box, h("span", {}, text)));
      })) : h("p", {}, t("desk.shift.log_empty")));
    if (rec.refusals?.length) {
      parts.push(h("h2", {}, t("desk.shift.refusals")), h("ul", { class: "plain" }, rec.refusals.map((r) => h("li", {},
        `${r.user_name} · ${formatDateTime(r.device_at ?? r.corrected_at)}: ${r.reason}`))));
    }
    if (mine && rec.status !== "accepted") parts.push(notice(t("desk.shift.wait_incoming")));
    if (canAccept) {
      const status = h("div", { "aria-live": "polite" });
      const pad = signaturePad("desk.shift.signature_incoming");
      const pin = pinInput();
      const check = (rec.post_items ?? []).map(checkRow);
      const reason = h("textarea", { class: "input", rows: "3", maxlength: "1000" });
      parts.push(h("h2", {}, t("desk.shift.accept_title")), saveForm(async () => {
        if (boxes.some((b) => !b.checked)) return void status.replaceChildren(notice(t("desk.shift.read_all"), "error"));
        const signature = await signWithPin(pad, pin, status);
        if (!signature) return;
        await acceptDeskHandover(state.user, { handover_id: rec.id, signature, equipment: check.map((r) => r.read()),
          log_read: boxes.map((b) => b.value) });
        toast(t("desk.shift.accepted"));
        go(`#/desk/shift/${rec.id}`);
      }, h("p", { class: "hint" }, t("desk.shift.check_hint")),
      h("ul", { class: "plain stack", "data-testid": "take-over-checklist" }, check),
      pad, field("desk.shift.pin", pin, "desk.shift.pin_hint"), status,
      h("button", { type: "submit", class: "btn", "data-testid": "accept" }, t("desk.shift.accept"))),
      h("h2", {}, t("desk.shift.refuse_title")), saveForm(async () => {
        if (!reason.value.trim()) return void status.replaceChildren(notice(t("desk.shift.reason_required"), "error"));
        await refuseDeskHandover(state.user, rec.id, reason.value.trim());
        toast(t("desk.shift.refused"));
        go(`#/desk/shift/${rec.id}`);
      }, field("desk.shift.refuse_reason", reason), h("button", { type: "submit", class: "btn danger" }, t("desk.shift.refuse"))));
    }
    parts.push(link(t("common.back"), "#/desk/shift", "btn tertiary"));
    return screen("desk.shift.title_one", ...parts);
  },
};

export const newLeaveView = {
  render() {
    const reason = h("textarea", { class: "input", rows: "3", maxlength: "500" });
    const minutes = input("number", { min: "1", max: "480", value: "15", inputmode: "numeric" });
    const cover = input("text", { maxlength: "200" });
    const status = h("div", { "aria-live": "polite" });
    return screen("desk.leave.new", saveForm(async () => {
      const n = Number(minutes.value);
      const problem = !reason.value.trim() ? "desk.leave.reason_required" : !cover.value.trim() ? "desk.leave.cover_required"
        : !(Number.isInteger(n) && n >= 1 && n <= 480) ? "desk.leave.minutes_invalid" : null;
      if (problem) return void status.replaceChildren(notice(t(problem), "error"));
      const entry = await leaveDesk(state.user, { reason: reason.value.trim(), minutes: n, cover_name: cover.value.trim() });
      toast(t("desk.leave.asked"));
      go(`#/desk/leave/${entry.mutation.id}`);
    }, h("p", { class: "hint" }, t("desk.leave.rule")),
    field("desk.leave.reason", reason), field("desk.leave.minutes", minutes), field("desk.leave.cover", cover, "desk.leave.cover_hint"),
    status, h("button", { type: "submit", class: "btn" }, t("desk.leave.submit"))),
    link(t("common.cancel"), "#/desk/shift", "btn tertiary"));
  },
};

export const leaveItemView = {
  live: true,
  async render(id) {
    const a = (await absences(state.user, state.device.site.id)).find((x) => x.id === id);
    if (!a) return screen("desk.leave.missing", notice(t("desk.leave.missing_text")), link(t("common.back"), "#/desk/shift"));
    const mine = a.left?.user_id === state.user.id;
    const parts = [
      h("p", {}, badge(a.status === "refused" ? "error" : a.status === "asked" ? "warn" : "ok", t(`desk.leave.status_${a.status}`),
        { "data-testid": "leave-status" }), pending(a)),
      h("dl", { class: "facts" },
        h("dt", {}, t("desk.leave.who")), h("dd", {}, `${a.left?.user_name ?? ""} · ${formatDateTime(a.left?.device_at)}`),
        h("dt", {}, t("desk.leave.reason")), h("dd", {}, a.reason),
        h("dt", {}, t("desk.leave.minutes")), h("dd", {}, String(a.minutes)),
        h("dt", {}, t("desk.leave.cover")), h("dd", { "data-testid": "leave-cover" }, a.cover?.name ?? ""),
        h("dt", {}, t("desk.leave.approval")), h("dd", { "data-testid": "leave-approval" }, a.approval
          ? `${t(a.approval.approved ? "desk.leave.approved_by" : "desk.leave.refused_by", { name: a.approval.user_name })} · ${formatDateTime(a.approval.device_at)}${a.approval.note ? ` · ${a.approval.note}` : ""}`
          : t("desk.leave.no_approval")),
        a.back ? [h("dt", {}, t("desk.leave.back")), h("dd", {}, formatDateTime(a.back.device_at))] : null),
    ];
    if (a.status === "asked" && !mine && mayWrite("desk.leave_approve")) {
      const note = h("textarea", { class: "input", rows: "2", maxlength: "500" });
      const decide = (approved) => async (e) => {
        e.currentTarget.disabled = true;
        await approveLeave(state.user, a.id, approved, note.value.trim());
        toast(t(approved ? "desk.leave.approved" : "desk.leave.refused"));
        go(`#/desk/leave/${a.id}`);
      };
      parts.push(h("h2", {}, t("desk.leave.decide")), field("desk.leave.note", note),
        h("div", { class: "row" }, button(t("desk.leave.approve"), decide(true), "btn", { "data-testid": "approve-leave" }),
          button(t("desk.leave.refuse"), decide(false), "btn danger")));
    }
    if (a.status !== "back" && mine) {
      if (a.status === "asked") parts.push(notice(t("desk.leave.wait_approval"), "warn"));
      parts.push(button(t("desk.leave.back_now"), async (e) => {
        e.currentTarget.disabled = true;
        await backAtDesk(state.user, a.id);
        toast(t("desk.leave.back_recorded"));
        go(`#/desk/leave/${a.id}`);
      }, "btn secondary", { "data-testid": "back-at-desk" }));
    }
    parts.push(link(t("common.back"), "#/desk/shift", "btn tertiary"));
    return screen("desk.leave.title", ...parts);
  },
};

const CATEGORIES = ["public_order", "suspicious_person", "fire_safety", "damage", "other"];
const SEVERITIES = ["low", "medium", "high", "critical"];

// An emergency in the lobby, reported like a guard's incident (to the supervisor now).
export const incidentView = {
  render() {
    const category = h("select", { class: "input" }, CATEGORIES.map((c) => h("option", { value: c }, t(`desk.incident.cat_${c}`))));
    const severity = h("select", { class: "input" }, SEVERITIES.map((s) => h("option", { value: s, selected: s === "high" }, t(`desk.incident.sev_${s}`))));
    const place = input("text", { maxlength: "200", value: t("desk.incident.lobby") });
    const description = h("textarea", { class: "input", rows: "4", maxlength: "4000" });
    const status = h("div", { "aria-live": "polite" });
    return screen("desk.incident.new", saveForm(async () => {
      if (!description.value.trim()) return void status.replaceChildren(notice(t("desk.incident.description_required"), "error"));
      await reportIncident(state.user, { category: category.value, severity: severity.value, place: place.value.trim(),
        description: description.value.trim(), photos: [], report_now: true });
      toast(t("desk.incident.saved"));
      go("#/desk/shift");
    }, h("p", { class: "hint" }, t("desk.incident.hint")),
    field("desk.incident.category", category), field("desk.incident.severity", severity), field("desk.incident.place", place),
    field("desk.incident.description", description), status,
    h("button", { type: "submit", class: "btn" }, t("desk.incident.submit"))),
    link(t("common.cancel"), "#/desk/shift", "btn tertiary"));
  },
};

// Evacuation roll call: everyone on site by the last snapshot, ticked one by one, offline.
const ticked = new Set();
export const rollCallView = {
  async render() {
    const site = state.device.site.id;
    const [people, age] = await Promise.all([rollCallPeople(state.user, site), dataAge()]);
    const count = h("p", { class: "pass-result-head", "data-testid": "roll-count", "aria-live": "polite" });
    const update = () => { count.textContent = t("desk.rollcall.count", { n: people.filter((p) => ticked.has(p.ref_id)).length, total: people.length }); };
    update();
    const status = h("div", { "aria-live": "polite" });
    const list = h("ul", { class: "plain stack", "data-testid": "roll-call" }, people.map((p) => {
      const box = h("input", { type: "checkbox", class: "check", checked: ticked.has(p.ref_id),
        onchange: (e) => { (e.target.checked ? ticked.add(p.ref_id) : ticked.delete(p.ref_id)); update(); } });
      return h("li", { dataset: { id: p.ref_id, kind: p.ref_kind } }, h("label", { class: "choice" }, box,
        h("span", {}, `${p.name || "—"} · ${t("desk.unit_n", { unit: p.unit || "—" })} · ${t(`desk.rollcall.kind_${p.ref_kind}`)}`)));
    }));
    const snapshot = age == null ? Date.now() : Date.now() - age;
    return screen("desk.rollcall.title",
      h("p", { class: "hint", "data-testid": "data-age" }, age == null ? t("desk.data_never") : t("desk.data_age", { age: formatAge(Date.now() - age) })),
      count,
      people.length ? list : notice(t("desk.nobody_on_site")),
      status,
      button(t("desk.rollcall.record"), async (e) => {
        e.currentTarget.disabled = true;
        await recordRollCall(state.user, { snapshot_at: age == null ? null : Math.round(snapshot),
          people: people.map((p) => ({ ...p, accounted: ticked.has(p.ref_id) })) });
        ticked.clear();
        status.replaceChildren(notice(t("desk.rollcall.recorded")));
      }, "btn", { "data-testid": "record-roll-call" }),
      // A guard came from the gate check, the desk from its shift screen.
      link(t("common.back"), mayWrite("desk.leave") ? "#/desk/shift" : "#/desk/gate", "btn tertiary"));
  },
};

// The desk's checklist, set up by a supervisor (online): the site's desk post and its
// list, each change with its reason (backend/changelog).
export const checklistView = {
  async render() {
    const site = state.device.site.id;
    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token };
    let post = null;
    try {
      const r = await fetch(`/api/equipment/posts?site_id=${encodeURIComponent(site)}`, { cache: "no-store", headers });
      if (!r.ok) throw new Error("posts");
      post = (await r.json()).posts.find((x) => x.desk && x.active) ?? null;
    } catch {
      return screen("desk.checklist.title", notice(t("desk.checklist.offline"), "warn"), link(t("common.back"), "#/desk/shift", "btn tertiary"));
    }
    const name = input("text", { maxlength: "200", value: post?.name ?? t("desk.checklist.default_name") });
    const lines = h("textarea", { class: "input", rows: "8", maxlength: "6000" });
    lines.value = (post?.items ?? []).map((i) => (i.name_zh ? `${i.name} | ${i.name_zh}` : i.name)).join("\n");
    // Why: kept in the change log with who and when; a change needs one, a new checklist may have one.
    const reason = input("text", { maxlength: "500", required: Boolean(post) });
    const status = h("div", { "aria-live": "polite" });
    return screen("desk.checklist.title", saveForm(async () => {
      const items = lines.value.split("\n").map((l) => l.trim()).filter(Boolean)
        .map((l) => { const [en, zh = ""] = l.split("|").map((x) => x.trim()); return { name: en, name_zh: zh }; });
      if (!items.length || items.some((i) => !i.name)) return void status.replaceChildren(notice(t("desk.checklist.items_required"), "error"));
      const why = reason.value.trim();
      const body = JSON.stringify(post ? { name: name.value.trim(), items, reason: why }
        : { site_id: site, name: name.value.trim(), items, desk: true, reason: why });
      const r = await fetch(post ? `/api/equipment/posts/${encodeURIComponent(post.id)}` : "/api/equipment/posts",
        { method: post ? "PATCH" : "POST", headers, body });
      if (!r.ok) return void status.replaceChildren(notice(t("desk.checklist.not_saved"), "error"));
      toast(t("desk.checklist.saved"));
      go("#/desk/shift");
    }, h("p", { class: "hint" }, t("desk.checklist.hint")),
    field("desk.checklist.name", name), field("desk.checklist.items", lines, "desk.checklist.items_hint"),
    field("desk.checklist.reason", reason, "desk.checklist.reason_hint"), status,
    h("button", { type: "submit", class: "btn" }, t("desk.checklist.save"))),
    link(t("common.back"), "#/desk/shift", "btn tertiary"));
  },
};
