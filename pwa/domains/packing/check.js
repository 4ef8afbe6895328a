// The arrival check: any phone of the site scans a box label offline; the
// signature is checked against the phones' keys it pulled, the seal number as
// found is compared, and the result is recorded (anything but intact goes to the
// supervisor when it syncs).
import { h, screen, notice, field, button } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { Scanner } from "../../page/scanner.js";
import { checkLabel } from "./labels.js";
import { recordArrival } from "./data.js";

let scanner = null;

export const checkView = {
  async render() {
    const result = h("div", { "aria-live": "polite", "data-testid": "check-result" });
    const seal = h("input", { type: "text", class: "input", maxlength: "40", autocomplete: "off" });
    const broken = h("input", { type: "checkbox", class: "check", id: "seal-broken" });
    let label = null;
    const record = async () => {
      const found = await checkLabel(state.user, state.device, label, seal.value.trim(), broken.checked);
      await recordArrival(state.user, { label, seal_seen: seal.value.trim(), seal_broken: broken.checked,
        result: found.result, note: "" });
      const c = found.claims;
      result.dataset.result = found.result;
      result.replaceChildren(notice(t(`packing.check.result_${found.result}`), found.result === "intact" ? "ok" : "error"),
        c ? h("dl", { class: "facts" },
          h("dt", {}, t("packing.check.items")), h("dd", {}, String(c.get(9))),
          h("dt", {}, t("packing.check.seal_on_label")), h("dd", {}, c.get(10) || "—"),
          h("dt", {}, t("packing.check.sealed_at")), h("dd", {}, formatDateTime(c.get(4) * 1000))) : null);
      return found.result === "intact";
    };
    scanner = new Scanner({
      manualLabelKey: "packing.check.manual_label",
      onCode: async (text) => {
        label = text;
        return record();
      },
    });
    return screen("packing.check.title", h("p", {}, t("packing.check.intro")),
      field("packing.check.seal_seen", seal, "packing.check.seal_hint"),
      h("label", { class: "choice" }, broken, h("span", {}, t("packing.check.seal_broken"))),
      scanner.el, result,
      button(t("packing.check.again"), async () => { if (label) await record(); }, "btn secondary"));
  },
  leave() { scanner?.stop(); scanner = null; },
};
