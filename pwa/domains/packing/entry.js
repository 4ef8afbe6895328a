// Customers and orders entered on the phone (offline: they go to the outbox and
// are numbered at sync) and orders imported from a CSV file picked on the phone
// or the counter PC: checked online first (each bad row by its line number), then
// imported whole, or not at all.
import { h, screen, notice, field, link, saveForm, toast, go, fieldErrors } from "../../page/ui.js";
import { t, reasonText } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../../page/state.js";
import { customers, registerCustomer, createOrder, importOrders } from "./data.js";
import { SHIPPING, shippingKey } from "../../lib/shipping.js";
import { money } from "./count.js";

// The server's limits (backend/customers/customers.py, backend/packing/csvimport.py).
const PHONE = /^\+?[0-9 ()-]{6,30}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PRICE = /^\d{1,9}(\.\d{1,2})?$/;
const MAX_PRICE = 100_000_000;
const MAX_QUANTITY = 10_000;

const input = (attrs = {}) => h("input", { type: "text", class: "input", autocomplete: "off", ...attrs });
const select = (options) => h("select", { class: "input" }, options.map(([value, key]) => h("option", { value }, t(key))));

// "12.50" in cents, or null.
export function cents(text) {
  const s = String(text).trim();
  if (!PRICE.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  const value = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return value <= MAX_PRICE ? value : null;
}

export const customerView = {
  async render() {
    const name = input({ maxlength: "200" });
    const phone = input({ type: "tel", maxlength: "30", inputmode: "tel" });
    const address = input({ maxlength: "500" });
    const email = input({ type: "email", maxlength: "200" });
    const type = select([["wholesale", "packing.customer.type_wholesale"], ["franchise", "packing.customer.type_franchise"]]);
    const ratio = input({ inputmode: "decimal", maxlength: "6" });
    const shipping = select(SHIPPING.map((s) => [s, shippingKey(s)]));
    const lang = select([["zh-Hant", "packing.customer.lang_zh"], ["en", "packing.customer.lang_en"]]);
    const f = {
      name: field("packing.customer.name", name), phone: field("packing.customer.phone", phone),
      address: field("packing.customer.address", address), email: field("packing.customer.email", email, "packing.customer.email_hint"),
      type: field("packing.customer.type", type), return_ratio: field("packing.customer.return_ratio", ratio, "packing.customer.return_ratio_hint"),
      shipping: field("packing.customer.shipping", shipping), language: field("packing.customer.language", lang),
    };
    const showRatio = () => { f.return_ratio.hidden = type.value !== "franchise"; };
    type.addEventListener("change", showRatio);
    showRatio();
    const form = saveForm(async () => {
      const pct = ratio.value.trim();
      const problems = {
        name: !name.value.trim() && "packing.customer.name_required",
        phone: !PHONE.test(phone.value.trim()) && "packing.customer.phone_invalid",
        address: !address.value.trim() && "packing.customer.address_required",
        email: email.value.trim() && !EMAIL.test(email.value.trim()) && "packing.customer.email_invalid",
        return_ratio: type.value === "franchise" && !(/^\d{1,3}(\.\d+)?$/.test(pct) && Number(pct) <= 100)
          && "packing.customer.return_ratio_invalid",
      };
      if (!fieldErrors(f, problems)) return;
      const entry = await registerCustomer(state.user, {
        name: name.value.trim(), phone: phone.value.trim(), address: address.value.trim(), email: email.value.trim(),
        type: type.value, return_ratio: type.value === "franchise" ? Number(pct) / 100 : null,
        shipping: shipping.value, language: lang.value,
      });
      toast(t("packing.customer.registered", { name: name.value.trim() }));
      go(`#/packing/new-order/${encodeURIComponent(entry.mutation?.id ?? entry.id)}`);
    }, ...Object.values(f), h("button", { type: "submit", class: "btn" }, t("packing.customer.save")));
    form.noValidate = true; // the fields' own errors, named under each, not the browser's
    return screen("packing.customer.title", h("p", { class: "hint" }, t("packing.customer.intro")), form,
      link(t("common.cancel"), "#/packing", "btn tertiary"));
  },
};

// One order line's inputs, with its remove button.
function lineRow(onRemove) {
  const c = {
    code: input({ maxlength: "60", autocapitalize: "characters" }), name: input({ maxlength: "200" }),
    name_zh: input({ maxlength: "200", lang: "zh-Hant" }), category: input({ maxlength: "60" }),
    unit_price: input({ inputmode: "decimal", maxlength: "13", placeholder: "0.00" }),
    quantity: input({ type: "number", inputmode: "numeric", min: "1", max: String(MAX_QUANTITY), value: "1" }),
  };
  const f = Object.fromEntries(Object.entries(c).map(([k, el]) => [k, field(`packing.line.${k}`, el)]));
  const row = h("fieldset", { class: "card stack", "data-testid": "order-line" },
    h("legend", {}, t("packing.line.legend")), ...Object.values(f),
    h("button", { type: "button", class: "btn tertiary", onclick: () => onRemove(row) }, t("packing.line.remove")));
  row.fields = f;
  row.value = () => ({ code: c.code.value.trim(), name: c.name.value.trim(), name_zh: c.name_zh.value.trim(),
    category: c.category.value.trim(), unit_price: cents(c.unit_price.value), quantity: Number(c.quantity.value) });
  row.problems = (seen) => {
    const v = row.value();
    const dup = v.code && seen.has(v.code);
    seen.add(v.code);
    return {
      code: (!v.code && "packing.line.code_required") || (dup && "packing.line.code_twice"),
      name: !v.name && "packing.line.name_required",
      category: !v.category && "packing.line.category_required",
      unit_price: v.unit_price == null && "packing.line.price_invalid",
      quantity: !(Number.isInteger(v.quantity) && v.quantity >= 1 && v.quantity <= MAX_QUANTITY) && "packing.line.quantity_invalid",
    };
  };
  return row;
}

export const newOrderView = {
  async render(wanted) {
    const site = state.device.site.id;
    const known = await customers(state.user, site);
    if (!known.length) {
      return screen("packing.entry.title", notice(t("packing.entry.no_customers")),
        link(t("packing.customer.new"), "#/packing/new-customer", "btn"));
    }
    const customer = h("select", { class: "input" }, known.map((c) => h("option", { value: c.id, selected: c.id === wanted },
      c.name, c.pending ? ` (${t("common.not_synced")})` : "")));
    const channel = select([["remote", "packing.order.channel_remote"], ["counter", "packing.order.channel_counter"]]);
    const ref = input({ maxlength: "60" });
    const lines = h("div", { class: "stack" });
    const total = h("p", { class: "card-meta", "data-testid": "order-total" });
    const remove = (row) => { if (lines.children.length > 1) row.remove(); sum(); };
    const sum = () => total.replaceChildren(t("packing.entry.total", { amount: money([...lines.children]
      .reduce((a, r) => a + (r.value().unit_price ?? 0) * (Number.isInteger(r.value().quantity) ? r.value().quantity : 0), 0)) }));
    const add = () => { lines.append(lineRow(remove)); sum(); };
    lines.addEventListener("input", sum);
    add();
    const status = h("div", { "aria-live": "polite" });
    const f = { customer: field("packing.entry.customer", customer), channel: field("packing.entry.channel", channel),
      ref: field("packing.entry.ref", ref, "packing.entry.ref_hint") };
    const form = saveForm(async () => {
      const seen = new Set();
      const ok = [...lines.children].map((r) => fieldErrors(r.fields, r.problems(seen))).every(Boolean);
      if (!ok) return void status.replaceChildren(notice(t("packing.entry.fix_lines"), "error"));
      status.replaceChildren();
      const entry = await createOrder(state.user, { customer_id: customer.value, channel: channel.value,
        ref: ref.value.trim(), lines: [...lines.children].map((r) => r.value()) });
      toast(t("packing.entry.saved"));
      go(`#/packing/order/${encodeURIComponent(entry.mutation?.id ?? entry.id)}`);
    }, ...Object.values(f), h("h2", {}, t("packing.entry.lines")), lines,
    h("button", { type: "button", class: "btn secondary", onclick: add }, t("packing.line.add")),
    total, status, h("button", { type: "submit", class: "btn" }, t("packing.entry.save")));
    form.noValidate = true;
    return screen("packing.entry.title", form,
      link(t("packing.customer.new"), "#/packing/new-customer", "btn secondary"),
      link(t("common.cancel"), "#/packing", "btn tertiary"));
  },
};

// CSV import: the file is checked online (POST /api/packing/orders/check-csv) and
// each bad row shown by its line number; only a clean file is imported (order.import,
// all its orders or none).
export const importView = {
  async render() {
    const site = state.device.site.id;
    const file = h("input", { type: "file", accept: ".csv,text/csv", class: "input", "data-testid": "csv-file" });
    const result = h("div", { "aria-live": "polite", "data-testid": "csv-result" });
    let csv = null;
    const importButton = h("button", { type: "button", class: "btn", hidden: true, onclick: async () => {
      importButton.hidden = true;
      await importOrders(state.user, csv);
      toast(t("packing.import.done"));
      go("#/packing");
    } }, t("packing.import.import"));
    file.addEventListener("change", async () => {
      importButton.hidden = true;
      const picked = file.files[0];
      if (!picked) return;
      csv = await picked.text();
      if (!navigator.onLine) return void result.replaceChildren(notice(t("packing.import.offline"), "error"));
      result.replaceChildren(notice(t("packing.import.checking")));
      try {
        const ok = await api("/api/packing/orders/check-csv", { method: "POST", token: state.user.token,
          body: { site_id: site, csv } });
        result.replaceChildren(notice(t("packing.import.clean", { orders: ok.orders, lines: ok.lines }), "ok"));
        importButton.hidden = false;
      } catch (err) {
        const rows = err.errors?.rows ?? [];
        result.replaceChildren(notice(err.reason === "csv_invalid" ? t("packing.import.bad", { n: rows.length })
          : reasonText(err.status === 0 ? "offline" : err.reason), "error"),
        rows.length ? h("ul", { class: "plain", "data-testid": "csv-errors" }, rows.map((r) => h("li", { dataset: { line: String(r.line) } },
          h("strong", {}, t("packing.import.line", { line: r.line })), r.field ? ` · ${r.field}` : "", ` · ${r.message}`))) : null);
      }
    });
    return screen("packing.import.title", h("p", { class: "hint" }, t("packing.import.intro")),
      h("p", { class: "hint" }, h("code", {}, "order,customer_id,channel,code,name,name_zh,category,unit_price,quantity")),
      field("packing.import.file", file), result, importButton, link(t("common.cancel"), "#/packing", "btn tertiary"));
  },
};
