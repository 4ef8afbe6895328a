// The supervisor's board (online only: GET /api/patrol/board) and the daily
// activity report as PDF (English, Traditional Chinese) or CSV.
import { h, screen, notice, button } from "../../page/ui.js";
import { t, formatTime, reasonText, language } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../../page/state.js";
import { download } from "../../page/download.js";
import { patrolLinks } from "./rounds.js";
import { domainSections } from "../../page/sections.js";

const reportPath = (site, day, lang, format) =>
  `/api/patrol/report?site_id=${encodeURIComponent(site)}&day=${day}&lang=${lang}&format=${format}`;


const section = (key, n, body) => [h("h2", {}, t(key, { n })), body];

// The week's checkpoint x hour grid: scans per hour of day over 7 days, the
// neglected checkpoints first (the API sorts them); a darker cell, more scans.
function weekGrid(b, name) {
  const rows = b.grid?.rows ?? [];
  const hours = [...Array(24).keys()];
  const heat = (n) => (n === 0 ? 0 : n < 3 ? 1 : n < 7 ? 2 : 3);
  return section("patrol.board.grid", rows.length, rows.length
    ? h("div", { class: "grid-scroll", tabindex: "0", role: "region", "aria-label": t("patrol.board.grid_caption", { from: b.grid.from, to: b.grid.to }) },
      h("table", { class: "week-grid", "data-testid": "board-grid" },
        h("caption", {}, t("patrol.board.grid_caption", { from: b.grid.from, to: b.grid.to })),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("patrol.board.col_checkpoint")),
          hours.map((x) => h("th", { scope: "col" }, String(x).padStart(2, "0"))), h("th", { scope: "col" }, t("patrol.board.col_total")))),
        h("tbody", {}, rows.map((r) => h("tr", { dataset: { checkpoint: r.checkpoint_id } },
          h("th", { scope: "row" }, name(r)),
          r.hours.map((n, x) => h("td", { class: `heat-${heat(n)}`, title: `${String(x).padStart(2, "0")}:00 · ${n}` }, n ? String(n) : "")),
          h("td", {}, String(r.total)))))))
    : h("p", {}, t("patrol.board.no_grid")));
}

// Late and missed rounds of the week, by guard and by checkpoint.
function lapses(b, name) {
  const l = b.lapses;
  if (!l) return null;
  const table = (testid, cols, rows) => h("table", { class: "lapses", "data-testid": testid },
    h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col" }, t(c))))),
    h("tbody", {}, rows));
  return [
    section("patrol.board.lapses", l.by_guard.length + l.by_checkpoint.length, [
      h("p", { class: "hint", "data-testid": "board-unattended" }, t("patrol.board.unattended", { n: l.unattended_rounds, from: l.from, to: l.to })),
      h("h3", {}, t("patrol.board.by_guard")),
      l.by_guard.length ? table("board-lapses-guard", ["patrol.board.col_guard", "patrol.board.col_rounds", "patrol.board.status_late",
        "patrol.board.status_incomplete", "patrol.board.col_missed_cps"], l.by_guard.map((g) => h("tr", {},
        h("th", { scope: "row" }, g.name), [g.rounds, g.late, g.incomplete, g.missed_checkpoints].map((n) => h("td", {}, String(n))))))
        : h("p", {}, t("patrol.board.no_lapses")),
      h("h3", {}, t("patrol.board.by_checkpoint")),
      l.by_checkpoint.length ? table("board-lapses-checkpoint", ["patrol.board.col_checkpoint", "patrol.board.status_late",
        "patrol.board.status_missed"], l.by_checkpoint.map((c) => h("tr", {},
        h("th", { scope: "row" }, name(c)), h("td", {}, String(c.late)), h("td", {}, String(c.missed)))))
        : h("p", {}, t("patrol.board.no_lapses"))]),
  ];
}

// Who is on site now: staff active in the last 8 hours, and visitors and vehicles inside.
function onSite(b) {
  const o = b.on_site;
  if (!o) return null;
  return section("patrol.board.on_site", o.staff.length, [
    h("p", { "data-testid": "board-on-site-counts" }, t("patrol.board.inside_counts", { visitors: o.visitors, vehicles: o.vehicles })),
    h("ul", { class: "plain", "data-testid": "board-on-site" }, o.staff.map((p) => h("li", {},
      `${p.name} · ${t(`patrol.board.last_${p.last}`)} ${formatTime(p.last_at)}`)))]);
}

