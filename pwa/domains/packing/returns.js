// On the order screen: a line the customer does not want crossed out (it makes a
// return slip), return slips for wrong goods or a quality defect under the returns
// rules (ch. 11, applied here at once and again by the server), the customer's
// signature or the recorded call that stands for it, the manager's approval with
// their own PIN (an approval kind, like the second checker's signature), and the
// goods that actually came back counted, a difference flagged.
import { h, notice, button, field, toast, fieldErrors } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { users, unlock, currentUser } from "../../page/session.js";
import { download } from "../../page/download.js";
import { wanted, crossOut, customers, returnRefusal, newReturnSlip, returnCustomerSign, approveReturn,
  receiveReturn } from "./data.js";
import { money, lineName } from "./count.js";

const MANAGER_ROLES = ["supervisor", "admin"];
const int = (v) => (/^\d{1,5}$/.test(String(v).trim()) ? Number(v) : NaN);
const input = (attrs = {}) => h("input", { type: "text", class: "input", autocomplete: "off", ...attrs });
const lineSelect = (lines) => h("select", { class: "input" }, lines.map((x) => h("option", { value: x.code }, `${x.code} · ${lineName(x)}`)));

function crossOutSection(o, redraw) {
  const open = o.lines.filter((x) => wanted(x) > 0);
  if (o.status === "dispatched" || !open.length) return null;
  const code = lineSelect(open);
  const quantity = input({ inputmode: "numeric", value: "1", maxlength: "5" });
  const reason = input({ maxlength: "500" });
  const f = { code: field("packing.cross.line", code), quantity: field("packing.cross.quantity", quantity),
    reason: field("packing.cross.reason", reason, "packing.cross.reason_hint") };
  return h("details", { class: "stack", "data-testid": "cross-out" },
    h("summary", {}, t("packing.cross.title")), ...Object.values(f),
    button(t("packing.cross.do"), async () => {
      const line = o.lines.find((x) => x.code === code.value);
      const n = int(quantity.value);
      const ok = fieldErrors(f, {
        quantity: !(n >= 1 && n <= line.quantity - line.crossed) && ["packing.cross.quantity_invalid", { n: line.quantity - line.crossed }],
        reason: !reason.value.trim() && "packing.cross.reason_required",
      });
      if (!ok) return;
      await crossOut(state.user, o, line, n, reason.value.trim());
      toast(t("packing.cross.done", { code: line.code }));
      await redraw();
    }, "btn secondary"));
}

// A new return slip for goods that went out: wrong goods or a quality defect.
function newSlipSection(o, slips, redraw, status) {
  const sent = o.lines.filter((x) => x.ticked > 0);
  if (!sent.length) return null;
  const reason = h("select", { class: "input" }, ["wrong_goods", "quality_defect"].map((r) => h("option", { value: r }, t(`packing.returns.reason_${r}`))));
  const handling = h("select", { class: "input" }, ["exchange", "return"].map((r) => h("option", { value: r }, t(`packing.returns.handling_${r}`))));
  const basis = input({ maxlength: "1000" });
  const code = lineSelect(sent);
  const quantity = input({ inputmode: "numeric", value: "1", maxlength: "5" });
  const video = h("select", { class: "input" }, ["", "defect_confirmed", "no_defect"].map((r) => h("option", { value: r }, t(`packing.returns.video_${r || "none"}`))));
  const inStock = h("input", { type: "checkbox", class: "check", id: "replacement-in-stock", checked: true });
  const f = { reason: field("packing.returns.reason", reason), handling: field("packing.returns.handling", handling),
    code: field("packing.cross.line", code), quantity: field("packing.cross.quantity", quantity),
    basis: field("packing.returns.basis", basis, "packing.returns.basis_hint"), video: field("packing.returns.video", video) };
  return h("details", { class: "stack", "data-testid": "new-slip" },
    h("summary", {}, t("packing.returns.new")), ...Object.values(f),
    h("label", { class: "choice" }, inStock, h("span", {}, t("packing.returns.in_stock"))),
    button(t("packing.returns.make"), async () => {
      const line = o.lines.find((x) => x.code === code.value);
      const n = int(quantity.value);
      const ok = fieldErrors(f, {
        quantity: !(n >= 1 && n <= line.ticked) && ["packing.cross.quantity_invalid", { n: line.ticked }],
        basis: !basis.value.trim() && "packing.returns.basis_required",
      });
      if (!ok) return;
      const payload = { order_id: o.id, lines: [{ code: line.code, quantity: n }], reason: reason.value,
        handling: handling.value, basis: basis.value.trim(), replacement_in_stock: inStock.checked,
        video_check: video.value ? { at: Date.now(), outcome: video.value } : null };
      const customer = (await customers(state.user, null)).find((c) => c.id === o.customer_id);
      const before = slips.reduce((a, s) => a + s.amount, 0);
      const why = returnRefusal(customer, o, { ...payload, amount: line.unit_price * n }, before);
      if (why) return void status.replaceChildren(notice(t(`reason.${why}`), "error"));
      await newReturnSlip(state.user, payload);
      await redraw();
    }, "btn secondary"));
}

