// The desk and the gate on the phone. The desk issues and revokes passes and
// takes the owner's answer for goods release (mutations; the server numbers them
// and signs the QR once synced). The gate checks a pass or permit offline: the
// token's signature against the site's pulled key list (site.keys), the window,
// hours and gate (verdict.js), the pulled roster's revocations; then records
// the scan with what it showed, for the server to reconcile (backend/passes).
import { overlay, entitiesOf, fromEntity, write } from "../../lib/overlay.js";
import { readToken, verifyToken, verifyKeyList, BadToken } from "../../lib/cose.js";
import { syncState } from "../../lib/sync.js";
import { state } from "../../page/state.js";
import { getImage, keepDownloaded } from "../../page/photos.js";
import { verdict, tokenId, VALID } from "./verdict.js";

export const PURPOSES = ["renovation", "contractor", "delivery", "other"];
export const DEFAULT_GATES = ["main"];
// Data older than this shows amber: check with the desk (issue 11: e.g. 12 hours).
export const STALE_DATA_MS = 12 * 3600 * 1000;
const SITE_TZ = "Asia/Hong_Kong";
const siteTz = () => state.device?.site?.tz ?? SITE_TZ;

const issued = (o) => ({ ...o.mutation.payload, id: o.mutation.id, status: "sending", pending: true,
  number: null, created: o.mutation.occurred_at });

// The site's passes as the desk sees them, newest first, with its own pending work.
export async function passes(user, siteId) {
  const list = await overlay(user, {
    kinds: ["pass"], site: siteId,
    creates: { "pass.issue": issued },
    updates: {
      "pass.revoke": [(p) => p.pass_id, (rec) => { rec.status = "revoked"; rec.pending = true; }],
      "pass.approve": [(p) => p.pass_id, (rec, o) => {
        rec.status = o.mutation.payload.answer === "yes" ? "active" : "refused"; rec.pending = true; }],
    },
  });
  return list.sort((a, b) => (b.corrected_at ?? b.created ?? 0) - (a.corrected_at ?? a.created ?? 0));
}

export const issuePass = (user, p) => write(user, "pass.issue", p);
export const revokePass = (user, passId, reason) => write(user, "pass.revoke", { pass_id: passId, reason });
export const recordPassScan = (user, p) => write(user, "pass.scan", p);

async function one(user, kind, siteId, id) {
  return (await entitiesOf(user.id, kind)).map(fromEntity).find((r) => r.space === siteId && r.id === id) ?? null;
}

// The site's signing keys, as pulled; checked against the root key the phone
// kept at enrolment when it has one.
async function siteKeys(user, siteId) {
  const list = await one(user, "site.keys", siteId, siteId);
  if (!list) return [];
  const root = state.device?.site_root_key?.jwk;
  return root ? verifyKeyList(list, root) : list.keys;
}

// How old this phone's copy of the server's data is (ms), or null before a first sync.
export async function dataAge(now = Date.now()) {
  const s = await syncState();
  return s.last_success ? Math.max(0, now - s.last_success) : null;
}

// A scanned token's claims if one of the site's keys, still good, signed it;
// else {reason}: unreadable, unknown_key, retired_key, forged.
async function signed(user, siteId, text, now) {
  let token;
  try {
    token = readToken(text);
  } catch (err) {
    return { reason: err instanceof BadToken ? err.reason : "unreadable" };
  }
  const keys = await siteKeys(user, siteId);
  const key = keys.find((k) => k.kid === token.kid);
  if (!key) return { reason: "unknown_key" };
  if (key.valid_until != null && key.valid_until <= now) return { reason: "retired_key" };
  try {
    return { claims: await verifyToken(token, key.jwk) };
  } catch (err) {
    return { reason: err.reason ?? "forged" };
  }
}

const scannedId = (text) => { try { return tokenId(readToken(text).claims); } catch { return null; } };

// What a scanned token is, before its signature is checked: "pass", "permit" or null.
export function tokenType(text) {
  try { return readToken(text).claims.get(1) ?? null; } catch { return null; }
}

// Now by the server's clock, as the last sync measured this phone's (a phone set
// wrong still judges a pass's window right); the phone's own clock before a sync.
export async function correctedNow() {
  const s = await syncState();
  return Date.now() + (s.clock_offset_ms ?? 0);
}

