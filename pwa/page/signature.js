// A signature drawn with a finger or stylus: pointer events on a canvas (touch,
// pen and mouse alike), a tap-and-draw with no long press, touch-action none so
// the page does not scroll while signing. Saved as a PNG image (photos.js).
import { h, button, notice } from "./ui.js";
import { t, reasonText } from "../lib/i18n.js";
import { state } from "./state.js";
import { unlock } from "./session.js";
import { storeImage } from "./photos.js";

const W = 700;
const H = 280;

export function signaturePad(labelKey = "signature.label") {
  const canvas = h("canvas", {
    class: "sig-canvas", width: String(W), height: String(H), role: "img",
    "aria-label": t(labelKey), "data-testid": "signature",
  });
  const ctx = canvas.getContext("2d");
  let drawing = false;
  let ink = 0;
  const blank = () => {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, W, H);
    ctx.strokeStyle = "#0b1a33";
    ctx.lineWidth = 4;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ink = 0;
  };
  blank();
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * (W / r.width), (e.clientY - r.top) * (H / r.height)];
  };
  canvas.addEventListener("pointerdown", (e) => {
    e.preventDefault();
    canvas.setPointerCapture?.(e.pointerId);
    drawing = true;
    const [x, y] = at(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 0.1, y + 0.1); // a tap leaves a dot
    ctx.stroke();
    ink++;
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    e.preventDefault();
    const [x, y] = at(e);
    ctx.lineTo(x, y);
    ctx.stroke();
    ink++;
  });
  const end = () => { drawing = false; };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  const wrap = h("div", { class: "field signature" },
    h("p", { class: "label" }, t(labelKey)),
    canvas,
    h("p", { class: "hint" }, t("signature.hint")),
    button(t("signature.clear"), blank, "btn secondary"));
  wrap.isEmpty = () => ink < 3;
  wrap.toBlob = () => new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  return wrap;
}

// The PIN field that goes with a signature (a handover is signed with the signer's PIN).
export const pinInput = () => h("input", {
  type: "password", class: "input pin", inputmode: "numeric", pattern: "[0-9]*",
  autocomplete: "current-password", maxlength: "8", minlength: "4",
});

// Checks the PIN with the phone's own PIN check, then signs: the drawn image is
// stored (and uploaded later) and its SHA-256 is returned for the mutation; null
// (with the reason shown in `status`) when the pad is empty or the PIN wrong.
export async function signWithPin(pad, pin, status) {
  if (pad.isEmpty()) { status.replaceChildren(notice(t("signature.required"), "error")); return null; }
  if (!pin.value) { status.replaceChildren(notice(t("signature.pin_required"), "error")); return null; }
  const blob = await pad.toBlob();
  try {
    await unlock(state.user.id, pin.value);
  } catch (err) {
    pin.value = "";
    status.replaceChildren(notice(err.reason === "pin_wrong" ? t("unlock.wrong", { n: err.left ?? 0 }) : reasonText(err.reason), "error"));
    return null;
  }
  return storeImage(blob, { siteId: state.device.site.id, userId: state.user.id, purpose: "signature" });
}