function slipPrint(s, status) {
  if (s.pending) return h("p", { class: "hint" }, t("packing.returns.print_after_sync"));
  const path = (lang) => `/api/packing/returns/${encodeURIComponent(s.id)}/slip.pdf?lang=${lang}`;
  return h("div", { class: "stack" },
    button(t("packing.returns.print_en"), () => download(path("en"), `return-${s.number ?? s.id}-en.pdf`, status), "btn secondary"),
    button(t("packing.returns.print_zh"), () => download(path("zh-Hant"), `return-${s.number ?? s.id}-zh-Hant.pdf`, status), "btn secondary"));
}

function customerSignPart(s, o, redraw, status) {
  const sig = s.customer_signature;
  if (sig) {
    const c = sig.call_id ? o.calls.find((x) => x.id === sig.call_id) : null;
    return h("p", { "data-testid": "slip-customer" }, t(sig.call_id ? "packing.returns.signed_by_call" : "packing.returns.signed_by_customer",
      { name: sig.name || o.customer_name, agreed: c?.agreed ?? "" }), sig.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null);
  }
  const reachedCalls = o.calls.filter((c) => c.reached && c.id);
  const name = input({ maxlength: "200" });
  const callPick = h("select", { class: "input" }, reachedCalls.map((c) => h("option", { value: c.id },
    `${t(`packing.call.purpose_${c.purpose}`)} · ${c.corrected_at ? formatDateTime(c.corrected_at) : ""} · ${c.agreed}`)));
  return h("div", { class: "stack" },
    h("h3", {}, t("packing.returns.customer_title")),
    o.customer_present ? [field("packing.returns.customer_name", name),
      button(t("packing.returns.customer_signs"), async () => {
        if (!name.value.trim()) return void status.replaceChildren(notice(t("packing.returns.customer_name_required"), "error"));
        await returnCustomerSign(state.user, s, { name: name.value.trim() });
        await redraw();
      }, "btn secondary")]
      : reachedCalls.length ? [field("packing.returns.call", callPick),
        button(t("packing.returns.call_stands"), async () => {
          await returnCustomerSign(state.user, s, { callId: callPick.value });
          await redraw();
        }, "btn secondary")]
        : notice(t("packing.returns.call_first"), "warn"));
}

