// Incidents: the site's incidents (own unsynced ones with a provisional
// number) and the report form: category, severity, description, place
// (a checkpoint or free text), photos and "report to supervisor now".
import { h, screen, field, notice, go, saveForm, link, toast, button } from "../../page/ui.js";
import { t, formatDateTime, reasonText, language } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { mayWrite } from "../../page/roles.js";
import { isSupervisor } from "../../page/session.js";
import { photoPicker } from "../../page/photos.js";
import { setup, incidents, reportIncident, noteIncident, closeIncident, INCIDENT_CATEGORIES, SEVERITIES, cpName } from "./data.js";
import { patrolLinks } from "./rounds.js";
import { download } from "../../page/download.js";

const textArea = () => h("textarea", { class: "input", rows: "3", maxlength: "2000" });
const textInput = (max = 200) => h("input", { type: "text", class: "input", maxlength: String(max), autocomplete: "off" });

// What a closing recorded besides the outcome: police hand-over, cause, negligence, measures.
function closingFacts(c) {
  const rows = [];
  const add = (key, value) => { if (value) rows.push(h("dt", {}, t(key)), h("dd", { class: "entry-text" }, value)); };
  if (c.police) {
    add("patrol.incident.police", [c.police.station, c.police.report_number, c.police.officer, formatDateTime(c.police.at)].join(" · "));
  }
  add("patrol.incident.impact", c.impact);
  add("patrol.incident.cause", c.cause);
  if (c.negligence) add("patrol.incident.negligence", t("patrol.incident.investigated_by", { name: c.investigator }));
  add("patrol.incident.corrective", c.corrective);
  add("patrol.incident.preventive", c.preventive);
  return rows.length ? h("dl", { class: "facts", "data-testid": "closing-facts" }, rows) : null;
}

function radios(legendKey, prefix, values, selected) {
  const name = `r${prefix.replace(".", "-")}${Math.random().toString(36).slice(2, 7)}`;
  const group = h("fieldset", { class: "choices" },
    h("legend", {}, t(legendKey)),
    values.map((v) => h("label", { class: "choice" },
      h("input", { type: "radio", name, value: v, checked: v === selected, required: true }),
      h("span", {}, t(`${prefix}${v}`)))));
  group.value = () => group.querySelector("input:checked")?.value ?? null;
  return group;
}

export const incidentNumber = (i) => i.number ?? t("patrol.incident.provisional");

export const incidentsView = {
  live: true,
  async render() {
    const list = await incidents(state.user, state.device.site.id);
    return screen("patrol.incident.title_list",
      patrolLinks("#/incidents"),
      link(t("patrol.incident.new"), "#/incidents/new", "btn"),
      list.length ? h("ul", { class: "cards", "data-testid": "incidents" }, list.map((i) => h("li", {},
        h("a", { class: "card", href: `#/incidents/${encodeURIComponent(i.id)}`, dataset: { id: i.id, pending: i.pending ? "1" : "0" } },
          h("span", { class: "card-head" },
            h("span", { class: i.number ? "number" : "number provisional" }, incidentNumber(i)),
            h("span", {}, formatDateTime(i.device_at))),
          h("span", { class: "card-title" }, t(`patrol.incident.cat_${i.category}`), " · ", t(`patrol.incident.sev_${i.severity}`)),
          h("span", { class: "card-text" }, i.description),
          i.place ? h("span", { class: "card-meta" }, i.place) : null,
          h("span", { class: "badges" },
            i.report_now ? h("span", { class: "badge error" }, t("patrol.incident.reported_now")) : null,
            i.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null,
            i.outboxStatus === "rejected" ? h("span", { class: "badge error" }, reasonText(i.reasons?.[0]?.code ?? "unknown")) : null,
            i.photos?.length ? h("span", { class: "badge" }, t("patrol.incident.photos_n", { n: i.photos.length })) : null,
            h("span", { class: i.status === "open" ? "badge" : "badge ok" }, t(`patrol.incident.status_${i.status}`)))))))
        : notice(t("patrol.incident.empty")));
  },
};

