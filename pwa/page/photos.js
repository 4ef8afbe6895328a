// Photos and signature images. A photo is taken in the page, compressed on the
// phone (canvas, longest side <= 1600 px, JPEG quality 0.7), named by the
// SHA-256 of its bytes and kept in IndexedDB (kv "media:<sha256>") before any
// mutation names it. Uploads (POST /api/media?site_id=) are retried here, not by
// the outbox: after every sync attempt, when the network comes back, every
// 60 s and right after a photo is taken. 200 and 201 both mean "stored", so a
// repeated upload is harmless; a 413/415/422 answer is final and shown.
import { h, button } from "./ui.js";
import { t, reasonText } from "../lib/i18n.js";
import { withStore, req, kvGet } from "../lib/db.js";
import { listen, notify } from "../lib/bus.js";
import { unlocked } from "../lib/unlocked.js";

export const MAX_SIDE = 1600;
export const QUALITY = 0.7;
export const MAX_BYTES = 1536 * 1024; // the server's limit (1.5 MiB)
export const MAX_PHOTOS = 10;
const RETRY_MS = 60000;
const KEY = (sha) => `media:${sha}`;
const RANGE = () => IDBKeyRange.bound("media:", "media:\uffff");

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

export class PhotoError extends Error {
  constructor(reason) { super(reason); this.reason = reason; }
}

const toBlob = (canvas, type, quality) => new Promise((resolve) => canvas.toBlob(resolve, type, quality));

export async function compress(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw new PhotoError("not_an_image");
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  let blob = await toBlob(canvas, "image/jpeg", QUALITY);
  if (blob && blob.size > MAX_BYTES) blob = await toBlob(canvas, "image/jpeg", 0.5);
  if (!blob) throw new PhotoError("not_an_image");
  if (blob.size > MAX_BYTES) throw new PhotoError("photo_too_large");
  return blob;
}

// Keeps an image (already compressed) in IndexedDB; resolves to its SHA-256 hex.
// `uploadAs`: the server's photo purpose when not its default (a domain's, e.g. "pass").
export async function storeImage(blob, { siteId, userId, purpose = "photo", uploadAs = null }) {
  const bytes = await blob.arrayBuffer();
  const sha = hex(await crypto.subtle.digest("SHA-256", bytes));
  await withStore("readwrite", async (s) => {
    const old = await req(s.kv.get(KEY(sha)));
    if (!old) {
      s.kv.put({ sha, site_id: siteId, user_id: userId, type: blob.type || "image/jpeg", bytes, size: bytes.byteLength,
        purpose, upload_as: uploadAs, created_at: Date.now(), uploaded_at: null, failed: null, tries: 0 }, KEY(sha));
    }
  }, ["kv"]);
  notify("media");
  setTimeout(() => uploadPending(), 0);
  return sha;
}

// Keeps an image another phone took (downloaded from the server, e.g. a pass
// holder's photo for the gate), so it shows offline; it is never uploaded again.
export async function keepDownloaded(sha, blob, { siteId, purpose }) {
  const bytes = await blob.arrayBuffer();
  await withStore("readwrite", async (s) => {
    if (!(await req(s.kv.get(KEY(sha))))) {
      s.kv.put({ sha, site_id: siteId, user_id: null, type: blob.type || "image/jpeg", bytes, size: bytes.byteLength,
        purpose, created_at: Date.now(), uploaded_at: Date.now(), failed: null, tries: 0, downloaded: true }, KEY(sha));
    }
  }, ["kv"]);
}

export const getImage = (sha) => withStore("readonly", (s) => req(s.kv.get(KEY(sha))), ["kv"]);
export const allImages = () => withStore("readonly", (s) => req(s.kv.getAll(RANGE())), ["kv"]);

export async function mediaSummary() {
  const all = await allImages();
  return { waiting: all.filter((m) => !m.uploaded_at && !m.failed).length, failed: all.filter((m) => m.failed) };
}

// An <img> of a stored image (offline), or of the server's copy when online.
export function imageEl(sha, alt, cls = "thumb") {
  const img = h("img", { class: cls, alt, width: "96", height: "96" });
  getImage(sha).then((m) => {
    if (m) img.src = URL.createObjectURL(new Blob([m.bytes], { type: m.type }));
    else img.replaceWith(h("span", { class: "thumb missing" }, alt));
  }).catch(() => {});
  return img;
}

