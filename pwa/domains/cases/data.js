// Cases on the phone: the site's cases as the server sent them, with the work
// still in the outbox laid over them (lib/overlay.js), so a guard offline sees
// their intake and its handling at once, marked "No. after sync". The rules
// mirror backend/cases (states.py, deadlines.py); the server decides.
import { overlay, fromEntity, time, write } from "../../lib/overlay.js";
import { users } from "../../page/session.js";
import { state } from "../../page/state.js";

export const TYPES = ["complaint", "repair_request", "help_request", "suggestion", "enquiry", "product_complaint", "product_repair"];
export const CHANNELS = ["phone", "letter", "visit", "patrol"];
export const PEOPLE = ["resident", "customer", "other"];
export const REPLY_HOW = ["phone", "letter", "visit", "message", "email"];
export const RESPONSIBLE = ["department", "person", "supplier", "third_party", "none"];
export const STATES = ["received", "assigned", "in_hand", "answered", "called_back", "closed"];
const RANK = Object.fromEntries(STATES.map((s, i) => [s, i]));
const RULES = { case_close_days: 15, case_close_days_abroad: 20, case_report_days: 3 };

export const isStaff = (user) => ["frontdesk", "supervisor", "admin"].includes(user?.role);
const siteTz = () => state.device?.site?.tz ?? "Asia/Hong_Kong";

// The site's local day (YYYY-MM-DD) of a time: deadlines count in the site's time zone.
export const localDay = (ms = Date.now()) => new Intl.DateTimeFormat("en-CA", { timeZone: siteTz() }).format(new Date(ms));

const addDays = (day, n) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

// The deadlines of a case (deadlines.py `due`) and the ones missed by `today`.
export function due(c) {
  const rules = c.rules ?? RULES;
  return {
    close: addDays(c.accepted_day, c.abroad ? rules.case_close_days_abroad : rules.case_close_days),
    check: c.type === "complaint" && c.person === "resident" ? c.accepted_day : null,
    report: c.needs_report ? addDays(c.accepted_day, rules.case_report_days) : null,
    next_reply: c.next_reply_on ?? null,
  };
}

export function overdue(c, today = localDay()) {
  const met = { close: c.closed_day, check: c.checked_day, report: c.report_day,
    next_reply: c.status === "closed" ? c.closed_day : null };
  return Object.entries(due(c)).filter(([k, day]) => day && today > day && !met[k]).map(([k]) => k);
}

