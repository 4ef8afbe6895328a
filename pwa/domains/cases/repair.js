// A product repair on its case's screen (issue 12 item 8; desk and supervisors):
// receive the item (in-house first; Thai silver refused; sent out only once the
// customer is told 1-6 months and that it may not match), print the receipt (three
// copies, copy 3 travels with the item), hand it to the repairer with copy 3, take
// it back, phone the customer, ship it. Offline; the receipt needs the network.
import { h, field, notice, saveForm, toast, button } from "../../page/ui.js";
import { t, formatDateTime, reasonText } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { photoPicker } from "../../page/photos.js";
import { write } from "../../lib/overlay.js";
import { download } from "../../page/download.js";

export const STEPS = ["receive", "hand_over", "back", "phoned", "shipped"];
const MATERIALS = ["silver", "thai_silver", "gold", "platinum", "other"];

const input = (max = "300") => h("input", { type: "text", class: "input", maxlength: max });
const check = (on = false) => h("input", { type: "checkbox", checked: on });
const choice = (box, key) => h("label", { class: "choice" }, box, h("span", {}, t(key)));

const receipt = (c, lang, status) =>
  download(`/api/cases/${encodeURIComponent(c.id)}/repair-receipt.pdf?lang=${lang}`, `repair-${c.number}-${lang}.pdf`, status);

export function repairSection(c, status) {
  const r = c.repair ?? { state: null, steps: [] };
  const done = new Set(r.steps.map((s) => s.step));
  const next = STEPS.find((s) => !done.has(s));
  const save = (step, payload) => async () => {
    await write(state.user, "case.repair", { case_id: c.id, step, note: "", ...payload });
    toast(t("cases.saved_action"));
  };
  const forms = {
    receive: () => {
      const code = input("60"), item = input(), part = input();
      const material = h("select", { class: "input", "data-testid": "repair-material" },
        MATERIALS.map((m) => h("option", { value: m }, t(`cases.material_${m}`))));
      const inHouse = check(true), told = check(false);
      const months = h("select", { class: "input" }, [1, 2, 3, 4, 5, 6].map((n) => h("option", { value: String(n) }, t("cases.repair_months", { n }))));
      const photos = photoPicker({ siteId: state.device.site.id, userId: state.user.id, uploadAs: "cases" });
      return saveForm(async () => {
        if (material.value === "thai_silver") return void status.replaceChildren(notice(t("reason.thai_silver_refused"), "error"));
        if (!code.value.trim() || !part.value.trim()) return void status.replaceChildren(notice(t("cases.repair_code_part_required"), "error"));
        if (!inHouse.checked && !told.checked) return void status.replaceChildren(notice(t("cases.repair_told_required"), "error"));
        await save("receive", { item_code: code.value.trim(), item: item.value.trim(), part: part.value.trim(), material: material.value,
          in_house: inHouse.checked, notice_months: inHouse.checked ? null : Number(months.value), told_may_not_match: told.checked,
          photos: photos.value() })();
      }, field("cases.repair_item_code", code), field("cases.repair_item", item), field("cases.repair_part", part),
      field("cases.repair_material", material), choice(inHouse, "cases.repair_in_house"),
      field("cases.repair_months_field", months), choice(told, "cases.repair_told"), photos,
      h("button", { type: "submit", class: "btn secondary", "data-testid": "repair-receive" }, t("cases.repair_step_receive")));
    },
    hand_over: () => {
      const who = input("200"), copy3 = check(false);
      return saveForm(async () => {
        if (!who.value.trim() || !copy3.checked) return void status.replaceChildren(notice(t("cases.repair_copy3_required"), "error"));
        await save("hand_over", { repairer: who.value.trim(), copy3_with_item: true })();
      }, field("cases.repair_repairer", who), choice(copy3, "cases.repair_copy3"),
      h("button", { type: "submit", class: "btn secondary", "data-testid": "repair-hand_over" }, t("cases.repair_step_hand_over")));
    },
    back: () => saveForm(save("back", {}), h("button", { type: "submit", class: "btn secondary", "data-testid": "repair-back" }, t("cases.repair_step_back"))),
    phoned: () => {
      const reached = check(true);
      return saveForm(async () => save("phoned", { reached: reached.checked })(), choice(reached, "cases.reached"),
        h("button", { type: "submit", class: "btn secondary", "data-testid": "repair-phoned" }, t("cases.repair_step_phoned")));
    },
    shipped: () => {
      const how = h("select", { class: "input" }, ["customer_collects", "courier", "post"].map((v) => h("option", { value: v }, t(`cases.repair_carrier_${v}`))));
      const waybill = input("60");
      return saveForm(async () => save("shipped", { carrier: how.value, waybill: waybill.value.trim() })(),
        field("cases.repair_carrier", how), field("cases.repair_waybill", waybill),
        h("button", { type: "submit", class: "btn secondary", "data-testid": "repair-shipped" }, t("cases.repair_step_shipped")));
    },
  };
  return [h("h2", {}, t("cases.repair_title")),
    r.state ? h("p", { "data-testid": "repair-state" }, t(`cases.repair_state_${r.state}`)) : null,
    r.steps.length ? h("ol", { class: "plain", "data-testid": "repair-steps" }, r.steps.map((s) => h("li", {},
      t(`cases.repair_step_${s.step}`), s.repairer ? ` · ${s.repairer}` : "", " · ",
      t("cases.by_line", { name: s.user_name || "—", time: formatDateTime(s.at) }),
      s.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null))) : null,
    done.has("receive") ? h("div", { class: "stack" },
      button(t("cases.repair_receipt_en"), () => receipt(c, "en", status), "btn secondary"),
      button(t("cases.repair_receipt_zh"), () => receipt(c, "zh-Hant", status), "btn secondary")) : null,
    next ? forms[next]() : null];
}
