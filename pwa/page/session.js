// Who is using the phone (PROTOCOL.md P8). First sign-in is online (password);
// the server answers the user's token and their proof key for this phone. The
// user then sets a PIN, and the two are kept only wrapped: AES-GCM under a key
// derived from the PIN (PBKDF2-SHA-256, random salt, 210k iterations,
// non-extractable). Unlocking with the PIN unwraps them into the open session
// (lib/unlocked.js: the token, and the proof key as a non-extractable HMAC key);
// locking drops the session. So no other user's token or key is ever readable
// on a shared phone, and what the phone signs in a user's name needs their PIN.
// A wrong PIN fails to unwrap; five wrong tries require an online sign-in.
import { api, ApiError } from "../lib/api.js";
import { withStore, req, kvGet, kvSet } from "../lib/db.js";
import { notify } from "../lib/bus.js";
import { UNLOCKED, unlocked } from "../lib/unlocked.js";
import { syncOnce } from "../lib/sync.js";

export const PIN_ITERATIONS = 210000;
export const PIN_MAX_FAILURES = 5;
export const PIN_MIN = { guard: 4, packer: 4, frontdesk: 4, supervisor: 6, admin: 6 };
const IDLE_LOCK_MS = 30 * 60 * 1000;

const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const unb64url = (s) => unb64(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));

export const users = () => withStore("readonly", (s) => req(s.users.getAll()), ["users"]);
export const getUser = (id) => withStore("readonly", (s) => req(s.users.get(id)), ["users"]);
const putUser = (u) => withStore("readwrite", (s) => req(s.users.put(u)), ["users"]);

// Between an online sign-in and the PIN that wraps it: in memory only, never stored.
let pending = null; // {user_id, token, proof_key}

// Phones from before P8 kept each user's token in clear beside a PIN hash:
// forget both once (those users sign in online again).
let scrubbed = false;
async function forgetClearTokens() {
  scrubbed = true;
  await withStore("readwrite", async (s) => {
    for (const u of await req(s.users.getAll())) {
      if (!("token" in u) && (!u.pin || u.pin.vault)) continue;
      const { token: _, ...rest } = u;
      s.users.put({ ...rest, pin: rest.pin?.vault ? rest.pin : null });
    }
  }, ["users"]);
}

export async function currentUser() {
  if (!scrubbed) await forgetClearTokens();
  const session = await kvGet("session");
  if (session?.user_id == null) return null;
  if (Date.now() - (session.last_active ?? 0) > IDLE_LOCK_MS) {
    await lock();
    return null;
  }
  const user = await getUser(session.user_id);
  if (!user) return null;
  if (!user.pin) return pending?.user_id === user.id ? { ...user, token: pending.token } : null;
  const open = await unlocked();
  if (open?.user_id !== user.id) {
    await lock();
    return null;
  }
  return { ...user, token: open.token };
}

export async function touch() {
  const session = await kvGet("session");
  if (session?.user_id != null) await kvSet("session", { ...session, last_active: Date.now() });
}

async function startSession(userId) {
  await kvSet("session", { user_id: userId, last_user_id: userId, last_active: Date.now() });
  notify("session");
}

export async function login(username, password, device, newPassword = null) {
  // The device token links the user to this phone (the server then accepts
  // their mutations from it, P3.1) and binds the new sign-in to it. After a
  // password reset, `password` is the one-time code and `newPassword` replaces it.
  const resp = await api("/api/auth/login", {
    method: "POST", body: { username, password, ...(newPassword ? { new_password: newPassword } : {}) },
    deviceToken: device?.device_token,
  });
  const siteIds = (resp.user.sites ?? []).map((s) => s.id);
  if (device && !siteIds.includes(device.site.id)) {
    api("/api/auth/logout", { method: "POST", token: resp.token }).catch(() => {});
    throw new ApiError(403, "site_forbidden", "user does not work at this device's site");
  }
  // A new sign-in is wrapped under a PIN set now; the previous wrapping (and any
  // open session of this user) held the old token.
  const open = await unlocked();
  if (open?.user_id === resp.user.id) await withStore("readwrite", (s) => req(s.kv.delete(UNLOCKED)), ["kv"]);
  const user = {
    ...resp.user,
    expires_at: resp.expires_at,
    pin: null,
    pin_failures: 0,
    needs_login: false,
    needs_login_reason: null,
    signed_in_at: Date.now(),
  };
  await putUser(user);
  pending = { user_id: user.id, token: resp.token, proof_key: resp.proof_key ?? null };
  await startSession(user.id);
  return user;
}

