// Box labels on the phone (backend/packing/README.md, "Box label"): signed here,
// offline, with this phone's own enrolled key when a box is sealed; checked by
// any phone of the site against the phones' keys it pulled (site.device).
import { canonical } from "../../lib/canonical.js";
import { readToken, verifyToken, signToken } from "../../lib/cose.js";
import { entitiesOf } from "../../lib/overlay.js";

export async function digest(boxId, contents) {
  const bytes = new TextEncoder().encode(canonical({ box_id: boxId, contents }));
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).slice(0, 16);
}

export async function signLabel(device, box, sealNumber) {
  const claims = new Map([[1, "box"], [2, box.id], [3, device.site.id], [4, Math.floor(Date.now() / 1000)],
    [9, Object.values(box.contents).reduce((a, b) => a + b, 0)], [10, sealNumber],
    [11, await digest(box.id, box.contents)], [12, box.order_id]]);
  return signToken(claims, `device:${device.device_id}`, device.key.privateKey);
}

// {result, claims}: result is intact, label_forged, label_revoked or label_other_site,
// then the seal as found: seal_broken, seal_mismatch.
export async function checkLabel(user, device, text, sealSeen, sealBroken) {
  let token;
  try { token = readToken(text); } catch { return { result: "label_forged", claims: null }; }
  if (!token.kid.startsWith("device:")) return { result: "label_forged", claims: null };
  const phones = await entitiesOf(user.id, "site.device");
  const signer = phones.find((e) => e.id === token.kid.slice("device:".length) && !e.deleted);
  if (!signer) {
    // Not a phone of this site: another site's label, or none at all.
    const claims = token.claims;
    return { result: claims.get(3) && claims.get(3) !== device.site.id ? "label_other_site" : "label_forged", claims: null };
  }
  let claims;
  try { claims = await verifyToken(token, signer.data.public_jwk); } catch { return { result: "label_forged", claims: null }; }
  if (claims.get(1) !== "box") return { result: "label_forged", claims: null };
  if (claims.get(3) !== device.site.id) return { result: "label_other_site", claims };
  if (signer.data.revoked_at != null) return { result: "label_revoked", claims };
  if (sealBroken) return { result: "seal_broken", claims };
  if ((claims.get(10) ?? "") !== sealSeen) return { result: "seal_mismatch", claims };
  return { result: "intact", claims };
}
