// Patrol scan: each checkpoint QR read is logged at once as a patrol entry in
// the outbox (works offline). Later issues give checkpoints their own kind.
import { h, screen, notice } from "../../page/ui.js";
import { t, formatTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { Scanner } from "../../page/scanner.js";
import { addLogEntry } from "./data.js";

let scanner = null;

export const scanView = {
  render() {
    const list = h("ol", { class: "plain scans", "data-testid": "scans", reversed: true });
    scanner = new Scanner({
      onCode: async (code, { source }) => {
        const entry = await addLogEntry(state.user, {
          category: "patrol",
          text: t("dutylog.scan.entry_text", { code }),
          location: code,
        });
        list.prepend(h("li", { dataset: { code, seq: String(entry.seq) } },
          h("strong", {}, code), ` · ${formatTime(entry.created_at)} · ${t(source === "manual" ? "dutylog.scan.manual" : "dutylog.scan.camera")}`));
        window.dispatchEvent(new CustomEvent("gatehouse:recorded", { detail: { code, seq: entry.seq } }));
        return true;
      },
      manualLabelKey: "dutylog.scan.manual_label",
    });
    return screen("dutylog.scan.title", h("p", {}, t("dutylog.scan.intro")), scanner.el,
      h("h2", {}, t("dutylog.scan.recent")), list, notice(t("dutylog.scan.saved_offline")));
  },
  leave() { scanner?.stop(); scanner = null; },
};
