// Shift handover: the outgoing guard writes what happened, the open items
// (each may point at an incident) and the equipment checked, then signs on
// screen and confirms with their PIN. The incoming guard (switch user on the
// same phone, or their own phone) reads it and accepts (signs) or refuses
// with a reason; a refusal keeps the outgoing guard on duty.
import { h, screen, field, notice, go, saveForm, link, button, toast } from "../../page/ui.js";
import { t, formatDateTime, language } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { signaturePad, pinInput, signWithPin as signWith } from "../../page/signature.js";
import { imageEl } from "../../page/photos.js";
import { handovers, incidents, posts, writeHandover, acceptHandover, refuseHandover, reviewHandover } from "./data.js";
import { patrolLinks } from "./rounds.js";
import { incidentNumber } from "./incident.js";

// Without a post set up at this site, the five items every post used to check.
const EQUIPMENT = ["radio", "torch", "keys", "first_aid", "fire_panel"];

// One row per item: present and working (ticked) or not, with a note. `item` is
// what goes on the wire (the post's item name), `label` what is shown.
function equipmentRow(item, label) {
  const ok = h("input", { type: "checkbox", class: "check", checked: true });
  const note = h("input", { type: "text", class: "input", maxlength: "500", autocomplete: "off", "aria-label": t("patrol.handover.equipment_note", { item: label }) });
  const row = h("li", { class: "equipment-row", dataset: { item } },
    h("label", { class: "choice" }, ok, h("span", {}, label)), note);
  row.read = () => ({ item, ok: ok.checked, note: note.value.trim() });
  return row;
}

const itemLabel = (i) => (language() === "zh-Hant" && i.name_zh ? i.name_zh : i.name);

const statusBadge = (rec) => h("span", { class: `badge ${rec.status === "accepted" ? "ok" : rec.status === "refused" ? "error" : "warn"}`, "data-testid": "handover-status" },
  t(`patrol.handover.status_${rec.status}`));

export const handoversView = {
  live: true,
  async render() {
    // The front desk's handovers are listed on the desk's shift screen (desk/shift.js).
    const list = (await handovers(state.user, state.device.site.id)).filter((x) => !x.desk);
    const waiting = list.filter((x) => x.status !== "accepted" && x.outgoing?.user_id !== state.user.id);
    return screen("patrol.handover.title_list",
      patrolLinks("#/handover"),
      link(t("patrol.handover.new"), "#/handover/new", "btn"),
      waiting.length ? notice(t("patrol.handover.waiting_for_you", { n: waiting.length }), "warn") : null,
      list.length ? h("ul", { class: "cards", "data-testid": "handovers" }, list.map((x) => h("li", {},
        h("a", { class: "card", href: `#/handover/${x.id}`, dataset: { id: x.id, status: x.status } },
          h("span", { class: "card-head" }, h("span", {}, x.outgoing?.user_name ?? ""), h("span", {}, formatDateTime(x.outgoing?.device_at))),
          h("span", { class: "card-text" }, x.text),
          h("span", { class: "badges" }, statusBadge(x),
            x.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null)))))
        : notice(t("patrol.handover.empty")));
  },
};

