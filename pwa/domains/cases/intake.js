// Intake: anyone on duty registers a case offline. "Called before?" shows the
// open cases for the same unit or customer, to join instead of opening a second
// one; before saving, the key facts are read back to the person (phone, name,
// unit or address, matter). A case may come from an incident (#/cases/new/from/incident/<id>).
import { h, screen, field, notice, go, saveForm, link, toast, button } from "../../page/ui.js";
import { t } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { photoPicker } from "../../page/photos.js";
import { TYPES, CHANNELS, PEOPLE, cases, calledBefore, customers, openCase, sources } from "./data.js";

function choices(legendKey, prefix, values, selected, testid) {
  const name = `c${Math.random().toString(36).slice(2, 9)}`;
  const group = h("fieldset", { class: "choices", "data-testid": testid },
    h("legend", {}, t(legendKey)),
    values.map((v) => h("label", { class: "choice" },
      h("input", { type: "radio", name, value: v, checked: v === selected }),
      h("span", {}, t(`${prefix}${v}`)))));
  group.value = () => group.querySelector("input:checked")?.value ?? null;
  return group;
}

const input = (attrs = {}) => h("input", { type: "text", class: "input", autocomplete: "off", ...attrs });

export const newCaseView = {
  async render(fromKind, fromId) {
    const site = state.device.site.id;
    const list = await cases(state.user, site);
    const origins = await sources(state.user, site);
    const files = await customers(state.user, site);
    const source = fromKind ? origins.find((x) => x.id === fromId) : null;
    const type = choices("cases.type", "cases.type_", TYPES, source ? "repair_request" : null, "case-type");
    const channel = choices("cases.channel", "cases.channel_", CHANNELS, fromKind ? "patrol" : "phone", "case-channel");
    const person = choices("cases.person", "cases.person_", PEOPLE, "resident", "case-person");
    const unit = input({ maxlength: "40", "data-testid": "case-unit" });
    const name = input({ maxlength: "200" });
    const phone = input({ type: "tel", maxlength: "40" });
    const address = input({ maxlength: "500" });
    const abroad = h("input", { type: "checkbox", class: "check" });
    const matter = h("textarea", { class: "input", rows: "4", maxlength: "4000", "data-testid": "case-matter" });
    const place = input({ maxlength: "300", value: source?.place ?? "" });
    const reason = input({ maxlength: "2000" });
    const major = h("input", { type: "checkbox", class: "check" });
    const photos = photoPicker({ siteId: site, userId: state.user.id, uploadAs: "cases" });
    const from = h("select", { class: "input" }, h("option", { value: "" }, t("cases.no_source")),
      origins.map((x) => h("option", { value: x.id, selected: x.id === fromId },
        `${x.number ?? t("cases.no_after_sync")} · ${x.description}`)));
    if (source && !matter.value) matter.value = source.description;
    // A customer's file, when this phone holds the site's customer files: it fills the contact facts.
    const file = h("select", { class: "input", "data-testid": "case-customer" }, h("option", { value: "" }, t("cases.no_customer_file")),
      files.map((c) => h("option", { value: c.id }, `${c.name} · ${c.phone ?? ""}`)));
    const fileField = field("cases.customer_file", file);
    fileField.hidden = !files.length;
    file.addEventListener("change", () => {
      const c = files.find((x) => x.id === file.value);
      if (c) { name.value = c.name ?? ""; phone.value = c.phone ?? ""; address.value = c.address ?? ""; }
      showBefore();
    });
    const before = h("div", { "data-testid": "called-before", "aria-live": "polite" });
    let joinId = null;
    const showBefore = () => {
      const found = calledBefore(list, { person: person.value(), unit: unit.value, name: name.value, customer_id: file.value || null });
      if (!found.some((c) => c.id === joinId)) joinId = null;
      before.replaceChildren(...(found.length ? [h("h2", {}, t("cases.called_before")),
        h("p", { class: "hint" }, t("cases.called_before_hint")),
        h("ul", { class: "plain" }, found.map((c) => h("li", {},
          h("label", { class: "choice" },
            h("input", { type: "checkbox", class: "check", checked: c.id === joinId, "data-testid": "join-case",
              onchange: (e) => { joinId = e.target.checked ? c.id : null; showBefore(); } }),
            h("span", {}, `${c.number ?? t("cases.no_after_sync")} · ${t(`cases.type_${c.type}`)} · ${c.matter}`)))))] : []));
    };
    for (const el of [unit, name]) el.addEventListener("input", showBefore);
    person.addEventListener("change", showBefore);

    const status = h("div", { "aria-live": "polite" });
    const check = h("div", { "data-testid": "read-back" });
    const payload = () => {
      const p = {
        type: type.value(), channel: channel.value(), person: person.value(), unit: unit.value.trim(),
        name: name.value.trim(), phone: phone.value.trim(), address: address.value.trim(), abroad: abroad.checked,
        matter: matter.value.trim(), place: place.value.trim(), reason: reason.value.trim(), photos: photos.value(),
        severity: major.checked ? "major" : "normal",
      };
      const src = origins.find((x) => x.id === from.value);
      if (src) p.source = { kind: "incident", id: src.id };
      if (joinId) p.join_case_id = joinId;
      if (p.person === "customer" && file.value) p.customer_id = file.value;
      return p;
    };
    const problem = (p) => {
      if (!p.type) return "cases.type_required";
      if (!p.matter) return "cases.matter_required";
      if (p.person === "resident" && !p.unit) return "cases.unit_required";
      if (p.person === "customer" && !p.name) return "cases.name_required";
      return null;
    };
    // Read the key facts back before saving (issue 12 item 1); saving is a second, deliberate tap.
    const form = saveForm(async () => {
      const p = payload();
      const bad = problem(p);
      if (bad) return void status.replaceChildren(notice(t(bad), "error"));
      status.replaceChildren();
      const fact = (k, v) => [h("dt", {}, t(k)), h("dd", {}, v || "—")];
      check.replaceChildren(h("div", { class: "notice info" },
        h("h2", {}, t("cases.read_back")), h("p", { class: "hint" }, t("cases.read_back_hint")),
        h("dl", { class: "facts" }, fact("cases.phone", p.phone), fact("cases.name", p.name),
          fact(p.person === "resident" ? "cases.unit" : "cases.address", p.person === "resident" ? p.unit : p.address),
          fact("cases.matter", p.matter),
          p.join_case_id ? fact("cases.joins", list.find((c) => c.id === p.join_case_id)?.number ?? t("cases.no_after_sync")) : null),
        button(t("cases.confirm_save"), async () => {
          await openCase(state.user, p);
          toast(t(p.join_case_id ? "cases.joined" : "cases.saved"));
          go("#/cases");
        }, "btn", { "data-testid": "confirm-case" }),
        button(t("cases.change"), () => { check.replaceChildren(); matter.focus(); }, "btn tertiary")));
      check.querySelector("[data-testid=confirm-case]").focus();
    },
    type, channel, person,
    field("cases.unit", unit), fileField, before,
    field("cases.name", name), field("cases.phone", phone), field("cases.address", address),
    h("label", { class: "choice" }, abroad, h("span", {}, t("cases.abroad"))),
    field("cases.matter", matter, "cases.matter_hint"),
    field("cases.place", place), field("cases.reason", reason),
    field("cases.source", from),
    photos,
    h("label", { class: "choice" }, major, h("span", {}, t("cases.major"))),
    h("p", { class: "hint" }, t("cases.major_hint")),
    status,
    h("button", { type: "submit", class: "btn", "data-testid": "save-case" }, t("cases.check_and_save")),
    check);
    showBefore();
    return screen("cases.new_title", form, link(t("common.cancel"), "#/cases", "btn tertiary"));
  },
};
