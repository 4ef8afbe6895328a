// Packing on the phone: orders and boxes as the server sent them, with this
// phone's outbox work laid over them (lib/overlay.js), and the checks a scan
// passes before it ticks, so a refusal comes at once, offline.
import { overlay, write, entitiesOf, carries } from "../../lib/overlay.js";

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
    rec.payment = { state: o.mutation.payload.state, note: o.mutation.payload.note, user_id: o.mutation.user_id, pending: true };
  }],
  "packing.dispatch": [(p) => p.order_id, (rec, o) => {
    const p = o.mutation.payload;
    rec.dispatch = { carrier: p.carrier, waybill: p.waybill, expected_days: p.expected_days, pending: true };
    rec.status = "dispatched";
  }],
  "order.call": [(p) => p.order_id, (rec, o) => {
    const p = o.mutation.payload;
    rec.calls = [...rec.calls, { id: o.mutation.id, purpose: p.purpose, reached: p.reached, agreed: p.agreed,
      user_id: o.mutation.user_id, corrected_at: o.mutation.occurred_at, pending: true }];
  }],
  "packing.cross_out": [(p) => p.order_id, (rec, o) => {
    const line = rec.lines.find((x) => x.code === o.mutation.payload.code);
    if (line) line.crossed += o.mutation.payload.quantity;
    rec.pending = true;
  }],
};

// An order entered on this phone (order.create), as the server will make it
// (backend/packing/orders.py order_data); the picking time and number come at sync.
const customerName = (customers, id) => customers.find((c) => c.id === id)?.name ?? "";
const newOrder = (customers) => (o) => {
  const p = o.mutation.payload;
  const lines = p.lines.map((x) => ({ name_zh: "", ...x, amount: x.unit_price * x.quantity, ticked: 0, defects: [],
    crossed: 0, boxes: {} })).sort((a, b) => (a.category + a.code).localeCompare(b.category + b.code));
  return { id: o.mutation.id, space: o.mutation.space, number: null, ref: p.ref ?? "", customer_id: p.customer_id,
    customer_name: customerName(customers, p.customer_id), channel: p.channel, customer_present: p.channel === "counter",
    lines, total: lines.reduce((a, x) => a + x.amount, 0), payment: { state: "unpaid" }, picking_due: null,
    status: "open", signatures: [], customer_signature: null, calls: [], box_ids: [], open_box_id: null,
    dispatch_id: null, return_ids: [], pending: true };
};

export async function orders(user, site) {
  const known = await customers(user, null);
  const all = await overlay(user, { kinds: ["packing.order"], site, updates: orderUpdates,
    creates: { "order.create": newOrder(known) } });
  // Newest first; those entered here and not synced yet on top.
  const v = (x) => x.created_version ?? Number.MAX_SAFE_INTEGER;
  return all.sort((a, b) => v(b) - v(a));
}

