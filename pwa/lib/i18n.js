// Message catalogs (en, zh-Hant, same keys) and Intl formatting, in two parts: the
// shell's words (lib/i18n/<language>.json), read at start, and the domains' words
// (every domains/<name>/i18n/<language>.json, keys prefixed "<name>."), which the
// server merges into /i18n/<language>.json (backend/web.py) and the phone reads
// with the domains, once someone signs in: a new phone's first screen needs neither.

export const LANGUAGES = ["en", "zh-Hant"];
let lang = "en";
let catalog = {};
let fallback = {};
const parts = [(code) => `/lib/i18n/${code}.json`];
const read = new Map(); // url -> Promise of its catalog

function readCatalog(url) {
  if (!read.has(url)) {
    read.set(url, fetch(url).then((resp) => {
      if (!resp.ok) throw new Error(`catalog ${url}: ${resp.status}`);
      return resp.json();
    }));
    read.get(url).catch(() => read.delete(url)); // a failed read is tried again next time
  }
  return read.get(url);
}
const whole = async (code) => Object.assign({}, ...await Promise.all(parts.map((part) => readCatalog(part(code)))));

export async function setLanguage(code) {
  if (!LANGUAGES.includes(code)) code = "en";
  const [en, chosen] = await Promise.all([whole("en"), code === "en" ? null : whole(code)]);
  fallback = en;
  catalog = chosen ?? en;
  lang = code;
  if (globalThis.document) document.documentElement.lang = code;
}

// The domains' words join the shell's (page/app.js, with the domains' screens).
export async function addDomainWords() {
  if (parts.length === 1) parts.push((code) => `/i18n/${code}.json`);
  await setLanguage(lang);
}

export const language = () => lang;
// Hong Kong conventions for dates and numbers in both languages.
const INTL = { en: "en-HK", "zh-Hant": "zh-Hant-HK" };
const loc = () => INTL[lang] ?? lang;

export function pickLanguage(saved) {
  if (saved && LANGUAGES.includes(saved)) return saved;
  const wants = globalThis.navigator?.languages ?? [];
  return wants.some((l) => /^zh-(Hant|TW|HK|MO)/i.test(l)) ? "zh-Hant" : "en";
}

// t("dutylog.log.count", {n: 3}) -> "3 entries"; {name} placeholders; missing keys show the key.
export function t(key, params = {}) {
  const s = catalog[key] ?? fallback[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in params ? formatParam(params[k]) : `{${k}}`));
}
export const has = (key) => key in catalog || key in fallback;

const formatParam = (v) => (typeof v === "number" ? formatNumber(v) : String(v));

// API reasons and mutation reasons: "reason.<code>", falling back to the server's text.
export function reasonText(code, detail) {
  const key = `reason.${code}`;
  if (has(key)) return t(key);
  return detail ? `${t("reason.unknown")} (${code}: ${detail})` : `${t("reason.unknown")} (${code})`;
}

export const formatNumber = (n) => new Intl.NumberFormat(loc()).format(n);

export function formatDateTime(ms) {
  if (ms == null) return "—";
  const d = new Date(typeof ms === "string" ? Date.parse(ms) : ms);
  return new Intl.DateTimeFormat(loc(), { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }).format(d);
}

// A site's local day ("2026-11-30") as the reader writes a date.
export function formatDay(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(loc(), { dateStyle: "full", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d));
}

export function formatTime(ms) {
  const d = new Date(typeof ms === "string" ? Date.parse(ms) : ms);
  return new Intl.DateTimeFormat(loc(), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

// "3 min ago" / "3 分鐘前"
export function formatAge(ms, now = Date.now()) {
  const then = typeof ms === "string" ? Date.parse(ms) : ms;
  const s = Math.round((then - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(loc(), { numeric: "auto", style: "short" });
  const a = Math.abs(s);
  if (a < 45) return rtf.format(0, "second");
  if (a < 3600) return rtf.format(Math.round(s / 60), "minute");
  if (a < 86400) return rtf.format(Math.round(s / 3600), "hour");
  return rtf.format(Math.round(s / 86400), "day");
}

// Duration for "oldest waiting 12 min"
export function formatDuration(ms) {
  const min = Math.max(1, Math.round(ms / 60000)); // "1 min" rather than "0 min"
  const unit = min < 60 ? "minute" : min < 2880 ? "hour" : "day";
  const n = unit === "minute" ? min : unit === "hour" ? Math.round(min / 60) : Math.round(min / 1440);
  return new Intl.NumberFormat(loc(), { style: "unit", unit, unitDisplay: "short" }).format(n);
}
