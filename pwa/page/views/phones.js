// The supervisor's phones at this site (online only): enrol a new phone with a
// one-time QR, see when each phone last synced, revoke a lost one at once.
import { h, screen, notice, button, link } from "../ui.js";
import { t, formatTime, formatDateTime, reasonText } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../state.js";

const reload = () => window.dispatchEvent(new HashChangeEvent("hashchange"));
const failed = (err) => notice(err.status === 0 ? t("phones.offline") : reasonText(err.reason), "error");

// The QR image comes inside the answer (a data: URL): no URL ever carries the
// code, so no server or proxy log can hold it.
async function showCode(box) {
  box.replaceChildren(notice(t("phones.making_code")));
  try {
    const code = await api("/api/devices/enroll-codes", {
      method: "POST", body: { site_id: state.device.site.id }, token: state.user.token,
    });
    const img = h("img", { src: code.qr_image, alt: t("phones.qr_alt"),
      class: "qr", width: "280", height: "280", "data-testid": "enroll-qr" });
    box.replaceChildren(img,
      h("p", {}, t("phones.code_intro", { time: formatTime(Date.parse(code.expires_at)) })),
      h("p", { class: "code", "data-testid": "enroll-code" }, code.code));
  } catch (err) {
    box.replaceChildren(failed(err));
  }
}

function revokeButton(device, status) {
  let armed = false;  // two taps, no long press and no dialog
  const btn = button(t("phones.revoke"), async () => {
    if (!armed) {
      armed = true;
      btn.textContent = t("phones.revoke_confirm", { label: device.label || device.id.slice(0, 8) });
      return;
    }
    try {
      await api(`/api/devices/${encodeURIComponent(device.id)}/revoke`, { method: "POST", token: state.user.token });
      status.replaceChildren(notice(t("phones.revoked_done", { label: device.label }), "info"));
      reload();
    } catch (err) {
      status.replaceChildren(failed(err));
    }
  }, "btn danger", { "data-testid": `revoke-${device.id}` });
  return btn;
}

export const phonesView = {
  async render() {
    if (!navigator.onLine) return screen("phones.title", notice(t("phones.offline"), "warn"));
    const status = h("div", { "aria-live": "polite" });
    let devices;
    try {
      devices = await api(`/api/devices?site_id=${encodeURIComponent(state.device.site.id)}`, { token: state.user.token });
    } catch (err) {
      return screen("phones.title", failed(err), button(t("phones.refresh"), reload, "btn secondary"));
    }
    const codeBox = h("div", { class: "stack", "aria-live": "polite" });
    const rows = devices.map((d) => h("li", { class: "card", dataset: { revoked: d.revoked ? "1" : "0" } },
      h("span", { class: "card-title" }, d.label || d.id.slice(0, 8),
        d.id === state.device.device_id ? ` · ${t("phones.this")}` : ""),
      h("span", { class: "card-meta" },
        d.revoked ? t("phones.revoked")
          : d.last_seen_at ? t("phones.last_seen", { time: formatDateTime(Date.parse(d.last_seen_at)) }) : t("phones.never_seen")),
      !d.revoked && d.id !== state.device.device_id ? revokeButton(d, status) : ""));
    return screen("phones.title",
      h("h2", {}, t("phones.new")),
      button(t("phones.show_code"), () => showCode(codeBox), "btn", { "data-testid": "show-code" }),
      codeBox,
      h("h2", {}, t("phones.list")),
      h("ul", { class: "cards", "data-testid": "phones" }, rows),
      status,
      link(t("common.back"), "#/settings", "btn tertiary"));
  },
};
