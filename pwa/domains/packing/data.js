// Packing on the phone: orders and boxes as the server sent them, with this
// phone's outbox work laid over them (lib/overlay.js), and the checks a scan
// passes before it ticks, so a refusal comes at once, offline.
import { overlay, write, entitiesOf } from "../../lib/overlay.js";

export const ITEM_PREFIX = "gatehouse:item:";

const tickOf = (o) => ({ by: o.mutation.user_id, at: o.mutation.occurred_at });

// An order with the ticks, signatures, payment and boxes still in the outbox applied.
const orderUpdates = {
  "packing.tick": [(p) => p.order_id, (rec, o) => {
    const p = o.mutation.payload;
    const line = rec.lines.find((x) => x.code === p.code);
    if (!line) return;
    if (p.quality === "defective") line.defects = [...line.defects, tickOf(o)];
    else {
      line.ticked += 1;
      line.boxes = { ...line.boxes, [p.box_id]: (line.boxes[p.box_id] ?? 0) + 1 };
    }
    rec.pending = true;
  }],
  "packing.box_open": [(p) => p.order_id, (rec, o) => {
    if (!rec.box_ids.includes(o.mutation.id)) rec.box_ids = [...rec.box_ids, o.mutation.id];
    rec.open_box_id = o.mutation.id;
    rec.pending = true;
  }],
  "packing.sign": [(p) => p.order_id, (rec, o) => {
    rec.signatures = [...rec.signatures, { user_id: o.mutation.user_id, corrected_at: o.mutation.occurred_at, pending: true,
      role: rec.signatures.length ? "second_checker" : "checker" }];
    rec.pending = true;
  }],
  "packing.customer_sign": [(p) => p.order_id, (rec, o) => {
    rec.customer_signature = { name: o.mutation.payload.name, pending: true };
  }],
  "order.payment": [(p) => p.order_id, (rec, o) => {
    rec.payment = { state: o.mutation.payload.state, pending: true };
  }],
  "packing.dispatch": [(p) => p.order_id, (rec, o) => {
    const p = o.mutation.payload;
    rec.dispatch = { carrier: p.carrier, waybill: p.waybill, expected_days: p.expected_days, pending: true };
    rec.status = "dispatched";
  }],
  "order.call": [(p) => p.order_id, (rec, o) => {
    const p = o.mutation.payload;
    rec.calls = [...rec.calls, { purpose: p.purpose, reached: p.reached, agreed: p.agreed,
      corrected_at: o.mutation.occurred_at, pending: true }];
  }],
};

export async function orders(user, site) {
  const all = await overlay(user, { kinds: ["packing.order"], site, updates: orderUpdates });
  return all.sort((a, b) => (b.created_version ?? 0) - (a.created_version ?? 0));
}

export async function order(user, id) {
  return (await orders(user, null)).find((o) => o.id === id) ?? null;
}

const newBox = (o) => ({ id: o.mutation.id, order_id: o.mutation.payload.order_id, number: o.result?.number ?? null,
  contents: {}, sealed: null, after_seal: [], countersign: null, pending: true });

export async function boxes(user, orderId) {
  const all = await overlay(user, {
    kinds: ["packing.box"],
    creates: { "packing.box_open": newBox },
    updates: {
      "packing.tick": [(p) => p.box_id, (rec, o) => {
        const p = o.mutation.payload;
        if (p.quality === "defective") return;
        rec.contents = { ...rec.contents, [p.code]: (rec.contents[p.code] ?? 0) + 1 };
        rec.pending = true;
      }],
      "packing.seal": [(p) => p.box_id, (rec, o) => {
        rec.sealed = { seal_number: o.mutation.payload.seal_number, label: o.mutation.payload.label, pending: true };
      }],
    },
  });
  return all.filter((b) => b.order_id === orderId);
}

// "gatehouse:item:R-100@12500" (a Gatehouse item label, with its price in cents) or a
// barcode's bare text "R-100": the item code, and the price the label shows if any.
export function readItem(text) {
  const s = String(text ?? "").trim();
  const body = s.startsWith(ITEM_PREFIX) ? s.slice(ITEM_PREFIX.length) : s;
  const at = body.lastIndexOf("@");
  if (at > 0 && /^\d+$/.test(body.slice(at + 1))) return { code: body.slice(0, at), price: Number(body.slice(at + 1)) };
  return { code: body, price: null };
}

export const wanted = (line) => line.quantity - line.crossed;
export const allCounted = (order) => order.lines.every((x) => x.ticked >= wanted(x));
export const signaturesComplete = (o) => (o.customer_present
  ? o.signatures.length >= 1 && o.customer_signature != null
  : new Set(o.signatures.map((s) => s.user_id)).size >= 2);

// Why a scan may not tick (a reason code the catalog words), or null: checked
// here first so the packer hears it at once; the server checks again.
export function refusal(order, openBox, scanned, quality) {
  if (!order.customer_present && order.payment.state !== "paid") return "unpaid_remote";
  const line = order.lines.find((x) => x.code === scanned.code);
  if (!line) return "not_on_order";
  if (scanned.price != null && scanned.price !== line.unit_price) return "price_mismatch";
  if (!openBox) return "no_open_box";
  if (openBox.sealed) return "already_sealed";
  if (quality === "good" && line.ticked >= wanted(line)) return "over_quantity";
  return null;
}

export const tick = (user, order, box, line, quality) => write(user, "packing.tick",
  { order_id: order.id, box_id: box.id, code: line.code, unit_price: line.unit_price, quality });
export const openBox = (user, order) => write(user, "packing.box_open", { order_id: order.id });
export const signBill = (user, order) => write(user, "packing.sign", { order_id: order.id, name_checked: true });
export const sealBox = (user, box, sealNumber, label) => write(user, "packing.seal",
  { box_id: box.id, seal_number: sealNumber, label });
// The site's carriers (backend/packing/kinds.py DEFAULT_CARRIERS; the server checks its own list).
export const CARRIERS = ["China Railway Express", "SF Express", "STO Express", "Road freight"];

export async function customerOf(user, order) {
  const found = (await entitiesOf(user.id, "customer")).find((e) => e.id === order.customer_id);
  return found ? found.data : null;
}

export const dispatch = (user, order, carrier, waybill, days) => write(user, "packing.dispatch",
  { order_id: order.id, carrier, waybill, expected_days: days });
export const call = (user, order, purpose, reached, agreed) => write(user, "order.call",
  { order_id: order.id, purpose, reached, agreed });
export const customerSign = (user, order, name, signature) => write(user, "packing.customer_sign",
  { order_id: order.id, name, signature });
export const recordArrival = (user, payload) => write(user, "packing.arrival", payload);