// The department manager approves with their own name and PIN on this phone.
async function approvePart(s, redraw, status) {
  if (s.approval) {
    return h("p", { "data-testid": "slip-approval" }, t(s.approval.approved ? "packing.returns.approved_by" : "packing.returns.refused_by",
      { name: s.approval.user_name ?? (await users()).find((u) => u.id === s.approval.user_id)?.name ?? "" }),
    s.approval.note ? ` · ${s.approval.note}` : "", s.approval.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null);
  }
  if (!s.customer_signature) return null;
  const managers = (await users()).filter((u) => u.pin && MANAGER_ROLES.includes(u.role) && u.id !== s.author_id);
  if (!managers.length) return notice(t("packing.returns.no_manager"), "warn");
  const who = h("select", { class: "input" }, managers.map((u) => h("option", { value: String(u.id) }, u.name)));
  const pin = h("input", { type: "password", inputmode: "numeric", autocomplete: "off", class: "input", maxlength: "8" });
  const note = input({ maxlength: "1000" });
  const decide = (approved) => async () => {
    if (!approved && !note.value.trim()) return void status.replaceChildren(notice(t("packing.returns.refuse_note"), "error"));
    let manager;
    try {
      manager = await unlock(Number(who.value), pin.value);
    } catch (err) {
      return void status.replaceChildren(notice(t(err.reason === "pin_locked" ? "packing.sign.pin_locked" : "packing.sign.pin_wrong"), "error"));
    }
    await approveReturn(manager, s, approved, note.value.trim());
    // The phone is now unlocked for the manager (their PIN opened it), as after a second checker signs.
    state.user = (await currentUser()) ?? manager;
    toast(t(approved ? "packing.returns.approved_by" : "packing.returns.refused_by", { name: manager.name }));
    await redraw();
  };
  return h("div", { class: "stack" }, h("h3", {}, t("packing.returns.approval_title")),
    field("packing.returns.manager", who), field("packing.returns.manager_pin", pin), field("packing.returns.note", note),
    button(t("packing.returns.approve"), decide(true)),
    button(t("packing.returns.refuse"), decide(false), "btn tertiary"));
}

// The warehouse counts what actually came back; a difference from the approved slip is flagged.
function receivePart(s, redraw) {
  if (s.received) {
    const diffs = Object.entries(s.received.differences ?? {});
    return h("div", { "data-testid": "slip-received", dataset: { differs: diffs.length ? "1" : "0" } },
      h("p", {}, t("packing.returns.received"), s.received.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null),
      diffs.length ? h("ul", { class: "plain" }, diffs.map(([code, d]) => h("li", {},
        h("span", { class: s.received.pending ? "badge warn" : "badge error" },
          t(s.received.pending ? "packing.returns.differs" : "packing.returns.differs_flagged")),
        " ", t("packing.returns.difference", { code, approved: d.approved, actual: d.actual })))) : null);
  }
  if (s.status !== "approved") return null;
  const counts = s.lines.map((x) => input({ inputmode: "numeric", value: String(x.quantity), maxlength: "5" }));
  const f = Object.fromEntries(s.lines.map((x, i) => [x.code, field("packing.returns.came_back", counts[i])]));
  s.lines.forEach((x, i) => f[x.code].querySelector("label").append(` · ${x.code}`));
  return h("div", { class: "stack" }, h("h3", {}, t("packing.returns.receive_title")), ...Object.values(f),
    button(t("packing.returns.receive"), async () => {
      const problems = Object.fromEntries(s.lines.map((x, i) => [x.code, !(int(counts[i].value) >= 0) && "packing.returns.count_invalid"]));
      if (!fieldErrors(f, problems)) return;
      await receiveReturn(state.user, s, s.lines.map((x, i) => ({ code: x.code, quantity: int(counts[i].value) }))
        .filter((x) => x.quantity > 0));
      await redraw();
    }));
}

async function slipCard(s, o, redraw, status) {
  return h("li", { class: "card stack", dataset: { id: s.id, status: s.status } },
    h("span", { class: "card-head" }, h("span", { class: s.number ? "number" : "number provisional" }, s.number ?? t("packing.no_number")),
      h("span", { class: "badge" }, t(`packing.returns.status_${s.status}`))),
    h("span", { class: "card-title" }, t(`packing.returns.reason_${s.reason}`), " · ", t(`packing.returns.handling_${s.handling}`)),
    h("span", { class: "card-meta" }, s.lines.map((x) => `${x.code} × ${x.quantity}`).join(", "), " · ", money(s.amount),
      s.basis ? ` · ${s.basis}` : ""),
    customerSignPart(s, o, redraw, status), await approvePart(s, redraw, status), receivePart(s, redraw),
    slipPrint(s, status));
}

export async function returnsSection(o, slips, redraw, status) {
  const mine = slips.filter((s) => s.order_id === o.id);
  return [h("h2", {}, t("packing.returns.title")),
    crossOutSection(o, redraw),
    mine.length ? h("ul", { class: "cards", "data-testid": "slips" }, await Promise.all(mine.map((s) => slipCard(s, o, redraw, status))))
      : h("p", { class: "hint" }, t("packing.returns.none")),
    newSlipSection(o, mine, redraw, status)];
}
