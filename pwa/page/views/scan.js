// Patrol scan: each checkpoint QR read is logged at once as a patrol entry in
// the outbox (works offline). Later issues give checkpoints their own kind.
import { h, screen, notice } from "../ui.js";
import { t, formatTime } from "../../lib/i18n.js";
import { state } from "../state.js";
import { Scanner } from "../scanner.js";
import { addLogEntry } from "../records.js";

let scanner = null;

export const scanView = {
  render() {
    const list = h("ol", { class: "plain scans", "data-testid": "scans", reversed: true });
    scanner = new Scanner({
      onCode: async (code, { source }) => {
        const entry = await addLogEntry(state.user, {
          category: "patrol",
          text: t("scan.entry_text", { code }),
          location: code,
        });
        list.prepend(h("li", { dataset: { code, seq: String(entry.seq) } },
          h("strong", {}, code), ` · ${formatTime(entry.created_at)} · ${t(source === "manual" ? "scan.manual" : "scan.camera")}`));
        window.dispatchEvent(new CustomEvent("gatehouse:recorded", { detail: { code, seq: entry.seq } }));
        return true;
      },
      manualLabelKey: "scan.manual_label",
    });
    return screen("scan.title", h("p", {}, t("scan.intro")), scanner.el,
      h("h2", {}, t("scan.recent")), list, notice(t("scan.saved_offline")));
  },
  leave() { scanner?.stop(); scanner = null; },
};
