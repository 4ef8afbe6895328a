// The supervisor's inbox: flagged and rejected mutations and field conflicts,
// each with its reasons in the reader's language, resolved with a note.
import { h, screen, field, notice, go, saveForm, link, button, toast, oneAtATime } from "../../page/ui.js";
import { t, formatDateTime, formatDay, reasonText } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { domainSections } from "../../page/sections.js";
import { reviewItems, resolveReview, awaitingDays, awaitingDay, dayRecords, countersignRecords } from "./data.js";

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

// A day with records awaiting the supervisor's countersign (forms 10.5).
const dayHref = (d) => `#/inbox/day/${encodeURIComponent(d.day)}`;
const daySummary = (d) => h("a", { class: "card", href: dayHref(d), dataset: { day: d.day } },
  h("span", { class: "card-title" }, formatDay(d.day)),
  h("span", { class: "card-meta" }, Object.entries(d.kinds ?? {}).filter(([, c]) => c.total > c.reviewed)
    .map(([k, c]) => `${t(`kind.${k}`)}: ${c.total - c.reviewed}`).join(" · ")),
  h("span", { class: "badge warn" }, t("inbox.day_awaiting", { n: d.awaiting })));

export const inboxView = {
  live: true,
  async render() {
    const days = await awaitingDays(state.user, state.device.site.id);
    const items = await reviewItems(state.user);
    const others = await domainSections("inbox", state.user, state.device.site.id); // e.g. overdue cases
    const open = items.filter((i) => i.status === "open" && !i.pendingResolve);
    const waiting = items.filter((i) => i.status === "open" && i.pendingResolve);
    const done = items.filter((i) => i.status !== "open").slice(0, 20);
    return screen("inbox.title",
      others,
      days.length ? [h("h2", {}, t("inbox.days")),
        h("ul", { class: "cards", "data-testid": "inbox-days" }, days.map((d) => h("li", {}, daySummary(d))))] : null,
      days.length ? h("h2", {}, t("inbox.flags")) : null,
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

// How a record of another domain shows here: the domain's `records` declaration
// in its index.js ({ [kind]: { title(rec), href(rec), signers(rec), needsNote(rec) } },
// each optional), else its number; signers (default its author) never countersign
// it, and a record whose needsNote says so is countersigned only with a note.
async function recordShapes() {
  const { DOMAINS } = await import("../index.js"); // the registry, read at render time
  return Object.assign({}, ...DOMAINS.map((d) => d.records ?? {}));
}

export const dayView = {
  live: true,
  async render(day) {
    const site = state.device.site.id;
    const d = await awaitingDay(state.user, site, day);
    const kinds = Object.keys(d?.kinds ?? {});
    const [byKind, shapes] = await Promise.all([dayRecords(state.user, site, day, kinds), recordShapes()]);
    const records = Object.values(byKind).flat();
    const status = h("div", { "aria-live": "polite" });
    const boxes = [];
    const row = (rec, kind) => {
      const shape = shapes[kind] ?? {};
      const own = (shape.signers?.(rec) ?? [rec.author_id]).includes(state.user.id); // nobody countersigns what they signed
      const box = h("input", { type: "checkbox", checked: !own && !rec.pendingReview, disabled: own || Boolean(rec.pendingReview) });
      box.record = rec;
      box.kind = kind;
      box.needsNote = Boolean(shape.needsNote?.(rec));
      boxes.push(box);
      return h("li", { dataset: { id: rec.id, kind } },
        h("label", { class: "choice" }, box, h("span", {},
          h("strong", {}, rec.number ?? "—"), " · ", shape.title?.(rec) ?? "",
          h("span", { class: "hint" }, ` · ${rec.author_name ?? ""} · ${formatDateTime(rec.device_at)}`))),
        shape.href ? link(t("inbox.open_record"), shape.href(rec), "inline") : null,
        own ? h("p", { class: "hint" }, t("inbox.own_record")) : null,
        rec.pendingReview ? h("span", { class: "badge warn" }, t("record.countersign_pending")) : null);
    };
    const groups = kinds.map((kind) => {
      const list = byKind[kind];
      return list.length ? [h("h2", {}, t(`kind.${kind}`)), h("ul", { class: "plain day-records", "data-testid": `day-${kind}` }, list.map((r) => row(r, kind)))] : null;
    });
    const approved = h("input", { type: "checkbox", checked: true });
    const note = h("textarea", { class: "input", rows: "3", maxlength: "1000" });
    const form = mayWrite("record.review") && records.some((r) => !r.pendingReview) ? saveForm(async () => {
      const chosen = boxes.filter((b) => b.checked && !b.disabled);
      if (!chosen.length) return void status.replaceChildren(notice(t("inbox.day_none_chosen"), "error"));
      if (!approved.checked && !note.value.trim()) return void status.replaceChildren(notice(t("inbox.day_note_required"), "error"));
      const needs = chosen.find((b) => b.needsNote);
      if (needs && !note.value.trim()) {
        return void status.replaceChildren(notice(t("inbox.day_note_needed", { record: needs.record.number ?? t(`kind.${needs.kind}`) }), "error"));
      }
      for (const kind of kinds) {
        const ids = chosen.filter((b) => b.kind === kind).map((b) => b.record.id);
        if (ids.length) await countersignRecords(state.user, kind, ids, { approved: approved.checked, note: note.value.trim() });
      }
      toast(t("inbox.day_saved", { n: chosen.length }));
      go("#/inbox");
    }, h("label", { class: "choice" }, approved, h("span", {}, t("inbox.day_approved"))),
    field("inbox.note", note, "inbox.day_note_hint"), status,
    h("button", { type: "submit", class: "btn", "data-testid": "countersign-day" }, t("inbox.day_submit"))) : null;
    return screen("inbox.day_title",
      h("p", {}, formatDay(day)),
      records.length ? groups : notice(t("inbox.day_empty")),
      form,
      link(t("common.back"), "#/inbox", "btn tertiary"));
  },
};
