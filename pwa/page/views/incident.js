// Incidents: the site's incidents (own unsynced ones with a provisional
// number) and the report form: category, severity, description, place
// (a checkpoint or free text), photos and "report to supervisor now".
import { h, screen, field, notice, go, saveForm, link, toast } from "../ui.js";
import { t, formatDateTime, reasonText, language } from "../../lib/i18n.js";
import { state } from "../state.js";
import { photoPicker } from "../photos.js";
import { setup, incidents, reportIncident, noteIncident, closeIncident, INCIDENT_CATEGORIES, SEVERITIES, cpName } from "../patrol.js";
import { isSupervisor } from "../session.js";
import { patrolLinks } from "./rounds.js";

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

export const incidentNumber = (i) => i.number ?? t("incident.provisional");

export const incidentsView = {
  live: true,
  async render() {
    const list = await incidents(state.user, state.device.site.id);
    return screen("incident.title_list",
      patrolLinks("#/incidents"),
      link(t("incident.new"), "#/incidents/new", "btn"),
      list.length ? h("ul", { class: "cards", "data-testid": "incidents" }, list.map((i) => h("li", {},
        h("a", { class: "card", href: `#/incidents/${encodeURIComponent(i.id)}`, dataset: { id: i.id, pending: i.pending ? "1" : "0" } },
          h("span", { class: "card-head" },
            h("span", { class: i.number ? "number" : "number provisional" }, incidentNumber(i)),
            h("span", {}, formatDateTime(i.device_at))),
          h("span", { class: "card-title" }, t(`incident.cat_${i.category}`), " · ", t(`incident.sev_${i.severity}`)),
          h("span", { class: "card-text" }, i.description),
          i.place ? h("span", { class: "card-meta" }, i.place) : null,
          h("span", { class: "badges" },
            i.report_now ? h("span", { class: "badge error" }, t("incident.reported_now")) : null,
            i.pending ? h("span", { class: "badge warn" }, t("log.not_synced")) : null,
            i.outboxStatus === "rejected" ? h("span", { class: "badge error" }, reasonText(i.reasons?.[0]?.code ?? "unknown")) : null,
            i.photos?.length ? h("span", { class: "badge" }, t("incident.photos_n", { n: i.photos.length })) : null,
            h("span", { class: i.status === "open" ? "badge" : "badge ok" }, t(`incident.status_${i.status}`)))))))
        : notice(t("incident.empty")));
  },
};

export const newIncidentView = {
  async render() {
    const lang = language();
    const su = await setup(state.user, state.device.site.id);
    const status = h("div", { "aria-live": "polite" });
    const cats = radios("incident.category", "incident.cat_", INCIDENT_CATEGORIES, null);
    const sev = radios("incident.severity", "incident.sev_", SEVERITIES, "medium");
    const desc = h("textarea", { class: "input", rows: "5", maxlength: "4000", required: true });
    const cpSelect = h("select", { class: "input" },
      h("option", { value: "" }, t("incident.no_checkpoint")),
      su.checkpoints.map((cp) => h("option", { value: cp.id }, cpName(cp, lang))));
    const place = h("input", { type: "text", class: "input", maxlength: "300", autocomplete: "off" });
    const photos = photoPicker({ siteId: state.device.site.id, userId: state.user.id });
    const now = h("input", { type: "checkbox", class: "check" });
    const form = saveForm(async () => {
      if (!cats.value()) return void status.replaceChildren(notice(t("incident.category_required"), "error"));
      if (!desc.value.trim()) return void status.replaceChildren(notice(t("incident.description_required"), "error"));
      await reportIncident(state.user, {
        category: cats.value(), severity: sev.value(), description: desc.value.trim(),
        checkpoint_id: cpSelect.value || null, place: place.value.trim(), photos: photos.value(), report_now: now.checked,
      });
      toast(t(now.checked ? "incident.saved_now" : "incident.saved"));
      go("#/incidents");
    },
    cats, sev,
    field("incident.description", desc),
    field("incident.checkpoint", cpSelect),
    field("incident.place", place, "incident.place_hint"),
    photos,
    h("label", { class: "choice" }, now, h("span", {}, t("incident.report_now"))),
    h("p", { class: "hint" }, t("incident.report_now_hint")),
    status,
    h("button", { type: "submit", class: "btn" }, t("incident.save")));
    return screen("incident.new_title", form, link(t("common.cancel"), "#/incidents", "btn tertiary"));
  },
};

