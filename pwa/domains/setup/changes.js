// The change log (online): every set-up change with its version, who, when and why.
import { h, screen, notice, button } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { changes, sections, offline, failed } from "./data.js";

const HERE = "#/setup/changes";
const shown = (v) => (v === null || v === undefined || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

function entry(c) {
  return h("li", { class: "card", dataset: { subject: c.subject, version: String(c.version) } },
    h("span", { class: "card-head" }, h("span", {}, t(`setup.subject_${c.subject}`), " · ", t("setup.version", { n: c.version })),
      h("span", {}, formatDateTime(Date.parse(c.at)))),
    h("span", { class: "card-title" }, t(`setup.action_${c.action}`), " · ", c.by.name),
    h("span", { class: "card-text", "data-testid": "change-reason" }, c.reason ? t("setup.because", { reason: c.reason }) : t("setup.no_reason")),
    Object.keys(c.changes).length ? h("ul", { class: "plain changes" }, Object.entries(c.changes).map(([k, [before, after]]) =>
      h("li", {}, `${k}: ${shown(before)} → ${shown(after)}`))) : null);
}

export const changesView = {
  async render(subjectId) {
    if (!navigator.onLine) return screen("setup.changes", sections(HERE), offline());
    const params = subjectId ? { subject_id: decodeURIComponent(subjectId) } : {};
    let page;
    try { page = await changes(params); } catch (err) { return screen("setup.changes", sections(HERE), failed(err)); }
    const list = h("ul", { class: "cards", "data-testid": "change-log" }, page.changes.map(entry));
    let next = page.next;
    const more = button(t("setup.more"), async () => {
      try {
        const p = await changes({ ...params, before: String(next) });
        list.append(...p.changes.map(entry));
        next = p.next;
        more.hidden = !next;
      } catch (err) { list.after(failed(err)); }
    }, "btn secondary");
    more.hidden = !next;
    return screen("setup.changes", sections(HERE),
      h("p", { class: "hint" }, t("setup.changes_hint")),
      page.changes.length ? list : notice(t("setup.changes_none")), more);
  },
};
