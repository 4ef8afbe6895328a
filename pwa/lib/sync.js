// The sync client (PROTOCOL.md P3 push, P5 pull). DOM-free so the service
// worker's Background Sync can run it too; the page never relies on that.
//
// One sync at a time across tabs and the worker (Web Lock "gatehouse-sync").
// Order: push the outbox in seq order, then pull with the user's cursor; the
// pull's acks are what delete outbox entries.

import { withStore, req, kvGet, kvSet } from "./db.js";
import { api, ApiError } from "./api.js";
import { exclusive, outboxEntries, recordResults, ackUpTo, markAllPending, restoreSent } from "./outbox.js";
import { notify } from "./bus.js";
import { unlocked } from "./unlocked.js";

const BATCH = 200; // well under P3's 500 mutations / 2 MiB
const PULL_LIMIT = 500;
const BACKOFF_BASE_MS = 2000;
const BACKOFF_MAX_MS = 5 * 60 * 1000;

const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// The push and pull go with the token of whoever unlocked the phone (each
// mutation proves its own author, P8); while the phone is locked nobody's token
// is readable, so nothing syncs until someone unlocks it.
async function context() {
  const [device, open] = await Promise.all([kvGet("device"), unlocked()]);
  const user = open?.user_id == null ? null
    : await withStore("readonly", (s) => req(s.users.get(open.user_id)), ["users"]);
  return { device, user: user ? { ...user, token: open.token } : null };
}

export const syncState = async () => (await kvGet("syncstate")) ?? { failures: 0 };

async function updateState(patch) {
  const next = { ...(await syncState()), ...patch };
  await kvSet("syncstate", next);
  notify("sync", next);
  return next;
}

// Signature over the UTF-8 bytes of hash(last mutation), raw r||s, base64url (P3).
async function sign(device, hashHex) {
  const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, device.key.privateKey,
    new TextEncoder().encode(hashHex));
  return b64url(sig);
}

// P7: a push answered 4xx is never sent again unchanged. 413: fewer at a time.
// Any other 4xx but 401 (sign in again): the push stops for this sync, the pull
// still runs, and the reason shows. Only the network and 503 mean "try again".
const isRefusal = (err) => err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401;

