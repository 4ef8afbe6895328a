// Equipment on the phone: the register the server published (equipment.item),
// the checks (equipment.check) with the ones still in the outbox laid over, and
// the guard's current round (a check made during a round carries its id).
import { overlay, entitiesOf, fromEntity, time, write } from "../../lib/overlay.js";

export const QR_PREFIX = "gatehouse:equipment:";
// Mirrors backend/equipment/kinds.py CHECKLISTS.
export const CHECKLISTS = {
  extinguisher: ["pressure_green", "pin_seal_intact", "not_expired", "access_clear"],
  hose_reel: ["hose_intact", "valve_works", "access_clear"],
  alarm: ["panel_normal", "call_point_intact", "access_clear"],
  emergency_light: ["lights_on_test", "battery_ok", "intact"],
  first_aid: ["stocked", "not_expired", "access_clear"],
  other: ["intact", "access_clear"],
};
export const TYPES = Object.keys(CHECKLISTS);
const DAY = 86400000;
const ROUND_OPEN = 2 * 3600000; // a round started in the last two hours is the one a check belongs to

export const codeOf = (text) => String(text ?? "").trim().replace(QR_PREFIX, "");

// Phones hold only each label code's salted hash, SHA-256 of "<item id>:<code>"
// (backend/equipment/register.py code_hash): a scanned text is hashed with each
// item's id to find its item, offline.
async function codeHash(id, code) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${id}:${code}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function itemOf(items, text) {
  const code = codeOf(text);
  for (const i of items) if (i.code_hash && i.code_hash === await codeHash(i.id, code)) return i;
  return null;
}
export const itemName = (i, lang) => (i ? (lang === "zh-Hant" && i.name_zh ? i.name_zh : i.name) : "—");

// Whole days from today (local) to an ISO date; negative once past.
export function daysLeft(iso, now = Date.now()) {
  if (!iso) return null;
  const d = new Date(now);
  const today = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  const [y, m, dd] = iso.split("-").map(Number);
  return Math.round((Date.UTC(y, m - 1, dd) - today) / DAY);
}

async function checks(user, siteId) {
  return overlay(user, {
    kinds: ["equipment.check"],
    site: siteId,
    creates: {
      "equipment.check": (o) => {
        const p = o.mutation.payload;
        const failed = Object.entries(p.answers).filter(([, ok]) => !ok).map(([k]) => k);
        return { ...p, id: o.mutation.id, corrected_at: o.mutation.occurred_at, failed, result: failed.length ? "failed" : "ok",
          pending: true, outboxStatus: o.status, reasons: o.reasons ?? [] };
      },
    },
  });
}

// The site's active items, each with its last check and where it is.
export async function register(user, siteId) {
  const [items, all, cps] = await Promise.all([
    entitiesOf(user.id, "equipment.item"), checks(user, siteId), entitiesOf(user.id, "patrol.checkpoint")]);
  const checkpoints = new Map(cps.map((e) => [e.id, e.data]));
  const last = new Map();
  for (const c of all.sort((a, b) => time(a.corrected_at) - time(b.corrected_at))) last.set(c.equipment_id, c);
  return items.filter((e) => e.space === siteId).map(fromEntity).filter((i) => i.active)
    .map((i) => ({ ...i, last: last.get(i.id) ?? null, checkpoint: checkpoints.get(i.checkpoint_id) ?? null }))
    .sort((a, b) => a.floor.localeCompare(b.floor, undefined, { numeric: true }) || a.name.localeCompare(b.name));
}

// Items grouped by floor, in the register's order.
export function byFloor(items) {
  const floors = new Map();
  for (const i of items) floors.set(i.floor, [...(floors.get(i.floor) ?? []), i]);
  return [...floors.entries()];
}

// The round this user started last, if within the last two hours (read by kind name).
export async function currentRound(user, siteId, now = Date.now()) {
  const all = await overlay(user, {
    kinds: ["patrol.round"],
    site: siteId,
    entity: (e) => ({ id: e.id, user_id: e.data.started?.user_id, at: e.data.started?.device_at }),
    creates: { "patrol.round_start": (o) => ({ id: o.mutation.id, user_id: o.mutation.user_id, at: o.mutation.occurred_at }) },
  });
  const mine = all.filter((r) => r.user_id === user.id && now - time(r.at) < ROUND_OPEN);
  return mine.sort((a, b) => time(b.at) - time(a.at))[0] ?? null;
}

export function recordCheck(user, { equipment_id, code, answers, note, photos, round_id }) {
  const payload = { equipment_id, answers, note, photos };
  if (code) payload.code = code;
  if (round_id) payload.round_id = round_id;
  return write(user, "equipment.check", payload);
}
