// The phone's view of a kind: the server's copy (the entities pulled for this
// user) with the work still in the outbox laid over it, so a user sees their
// own writes at once, offline, marked pending. Every domain's data module reads
// and writes through here instead of walking the outbox itself.
import { withStore, req } from "./db.js";
import { addMutation } from "./outbox.js";
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

// One write: a mutation in the outbox (signed, chained), then a sync soon.
export async function write(user, kind, payload, baseVersion) {
  const entry = await addMutation({ kind, payload, userId: user.id, baseVersion });
  afterWrite();
  return entry;
}
