// Records at a desk (online: GET /api/records/<kind>): any record kind the user's
// role may read, at a site they work at, filtered by day or range (the site's
// days), author, category, state and number, a page at a time, newest first;
// each record's history; CSV of what is listed. Laid out for a 1280 x 800 desk
// screen (filters beside the list) and for a phone (one column).
import { h, screen, notice, button, link, field, go } from "../../page/ui.js";
import { t, has, formatDateTime, reasonText, language } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { state } from "../../page/state.js";
import { download } from "../../page/download.js";
import { entitiesOf } from "../../lib/overlay.js";

const SIZES = [25, 50, 100];
const FILTERS = ["kind", "site", "from", "to", "author", "category", "state", "number", "limit"];

export const kindLabel = (kind) => (has(`records.kind.${kind}`) ? t(`records.kind.${kind}`) : kind);
const siteName = (s) => (language() === "zh-Hant" && s.name_zh ? s.name_zh : s.name);
const localDay = (tz, ms = Date.now()) => new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date(ms));

// The filters live in the hash (#/records?kind=...&cursor=...), so a page can be
// reloaded, bookmarked and gone back to.
export function readQuery(hash = location.hash) {
  const i = hash.indexOf("?");
  return new URLSearchParams(i < 0 ? "" : hash.slice(i + 1));
}
export const listHref = (q) => `#/records?${q.toString()}`;

// What the server is asked: its parameter names, only what is set.
function apiQuery(q, site) {
  const out = new URLSearchParams({ site_id: site });
  const from = q.get("from"), to = q.get("to") || from;
  if (from) {
    if (from === to) out.set("day", from);
    else { out.set("date_from", from); out.set("date_to", to); }
  }
  for (const [mine, theirs] of [["author", "author"], ["category", "category"], ["state", "state"], ["number", "number"]]) {
    if (q.get(mine)) out.set(theirs, q.get(mine).trim());
  }
  return out;
}

// One line saying what a record is about, whatever its kind.
const SUMMARY = ["name", "plate", "route_name", "checkpoint_name", "description", "text", "matter", "reason",
  "customer_name", "holder_name", "addressee", "summary", "type"];
export function summary(rec) {
  for (const f of SUMMARY) {
    const v = rec[f];
    if (typeof v === "string" && v.trim()) return v.length > 80 ? `${v.slice(0, 80)}…` : v;
  }
  return "";
}
const tagged = (el, testid) => { el.dataset.testid = testid; return el; };
const recordTime = (rec, kind) => rec[kind.timed_by] ?? rec.corrected_at;

async function roster(siteId) {
  if (siteId !== state.device.site.id) return [];
  const rows = await entitiesOf(state.user.id, "site.member").catch(() => []);
  return rows.filter((e) => !e.deleted && e.data?.user_id).map((e) => e.data).sort((a, b) => a.name.localeCompare(b.name));
}

function filterForm(q, kinds, sites, people, today) {
  const select = (name, options, value) => h("select", { class: "input", name },
    options.map(([v, label]) => h("option", { value: v, selected: String(v) === String(value) }, label)));
  const input = (name, type, value, extra = {}) => h("input", { class: "input", name, type, value: value ?? "", ...extra });
  const form = h("form", { class: "stack records-filters", "data-testid": "records-filters", onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams();
    for (const k of FILTERS) if (data.get(k)) next.set(k, data.get(k));
    go(listHref(next));
  } },
  field("records.filter.kind", select("kind", kinds.map((k) => [k.kind, kindLabel(k.kind)]), q.get("kind"))),
  sites.length > 1 ? field("records.filter.site", select("site", sites.map((s) => [s.id, siteName(s)]), q.get("site"))) : null,
  h("div", { class: "records-dates" },
    field("records.filter.from", input("from", "date", q.get("from") ?? today)),
    field("records.filter.to", input("to", "date", q.get("to") ?? q.get("from") ?? today))),
  people.length ? field("records.filter.author", select("author", [["", t("records.filter.anyone")],
    ...people.map((p) => [p.user_id, p.name])], q.get("author"))) : null,
  field("records.filter.category", input("category", "text", q.get("category"), { maxlength: 80, autocomplete: "off" })),
  field("records.filter.state", input("state", "text", q.get("state"), { maxlength: 40, autocomplete: "off" })),
  field("records.filter.number", input("number", "text", q.get("number"), { maxlength: 40, autocomplete: "off" }),
    "records.filter.number_hint"),
  field("records.filter.limit", select("limit", [...new Set([...SIZES, Number(q.get("limit")) || 50])].sort((a, b) => a - b)
    .map((n) => [n, String(n)]), q.get("limit") ?? 50)),
  h("div", { class: "row" },
    h("button", { type: "submit", class: "btn" }, t("records.show")),
    link(t("records.clear"), "#/records", "btn tertiary")));
  return form;
}