export const newHandoverView = {
  async render() {
    const incs = (await incidents(state.user, state.device.site.id)).filter((i) => i.status === "open");
    const status = h("div", { "aria-live": "polite" });
    const text = h("textarea", { class: "input", rows: "5", maxlength: "4000" });
    const items = h("ol", { class: "plain open-items stack" });
    const addItem = () => {
      const n = items.children.length + 1;
      const itemText = h("input", { type: "text", class: "input", maxlength: "1000", autocomplete: "off" });
      const inc = h("select", { class: "input" },
        h("option", { value: "" }, t("patrol.handover.no_incident")),
        incs.map((i) => h("option", { value: i.id }, `${incidentNumber(i)} · ${t(`patrol.incident.cat_${i.category}`)} · ${i.description.slice(0, 40)}`)));
      const li = h("li", { class: "stack open-item" },
        h("div", { class: "field" }, h("label", {}, t("patrol.handover.open_item_n", { n })), itemText),
        h("div", { class: "field" }, h("label", {}, t("patrol.handover.open_item_incident")), inc));
      li.querySelectorAll("label").forEach((l, k) => {
        const c = k === 0 ? itemText : inc;
        c.id = `oi-${n}-${k}-${Math.random().toString(36).slice(2, 6)}`;
        l.htmlFor = c.id;
      });
      li.read = () => (itemText.value.trim() ? { text: itemText.value.trim(), incident_id: inc.value || null } : null);
      items.append(li);
    };
    addItem();
    const sitePosts = await posts(state.user, state.device.site.id);
    const kitList = h("ul", { class: "plain stack", "data-testid": "post-equipment" });
    const postSelect = sitePosts.length ? h("select", { class: "input" },
      h("option", { value: "" }, t("patrol.handover.no_post")),
      sitePosts.map((x) => h("option", { value: x.id }, itemLabel(x)))) : null;
    const showKit = () => {
      const post = sitePosts.find((x) => x.id === postSelect?.value);
      kitList.replaceChildren(...(post ? post.items.map((i) => equipmentRow(i.name, itemLabel(i)))
        : EQUIPMENT.map((key) => equipmentRow(t(`patrol.handover.eq_${key}`), t(`patrol.handover.eq_${key}`)))));
    };
    postSelect?.addEventListener("change", showKit);
    showKit();
    const pad = signaturePad("signature.label");
    const pin = pinInput();
    const form = saveForm(async () => {
      if (!text.value.trim()) return void status.replaceChildren(notice(t("patrol.handover.text_required"), "error"));
      const payload = {
        text: text.value.trim(),
        open_items: [...items.children].map((li) => li.read()).filter(Boolean),
        equipment: [...kitList.children].map((row) => row.read()),
      };
      if (postSelect?.value) payload.post_id = postSelect.value;
      const signature = await signWith(pad, pin, status);
      if (!signature) return;
      const entry = await writeHandover(state.user, { ...payload, signature });
      toast(t("patrol.handover.saved"));
      go(`#/handover/${entry.mutation.id}`);
    },
    postSelect ? field("patrol.handover.post", postSelect, "patrol.handover.post_hint") : null,
    field("patrol.handover.text", text, "patrol.handover.text_hint"),
    h("h2", {}, t("patrol.handover.open_items")), items,
    button(t("patrol.handover.add_item"), addItem, "btn secondary"),
    h("h2", {}, t("patrol.handover.equipment")),
    kitList,
    h("h2", {}, t("patrol.handover.sign")),
    pad,
    field("patrol.handover.pin", pin, "patrol.handover.pin_hint"),
    status,
    h("button", { type: "submit", class: "btn" }, t("patrol.handover.submit")));
    return screen("patrol.handover.new_title", form, link(t("common.cancel"), "#/handover", "btn tertiary"));
  },
};

function signer(label, s) {
  return [h("dt", {}, label), h("dd", {},
    s ? [`${s.user_name} · ${formatDateTime(s.device_at)}`, h("br"), imageEl(s.signature, t("patrol.handover.signature_of", { name: s.user_name }), "sig-image")] : "—")];
}

function kitLines(list, postItems, testid) {
  const label = (name) => { const i = (postItems ?? []).find((x) => x.name === name); return i ? itemLabel(i) : name; };
  return h("ul", { class: "plain", "data-testid": testid }, (list ?? []).map((q) => h("li", { dataset: { ok: q.ok ? "1" : "0" } },
    `${q.ok ? "✓" : "✕"} ${label(q.item)}`,
    h("span", { class: "visually-hidden" }, q.ok ? t("patrol.handover.ok") : t("patrol.handover.not_ok")), q.note ? ` · ${q.note}` : "")));
}

