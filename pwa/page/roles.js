// What the signed-in user's role may do, from the server's own table
// (GET /api/sync/kinds: who may send each mutation kind, who pulls each entity
// kind): one source of truth for the tabs and the actions a user sees. The
// table is kept in kv ("kinds") so it holds offline; it is fetched at start,
// at sign-in, when the network returns and after a sync once it is an hour old.
import { api } from "../lib/api.js";
import { kvSet } from "../lib/db.js";
import { notify } from "../lib/bus.js";
import { state } from "./state.js";

const MAX_AGE_MS = 60 * 60 * 1000;

export async function refreshKinds({ maxAgeMs = 0 } = {}) {
  if (state.kinds && Date.now() - (state.kinds.fetched_at ?? 0) < maxAgeMs) return;
  let table;
  try {
    table = await api("/api/sync/kinds");
  } catch {
    return; // offline: the copy we have stands
  }
  const changed = JSON.stringify(roleTable(table)) !== JSON.stringify(roleTable(state.kinds));
  state.kinds = { kinds: table.kinds, visible: table.visible, fetched_at: Date.now() };
  await kvSet("kinds", state.kinds);
  if (changed) notify("kinds");
}
export const refreshKindsWhenOld = () => refreshKinds({ maxAgeMs: MAX_AGE_MS });

const roleTable = (t) => (t ? { kinds: t.kinds, visible: t.visible } : null);
const role = () => state.user?.role;

// May the user send mutation `kind`? A phone that has never fetched the table
// (not online since this release) shows the action; the server decides at sync.
export const mayWrite = (kind) => !state.kinds || (state.kinds.kinds[kind] ?? []).includes(role());
// Does the user pull entities of `kind`?
export const maySee = (kind) => !state.kinds || (state.kinds.visible[kind] ?? []).includes(role());
// A tab (or a domain's screens) for any of `kinds` the user may write or read.
export const mayUse = (kinds) => kinds.some((k) => mayWrite(k) || maySee(k));
