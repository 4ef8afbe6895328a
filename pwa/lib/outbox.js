// The outbox: every change the phone makes is written here, in one committed
// IndexedDB transaction, before the UI shows it as done (PROTOCOL.md P2).
// Each mutation takes the next seq and the hash of the one before it, so the
// device's log is a hash chain; a Web Lock keeps two tabs from taking one seq.

import { withStore, req } from "./db.js";
import { hashOf, ZERO_HASH } from "./canonical.js";
import { uuid7 } from "./uuid7.js";
import { notify } from "./bus.js";
import { UNLOCKED, userSig } from "./unlocked.js";

// navigator.locks where it exists (all current browsers); a promise chain otherwise.
let fallbackChain = Promise.resolve();
export function exclusive(name, fn, opts = {}) {
  if (globalThis.navigator?.locks) return navigator.locks.request(name, opts, (lock) => (lock ? fn() : null));
  const run = fallbackChain.then(fn, fn);
  fallbackChain = run.catch(() => {});
  return run;
}

// The mutation carries user_sig when `userId` is who unlocked the phone with
// their PIN (P8); anything else in another user's name goes without it, and
// the server refuses it as an approval or flags it (signer_unproven).
export async function addMutation({ kind, payload, userId, baseVersion, id }) {
  return exclusive("gatehouse-outbox", async () => {
    const [device, chain, open] = await withStore("readonly", (s) =>
      Promise.all([req(s.kv.get("device")), req(s.kv.get("chain")), req(s.kv.get(UNLOCKED))]), ["kv"]);
    if (!device) throw new Error("not_enrolled");
    const now = Date.now();
    const seq = (chain?.seq ?? 0) + 1;
    const mutation = {
      seq,
      id: id ?? uuid7(now),
      kind,
      space: device.site.id,
      occurred_at: now,
      user_id: userId,
      prev: chain?.hash ?? ZERO_HASH,
      payload,
    };
    if (baseVersion !== undefined && baseVersion !== null) mutation.base_version = baseVersion;
    if (open?.user_id === userId && open.proof) mutation.user_sig = await userSig(open.proof, mutation);
    const hash = await hashOf(mutation);
    const entry = { seq, mutation, hash, created_at: now, status: "pending", reasons: [], result: null };
    await withStore("readwrite", (s) => {
      s.outbox.add(entry);
      s.kv.put({ seq, hash }, "chain");
    }, ["kv", "outbox"]);
    notify("outbox");
    return entry;
  });
}

export const outboxEntries = () => withStore("readonly", (s) => req(s.outbox.getAll()), ["outbox"]);
export const parkedEntries = () => withStore("readonly", (s) => req(s.parked.getAll()), ["parked"]);

// Stores what a push answered for each item (status, official number) without
// removing anything: only a pull's acks may do that.
export async function recordResults(results) {
  if (!results?.length) return;
  await withStore("readwrite", async (s) => {
    for (const r of results) {
      const entry = await req(s.outbox.get(r.seq));
      if (!entry || entry.mutation.id !== r.id) continue;
      entry.status = r.status;
      entry.reasons = r.reasons ?? [];
      entry.result = r.result ?? null;
      entry.version = r.version ?? null;
      s.outbox.put(entry);
    }
  }, ["outbox"]);
  notify("outbox");
}

// P5.5: an entry leaves the outbox only when acks.last_seq >= seq. It is kept
// in `sent` for a week: if the server's database is restored from a backup,
// the reset puts it back (restoreSent). An entry the server answered
// `mismatch` (409) was never applied: it goes to `parked`, to stay readable.
// One it answered `rejected` (P3.4: it could not understand, store or allow it)
// was parked there for a supervisor's review: it goes to `parked` here too, to be
// shown with its reason, and to `sent`, since it holds its seq in the chain.
const SENT_RETENTION_MS = 7 * 24 * 3600 * 1000;
const PARKED = new Set(["mismatch", "rejected"]);

export async function ackUpTo(lastSeq) {
  if (typeof lastSeq !== "number") return 0;
  const now = Date.now();
  const removed = await withStore("readwrite", async (s) => {
    const acked = await req(s.outbox.getAll(IDBKeyRange.upperBound(lastSeq)));
    for (const e of acked) {
      if (PARKED.has(e.status)) s.parked.put({ ...e, parked_at: now });
      if (e.status !== "mismatch") s.sent.put({ seq: e.seq, mutation: e.mutation, hash: e.hash, acked_at: now });
      s.outbox.delete(e.seq);
    }
    for (const e of await req(s.sent.getAll())) if (e.acked_at < now - SENT_RETENTION_MS) s.sent.delete(e.seq);
    return acked.length;
  }, ["outbox", "parked", "sent"]);
  if (removed) notify("outbox");
  return removed;
}

// P5.3 reset: the server may have lost what it acknowledged (a restored backup).
// Everything sent goes back to the outbox; the server answers what it still
// holds as retries, applies the rest, and the next acks move them back.
export async function restoreSent() {
  await withStore("readwrite", async (s) => {
    for (const e of await req(s.sent.getAll())) {
      if (!(await req(s.outbox.get(e.seq)))) {
        s.outbox.put({ seq: e.seq, mutation: e.mutation, hash: e.hash, created_at: e.mutation.occurred_at,
          status: "pending", reasons: [], result: null });
      }
      s.sent.delete(e.seq);
    }
  }, ["outbox", "sent"]);
  notify("outbox");
}

// After a reset the whole outbox is pushed again; stored answers are stale.
export async function markAllPending() {
  await withStore("readwrite", async (s) => {
    for (const e of await req(s.outbox.getAll())) {
      if (e.status !== "mismatch") s.outbox.put({ ...e, status: "pending" });
    }
  }, ["outbox"]);
}

export { ZERO_HASH };
