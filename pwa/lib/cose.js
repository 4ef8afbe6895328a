// Signed tokens checked offline: passes, goods-release permits, box labels
// (design.md section 6; backend/keys/tokens.py is the server's side and the
// two share tests/vectors/cose.json). A token is a COSE_Sign1 (RFC 9052) over
// CBOR claims, ES256, written in a QR as "GH1:" + base45 (RFC 9285).
// Only the CBOR a token uses is read or written here: unsigned and negative
// integers, byte and text strings, arrays, maps, tag 18, true, false, null.

import { canonical } from "./canonical.js";

export const PREFIX = "GH1:";
const ES256 = -7;
const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

export class BadToken extends Error {
  constructor(reason, detail = "") {
    super(detail ? `${reason}: ${detail}` : reason);
    this.reason = reason; // unreadable | forged | unknown_key | other_site | retired_key
  }
}

export function b45encode(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i] * 256 + bytes[i + 1];
      out += B45[n % 45]; n = Math.floor(n / 45);
      out += B45[n % 45] + B45[Math.floor(n / 45)];
    } else {
      out += B45[bytes[i] % 45] + B45[Math.floor(bytes[i] / 45)];
    }
  }
  return out;
}

export function b45decode(text) {
  const v = [...text].map((c) => B45.indexOf(c));
  if (v.includes(-1) || v.length % 3 === 1) throw new BadToken("unreadable", "not base45");
  const out = [];
  for (let i = 0; i < v.length; i += 3) {
    if (i + 2 < v.length) {
      const n = v[i] + v[i + 1] * 45 + v[i + 2] * 2025;
      if (n > 0xffff) throw new BadToken("unreadable", "not base45");
      out.push(n >> 8, n & 0xff);
    } else {
      const n = v[i] + v[i + 1] * 45;
      if (n > 0xff) throw new BadToken("unreadable", "not base45");
      out.push(n);
    }
  }
  return Uint8Array.from(out);
}

// ---- CBOR (RFC 8949), the subset tokens use -------------------------------

function head(major, n, out) {
  if (n < 24) out.push((major << 5) | n);
  else if (n < 256) out.push((major << 5) | 24, n);
  else if (n < 65536) out.push((major << 5) | 25, n >> 8, n & 0xff);
  else if (n < 2 ** 32) out.push((major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  else {
    const hi = Math.floor(n / 2 ** 32), lo = n >>> 0;
    out.push((major << 5) | 27, (hi >>> 24) & 0xff, (hi >> 16) & 0xff, (hi >> 8) & 0xff, hi & 0xff,
      (lo >>> 24) & 0xff, (lo >> 16) & 0xff, (lo >> 8) & 0xff, lo & 0xff);
  }
}

export function cborEncode(value, out = []) {
  if (value === null) out.push(0xf6);
  else if (value === true) out.push(0xf5);
  else if (value === false) out.push(0xf4);
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error("only integers are encoded");
    if (value >= 0) head(0, value, out); else head(1, -1 - value, out);
  } else if (typeof value === "string") {
    const b = new TextEncoder().encode(value);
    head(3, b.length, out); for (const x of b) out.push(x);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out); for (const x of value) out.push(x);
  } else if (Array.isArray(value)) {
    head(4, value.length, out); for (const x of value) cborEncode(x, out);
  } else if (value instanceof Map) {
    head(5, value.size, out); for (const [k, v] of value) { cborEncode(k, out); cborEncode(v, out); }
  } else throw new Error(`cannot encode ${typeof value}`);
  return out;
}