export const newIncidentView = {
  async render() {
    const lang = language();
    const su = await setup(state.user, state.device.site.id);
    const status = h("div", { "aria-live": "polite" });
    const cats = radios("patrol.incident.category", "patrol.incident.cat_", INCIDENT_CATEGORIES, null);
    const sev = radios("patrol.incident.severity", "patrol.incident.sev_", SEVERITIES, "medium");
    const desc = h("textarea", { class: "input", rows: "5", maxlength: "4000", required: true });
    const cpSelect = h("select", { class: "input" },
      h("option", { value: "" }, t("patrol.incident.no_checkpoint")),
      su.checkpoints.map((cp) => h("option", { value: cp.id }, cpName(cp, lang))));
    const place = h("input", { type: "text", class: "input", maxlength: "300", autocomplete: "off" });
    const photos = photoPicker({ siteId: state.device.site.id, userId: state.user.id });
    const now = h("input", { type: "checkbox", class: "check" });
    const form = saveForm(async () => {
      if (!cats.value()) return void status.replaceChildren(notice(t("patrol.incident.category_required"), "error"));
      if (!desc.value.trim()) return void status.replaceChildren(notice(t("patrol.incident.description_required"), "error"));
      await reportIncident(state.user, {
        category: cats.value(), severity: sev.value(), description: desc.value.trim(),
        checkpoint_id: cpSelect.value || null, place: place.value.trim(), photos: photos.value(), report_now: now.checked,
      });
      toast(t(now.checked ? "patrol.incident.saved_now" : "patrol.incident.saved"));
      go("#/incidents");
    },
    cats, sev,
    field("patrol.incident.description", desc),
    field("patrol.incident.checkpoint", cpSelect),
    field("patrol.incident.place", place, "patrol.incident.place_hint"),
    photos,
    h("label", { class: "choice" }, now, h("span", {}, t("patrol.incident.report_now"))),
    h("p", { class: "hint" }, t("patrol.incident.report_now_hint")),
    status,
    h("button", { type: "submit", class: "btn" }, t("patrol.incident.save")));
    return screen("patrol.incident.new_title", form, link(t("common.cancel"), "#/incidents", "btn tertiary"));
  },
};

