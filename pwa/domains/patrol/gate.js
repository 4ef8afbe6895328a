// Gate log: who is inside now (visitors and vehicles, with "gone out"),
// visitor in, vehicle in, and a refusal with its reason. Only the type of
// identification and its last four characters are kept, and the gate shows
// unit numbers only: never a resident's name or phone.
import { h, screen, field, notice, go, saveForm, link, button, toast } from "../../page/ui.js";
import { t, formatTime, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { gateLog, visitorIn, visitorRefused, vehicleIn, goneOut, ID_TYPES, REFUSALS } from "./data.js";
import { patrolLinks } from "./rounds.js";

const text = (max, attrs = {}) => h("input", { type: "text", class: "input", maxlength: String(max), autocomplete: "off", ...attrs });

function select(prefix, values, withEmpty) {
  return h("select", { class: "input" },
    withEmpty ? h("option", { value: withEmpty }, t(`${prefix}${withEmpty}`)) : null,
    values.map((v) => h("option", { value: v }, t(`${prefix}${v}`))));
}

const whoText = (x) => (x.kind === "vehicle" ? x.plate : x.name);

export const gateView = {
  live: true,
  async render() {
    const { all, inside } = await gateLog(state.user, state.device.site.id);
    const recent = all.filter((x) => x.status !== "inside").slice(0, 20);
    return screen("patrol.gate.title",
      patrolLinks("#/gate"),
      h("div", { class: "stack" },
        link(t("patrol.gate.visitor_in"), "#/gate/visitor", "btn"),
        link(t("patrol.gate.vehicle_in"), "#/gate/vehicle", "btn"),
        link(t("patrol.gate.refuse"), "#/gate/refuse", "btn secondary")),
      h("h2", {}, t("patrol.gate.inside_now", { n: inside.length })),
      inside.length ? h("ul", { class: "cards", "data-testid": "inside" }, inside.map((x) => h("li", {},
        h("div", { class: "card", dataset: { id: x.id, kind: x.kind } },
          h("span", { class: "card-head" }, h("span", {}, t(`patrol.gate.kind_${x.kind}`)), h("span", {}, t("patrol.gate.since", { time: formatTime(x.at) }))),
          h("span", { class: "card-title" }, whoText(x)),
          h("span", { class: "card-meta" }, t("patrol.gate.unit_n", { unit: x.unit }), " · ", x.purpose),
          x.pending ? h("span", { class: "badges" }, h("span", { class: "badge warn" }, t("common.not_synced"))) : null,
          button(t("patrol.gate.out"), async (e) => {
            e.currentTarget.disabled = true;
            await goneOut(state.user, x);
            toast(t("patrol.gate.out_saved", { who: whoText(x) }));
          }, "btn secondary", { "aria-label": t("patrol.gate.out_who", { who: whoText(x) }) })))))
        : notice(t("patrol.gate.nobody_inside")),
      recent.length ? [h("h2", {}, t("patrol.gate.recent")),
        h("ul", { class: "plain gate-recent", "data-testid": "gate-recent" }, recent.map((x) => h("li", { dataset: { id: x.id, status: x.status } },
          h("strong", {}, whoText(x) || "—"), ` · ${t(`patrol.gate.status_${x.status}`)}`,
          x.unit ? ` · ${t("patrol.gate.unit_n", { unit: x.unit })}` : "",
          x.reason ? ` · ${t(`patrol.gate.refusal_${x.reason}`)}` : "",
          ` · ${formatDateTime(x.out_at ?? x.at)}`)))] : null);
  },
};

function gateForm(titleKey, fields, onSave) {
  const status = h("div", { "aria-live": "polite" });
  const form = saveForm(async () => {
    const problem = onSave.check();
    if (problem) return void status.replaceChildren(notice(t(problem), "error"));
    await onSave.save();
    toast(t("patrol.gate.saved"));
    go("#/gate");
  }, fields, status, h("button", { type: "submit", class: "btn" }, t(onSave.submitKey ?? "patrol.gate.save")));
  return screen(titleKey, h("p", { class: "hint" }, t("patrol.gate.privacy")), form, link(t("common.cancel"), "#/gate", "btn tertiary"));
}

const LAST4 = /^[A-Za-z0-9]{1,4}$/;

export const visitorView = {
  render() {
    const name = text(200, { required: true, autocomplete: "off" });
    const idType = select("patrol.gate.id_", ID_TYPES);
    const last4 = text(4, { required: true, pattern: "[A-Za-z0-9]{1,4}", autocapitalize: "characters" });
    const unit = text(40, { required: true });
    const purpose = text(300, { required: true });
    return gateForm("patrol.gate.visitor_title", [
      field("patrol.gate.name", name), field("patrol.gate.id_type", idType), field("patrol.gate.id_last4", last4, "patrol.gate.id_last4_hint"),
      field("patrol.gate.unit", unit, "patrol.gate.unit_hint"), field("patrol.gate.purpose", purpose)], {
      check: () => (!name.value.trim() ? "patrol.gate.name_required"
        : !LAST4.test(last4.value.trim()) ? "patrol.gate.last4_invalid"
          : !unit.value.trim() ? "patrol.gate.unit_required" : !purpose.value.trim() ? "patrol.gate.purpose_required" : null),
      save: () => visitorIn(state.user, {
        name: name.value.trim(), id_type: idType.value, id_last4: last4.value.trim().toUpperCase(),
        unit: unit.value.trim(), purpose: purpose.value.trim(),
      }),
    });
  },
};

export const vehicleView = {
  render() {
    const plate = text(12, { required: true, autocapitalize: "characters" });
    const unit = text(40, { required: true });
    const purpose = text(300, { required: true });
    return gateForm("patrol.gate.vehicle_title", [
      field("patrol.gate.plate", plate), field("patrol.gate.unit", unit, "patrol.gate.unit_hint"), field("patrol.gate.purpose", purpose)], {
      check: () => (!/^[A-Za-z0-9 -]{1,12}$/.test(plate.value.trim()) ? "patrol.gate.plate_invalid"
        : !unit.value.trim() ? "patrol.gate.unit_required" : !purpose.value.trim() ? "patrol.gate.purpose_required" : null),
      save: () => vehicleIn(state.user, {
        plate: plate.value.trim().toUpperCase(), unit: unit.value.trim(), purpose: purpose.value.trim(),
      }),
    });
  },
};

export const refuseView = {
  render() {
    const reason = select("patrol.gate.refusal_", REFUSALS);
    const name = text(200);
    const idType = select("patrol.gate.id_", ID_TYPES, "none");
    const last4 = text(4, { autocapitalize: "characters" });
    const unit = text(40);
    const purpose = text(300);
    const note = h("textarea", { class: "input", rows: "3", maxlength: "1000" });
    return gateForm("patrol.gate.refuse_title", [
      field("patrol.gate.refusal_reason", reason), field("patrol.gate.note", note), field("patrol.gate.name_optional", name),
      field("patrol.gate.id_type", idType), field("patrol.gate.id_last4_optional", last4, "patrol.gate.id_last4_hint"),
      field("patrol.gate.unit_optional", unit), field("patrol.gate.purpose_optional", purpose)], {
      submitKey: "patrol.gate.refuse_save",
      check: () => (last4.value.trim() && !LAST4.test(last4.value.trim()) ? "patrol.gate.last4_invalid"
        : reason.value === "other" && !note.value.trim() ? "patrol.gate.note_required" : null),
      save: () => visitorRefused(state.user, {
        reason: reason.value, note: note.value.trim(), name: name.value.trim(), id_type: idType.value,
        id_last4: last4.value.trim().toUpperCase(), unit: unit.value.trim(), purpose: purpose.value.trim(),
      }),
    });
  },
};
