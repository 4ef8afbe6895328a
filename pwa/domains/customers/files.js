// The customer files list (客戶檔案): the site's customers, searched by name, phone or
// email; a customer's file with their details and orders, and for the desk and
// supervisors their cases and the service side's notes; a correction of the details
// (record.amend: the original stays readable). Offline, from the pulled records.
import { h, screen, notice, field, link, saveForm, toast, go } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite, maySee } from "../../page/roles.js";
import { isSupervisor } from "../../page/session.js";
import { correctionStamp, correctionHistory } from "../../page/corrections.js";
import { customers, customer, matches, ordersOf, casesOf, profileOf, AMENDABLE, amendCustomer } from "./data.js";
import { SHIPPING, shippingText } from "../../lib/shipping.js";

const typeText = (c) => (c.type === "franchise"
  ? t("customers.type_franchise_ratio", { pct: Math.round((c.return_ratio ?? 0) * 1000) / 10 })
  : t("customers.type_wholesale"));
const fileHref = (c) => `#/customers/${encodeURIComponent(c.id)}`;
const pendingBadge = (rec) => (rec.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null);

const packs = () => mayWrite("packing.tick");
const orderNumber = (o) => h("span", { class: o.number ? "number" : "number provisional" }, o.number ?? t("customers.order_unnumbered"));

let query = ""; // kept while the list is drawn again for new data

export const listView = {
  live: true,
  async render() {
    const all = await customers(state.user, state.device.site.id);
    const list = h("ul", { class: "cards", "data-testid": "customers" });
    const none = notice(t("customers.none_match"));
    const show = () => {
      const found = all.filter((c) => matches(c, query));
      list.replaceChildren(...found.map((c) => h("li", {}, h("a", { class: "card", href: fileHref(c), dataset: { id: c.id } },
        h("span", { class: "card-title" }, c.name),
        h("span", { class: "card-meta" }, c.phone, " · ", shippingText(c.shipping)),
        h("span", { class: "badges" }, h("span", { class: "badge" }, typeText(c)), pendingBadge(c))))));
      list.hidden = !found.length;
      none.hidden = found.length > 0;
    };
    const search = h("input", { type: "search", class: "input", autocomplete: "off", maxlength: "100", value: query,
      "data-testid": "customer-search", oninput: (e) => { query = e.target.value; show(); } });
    show();
    return screen("customers.title",
      h("p", { class: "hint" }, t("customers.intro")),
      // The register form and the counting screen are the packing domain's: shown to those who pack.
      packs() ? link(t("customers.register"), "#/packing/new-customer", "btn secondary") : null,
      all.length ? [field("customers.search", search, "customers.search_hint"), list, none] : notice(t("customers.empty")));
  },
};

const row = (k, v) => [h("dt", {}, t(k)), h("dd", {}, v || "—")];
const fieldText = (f, v) => (f === "shipping" ? shippingText(v) : v || "—");

