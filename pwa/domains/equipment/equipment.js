// Equipment: the register floor by floor (where the nearest extinguisher is,
// offline), scanning an item's label, and its type's checklist.
import { h, screen, saveForm, notice, go, link, toast, field } from "../../page/ui.js";
import { t, formatDateTime, reasonText, language } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { Scanner } from "../../page/scanner.js";
import { photoPicker } from "../../page/photos.js";
import { register, byFloor, currentRound, recordCheck, codeOf, itemOf, itemName, daysLeft, CHECKLISTS, TYPES } from "./data.js";

let scanner = null;
let scanned = null; // {id, code}: the label just scanned, for the check screen
let typeFilter = "";
const SOON = 30;

function expiryBadge(i) {
  const left = daysLeft(i.expires_on);
  if (left === null) return null;
  if (left < 0) return h("span", { class: "badge error" }, t("equipment.expired", { date: i.expires_on }));
  if (left <= SOON) return h("span", { class: "badge warn" }, t("equipment.expires_in", { n: left, date: i.expires_on }));
  return h("span", { class: "badge" }, t("equipment.expires_on", { date: i.expires_on }));
}

function lastBadge(i) {
  if (!i.last) return h("span", { class: "badge" }, t("equipment.never_checked"));
  if (i.last.outboxStatus === "rejected") return h("span", { class: "badge error" }, reasonText(i.last.reasons?.[0]?.code ?? "unknown"));
  return [
    h("span", { class: i.last.result === "ok" ? "badge ok" : "badge error" },
      t(`equipment.result_${i.last.result}`, { time: formatDateTime(i.last.corrected_at) })),
    i.last.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null,
  ];
}

function where(i, lang) {
  const cp = i.checkpoint ? (lang === "zh-Hant" && i.checkpoint.name_zh ? i.checkpoint.name_zh : i.checkpoint.name) : "";
  return [cp, i.location].filter(Boolean).join(" · ") || "—";
}

export const listView = {
  live: true,
  async render() {
    const lang = language();
    const all = await register(state.user, state.device.site.id);
    const items = all.filter((i) => !typeFilter || i.type === typeFilter);
    const filter = h("select", { class: "input", onchange: (e) => { typeFilter = e.target.value; go("#/equipment"); } },
      h("option", { value: "" }, t("equipment.all_types")),
      TYPES.map((ty) => h("option", { value: ty, selected: ty === typeFilter }, t(`equipment.type_${ty}`))));
    return screen("equipment.title",
      link(t("equipment.scan"), "#/equipment/scan", "btn"),
      field("equipment.show_type", filter),
      items.length ? byFloor(items).map(([floor, list]) => h("section", { class: "stack", "data-floor": floor },
        h("h2", {}, floor ? t("equipment.floor", { floor }) : t("equipment.no_floor")),
        h("ul", { class: "cards", "data-testid": "equipment" }, list.map((i) => h("li", {},
          h("a", { class: "card", href: `#/equipment/check/${encodeURIComponent(i.id)}`, dataset: { id: i.id, result: i.last?.result ?? "" } },
            h("span", { class: "card-head" }, h("span", {}, t(`equipment.type_${i.type}`)), h("span", {}, floor)),
            h("span", { class: "card-title" }, itemName(i, lang)),
            h("span", { class: "card-meta" }, where(i, lang)),
            h("span", { class: "badges" }, expiryBadge(i), lastBadge(i))))))))
        : notice(t(all.length ? "equipment.none_of_type" : "equipment.empty")));
  },
};

export const scanView = {
  async render() {
    scanner?.stop();
    const items = await register(state.user, state.device.site.id);
    const message = h("div", { "aria-live": "assertive", "data-testid": "scan-message" });
    scanner = new Scanner({
      manualLabelKey: "equipment.manual_label",
      onCode: async (text) => {
        const code = codeOf(text);
        const item = await itemOf(items, text);
        if (!item) {
          message.replaceChildren(notice(reasonText("equipment_unknown"), "error"));
          return false;
        }
        scanned = { id: item.id, code };
        scanner?.stop();
        go(`#/equipment/check/${encodeURIComponent(item.id)}`);
        return true;
      },
    });
    return screen("equipment.scan_title", message, scanner.el, link(t("common.back"), "#/equipment", "btn tertiary"));
  },
  leave() { scanner?.stop(); scanner = null; },
};

function yesNo(key, name) {
  const group = h("fieldset", { class: "choices", dataset: { item: key } },
    h("legend", {}, t(`equipment.check_${key}`)),
    ["yes", "no"].map((v) => h("label", { class: "choice" },
      h("input", { type: "radio", name, value: v, required: true }),
      h("span", {}, t(`equipment.answer_${v}`)))));
  group.value = () => group.querySelector("input:checked")?.value ?? null;
  return group;
}

export const checkView = {
  async render(id) {
    const lang = language();
    const site = state.device.site.id;
    const item = (await register(state.user, site)).find((i) => i.id === id);
    if (!item) return screen("equipment.missing", notice(t("equipment.missing_text")), link(t("common.back"), "#/equipment"));
    const code = scanned?.id === id ? scanned.code : null;
    scanned = null;
    const round = await currentRound(state.user, site);
    const tag = Math.random().toString(36).slice(2, 7);
    const questions = CHECKLISTS[item.type].map((k) => yesNo(k, `q-${k}-${tag}`));
    const note = h("textarea", { class: "input", rows: "3", maxlength: "2000" });
    const photos = photoPicker({ siteId: site, userId: state.user.id });
    const status = h("div", { "aria-live": "polite" });
    const form = saveForm(async () => {
      if (questions.some((q) => !q.value())) return void status.replaceChildren(notice(t("equipment.answer_all"), "error"));
      const answers = Object.fromEntries(questions.map((q) => [q.dataset.item, q.value() === "yes"]));
      const failed = Object.values(answers).some((ok) => !ok);
      if (failed && !note.value.trim()) return void status.replaceChildren(notice(t("equipment.failed_needs_note"), "error"));
      await recordCheck(state.user, { equipment_id: item.id, code, answers, note: note.value.trim(), photos: photos.value(), round_id: round?.id });
      toast(t(failed ? "equipment.saved_failed" : "equipment.saved_ok", { name: itemName(item, lang) }));
      go(round ? `#/patrol/round/${round.id}` : "#/equipment");
    },
    h("p", { class: "card-title" }, itemName(item, lang)),
    h("dl", { class: "facts" },
      h("dt", {}, t("equipment.type")), h("dd", {}, t(`equipment.type_${item.type}`)),
      h("dt", {}, t("equipment.where")), h("dd", {}, `${where(item, lang)}${item.floor ? ` · ${t("equipment.floor", { floor: item.floor })}` : ""}`),
      h("dt", {}, t("equipment.expiry")), h("dd", {}, item.expires_on ?? "—")),
    code ? notice(t("equipment.label_scanned"), "ok") : null,
    round ? h("p", { class: "hint", "data-testid": "in-round" }, t("equipment.in_round")) : null,
    questions,
    field("equipment.note", note, "equipment.note_hint"),
    photos,
    status,
    h("button", { type: "submit", class: "btn" }, t("equipment.save")));
    form.setAttribute("data-testid", "equipment-check");
    form.dataset.item = item.id;
    return screen("equipment.check_title", form, link(t("common.cancel"), "#/equipment", "btn tertiary"));
  },
};