function table(records, kind, tz) {
  const head = ["number", "time", "author", "status", "about"];
  return h("div", { class: "table-wrap" }, h("table", { class: "records-table", "data-testid": "records-table" },
    h("caption", { class: "visually-hidden" }, kindLabel(kind.kind)),
    h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, t(`records.col.${c}`))))),
    h("tbody", {}, records.map((r) => h("tr", { dataset: { id: r.id } },
      h("td", { "data-label": t("records.col.number") },
        h("a", { href: `#/records/${encodeURIComponent(kind.kind)}/${encodeURIComponent(r.id)}` }, r.number || t("records.no_number"))),
      h("td", { "data-label": t("records.col.time") }, formatDateTime(recordTime(r, kind))),
      h("td", { "data-label": t("records.col.author") }, r.author_name ?? r.mutation?.user_id ?? "—"),
      h("td", { "data-label": t("records.col.status") }, [r.status, r.category].filter(Boolean).join(" · ") || "—",
        r.review ? h("span", { class: "badge" }, t("records.countersigned")) : null),
      h("td", { "data-label": t("records.col.about") }, summary(r) || "—"))))));
}

export const listView = {
  async render() {
    const q = readQuery();
    if (!navigator.onLine) return screen("records.title", notice(t("records.offline"), "warn"));
    let kinds, sites;
    try {
      [kinds, sites] = await Promise.all([
        api("/api/records/kinds", { token: state.user.token }).then((r) => r.kinds),
        api("/api/sites", { token: state.user.token }),
      ]);
    } catch (err) {
      return screen("records.title", notice(err.status === 0 ? t("records.offline") : reasonText(err.reason), "error"));
    }
    if (!kinds.length) return screen("records.title", notice(t("records.none_readable")));
    const kind = kinds.find((k) => k.kind === q.get("kind")) ?? kinds[0];
    const site = sites.find((s) => s.id === q.get("site")) ?? sites.find((s) => s.id === state.device.site.id) ?? sites[0];
    const today = localDay(site.tz);
    if (!q.get("from")) q.set("from", today);
    if (!q.get("to")) q.set("to", q.get("from"));
    q.set("kind", kind.kind);
    q.set("site", site.id);
    const status = h("div", { "aria-live": "polite", "data-testid": "records-status" });
    const query = apiQuery(q, site.id);
    const limit = Math.min(200, Math.max(1, Math.trunc(Number(q.get("limit"))) || 50));
    let page;
    try {
      const paged = new URLSearchParams(query);
      paged.set("limit", String(limit));
      if (q.get("cursor")) paged.set("cursor", q.get("cursor"));
      page = await api(`/api/records/${encodeURIComponent(kind.kind)}?${paged}`, { token: state.user.token });
    } catch (err) {
      page = { records: [], next: null, error: err.status === 0 ? t("records.offline") : reasonText(err.reason) };
    }
    // Who may be chosen as author: the site's people this phone knows, and the authors listed.
    const people = await roster(site.id);
    for (const r of page.records) {
      if (r.author_id && !people.some((p) => p.user_id === r.author_id)) people.push({ user_id: r.author_id, name: r.author_name ?? String(r.author_id) });
    }
    const first = new URLSearchParams(q);
    first.delete("cursor");
    const next = new URLSearchParams(q);
    if (page.next) next.set("cursor", page.next);
    const csv = new URLSearchParams(query);
    csv.set("lang", language());
    const fileName = `${kind.kind}-${site.id}-${q.get("from")}${q.get("to") !== q.get("from") ? `-${q.get("to")}` : ""}.csv`;
    return screen("records.title",
      h("div", { class: "records-layout" },
        h("aside", { class: "records-side", "aria-label": t("records.filters") },
          filterForm(q, kinds, sites, people, today)),
        h("div", { class: "records-main" },
          h("h2", { "data-testid": "records-heading" }, t("records.heading", {
            kind: kindLabel(kind.kind), site: siteName(site),
            days: q.get("from") === q.get("to") ? q.get("from") : `${q.get("from")} – ${q.get("to")}` })),
          page.error ? notice(page.error, "error") : null,
          h("div", { class: "row" },
            button(t("records.csv"), () => download(`/api/records/${encodeURIComponent(kind.kind)}.csv?${csv}`, fileName, status),
              "btn secondary", { "data-testid": "records-csv" })),
          status,
          page.records.length
            ? [h("p", { class: "hint", "data-testid": "records-count" },
              t(q.get("cursor") ? "records.count_more" : "records.count", { n: page.records.length })),
            table(page.records, kind, site.tz)]
            : (page.error ? null : notice(t("records.empty"))),
          h("nav", { class: "row records-pages", "aria-label": t("records.pages") },
            q.get("cursor") ? tagged(link(t("records.first_page"), listHref(first), "btn tertiary"), "records-first") : null,
            page.next ? tagged(link(t("records.next_page"), listHref(next), "btn secondary"), "records-next") : null))));
  },
};

