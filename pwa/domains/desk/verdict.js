// The gate's decision, word for word backend/passes/rules.py `verdict` (the
// server decides again after sync; tests/passes/test_rules.py is the table).
export const VALID = "valid";

const HOURS = 6;
const GATES = 7;

// A token's 16-byte id claim as the pass's UUID.
export function tokenId(claims) {
  const raw = claims.get(2);
  if (!(raw instanceof Uint8Array) || raw.length !== 16) return "";
  const hex = [...raw].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Local minutes of the day at `ms` in the site's time zone.
export function localMinute(ms, tz) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hourCycle: "h23", hour: "2-digit", minute: "2-digit" })
    .formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return get("hour") * 60 + get("minute");
}

export function inHours(span, minute) {
  if (!span || span.length !== 2) return true;
  const [start, end] = span;
  if (start === end) return true;
  return start < end ? start <= minute && minute < end : minute >= start || minute < end;
}

// "valid", or the first reason: wrong_kind, other_site, not_yet_valid, expired,
// outside_hours, wrong_gate, revoked.
export function verdict(claims, { kind, siteId, gate, nowMs, tz, revokedAt }) {
  if (claims.get(1) !== kind) return "wrong_kind";
  if (claims.get(3) !== siteId) return "other_site";
  const nowS = nowMs / 1000;
  if (nowS < (claims.get(4) ?? 0)) return "not_yet_valid";
  if (nowS >= (claims.get(5) ?? 0)) return "expired";
  if (!inHours(claims.get(HOURS), localMinute(nowMs, tz))) return "outside_hours";
  const gates = claims.get(GATES);
  if (gates && gates.length && !gates.includes(gate)) return "wrong_gate";
  if (revokedAt != null && revokedAt <= nowMs) return "revoked";
  return VALID;
}
