// Gate log: who is inside now (visitors and vehicles, with "gone out"),
// visitor in, vehicle in, and a refusal with its reason. Only the type of
// identification and its last four characters are kept, and the gate shows
// unit numbers only: never a resident's name or phone.
import { h, screen, field, notice, go, saveForm, link, button, toast } from "../../page/ui.js";
import { t, formatTime, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { correctionStamp, correctionHistory } from "../../page/corrections.js";
import {
  gateLog, visitorIn, visitorRefused, vehicleIn, goneOut, amendGate, gateKind, GATE_AMENDABLE, ID_TYPES, REFUSALS,
} from "./data.js";
import { patrolLinks } from "./rounds.js";

const text = (max, attrs = {}) => h("input", { type: "text", class: "input", maxlength: String(max), autocomplete: "off", ...attrs });

function select(prefix, values, withEmpty) {
  return h("select", { class: "input" },
    withEmpty ? h("option", { value: withEmpty }, t(`${prefix}${withEmpty}`)) : null,
    values.map((v) => h("option", { value: v }, t(`${prefix}${v}`))));
}

const whoText = (x) => (x.kind === "vehicle" ? x.plate : x.name);
const recordHref = (x) => `#/gate/record/${encodeURIComponent(x.id)}`;

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
          h("a", { class: "card-title inline", href: recordHref(x) }, whoText(x)),
          h("span", { class: "card-meta" }, t("patrol.gate.unit_n", { unit: x.unit }), " · ", x.purpose),
          x.pending ? h("span", { class: "badges" }, h("span", { class: "badge warn" }, t("common.not_synced"))) : null,
          button(t("patrol.gate.out"), async (e) => {
            e.currentTarget.disabled = true;
            await goneOut(state.user, x);
            toast(t("patrol.gate.out_saved", { who: whoText(x) }));
          }, "btn secondary", { "aria-label": t("patrol.gate.out_who", { who: whoText(x) }) })))))
        : notice(t("patrol.gate.nobody_inside")),
      recent.length ? [h("h2", {}, t("patrol.gate.recent")),
        h("ul", { class: "cards gate-recent", "data-testid": "gate-recent" }, recent.map((x) => h("li", { dataset: { id: x.id, status: x.status } },
          h("a", { class: "card", href: recordHref(x) },
            h("span", { class: "card-title" }, whoText(x) || "—"),
            h("span", { class: "card-meta" }, t(`patrol.gate.status_${x.status}`),
              x.unit ? ` · ${t("patrol.gate.unit_n", { unit: x.unit })}` : "",
              x.reason ? ` · ${t(`patrol.gate.refusal_${x.reason}`)}` : "",
              ` · ${formatDateTime(x.out_at ?? x.at)}`)))))] : null);
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

// ---- one gate record: its number, stamp, corrections with the original, countersign ----

const gateRecord = async (id) => (await gateLog(state.user, state.device.site.id)).all.find((x) => x.id === id) ?? null;
const fieldLabel = (f) => t(`patrol.gate.${f}`);
const showField = (f, v) => (v == null || v === "" ? "—" : f === "id_type" ? t(`patrol.gate.id_${v}`) : String(v));

function reviewPart(rec) {
  if (rec.review) {
    return h("p", { "data-testid": "record-review" },
      t("record.countersigned_by", { name: rec.review.user_name ?? "", time: formatDateTime(rec.review.corrected_at ?? rec.review.device_at) }),
      rec.review.approved === false ? [" · ", h("strong", {}, t("record.not_approved"))] : null,
      rec.review.note ? ` · ${rec.review.note}` : "");
  }
  if (rec.pendingReview) return notice(t("record.countersign_pending"), "warn");
  return h("p", { class: "hint", "data-testid": "record-review" }, t("record.awaiting"));
}

export const recordView = {
  live: true,
  async render(id) {
    const rec = await gateRecord(id);
    if (!rec) return screen("patrol.gate.record_missing", link(t("common.back"), "#/gate", "btn tertiary"));
    const fields = GATE_AMENDABLE[gateKind(rec)];
    return screen("patrol.gate.record_title",
      h("p", { class: "entry-number" }, h("span", { class: rec.number ? "number" : "number provisional", "data-testid": "record-number" },
        rec.number ?? t("record.provisional")), " ",
      h("span", { class: "badge" }, t(`patrol.gate.status_${rec.status}`)),
      rec.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null),
      correctionStamp(rec),
      h("dl", { class: "facts", "data-testid": "record-facts" },
        h("dt", {}, t("patrol.gate.kind")), h("dd", {}, t(`patrol.gate.kind_${rec.kind}`)),
        fields.map((f) => [h("dt", {}, fieldLabel(f)), h("dd", {}, showField(f, rec[f]))]),
        rec.reason ? [h("dt", {}, t("patrol.gate.refusal_reason")), h("dd", {}, t(`patrol.gate.refusal_${rec.reason}`))] : null,
        h("dt", {}, t("patrol.gate.time_in")), h("dd", {}, formatDateTime(rec.at)),
        rec.time_out || rec.out_at ? [h("dt", {}, t("patrol.gate.time_out")), h("dd", {}, formatDateTime(rec.time_out?.device_at ?? rec.out_at))] : null,
        h("dt", {}, t("record.author")), h("dd", {}, rec.author_name ?? "—")),
      correctionHistory(rec, { fields, show: showField, label: fieldLabel }),
      h("h2", {}, t("record.countersign")), reviewPart(rec),
      mayWrite("record.amend") ? link(t("patrol.gate.correct"), `${recordHref(rec)}/amend`, "btn secondary") : null,
      link(t("common.back"), "#/gate", "btn tertiary"));
  },
};

export const amendRecordView = {
  async render(id) {
    const rec = await gateRecord(id);
    if (!rec) return screen("patrol.gate.record_missing", link(t("common.back"), "#/gate", "btn tertiary"));
    const fields = GATE_AMENDABLE[gateKind(rec)];
    const inputs = Object.fromEntries(fields.map((f) => {
      const el = f === "id_type" ? select("patrol.gate.id_", ID_TYPES, "none")
        : f === "note" ? h("textarea", { class: "input", rows: "3", maxlength: "1000" }) : text(f === "id_last4" ? 4 : 300);
      el.value = rec[f] ?? (f === "id_type" ? "none" : "");
      return [f, el];
    }));
    const reason = text(1000, { required: true });
    const status = h("div", { "aria-live": "polite" });
    const form = saveForm(async () => {
      const changes = {};
      for (const f of fields) {
        const v = f === "id_last4" || f === "plate" ? inputs[f].value.trim().toUpperCase() : inputs[f].value.trim();
        if (v !== (rec[f] ?? (f === "id_type" ? "none" : ""))) changes[f] = v;
      }
      if (!Object.keys(changes).length) return void status.replaceChildren(notice(t("record.amend_no_changes"), "error"));
      if (!reason.value.trim()) return void status.replaceChildren(notice(t("record.amend_reason_required"), "error"));
      await amendGate(state.user, rec, changes, reason.value.trim());
      toast(t("record.amend_saved"));
      go(recordHref(rec));
    }, fields.map((f) => field(`patrol.gate.${f}`, inputs[f])),
    field("record.amend_reason", reason), status,
    h("button", { type: "submit", class: "btn" }, t("record.amend_submit")));
    return screen("patrol.gate.amend_title", h("p", {}, t("record.amend_intro")), form,
      link(t("common.cancel"), recordHref(rec), "btn tertiary"));
  },
};
