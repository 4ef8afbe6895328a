// The callback plan not tied to a case (issue 12 item 7): each area every quarter,
// the director once or twice a year. Offline from the pulled `case.plan` records:
// the owner's due callbacks (also on the Cases tab), recording a callback, the
// callback handling rate of the current periods; a supervisor adds plan lines.
import { h, screen, field, notice, saveForm, link, toast, go } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { overlay, fromEntity, write } from "../../lib/overlay.js";
import { localDay, TYPES } from "./data.js";

// The period of `per_year` (1, 2, 4) holding an ISO day (backend/cases/plan.py `period`).
export function period(day, perYear) {
  const [y, m] = day.split("-").map(Number);
  const months = 12 / perYear;
  const n = Math.floor((m - 1) / months) + 1;
  const lastMonth = n * months;
  const end = new Date(Date.UTC(y, lastMonth, 0)).toISOString().slice(0, 10);
  return { period: { 1: `${y}`, 2: `${y}-H${n}`, 4: `${y}-Q${n}` }[perYear], end };
}

export function planStatus(p, today = localDay()) {
  const cur = period(today, p.per_year);
  const calls = (p.calls ?? []).filter((c) => c.period === cur.period);
  const called = calls.some((c) => c.reached);
  return { ...cur, called, due: p.active && !called, tries: calls.length };
}

// Plan lines with the callbacks still in the outbox laid over them.
export async function plans(user, siteId) {
  const all = await overlay(user, {
    kinds: ["case.plan"], site: siteId,
    entity: (e) => ({ ...fromEntity(e), calls: [...(e.data.calls ?? [])] }),
    creates: { "case.plan_set": (o) => ({ ...o.mutation.payload, id: o.mutation.payload.plan_id, calls: [], pending: true }) },
    updates: {
      "case.plan_call": [(p) => p.plan_id, (rec, o) => {
        const m = o.mutation;
        if (rec.calls.some((c) => c.id === m.id)) return;
        rec.calls = [...rec.calls, { id: m.id, period: period(localDay(m.occurred_at), rec.per_year).period, at: m.occurred_at,
          reached: m.payload.reached, satisfied: m.payload.satisfied ?? null, whom: m.payload.whom, note: m.payload.note, pending: true }];
      }],
    },
  });
  return all.sort((a, b) => (a.who === b.who ? String(a.area).localeCompare(String(b.area)) : a.who === "director" ? -1 : 1));
}

// The due callbacks of whoever owns them: the Cases tab lists these for its user.
export async function myDueCallbacks(user, siteId) {
  return (await plans(user, siteId)).filter((p) => p.owner_id === user.id && planStatus(p).due);
}

const line = (p) => {
  const s = planStatus(p);
  return h("li", {}, h("a", { class: "card", href: `#/cases/plan/${encodeURIComponent(p.id)}`, dataset: { id: p.id, due: s.due ? "1" : "0" } },
    h("span", { class: "card-head" }, h("span", {}, t(`cases.plan_who_${p.who}`)), h("span", {}, s.period)),
    h("span", { class: "card-title" }, p.area),
    h("span", { class: "card-meta" }, t("cases.plan_owner", { name: p.owner_name || "—" })),
    h("span", { class: "badges" }, !p.active ? h("span", { class: "badge" }, t("cases.plan_inactive"))
      : s.due ? h("span", { class: "badge warn", "data-testid": "plan-due" }, t("cases.plan_due_by", { day: s.end }))
        : h("span", { class: "badge ok" }, t("cases.plan_called")),
    p.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null)));
};

export const dueList = (list) => h("ul", { class: "cards", "data-testid": "callbacks-due" }, list.map(line));

