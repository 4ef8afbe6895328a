// Counting at the bench: count one, pack one, tick one. Each scan is checked
// against the order (code, price, quantity, quality) before it ticks: a refusal
// flashes, sounds and vibrates at once, offline. Then the bill is signed (by two
// staff when the customer is absent, each with their own PIN), each box sealed
// under a label this phone signs, and the label printed once synced.
import { h, screen, notice, button, field, toast } from "../../page/ui.js";
import { t, language } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { Scanner } from "../../page/scanner.js";
import { users, unlock } from "../../page/session.js";
import { signaturePad } from "../../page/signature.js";
import { storeImage } from "../../page/photos.js";
import { api } from "../../lib/api.js";
import { order as loadOrder, boxes as loadBoxes, readItem, refusal, tick, openBox, signBill, sealBox,
  signaturesComplete, wanted, CARRIERS, customerOf, dispatch, call, customerSign, returnSlips, mySeals } from "./data.js";
import { sealPicker } from "./seals.js";
import { signLabel } from "./labels.js";
import { paymentSection, afterPickingSection } from "./payment.js";
import { returnsSection } from "./returns.js";
import { saveFile } from "../../page/download.js";
import { shippingText } from "../../lib/shipping.js";

export const money = (cents) => (cents / 100).toLocaleString("en-HK", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const lineName = (x) => (language() === "zh-Hant" && x.name_zh ? x.name_zh : x.name);
export const orderNumber = (o) => o.number ?? t("packing.no_number");

let scanner = null;

function lineItem(x) {
  const done = x.ticked >= wanted(x);
  return h("li", { class: done ? "card line done" : "card line", dataset: { code: x.code, ticked: String(x.ticked) } },
    h("span", { class: "card-head" }, h("strong", {}, x.code), h("span", { class: "count" },
      t("packing.count.of", { n: x.ticked, of: wanted(x) }))),
    h("span", { class: "card-title" }, lineName(x)),
    h("span", { class: "card-meta" }, t("packing.count.price_amount", { price: money(x.unit_price), amount: money(x.amount) })),
    h("span", { class: "badges" },
      done ? h("span", { class: "badge ok" }, t("packing.count.line_done")) : null,
      x.crossed ? h("span", { class: "badge warn" }, t("packing.count.crossed", { n: x.crossed })) : null,
      x.defects.length ? h("span", { class: "badge error" }, t("packing.count.defects", { n: x.defects.length })) : null));
}

// Lines grouped by category: goods are packed sorted, never loose (ch. 4.5).
function linesByCategory(o) {
  const cats = [...new Set(o.lines.map((x) => x.category))];
  return h("div", { "data-testid": "lines" }, cats.map((c) => [
    h("h3", {}, c),
    h("ul", { class: "cards" }, o.lines.filter((x) => x.category === c).map(lineItem))]));
}

async function signSection(o, redraw, status) {
  if (!o.lines.some((x) => x.ticked)) return null;
  const done = signaturesComplete(o);
  const signed = h("ul", { class: "plain", "data-testid": "signatures" }, o.signatures.map((s) =>
    h("li", {}, t(`packing.sign.${s.role}`), ": ", s.user_name ?? (s.user_id === state.user.id ? state.user.name : `#${s.user_id}`),
      s.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null)));
  if (done) return [h("h2", {}, t("packing.sign.title")), signed, notice(t("packing.sign.complete"))];
  const parts = [h("h2", {}, t("packing.sign.title")), signed];
  const mine = o.signatures.some((s) => s.user_id === state.user.id);
  if (!o.signatures.length) {
    const checked = h("input", { type: "checkbox", class: "check", id: "name-checked" });
    parts.push(h("label", { class: "choice" }, checked, h("span", {}, t("packing.sign.name_checked", { name: o.customer_name }))),
      button(t("packing.sign.as_checker"), async () => {
        if (!checked.checked) return void status.replaceChildren(notice(t("packing.sign.check_name_first"), "error"));
        await signBill(state.user, o);
        await redraw();
      }));
  } else if (!o.customer_present) {
    // The second checker signs as themselves: their own name and PIN on this phone.
    const others = (await users()).filter((u) => u.pin && !o.signatures.some((s) => s.user_id === u.id));
    const who = h("select", { class: "input" }, others.map((u) => h("option", { value: String(u.id) }, u.name)));
    const pin = h("input", { type: "password", inputmode: "numeric", autocomplete: "off", class: "input", maxlength: "8" });
    parts.push(notice(t("packing.sign.two_person")),
      others.length ? [field("packing.sign.second_who", who), field("packing.sign.second_pin", pin),
        button(t("packing.sign.as_second"), async () => {
          try {
            const second = await unlock(Number(who.value), pin.value);
            await signBill(second, o);
            state.user = second;
            toast(t("packing.sign.signed_by", { name: second.name }));
            await redraw();
          } catch (err) {
            status.replaceChildren(notice(t(err.reason === "pin_locked" ? "packing.sign.pin_locked" : "packing.sign.pin_wrong"), "error"));
          }
        })] : notice(t("packing.sign.no_second"), "error"));
    if (mine) parts.push(h("p", { class: "hint" }, t("packing.sign.not_twice")));
  } else {
    // The present customer checks the box, then writes their name and signs on this screen.
    const name = h("input", { type: "text", class: "input", maxlength: "200", autocomplete: "off" });
    const pad = signaturePad("packing.sign.customer_pad");
    parts.push(field("packing.sign.customer_name", name), pad,
      button(t("packing.sign.customer_signs"), async () => {
        if (!name.value.trim() || pad.isEmpty()) {
          return void status.replaceChildren(notice(t("packing.sign.customer_required"), "error"));
        }
        const signature = await storeImage(await pad.toBlob(),
          { siteId: state.device.site.id, userId: state.user.id, purpose: "packing" });
        await customerSign(state.user, o, name.value.trim(), signature);
        await redraw();
      }));
  }
  return parts;
}

async function printLabel(box, status) {
  status.replaceChildren(notice(t("packing.seal.printing")));
  try {
    // A sign-in is bound to this phone: both tokens go with every request.
    await api(`/api/packing/boxes/${encodeURIComponent(box.id)}/countersign`,
      { method: "POST", token: state.user.token, deviceToken: state.device.device_token });
    await saveFile(`/api/packing/boxes/${encodeURIComponent(box.id)}/label.pdf`, `box-${box.number ?? box.id}.pdf`);
    status.replaceChildren(notice(t("packing.seal.printed")));
  } catch {
    status.replaceChildren(notice(t(navigator.onLine ? "packing.seal.print_after_sync" : "packing.seal.print_online"), "error"));
  }
}

function boxSection(o, boxList, redraw, status, seals) {
  const ready = signaturesComplete(o) && o.payment.state === "paid";
  return [h("h2", {}, t("packing.box.title")),
    h("ul", { class: "cards", "data-testid": "boxes" }, boxList.map((b, i) => {
      const items = Object.values(b.contents).reduce((a, n) => a + n, 0);
      const sealNo = h("input", { type: "text", class: "input", maxlength: "40", autocomplete: "off" });
      return h("li", { class: "card", dataset: { id: b.id, sealed: b.sealed ? "1" : "0", items: String(items) } },
        h("span", { class: "card-head" }, h("strong", {}, b.number ?? t("packing.box.n", { n: i + 1 })),
          h("span", {}, t("packing.box.items", { n: items }))),
        b.id === o.open_box_id && !b.sealed ? h("span", { class: "badge" }, t("packing.box.open")) : null,
        b.sealed ? [h("span", { class: "badge ok" }, t("packing.box.sealed", { seal: b.sealed.seal_number || "—" })),
          b.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null,
          button(t("packing.seal.print"), () => printLabel(b, status), "btn secondary")]
          : items && ready ? [field("packing.seal.number", sealNo), sealPicker(seals, sealNo), button(t("packing.seal.seal"), async () => {
            const label = await signLabel(state.device, b, sealNo.value.trim());
            await sealBox(state.user, b, sealNo.value.trim(), label);
            await redraw();
          })] : null);
    })),
    o.dispatch || o.status === "dispatched" ? null
      : button(t("packing.box.new"), async () => { await openBox(state.user, o); await redraw(); }, "btn secondary"),
    ready ? null : h("p", { class: "hint" }, t(o.payment.state !== "paid" ? "packing.seal.needs_payment" : "packing.seal.needs_signatures"))];
}


// Dispatch (ch. 6): the way the customer asked, the waybill, then the call to tell them.
async function dispatchSection(o, boxList, redraw, status) {
  if (!boxList.length || boxList.some((b) => !b.sealed)) return null;
  if (o.dispatch || o.status === "dispatched") {
    const d = o.dispatch ?? {};
    const told = o.calls.filter((c) => c.purpose === "dispatch");
    const reached = h("input", { type: "checkbox", class: "check", id: "call-reached" });
    const agreed = h("input", { type: "text", class: "input", maxlength: "2000", autocomplete: "off",
      value: t("packing.dispatch.told_text", { waybill: d.waybill ?? "", days: d.expected_days ?? "" }) });
    return [h("h2", {}, t("packing.dispatch.title")),
      h("p", { "data-testid": "dispatch" }, t("packing.dispatch.done", { carrier: d.carrier ? shippingText(d.carrier) : "",
        waybill: d.waybill ?? "", days: d.expected_days ?? "" }),
      d.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null),
      told.length ? h("ul", { class: "plain", "data-testid": "calls" }, told.map((c) => h("li", {},
        t(c.reached ? "packing.call.reached" : "packing.call.not_reached"), c.agreed ? ` · ${c.agreed}` : "")))
        : null,
      h("label", { class: "choice" }, reached, h("span", {}, t("packing.call.reached_label"))),
      field("packing.call.agreed", agreed),
      button(t("packing.call.record"), async () => {
        await call(state.user, o, "dispatch", reached.checked, agreed.value.trim());
        await redraw();
      }, "btn secondary")];
  }
  const customer = await customerOf(state.user, o);
  const chosen = customer?.shipping;
  const carrier = h("select", { class: "input" }, CARRIERS.map((c) => h("option", { value: c, selected: c === chosen }, shippingText(c))));
  const waybill = h("input", { type: "text", class: "input", maxlength: "40", autocomplete: "off", pattern: "[A-Za-z0-9-]{4,40}" });
  const days = h("input", { type: "number", class: "input", min: "0", max: "60", value: "3", inputmode: "numeric" });
  const warn = h("div", { "aria-live": "polite" });
  const check = () => warn.replaceChildren(chosen && CARRIERS.includes(chosen) && carrier.value !== chosen
    ? notice(t("packing.dispatch.not_chosen", { carrier: shippingText(chosen) }), "error") : "");
  carrier.addEventListener("change", check);
  return [h("h2", {}, t("packing.dispatch.title")),
    field("packing.dispatch.carrier", carrier), warn,
    field("packing.dispatch.waybill", waybill), field("packing.dispatch.days", days),
    button(t("packing.dispatch.record"), async () => {
      if (!/^[A-Za-z0-9-]{4,40}$/.test(waybill.value.trim())) {
        return void status.replaceChildren(notice(t("packing.dispatch.waybill_invalid"), "error"));
      }
      await dispatch(state.user, o, carrier.value, waybill.value.trim(), Number(days.value || 0));
      await redraw();
    })];
}

export const countView = {
  async render(orderId) {
    const status = h("div", { "aria-live": "polite", "data-testid": "scan-result" });
    const body = h("div", {});
    const defective = h("input", { type: "checkbox", class: "check", id: "defective" });
    let o = null;
    let boxList = [];
    let slips = [];
    let seals = [];   // this packer's issued seals, offered when a box is sealed
    const paint = async () => body.replaceChildren((await paymentSection(o, redraw)) ?? "", linesByCategory(o),
      afterPickingSection(o, redraw, status) ?? "",
      ...[await signSection(o, redraw, status)].flat(Infinity).filter(Boolean),
      ...boxSection(o, boxList, redraw, status, seals).flat(Infinity).filter(Boolean),
      ...[await dispatchSection(o, boxList, redraw, status)].flat(Infinity).filter(Boolean),
      ...(await returnsSection(o, slips, redraw, status)).flat(Infinity).filter(Boolean));
    // Everything read again (the server's copy and the outbox), after any action but a tick.
    const redraw = async () => {
      o = await loadOrder(state.user, orderId);
      if (!o) return void body.replaceChildren(notice(t("packing.order.missing"), "error"));
      boxList = await loadBoxes(state.user, orderId);
      slips = await returnSlips(state.user, [o]);
      seals = await mySeals(state.user, state.device.site.id);
      await paint();
    };
    // A tick just written to the outbox: applied to what is shown as data.js would
    // apply it on a reread, without rereading a long order at every scan.
    const ticked = async (line, box, quality) => {
      if (quality === "defective") line.defects = [...line.defects, { at: Date.now() }];
      else {
        line.ticked += 1;
        line.boxes = { ...line.boxes, [box.id]: (line.boxes[box.id] ?? 0) + 1 };
        box.contents = { ...box.contents, [line.code]: (box.contents[line.code] ?? 0) + 1 };
      }
      o.pending = box.pending = true;
      await paint();
    };
    await redraw();
    if (!o) return screen("packing.order.missing", notice(t("packing.order.missing_text"), "error"));
    scanner = new Scanner({
      manualLabelKey: "packing.count.manual_label",
      onCode: async (text) => {
        const item = readItem(text);
        // The first good scan opens the first box, once the order may be packed (a remote one once paid).
        const packable = o.customer_present || o.payment.state === "paid";
        if (packable && !o.box_ids.length && o.lines.some((x) => x.code === item.code)) {
          await openBox(state.user, o);
          await redraw();
        }
        const box = boxList.find((b) => b.id === o.open_box_id) ?? null;
        const quality = defective.checked ? "defective" : "good";
        const why = refusal(o, box, item, quality);
        if (why) {
          status.replaceChildren(notice(t(`packing.reason.${why}`, { code: item.code }), "error"));
          return false;
        }
        const line = o.lines.find((x) => x.code === item.code);
        await tick(state.user, o, box, line, quality);
        defective.checked = false;
        await ticked(line, box, quality);
        const now = line;
        window.dispatchEvent(new CustomEvent("gatehouse:ticked", { detail: { code: line.code, quality, ticked: now.ticked } }));
        status.replaceChildren(notice(quality === "defective"
          ? t("packing.count.defect_recorded", { code: line.code, name: lineName(line) })
          : t("packing.count.ticked", { code: line.code, name: lineName(line), price: money(line.unit_price),
            n: now.ticked, of: wanted(now) }), "ok"));
        return true;
      },
    });
    return screen("packing.count.title",
      h("p", { class: "card-meta" }, h("strong", {}, orderNumber(o)), " · ", o.customer_name, " · ",
        t(`packing.order.channel_${o.channel}`), " · ", t(`packing.order.payment_${o.payment.state}`)),
      scanner.el, status,
      h("label", { class: "choice" }, defective, h("span", {}, t("packing.count.defective"))),
      body);
  },
  leave() { scanner?.stop(); scanner = null; },
};
