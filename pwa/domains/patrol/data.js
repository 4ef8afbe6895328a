// Patrol on the phone: what the server sent (checkpoints, routes, schedules,
// rounds, incidents, gate log, handovers) overlaid with what is still in the
// outbox, so a guard offline sees their own work at once. Writers put one
// mutation in the outbox each (backend/patrol/README.md lists the kinds).
import { overlay, entitiesOf, fromEntity as dataOf, amends, amend, reviews, time, write } from "../../lib/overlay.js";
import { outboxEntries } from "../../lib/outbox.js";
import { users } from "../../page/session.js";
import { state } from "../../page/state.js";

export const QR_PREFIX = "gatehouse:checkpoint:";
// The server judges windows in its GATEHOUSE_TZ; sites do not carry a time zone yet.
// The server sends its sites' time zone with the site (enrolment, sign-in);
// phones enrolled before that fall back to Hong Kong time.
export const SITE_TZ = "Asia/Hong_Kong";
const siteTz = () => state.device?.site?.tz ?? SITE_TZ;
export const INCIDENT_CATEGORIES = ["suspicious_person", "suspicious_vehicle", "damage", "fire_safety", "public_order", "other"];
export const SEVERITIES = ["low", "medium", "high", "critical"];
export const ID_TYPES = ["hkid", "passport", "mainland_permit", "driving_licence", "staff_card", "other"];
export const REFUSALS = ["no_identification", "suspicious", "other"];
const MINUTE = 60000;
const DAY = 86400000;

export async function peopleNames() {
  return new Map((await users()).map((u) => [u.id, u.name]));
}

// ---- set-up: checkpoints, routes, schedules ----------------------------------

export const codeOf = (text) => String(text ?? "").trim().replace(QR_PREFIX, "");

export async function setup(user, siteId) {
  const [cps, routes, schedules] = await Promise.all(
    ["patrol.checkpoint", "patrol.route", "patrol.schedule"].map((k) => entitiesOf(user.id, k)));
  const all = [];
  const byId = new Map();
  for (const e of cps) {
    const cp = { ...dataOf(e), here: e.space === siteId };
    all.push(cp);
    if (cp.here) byId.set(cp.id, cp);
  }
  const here = (list) => list.filter((e) => e.space === siteId).map(dataOf);
  return {
    all,
    byId,
    checkpoints: [...byId.values()].filter((c) => c.active).sort((a, b) => a.name.localeCompare(b.name)),
    routes: new Map(here(routes).map((r) => [r.id, r])),
    schedules: here(schedules).filter((s) => s.active),
  };
}

// Phones hold only each code's salted hash, SHA-256 of "<checkpoint id>:<code>"
// (backend/patrol/setup.py code_hash): a scanned text is hashed with each
// checkpoint's id to find its checkpoint, offline. Hashes are remembered.
const hashes = new Map();
async function codeHash(id, code) {
  const key = `${id}:${code}`;
  if (!hashes.has(key)) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
    hashes.set(key, [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""));
  }
  return hashes.get(key);
}

async function checkpointOf(su, text) {
  const code = codeOf(text);
  for (const cp of su.all) if (cp.code_hash && cp.code_hash === await codeHash(cp.id, code)) return cp;
  return null;
}

// A scanned text: {cp} for a checkpoint of this site, else {reason}.
export async function lookupCode(su, text) {
  const cp = await checkpointOf(su, text);
  if (!cp) return { reason: "checkpoint_unknown" };
  if (!cp.here) return { reason: "checkpoint_other_site" };
  return { cp };
}

// Where the phone is, if the guard lets it tell (the browser asks once); null
// when it may not, cannot, or takes too long. The server's walking-speed flag
// then works from where the phone really was.
export function position({ timeout = 8000 } = {}) {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    const give = (value) => { clearTimeout(timer); resolve(value); };
    const timer = setTimeout(() => resolve(null), timeout + 500);
    navigator.geolocation.getCurrentPosition(
      (p) => give({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => give(null),
      { enableHighAccuracy: true, maximumAge: 30000, timeout });
  });
}

export const cpName = (cp, lang) => (cp ? (lang === "zh-Hant" && cp.name_zh ? cp.name_zh : cp.name) : "—");
export const routeName = (r, lang) => (r ? (lang === "zh-Hant" && (r.name_zh || r.route_name_zh) ? (r.name_zh || r.route_name_zh) : (r.name ?? r.route_name)) : "—");

// ---- timetable (mirrors backend/patrol/timetable.py) -------------------------