async function push(device, user) {
  let from = 0; // next seq to send
  let size = BATCH;
  for (let round = 0; round < 1000; round++) {
    const pending = (await outboxEntries())
      .filter((e) => e.seq >= from && e.status !== "mismatch")
      .sort((a, b) => a.seq - b.seq)
      .slice(0, size);
    if (!pending.length) return;
    const last = pending[pending.length - 1];
    const body = {
      device_id: device.device_id,
      client_time: Date.now(),
      mutations: pending.map((e) => e.mutation),
      signature: await sign(device, last.hash),
    };
    let resp;
    try {
      resp = await api("/api/sync/push", {
        method: "POST", body, token: user.token, deviceToken: device.device_token,
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 413 && size > 1) {
        size = Math.max(1, Math.floor(pending.length / 2));
        continue;
      }
      throw err;
    }
    await recordResults(resp.results);
    if (resp.epoch != null && resp.epoch !== device.epoch) await kvSet("device", { ...device, epoch: resp.epoch });
    const expected = resp.expected_seq;
    if (expected != null && expected <= last.seq) {
      // P3.2 gap: the server wants `expected` next. Entries below it are
      // retries it already holds; if we no longer hold `expected`, say so.
      const all = await outboxEntries();
      if (!all.some((e) => e.seq === expected)) {
        if (all.every((e) => e.seq > expected)) throw new ApiError(409, "sequence_gap", `server expects seq ${expected}`);
        return;
      }
      if (expected <= from) throw new ApiError(409, "sequence_gap", `server expects seq ${expected} again`);
      from = expected;
    } else {
      from = last.seq + 1;
    }
  }
}

async function pull(device, user) {
  const cursorKey = `cursor:${user.id}`;
  let reset = false;
  for (let page = 0; page < 10000; page++) {
    const cursor = await kvGet(cursorKey);
    const qs = new URLSearchParams({ limit: String(PULL_LIMIT) });
    if (cursor) qs.set("cursor", cursor);
    const sentAt = Date.now();
    const resp = await api(`/api/sync/pull?${qs}`, { token: user.token, deviceToken: device.device_token });
    // The phone's clock against the server's (P4), for checks made offline (a pass's window at the gate).
    if (page === 0 && resp.server_time) {
      await updateState({ clock_offset_ms: resp.server_time - Math.round((sentAt + Date.now()) / 2) });
    }
    await withStore("readwrite", async (s) => {
      if (resp.reset) {
        // P5.3: drop the local copy and take everything again.
        reset = true;
        const mine = await req(s.entities.getAllKeys(IDBKeyRange.bound([user.id], [user.id, []])));
        for (const k of mine) s.entities.delete(k);
      }
      for (const c of resp.changes ?? []) {
        if (c.deleted) s.entities.delete([user.id, c.kind, c.id]);
        else s.entities.put({ uid: user.id, kind: c.kind, id: c.id, space: c.space, version: c.version, data: c.data });
      }
      s.kv.put(resp.cursor, cursorKey);
    }, ["entities", "kv"]);
    if (resp.epoch != null && resp.epoch !== device.epoch) {
      device = { ...device, epoch: resp.epoch };
      await kvSet("device", device);
    }
    if (resp.reset) await restoreSent();
    const acks = resp.acks ?? {};
    const lastSeq = acks.device_id === device.device_id ? acks.last_seq : acks[device.device_id];
    await ackUpTo(lastSeq);
    if ((resp.changes ?? []).length) notify("entities");
    if (resp.reset && !resp.has_more) break;
    if (!resp.has_more) break;
  }
  return reset;
}

// Runs one sync. `force` (the Sync now button) ignores the back-off.
// Resolves to {ok, skipped?, error?}; never throws.
export async function syncOnce({ force = false } = {}) {
  const state = await syncState();
  if (!force && state.backoff_until && Date.now() < state.backoff_until) return { ok: false, skipped: "backoff" };
  const result = await exclusive("gatehouse-sync", async () => {
    const { device, user } = await context();
    if (!device) return { ok: false, skipped: "not_enrolled" };
    if (!user?.token || user.needs_login) return { ok: false, skipped: "signed_out" };
    await updateState({ running: true, started_at: Date.now() });
    try {
      let refused = null; // a push the server refused (4xx): the pull still runs
      const pushOnce = (d) => push(d, user).catch((err) => { if (!isRefusal(err)) throw err; refused = err; });
      await pushOnce(device);
      const wasReset = await pull(device, user);
      if (wasReset) {
        await updateState({ last_reset_at: Date.now() });
        // P5.3: re-push the outbox (retries are harmless, P3.2), then pull acks.
        await markAllPending();
        const fresh = (await context()).device;
        await pushOnce(fresh);
        await pull(fresh, user);
      }
      if (refused) {
        await updateState({ running: false, failures: 0, backoff_until: 0,
          last_error: { status: refused.status, reason: refused.reason, at: Date.now() } });
        return { ok: false, error: refused.reason, status: refused.status };
      }
      await updateState({ running: false, last_success: Date.now(), failures: 0, backoff_until: 0, last_error: null });
      return { ok: true, reset: wasReset };
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "client_error", String(err?.message ?? err));
      const patch = { running: false, last_error: { status: e.status, reason: e.reason, at: Date.now() } };
      if (e.status === 401 && !e.reason.startsWith("device_")) {
        // Sign in again; the outbox stays exactly as it is.
        await withStore("readwrite", async (s) => {
          const u = await req(s.users.get(user.id));
          if (u) s.users.put({ ...u, needs_login: true, needs_login_reason: e.reason });
        }, ["users"]);
        notify("auth", { reason: e.reason, user_id: user.id });
        patch.failures = 0;
        patch.backoff_until = 0;
      } else {
        // 503, the network, or a revoked phone (signing in again would not help):
        // wait longer each time; the status bar says why.
        const failures = (state.failures ?? 0) + 1;
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5);
        patch.failures = failures;
        patch.backoff_until = Date.now() + delay;
      }
      await updateState(patch);
      return { ok: false, error: e.reason, status: e.status };
    }
  }, { ifAvailable: true });
  return result ?? { ok: false, skipped: "busy" };
}
