// Who is using the phone. First sign-in is online (password); afterwards a
// PIN unlocks offline. The PIN is hashed with PBKDF2-SHA-256 (random salt,
// 210k iterations) and five wrong tries require an online sign-in again.
import { api, ApiError } from "../lib/api.js";
import { withStore, req, kvGet, kvSet } from "../lib/db.js";
import { notify } from "../lib/bus.js";

export const PIN_ITERATIONS = 210000;
export const PIN_MAX_FAILURES = 5;
const IDLE_LOCK_MS = 30 * 60 * 1000;

const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export const users = () => withStore("readonly", (s) => req(s.users.getAll()), ["users"]);
export const getUser = (id) => withStore("readonly", (s) => req(s.users.get(id)), ["users"]);
const putUser = (u) => withStore("readwrite", (s) => req(s.users.put(u)), ["users"]);

export async function currentUser() {
  const session = await kvGet("session");
  if (session?.user_id == null) return null;
  if (Date.now() - (session.last_active ?? 0) > IDLE_LOCK_MS) {
    await lock();
    return null;
  }
  return getUser(session.user_id);
}

export async function touch() {
  const session = await kvGet("session");
  if (session?.user_id != null) await kvSet("session", { ...session, last_active: Date.now() });
}

async function startSession(userId) {
  await kvSet("session", { user_id: userId, last_user_id: userId, last_active: Date.now() });
  notify("session");
}

export async function login(username, password, device) {
  // The device token links the user to this phone (the server then accepts
  // their mutations from it, P3.1).
  const resp = await api("/api/auth/login", {
    method: "POST", body: { username, password }, deviceToken: device?.device_token,
  });
  const siteIds = (resp.user.sites ?? []).map((s) => s.id);
  if (device && !siteIds.includes(device.site.id)) {
    api("/api/auth/logout", { method: "POST", token: resp.token }).catch(() => {});
    throw new ApiError(403, "site_forbidden", "user does not work at this device's site");
  }
  const old = await getUser(resp.user.id);
  const user = {
    ...resp.user,
    token: resp.token,
    expires_at: resp.expires_at,
    pin: old?.pin ?? null,
    pin_failures: 0,
    needs_login: false,
    needs_login_reason: null,
    signed_in_at: Date.now(),
  };
  await putUser(user);
  await startSession(user.id);
  return user;
}

async function derive(pin, salt, iterations) {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base, 256);
}

export const validPin = (pin) => /^\d{4,8}$/.test(pin);

export async function setPin(userId, pin) {
  if (!validPin(pin)) throw new ApiError(400, "pin_format", "PIN must be 4 to 8 digits");
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(pin, salt, PIN_ITERATIONS);
  const user = await getUser(userId);
  await putUser({ ...user, pin: { salt: b64(salt), iterations: PIN_ITERATIONS, hash: b64(hash) }, pin_failures: 0 });
}

// Resolves to the user on success; throws ApiError("pin_wrong"|"pin_locked").
export async function unlock(userId, pin) {
  const user = await getUser(userId);
  if (!user?.pin) throw new ApiError(0, "pin_not_set", "no PIN");
  if ((user.pin_failures ?? 0) >= PIN_MAX_FAILURES) throw new ApiError(0, "pin_locked", "too many tries");
  const got = new Uint8Array(await derive(pin, unb64(user.pin.salt), user.pin.iterations));
  const want = unb64(user.pin.hash);
  let diff = got.length ^ want.length;
  for (let i = 0; i < Math.min(got.length, want.length); i++) diff |= got[i] ^ want[i];
  if (diff !== 0) {
    const failures = (user.pin_failures ?? 0) + 1;
    await putUser({ ...user, pin_failures: failures });
    const left = PIN_MAX_FAILURES - failures;
    const err = new ApiError(0, left > 0 ? "pin_wrong" : "pin_locked", "wrong PIN");
    err.left = left;
    throw err;
  }
  await putUser({ ...user, pin_failures: 0 });
  await startSession(user.id);
  return user;
}

// Switch user: the phone goes back to the unlock screen; nothing is deleted.
export async function lock() {
  const session = await kvGet("session");
  await kvSet("session", { user_id: null, last_user_id: session?.user_id ?? session?.last_user_id ?? null, last_active: 0 });
  notify("session");
}

// Sign out removes this user's sign-in, PIN and local copy from the phone.
// Their unsynced changes stay in the outbox: they belong to the device's chain.
export async function signOut(userId) {
  const user = await getUser(userId);
  if (user?.token) api("/api/auth/logout", { method: "POST", token: user.token }).catch(() => {});
  await withStore("readwrite", async (s) => {
    s.users.delete(userId);
    s.kv.delete(`cursor:${userId}`);
    const keys = await req(s.entities.getAllKeys(IDBKeyRange.bound([userId], [userId, []])));
    for (const k of keys) s.entities.delete(k);
    const session = await req(s.kv.get("session"));
    if (session?.user_id === userId || session?.last_user_id === userId) {
      s.kv.put({ user_id: null, last_user_id: null, last_active: 0 }, "session");
    }
  }, ["users", "kv", "entities"]);
  notify("session");
}

export const isSupervisor = (user) => user && (user.role === "supervisor" || user.role === "admin");
