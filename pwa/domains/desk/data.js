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
import { users } from "../../page/session.js";
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

// ---- the desk's own shift (backend/desk/README.md) ------------------------------

const authed = () => ({ Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token });
const who = (m, names) => ({ user_id: m.user_id, user_name: names.get(m.user_id) ?? "", device_at: m.occurred_at, pending: true });
const namesOf = async () => new Map((await users()).map((u) => [u.id, u.name]));

// The site's desk posts: the equipment domain's posts marked `desk`, read by kind
// name. A desk post's list is the desk's handover checklist, set up by a supervisor.
export async function deskPosts(user, siteId) {
  return (await entitiesOf(user.id, "equipment.post")).filter((e) => e.space === siteId).map(fromEntity)
    .filter((x) => x.active && x.desk).sort((a, b) => a.name.localeCompare(b.name));
}

// The desk's handovers (the patrol domain's `handover` records naming a desk post),
// newest first, with this phone's pending work laid over.
export async function deskHandovers(user, siteId) {
  const [names, desks] = await Promise.all([namesOf(), deskPosts(user, siteId)]);
  const postsById = new Map(desks.map((x) => [x.id, x]));
  const signer = (m) => ({ ...who(m, names), signature: m.payload.signature });
  const all = await overlay(user, {
    kinds: ["handover"], site: siteId,
    entity: (e) => ({ ...fromEntity(e), refusals: [...(e.data.refusals ?? [])] }),
    creates: {
      "handover.write": (o) => {
        const m = o.mutation;
        const post = postsById.get(m.payload.post_id);
        return { id: m.id, status: "written", text: m.payload.text, equipment: m.payload.equipment, desk: !!post,
          post_id: m.payload.post_id ?? null, post_name: post?.name ?? null, post_name_zh: post?.name_zh ?? null,
          post_items: post?.items ?? [], log_entries: (m.payload.log_entries ?? []).map((id) => ({ id, number: null })),
          log_read: null, outgoing: signer(m), incoming: null, refusals: [], review: null, pending: true };
      },
    },
    updates: {
      "handover.refuse": [(p) => p.handover_id, (rec, o) => {
        if (rec.refusals.some((r) => r.id === o.mutation.id)) return;
        rec.refusals.push({ id: o.mutation.id, reason: o.mutation.payload.reason, ...who(o.mutation, names) });
        if (!rec.incoming) rec.status = "refused";
      }],
      "handover.accept": [(p) => p.handover_id, (rec, o) => {
        if (rec.incoming) return;
        rec.incoming = signer(o.mutation);
        rec.incoming_equipment = o.mutation.payload.equipment ?? null;
        rec.log_read = o.mutation.payload.log_read ?? [];
        rec.status = "accepted";
      }],
    },
  });
  return all.filter((x) => x.desk).sort((a, b) => (b.outgoing?.device_at ?? 0) - (a.outgoing?.device_at ?? 0));
}

// The shift's duty-log entries at this site: written since the desk's last
// handover (or in the last 12 hours), oldest first, pending ones included.
export async function shiftLog(user, siteId, since) {
  const from = since ?? Date.now() - 12 * 3600 * 1000;
  const list = await overlay(user, {
    kinds: ["log.entry"], site: siteId,
    creates: { "log.entry": (o) => ({ id: o.mutation.id, number: null, text: o.mutation.payload.text,
      category: o.mutation.payload.category, device_at: o.mutation.occurred_at, author_name: user.name, pending: true }) },
  });
  return list.filter((e) => (e.device_at ?? 0) >= from).sort((a, b) => a.device_at - b.device_at);
}

export const writeDeskHandover = (user, p) => write(user, "handover.write", { ...p, pin_confirmed: true });
export const acceptDeskHandover = (user, p) => write(user, "handover.accept", { ...p, pin_confirmed: true });
export const refuseDeskHandover = (user, id, reason) => write(user, "handover.refuse", { handover_id: id, reason });

// Online only: the desk's shift changes of today and each one's handover (or missing).
export async function deskShifts(siteId) {
  const resp = await fetch(`/api/desk/shifts?site_id=${encodeURIComponent(siteId)}`, { cache: "no-store", headers: authed() });
  if (!resp.ok) throw new Error("shifts");
  return resp.json();
}

// Leaving the desk: asked with who covers, approved by a superior, back again.
export async function absences(user, siteId) {
  const names = await namesOf();
  const list = await overlay(user, {
    kinds: ["desk.absence"], site: siteId,
    creates: { "desk.leave": (o) => ({ id: o.mutation.id, status: "asked", reason: o.mutation.payload.reason,
      minutes: o.mutation.payload.minutes, cover: { name: o.mutation.payload.cover_name },
      left: who(o.mutation, names), approval: null, back: null, pending: true }) },
    updates: {
      "desk.leave_approve": [(p) => p.absence_id, (rec, o) => {
        if (rec.approval) return;
        rec.approval = { approved: o.mutation.payload.approved, note: o.mutation.payload.note, ...who(o.mutation, names) };
        if (rec.status === "asked") rec.status = o.mutation.payload.approved ? "approved" : "refused";
      }],
      "desk.back": [(p) => p.absence_id, (rec, o) => {
        if (!rec.back) { rec.back = who(o.mutation, names); rec.status = "back"; }
      }],
    },
  });
  return list.sort((a, b) => (b.left?.device_at ?? 0) - (a.left?.device_at ?? 0));
}

export const leaveDesk = (user, p) => write(user, "desk.leave", p);
export const approveLeave = (user, id, approved, note) => write(user, "desk.leave_approve", { absence_id: id, approved, note });
export const backAtDesk = (user, id) => write(user, "desk.back", { absence_id: id });

// Everyone on site by the phone's last snapshot: pass holders inside, and the
// visitors inside where this user pulls the gate log (guards, supervisors).
export async function rollCallPeople(user, siteId) {
  const [holders, visits] = await Promise.all([onSite(user, siteId), entitiesOf(user.id, "gate.visit")]);
  return [
    ...holders.map((p) => ({ ref_kind: "pass", ref_id: p.pass_id, name: p.name ?? "", unit: p.unit ?? "" })),
    ...visits.filter((e) => e.space === siteId && e.data.status === "inside")
      .map((e) => ({ ref_kind: "visit", ref_id: e.id, name: e.data.name ?? "", unit: e.data.unit ?? "" })),
  ];
}

export const recordRollCall = (user, p) => write(user, "desk.roll_call", p);
export const reportIncident = (user, p) => write(user, "incident.report", p);