let uploading = null;
export function uploadPending() {
  if (uploading) return uploading;
  uploading = (async () => {
    if (!navigator.onLine) return { uploaded: 0 };
    const device = await kvGet("device");
    if (!device) return { uploaded: 0 };
    let uploaded = 0;
    for (const m of await allImages()) {
      if (m.uploaded_at || m.failed) continue;
      // Uploaded with the token of whoever has the phone unlocked (photos are the site's).
      const open = await unlocked();
      if (!open?.token) break;
      const user = { token: open.token };
      let resp;
      try {
        const purpose = m.upload_as ? `&purpose=${encodeURIComponent(m.upload_as)}` : "";
        resp = await fetch(`/api/media?site_id=${encodeURIComponent(m.site_id)}${purpose}`, {
          method: "POST", body: m.bytes, cache: "no-store",
          headers: { "Content-Type": m.type, Authorization: `Bearer ${user.token}`, "X-Device-Token": device.device_token },
        });
      } catch {
        break; // the network again: the next trigger retries
      }
      const data = await resp.json().catch(() => ({}));
      const patch = resp.ok ? { uploaded_at: Date.now() }
        : [400, 413, 415, 422].includes(resp.status) ? { failed: data.reason || "bad_request" }
          : { tries: (m.tries ?? 0) + 1 };
      await withStore("readwrite", async (s) => {
        const cur = await req(s.kv.get(KEY(m.sha)));
        if (cur) s.kv.put({ ...cur, ...patch }, KEY(m.sha));
      }, ["kv"]);
      if (resp.ok) uploaded++;
      if (resp.status >= 500 || resp.status === 429) break; // the server is down, or the day's quota is used
    }
    if (uploaded) notify("media");
    return { uploaded };
  })().catch(() => ({ uploaded: 0 })).finally(() => { uploading = null; });
  return uploading;
}

// Photos the server has, older than the site's limit (days; the site's
// photo_keep_days, sent with the site at enrolment), leave the phone: a lost
// phone holds only the last days' photos. Ones not uploaded yet always stay.
const DAY_MS = 86400000;
export async function pruneUploaded(now = Date.now()) {
  const device = await kvGet("device");
  const days = device?.site?.photo_keep_days ?? 7;
  const old = (await allImages()).filter((m) => m.uploaded_at && now - m.created_at > days * DAY_MS);
  if (!old.length) return 0;
  await withStore("readwrite", async (s) => { for (const m of old) s.kv.delete(KEY(m.sha)); }, ["kv"]);
  notify("media");
  return old.length;
}

const uploadAndPrune = () => uploadPending().then(() => pruneUploaded()).catch(() => 0);

let started = false;
export function startUploads() {
  if (started || typeof window === "undefined") return;
  started = true;
  listen((msg) => { if (msg.what === "sync" && msg.detail && !msg.detail.running) uploadAndPrune(); });
  window.addEventListener("online", () => uploadAndPrune());
  setInterval(() => uploadAndPrune(), RETRY_MS);
  uploadAndPrune();
}
startUploads();

// The in-page camera for photos: a file input with capture=environment, opened
// by a 56 px button. `.value()` gives the SHA-256 list for the mutation.
// `uploadAs`: the server's photo purpose when not its default (a domain's, e.g. "pass").
export function photoPicker({ siteId, userId, labelKey = "photo.add", uploadAs = null }) {
  const shas = [];
  const list = h("ul", { class: "thumbs plain", "data-testid": "photos" });
  const status = h("p", { class: "hint", "aria-live": "polite" }, t("photo.limit", { n: MAX_PHOTOS, mb: "1.5" }));
  const input = h("input", { type: "file", accept: "image/*", capture: "environment", class: "file-input", hidden: true, "data-testid": "photo-input" });
  const add = async (file) => {
    if (shas.length >= MAX_PHOTOS) throw new PhotoError("photo_too_many");
    const blob = await compress(file);
    const sha = await storeImage(blob, { siteId, userId, uploadAs });
    if (shas.includes(sha)) return;
    shas.push(sha);
    const n = shas.length;
    list.append(h("li", { dataset: { sha } }, imageEl(sha, t("photo.n", { n })),
      button(t("photo.remove", { n }), (e) => {
        shas.splice(shas.indexOf(sha), 1);
        e.currentTarget.closest("li").remove();
      }, "btn secondary small")));
  };
  input.addEventListener("change", async () => {
    status.textContent = t("photo.working");
    try {
      for (const file of input.files) await add(file);
      status.textContent = t("photo.saved", { n: shas.length });
    } catch (err) {
      status.textContent = reasonText(err.reason ?? "client_error");
      status.classList.add("error-text");
    }
    input.value = "";
  });
  const wrap = h("div", { class: "photos field" },
    button(t(labelKey), () => input.click(), "btn secondary", { "data-testid": "photo-button" }),
    input, status, list);
  wrap.value = () => [...shas];
  return wrap;
}
