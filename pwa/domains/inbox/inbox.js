// The supervisor's inbox: flagged and rejected mutations and field conflicts,
// each with its reasons in the reader's language, resolved with a note.
import { h, screen, field, notice, go, link, button, toast, oneAtATime } from "../../page/ui.js";
import { t, formatDateTime, reasonText } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { reviewItems, resolveReview } from "./data.js";

const reasonList = (item) => h("ul", { class: "plain reasons" },
  (item.reasons ?? []).map((r) => h("li", {}, reasonText(r.code, r.detail))));

const show = (v) => (v == null || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

function summary(item) {
  return h("a", { class: "card", href: `#/inbox/${encodeURIComponent(item.id)}`, dataset: { id: item.id, type: item.type } },
    h("span", { class: "card-head" },
      h("span", { class: `badge ${item.type === "conflict" ? "warn" : "error"}` }, t(`inbox.review.type_${item.type}`)),
      h("span", { class: "when" }, formatDateTime(item.created_at))),
    h("span", { class: "card-title" }, item.mutation ? t(`kind.${item.mutation.kind}`) : ""),
    reasonList(item),
    item.pendingResolve ? h("span", { class: "badge warn" }, t("inbox.review.resolve_not_synced")) : null);
}

export const inboxView = {
  live: true,
  async render() {
    const items = await reviewItems(state.user);
    const open = items.filter((i) => i.status === "open" && !i.pendingResolve);
    const waiting = items.filter((i) => i.status === "open" && i.pendingResolve);
    const done = items.filter((i) => i.status !== "open").slice(0, 20);
    return screen("inbox.title",
      open.length ? h("ul", { class: "cards", "data-testid": "inbox-open" }, open.map((i) => h("li", {}, summary(i))))
        : notice(t("inbox.empty")),
      waiting.length ? [h("h2", {}, t("inbox.waiting")), h("ul", { class: "cards" }, waiting.map((i) => h("li", {}, summary(i))))] : null,
      done.length ? [h("h2", {}, t("inbox.resolved")), h("ul", { class: "cards" }, done.map((i) => h("li", {}, summary(i))))] : null);
  },
};

export const itemView = {
  async render(id) {
    const item = (await reviewItems(state.user)).find((i) => i.id === id);
    if (!item) return screen("inbox.missing", link(t("common.back"), "#/inbox"));
    const status = h("div", { "aria-live": "polite" });
    const note = h("textarea", { class: "input", rows: "3", required: true, maxlength: "1000" });
    const resolve = oneAtATime(async (resolution) => {
      if (!note.value.trim()) return void status.replaceChildren(notice(t("inbox.note_required"), "error"));
      await resolveReview(state.user, item, resolution, note.value.trim());
      toast(t("inbox.saved"));
      go("#/inbox");
    });
    const m = item.mutation ?? {};
    const facts = h("dl", { class: "facts" },
      h("dt", {}, t("inbox.type")), h("dd", {}, t(`inbox.review.type_${item.type}`)),
      h("dt", {}, t("inbox.what")), h("dd", {}, m.kind ? t(`kind.${m.kind}`) : "—"),
      h("dt", {}, t("inbox.when")), h("dd", {}, formatDateTime(m.occurred_at ?? item.created_at)),
      h("dt", {}, t("inbox.device")), h("dd", {}, show(m.device_label || m.device_id)),
      item.target ? [h("dt", {}, t("inbox.target")), h("dd", {},
        item.target.kind === "log.entry" ? link(t("inbox.open_target"), `#/log/${encodeURIComponent(item.target.id)}`, "inline") : show(item.target.id))] : null);
    const conflict = item.type === "conflict" ? h("div", { class: "conflict" },
      h("p", {}, t("inbox.field", { field: t(`field.${item.field}`) })),
      h("dl", { class: "facts" },
        h("dt", {}, t("inbox.kept")), h("dd", { "data-testid": "kept" }, show(item.kept)),
        h("dt", {}, t("inbox.other")), h("dd", { "data-testid": "other" }, show(item.other)))) : null;
    const actions = item.status !== "open" ? notice(t("inbox.already", { resolution: t(`inbox.review.resolution_${item.resolution}`) }))
      : item.pendingResolve ? notice(t("inbox.review.resolve_not_synced"), "warn")
        : h("div", { class: "stack" },
          field("inbox.note", note),
          item.type === "conflict"
            ? [button(t("inbox.keep"), () => resolve("keep")), button(t("inbox.restore"), () => resolve("restore"), "btn secondary")]
            : button(t("inbox.acknowledge"), () => resolve("acknowledged")));
    return screen("inbox.item_title", facts, h("h2", {}, t("inbox.reasons")), reasonList(item), conflict, actions, status,
      link(t("common.back"), "#/inbox", "btn tertiary"));
  },
};
