// The seal registry on the phone (`#/packing/seals`, packers and supervisors):
// receive a range of numbered seals into stock, issue a range to a packer, and
// the list with each seal's state, offline (backend/packing/seals.py; the server
// checks again). A number already in the registry, or one not in stock to issue,
// is refused here at once and nothing is written.
import { h, screen, notice, field, button, saveForm } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { SEAL_STATES, issueSeals, receiveSeals, sealHolders, sealNumbers, sealRangeRefusal, sealRegistry } from "./data.js";

const input = (attrs) => h("input", { type: "text", class: "input", autocomplete: "off", ...attrs });

// Prefix, first and last number; `read()` gives the three trimmed values.
function rangeFields(testid) {
  const prefix = input({ maxlength: "20", "data-testid": `${testid}-prefix` });
  const first = input({ maxlength: "12", inputmode: "numeric", "data-testid": `${testid}-first` });
  const last = input({ maxlength: "12", inputmode: "numeric", "data-testid": `${testid}-last` });
  return {
    els: [field("packing.seals.prefix", prefix), field("packing.seals.first", first),
      field("packing.seals.last", last, "packing.seals.range_hint")],
    read: () => [prefix.value.trim(), first.value.trim(), last.value.trim()],
    clear: () => { prefix.value = ""; first.value = ""; last.value = ""; },
  };
}

const refusalText = (r) => (r.code === "bad_range" ? t("packing.seals.bad_range")
  : t(`packing.seals.refused_${r.code}`, { number: r.number }));

export const sealsView = {
  async render() {
    const site = state.device.site.id;
    const holders = await sealHolders(state.user, site);
    const nameOf = (id) => holders.find((m) => m.user_id === id)?.name ?? String(id);
    const list = h("div", { "data-testid": "seals" });
    const filter = h("select", { class: "input", "data-testid": "seal-state" },
      h("option", { value: "" }, t("packing.seals.all")),
      SEAL_STATES.map((s) => h("option", { value: s }, t(`packing.seals.state_${s}`))));

    const paint = async () => {
      const all = await sealRegistry(state.user, site);
      const shown = filter.value ? all.filter((s) => s.state === filter.value) : all;
      const counts = SEAL_STATES.map((s) => `${t(`packing.seals.state_${s}`)} ${all.filter((x) => x.state === s).length}`);
      list.replaceChildren(h("p", { class: "hint" }, counts.join(" · ")),
        shown.length ? h("ul", { class: "cards" }, shown.map((s) => h("li", { class: "card", dataset: { number: s.number, state: s.state } },
          h("span", { class: "card-head" }, h("strong", {}, s.number),
            h("span", { class: s.state === "broken" ? "badge error" : s.state === "verified" ? "badge ok" : "badge" },
              t(`packing.seals.state_${s.state}`))),
          h("span", { class: "card-meta" }, [
            s.issued ? t("packing.seals.issued_to", { name: s.issued.to_user_name ?? nameOf(s.issued.to_user_id) }) : null,
            s.applied ? t("packing.seals.applied_by", { name: s.applied.user_name ?? nameOf(s.applied.user_id),
              when: formatDateTime(s.applied.corrected_at) }) : null,
            s.reused?.length ? t("packing.seals.reused", { n: s.reused.length }) : null,
          ].filter(Boolean).join(" · ")),
          s.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null)))
          : notice(t("packing.seals.empty")));
    };
    filter.addEventListener("change", paint);

    const receiveStatus = h("div", { "aria-live": "polite", "data-testid": "seal-receive-status" });
    const received = rangeFields("seal-receive");
    const receiveForm = saveForm(async () => {
      const [prefix, first, last] = received.read();
      const numbers = sealNumbers(prefix, first, last);
      const refused = sealRangeRefusal(await sealRegistry(state.user, site), "receive", numbers);
      if (refused) return void receiveStatus.replaceChildren(notice(refusalText(refused), "error"));
      await receiveSeals(state.user, prefix, first, last);
      receiveStatus.replaceChildren(notice(t("packing.seals.received_n", { n: numbers.length }), "ok"));
      received.clear();
      await paint();
    }, ...received.els, h("button", { type: "submit", class: "btn" }, t("packing.seals.receive")), receiveStatus);

    const issueStatus = h("div", { "aria-live": "polite", "data-testid": "seal-issue-status" });
    const issued = rangeFields("seal-issue");
    const to = h("select", { class: "input", "data-testid": "seal-issue-to" },
      h("option", { value: "" }, t("packing.seals.pick_packer")),
      holders.map((m) => h("option", { value: String(m.user_id) }, m.name)));
    const issueForm = saveForm(async () => {
      const [prefix, first, last] = issued.read();
      if (!to.value) return void issueStatus.replaceChildren(notice(t("packing.seals.pick_packer"), "error"));
      const numbers = sealNumbers(prefix, first, last);
      const refused = sealRangeRefusal(await sealRegistry(state.user, site), "issue", numbers);
      if (refused) return void issueStatus.replaceChildren(notice(refusalText(refused), "error"));
      await issueSeals(state.user, prefix, first, last, Number(to.value));
      issueStatus.replaceChildren(notice(t("packing.seals.issued_n", { n: numbers.length, name: nameOf(Number(to.value)) }), "ok"));
      issued.clear();
      await paint();
    }, ...issued.els, field("packing.seals.to", to), h("button", { type: "submit", class: "btn" }, t("packing.seals.issue")),
    issueStatus);

    await paint();
    return screen("packing.seals.title", h("p", {}, t("packing.seals.intro")),
      h("h2", {}, t("packing.seals.receive_title")), receiveForm,
      h("h2", {}, t("packing.seals.issue_title")), issueForm,
      h("h2", {}, t("packing.seals.list_title")), field("packing.seals.state", filter), list);
  },
};

// When a box is sealed: the packer's issued seals to pick (typing any number is still allowed).
export function sealPicker(seals, input) {
  if (!seals.length) return null;
  const listId = `my-seals-${Math.random().toString(36).slice(2, 9)}`;
  input.setAttribute("list", listId);
  return [h("datalist", { id: listId }, seals.map((s) => h("option", { value: s.number }))),
    h("p", { class: "hint" }, t("packing.seal.yours")),
    h("div", { class: "status-row", "data-testid": "my-seals" }, seals.slice(0, 6).map((s) =>
      button(s.number, () => { input.value = s.number; }, "btn secondary", { dataset: { number: s.number } })))];
}
