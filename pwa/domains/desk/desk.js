// The front desk (a phone, or the counter's 1280 x 800 screen: two columns):
// the site's passes, issuing one (photo taken in the page), a pass's QR, card
// and page link once synced, and revoking it in one action.
import { h, screen, field, notice, go, saveForm, link, button, toast } from "../../page/ui.js";
import { t } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { photoPicker } from "../../page/photos.js";
import { passes, issuePass, revokePass, passToken, blobUrl, PURPOSES, permits, requestPermit, recordConsent, sendConsentEmail, parseGoods, permitToken } from "./data.js";

// A detail screen follows new data (its QR appears after sync) until someone starts
// typing in its form: then a sync landing must not wipe what they wrote.
const untouched = () => ![...document.querySelectorAll("#view form input, #view form textarea")]
  .some((el) => el.value || document.activeElement === el);

const input = (type, attrs = {}) => h("input", { type, class: "input", autocomplete: "off", ...attrs });
const today = (days = 0) => new Date(Date.now() + days * 86400000).toLocaleDateString("en-CA");

function passCard(p) {
  return h("li", {}, h("a", { class: "card", href: `#/desk/pass/${p.id}`, dataset: { id: p.id, status: p.status } },
    h("span", { class: "card-head" }, h("span", {}, p.number ?? t("desk.number_pending")),
      h("span", { class: `badge ${p.status === "active" ? "ok" : "warn"}` }, t(`desk.status.${p.status}`))),
    h("span", { class: "card-title" }, p.name),
    h("span", { class: "card-meta" }, `${p.company || "—"} · ${t("desk.unit_n", { unit: p.unit })}`),
    h("span", { class: "card-meta" }, t("desk.valid_dates", { from: p.valid_from, until: p.valid_until }))));
}

export const deskView = {
  live: true,
  async render() {
    const [list, releases] = await Promise.all([passes(state.user, state.device.site.id), permits(state.user, state.device.site.id)]);
    return screen("desk.title",
      h("div", { class: "desk-layout" },
        h("div", { class: "desk-actions stack" },
          link(t("desk.issue"), "#/desk/pass/new", "btn"),
          link(t("desk.permit.new"), "#/desk/permit/new", "btn secondary"),
          link(t("desk.mail.title"), "#/desk/mail", "btn secondary"),
          link(t("desk.shift.title"), "#/desk/shift", "btn secondary"),
          link(t("desk.gate_check"), "#/desk/gate", "btn secondary"),
          h("p", { class: "hint" }, t("desk.privacy")),
          h("h2", {}, t("desk.permit.list", { n: releases.length })),
          releases.length ? h("ul", { class: "cards", "data-testid": "permits" }, releases.map(permitCard)) : notice(t("desk.permit.none"))),
        h("div", { class: "desk-list" },
          h("h2", {}, t("desk.passes", { n: list.length })),
          list.length ? h("ul", { class: "cards", "data-testid": "passes" }, list.map(passCard)) : notice(t("desk.no_passes")))));
  },
};

export const newPassView = {
  render() {
    const name = input("text", { required: true, maxlength: "200" });
    const company = input("text", { maxlength: "200" });
    const phone = input("tel", { required: true, maxlength: "20" });
    const unit = input("text", { required: true, maxlength: "40" });
    const purpose = h("select", { class: "input" }, PURPOSES.map((p) => h("option", { value: p }, t(`desk.purpose.${p}`))));
    const from = input("date", { value: today(), required: true });
    const until = input("date", { value: today(6), required: true });
    const hoursFrom = input("time", { value: "08:00" });
    const hoursUntil = input("time", { value: "18:00" });
    const gates = input("text", { value: "main", maxlength: "200" });
    const photo = photoPicker({ siteId: state.device.site.id, userId: state.user.id, labelKey: "desk.photo", uploadAs: "pass" });
    const status = h("div", { "aria-live": "polite" });
    const form = saveForm(async () => {
      const problem = !name.value.trim() ? "desk.name_required"
        : !/^\+?[0-9 -]{6,20}$/.test(phone.value.trim()) ? "desk.phone_invalid"
          : !unit.value.trim() ? "desk.unit_required"
            : photo.value().length !== 1 ? "desk.photo_required"
              : until.value < from.value ? "desk.dates_invalid" : null;
      if (problem) return void status.replaceChildren(notice(t(problem), "error"));
      const entry = await issuePass(state.user, {
        name: name.value.trim(), company: company.value.trim(), phone: phone.value.trim(), photo: photo.value()[0],
        unit: unit.value.trim(), purpose: purpose.value, purpose_note: "", valid_from: from.value, valid_until: until.value,
        hours_from: hoursFrom.value, hours_until: hoursUntil.value,
        gates: gates.value.split(",").map((g) => g.trim()).filter(Boolean),
      });
      toast(t("desk.issued"));
      go(`#/desk/pass/${entry.mutation?.id ?? entry.id}`);
    },
    h("div", { class: "desk-form" },
      h("div", {}, field("desk.name", name), field("desk.company", company), field("desk.phone", phone, "desk.phone_hint"),
        field("desk.unit", unit, "desk.unit_hint"), field("desk.purpose", purpose)),
      h("div", {}, field("desk.valid_from", from), field("desk.valid_until", until),
        field("desk.hours_from", hoursFrom), field("desk.hours_until", hoursUntil, "desk.hours_hint"),
        field("desk.gates", gates, "desk.gates_hint"), photo)),
    status, h("button", { type: "submit", class: "btn" }, t("desk.issue_save")));
    return screen("desk.issue_title", form, link(t("common.cancel"), "#/desk", "btn tertiary"));
  },
};