// A value as text in the history's tables.
function show(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return t(v ? "records.yes" : "records.no");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
// Bookkeeping, and what "Written" already shows.
const HIDDEN = new Set(["field_versions", "field_devices", "original", "amendments", "review", "version", "kind",
  "site_id", "id", "created_version", "author_id", "author_name", "device_id", "device_at", "corrected_at", "received_at",
  "number"]);
const fieldName = (f) => (has(`field.${f}`) ? t(`field.${f}`) : f);
const TIMES = new Set(["corrected_at", "device_at", "received_at", "created_at", "resolved_at", "slot_start", "slot_end"]);
const fact = (label, value) => [h("dt", {}, label), h("dd", {}, value)];

export const historyView = {
  async render(kind, id) {
    const back = link(t("common.back"), `#/records?kind=${encodeURIComponent(kind)}`, "btn tertiary");
    if (!navigator.onLine) return screen("records.history_title", notice(t("records.offline"), "warn"), back);
    let hx;
    try {
      hx = await api(`/api/records/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/history`, { token: state.user.token });
    } catch (err) {
      return screen("records.history_title",
        notice(err.status === 0 ? t("records.offline") : reasonText(err.reason), "error"), back);
    }
    const rec = hx.record, made = hx.created, chain = made.chain;
    const phone = (label, deviceId) => (deviceId ? `${label || t("records.phone_unnamed")} (${deviceId.slice(0, 8)})` : "—");
    return screen("records.history_title",
      h("p", { class: "hint", "data-testid": "history-what" }, `${kindLabel(kind)} · ${rec.number || t("records.no_number")}`),
      back,
      h("div", { class: "records-history" },
        h("section", {},
          h("h2", {}, t("records.made")),
          h("dl", { class: "facts", "data-testid": "history-made" },
            fact(t("records.col.author"), made.author_name ?? "—"),
            fact(t("records.device_time"), made.device_at ? formatDateTime(made.device_at) : "—"),
            fact(t("records.corrected_time"), made.corrected_at ? formatDateTime(made.corrected_at) : "—"),
            fact(t("records.received_time"), made.received_at ? formatDateTime(made.received_at) : "—"),
            fact(t("records.phone"), phone(made.device_label, made.device_id)),
            chain ? [
              fact(t("records.chain"), t("records.chain_position", { seq: chain.seq, phone: phone(chain.device_label, chain.device_id) })),
              fact(t("records.chain_hash"), h("code", {}, chain.hash.slice(0, 16))),
            ] : fact(t("records.chain"), t("records.chain_none")))),
        h("section", {},
          h("h2", {}, t("records.as_it_stands")),
          h("dl", { class: "facts", "data-testid": "history-record" },
            Object.entries(rec).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== "" && !(Array.isArray(v) && !v.length))
              .map(([k, v]) => fact(fieldName(k), TIMES.has(k) && typeof v === "number" ? formatDateTime(v) : show(v))))),
        h("section", { "data-testid": "history-corrections" },
          h("h2", {}, t("records.corrections", { n: hx.amendments.length })),
          hx.amendments.length ? h("ol", { class: "amendments" }, hx.amendments.map((a) => h("li", {},
            h("p", {}, t("record.corrected_by", { name: a.by_name ?? a.by, time: formatDateTime(a.at) })),
            h("p", {}, t("record.reason"), ": ", a.reason),
            h("p", { class: "hint" }, t("records.phone"), ": ", phone(a.device_label, a.device_id)),
            h("ul", { class: "plain changes" }, Object.entries(a.changes ?? {}).map(([f, c]) => h("li", {},
              h("strong", {}, fieldName(f)), ": ", h("del", {}, show(c.from)), " → ", h("ins", {}, show(c.to)))))))) : h("p", {}, t("records.no_corrections"))),
        h("section", { "data-testid": "history-review" },
          h("h2", {}, t("records.review")),
          hx.review ? h("dl", { class: "facts" },
            fact(t("records.review_by"), hx.review.user_name),
            fact(t("records.review_at"), formatDateTime(hx.review.corrected_at)),
            fact(t("records.review_approved"), show(hx.review.approved)),
            hx.review.note ? fact(t("records.review_note"), hx.review.note) : null,
            fact(t("records.phone"), phone(hx.review.device_label, hx.review.device_id)))
            : h("p", {}, t("records.not_reviewed"))),
        h("section", { "data-testid": "history-flags" },
          h("h2", {}, t("records.flags", { n: hx.flags.length })),
          hx.flags.length ? h("ul", { class: "cards" }, hx.flags.map((f) => h("li", { class: "card" },
            h("span", { class: "card-head" }, h("span", {}, formatDateTime(f.created_at)), h("span", {}, t(`records.flag_${f.status === "open" ? "open" : "settled"}`))),
            h("span", { class: "card-title" }, (f.reasons ?? []).map((r) => reasonText(r.code, r.detail)).join("; ")),
            h("span", { class: "card-meta" }, t("records.chain_position", { seq: f.mutation?.seq ?? "—",
              phone: phone(f.mutation?.device_label, f.mutation?.device_id) }),
            f.resolution ? ` · ${f.resolution}` : "")))) : h("p", {}, t("records.no_flags")))));
  },
};
