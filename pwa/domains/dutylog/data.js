// The duty log on the phone: what the server sent (log.entry entities) overlaid
// with what is still in the outbox, so a guard sees their own work at once,
// marked "not yet synced" with a provisional number.
import { overlay, amends, amend, time, write } from "../../lib/overlay.js";

export const CATEGORIES = ["general", "patrol", "visitor", "vehicle", "facility", "incident", "complaint", "other"];
export const EDITABLE_FIELDS = ["category", "text", "location"];

function fromEntity(e) {
  const d = e.data;
  return {
    ...d,
    id: e.id,
    space: e.space,
    version: e.version,
    synced: true,
    pending: false,
    pendingAmends: [],
    pendingCountersign: null,
    amendments: d.amendments ?? [],
    flags: d.flags ?? [],
  };
}

function fromOutbox(entry, user) {
  const m = entry.mutation;
  return {
    id: m.id,
    space: m.space,
    version: entry.version ?? null, // known once pushed
    number: entry.result?.number ?? null,
    category: m.payload.category,
    text: m.payload.text,
    location: m.payload.location ?? "",
    device_at: m.occurred_at,
    author_id: m.user_id,
    author_name: m.user_id === user.id ? user.name : null,
    original: { category: m.payload.category, text: m.payload.text, location: m.payload.location ?? "" },
    amendments: [],
    review: null,
    flags: [],
    synced: false,
    pending: true,
    outboxStatus: entry.status,
    reasons: entry.reasons ?? [],
    pendingAmends: [],
    pendingCountersign: null,
  };
}

// Every log entry of the device's site, newest first, with pending work applied.
export async function logEntries(user, siteId) {
  const all = await overlay(user, {
    kinds: ["log.entry"],
    site: siteId,
    entity: fromEntity,
    creates: { "log.entry": (o) => fromOutbox(o, user) },
    updates: {
      "record.amend": amends("log.entry"),
      "log.countersign": [(p) => p.entry_id, (rec, o) => {
        const m = o.mutation;
        if (!rec.review) rec.pendingCountersign = { at: m.occurred_at, note: m.payload.note ?? "", by: m.user_id, status: o.status };
      }],
    },
  });
  return all.sort((a, b) => time(b.device_at) - time(a.device_at));
}

export async function logEntry(user, id) {
  return (await logEntries(user, null)).find((e) => e.id === id) ?? null;
}

export function addLogEntry(user, { category, text, location }) {
  const payload = { category, text };
  if (location) payload.location = location;
  return write(user, "log.entry", payload);
}

export const amendLogEntry = (user, rec, changes, reason) => amend(user, "log.entry", rec, changes, reason);

export function countersign(user, rec, note) {
  const payload = { entry_id: rec.id };
  if (note) payload.note = note;
  return write(user, "log.countersign", payload);
}
