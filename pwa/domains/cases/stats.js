// The month's statistics on screen (online: GET /api/cases/stats), for the desk and
// supervisors: the figures of the PDF, cases per week as bars, and the PDF and CSV
// in English or Traditional Chinese.
import { h, screen, notice, button, link } from "../../page/ui.js";
import { t, reasonText } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../../page/state.js";
import { download } from "../../page/download.js";
import { isStaff, localDay } from "./data.js";

const quarterOf = (month) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
const pct = (x) => (x == null ? "—" : `${(x * 100).toFixed(1)} %`);

function lastMonth() {
  const [y, m] = localDay().split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

export const statsView = {
  async render(month = lastMonth()) {
    const back = link(t("common.back"), "#/cases", "btn tertiary");
    if (!isStaff(state.user)) return screen("cases.stats_title", notice(t("cases.stats_staff_only")), back);
    const site = state.device.site.id;
    let st;
    try {
      st = await api(`/api/cases/stats?site_id=${encodeURIComponent(site)}&month=${month}`, { token: state.user.token });
    } catch (err) {
      return screen("cases.stats_title", notice(err.status === 0 ? t("cases.stats_offline") : reasonText(err.reason), "error"), back);
    }
    const row = (label, figure, share = "") => [h("dt", {}, label), h("dd", {}, share ? `${figure} · ${share}` : String(figure))];
    const top = Math.max(1, ...st.per_week.map((w) => w.count));
    const status = h("div", { "aria-live": "polite" });
    const file = (format, lang) => [`/api/cases/stats.${format}?site_id=${encodeURIComponent(site)}&month=${month}&lang=${lang}`,
      `cases-${site}-${month}-${lang}.${format}`];
    const [y, m] = month.split("-").map(Number);
    const other = (k) => { const d = new Date(Date.UTC(y, m - 1 + k, 1)); return d.toISOString().slice(0, 7); };
    return screen("cases.stats_title",
      h("p", { class: "hint", "data-testid": "stats-month" }, t("cases.stats_month", { month })),
      h("p", {}, link(t("cases.stats_previous"), `#/cases/stats/${other(-1)}`, "btn tertiary"), " ",
        link(t("cases.stats_next"), `#/cases/stats/${other(1)}`, "btn tertiary")),
      h("dl", { class: "facts", "data-testid": "stats-figures" },
        [
          row(t("cases.stats_closed"), st.closed),
          st.by_type.map((x) => row(t(`cases.type_${x.type}`), x.count, pct(x.ratio))),
          st.by_unit.map((x) => row(["department", "person", "supplier", "third_party", "none"].includes(x.unit)
            ? t(`cases.resp_${x.unit}`) : x.unit, x.count, pct(x.ratio))),
          row(t("cases.stats_on_time"), st.on_time, pct(st.on_time_ratio)),
          row(t("cases.stats_overdue"), st.overdue, st.on_time_ratio == null ? "—" : pct(1 - st.on_time_ratio)),
          row(t("cases.stats_avg_days"), st.avg_days ?? "—"),
          row(t("cases.stats_callback_rate"), st.called_back, pct(st.callback_rate)),
          row(t("cases.stats_valid_rate"), st.valid, pct(st.valid_rate))]),
      h("h2", {}, t("cases.stats_per_week")),
      h("ul", { class: "plain", "data-testid": "stats-weeks" }, st.per_week.map((w) => {
        const label = t("cases.stats_week", { week: w.week, n: w.count });
        return h("li", {}, h("span", {}, label), " ", h("progress", { max: top, value: w.count, "aria-label": label }));
      })),
      h("h2", {}, t("cases.stats_files")),
      ["pdf", "csv"].flatMap((format) => ["en", "zh-Hant"].map((lang) => button(
        t(`cases.stats_${format}_${lang === "en" ? "en" : "zh"}`), () => download(...file(format, lang), status), "btn secondary"))),
      // The quarter holding this month: the quarterly analysis report for the general manager.
      h("h2", {}, t("cases.quarterly_title", { quarter: quarterOf(month) })),
      ["en", "zh-Hant"].map((lang) => button(t(`cases.quarterly_pdf_${lang === "en" ? "en" : "zh"}`),
        () => download(`/api/cases/quarterly.pdf?site_id=${encodeURIComponent(site)}&quarter=${quarterOf(month)}&lang=${lang}`,
          `cases-${site}-${quarterOf(month)}-${lang}.pdf`, status), "btn secondary", { "data-testid": `quarterly-${lang}` })),
      status, back);
  },
};
