// Writing a duty log entry, reading one (with its correction stamp, original,
// amendments and countersign), amending it, and countersigning it.
import { h, screen, field, notice, go, saveForm, button, link, toast } from "../../page/ui.js";
import { t, formatDateTime } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { correctionStamp, correctionHistory } from "../../page/corrections.js";
import { CATEGORIES, EDITABLE_FIELDS, addLogEntry, logEntry, amendLogEntry, countersign } from "./data.js";
import { Scanner } from "../../page/scanner.js";
import { entryBadges, numberOf } from "./log.js";

let scanner = null;

function categoryPicker(selected) {
  const name = `cat-${Math.random().toString(36).slice(2, 7)}`;
  const group = h("fieldset", { class: "choices" },
    h("legend", {}, t("dutylog.entry.category")),
    CATEGORIES.map((c) => h("label", { class: "choice" },
      h("input", { type: "radio", name, value: c, checked: c === selected, required: true }),
      h("span", {}, t(`dutylog.category.${c}`)))));
  group.value = () => group.querySelector("input:checked")?.value ?? null;
  return group;
}

// Location: typed, or read from a checkpoint QR with the scanner.
function locationField(value) {
  const input = h("input", { type: "text", class: "input", value: value ?? "", autocomplete: "off", maxlength: "200" });
  const holder = h("div", {});
  const toggle = button(t("dutylog.entry.scan_location"), () => {
    if (scanner) { scanner.stop(); scanner = null; holder.replaceChildren(); return; }
    scanner = new Scanner({
      onCode: (text) => { input.value = text; scanner?.stop(); scanner = null; holder.replaceChildren(); return true; },
    });
    holder.replaceChildren(scanner.el);
    scanner.start();
  }, "btn secondary");
  const wrap = h("div", {}, field("dutylog.entry.location", input), toggle, holder);
  wrap.control = input;
  return wrap;
}

export const newEntryView = {
  render() {
    const status = h("div", { "aria-live": "polite" });
    const cats = categoryPicker("general");
    const text = h("textarea", { class: "input", rows: "5", required: true, maxlength: "4000" });
    const loc = locationField("");
    const form = saveForm(async () => {
      const body = text.value.trim();
      if (!body) return void status.replaceChildren(notice(t("dutylog.entry.text_required"), "error"));
      try {
        // Written to the outbox (committed) before we say it is saved.
        await addLogEntry(state.user, { category: cats.value(), text: body, location: loc.control.value.trim() || null });
        toast(t("dutylog.entry.saved"));
        go("#/log");
      } catch (err) {
        status.replaceChildren(notice(t("dutylog.entry.save_failed"), "error"));
      }
    }, cats, field("dutylog.entry.text", text), loc, h("button", { type: "submit", class: "btn" }, t("dutylog.entry.save")));
    return screen("dutylog.entry.new_title", form, status);
  },
  leave() { scanner?.stop(); scanner = null; },
};

const showValue = (f, v) => (v == null || v === "" ? "—" : f === "category" ? t(`dutylog.category.${v}`) : String(v));

export const entryView = {
  live: true,
  async render(id) {
    const rec = await logEntry(state.user, id);
    if (!rec) return screen("dutylog.entry.missing", notice(t("dutylog.entry.missing_text")), link(t("common.back"), "#/log"));
    const status = h("div", { "aria-live": "polite" });
    const parts = [
      h("p", { class: "entry-number" }, h("span", { class: rec.number ? "number" : "number provisional" }, numberOf(rec)), " ", entryBadges(rec)),
      correctionStamp(rec),
      h("dl", { class: "facts" },
        h("dt", {}, t("dutylog.entry.category")), h("dd", {}, t(`dutylog.category.${rec.category}`)),
        h("dt", {}, t("field.text")), h("dd", { class: "entry-text" }, rec.text),
        h("dt", {}, t("field.location")), h("dd", {}, rec.location || "—"),
        h("dt", {}, t("dutylog.entry.when")), h("dd", {}, formatDateTime(rec.device_at)),
        h("dt", {}, t("dutylog.entry.author")), h("dd", {}, rec.author_name ?? "—")),
    ];
    parts.push(correctionHistory(rec, { fields: EDITABLE_FIELDS, show: showValue, originalKey: "dutylog.entry.original" }));
    if (rec.review) {
      parts.push(h("h2", {}, t("dutylog.entry.countersign")),
        h("p", { "data-testid": "countersign" }, t("dutylog.entry.countersigned_by", { name: rec.review.user_name ?? rec.review.user_id, time: formatDateTime(rec.review.corrected_at) })),
        rec.review.note ? h("p", {}, rec.review.note) : null);
    } else if (rec.pendingCountersign) {
      parts.push(h("h2", {}, t("dutylog.entry.countersign")), notice(t("dutylog.log.countersign_not_synced"), "warn"));
    } else if (mayWrite("log.countersign")) {
      const note = h("input", { type: "text", class: "input", autocomplete: "off", maxlength: "500" });
      parts.push(h("h2", {}, t("dutylog.entry.countersign")),
        saveForm(async () => {
          await countersign(state.user, rec, note.value.trim());
          toast(t("dutylog.entry.countersign_saved"));
        }, field("dutylog.entry.countersign_note", note), h("button", { type: "submit", class: "btn" }, t("dutylog.entry.countersign_submit"))));
    }
    // A correction names the server version it was based on (P6); an entry not
    // yet synced is this phone's own, and the server takes its creation as the base.
    parts.push(link(t("dutylog.entry.amend"), `#/log/${rec.id}/amend`, "btn secondary"), status, link(t("common.back"), "#/log", "btn tertiary"));
    return screen("dutylog.entry.title", ...parts);
  },
};

export const amendView = {
  async render(id) {
    const rec = await logEntry(state.user, id);
    if (!rec) return screen("dutylog.entry.missing", notice(t("dutylog.entry.missing_text")));
    const status = h("div", { "aria-live": "polite" });
    const cats = categoryPicker(rec.category);
    const text = h("textarea", { class: "input", rows: "5", maxlength: "4000" });
    text.value = rec.text ?? "";
    const loc = locationField(rec.location);
    const reason = h("input", { type: "text", class: "input", required: true, autocomplete: "off", maxlength: "500" });
    const form = saveForm(async () => {
      const now = { category: cats.value(), text: text.value.trim(), location: loc.control.value.trim() };
      const changes = {};
      for (const f of EDITABLE_FIELDS) if ((now[f] ?? "") !== (rec[f] ?? "")) changes[f] = now[f];
      if (changes.text === "") return void status.replaceChildren(notice(t("dutylog.entry.text_required"), "error"));
      if (!Object.keys(changes).length) return void status.replaceChildren(notice(t("dutylog.amend.no_changes"), "error"));
      if (!reason.value.trim()) return void status.replaceChildren(notice(t("dutylog.amend.reason_required"), "error"));
      await amendLogEntry(state.user, rec, changes, reason.value.trim());
      toast(t("dutylog.amend.saved"));
      go(`#/log/${rec.id}`);
    }, cats, field("dutylog.entry.text", text), loc, field("dutylog.amend.reason", reason, "dutylog.amend.reason_hint"),
    h("button", { type: "submit", class: "btn" }, t("dutylog.amend.submit")));
    return screen("dutylog.amend.title", h("p", {}, t("dutylog.amend.intro")), form, status, link(t("common.cancel"), `#/log/${rec.id}`, "btn tertiary"));
  },
  leave() { scanner?.stop(); scanner = null; },
};