// One incident: what was reported, the follow-up notes (appended, never
// replacing), and a supervisor's closing with its outcome.
export const incidentView = {
  live: true,
  async render(id) {
    const rec = (await incidents(state.user, state.device.site.id)).find((i) => i.id === id);
    if (!rec) return screen("incident.missing", notice(t("incident.missing_text")), link(t("common.back"), "#/incidents", "btn tertiary"));
    const byLine = (x) => t("incident.by_line", { name: x.user_name || "—", time: formatDateTime(x.device_at) });
    const parts = [
      h("p", {}, h("span", { class: rec.number ? "number" : "number provisional" }, incidentNumber(rec)), " · ",
        h("span", { class: rec.status === "open" ? "badge" : "badge ok" }, t(`incident.status_${rec.status}`)),
        rec.pending ? [" ", h("span", { class: "badge warn" }, t("log.not_synced"))] : null),
      h("dl", { class: "facts" },
        h("dt", {}, t("incident.category")), h("dd", {}, t(`incident.cat_${rec.category}`), " · ", t(`incident.sev_${rec.severity}`)),
        h("dt", {}, t("incident.description")), h("dd", { class: "entry-text" }, rec.description),
        h("dt", {}, t("incident.place")), h("dd", {}, rec.place || "—"),
        h("dt", {}, t("incident.reported")), h("dd", {}, byLine(rec))),
      h("h2", {}, t("incident.notes")),
      rec.notes?.length
        ? h("ul", { class: "plain", "data-testid": "incident-notes" }, rec.notes.map((n) => h("li", {}, n.text, " · ", byLine(n),
          n.pending ? [" ", h("span", { class: "badge warn" }, t("log.not_synced"))] : null)))
        : h("p", {}, t("incident.no_notes")),
    ];
    const status = h("div", { "aria-live": "polite" });
    if (rec.closed) {
      parts.push(h("h2", {}, t("incident.closed_title")),
        h("p", { "data-testid": "incident-closed" }, rec.closed.outcome, " · ", byLine(rec.closed)));
    } else {
      const text = h("textarea", { class: "input", rows: "3", maxlength: "4000" });
      parts.push(h("h2", {}, t("incident.add_note")), saveForm(async () => {
        if (!text.value.trim()) return void status.replaceChildren(notice(t("incident.note_required"), "error"));
        await noteIncident(state.user, rec.id, text.value.trim());
        text.value = "";
        toast(t("incident.note_saved"));
      }, field("incident.note_text", text), h("button", { type: "submit", class: "btn secondary" }, t("incident.add_note"))));
      if (isSupervisor(state.user)) {
        const outcome = h("textarea", { class: "input", rows: "3", maxlength: "2000" });
        parts.push(h("h2", {}, t("incident.close_title")), saveForm(async () => {
          if (!outcome.value.trim()) return void status.replaceChildren(notice(t("incident.outcome_required"), "error"));
          await closeIncident(state.user, rec.id, outcome.value.trim());
          toast(t("incident.closed_saved"));
        }, field("incident.outcome", outcome, "incident.outcome_hint"),
        h("button", { type: "submit", class: "btn", "data-testid": "close-incident" }, t("incident.close_submit"))));
      }
    }
    parts.push(status, link(t("common.back"), "#/incidents", "btn tertiary"));
    return screen("incident.detail_title", ...parts);
  },
};
