// The supervisor's board (online only: GET /api/patrol/board) and the daily
// activity report as PDF (English, Traditional Chinese) or CSV.
import { h, screen, notice, button } from "../../page/ui.js";
import { t, formatTime, formatDateTime, reasonText, language } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../../page/state.js";
import { patrolLinks } from "./rounds.js";

const reportPath = (site, day, lang, format) =>
  `/api/patrol/report?site_id=${encodeURIComponent(site)}&day=${day}&lang=${lang}&format=${format}`;

// The report needs the bearer token, so it is fetched and handed over as a file.
export async function download(path, name, status) {
  status.replaceChildren(notice(t("patrol.board.downloading")));
  try {
    const resp = await fetch(path, {
      headers: { Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token }, cache: "no-store",
    });
    if (!resp.ok) throw new Error((await resp.json().catch(() => ({}))).reason ?? "server_error");
    const url = URL.createObjectURL(await resp.blob());
    const a = h("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.replaceChildren();
  } catch (err) {
    status.replaceChildren(notice(reasonText(navigator.onLine ? err.message : "offline"), "error"));
  }
}

const section = (key, n, body) => [h("h2", {}, t(key, { n })), body];

export const boardView = {
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
    // Orders past their latest picking time (the packing domain's list; none when it is absent).
    const overdueOrders = (await api(`/api/packing/orders?site_id=${encodeURIComponent(site)}&overdue=true`, { token: state.user.token })
      .catch(() => ({ orders: [] }))).orders;
    const status = h("div", { "aria-live": "polite" });
    const name = (x) => (lang === "zh-Hant" && x.name_zh ? x.name_zh : x.name);
    const counts = b.rounds.counts ?? {};
    // Most recent first; slots still to come are only counted.
    const timeline = b.rounds.timeline.filter((r) => r.status !== "upcoming").sort((x, y) => y.start - x.start);
    return screen("patrol.board.title",
      patrolLinks("#/board"),
      h("p", { class: "hint", "data-testid": "board-day" }, t("patrol.board.day", { day: b.day, site: name(b.site), time: formatTime(b.server_time) })),
      button(t("patrol.board.refresh"), () => window.dispatchEvent(new HashChangeEvent("hashchange")), "btn secondary"),
      h("p", { class: "hint", "data-testid": "board-counts" }, Object.entries(counts).map(([k, v]) => `${t(`patrol.board.status_${k}`)}: ${v}`).join(" · ")),
      section("patrol.board.equipment", expiring.length, expiring.length
        ? h("ul", { class: "plain", "data-testid": "board-equipment" }, expiring.map((x) => h("li", { dataset: { expired: x.expired ? "1" : "0" } },
          t(x.expired ? "patrol.board.expired" : "patrol.board.expires_in",
            { name: name(x), place: [x.location, x.floor].filter(Boolean).join(" · ") || "—", n: x.days_left, date: x.expires_on }))))
        : h("p", {}, t("patrol.board.no_equipment"))),
      overdueOrders.length ? section("patrol.board.overdue_orders", overdueOrders.length,
        h("ul", { class: "plain", "data-testid": "board-overdue-orders" }, overdueOrders.map((o) => h("li", {},
          h("a", { href: `#/packing/order/${encodeURIComponent(o.id)}` }, o.number ?? o.id), ` · ${o.customer_name} · `,
          t("patrol.board.overdue_since", { time: formatDateTime(o.picking_due) }))))) : null,
      section("patrol.board.rounds", timeline.length, timeline.length
        ? h("ul", { class: "cards", "data-testid": "board-rounds" }, timeline.map((r) => h("li", { class: "card", dataset: { status: r.status } },
          h("span", { class: "card-head" }, h("span", {}, `${formatTime(r.start)}–${formatTime(r.end)}`), h("span", {}, r.schedule_name ?? "")),
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
      section("patrol.board.on_duty", b.on_duty.length, h("ul", { class: "plain", "data-testid": "board-duty" }, b.on_duty.map((p) => h("li", {},
        `${p.name} · ${t("patrol.board.since", { time: formatTime(p.since) })} · ${t(`patrol.board.basis_${p.basis}`)}`)))),
      section("patrol.board.gate", b.gate.inside_now.length, [
        h("p", { "data-testid": "board-gate" }, t("patrol.board.gate_counts", {
          vin: b.gate.visitors_in, vout: b.gate.visitors_out, refused: b.gate.refused, cin: b.gate.vehicles_in, cout: b.gate.vehicles_out,
        })),
        h("ul", { class: "plain" }, b.gate.inside_now.map((x) => h("li", {}, `${t(`patrol.gate.kind_${x.kind}`)} · ${x.name} · ${t("patrol.gate.unit_n", { unit: x.unit })}`)))]),
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