// Check a scanned pass offline: {reason, passId, holder, claims, age}.
export async function checkPass(user, siteId, text, gate, now = null) {
  now ??= await correctedNow();
  const age = await dataAge();
  const { claims, reason: bad } = await signed(user, siteId, text, now);
  if (!claims) return { reason: bad, passId: "", holder: null, age };
  const passId = tokenId(claims);
  const holder = await one(user, "pass.roster", siteId, passId);
  let reason = verdict(claims, { kind: "pass", siteId, gate, nowMs: now, tz: siteTz(), revokedAt: holder?.revoked_at ?? null });
  if (reason === VALID && holder && holder.status !== "active" && holder.status !== "revoked") reason = "not_approved";
  return { reason, passId, holder, claims, age };
}

// Check a scanned goods-release permit offline: {reason, permitId, permit, age}.
// Single use: a permit this phone (or the last pull) saw used is refused ("used").
export async function checkPermit(user, siteId, text, gate, now = null) {
  now ??= await correctedNow();
  const age = await dataAge();
  const { claims, reason: bad } = await signed(user, siteId, text, now);
  if (!claims) return { reason: bad, permitId: "", permit: null, age };
  const permitId = tokenId(claims);
  const [permit] = await overlay(user, {
    kinds: ["permit.gate"], site: siteId,
    // A scan this phone let out, not yet synced, uses the permit up already.
    updates: { "permit.scan": [(p) => (p.shown === VALID ? scannedId(p.token) : null), (rec) => { rec.status = "used"; }] },
  }).then((list) => list.filter((p) => p.id === permitId));
  let reason = verdict(claims, { kind: "permit", siteId, gate, nowMs: now, tz: siteTz(), revokedAt: null });
  if (reason === VALID && permit?.status === "used") reason = "used";
  return { reason, permitId, permit: permit ?? null, age };
}

export const recordPermitScan = (user, p) => write(user, "permit.scan", p);

// green: let in; amber: valid, but the phone's data is old (check with the desk); red: refuse.
export const colour = (reason, age) => (reason !== VALID ? "red" : age == null || age > STALE_DATA_MS ? "amber" : "green");

// Who is on site now: passes whose last use was an entry (from the last pull).
export async function onSite(user, siteId) {
  const [presence, roster] = await Promise.all([entitiesOf(user.id, "pass.presence"), entitiesOf(user.id, "pass.roster")]);
  const names = new Map(roster.filter((e) => e.space === siteId).map((e) => [e.id, e.data]));
  return presence.filter((e) => e.space === siteId && e.data.inside)
    .map((e) => ({ ...names.get(e.id), pass_id: e.id, last: e.data.last }));
}

// Online only: a binary the server makes for the signed-in user (the pass's QR,
// its card PDF, a holder's photo), as a blob: URL the page may show.
export async function blobUrl(path) {
  const resp = await fetch(path, {
    cache: "no-store",
    headers: { Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token },
  });
  if (!resp.ok) {
    const body = await resp.json().catch(() => ({}));
    const err = new Error(body.reason ?? "client_error");
    err.reason = body.reason ?? "client_error";
    throw err;
  }
  return URL.createObjectURL(await resp.blob());
}

// The pass's signed token, QR version and page address (online, once the pass is synced).
export async function passToken(passId) {
  const resp = await fetch(`/api/passes/${encodeURIComponent(passId)}/token`, {
    cache: "no-store",
    headers: { Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token },
  });
  const body = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    const err = new Error(body.reason ?? "client_error");
    err.reason = body.reason ?? "client_error";
    throw err;
  }
  return body;
}

// Holders' photos for the gate, fetched while online and kept on the phone, so
// the gate shows the face offline too.
export async function keepHolderPhotos(user, siteId) {
  if (!navigator.onLine) return 0;
  let kept = 0;
  for (const e of await entitiesOf(user.id, "pass.roster")) {
    const sha = e.data.photo;
    if (e.space !== siteId || !sha || e.data.status === "revoked" || (await getImage(sha))) continue;
    try {
      const resp = await fetch(`/api/media/${sha}`, { cache: "no-store",
        headers: { Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token } });
      if (!resp.ok) continue;
      await keepDownloaded(sha, await resp.blob(), { siteId, purpose: "pass" });
      kept += 1;
    } catch { return kept; } // the network went: the next visit goes on
  }
  return kept;
}

