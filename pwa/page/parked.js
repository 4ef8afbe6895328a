// Records the server did not accept (PROTOCOL.md P3.4): it parked them for a
// supervisor's review and synced the rest; the phone keeps them in `parked` and
// lists them here, each with the server's reason, in the user's language.
import { h, notice } from "./ui.js";
import { t, has, formatDateTime, reasonText } from "../lib/i18n.js";
import { parkedEntries } from "../lib/outbox.js";

const kindName = (kind) => (has(`kind.${kind}`) ? t(`kind.${kind}`) : kind);

export async function parkedList() {
  const parked = (await parkedEntries()).sort((a, b) => a.seq - b.seq);
  if (!parked.length) return null;
  return h("section", { "data-testid": "parked" },
    h("h2", {}, t("parked.title")),
    notice(t("parked.note", { n: parked.length }), "warn"),
    h("ul", { class: "plain" }, parked.map((p) => {
      const reason = p.reasons?.[0];
      return h("li", { "data-testid": "parked-item", "data-seq": String(p.seq) },
        h("strong", {}, kindName(p.mutation.kind)), ` · ${formatDateTime(p.mutation.occurred_at)} · #${p.seq}`,
        h("br"), reasonText(reason?.code ?? p.status, reason?.detail));
    })));
}
