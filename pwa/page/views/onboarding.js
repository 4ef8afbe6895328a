// First screen on a new phone: enroll it by scanning the supervisor's
// enrollment QR (or typing the code). Needs the network, and says so.
import { h, screen, field, notice, go } from "../ui.js";
import { t, reasonText } from "../../lib/i18n.js";
import { Scanner } from "../scanner.js";
import { enroll, parseEnrollCode, defaultLabel, isIosSafariTab } from "../device.js";
import { languageSwitch } from "./settings.js";

let scanner = null;

export const enrollView = {
  render() {
    const status = h("div", { "aria-live": "polite" });
    const labelInput = h("input", { type: "text", class: "input", value: defaultLabel(), autocomplete: "off" });
    let busy = false;

    const submit = async (text) => {
      const code = parseEnrollCode(text);
      if (!code) {
        status.replaceChildren(notice(t("enroll.not_a_code"), "error"));
        return false;
      }
      if (!navigator.onLine) {
        status.replaceChildren(notice(t("common.needs_online"), "error"));
        return false;
      }
      if (busy) return false;
      busy = true;
      status.replaceChildren(notice(t("enroll.working")));
      try {
        await enroll(code, labelInput.value.trim() || defaultLabel());
        scanner?.stop();
        go("#/login");
        return true;
      } catch (err) {
        status.replaceChildren(notice(reasonText(err.reason ?? "network"), "error"));
        return false;
      } finally {
        busy = false;
      }
    };

    scanner = new Scanner({ onCode: submit, manualLabelKey: "enroll.code_label" });
    return screen("enroll.title",
      languageSwitch(),
      isIosSafariTab() ? notice(t("enroll.ios_add_to_home"), "warn") : null,
      !navigator.onLine ? notice(t("common.needs_online"), "warn") : null,
      h("p", {}, t("enroll.intro")),
      field("enroll.label", labelInput, "enroll.label_hint"),
      h("h2", {}, t("enroll.scan_heading")),
      scanner.el,
      h("p", { class: "hint" }, t("enroll.manual_hint")),
      status);
  },
  leave() { scanner?.stop(); scanner = null; },
};
