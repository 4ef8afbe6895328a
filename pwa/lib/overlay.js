// The phone's view of a kind: the server's copy (the entities pulled for this
// user) with the work still in the outbox laid over it, so a user sees their
// own writes at once, offline, marked pending. Every domain's data module reads
// through overlay() and writes through write(), never walking the outbox itself.
import { withStore, req } from "./db.js";
import { addMutation, outboxEntries } from "./outbox.js";
import { afterWrite } from "../page/syncer.js";

// The server's copy of one kind, as pulled for this user.
export const entitiesOf = (uid, kind) => withStore("readonly",
  (s) => req(s.entities.index("uid_kind").getAll([uid, kind])), ["entities"]);

// An entity as a plain record: its data plus id, site (space) and version.
export const fromEntity = (e) => ({ ...e.data, id: e.id, space: e.space, version: e.version, pending: false });

// When a record happened: device milliseconds or an ISO string.
export const time = (v) => (typeof v === "string" ? Date.parse(v) : v ?? 0);

// True once the server's copy of `rec` already carries outbox entry `o`
// (its version is at least the one the push answered): stop overlaying it.
export const carries = (rec, o) => o.version != null && rec.version != null && rec.version >= o.version;

// The records of entity `kinds` (of `site` when given) as this phone sees them:
//   entity(e)          a pulled entity as a record (default fromEntity)
//   creates[kind](o)   a record written here (outbox entry o), until the server's copy arrives
//   updates[kind]      [target(payload) -> record id(s), apply(record, o)]: work on a
//                      record still in the outbox, until the server's copy carries it
// Outbox entries apply in the order they were written. Unsorted.
export async function overlay(user, { kinds, site = null, entity = fromEntity, creates = {}, updates = {} }) {
  const [lists, outbox] = await Promise.all([Promise.all(kinds.map((k) => entitiesOf(user.id, k))), outboxEntries()]);
  const here = (space) => site == null || space === site;
  const byId = new Map();
  for (const e of lists.flat()) if (here(e.space)) byId.set(e.id, entity(e));
  for (const o of outbox) {
    const m = o.mutation;
    if (creates[m.kind] && !byId.has(m.id) && here(m.space)) byId.set(m.id, creates[m.kind](o));
  }
  for (const o of outbox) {
    const [target, apply] = updates[o.mutation.kind] ?? [];
    for (const id of target ? [target(o.mutation.payload)].flat() : []) {
      const rec = byId.get(id);
      if (rec && !carries(rec, o)) apply(rec, o);
    }
  }
  return [...byId.values()];
}

// A pending correction (record.amend) of a record of one of `kinds`: its changes
// show at once and are listed in rec.pendingAmends until the server's copy carries them.
export const amends = (...kinds) => [(p) => (kinds.includes(p.target_kind) ? p.target_id : null), (rec, o) => {
  const m = o.mutation;
  Object.assign(rec, m.payload.changes);
  rec.pendingAmends = [...(rec.pendingAmends ?? []),
    { at: m.occurred_at, reason: m.payload.reason, changes: m.payload.changes, status: o.status, by: m.user_id }];
}];

// A correction of a record of an amendable kind (the server keeps the original).
export const amend = (user, kind, rec, changes, reason) => write(user, "record.amend",
  { target_kind: kind, target_id: rec.id, changes, reason }, rec.version);

// A pending review signature (record.review) on records of one of `kinds`:
// rec.pendingReview until the server's copy carries the review.
export const reviews = (...kinds) => [(p) => (kinds.includes(p.target_kind) ? p.target_ids : []), (rec, o) => {
  const m = o.mutation;
  if (!rec.review) rec.pendingReview = { approved: m.payload.approved, note: m.payload.note, by: m.user_id, at: m.occurred_at, status: o.status };
}];

// The records of a kind that declares a review signature (record.review): one
// mutation signs many (a day's gate log at once).
export const review = (user, kind, ids, { approved = true, note = "" } = {}) => write(user, "record.review",
  { target_kind: kind, target_ids: ids, approved, note });

// One write: a mutation in the outbox (signed, chained), then a sync soon.
export async function write(user, kind, payload, baseVersion) {
  const entry = await addMutation({ kind, payload, userId: user.id, baseVersion });
  afterWrite();
  return entry;
}
