// What every screen needs to know, loaded from IndexedDB: the device, the user
// whose session is open, the phone's settings and the server's kinds-and-roles
// table (page/roles.js).
import { kvGet, kvSet } from "../lib/db.js";
import { setLanguage, pickLanguage } from "../lib/i18n.js";
import { currentUser } from "./session.js";
import { getDevice } from "./device.js";

export const state = {
  device: null,
  user: null,
  settings: { lang: "en", theme: "dark" },
  online: navigator.onLine,
  kinds: null,
};

export async function loadState() {
  const [device, user, settings, kinds] = await Promise.all([getDevice(), currentUser(), kvGet("settings"), kvGet("kinds")]);
  state.device = device ?? null;
  state.kinds = kinds ?? null;
  state.user = user ?? null;
  state.settings = { theme: "dark", ...(settings ?? {}), lang: pickLanguage(settings?.lang) };
  return state;
}

export async function applySettings() {
  document.documentElement.dataset.theme = state.settings.theme;
  document.querySelector('meta[name="theme-color"]')
    ?.setAttribute("content", state.settings.theme === "light" ? "#f4f6fa" : "#0e1726");
  await setLanguage(state.settings.lang);
}

export async function saveSettings(patch) {
  state.settings = { ...state.settings, ...patch };
  await kvSet("settings", state.settings);
  await applySettings();
}