export const passView = {
  get live() { return untouched(); },
  async render(id) {
    const p = (await passes(state.user, state.device.site.id)).find((x) => x.id === id);
    if (!p) return screen("desk.pass_title", notice(t("desk.pass_unknown")), link(t("desk.back"), "#/desk"));
    const qr = h("div", { class: "pass-qr", "data-testid": "pass-qr" });
    if (p.pending || p.status !== "active") {
      qr.append(notice(t(p.pending ? "desk.qr_after_sync" : `desk.status.${p.status}`)));
    } else {
      passToken(p.id).then(async (tok) => {
        const img = h("img", { alt: t("desk.qr_alt"), class: "pass-qr-img", dataset: { token: tok.token } });
        img.src = await blobUrl(`/api/tokens/qr.png?text=${encodeURIComponent(tok.token)}`);
        const card = await blobUrl(`/api/passes/${p.id}/card.pdf`);
        qr.replaceChildren(img,
          h("p", {}, h("a", { href: card, download: `${p.number}.pdf`, class: "btn secondary" }, t("desk.card"))),
          h("p", { class: "hint" }, t("desk.link_hint")),
          h("p", {}, h("a", { href: tok.link, "data-testid": "pass-link", target: "_blank", rel: "noopener" }, location.origin + tok.link)));
      }).catch((err) => qr.replaceChildren(notice(t("desk.qr_offline", { reason: err.reason ?? "network" }))));
    }
    const reason = input("text", { maxlength: "300", id: "revoke-reason" });
    const revoke = p.status === "active" && !p.pending ? saveForm(async () => {
      if (!reason.value.trim()) return void toast(t("desk.revoke_reason_required"));
      await revokePass(state.user, p.id, reason.value.trim());
      toast(t("desk.revoked"));
      go(location.hash);
    }, field("desk.revoke_reason", reason), h("button", { type: "submit", class: "btn danger" }, t("desk.revoke"))) : null;
    return screen("desk.pass_title",
      h("div", { class: "desk-layout" },
        h("div", {},
          h("dl", { class: "facts" },
            h("dt", {}, t("desk.number")), h("dd", {}, p.number ?? t("desk.number_pending")),
            h("dt", {}, t("desk.status_label")), h("dd", { "data-testid": "pass-status" }, t(`desk.status.${p.status}`)),
            h("dt", {}, t("desk.name")), h("dd", {}, p.name),
            h("dt", {}, t("desk.company")), h("dd", {}, p.company || "—"),
            h("dt", {}, t("desk.unit")), h("dd", {}, p.unit),
            h("dt", {}, t("desk.purpose")), h("dd", {}, t(`desk.purpose.${p.purpose}`)),
            h("dt", {}, t("desk.valid")), h("dd", {}, t("desk.valid_dates", { from: p.valid_from, until: p.valid_until })),
            h("dt", {}, t("desk.hours")), h("dd", {}, p.hours_from === p.hours_until ? t("desk.all_day") : `${p.hours_from}–${p.hours_until}`),
            h("dt", {}, t("desk.gates")), h("dd", {}, (p.gates ?? []).join(", "))),
          p.status === "awaiting_approval" && !p.pending ? consentForm("pass.approve", "pass_id", p.id) : null,
          revoke),
        qr),
      link(t("desk.back"), "#/desk", "btn tertiary"));
  },
};

// ---- goods release ------------------------------------------------------------

function permitCard(p) {
  return h("li", {}, h("a", { class: "card", href: `#/desk/permit/${p.id}`, dataset: { id: p.id, status: p.status } },
    h("span", { class: "card-head" }, h("span", {}, p.number ?? t("desk.number_pending")),
      h("span", { class: `badge ${p.status === "approved" ? "ok" : "warn"}` }, t(`desk.permit.status.${p.status}`))),
    h("span", { class: "card-title" }, `${p.holder_name} · ${t("desk.unit_n", { unit: p.unit })}`),
    h("span", { class: "card-meta" }, p.goods.map((g) => `${g.count} × ${g.item}`).join(", "))));
}