async function pinKey(pin, salt, iterations) {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base,
    { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

const sealedFor = (userId) => new TextEncoder().encode(`gatehouse-pin:${userId}`);

export const minPin = (role) => PIN_MIN[role] ?? 6;
export const validPin = (pin, role = "guard") => /^\d{4,8}$/.test(pin) && pin.length >= minPin(role);

export async function setPin(userId, pin) {
  const user = await getUser(userId);
  if (!/^\d{4,8}$/.test(pin)) throw new ApiError(400, "pin_format", "PIN must be 4 to 8 digits");
  if (!validPin(pin, user?.role)) throw new ApiError(400, "pin_short", "supervisors need at least 6 digits");
  if (!user || pending?.user_id !== userId) throw new ApiError(401, "token_invalid", "sign in again");
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const secrets = new TextEncoder().encode(JSON.stringify({ token: pending.token, proof_key: pending.proof_key }));
  const vault = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: sealedFor(userId) },
    await pinKey(pin, salt, PIN_ITERATIONS), secrets);
  await putUser({ ...user, pin: { salt: b64(salt), iterations: PIN_ITERATIONS, iv: b64(iv), vault: b64(vault) }, pin_failures: 0 });
  const { token, proof_key: proofKey } = pending;
  pending = null;
  await openSession(userId, token, proofKey);
}

async function openSession(userId, token, proofKey) {
  const proof = proofKey ? await crypto.subtle.importKey("raw", unb64url(proofKey),
    { name: "HMAC", hash: "SHA-256" }, false, ["sign"]) : null;
  await kvSet(UNLOCKED, { user_id: userId, token, proof });
  await startSession(userId);
}

// Resolves to the user on success; throws ApiError("pin_wrong"|"pin_locked").
export async function unlock(userId, pin) {
  const user = await getUser(userId);
  if (!user?.pin?.vault) throw new ApiError(0, "pin_not_set", "no PIN");
  if ((user.pin_failures ?? 0) >= PIN_MAX_FAILURES) throw new ApiError(0, "pin_locked", "too many tries");
  let secrets;
  try {
    const key = await pinKey(pin, unb64(user.pin.salt), user.pin.iterations);
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: unb64(user.pin.iv), additionalData: sealedFor(userId) }, key, unb64(user.pin.vault));
    secrets = JSON.parse(new TextDecoder().decode(plain));
  } catch {
    const failures = (user.pin_failures ?? 0) + 1;
    await putUser({ ...user, pin_failures: failures });
    const left = PIN_MAX_FAILURES - failures;
    const err = new ApiError(0, left > 0 ? "pin_wrong" : "pin_locked", "wrong PIN");
    err.left = left;
    throw err;
  }
  await putUser({ ...user, pin_failures: 0 });
  await openSession(user.id, secrets.token, secrets.proof_key);
  return user;
}

// Switch user: the phone goes back to the unlock screen; the open session's
// token and key are dropped (they stay wrapped under each user's PIN).
export async function lock() {
  const session = await kvGet("session");
  await withStore("readwrite", (s) => {
    s.kv.delete(UNLOCKED);
    s.kv.put({ user_id: null, last_user_id: session?.user_id ?? session?.last_user_id ?? null, last_active: 0 }, "session");
  }, ["kv"]);
  notify("session");
}

// Sign out removes this user's sign-in, PIN, wrapped secrets and local copy from
// the phone, and the server forgets their link and proof key here. Their unsynced
// changes stay in the outbox (they belong to the device's chain): when online,
// the outbox is pushed first, while the server still knows the key they carry.
export async function signOut(userId) {
  const open = await unlocked();
  const token = open?.user_id === userId ? open.token : pending?.user_id === userId ? pending.token : null;
  if (token && navigator.onLine) {
    await syncOnce({ force: true }).catch(() => {});
    api("/api/auth/logout", { method: "POST", token }).catch(() => {});
  }
  if (pending?.user_id === userId) pending = null;
  await withStore("readwrite", async (s) => {
    s.users.delete(userId);
    s.kv.delete(`cursor:${userId}`);
    const keys = await req(s.entities.getAllKeys(IDBKeyRange.bound([userId], [userId, []])));
    for (const k of keys) s.entities.delete(k);
    const cur = await req(s.kv.get(UNLOCKED));
    if (cur?.user_id === userId) s.kv.delete(UNLOCKED);
    const session = await req(s.kv.get("session"));
    if (session?.user_id === userId || session?.last_user_id === userId) {
      s.kv.put({ user_id: null, last_user_id: null, last_active: 0 }, "session");
    }
  }, ["users", "kv", "entities"]);
  notify("session");
}

export const isSupervisor = (user) => user && (user.role === "supervisor" || user.role === "admin");