export const daysLeft = (c, today = localDay()) =>
  Math.round((Date.parse(`${due(c).close}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86400000);

const FACTS = ["type", "channel", "person", "unit", "customer_id", "name", "phone", "address", "abroad", "matter",
  "place", "reason", "photos", "severity", "product_class", "needs_report", "source"];

export async function cases(user, siteId) {
  const names = new Map((await users()).map((u) => [u.id, u.name]));
  const stamp = (m) => ({ user_id: m.user_id, user_name: names.get(m.user_id) ?? "", at: m.occurred_at, pending: true });
  const created = (o, extra = {}) => {
    const m = o.mutation;
    const s = stamp(m);
    const day = localDay(m.occurred_at);
    return {
      ...Object.fromEntries(FACTS.map((f) => [f, m.payload[f] ?? null])), ...extra,
      id: m.id, number: o.result?.number ?? null, status: "received", history: [{ event: "received", ...s }],
      contacts: [], first_owner: { user_id: m.user_id, name: s.user_name, department: "" },
      owner: { user_id: m.user_id, name: s.user_name, department: "" }, accepted_at: m.occurred_at, accepted_day: day,
      rules: RULES, next_reply_on: null, checked_day: null, report_day: null, closed_day: null, closed: null,
      review: null, pending: true, outboxStatus: o.status, reasons: o.reasons ?? [], joining: m.payload.join_case_id ?? null,
    };
  };
  const event = (name, to, detail = () => ({})) => [(p) => p.case_id, (rec, o) => {
    const m = o.mutation;
    if (rec.history.some((e) => e.id === m.id)) return;
    const before = rec.status;
    const after = to && RANK[to] > RANK[before] ? to : before;
    rec.history = [...rec.history, { event: name, id: m.id, from: before, to, status: after, ...stamp(m), ...detail(m.payload, rec) }];
    rec.status = after;
    rec.pendingWork = true;
  }];
  const all = await overlay(user, {
    kinds: ["case"],
    site: siteId,
    entity: (e) => ({ ...fromEntity(e), history: [...(e.data.history ?? [])] }),
    creates: {
      "case.open": (o) => created(o),
      "case.reopen": (o) => created(o, { matter: o.mutation.payload.matter, channel: o.mutation.payload.channel,
        follows: { id: o.mutation.payload.case_id, number: null } }),
    },
    updates: {
      "case.open": [(p) => p.join_case_id, (rec, o) => {
        const m = o.mutation;
        if (rec.status === "closed" || rec.contacts?.some((c) => c.id === m.id)) return;
        rec.contacts = [...(rec.contacts ?? []), { id: m.id, matter: m.payload.matter, channel: m.payload.channel, ...stamp(m) }];
        rec.history = [...rec.history, { event: "contact", id: m.id, status: rec.status, matter: m.payload.matter, ...stamp(m) }];
        rec.pendingWork = true;
      }],
      "case.hand_on": event("hand_on", "assigned", (p, rec) => {
        rec.owner = { user_id: p.to_user_id ?? null, name: p.to_name, department: p.department };
        return { department: p.department, to_name: p.to_name, note: p.note };
      }),
      "case.progress": event("progress", "in_hand", (p, rec) => {
        if (p.next_reply_on) rec.next_reply_on = p.next_reply_on;
        return { text: p.text, next_reply_on: p.next_reply_on ?? null, report: p.report };
      }),
      "case.reply": event("reply", "answered", (p, rec) => {
        rec.next_reply_on = null;
        return { text: p.text, how: p.how };
      }),
      "case.callback": event("callback", null, (p, rec) => {
        if (p.reached && RANK[rec.status] < RANK.called_back) rec.status = "called_back";
        return { reached: p.reached, satisfied: p.satisfied ?? null, note: p.note, new_cases: [] };
      }),
      "case.repair": [(p) => p.case_id, (rec, o) => {
        const m = o.mutation;
        const r = rec.repair ?? { state: null, steps: [] };
        if (r.steps.some((x) => x.id === m.id)) return;
        const steps = [...r.steps, { ...m.payload, id: m.id, at: m.occurred_at, user_name: names.get(m.user_id) ?? "", pending: true }];
        const order = ["receive", "hand_over", "back", "phoned", "shipped"];
        rec.repair = { ...r, steps, state: steps.map((x) => x.step).sort((a, b) => order.indexOf(b) - order.indexOf(a))[0] };
        rec.pendingWork = true;
      }],
      "case.close": event("close", "closed", (p, rec) => {
        if (!rec.closed) rec.closed = { result: p.result, first_contact: p.first_contact, pending: true };
        return { result: p.result };
      }),
    },
  });
  // An intake that joins a case still open on this phone shows as a contact on that case, not a case of its own.
  const open = new Set(all.filter((c) => c.status !== "closed").map((c) => c.id));
  return all.filter((c) => !(c.joining && open.has(c.joining))).sort((a, b) => time(b.accepted_at) - time(a.accepted_at));
}

// Open cases for the same unit or customer: "called before?".
export function calledBefore(list, { person, unit, customer_id, name }) {
  const norm = (s) => String(s ?? "").trim().toLowerCase();
  return list.filter((c) => c.status !== "closed" && (
    (person === "resident" && norm(unit) && c.person === "resident" && norm(c.unit) === norm(unit))
    || (person === "customer" && ((customer_id && c.customer_id === customer_id)
      || (norm(name) && c.person === "customer" && norm(c.name) === norm(name))))));
}

// Internal notes (front desk and supervisors pull them; nobody else).
export async function notes(user, caseId) {
  const names = new Map((await users()).map((u) => [u.id, u.name]));
  const all = await overlay(user, {
    kinds: ["case.note"],
    creates: { "case.note": (o) => ({ ...o.mutation.payload, id: o.mutation.id, author_name: names.get(o.mutation.user_id) ?? "",
      corrected_at: o.mutation.occurred_at, pending: true }) },
  });
  return all.filter((n) => n.case_id === caseId).sort((a, b) => time(a.corrected_at) - time(b.corrected_at));
}

// A major case's emails to the managers (front desk and supervisors pull them), with their status.
export async function mails(user, caseId) {
  return (await overlay(user, { kinds: ["case.mail"] })).filter((m) => m.case_id === caseId).sort((a, b) => a.to.localeCompare(b.to));
}

export const openCase = (user, payload) => write(user, "case.open", payload);
export const handOn = (user, caseId, p) => write(user, "case.hand_on", { case_id: caseId, ...p });
export const progress = (user, caseId, p) => write(user, "case.progress", { case_id: caseId, ...p });
export const reply = (user, caseId, p) => write(user, "case.reply", { case_id: caseId, ...p });
export const callback = (user, caseId, p) => write(user, "case.callback", { case_id: caseId, ...p });
export const closeCase = (user, caseId, p) => write(user, "case.close", { case_id: caseId, ...p });
export const reopen = (user, caseId, matter) => write(user, "case.reopen", { case_id: caseId, matter });
export const addNote = (user, caseId, text) => write(user, "case.note", { case_id: caseId, text });
export const review = (user, caseId) => write(user, "record.review", { target_kind: "case", target_ids: [caseId], approved: true, note: "" });

// Customer files this user may read (the customers domain's `customer` records, linked
// by id only; guards pull none), by name.
export async function customers(user, siteId) {
  const all = await overlay(user, { kinds: ["customer"], site: siteId });
  return all.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

// Records a case may come from, pulled for this user (incidents), newest first.
export async function sources(user, siteId) {
  const all = await overlay(user, {
    kinds: ["incident"], site: siteId,
    creates: { "incident.report": (o) => ({ ...o.mutation.payload, id: o.mutation.id, number: null, device_at: o.mutation.occurred_at, pending: true }) },
  });
  return all.sort((a, b) => time(b.device_at) - time(a.device_at)).slice(0, 20);
}
