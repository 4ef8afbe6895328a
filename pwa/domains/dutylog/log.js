// The duty log: every entry of this site, own pending ones marked.
import { h, screen, link, notice } from "../../page/ui.js";
import { t, formatDateTime, reasonText } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { logEntries } from "./data.js";

export function entryBadges(rec) {
  const badges = [];
  if (rec.pending) badges.push(["warn", t("common.not_synced")]);
  if (rec.outboxStatus === "rejected") badges.push(["error", t("dutylog.log.rejected")]);
  if (rec.pendingAmends?.length) badges.push(["warn", t("dutylog.log.amend_not_synced")]);
  if (rec.amendments?.length) badges.push(["info", t("dutylog.log.corrected")]);
  if (rec.review) badges.push(["ok", t("dutylog.log.countersigned")]);
  else if (rec.pendingCountersign) badges.push(["warn", t("dutylog.log.countersign_not_synced")]);
  for (const f of rec.flags ?? []) badges.push(["error", reasonText(typeof f === "string" ? f : f.code)]);
  return h("span", { class: "badges" }, badges.map(([kind, text]) => h("span", { class: `badge ${kind}` }, text)));
}

export const numberOf = (rec) => rec.number ?? t("dutylog.log.provisional");

export const logView = {
  live: true,
  async render() {
    const entries = await logEntries(state.user, state.device.site.id);
    return screen("dutylog.log.title",
      link(t("dutylog.log.new"), "#/log/new", "btn"),
      entries.length
        ? h("ul", { class: "cards", "data-testid": "log-list" }, entries.map((rec) => h("li", {},
          h("a", { class: "card", href: `#/log/${rec.id}`, dataset: { id: rec.id, pending: rec.pending ? "1" : "0" } },
            h("span", { class: "card-head" },
              h("span", { class: rec.number ? "number" : "number provisional" }, numberOf(rec)),
              h("span", { class: "when" }, formatDateTime(rec.device_at))),
            h("span", { class: "card-title" }, t(`dutylog.category.${rec.category}`), rec.location ? ` · ${rec.location}` : ""),
            h("span", { class: "card-text" }, rec.text),
            h("span", { class: "card-meta" }, rec.author_name ?? ""),
            entryBadges(rec)))))
        : notice(t("dutylog.log.empty")));
  },
};
