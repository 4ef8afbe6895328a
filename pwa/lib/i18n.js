// Message catalogs (en, zh-Hant, same keys) and Intl formatting. A language's
// catalog is the shared one (lib/i18n/) merged with every domain's own
// (domains/<name>/i18n/, keys prefixed "<name>."), as listed in lib/shell.js.
import { DOMAIN_FILES } from "./shell.js";

export const LANGUAGES = ["en", "zh-Hant"];
let lang = "en";
let catalog = {};
let fallback = {};

export const catalogFiles = (code) => [`/lib/i18n/${code}.json`,
  ...DOMAIN_FILES.filter((url) => url.endsWith(`/i18n/${code}.json`))];

export async function loadCatalog(code) {
  const parts = await Promise.all(catalogFiles(code).map(async (url) => {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`catalog ${url}: ${resp.status}`);
    return resp.json();
  }));
  return Object.assign({}, ...parts);
}

export async function setLanguage(code) {
  if (!LANGUAGES.includes(code)) code = "en";
  if (!Object.keys(fallback).length) fallback = await loadCatalog("en");
  catalog = code === "en" ? fallback : await loadCatalog(code);
  lang = code;
  if (globalThis.document) document.documentElement.lang = code;
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