export const fileView = {
  live: true,
  async render(id) {
    const back = link(t("common.back"), "#/customers", "btn tertiary");
    const c = await customer(state.user, id);
    if (!c) return screen("customers.missing", notice(t("customers.missing_text")), back);
    const orders = await ordersOf(state.user, id);
    const service = maySee("customer.profile");
    const [cases, profile] = service ? await Promise.all([casesOf(state.user, id), profileOf(state.user, id)]) : [[], null];
    const mayCorrect = mayWrite("record.amend") && !c.pending && (c.author_id === state.user.id || isSupervisor(state.user));
    return screen("customers.file_title",
      h("p", { class: "entry-number" }, h("strong", {}, c.name), " ", pendingBadge(c)),
      correctionStamp(c),
      h("dl", { class: "facts", "data-testid": "customer-details" },
        row("customers.phone", c.phone), row("customers.address", c.address), row("customers.email", c.email),
        row("customers.type", typeText(c)), row("customers.shipping", shippingText(c.shipping))),
      mayCorrect ? link(t("customers.correct"), `${fileHref(c)}/amend`, "btn secondary") : null,
      correctionHistory(c, { fields: AMENDABLE, show: fieldText, label: (f) => t(`customers.${f}`) }),
      h("h2", {}, t("customers.orders")),
      orders.length ? h("ul", { class: "plain", "data-testid": "customer-orders" }, orders.map((o) => h("li", { dataset: { id: o.id, status: o.status } },
        packs() ? h("a", { href: `#/packing/order/${encodeURIComponent(o.id)}`, class: "inline" }, orderNumber(o)) : orderNumber(o),
        " · ", t(`customers.order_status_${o.status}`), " · ", formatDateTime(o.corrected_at), " ", pendingBadge(o))))
        : notice(t("customers.no_orders")),
      service ? [
        h("h2", {}, t("customers.cases")),
        cases.length ? h("ul", { class: "plain", "data-testid": "customer-cases" }, cases.map((x) => h("li", {},
          h("a", { href: `#/cases/${encodeURIComponent(x.id)}`, class: "inline" }, x.number ?? t("customers.order_unnumbered")),
          " · ", t(`customers.case_status_${x.status}`), " · ", formatDateTime(x.accepted_at), x.matter ? ` · ${x.matter}` : "")))
          : notice(t("customers.no_cases")),
        h("h2", {}, t("customers.profile")),
        h("dl", { class: "facts", "data-testid": "customer-profile" },
          row("customers.contact_person", profile?.contact_person), row("customers.interests", (profile?.interests ?? []).join(", ")),
          row("customers.opinion", profile?.opinion), row("customers.suggestions", profile?.suggestions),
          row("customers.records", String(profile?.records?.length ?? 0))),
        link(t("customers.open_service_file"), `#/cases/customer/${encodeURIComponent(c.id)}`, "btn secondary"),
      ] : null,
      back);
  },
};

// A correction of the details: the server keeps the original and who changed what, when and why.
export const amendView = {
  async render(id) {
    const c = await customer(state.user, id);
    if (!c) return screen("customers.missing", notice(t("customers.missing_text")), link(t("common.back"), "#/customers", "btn tertiary"));
    const inputs = Object.fromEntries(AMENDABLE.map((f) => {
      const el = f === "shipping"
        ? h("select", { class: "input" }, [...new Set([...SHIPPING, c.shipping])].map((s) => h("option", { value: s, selected: s === c.shipping }, shippingText(s))))
        : h("input", { type: f === "phone" ? "tel" : f === "email" ? "email" : "text", class: "input", autocomplete: "off",
          maxlength: f === "address" ? "500" : "200", value: c[f] ?? "" });
      return [f, el];
    }));
    const reason = h("input", { type: "text", class: "input", maxlength: "1000" });
    const status = h("div", { "aria-live": "polite" });
    const form = saveForm(async () => {
      const changes = {};
      for (const f of AMENDABLE) if (inputs[f].value.trim() !== (c[f] ?? "")) changes[f] = inputs[f].value.trim();
      const problem = !Object.keys(changes).length ? "record.amend_no_changes"
        : changes.name === "" || changes.address === "" ? "customers.required"
          : changes.phone != null && !/^\+?[0-9 ()-]{6,30}$/.test(changes.phone) ? "customers.phone_invalid"
            : changes.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(changes.email) ? "customers.email_invalid"
              : !reason.value.trim() ? "record.amend_reason_required" : null;
      if (problem) return void status.replaceChildren(notice(t(problem), "error"));
      await amendCustomer(state.user, c, changes, reason.value.trim());
      toast(t("record.amend_saved"));
      go(fileHref(c));
    }, AMENDABLE.map((f) => field(`customers.${f}`, inputs[f])), field("record.amend_reason", reason), status,
    h("button", { type: "submit", class: "btn" }, t("record.amend_submit")));
    form.noValidate = true;
    return screen("customers.amend_title", h("p", {}, t("record.amend_intro")), form,
      link(t("common.cancel"), fileHref(c), "btn tertiary"));
  },
};
