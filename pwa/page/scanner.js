// The scanner every screen uses: the camera opened in the page (rear camera
// preferred), continuous QR decoding, the same code within 1.5 s ignored,
// flash + tone + vibration on each read, a torch where the phone has one, and
// typing the code by hand when the camera cannot be used.
//
// Decoder: the native BarcodeDetector when it lists qr_code; otherwise the
// barcode-detector polyfill (ZXing wasm), lazy-loaded, its wasm from our own
// /vendor URL (precached by the service worker: scanning works offline).
import { h, button } from "./ui.js";
import { t } from "../lib/i18n.js";
import { ZXING_WASM_URL } from "../lib/shell.js";
import { signal, primeAudio } from "./feedback.js";

const DUPLICATE_MS = 1500;
const FRAME_GAP_MS = 60;

let detectorPromise = null;
export const decoderInfo = { kind: null };

export function getDetector() {
  detectorPromise ??= (async () => {
    if ("BarcodeDetector" in globalThis) {
      try {
        const formats = await globalThis.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          decoderInfo.kind = "native";
          return new globalThis.BarcodeDetector({ formats: ["qr_code"] });
        }
      } catch { /* fall through to the polyfill */ }
    }
    const mod = await import("/vendor/barcode-detector/ponyfill.js");
    mod.prepareZXingModule({
      overrides: {
        locateFile: (path, prefix) => (path.endsWith(".wasm") ? ZXING_WASM_URL : prefix + path),
      },
      fireImmediately: true,
    });
    decoderInfo.kind = "polyfill";
    return new mod.BarcodeDetector({ formats: ["qr_code"] });
  })();
  detectorPromise.catch(() => { detectorPromise = null; });
  return detectorPromise;
}

export class Scanner {
  // onCode(text, {source: "camera"|"manual"}) may return a promise; false = rejected.
  constructor({ onCode, manualLabelKey = "scanner.manual_label", autoStart = true } = {}) {
    this.onCode = onCode;
    this.stream = null;
    this.stopped = true;
    this.last = { text: null, at: 0 };
    this.video = h("video", { class: "scanner-video", playsinline: true, muted: true, autoplay: true, "aria-hidden": "true" });
    this.video.muted = true;
    this.message = h("p", { class: "scanner-message", role: "status" }, "");
    this.torchBtn = button(t("scanner.torch_on"), () => this.toggleTorch(), "btn secondary", { hidden: true, "aria-pressed": "false" });
    this.startBtn = button(t("scanner.start"), () => this.start(), "btn");
    this.stopBtn = button(t("scanner.stop"), () => this.stop(), "btn secondary", { hidden: true });
    const input = h("input", {
      type: "text", id: `manual-${Math.random().toString(36).slice(2, 8)}`, autocomplete: "off",
      autocapitalize: "none", spellcheck: "false", class: "input", enterkeyhint: "go",
    });
    this.manualInput = input;
    const form = h("form", {
      class: "scanner-manual",
      onsubmit: (e) => {
        e.preventDefault();
        const v = input.value.trim();
        if (v) { input.value = ""; this.deliver(v, "manual"); }
      },
    },
    h("label", { for: input.id }, t(manualLabelKey)),
    h("div", { class: "row" }, input, h("button", { type: "submit", class: "btn" }, t("scanner.manual_submit"))));
    this.el = h("div", { class: "scanner" },
      h("div", { class: "scanner-frame" }, this.video, h("div", { class: "scanner-target", "aria-hidden": "true" })),
      this.message,
      h("div", { class: "row" }, this.startBtn, this.stopBtn, this.torchBtn),
      form);
    this.autoStart = autoStart;
  }

  async start() {
    primeAudio();
    if (!this.stopped) return;
    this.stopped = false;
    this.startBtn.hidden = true;
    this.stopBtn.hidden = false;
    if (!navigator.mediaDevices?.getUserMedia) return this.fail("scanner.no_camera");
    this.setMessage(t("scanner.opening"));
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (err) {
      const denied = err?.name === "NotAllowedError" || err?.name === "SecurityError";
      return this.fail(denied ? "scanner.denied" : "scanner.no_camera");
    }
    if (this.stopped) return this.stop();
    this.video.srcObject = this.stream;
    try { await this.video.play(); } catch { /* autoplay of a muted stream is allowed */ }
    const track = this.stream.getVideoTracks()[0];
    const caps = track?.getCapabilities?.() ?? {};
    this.torchBtn.hidden = !caps.torch;
    this.torch = false;
    try {
      this.detector = await getDetector();
    } catch {
      return this.fail("scanner.decoder_failed");
    }
    this.setMessage(t("scanner.point"));
    this.loop();
  }

  async loop() {
    while (!this.stopped) {
      if (this.video.readyState >= 2 && this.video.videoWidth > 0) {
        try {
          const codes = await this.detector.detect(this.video);
          for (const c of codes) await this.deliver(c.rawValue, "camera");
        } catch { /* a frame that cannot be read: try the next */ }
      }
      await new Promise((r) => setTimeout(r, FRAME_GAP_MS));
    }
  }

  async deliver(text, source) {
    const now = performance.now();
    if (source === "camera" && text === this.last.text && now - this.last.at < DUPLICATE_MS) {
      this.last.at = now; // still in front of the camera: keep ignoring it
      return;
    }
    this.last = { text, at: now };
    let ok = true;
    try {
      ok = (await this.onCode?.(text, { source })) !== false;
    } catch {
      ok = false;
    }
    signal(ok);
  }

  async toggleTorch() {
    const track = this.stream?.getVideoTracks()[0];
    if (!track) return;
    try {
      await track.applyConstraints({ advanced: [{ torch: !this.torch }] });
      this.torch = !this.torch;
      this.torchBtn.textContent = t(this.torch ? "scanner.torch_off" : "scanner.torch_on");
      this.torchBtn.setAttribute("aria-pressed", String(this.torch));
    } catch { this.torchBtn.hidden = true; }
  }

  fail(key) {
    this.setMessage(t(key), true);
    this.stop(false);
    this.manualInput.focus();
  }

  setMessage(text, error = false) {
    this.message.textContent = text;
    this.message.classList.toggle("error", error);
  }

  stop(clearMessage = true) {
    this.stopped = true;
    this.stream?.getTracks().forEach((tr) => tr.stop());
    this.stream = null;
    this.video.srcObject = null;
    this.startBtn.hidden = false;
    this.stopBtn.hidden = true;
    this.torchBtn.hidden = true;
    if (clearMessage) this.setMessage("");
  }
}