// Customer files (backend/customers): the pulled ones and those registered here.
export async function customers(user, site) {
  const all = await overlay(user, { kinds: ["customer"], site, creates: {
    "customer.register": (o) => ({ ...o.mutation.payload, id: o.mutation.id, space: o.mutation.space, pending: true }) } });
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

export const registerCustomer = (user, payload) => write(user, "customer.register", payload);
export const createOrder = (user, payload) => write(user, "order.create", payload);
export const importOrders = (user, csv) => write(user, "order.import", { csv });
export const recordPayment = (user, order, paid, note) => write(user, "order.payment",
  { order_id: order.id, state: paid ? "paid" : "unpaid", note });
export const crossOut = (user, order, line, quantity, reason) => write(user, "packing.cross_out",
  { order_id: order.id, code: line.code, quantity, reason });

// Return slips (packing.return): a crossed-out line makes one (reason not_wanted),
// return.slip another; signatures, the manager's approval and the goods counted back
// are laid over them until the server's copy carries them.
const slipOf = (orderOf, reason) => (o) => {
  const p = o.mutation.payload;
  const ord = orderOf(p.order_id);
  const lineOf = (code) => ord?.lines.find((x) => x.code === code) ?? { name: code, name_zh: "", unit_price: 0 };
  const lines = (p.lines ?? [{ code: p.code, quantity: p.quantity }]).map((x) => {
    const l = lineOf(x.code);
    return { code: x.code, name: l.name, name_zh: l.name_zh, unit_price: l.unit_price, quantity: x.quantity };
  });
  return { id: o.mutation.id, space: o.mutation.space, number: null, order_id: p.order_id, order_number: ord?.number ?? null,
    customer_id: ord?.customer_id, customer_name: ord?.customer_name ?? "", reason: reason ?? p.reason,
    handling: reason ? "cross_out" : p.handling, basis: reason ? p.reason : p.basis, lines,
    amount: lines.reduce((a, x) => a + x.unit_price * x.quantity, 0), video_check: p.video_check ?? null,
    status: "awaiting_approval", customer_signature: null, approval: null, received: null,
    author_id: o.mutation.user_id, corrected_at: o.mutation.occurred_at, pending: true };
};

// Approved and actual quantities side by side: the codes that differ (returns.py receive).
export function differences(approvedLines, actualLines) {
  const approved = Object.fromEntries(approvedLines.map((x) => [x.code, x.quantity]));
  const actual = Object.fromEntries(actualLines.map((x) => [x.code, x.quantity]));
  const out = {};
  for (const c of [...new Set([...Object.keys(approved), ...Object.keys(actual)])].sort()) {
    if ((approved[c] ?? 0) !== (actual[c] ?? 0)) out[c] = { approved: approved[c] ?? 0, actual: actual[c] ?? 0 };
  }
  return out;
}

export async function returnSlips(user, orderList) {
  const orderOf = (id) => orderList.find((x) => x.id === id);
  const all = await overlay(user, {
    kinds: ["packing.return"],
    creates: { "packing.cross_out": slipOf(orderOf, "not_wanted"), "return.slip": slipOf(orderOf, null) },
    updates: {
      "return.customer_sign": [(p) => p.return_id, (rec, o) => {
        const p = o.mutation.payload;
        rec.customer_signature = { name: p.name, call_id: p.call_id || null, pending: true };
      }],
      "return.approve": [(p) => p.return_id, (rec, o) => {
        const p = o.mutation.payload;
        rec.approval = { approved: p.approved, note: p.note, user_id: o.mutation.user_id, pending: true };
        rec.status = p.approved ? "approved" : "refused";
      }],
      "return.receive": [(p) => p.return_id, (rec, o) => {
        const lines = o.mutation.payload.lines;
        rec.received = { lines, differences: differences(rec.lines, lines), pending: true };
        rec.status = "received";
      }],
    },
  });
  return all.sort((a, b) => (a.corrected_at ?? 0) - (b.corrected_at ?? 0));
}

export const newReturnSlip = (user, payload) => write(user, "return.slip", payload);
export const returnCustomerSign = (user, slip, { name = "", callId = "" }) => write(user, "return.customer_sign",
  { return_id: slip.id, name, call_id: callId });
export const approveReturn = (user, slip, approved, note) => write(user, "return.approve",
  { return_id: slip.id, approved, note });
export const receiveReturn = (user, slip, lines) => write(user, "return.receive", { return_id: slip.id, lines });

// Why the returns rules (ch. 11) refuse a slip, or null: backend/packing/rules.py
// return_refusal, here so the packer hears it at once, offline; the server checks again.
export function returnRefusal(customer, order, slip, returnedBefore) {
  if (customer?.type === "franchise") {
    return returnedBefore + slip.amount > order.total * (customer.return_ratio ?? 0) ? "over_return_ratio" : null;
  }
  if (order.customer_present) return "self_collected";
  if (slip.reason === "wrong_goods") return slip.handling === "exchange" ? null : "exchange_only";
  if (slip.reason === "quality_defect") {
    if (!slip.video_check || slip.video_check.outcome !== "defect_confirmed") return "video_check_required";
    if (slip.handling === "return" && slip.replacement_in_stock) return "exchange_available";
    return null;
  }
  return "no_return_reason";
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
// The site's carriers: lib/shipping.js (the server checks its own list).
export { CARRIERS } from "../../lib/shipping.js";

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

// The seal registry (backend/packing/seals.py): numbered seals received in ranges,
// issued to a packer, applied on a box, verified or broken on arrival. The pulled
// seals (`packing.seal`, id `<site>:<number>`) with this phone's receipts, issues
// and seals laid over them in the order they were written.
export const SEAL_STATES = ["received", "issued", "applied", "verified", "broken"];
export const MAX_SEALS = 500;

// The numbers of a range: prefix + each number, zero-padded as wide as `first`;
// null when the range is not one the server takes (seals.py RangeIn).
export function sealNumbers(prefix, first, last) {
  if (!/^[A-Za-z0-9-]{0,20}$/.test(prefix) || !/^\d{1,12}$/.test(first) || !/^\d{1,12}$/.test(last)) return null;
  const a = Number(first);
  const b = Number(last);
  if (b < a || b - a + 1 > MAX_SEALS) return null;
  const out = [];
  for (let n = a; n <= b; n += 1) out.push(prefix + String(n).padStart(first.length, "0"));
  return out;
}

const pendingSealWork = (o) => ({ id: o.mutation.id, work: o });

export async function sealRegistry(user, site) {
  const all = await overlay(user, { kinds: ["packing.seal"], site, creates: {
    "packing.seal_receive": pendingSealWork, "packing.seal_issue": pendingSealWork, "packing.seal": pendingSealWork } });
  const byNumber = new Map();
  for (const rec of all.filter((x) => !x.work)) byNumber.set(rec.number, rec);
  for (const { work: o } of all.filter((x) => x.work)) {   // in the order they were written
    if (o.status === "rejected") continue;
    const m = o.mutation;
    const p = m.payload;
    const stamp = { user_id: m.user_id, corrected_at: m.occurred_at };
    if (m.kind === "packing.seal") {
      const rec = byNumber.get(p.seal_number);
      if (rec && !rec.applied && !carries(rec, o)) Object.assign(rec, { state: "applied", applied: { box_id: p.box_id, ...stamp }, pending: true });
      continue;
    }
    for (const number of sealNumbers(p.prefix, p.first, p.last) ?? []) {
      const rec = byNumber.get(number);
      if (m.kind === "packing.seal_receive" && !rec) {
        byNumber.set(number, { id: `${m.space}:${number}`, number, state: "received", received: stamp, issued: null,
          applied: null, verified: null, broken: null, reused: [], pending: true });
      } else if (m.kind === "packing.seal_issue" && rec && ["received", "issued"].includes(rec.state) && !carries(rec, o)) {
        Object.assign(rec, { state: "issued", issued: { to_user_id: p.to_user_id, ...stamp }, pending: true });
      }
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number.localeCompare(b.number));
}

// The seals issued to this user and not applied yet: offered when a box is sealed.
export const mySeals = async (user, site) => (await sealRegistry(user, site))
  .filter((s) => s.state === "issued" && s.issued?.to_user_id === user.id);

// Who a seal may be issued to: the site's packers and supervisors (the roster, `site.member`).
export async function sealHolders(user, site) {
  return (await entitiesOf(user.id, "site.member")).filter((e) => e.space === site)
    .map((e) => e.data).filter((m) => ["packer", "supervisor", "admin"].includes(m.role))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// Why a receipt or an issue is refused here at once, offline (the server checks again), or null.
export function sealRangeRefusal(registry, kind, numbers) {
  if (!numbers) return { code: "bad_range" };
  const known = new Map(registry.map((s) => [s.number, s]));
  if (kind === "receive") {
    const twice = numbers.find((n) => known.has(n));
    return twice ? { code: "seal_known", number: twice } : null;
  }
  const unfit = numbers.find((n) => !["received", "issued"].includes(known.get(n)?.state));
  return unfit ? { code: known.has(unfit) ? "seal_used" : "seal_unknown", number: unfit } : null;
}

export const receiveSeals = (user, prefix, first, last) => write(user, "packing.seal_receive", { prefix, first, last });
export const issueSeals = (user, prefix, first, last, toUserId) => write(user, "packing.seal_issue",
  { prefix, first, last, to_user_id: toUserId });