export function cborDecode(bytes) {
  let i = 0;
  const need = (n) => { if (i + n > bytes.length) throw new BadToken("unreadable", "truncated"); };
  const uint = (info) => {
    if (info < 24) return info;
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
    if (!size) throw new BadToken("unreadable", "unsupported CBOR");
    need(size);
    let n = 0;
    for (let k = 0; k < size; k++) n = n * 256 + bytes[i++];
    return n;
  };
  const item = (depth) => {
    if (depth > 16) throw new BadToken("unreadable", "too deep");
    need(1);
    const b = bytes[i++], major = b >> 5, info = b & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      throw new BadToken("unreadable", "unsupported CBOR");
    }
    const n = uint(info);
    switch (major) {
      case 0: return n;
      case 1: return -1 - n;
      case 2: need(n); i += n; return bytes.slice(i - n, i);
      case 3: need(n); i += n; return new TextDecoder("utf-8", { fatal: true }).decode(bytes.slice(i - n, i));
      case 4: return Array.from({ length: n }, () => item(depth + 1));
      case 5: { const m = new Map(); for (let k = 0; k < n; k++) m.set(item(depth + 1), item(depth + 1)); return m; }
      case 6: return { tag: n, value: item(depth + 1) };
      default: throw new BadToken("unreadable", "unsupported CBOR");
    }
  };
  const value = item(0);
  if (i !== bytes.length) throw new BadToken("unreadable", "trailing bytes");
  return value;
}

// ---- COSE_Sign1 ------------------------------------------------------------

const toBeSigned = (protectedBytes, payload) =>
  Uint8Array.from(cborEncode(["Signature1", protectedBytes, new Uint8Array(0), payload]));

// Parse a token's QR text; its signature is not checked yet.
export function readToken(text) {
  if (typeof text !== "string" || !text.startsWith(PREFIX) || text.length > 2000) {
    throw new BadToken("unreadable", "not a Gatehouse token");
  }
  let item;
  try {
    item = cborDecode(b45decode(text.slice(PREFIX.length)));
    // Only what the signature covers may vary: the tag and the empty unprotected header are fixed.
    if (item?.tag !== 18 || !Array.isArray(item.value) || item.value.length !== 4) throw new Error("shape");
    const [protectedBytes, unprotected, payload, signature] = item.value;
    if (!(unprotected instanceof Map) || unprotected.size !== 0) throw new Error("shape");
    const header = cborDecode(protectedBytes);
    const claims = cborDecode(payload);
    if (header.get(1) !== ES256 || !(claims instanceof Map) || signature?.length !== 64) throw new Error("shape");
    return { kid: new TextDecoder().decode(header.get(4)), claims, signed: toBeSigned(protectedBytes, payload), signature };
  } catch (err) {
    if (err instanceof BadToken) throw err;
    throw new BadToken("unreadable", "not a Gatehouse token");
  }
}

const importKey = (jwk) => crypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y },
  { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);

// The claims (a Map) if the key `jwk` signed the token; BadToken("forged") otherwise.
export async function verifyToken(token, jwk) {
  const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, await importKey(jwk),
    token.signature, token.signed);
  if (!ok) throw new BadToken("forged", "the signature does not hold");
  return token.claims;
}

// A token of `claims` (a Map with integer keys) signed with a CryptoKey (the
// phone's own non-extractable key, for box labels packed offline).
export async function signToken(claims, kid, privateKey) {
  const protectedBytes = Uint8Array.from(cborEncode(new Map([[1, ES256], [4, new TextEncoder().encode(kid)]])));
  const payload = Uint8Array.from(cborEncode(claims));
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey,
    toBeSigned(protectedBytes, payload)));
  const cose = cborEncode([protectedBytes, new Map(), payload, signature]);
  return PREFIX + b45encode(Uint8Array.from([0xd2, ...cose])); // 0xd2: tag 18, COSE_Sign1
}

const unb64url = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

// A site's key list (the `site.keys` entity) holds only if its root key, which the
// phone kept at enrolment, signed it; then its keys may be trusted for tokens.
export async function verifyKeyList(list, rootJwk) {
  const body = { site_id: list.site_id, keys: list.keys, issued_at: list.issued_at };
  const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, await importKey(rootJwk),
    unb64url(list.signature), new TextEncoder().encode(canonical(body)));
  if (!ok) throw new BadToken("forged", "the key list is not signed by the site");
  return list.keys;
}
