// The mail log at the desk (front desk 4): mail, parcels and newspapers received
// (a photo of the label), the resident told, collected and signed for. Waiting
// longer than the site's days stands out.
import { h, screen, field, notice, go, saveForm, link, button, toast } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { photoPicker, storeImage } from "../../page/photos.js";
import { signaturePad } from "../../page/signature.js";
import { mailLog, receiveMail, notifyMail, collectMail, MAIL_TYPES, NOTIFY_BY, MAIL_OVERDUE_DAYS } from "./data.js";

const input = (type, attrs = {}) => h("input", { type, class: "input", autocomplete: "off", ...attrs });
const select = (prefix, values) => h("select", { class: "input" }, values.map((v) => h("option", { value: v }, t(`${prefix}${v}`))));

function mailCard(m) {
  return h("li", {}, h("a", { class: "card", href: `#/desk/mail/${m.id}`, dataset: { id: m.id, status: m.status, overdue: String(m.overdue) } },
    h("span", { class: "card-head" }, h("span", {}, m.number ?? t("desk.number_pending")),
      h("span", { class: `badge ${m.overdue ? "error" : m.status === "collected" ? "ok" : "warn"}` },
        t(m.overdue ? "desk.mail.overdue" : `desk.mail.status.${m.status}`))),
    h("span", { class: "card-title" }, `${t(`desk.mail.type.${m.type}`)} · ${t("desk.unit_n", { unit: m.unit })}`),
    h("span", { class: "card-meta" }, [m.carrier, m.tracking].filter(Boolean).join(" · ") || "—")));
}

export const mailView = {
  live: true,
  async render() {
    const list = await mailLog(state.user, state.device.site.id);
    const waiting = list.filter((m) => m.status !== "collected");
    return screen("desk.mail.title",
      h("div", { class: "desk-layout" },
        h("div", { class: "stack" }, link(t("desk.mail.receive"), "#/desk/mail/new", "btn"), link(t("desk.back"), "#/desk", "btn tertiary"),
          h("p", { class: "hint" }, t("desk.mail.overdue_hint", { n: MAIL_OVERDUE_DAYS }))),
        h("div", {},
          h("h2", {}, t("desk.mail.waiting", { n: waiting.length })),
          waiting.length ? h("ul", { class: "cards", "data-testid": "mail-waiting" }, waiting.map(mailCard)) : notice(t("desk.mail.none_waiting")),
          h("h2", {}, t("desk.mail.collected")),
          h("ul", { class: "cards", "data-testid": "mail-collected" }, list.filter((m) => m.status === "collected").slice(0, 30).map(mailCard)))));
  },
};

export const newMailView = {
  render() {
    const type = select("desk.mail.type.", MAIL_TYPES);
    const carrier = input("text", { maxlength: "100" });
    const tracking = input("text", { maxlength: "100" });
    const unit = input("text", { required: true, maxlength: "40" });
    const addressee = input("text", { maxlength: "200" });
    const photo = photoPicker({ siteId: state.device.site.id, userId: state.user.id, labelKey: "desk.mail.photo", uploadAs: "mail" });
    const status = h("div", { "aria-live": "polite" });
    const form = saveForm(async () => {
      if (!unit.value.trim()) return void status.replaceChildren(notice(t("desk.unit_required"), "error"));
      await receiveMail(state.user, { type: type.value, carrier: carrier.value.trim(), tracking: tracking.value.trim(),
        unit: unit.value.trim(), addressee: addressee.value.trim(), count: 1, photos: photo.value(), note: "" });
      toast(t("desk.mail.saved"));
      go("#/desk/mail");
    }, h("div", { class: "desk-form" },
      h("div", {}, field("desk.mail.type", type), field("desk.unit", unit), field("desk.mail.addressee", addressee)),
      h("div", {}, field("desk.mail.carrier", carrier), field("desk.mail.tracking", tracking), photo)),
    status, h("button", { type: "submit", class: "btn" }, t("desk.mail.save")));
    return screen("desk.mail.receive", form, link(t("common.cancel"), "#/desk/mail", "btn tertiary"));
  },
};

// Not live: a sync landing while the collector signs must not wipe the form;
// each action shows its result by rendering the screen again.
export const mailItemView = {
  async render(id) {
    const m = (await mailLog(state.user, state.device.site.id)).find((x) => x.id === id);
    if (!m) return screen("desk.mail.title", notice(t("desk.pass_unknown")), link(t("desk.mail.back"), "#/desk/mail"));
    const parts = [];
    if (m.status !== "collected" && !m.pending) {
      const by = select("desk.mail.by.", NOTIFY_BY);
      parts.push(h("h2", {}, t("desk.mail.notify")), h("div", { class: "row" }, by,
        button(t("desk.mail.notified_now"), async () => { await notifyMail(state.user, m.id, by.value); toast(t("desk.mail.notified")); go(location.hash); }, "btn secondary")));
      const who = input("text", { required: true, maxlength: "200" });
      const pad = signaturePad("desk.mail.signature");
      const status = h("div", { "aria-live": "polite" });
      parts.push(h("h2", {}, t("desk.mail.collect")), saveForm(async () => {
        if (!who.value.trim()) return void status.replaceChildren(notice(t("desk.mail.who_required"), "error"));
        if (pad.isEmpty()) return void status.replaceChildren(notice(t("desk.mail.signature_required"), "error"));
        const signature = await storeImage(await pad.toBlob(), { siteId: state.device.site.id, userId: state.user.id,
          purpose: "signature", uploadAs: "mail" });
        await collectMail(state.user, m.id, who.value.trim(), signature);
        toast(t("desk.mail.collected_saved"));
        go(location.hash);
      }, field("desk.mail.collected_by", who), pad, status, h("button", { type: "submit", class: "btn" }, t("desk.mail.collect_save"))));
    }
    return screen("desk.mail.title",
      h("dl", { class: "facts" },
        h("dt", {}, t("desk.number")), h("dd", {}, m.number ?? t("desk.number_pending")),
        h("dt", {}, t("desk.status_label")), h("dd", { "data-testid": "mail-status" }, t(m.overdue ? "desk.mail.overdue" : `desk.mail.status.${m.status}`)),
        h("dt", {}, t("desk.mail.type")), h("dd", {}, t(`desk.mail.type.${m.type}`)),
        h("dt", {}, t("desk.unit")), h("dd", {}, m.unit),
        h("dt", {}, t("desk.mail.carrier")), h("dd", {}, m.carrier || "—"),
        h("dt", {}, t("desk.mail.tracking")), h("dd", {}, m.tracking || "—"),
        h("dt", {}, t("desk.mail.received_at")), h("dd", {}, formatDateTime(m.received_at ?? m.created)),
        h("dt", {}, t("desk.mail.notify")), h("dd", {}, (m.notified ?? []).map((n) => `${t(`desk.mail.by.${n.by}`)} ${formatDateTime(n.corrected_at)}`).join("; ") || "—"),
        m.collected ? [h("dt", {}, t("desk.mail.collected_by")), h("dd", {}, `${m.collected.collected_by} · ${formatDateTime(m.collected.corrected_at)}`)] : null),
      ...parts,
      link(t("desk.mail.back"), "#/desk/mail", "btn tertiary"));
  },
};