export const planView = {
  live: true,
  async render() {
    const site = state.device.site.id;
    const all = await plans(state.user, site);
    const active = all.filter((p) => p.active);
    const called = active.filter((p) => planStatus(p).called).length;
    const status = h("div", { "aria-live": "polite" });
    const area = h("input", { type: "text", class: "input", maxlength: "100", required: true });
    const who = h("select", { class: "input" }, ["area", "director"].map((v) => h("option", { value: v }, t(`cases.plan_who_${v}`))));
    const often = h("select", { class: "input" });
    const setOften = () => often.replaceChildren(...(who.value === "area" ? [4] : [2, 1]).map((n) => h("option", { value: String(n) }, t(`cases.plan_per_year_${n}`))));
    who.addEventListener("change", setOften);
    setOften();
    const roster = (await overlay(state.user, { kinds: ["site.member"], site }))
      .filter((m) => ["frontdesk", "supervisor"].includes(m.role)).sort((a, b) => a.name.localeCompare(b.name));
    const owner = h("select", { class: "input" }, roster.map((m) => h("option", { value: String(m.user_id) }, m.name)));
    const form = mayWrite("case.plan_set") ? [h("h2", {}, t("cases.plan_add")), saveForm(async () => {
      if (!area.value.trim()) return void status.replaceChildren(notice(t("cases.plan_area_required"), "error"));
      const chosen = roster.find((m) => String(m.user_id) === owner.value);
      if (!chosen) return void status.replaceChildren(notice(t("cases.plan_owner_required"), "error"));
      await write(state.user, "case.plan_set", { plan_id: crypto.randomUUID(), who: who.value, area: area.value.trim(),
        owner_id: chosen.user_id, owner_name: chosen.name, per_year: Number(often.value), active: true, note: "" });
      toast(t("cases.saved_action"));
      go("#/cases/plan");
    }, field("cases.plan_area", area), field("cases.plan_who", who), field("cases.plan_often", often), field("cases.plan_owner_field", owner),
    h("button", { type: "submit", class: "btn secondary" }, t("cases.plan_add")))] : null;
    return screen("cases.plan_title",
      h("p", { "data-testid": "plan-rate" }, t("cases.plan_rate", { called, total: active.length,
        rate: active.length ? `${((called / active.length) * 100).toFixed(0)} %` : "—" })),
      all.length ? h("ul", { class: "cards", "data-testid": "plan-lines" }, all.map(line)) : notice(t("cases.plan_none")),
      form, status, link(t("common.back"), "#/cases", "btn tertiary"));
  },
};

export const planCallView = {
  live: true,
  async render(id) {
    const p = (await plans(state.user, state.device.site.id)).find((x) => x.id === id);
    const back = link(t("common.back"), "#/cases/plan", "btn tertiary");
    if (!p) return screen("cases.missing", back);
    const s = planStatus(p);
    const status = h("div", { "aria-live": "polite" });
    const whom = h("input", { type: "text", class: "input", maxlength: "200" });
    const reached = h("input", { type: "checkbox", checked: true });
    const satisfied = h("input", { type: "checkbox", checked: true });
    const note = h("textarea", { class: "input", rows: "2", maxlength: "2000" });
    const issue = h("textarea", { class: "input", rows: "2", maxlength: "4000" });
    const issueType = h("select", { class: "input" }, TYPES.map((v) => h("option", { value: v }, t(`cases.type_${v}`))));
    return screen("cases.plan_call_title",
      h("dl", { class: "facts" },
        h("dt", {}, t("cases.plan_area")), h("dd", {}, p.area),
        h("dt", {}, t("cases.plan_who")), h("dd", {}, t(`cases.plan_who_${p.who}`)),
        h("dt", {}, t("cases.plan_period")), h("dd", { "data-testid": "plan-period" }, s.due ? t("cases.plan_due_by", { day: s.end }) : t("cases.plan_called"))),
      (p.calls ?? []).length ? h("ol", { class: "plain", "data-testid": "plan-calls" }, p.calls.map((c) => h("li", {},
        `${c.period} · ${c.whom || "—"} · ${t(c.reached ? (c.satisfied === false ? "cases.ev_callback_unsatisfied" : "cases.ev_callback") : "cases.ev_callback_missed")}`,
        c.at ? ` · ${formatDateTime(c.at)}` : "", c.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null))) : null,
      p.active && mayWrite("case.plan_call") ? saveForm(async () => {
        const raised = issue.value.trim();
        if (!reached.checked && raised) return void status.replaceChildren(notice(t("cases.plan_issue_needs_reach"), "error"));
        await write(state.user, "case.plan_call", { plan_id: p.id, reached: reached.checked,
          satisfied: reached.checked ? satisfied.checked : null, whom: whom.value.trim(), note: note.value.trim(),
          new_issues: raised ? [{ type: issueType.value, matter: raised }] : [] });
        toast(t("cases.saved_action"));
        go("#/cases");
      }, field("cases.plan_whom", whom),
      h("label", { class: "choice" }, reached, h("span", {}, t("cases.reached"))),
      h("label", { class: "choice" }, satisfied, h("span", {}, t("cases.satisfied"))),
      field("cases.plan_note", note), field("cases.new_issue", issue, "cases.new_issue_hint"), field("cases.type", issueType),
      h("button", { type: "submit", class: "btn", "data-testid": "save-plan-call" }, t("cases.plan_record"))) : null,
      status, back);
  },
};