export const newPermitView = {
  render() {
    const unit = input("text", { required: true, maxlength: "40" });
    const holder = input("text", { required: true, maxlength: "200" });
    const goods = h("textarea", { class: "input", rows: "5", maxlength: "4000", required: true });
    const photo = photoPicker({ siteId: state.device.site.id, userId: state.user.id, labelKey: "desk.permit.photo", uploadAs: "permit" });
    const status = h("div", { "aria-live": "polite" });
    const form = saveForm(async () => {
      const lines = parseGoods(goods.value);
      const problem = !unit.value.trim() ? "desk.unit_required" : !holder.value.trim() ? "desk.name_required"
        : !lines.length ? "desk.permit.goods_required" : null;
      if (problem) return void status.replaceChildren(notice(t(problem), "error"));
      const entry = await requestPermit(state.user, { goods: lines, photos: photo.value(), unit: unit.value.trim(),
        holder_name: holder.value.trim(), pass_id: null, note: "" });
      toast(t("desk.permit.saved"));
      go(`#/desk/permit/${entry.mutation?.id ?? entry.id}`);
    }, h("div", { class: "desk-form" },
      h("div", {}, field("desk.unit", unit), field("desk.permit.holder", holder, "desk.permit.holder_hint")),
      h("div", {}, field("desk.permit.goods", goods, "desk.permit.goods_hint"), photo)),
    status, h("button", { type: "submit", class: "btn" }, t("desk.permit.save")));
    return screen("desk.permit.new", form, link(t("common.cancel"), "#/desk", "btn tertiary"));
  },
};

// The owner's answer taken by phone (front desk 3): for a goods release, or for a
// pass where the site asks the unit owner to approve passes.
function consentForm(kind, idKey, id) {
  const owner = input("text", { required: true, maxlength: "200" });
  const number = input("tel", { required: true, maxlength: "30" });
  const answer = h("select", { class: "input" }, ["yes", "no"].map((a) => h("option", { value: a }, t(`desk.permit.answer_${a}`))));
  return saveForm(async () => {
    if (!owner.value.trim() || !number.value.trim()) return void toast(t("desk.permit.consent_required"));
    await recordConsent(state.user, kind, { [idKey]: id, method: "phone", owner_name: owner.value.trim(),
      phone_on_file: number.value.trim(), answer: answer.value, note: "" });
    toast(t("desk.permit.consent_saved"));
    go(location.hash);
  }, h("h2", {}, t("desk.permit.consent_title")), h("p", { class: "hint" }, t("desk.permit.consent_hint")),
  field("desk.permit.owner", owner), field("desk.permit.number_on_file", number), field("desk.permit.answer", answer),
  h("button", { type: "submit", class: "btn" }, t("desk.permit.consent_save")));
}

// Online: mail the owner a single-use link to answer (the server sends it).
function emailConsent(p) {
  const email = input("email", { maxlength: "254", autocomplete: "off" });
  const status = h("div", { "aria-live": "polite" });
  return saveForm(async () => {
    try {
      await sendConsentEmail(p.id, email.value.trim());
      status.replaceChildren(notice(t("desk.permit.email_sent", { email: email.value.trim() })));
    } catch (err) {
      status.replaceChildren(notice(t("desk.permit.email_failed", { reason: err.reason ?? "network" }), "error"));
    }
  }, field("desk.permit.email", email, "desk.permit.email_hint"), status,
  h("button", { type: "submit", class: "btn secondary" }, t("desk.permit.email_send")));
}

export const permitView = {
  get live() { return untouched(); },
  async render(id) {
    const p = (await permits(state.user, state.device.site.id)).find((x) => x.id === id);
    if (!p) return screen("desk.permit.title", notice(t("desk.pass_unknown")), link(t("desk.back"), "#/desk"));
    const qr = h("div", { class: "pass-qr", "data-testid": "permit-qr" });
    if (!p.pending && (p.status === "approved" || p.status === "used")) {
      permitToken(p.id).then(async (tok) => {
        const img = h("img", { alt: t("desk.permit.qr_alt"), class: "pass-qr-img", dataset: { token: tok.token } });
        img.src = await blobUrl(`/api/tokens/qr.png?text=${encodeURIComponent(tok.token)}`);
        qr.replaceChildren(img, h("p", { class: "hint" }, t("desk.permit.single_use")));
      }).catch((err) => qr.replaceChildren(notice(t("desk.qr_offline", { reason: err.reason ?? "network" }))));
    } else if (p.pending) {
      qr.append(notice(t("desk.qr_after_sync")));
    }
    return screen("desk.permit.title",
      h("div", { class: "desk-layout" },
        h("div", {},
          h("dl", { class: "facts" },
            h("dt", {}, t("desk.number")), h("dd", {}, p.number ?? t("desk.number_pending")),
            h("dt", {}, t("desk.status_label")), h("dd", { "data-testid": "permit-status" }, t(`desk.permit.status.${p.status}`)),
            h("dt", {}, t("desk.permit.holder")), h("dd", {}, p.holder_name),
            h("dt", {}, t("desk.unit")), h("dd", {}, p.unit),
            h("dt", {}, t("desk.permit.goods")), h("dd", {}, h("ul", { class: "plain" }, p.goods.map((g) => h("li", {}, `${g.count} × ${g.item}`))))),
          p.status === "awaiting_consent" && !p.pending ? [consentForm("permit.consent", "permit_id", p.id), emailConsent(p)] : null),
        qr),
      link(t("desk.back"), "#/desk", "btn tertiary"));
  },
};
