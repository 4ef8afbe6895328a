// Tiny DOM helpers: h() builds elements, so no HTML strings (and no injection).
import { t } from "../lib/i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

export const clear = (el) => { while (el.firstChild) el.firstChild.remove(); return el; };

// A screen: heading first (focus moves there on navigation), then content.
export function screen(titleKey, ...children) {
  return h("section", { class: "screen" },
    h("h1", { class: "screen-title", tabindex: "-1" }, t(titleKey)),
    ...children);
}

// Runs `fn` once at a time: a second tap while it runs does nothing (no record
// is written twice), and one that failed can be tried again.
export function oneAtATime(fn) {
  let busy = false;
  return async (...args) => {
    if (busy) return undefined;
    busy = true;
    try { return await fn(...args); } finally { busy = false; }
  };
}

// A form whose save runs one at a time (see oneAtATime).
export function saveForm(save, ...children) {
  const run = oneAtATime(save);
  return h("form", { class: "stack", onsubmit: (e) => { e.preventDefault(); return run(); } }, ...children);
}

export const button = (label, onclick, cls = "btn", attrs = {}) =>
  h("button", { type: "button", class: cls, onclick, ...attrs }, label);

export const link = (label, href, cls = "btn secondary") => h("a", { href, class: cls }, label);

// A labelled field; returns the wrapper, the control is `.control`.
export function field(labelKey, control, hintKey) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintId = hintKey ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  const wrap = h("div", { class: "field" },
    h("label", { for: id }, t(labelKey)),
    control,
    hintKey && h("p", { class: "hint", id: hintId }, t(hintKey)));
  wrap.control = control;
  return wrap;
}

export const notice = (text, kind = "info") =>
  h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : null }, text);

let toastTimer = null;
export function toast(text) {
  const el = document.getElementById("toast");
  if (!el) return;
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 3500);
}

export const go = (hash) => { if (location.hash !== hash) location.hash = hash; else window.dispatchEvent(new HashChangeEvent("hashchange")); };

// Each field's problem (a catalog key or [key, params], by name) shown under it and the control
// marked invalid; fields without one are cleared. True when there is none.
export function fieldErrors(fields, problems) {
  for (const [name, f] of Object.entries(fields)) {
    f.querySelector(":scope > .field-error")?.remove();
    f.control.removeAttribute("aria-invalid");
    if (!problems[name]) continue;
    f.control.setAttribute("aria-invalid", "true");
    const [key, params] = [problems[name]].flat();
    f.append(h("p", { class: "field-error", role: "alert" }, t(key, params)));
  }
  const first = Object.keys(problems).find((k) => fields[k] && problems[k]);
  if (first) fields[first].control.focus();
  return !Object.values(problems).some(Boolean);
}