export const handoverView = {
  async render(id) {
    const site = state.device.site.id;
    const [list, incs] = await Promise.all([handovers(state.user, site), incidents(state.user, site)]);
    const rec = list.find((x) => x.id === id);
    if (!rec) return screen("patrol.handover.missing", notice(t("patrol.handover.missing_text")), link(t("common.back"), "#/handover"));
    const incById = new Map(incs.map((i) => [i.id, i]));
    const mine = rec.outgoing?.user_id === state.user.id;
    const parts = [
      h("p", {}, statusBadge(rec), rec.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null),
      h("dl", { class: "facts" },
        h("dt", {}, t("patrol.handover.text")), h("dd", { class: "entry-text", "data-testid": "handover-text" }, rec.text),
        signer(t("patrol.handover.outgoing"), rec.outgoing),
        signer(t("patrol.handover.incoming"), rec.incoming)),
      h("h2", {}, t("patrol.handover.open_items")),
      rec.open_items?.length ? h("ul", { class: "plain" }, rec.open_items.map((o) => h("li", {}, o.text,
        o.incident_id ? ` · ${incById.has(o.incident_id) ? incidentNumber(incById.get(o.incident_id)) : t("patrol.handover.incident_ref")}` : "")))
        : h("p", {}, t("patrol.handover.no_open_items")),
      h("h2", {}, rec.post_id ? t("patrol.handover.equipment_of", { post: itemLabel({ name: rec.post_name ?? "", name_zh: rec.post_name_zh }) })
        : t("patrol.handover.equipment")),
      kitLines(rec.equipment, rec.post_items, "outgoing-equipment"),
      rec.incoming_equipment ? [h("h2", {}, t("patrol.handover.incoming_check")),
        kitLines(rec.incoming_equipment, rec.post_items, "incoming-equipment")] : null,
    ];
    if (rec.refusals?.length) {
      parts.push(h("h2", {}, t("patrol.handover.refusals")),
        h("ul", { class: "plain", "data-testid": "refusals" }, rec.refusals.map((r) => h("li", {},
          t("patrol.handover.refused_by", { name: r.user_name, time: formatDateTime(r.device_at ?? r.corrected_at) }), ": ", r.reason))));
    }
    if (rec.status !== "accepted") {
      if (mine) {
        parts.push(notice(t("patrol.handover.wait_incoming"), "info"));
      } else {
        const status = h("div", { "aria-live": "polite" });
        const pad = signaturePad("patrol.handover.signature_incoming");
        const pin = pinInput();
        const reason = h("textarea", { class: "input", rows: "3", maxlength: "1000" });
        // Taking a post: the incoming person checks the same list, item by item.
        const check = (rec.post_items ?? []).map((i) => equipmentRow(i.name, itemLabel(i)));
        parts.push(
          h("h2", {}, t("patrol.handover.accept_title")),
          saveForm(async () => {
            const signature = await signWith(pad, pin, status);
            if (!signature) return;
            await acceptHandover(state.user, rec.id, signature, check.map((row) => row.read()));
            toast(t("patrol.handover.accepted"));
            go(`#/handover/${rec.id}`);
          }, check.length ? [h("p", { class: "hint" }, t("patrol.handover.check_hint")),
            h("ul", { class: "plain stack", "data-testid": "take-over-equipment" }, check)] : null,
          pad, field("patrol.handover.pin", pin, "patrol.handover.pin_hint"),
          h("button", { type: "submit", class: "btn", "data-testid": "accept" }, t("patrol.handover.accept"))),
          h("h2", {}, t("patrol.handover.refuse_title")),
          saveForm(async () => {
            if (!reason.value.trim()) return void status.replaceChildren(notice(t("patrol.handover.reason_required"), "error"));
            await refuseHandover(state.user, rec.id, reason.value.trim());
            toast(t("patrol.handover.refused"));
            go(`#/handover/${rec.id}`);
          }, field("patrol.handover.refuse_reason", reason, "patrol.handover.refuse_hint"),
          h("button", { type: "submit", class: "btn danger", "data-testid": "refuse" }, t("patrol.handover.refuse"))),
          status);
      }
    }
    // The duty supervisor's daily review and signature (rulebook: handover 1-7).
    if (rec.review) {
      parts.push(h("h2", {}, t("patrol.handover.review_title")), h("p", { "data-testid": "handover-review" },
        t("patrol.handover.reviewed_by", { name: rec.review.user_name, time: formatDateTime(rec.review.device_at) }),
        rec.review.note ? ` · ${rec.review.note}` : "",
        rec.review.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null));
    } else if (mayWrite("handover.review") && !rec.pending
        && rec.outgoing?.user_id !== state.user.id && rec.incoming?.user_id !== state.user.id) {
      const note = h("textarea", { class: "input", rows: "3", maxlength: "1000" });
      const reviewStatus = h("div", { "aria-live": "polite" });
      parts.push(h("h2", {}, t("patrol.handover.review_title")), saveForm(async () => {
        // A handover not accepted cannot be signed off without saying why.
        if (rec.status !== "accepted" && !note.value.trim()) {
          return void reviewStatus.replaceChildren(notice(t("patrol.handover.review_note_required"), "error"));
        }
        await reviewHandover(state.user, rec.id, note.value.trim());
        toast(t("patrol.handover.reviewed"));
        go(`#/handover/${rec.id}`);
      }, field("patrol.handover.review_note", note, "patrol.handover.review_hint"), reviewStatus,
      h("button", { type: "submit", class: "btn", "data-testid": "review-handover" }, t("patrol.handover.review_submit"))));
    }
    parts.push(link(t("common.back"), "#/handover", "btn tertiary"));
    return screen("patrol.handover.title", ...parts);
  },
};
