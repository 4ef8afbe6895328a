// This phone as an enrolled device: its non-extractable P-256 key (a CryptoKey
// kept in IndexedDB, never exported), its id and token from the server.
import { api } from "../lib/api.js";
import { kvGet, kvSet } from "../lib/db.js";
import { entitiesOf } from "../lib/overlay.js";

export const ENROLL_PREFIX = "gatehouse:enroll:";

// Accepts the QR text or the bare code typed by hand; null when it is neither.
export function parseEnrollCode(text) {
  const s = String(text ?? "").trim();
  const code = s.startsWith(ENROLL_PREFIX) ? s.slice(ENROLL_PREFIX.length) : s;
  return /^[A-Za-z0-9_-]{4,128}$/.test(code) ? code : null;
}

export function defaultLabel() {
  const ua = navigator.userAgent;
  const os = /iPhone|iPad/.test(ua) ? "iPhone" : /Android/.test(ua) ? "Android" : /Linux/.test(ua) ? "Linux" : "Phone";
  return `${os} ${new Date().toISOString().slice(0, 10)}`;
}

export const getDevice = () => kvGet("device");

export async function enroll(code, label) {
  const key = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const publicJwk = await crypto.subtle.exportKey("jwk", key.publicKey);
  const resp = await api("/api/devices/enroll", {
    method: "POST",
    body: { code, public_key: publicJwk, label },
  });
  const device = {
    device_id: resp.device_id,
    device_token: resp.device_token,
    site: resp.site,
    epoch: resp.epoch ?? null,
    site_root_key: resp.site_root_key ?? null, // trusts the site's key lists (passes checked offline)
    key, // CryptoKeyPair; the private half is not extractable
    public_jwk: publicJwk,
    label,
    enrolled_at: Date.now(),
  };
  await kvSet("device", device);
  await requestPersistence();
  return device;
}

// Ask the browser not to evict our data (the outbox!). Headless Chromium and
// Safari may say no; the answer is shown in Settings.
export async function requestPersistence() {
  let granted = false;
  try {
    granted = Boolean(await navigator.storage?.persist?.());
  } catch { granted = false; }
  await kvSet("persist", { requested_at: Date.now(), granted });
  return granted;
}

export function isIosSafariTab() {
  const ua = navigator.userAgent;
  const ios = /iPhone|iPad|iPod/.test(ua) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const standalone = navigator.standalone === true || matchMedia("(display-mode: standalone)").matches;
  return ios && !standalone;
}

// The site as the server last published it (`site.info`: names, time zone, photo
// limit, changed on the set-up screens): adopted after a sync, so a phone learns
// of a change at its next pull. Returns the device, updated or not.
export async function adoptSite(userId) {
  const device = await getDevice();
  if (!device || userId == null) return device;
  const info = (await entitiesOf(userId, "site.info")).find((e) => e.id === device.site.id && !e.deleted);
  if (!info || JSON.stringify(info.data) === JSON.stringify(device.site)) return device;
  const updated = { ...device, site: { ...device.site, ...info.data } };
  await kvSet("device", updated);
  return updated;
}
