// The open session's secrets (PROTOCOL.md P8): whoever unlocked the phone with
// their PIN, their token, and their proof key as a non-extractable HMAC
// CryptoKey. Written by page/session.js when a PIN unlocks (or is set after an
// online sign-in) and deleted when the phone locks or the user signs out, so no
// other user's token or key is ever readable here. DOM-free: the service worker
// syncs with it too.
import { kvGet } from "./db.js";
import { canonical } from "./canonical.js";

export const UNLOCKED = "unlocked";
export const unlocked = () => kvGet(UNLOCKED);

const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// user_sig: HMAC-SHA-256 by the proof key of the canonical JSON of the mutation
// without user_sig, base64url without padding (P8.3).
export async function userSig(proof, mutation) {
  const { user_sig: _, ...unsigned } = mutation;
  const mac = await crypto.subtle.sign("HMAC", proof, new TextEncoder().encode(canonical(unsigned)));
  return b64url(mac);
}
