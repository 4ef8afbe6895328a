// A record's corrections as the rulebook wants them shown (forms 10.6-10.7): a
// "Corrected" stamp, the original beside the current values, and each
// correction with who, when and why; corrections still on this phone marked.
// Any domain's record that declares amendable fields uses it (overlay.js
// amends() fills rec.pendingAmends).
import { h } from "./ui.js";
import { t, formatDateTime } from "../lib/i18n.js";

export const isCorrected = (rec) => (rec.amendments?.length ?? 0) + (rec.pendingAmends?.length ?? 0) > 0;

export const correctionStamp = (rec) => (isCorrected(rec)
  ? h("p", { class: "stamp", "data-testid": "correction-stamp" }, t("record.corrected")) : null);

const fieldLabel = (f) => t(`field.${f}`);

function changeRows(changes, show, label) {
  return h("ul", { class: "plain changes" }, Object.entries(changes ?? {}).map(([f, v]) => {
    const from = v && typeof v === "object" && "to" in v ? v.from : null;
    const to = v && typeof v === "object" && "to" in v ? v.to : v;
    return h("li", {}, h("strong", {}, label(f)), ": ",
      from != null ? [h("del", {}, show(f, from)), " → "] : null,
      h("ins", {}, show(f, to)));
  }));
}

// fields: the amendable fields shown in the original; show(field, value) -> text;
// label(field) -> its name (default the shared "field.<name>"); originalKey: the heading.
export function correctionHistory(rec, { fields, show, label = fieldLabel, originalKey = "record.original" }) {
  if (!isCorrected(rec)) return null;
  return [
    h("h2", {}, t(originalKey)),
    h("dl", { class: "facts original", "data-testid": "original" },
      fields.map((f) => [h("dt", {}, label(f)), h("dd", {}, show(f, rec.original?.[f]))])),
    h("h2", {}, t("record.corrections")),
    h("ol", { class: "amendments", "data-testid": "corrections" },
      (rec.amendments ?? []).map((a) => h("li", {},
        h("p", {}, t("record.corrected_by", { name: a.by_name ?? a.by, time: formatDateTime(a.at) })),
        h("p", {}, t("record.reason"), ": ", a.reason),
        changeRows(a.changes, show, label))),
      (rec.pendingAmends ?? []).map((a) => h("li", { class: "pending" },
        h("p", {}, t("record.correction_pending", { time: formatDateTime(a.at) })),
        h("p", {}, t("record.reason"), ": ", a.reason),
        changeRows(a.changes, show, label)))),
  ];
}