// The board refreshes itself every minute while it is shown (and the network is up);
// on a wall screen it fills the screen with larger type.
const REFRESH_MS = 60_000;
let refreshTimer = null;
function keepFresh() {
  clearInterval(refreshTimer);
  refreshTimer = setInterval(() => {
    if (location.hash === "#/board" && navigator.onLine) window.dispatchEvent(new HashChangeEvent("hashchange"));
  }, REFRESH_MS);
}
function wallButton() {
  const on = () => document.documentElement.dataset.wall === "1";
  const btn = button(t(on() ? "patrol.board.wall_off" : "patrol.board.wall_on"), () => {
    if (on()) delete document.documentElement.dataset.wall; else document.documentElement.dataset.wall = "1";
    btn.textContent = t(on() ? "patrol.board.wall_off" : "patrol.board.wall_on");
  }, "btn secondary", { "data-testid": "board-wall" });
  return btn;
}

export const boardView = {
  leave() {
    clearInterval(refreshTimer);
    delete document.documentElement.dataset.wall;
  },
  async render() {
    const site = state.device.site.id;
    const lang = language();
    if (!navigator.onLine) {
      return screen("patrol.board.title", patrolLinks("#/board"), notice(t("patrol.board.offline"), "warn"));
    }
    let b;
    try {
      b = await api(`/api/patrol/board?site_id=${encodeURIComponent(site)}`, { token: state.user.token });
    } catch (err) {
      return screen("patrol.board.title", patrolLinks("#/board"),
        notice(err.status === 0 ? t("patrol.board.offline") : reasonText(err.reason), "error"),
        button(t("patrol.board.refresh"), () => window.dispatchEvent(new HashChangeEvent("hashchange")), "btn secondary"));
    }
    // Equipment expiring within 30 days (the equipment domain's endpoint; none when it is absent).
    const expiring = (await api(`/api/equipment/expiring?site_id=${encodeURIComponent(site)}`, { token: state.user.token })
      .catch(() => ({ items: [] }))).items;
    // What other domains put on the board (overdue cases), before the day's rounds.
    const others = await domainSections("board", state.user, site);
    const status = h("div", { "aria-live": "polite" });
    keepFresh();
    const name = (x) => (lang === "zh-Hant" && x.name_zh ? x.name_zh : x.name);
    const counts = b.rounds.counts ?? {};
    // Most recent first; slots still to come are only counted. After midnight the day
    // before's last rounds follow today's (marked with their day), so the night shows.
    const timeline = [...b.rounds.timeline, ...(b.rounds.earlier ?? [])]
      .filter((r) => r.status !== "upcoming").sort((x, y) => y.start - x.start);
    return screen("patrol.board.title",
      patrolLinks("#/board"),
      h("p", { class: "hint", "data-testid": "board-day" }, t("patrol.board.day", { day: b.day, site: name(b.site), time: formatTime(b.server_time) })),
      h("div", { class: "row" }, button(t("patrol.board.refresh"), () => window.dispatchEvent(new HashChangeEvent("hashchange")), "btn secondary"),
        wallButton()),
      h("p", { class: "hint" }, t("patrol.board.auto_refresh")),
      h("p", { class: "hint", "data-testid": "board-counts" }, Object.entries(counts).map(([k, v]) => `${t(`patrol.board.status_${k}`)}: ${v}`).join(" · ")),
      others,
      section("patrol.board.equipment", expiring.length, expiring.length
        ? h("ul", { class: "plain", "data-testid": "board-equipment" }, expiring.map((x) => h("li", { dataset: { expired: x.expired ? "1" : "0" } },
          t(x.expired ? "patrol.board.expired" : "patrol.board.expires_in",
            { name: name(x), place: [x.location, x.floor].filter(Boolean).join(" · ") || "—", n: x.days_left, date: x.expires_on }))))
        : h("p", {}, t("patrol.board.no_equipment"))),
      section("patrol.board.rounds", timeline.length, timeline.length
        ? h("ul", { class: "cards", "data-testid": "board-rounds" }, timeline.map((r) => h("li", { class: "card", dataset: { status: r.status } },
          h("span", { class: "card-head" }, h("span", {}, `${r.day ? `${r.day} ` : ""}${formatTime(r.start)}–${formatTime(r.end)}`), h("span", {}, r.schedule_name ?? "")),
          h("span", { class: "card-title" }, r.route_name, " · ", t(`patrol.board.status_${r.status}`)),
          h("span", { class: "card-meta" }, t("patrol.progress", { done: r.done, total: r.total }),
            r.synced_late ? ` · ${t("patrol.board.synced_late", { n: r.synced_late })}` : "",
            r.guards?.length ? ` · ${r.guards.map((g) => g.name ?? g).join(", ")}` : ""))))
        : notice(t("patrol.board.no_rounds"))),
      section("patrol.board.incidents", b.incidents.length, b.incidents.length
        ? h("ul", { class: "cards", "data-testid": "board-incidents" }, b.incidents.map((i) => h("li", { class: "card" },
          h("span", { class: "card-head" }, h("span", { class: "number" }, i.number), h("span", {}, formatTime(i.corrected_at))),
          h("span", { class: "card-title" }, t(`patrol.incident.cat_${i.category}`), " · ", t(`patrol.incident.sev_${i.severity}`)),
          h("span", { class: "card-text" }, i.description),
          h("span", { class: "card-meta" }, [i.place, i.user_name].filter(Boolean).join(" · ")),
          i.report_now ? h("span", { class: "badges" }, h("span", { class: "badge error" }, t("patrol.incident.reported_now"))) : null)))
        : notice(t("patrol.board.no_incidents"))),
      section("patrol.board.flags", b.flags.length, b.flags.length
        ? h("ul", { class: "plain", "data-testid": "board-flags" }, b.flags.map((f) => h("li", {},
          (f.reasons ?? []).map((r) => reasonText(r.code ?? r)).join(", "), f.mutation?.kind ? ` · ${f.mutation.kind}` : "")))
        : h("p", {}, t("patrol.board.no_flags"))),
      b.findings?.length ? section("patrol.board.findings", b.findings.length, h("ul", { class: "plain" }, b.findings.map((x) => h("li", {},
        `${x.checkpoint_name} · ${x.note || "—"} · ${x.user_name} · ${formatTime(x.corrected_at)}`)))) : null,
      onSite(b),
      section("patrol.board.on_duty", b.on_duty.length, h("ul", { class: "plain", "data-testid": "board-duty" }, b.on_duty.map((p) => h("li", {},
        `${p.name} · ${t("patrol.board.since", { time: formatTime(p.since) })} · ${t(`patrol.board.basis_${p.basis}`)}`)))),
      section("patrol.board.gate", b.gate.inside_now.length, [
        h("p", { "data-testid": "board-gate" }, t("patrol.board.gate_counts", {
          vin: b.gate.visitors_in, vout: b.gate.visitors_out, refused: b.gate.refused, cin: b.gate.vehicles_in, cout: b.gate.vehicles_out,
        })),
        h("ul", { class: "plain" }, b.gate.inside_now.map((x) => h("li", {}, `${t(`patrol.gate.kind_${x.kind}`)} · ${x.name} · ${t("patrol.gate.unit_n", { unit: x.unit })}`)))]),
      lapses(b, name),
      weekGrid(b, name),
      section("patrol.board.handovers", b.handovers.length, b.handovers.length
        ? h("ul", { class: "plain", "data-testid": "board-handovers" }, b.handovers.map((x) => h("li", { dataset: { status: x.status } },
          `${x.outgoing} → ${x.incoming ?? "—"} · ${t(`patrol.handover.status_${x.status}`)} · ${formatTime(x.written_at)}`,
          x.refusals.length ? ` · ${t("patrol.board.refusals", { n: x.refusals.length })}` : "")))
        : h("p", {}, t("patrol.board.no_handovers"))),
      h("h2", {}, t("patrol.board.report")),
      h("div", { class: "stack" },
        button(t("patrol.board.report_pdf_en"), () => download(reportPath(site, b.day, "en", "pdf"), `patrol-${site}-${b.day}-en.pdf`, status), "btn secondary"),
        button(t("patrol.board.report_pdf_zh"), () => download(reportPath(site, b.day, "zh-Hant", "pdf"), `patrol-${site}-${b.day}-zh-Hant.pdf`, status), "btn secondary"),
        button(t("patrol.board.report_csv"), () => download(reportPath(site, b.day, lang, "csv"), `patrol-${site}-${b.day}.csv`, status), "btn secondary")),
      status);
  },
};