// One incident: what was reported, the follow-up notes (appended, never
// replacing), and a supervisor's closing with its outcome.
export const incidentView = {
  live: true,
  async render(id) {
    const rec = (await incidents(state.user, state.device.site.id)).find((i) => i.id === id);
    if (!rec) return screen("patrol.incident.missing", notice(t("patrol.incident.missing_text")), link(t("common.back"), "#/incidents", "btn tertiary"));
    const byLine = (x) => t("patrol.incident.by_line", { name: x.user_name || "—", time: formatDateTime(x.device_at) });
    const parts = [
      h("p", {}, h("span", { class: rec.number ? "number" : "number provisional" }, incidentNumber(rec)), " · ",
        h("span", { class: rec.status === "open" ? "badge" : "badge ok" }, t(`patrol.incident.status_${rec.status}`)),
        rec.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null),
      h("dl", { class: "facts" },
        h("dt", {}, t("patrol.incident.category")), h("dd", {}, t(`patrol.incident.cat_${rec.category}`), " · ", t(`patrol.incident.sev_${rec.severity}`)),
        h("dt", {}, t("patrol.incident.description")), h("dd", { class: "entry-text" }, rec.description),
        h("dt", {}, t("patrol.incident.place")), h("dd", {}, rec.place || "—"),
        h("dt", {}, t("patrol.incident.reported")), h("dd", {}, byLine(rec))),
      h("h2", {}, t("patrol.incident.notes")),
      rec.notes?.length
        ? h("ul", { class: "plain", "data-testid": "incident-notes" }, rec.notes.map((n) => h("li", {}, n.text, " · ", byLine(n),
          n.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null)))
        : h("p", {}, t("patrol.incident.no_notes")),
    ];
    const status = h("div", { "aria-live": "polite" });
    if (rec.closed) {
      parts.push(h("h2", {}, t("patrol.incident.closed_title")),
        h("p", { "data-testid": "incident-closed" }, rec.closed.outcome, " · ", byLine(rec.closed)),
        closingFacts(rec.closed));
      if (mayWrite("incident.close") && !rec.pending && !rec.closed.pending) {
        const got = h("div", { "aria-live": "polite" });
        const path = (lang) => `/api/patrol/incidents/${encodeURIComponent(rec.id)}/analysis.pdf?lang=${lang}`;
        parts.push(h("h2", {}, t("patrol.incident.analysis")), h("div", { class: "stack" },
          button(t("patrol.incident.analysis_en"), () => download(path("en"), `incident-${rec.number}-en.pdf`, got), "btn secondary"),
          button(t("patrol.incident.analysis_zh"), () => download(path("zh-Hant"), `incident-${rec.number}-zh-Hant.pdf`, got), "btn secondary")), got);
      }
    } else {
      const text = h("textarea", { class: "input", rows: "3", maxlength: "4000" });
      parts.push(h("h2", {}, t("patrol.incident.add_note")), saveForm(async () => {
        if (!text.value.trim()) return void status.replaceChildren(notice(t("patrol.incident.note_required"), "error"));
        await noteIncident(state.user, rec.id, text.value.trim());
        text.value = "";
        toast(t("patrol.incident.note_saved"));
      }, field("patrol.incident.note_text", text), h("button", { type: "submit", class: "btn secondary" }, t("patrol.incident.add_note"))));
      if (mayWrite("incident.close")) {
        const outcome = h("textarea", { class: "input", rows: "3", maxlength: "2000" });
        const police = h("input", { type: "checkbox", class: "check" });
        const station = textInput();
        const reportNo = textInput(100);
        const officer = textInput();
        const at = h("input", { type: "datetime-local", class: "input" });
        const policeFields = h("div", { class: "stack", hidden: true }, field("patrol.incident.police_station", station),
          field("patrol.incident.police_report", reportNo), field("patrol.incident.police_officer", officer),
          field("patrol.incident.police_time", at));
        police.addEventListener("change", () => { policeFields.hidden = !police.checked; });
        const [impact, cause, corrective, preventive] = [textArea(), textArea(), textArea(), textArea()];
        const negligence = h("input", { type: "checkbox", class: "check" });
        const investigator = textInput();
        const investigatorField = field("patrol.incident.investigator", investigator);
        investigatorField.hidden = true;
        negligence.addEventListener("change", () => { investigatorField.hidden = !negligence.checked; });
        parts.push(h("h2", {}, t("patrol.incident.close_title")), saveForm(async () => {
          if (!outcome.value.trim()) return void status.replaceChildren(notice(t("patrol.incident.outcome_required"), "error"));
          const details = {};
          if (police.checked) {
            if (![station, reportNo, officer].every((x) => x.value.trim()) || !at.value) {
              return void status.replaceChildren(notice(t("patrol.incident.police_required"), "error"));
            }
            details.police = { station: station.value.trim(), report_number: reportNo.value.trim(), officer: officer.value.trim(), at: new Date(at.value).getTime() };
          }
          if (negligence.checked && !investigator.value.trim()) {
            return void status.replaceChildren(notice(t("patrol.incident.investigator_required"), "error"));
          }
          for (const [k, el] of [["impact", impact], ["cause", cause], ["corrective", corrective], ["preventive", preventive]]) {
            if (el.value.trim()) details[k] = el.value.trim();
          }
          if (negligence.checked) Object.assign(details, { negligence: true, investigator: investigator.value.trim() });
          await closeIncident(state.user, rec.id, outcome.value.trim(), details);
          toast(t("patrol.incident.closed_saved"));
        }, field("patrol.incident.outcome", outcome, "patrol.incident.outcome_hint"),
        h("label", { class: "choice" }, police, h("span", {}, t("patrol.incident.police"))), policeFields,
        field("patrol.incident.impact", impact), field("patrol.incident.cause", cause),
        h("label", { class: "choice" }, negligence, h("span", {}, t("patrol.incident.negligence"))), investigatorField,
        field("patrol.incident.corrective", corrective), field("patrol.incident.preventive", preventive),
        h("button", { type: "submit", class: "btn", "data-testid": "close-incident" }, t("patrol.incident.close_submit"))));
      }
    }
    parts.push(status, link(t("common.back"), "#/incidents", "btn tertiary"));
    return screen("patrol.incident.detail_title", ...parts);
  },
};