function tzOffset(ms, tz) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(ms));
  const g = (k) => Number(parts.find((p) => p.type === k).value);
  return Date.UTC(g("year"), g("month") - 1, g("day"), g("hour"), g("minute"), g("second")) - Math.floor(ms / 1000) * 1000;
}

function localDate(ms, tz) {
  const d = new Date(ms + tzOffset(ms, tz));
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

function localAt([y, m, d], hhmm, tz) {
  const [hh, mm] = hhmm.split(":").map(Number);
  const guess = Date.UTC(y, m, d, hh, mm);
  const first = guess - tzOffset(guess, tz);
  return guess - tzOffset(first, tz);
}

function slotsOn(schedule, day, tz) {
  let starts;
  if (schedule.every_hours) {
    starts = [];
    const key = day.join("-");
    for (let at = localAt(day, schedule.first_at || "00:00", tz); localDate(at, tz).join("-") === key;
      at += schedule.every_hours * 3600000) starts.push(at);
  } else {
    starts = [...new Set(schedule.times ?? [])].map((x) => localAt(day, x, tz)).sort((a, b) => a - b);
  }
  return starts.map((start) => ({
    schedule_id: schedule.id, start, end: start + schedule.window_minutes * MINUTE, grace: schedule.grace_minutes * MINUTE,
  }));
}

// The slots of a schedule due now (window widened by grace holds `now`) and the next one.
export function dueSlots(schedule, now, tz = siteTz()) {
  const all = [-1, 0, 1].flatMap((k) => slotsOn(schedule, localDate(now + k * DAY, tz), tz));
  const due = all.filter((w) => w.start - w.grace <= now && now <= w.end + w.grace);
  const next = all.filter((w) => w.start - w.grace > now).sort((a, b) => a.start - b.start)[0] ?? null;
  return { due, next };
}

// ---- rounds -------------------------------------------------------------------

export async function rounds(user, siteId, su) {
  // A pending scan names its checkpoint by code, which the phone finds through
  // the code's hash (async): looked up before the overlay, which is synchronous.
  const scannedCp = new Map();
  for (const o of await outboxEntries()) {
    if (o.mutation.kind !== "patrol.scan") continue;
    const cp = await checkpointOf(su, o.mutation.payload.code);
    if (cp) scannedCp.set(o.mutation.id, cp);
  }
  const all = await overlay(user, {
    kinds: ["patrol.round"],
    site: siteId,
    entity: (e) => {
      const d = dataOf(e);
      return { ...d, scanned: { ...d.scanned }, started_at: d.started?.device_at, pendingScans: 0 };
    },
    creates: { "patrol.round_start": (o) => pendingRound(o, su) },
    updates: {
      "patrol.scan": [(p) => p.round_id, (r, o) => {
        const m = o.mutation;
        const cp = scannedCp.get(m.id);
        if (!cp || r.scanned[cp.id]) return;
        r.scanned[cp.id] = m.id;
        r.scanTimes = { ...(r.scanTimes ?? {}), [cp.id]: m.occurred_at };
        r.pendingScans++;
      }],
    },
  });
  return all.sort((a, b) => time(b.started_at) - time(a.started_at));
}

// A round started on this phone, before the server's copy arrives.
function pendingRound(o, su) {
  const m = o.mutation;
  const route = su.routes.get(m.payload.route_id);
  const schedule = su.schedules.find((s) => s.id === m.payload.schedule_id);
  const slot = schedule ? (m.payload.slot_start != null
    ? { start: m.payload.slot_start, end: m.payload.slot_start + schedule.window_minutes * MINUTE, grace: schedule.grace_minutes * MINUTE }
    : dueSlots(schedule, m.occurred_at).due[0]) : null;
  const ids = m.payload.order ?? (route ? dueOf(route, su) : []);
  return {
    id: m.id, route_id: m.payload.route_id, schedule_id: m.payload.schedule_id ?? null,
    route_name: route?.name, route_name_zh: route?.name_zh, ordered: Boolean(route?.ordered || m.payload.order),
    slot_start: slot?.start ?? m.occurred_at, slot_end: slot?.end ?? m.occurred_at + 60 * MINUTE,
    grace_ms: slot?.grace ?? 0, checkpoint_ids: ids, scanned: {}, started_at: m.occurred_at,
    pending: true, status: o.status, reasons: o.reasons ?? [], pendingScans: 0,
  };
}

export const roundLeft = (r) => r.checkpoint_ids.filter((c) => !r.scanned[c]);

// A route's checkpoints still due (retired ones left out, as the server does).
export const dueOf = (route, su) => [...(route.due_checkpoint_ids
  ?? route.checkpoint_ids.filter((c) => su.byId.get(c)?.active !== false))];

export function drawOrder(route, su) {
  const ids = dueOf(route, su);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
}

export function startRound(user, { route_id, schedule_id, slot_start, order }) {
  const payload = { route_id };
  if (schedule_id) payload.schedule_id = schedule_id;
  if (schedule_id && slot_start != null) payload.slot_start = slot_start;
  if (order) payload.order = order;
  return write(user, "patrol.round_start", payload);
}

// `source`: "camera" or "typed" (a typed code is flagged for the supervisor);
// `where`: the phone's position or null.
export function recordScan(user, { round_id, code, condition, note, photos, source, where }) {
  const payload = { round_id, code, condition, note, photos, source };
  if (where) Object.assign(payload, { lat: where.lat, lng: where.lng });
  return write(user, "patrol.scan", payload);
}

// ---- incidents ----------------------------------------------------------------

export async function incidents(user, siteId) {
  const names = await peopleNames();
  const who = (m) => ({ user_id: m.user_id, user_name: names.get(m.user_id) ?? "", device_at: m.occurred_at, pending: true });
  const all = await overlay(user, {
    kinds: ["incident"],
    site: siteId,
    creates: {
      "incident.report": (o) => ({
        ...o.mutation.payload, id: o.mutation.id, number: o.result?.number ?? null, status: "open", device_at: o.mutation.occurred_at,
        user_name: names.get(o.mutation.user_id) ?? "", pending: true, outboxStatus: o.status, reasons: o.reasons ?? [],
        notes: [], closed: null,
      }),
    },
    // Follow-ups and closing still on this phone show at once, marked pending.
    updates: {
      "incident.note": [(p) => p.incident_id, (rec, o) => {
        const m = o.mutation;
        if (!(rec.notes ?? []).some((n) => n.id === m.id)) rec.notes = [...(rec.notes ?? []), { id: m.id, text: m.payload.text, ...who(m) }];
      }],
      "incident.close": [(p) => p.incident_id, (rec, o) => {
        if (rec.closed) return;
        const { incident_id: _, ...closing } = o.mutation.payload;
        rec.closed = { ...closing, ...who(o.mutation) };
        rec.status = "closed";
      }],
    },
  });
  return all.sort((a, b) => time(b.device_at) - time(a.device_at));
}

export const noteIncident = (user, id, text) => write(user, "incident.note", { incident_id: id, text, photos: [] });
// `details`: police {station, report_number, officer, at}, cause, impact, negligence, investigator,
// corrective, preventive (backend/patrol/incidents.py CloseIn); only what was filled in is sent.
export const closeIncident = (user, id, outcome, details = {}) => write(user, "incident.close", { incident_id: id, outcome, ...details });

export function reportIncident(user, p) {
  const payload = {
    category: p.category, description: p.description, severity: p.severity, place: p.place ?? "",
    photos: p.photos ?? [], report_now: Boolean(p.report_now),
  };
  if (p.checkpoint_id) payload.checkpoint_id = p.checkpoint_id;
  return write(user, "incident.report", payload);
}

// ---- gate log -----------------------------------------------------------------

const GATE_KINDS = ["gate.visit", "gate.vehicle"];
// The record kind of a gate log row (rows say "visitor" or "vehicle").
export const gateKind = (x) => (x.kind === "vehicle" ? "gate.vehicle" : "gate.visit");
// What a correction may change (backend/patrol/gate.py VisitChangesIn, VehicleChangesIn).
export const GATE_AMENDABLE = { "gate.visit": ["name", "id_type", "id_last4", "unit", "purpose", "note"], "gate.vehicle": ["plate", "unit", "purpose"] };
const GATE_IN = { "gate.visitor_in": ["visitor", "inside"], "gate.visitor_refused": ["visitor", "refused"], "gate.vehicle_in": ["vehicle", "inside"] };

export async function gateLog(user, siteId) {
  const gateIn = (o) => {
    const [kind, status] = GATE_IN[o.mutation.kind];
    return { ...o.mutation.payload, id: o.mutation.id, kind, status, at: o.mutation.occurred_at, pending: true, outboxStatus: o.status };
  };
  const out = (rec, o) => {
    if (rec.status === "inside") Object.assign(rec, { status: "left", out_at: o.mutation.occurred_at, pendingOut: true });
  };
  const all = await overlay(user, {
    kinds: GATE_KINDS,
    site: siteId,
    entity: (e) => ({ ...dataOf(e), kind: e.kind === "gate.vehicle" ? "vehicle" : "visitor", at: e.data.time_in?.device_at }),
    creates: Object.fromEntries(Object.keys(GATE_IN).map((k) => [k, gateIn])),
    updates: {
      "gate.visitor_out": [(p) => p.visit_id, out],
      "gate.vehicle_out": [(p) => p.vehicle_id, out],
      "record.amend": amends(...GATE_KINDS),
      "record.review": reviews(...GATE_KINDS),
    },
  });
  all.sort((a, b) => time(b.at) - time(a.at));
  return { all, inside: all.filter((x) => x.status === "inside") };
}

export const amendGate = (user, rec, changes, reason) => amend(user, gateKind(rec), rec, changes, reason);

export const visitorIn = (user, p) => write(user, "gate.visitor_in", { ...p, photos: p.photos ?? [] });
export const visitorRefused = (user, p) => write(user, "gate.visitor_refused", { ...p, photos: p.photos ?? [] });
export const vehicleIn = (user, p) => write(user, "gate.vehicle_in", { ...p, photos: p.photos ?? [] });
export const goneOut = (user, rec) => (rec.kind === "vehicle"
  ? write(user, "gate.vehicle_out", { vehicle_id: rec.id })
  : write(user, "gate.visitor_out", { visit_id: rec.id }));

// ---- handovers ----------------------------------------------------------------

export async function handovers(user, siteId) {
  const names = await peopleNames();
  const by = (m) => ({ user_id: m.user_id, user_name: names.get(m.user_id) ?? "", device_at: m.occurred_at, pending: true });
  const signer = (m) => ({ ...by(m), signature: m.payload.signature });
  const postsById = new Map((await posts(user, siteId)).map((x) => [x.id, x]));
  const all = await overlay(user, {
    kinds: ["handover"],
    site: siteId,
    entity: (e) => ({ ...dataOf(e), refusals: [...(e.data.refusals ?? [])] }),
    creates: {
      "handover.write": (o) => {
        const m = o.mutation;
        return {
          id: m.id, status: "written", text: m.payload.text, open_items: m.payload.open_items, equipment: m.payload.equipment,
          post_id: m.payload.post_id ?? null, post_name: postsById.get(m.payload.post_id)?.name ?? null,
          post_name_zh: postsById.get(m.payload.post_id)?.name_zh ?? null, post_items: postsById.get(m.payload.post_id)?.items ?? [],
          outgoing: signer(m), incoming: null, refusals: [], review: null, pending: true, outboxStatus: o.status,
        };
      },
    },
    updates: {
      "handover.refuse": [(p) => p.handover_id, (rec, o) => {
        const m = o.mutation;
        if (rec.refusals.some((r) => r.id === m.id)) return;
        rec.refusals.push({ id: m.id, reason: m.payload.reason, ...by(m) });
        if (!rec.incoming) rec.status = "refused";
      }],
      "handover.accept": [(p) => p.handover_id, (rec, o) => {
        if (rec.incoming) return;
        rec.incoming = signer(o.mutation);
        if (o.mutation.payload.equipment?.length) rec.incoming_equipment = o.mutation.payload.equipment;
        rec.status = "accepted";
      }],
      "handover.review": [(p) => p.handover_id, (rec, o) => {
        if (!rec.review) rec.review = { note: o.mutation.payload.note, ...by(o.mutation) };
      }],
    },
  });
  return all.sort((a, b) => time(b.outgoing?.device_at) - time(a.outgoing?.device_at));
}

// The site's posts and their equipment lists (the equipment domain's records, read by kind name).
// The front desk's post (`desk`) is the desk's to hand over (pwa/domains/desk/shift.js).
export async function posts(user, siteId) {
  return (await entitiesOf(user.id, "equipment.post")).filter((e) => e.space === siteId).map(dataOf)
    .filter((x) => x.active && !x.desk).sort((a, b) => a.name.localeCompare(b.name));
}

export const writeHandover = (user, p) => write(user, "handover.write", { ...p, pin_confirmed: true });
export const acceptHandover = (user, id, signature, equipment = []) => write(user, "handover.accept",
  equipment.length ? { handover_id: id, signature, pin_confirmed: true, equipment } : { handover_id: id, signature, pin_confirmed: true });
export const refuseHandover = (user, id, reason) => write(user, "handover.refuse", { handover_id: id, reason });
export const reviewHandover = (user, id, note) => write(user, "handover.review", { handover_id: id, note });
