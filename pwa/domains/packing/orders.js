// The site's orders on the phone: overdue ones first and marked, each with its
// count so far; a tap opens the counting screen.
import { h, screen, notice, link } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { api } from "../../lib/api.js";
import { orders } from "./data.js";
import { orderNumber, money } from "./count.js";

// backend/packing/rules.py overdue; an order entered here gets its picking time at sync.
const overdue = (o) => o.picking_due != null && ["open", "counting", "signed"].includes(o.status) && Date.now() > o.picking_due;

export const ordersView = {
  live: true,
  async render() {
    const list = await orders(state.user, state.device.site.id);
    list.sort((a, b) => Number(overdue(b)) - Number(overdue(a)));
    return screen("packing.orders.title",
      h("div", { class: "stack" },
        link(t("packing.entry.new"), "#/packing/new-order", "btn"),
        link(t("packing.customer.new"), "#/packing/new-customer", "btn secondary"),
        link(t("packing.import.title"), "#/packing/import", "btn secondary"),
        link(t("packing.check.title"), "#/packing/check", "btn secondary"),
        link(t("packing.seals.title"), "#/packing/seals", "btn secondary")),
      list.length ? h("ul", { class: "cards", "data-testid": "orders" }, list.map((o) => {
        const ticked = o.lines.reduce((a, x) => a + x.ticked, 0);
        const wanted = o.lines.reduce((a, x) => a + x.quantity - x.crossed, 0);
        return h("li", {}, h("a", { class: "card", href: `#/packing/order/${encodeURIComponent(o.id)}`,
          dataset: { id: o.id, overdue: overdue(o) ? "1" : "0" } },
        h("span", { class: "card-head" }, h("span", { class: o.number ? "number" : "number provisional" }, orderNumber(o)),
          h("span", {}, o.picking_due == null ? t("packing.orders.due_at_sync")
            : t("packing.orders.due", { when: formatDateTime(o.picking_due) }))),
        h("span", { class: "card-title" }, o.customer_name),
        h("span", { class: "card-meta" }, t("packing.orders.lines", { n: o.lines.length, ticked, wanted }), " · ", money(o.total)),
        h("span", { class: "badges" },
          overdue(o) ? h("span", { class: "badge error" }, t("packing.orders.overdue")) : null,
          h("span", { class: "badge" }, t(`packing.order.status_${o.status}`)),
          h("span", { class: o.payment.state === "paid" ? "badge ok" : "badge warn" }, t(`packing.order.payment_${o.payment.state}`)),
          o.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null)));
      })) : notice(t("packing.orders.empty")));
  },
};

// The supervisor's board: orders past their latest picking time, from the server (online).
export async function overdueOnServer(user, siteId) {
  const r = await api(`/api/packing/orders?site_id=${encodeURIComponent(siteId)}&overdue=true`, { token: user.token });
  return r.orders.map((o) => ({ id: o.id, href: `#/packing/order/${encodeURIComponent(o.id)}`, number: o.number ?? o.id,
    title: o.customer_name, meta: t("packing.overdue_since", { time: formatDateTime(o.picking_due) }) }));
}