// ---- goods release at the desk ----------------------------------------------

export async function permits(user, siteId) {
  const list = await overlay(user, {
    kinds: ["permit"], site: siteId,
    creates: { "permit.request": (o) => ({ ...o.mutation.payload, id: o.mutation.id, status: "sending", pending: true,
      number: null, created: o.mutation.occurred_at }) },
    updates: { "permit.consent": [(p) => p.permit_id, (rec, o) => {
      rec.status = o.mutation.payload.answer === "yes" ? "approved" : "refused"; rec.pending = true; }] },
  });
  return list.sort((a, b) => (b.corrected_at ?? b.created ?? 0) - (a.corrected_at ?? a.created ?? 0));
}

export const requestPermit = (user, p) => write(user, "permit.request", p);
// The owner's answer: `permit.consent` for a goods release, `pass.approve` for a pass.
export const recordConsent = (user, kind, p) => write(user, kind, p);

// Online: the server mails the owner a single-use consent link.
export async function sendConsentEmail(permitId, email) {
  const resp = await fetch(`/api/permits/${encodeURIComponent(permitId)}/consent-email`, {
    method: "POST", cache: "no-store", body: JSON.stringify({ email }),
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.user.token}`,
      "X-Device-Token": state.device.device_token },
  });
  const body = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    const err = new Error(body.reason ?? "client_error");
    err.reason = body.reason ?? "client_error";
    throw err;
  }
  return body;
}

// "2 old cabinet" per line -> [{item, count}]; a line without a number counts 1.
export function parseGoods(text) {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((line) => {
    const m = line.match(/^(\d+)\s*[x×*]?\s+(.+)$/i);
    return m ? { item: m[2].trim(), count: Number(m[1]) } : { item: line, count: 1 };
  });
}

export async function permitToken(permitId) {
  const resp = await fetch(`/api/permits/${encodeURIComponent(permitId)}/token`, {
    cache: "no-store",
    headers: { Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token },
  });
  const body = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    const err = new Error(body.reason ?? "client_error");
    err.reason = body.reason ?? "client_error";
    throw err;
  }
  return body;
}

// ---- the mail log -------------------------------------------------------------

export const MAIL_TYPES = ["parcel", "letter", "newspaper"];
export const NOTIFY_BY = ["phone", "message", "notice", "in_person"];
// The server lists overdue mail by the site's own setting (mail_overdue_days); the
// phone, offline, marks it by the default.
export const MAIL_OVERDUE_DAYS = 3;

export async function mailLog(user, siteId, now = Date.now()) {
  const list = await overlay(user, {
    kinds: ["mail"], site: siteId,
    creates: { "mail.receive": (o) => ({ ...o.mutation.payload, id: o.mutation.id, status: "waiting", pending: true,
      number: null, notified: [], collected: null, created: o.mutation.occurred_at }) },
    updates: {
      "mail.notify": [(p) => p.mail_id, (rec, o) => { rec.notified = [...(rec.notified ?? []), { by: o.mutation.payload.by, corrected_at: o.mutation.occurred_at }]; }],
      "mail.collect": [(p) => p.mail_id, (rec, o) => { rec.status = "collected"; rec.collected = { collected_by: o.mutation.payload.collected_by, corrected_at: o.mutation.occurred_at }; }],
    },
  });
  return list.map((m) => ({ ...m, overdue: m.status !== "collected" && now - (m.received_at ?? m.created) > MAIL_OVERDUE_DAYS * 86400000 }))
    .sort((a, b) => (b.received_at ?? b.created ?? 0) - (a.received_at ?? a.created ?? 0));
}

export const receiveMail = (user, p) => write(user, "mail.receive", p);
export const notifyMail = (user, mailId, by) => write(user, "mail.notify", { mail_id: mailId, by, note: "" });
export const collectMail = (user, mailId, collectedBy, signature) => write(user, "mail.collect", { mail_id: mailId, collected_by: collectedBy, signature });
