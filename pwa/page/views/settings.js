// Settings: language, theme, who is signed in, switch user, sign out, device
// and storage facts, app version and update check.
import { h, screen, button, notice, go, toast, link } from "../ui.js";
import { t, formatDateTime, LANGUAGES, reasonText } from "../../lib/i18n.js";
import { VERSION } from "../../lib/version.js";
import { kvGet } from "../../lib/db.js";
import { state, saveSettings } from "../state.js";
import { lock, signOut, isSupervisor } from "../session.js";
import { requestSync } from "../syncer.js";
import { parkedEntries } from "../records.js";

const LANG_NAMES = { en: "English", "zh-Hant": "繁體中文" };

export function languageSwitch() {
  return h("div", { class: "segmented", role: "group", "aria-label": t("settings.language") },
    LANGUAGES.map((code) => h("button", {
      type: "button",
      class: "btn secondary",
      lang: code,
      "aria-pressed": String(state.settings.lang === code),
      onclick: async () => {
        await saveSettings({ lang: code });
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      },
    }, LANG_NAMES[code])));
}

function themeSwitch() {
  return h("div", { class: "segmented", role: "group", "aria-label": t("settings.theme") },
    ["dark", "light"].map((theme) => h("button", {
      type: "button",
      class: "btn secondary",
      "aria-pressed": String(state.settings.theme === theme),
      onclick: async () => {
        await saveSettings({ theme });
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      },
    }, t(`settings.theme_${theme}`))));
}

const dl = (rows) => h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));

export const settingsView = {
  async render() {
    const user = state.user;
    const device = state.device;
    const [persist, parked] = await Promise.all([kvGet("persist"), parkedEntries()]);
    const site = device.site;
    const siteName = state.settings.lang === "zh-Hant" && site.name_zh ? site.name_zh : site.name;
    return screen("settings.title",
      h("h2", {}, t("settings.account")),
      dl([
        [t("settings.user"), `${user.name} (${user.username})`],
        [t("settings.role"), t(`role.${user.role}`)],
        [t("settings.site"), siteName],
      ]),
      h("div", { class: "stack" },
        button(t("settings.switch_user"), async () => { await lock(); go("#/unlock"); }, "btn secondary"),
        button(t("settings.sign_out"), async () => {
          if (!confirm(t("settings.sign_out_confirm"))) return;
          await signOut(user.id);
          go("#/login");
        }, "btn danger")),
      h("h2", {}, t("settings.language")),
      languageSwitch(),
      h("h2", {}, t("settings.theme")),
      themeSwitch(),
      h("h2", {}, t("settings.sync")),
      button(t("settings.sync_now"), async () => {
        const r = await requestSync({ force: true });
        toast(r.ok ? t("sync.done") : t("sync.failed", { reason: reasonText(r.error ?? r.skipped ?? "network") }));
      }, "btn secondary"),
      parked.length ? [
        notice(t("settings.parked", { n: parked.length }), "warn"),
        h("ul", { class: "plain" }, parked.map((p) => h("li", {}, `#${p.seq} ${p.mutation.kind} · ${formatDateTime(p.mutation.occurred_at)}`))),
      ] : null,
      h("h2", {}, t("settings.device")),
      dl([
        [t("settings.device_label"), device.label ?? "—"],
        [t("settings.device_id"), String(device.device_id)],
        [t("settings.enrolled_at"), formatDateTime(device.enrolled_at)],
        [t("settings.storage"), persist?.granted ? t("settings.storage_persistent") : t("settings.storage_best_effort")],
        [t("settings.version"), VERSION],
      ]),
      isSupervisor(user) ? link(t("phones.open"), "#/phones", "btn secondary") : null,
      button(t("settings.check_update"), async () => {
        const reg = await navigator.serviceWorker?.getRegistration();
        await reg?.update().catch(() => {});
        toast(reg?.waiting || reg?.installing ? t("update.found") : t("update.none"));
      }, "btn secondary"));
  },
};
