// Overdue cases where a supervisor looks first (issue 12 item 5): the board
// (online: the server's judgement, GET /api/cases/overdue) and the review inbox
// (offline: the cases on this phone, judged by the same rules). Declared as
// `sections` in index.js; page/sections.js renders them.
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { cases, overdue, daysLeft, localDay } from "./data.js";

const href = (c) => `#/cases/${encodeURIComponent(c.id)}`;
const who = (c) => (c.unit ? `${t("cases.unit")} ${c.unit}` : (c.name ?? ""));

function item(c, late, left, owner, department) {
  return {
    id: c.id, href: href(c), number: c.number ?? t("cases.no_after_sync"),
    meta: left < 0 ? t("cases.days_late", { n: -left }) : "",
    title: [t(`cases.type_${c.type}`), who(c)].filter(Boolean).join(" · "),
    text: c.matter,
    badges: [{ text: t("cases.overdue_list", { list: late.map((d) => t(`cases.deadline_${d}`)).join(", ") }), tone: "error" },
      { text: t("cases.owned_by", { name: [department, owner].filter(Boolean).join(" · ") || "—" }) },
      ...(c.severity === "major" ? [{ text: t("cases.major_badge"), tone: "error" }] : [])],
  };
}

// The board: the site's open cases past a deadline, as the server judges them today.
export async function overdueOnServer(user, siteId) {
  const r = await api(`/api/cases/overdue?site_id=${encodeURIComponent(siteId)}&limit=100`, { token: user.token });
  return Object.assign(r.cases.map((c) => item(c, c.overdue, c.days_left, c.owner, c.department)), { total: r.total });
}

// The inbox: the same list from the cases on this phone (works offline).
export async function overdueHere(user, siteId) {
  const today = localDay();
  return (await cases(user, siteId))
    .filter((c) => c.status !== "closed" && overdue(c, today).length)
    .sort((a, b) => daysLeft(a, today) - daysLeft(b, today))
    .map((c) => item(c, overdue(c, today), daysLeft(c, today), c.owner?.name, c.owner?.department));
}
