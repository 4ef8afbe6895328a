// A customer file's service side for the desk and customer service (issue 12 item 9;
// backend/customers/profile.py): contact person, interests, opinion, suggestions, and
// the purchase, service, demand and enquiry records, from the pulled `customer` and
// `customer.profile` records (offline), with a record added here. Linked from a case
// whose person is a customer file.
import { h, screen, field, notice, saveForm, link, toast } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { overlay, fromEntity, write } from "../../lib/overlay.js";

const RECORDS = ["purchase", "service", "demand", "enquiry"];

async function profileOf(user, id) {
  const [file] = (await overlay(user, { kinds: ["customer"] })).filter((c) => c.id === id);
  const [p] = (await overlay(user, {
    kinds: ["customer.profile"],
    entity: (e) => ({ ...fromEntity(e), records: [...(e.data.records ?? [])] }),
    creates: { "customer.record": (o) => ({ id: o.mutation.payload.customer_id, customer_id: o.mutation.payload.customer_id,
      contact_person: "", interests: [], opinion: "", suggestions: "", records: [] }) },
    updates: { "customer.record": [(pl) => pl.customer_id, (rec, o) => {
      if (!rec.records.some((r) => r.id === o.mutation.id)) {
        rec.records = [...rec.records, { ...o.mutation.payload, id: o.mutation.id, at: o.mutation.occurred_at, pending: true }];
      }
    }] },
  })).filter((x) => x.id === id);
  return { file, profile: p ?? { contact_person: "", interests: [], opinion: "", suggestions: "", records: [] } };
}

export const customerView = {
  live: true,
  async render(id) {
    const back = link(t("common.back"), "#/cases", "btn tertiary");
    const { file, profile } = await profileOf(state.user, id);
    if (!file) return screen("cases.missing", back);
    const status = h("div", { "aria-live": "polite" });
    const type = h("select", { class: "input", "data-testid": "record-type" }, RECORDS.map((r) => h("option", { value: r }, t(`cases.customer_record_${r}`))));
    const text = h("textarea", { class: "input", rows: "2", maxlength: "2000" });
    const item = h("input", { type: "text", class: "input", maxlength: "60" });
    const urgency = h("select", { class: "input" }, ["low", "normal", "urgent"].map((u) => h("option", { value: u, selected: u === "normal" }, t(`cases.urgency_${u}`))));
    const notify = h("input", { type: "checkbox" });
    const row = (k, v) => [h("dt", {}, t(k)), h("dd", {}, v || "—")];
    return screen("cases.customer_title",
      h("dl", { class: "facts", "data-testid": "customer-file" },
        row("cases.name", file.name), row("cases.phone", file.phone),
        row("cases.customer_contact", profile.contact_person), row("cases.customer_interests", (profile.interests ?? []).join(", ")),
        row("cases.customer_opinion", profile.opinion), row("cases.customer_suggestions", profile.suggestions)),
      h("h2", {}, t("cases.customer_records")),
      profile.records.length ? h("ol", { class: "plain", "data-testid": "customer-records" }, profile.records.map((r) => h("li", { dataset: { type: r.type } },
        h("strong", {}, t(`cases.customer_record_${r.type}`)), " · ", r.text, r.item_code ? ` · ${r.item_code}` : "",
        r.urgency ? ` · ${t(`cases.urgency_${r.urgency}`)}` : "",
        r.notify_when_in_stock ? ` · ${t(r.notified ? "cases.customer_told" : "cases.customer_notify")}` : "",
        r.at ? ` · ${formatDateTime(r.at)}` : "", r.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null)))
        : notice(t("cases.customer_no_records")),
      mayWrite("customer.record") ? saveForm(async () => {
        if (!text.value.trim()) return void status.replaceChildren(notice(t("cases.text_required"), "error"));
        if (notify.checked && (type.value !== "demand" || !item.value.trim())) {
          return void status.replaceChildren(notice(t("cases.customer_notify_needs_item"), "error"));
        }
        await write(state.user, "customer.record", { customer_id: id, type: type.value, text: text.value.trim(),
          item_code: item.value.trim(), urgency: type.value === "enquiry" ? urgency.value : null, notify_when_in_stock: notify.checked });
        toast(t("cases.saved_action"));
      }, field("cases.customer_record_type", type), field("cases.customer_record_text", text), field("cases.customer_item_code", item),
      field("cases.customer_urgency", urgency, "cases.customer_urgency_hint"),
      h("label", { class: "choice" }, notify, h("span", {}, t("cases.customer_notify"))),
      h("button", { type: "submit", class: "btn secondary", "data-testid": "save-customer-record" }, t("cases.customer_add_record"))) : null,
      status, back);
  },
};
