// On the order screen: the payment (paid or unpaid, with who recorded it: a
// remote order is packed only once it is paid, ch. 9.4) and the call to a remote
// customer after picking (shortages, colours, prices: reached or not, what was agreed).
import { h, notice, button, field } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { users } from "../../page/session.js";
import { recordPayment, call } from "./data.js";

// Who recorded it: the server's name, or (not synced yet) the name of that user on this phone.
let names = new Map();
const who = (x) => x.user_name ?? names.get(x.user_id) ?? null;
const loadNames = async () => { names = new Map((await users()).map((u) => [u.id, u.name])); };

export async function paymentSection(o, redraw) {
  if (o.status === "dispatched") return null;
  await loadNames();
  const p = o.payment;
  const paid = p.state === "paid";
  const note = h("input", { type: "text", class: "input", maxlength: "500", autocomplete: "off" });
  return h("div", { class: "stack", "data-testid": "payment", dataset: { state: p.state } },
    h("h2", {}, t("packing.payment.title")),
    h("p", {}, h("span", { class: paid ? "badge ok" : "badge warn" }, t(`packing.order.payment_${p.state}`)),
      who(p) ? ` · ${t("packing.payment.recorded_by", { name: who(p) })}` : "",
      p.note ? ` · ${p.note}` : "",
      p.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null),
    !paid && !o.customer_present ? notice(t("packing.payment.remote_first"), "warn") : null,
    field("packing.payment.note", note, "packing.payment.note_hint"),
    button(t(paid ? "packing.payment.mark_unpaid" : "packing.payment.mark_paid"), async () => {
      await recordPayment(state.user, o, !paid, note.value.trim());
      await redraw();
    }, paid ? "btn tertiary" : "btn"));
}

// Calls of a purpose, each with who, when, reached or not and what was agreed.
export const callList = (calls, testid) => (calls.length
  ? h("ul", { class: "plain", "data-testid": testid }, calls.map((c) => h("li", { dataset: { reached: c.reached ? "1" : "0" } },
    t(c.reached ? "packing.call.reached" : "packing.call.not_reached"), c.agreed ? ` · ${c.agreed}` : "",
    ` · ${[who(c), c.corrected_at ? formatDateTime(c.corrected_at) : null].filter(Boolean).join(" · ")}`,
    c.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null)))
  : null);

export function afterPickingSection(o, redraw, status) {
  if (o.customer_present || o.status === "dispatched" || !o.lines.some((x) => x.ticked)) return null;
  const reached = h("input", { type: "checkbox", class: "check", id: "after-picking-reached" });
  const agreed = h("textarea", { class: "input", maxlength: "2000", rows: "2" });
  return h("div", { class: "stack" },
    h("h2", {}, t("packing.call.after_picking_title")),
    h("p", { class: "hint" }, t("packing.call.after_picking_hint")),
    callList(o.calls.filter((c) => c.purpose === "after_picking"), "after-picking-calls"),
    h("label", { class: "choice" }, reached, h("span", {}, t("packing.call.reached_label"))),
    field("packing.call.after_picking_agreed", agreed),
    button(t("packing.call.record_after_picking"), async () => {
      if (reached.checked && !agreed.value.trim()) {
        return void status.replaceChildren(notice(t("packing.call.agreed_required"), "error"));
      }
      await call(state.user, o, "after_picking", reached.checked, agreed.value.trim());
      await redraw();
    }, "btn secondary"));
}
