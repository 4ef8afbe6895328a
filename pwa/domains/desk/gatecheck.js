// The guard's pass check at the gate, offline: choose the gate and in or out,
// scan; a large green / amber / red answer with the reason, the holder's name,
// company, unit and photo from the synced roster, and how old the phone's data
// is. Every scan is recorded (the person's entry registration), whatever it showed.
import { h, screen, notice, button, link } from "../../page/ui.js";
import { t, formatAge, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { Scanner } from "../../page/scanner.js";
import { signal } from "../../page/feedback.js";
import { imageEl, photoPicker } from "../../page/photos.js";
import { checkPass, checkPermit, recordPassScan, recordPermitScan, tokenType, colour, onSite, keepHolderPhotos, DEFAULT_GATES } from "./data.js";
import { entitiesOf } from "../../lib/overlay.js";

let scanner = null;
const choice = { gate: null, direction: "in" };

async function gatesKnown(user, siteId) {
  const roster = (await entitiesOf(user.id, "pass.roster")).filter((e) => e.space === siteId);
  return [...new Set([...DEFAULT_GATES, ...roster.flatMap((e) => e.data.gates ?? [])])].sort();
}

function resultPanel(check) {
  const c = colour(check.reason, check.age);
  const who = check.holder;
  return h("div", { class: `pass-result ${c}`, role: "status", "data-testid": "pass-result",
    dataset: { colour: c, reason: check.reason, passId: check.passId } },
  h("p", { class: "pass-result-head" }, t(`desk.result.${c}`)),
  h("p", { class: "pass-result-reason" }, t(`desk.reason.${check.reason}`)),
  who ? h("div", { class: "pass-holder" },
    who.photo ? imageEl(who.photo, t("desk.holder_photo")) : null,
    h("div", {},
      h("p", { class: "card-title" }, who.name),
      h("p", {}, who.company || "—"),
      h("p", {}, t("desk.unit_n", { unit: who.unit })),
      who.number ? h("p", { class: "hint" }, who.number) : null))
    : check.passId ? notice(t("desk.not_in_roster")) : null,
  h("p", { class: "hint", "data-testid": "data-age" },
    check.age == null ? t("desk.data_never") : t("desk.data_age", { age: formatAge(Date.now() - check.age) })));
}

// A goods-release permit at the exit: the goods to tick, a photo, then "let out".
function permitPanel(check, text) {
  const c = colour(check.reason, check.age);
  const p = check.permit;
  const panel = h("div", { class: `pass-result ${c}`, role: "status", "data-testid": "pass-result",
    dataset: { colour: c, reason: check.reason, permitId: check.permitId } },
  h("p", { class: "pass-result-head" }, t(c === "red" ? "desk.permit.refuse" : "desk.permit.check_goods")),
  h("p", { class: "pass-result-reason" }, t(check.reason === "valid" ? "desk.permit.valid" : `desk.reason.${check.reason}`)),
  p ? h("p", {}, `${p.number ?? ""} · ${p.holder_name} · ${t("desk.unit_n", { unit: p.unit })}`) : null,
  h("p", { class: "hint", "data-testid": "data-age" },
    check.age == null ? t("desk.data_never") : t("desk.data_age", { age: formatAge(Date.now() - check.age) })));
  if (c === "red" || !p) {
    recordPermitScan(state.user, { token: text, gate: choice.gate, shown: check.reason, ticked: [], photos: [] });
    return panel;
  }
  const boxes = p.goods.map((g, i) => h("input", { type: "checkbox", id: `goods-${i}`, value: String(i) }));
  const photo = photoPicker({ siteId: state.device.site.id, userId: state.user.id, labelKey: "desk.permit.photo", uploadAs: "permit" });
  const done = h("div", { "aria-live": "polite" });
  panel.append(
    h("fieldset", { class: "goods-ticks" }, h("legend", {}, t("desk.permit.goods")),
      p.goods.map((g, i) => h("label", { class: "choice", for: `goods-${i}` }, boxes[i], ` ${g.count} × ${g.item}`))),
    photo,
    button(t("desk.permit.let_out"), async (e) => {
      e.currentTarget.disabled = true;
      await recordPermitScan(state.user, { token: text, gate: choice.gate, shown: check.reason,
        ticked: boxes.filter((b) => b.checked).map((b) => Number(b.value)), photos: photo.value() });
      done.replaceChildren(notice(t("desk.permit.recorded")));
    }, "btn", { "data-testid": "let-out" }),
    done);
  return panel;
}

export const gateCheckView = {
  async render() {
    const site = state.device.site.id;
    const gates = await gatesKnown(state.user, site);
    keepHolderPhotos(state.user, site).catch(() => {});
    choice.gate = gates.includes(choice.gate) ? choice.gate : gates[0];
    const out = h("div", { "aria-live": "assertive", "data-testid": "pass-check" });
    const gateSelect = h("select", { class: "input", id: "pass-gate", onchange: (e) => { choice.gate = e.target.value; } },
      gates.map((g) => h("option", { value: g, selected: g === choice.gate }, g)));
    const direction = h("div", { class: "row", role: "radiogroup", "aria-label": t("desk.direction") },
      ["in", "out"].map((d) => h("label", { class: "radio" },
        h("input", { type: "radio", name: "pass-direction", value: d, checked: choice.direction === d,
          onchange: () => { choice.direction = d; } }), t(`desk.direction_${d}`))));
    scanner = new Scanner({
      manualLabelKey: "desk.manual_label",
      onCode: async (raw) => {
        const text = raw.trim();
        if (tokenType(text) === "permit") {
          const check = await checkPermit(state.user, site, text, choice.gate);
          signal(check.reason === "valid");
          out.replaceChildren(permitPanel(check, text));
          return true;
        }
        const check = await checkPass(state.user, site, text, choice.gate);
        await recordPassScan(state.user, { token: text, gate: choice.gate, direction: choice.direction,
          shown: check.reason, data_age_ms: check.age });
        signal(check.reason === "valid");
        out.replaceChildren(resultPanel(check));
        performance.mark("gatehouse-pass-result"); // bench/passes_browser.py reads this
        return true;
      },
    });
    const inside = await onSite(state.user, site);
    return screen("desk.gate.title",
      h("div", { class: "field" }, h("label", { for: "pass-gate" }, t("desk.gate")), gateSelect),
      direction,
      out,
      scanner.el,
      h("h2", {}, t("desk.on_site", { n: inside.length })),
      link(t("desk.roll_call_link"), "#/desk/rollcall", "btn secondary"),
      inside.length ? h("ul", { class: "plain", "data-testid": "on-site" }, inside.map((p) => h("li", { dataset: { id: p.pass_id } },
        h("strong", {}, p.name ?? "—"), ` · ${p.company ?? ""} · ${t("desk.unit_n", { unit: p.unit ?? "—" })} · `,
        formatDateTime(p.last?.at)))) : notice(t("desk.nobody_on_site")));
  },
  leave() { scanner?.stop(); scanner = null; },
};
