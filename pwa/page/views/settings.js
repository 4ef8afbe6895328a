// Settings: language, theme, who is signed in, switch user, sign out, device
// and storage facts, app version and update check.
import { h, screen, button, notice, go, toast, link } from "../ui.js";
import { t, formatDateTime, LANGUAGES, reasonText } from "../../lib/i18n.js";
import { VERSION } from "../../lib/version.js";
import { kvGet, eraseAll } from "../../lib/db.js";
import { syncState } from "../../lib/sync.js";
import { outboxEntries, parkedEntries } from "../../lib/outbox.js";
import { state, saveSettings } from "../state.js";
import { lock, signOut, isSupervisor } from "../session.js";
import { requestSync } from "../syncer.js";
import { parkedList } from "../parked.js";
import { moreLinks } from "../nav.js";

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

// The server no longer accepts this phone (revoked, or its database was replaced).
const REFUSED = new Set(["device_revoked", "device_unknown"]);

async function setUpAgain(device) {
  const [outbox, parked] = await Promise.all([outboxEntries(), parkedEntries()]);
  const save = () => {
    const file = new Blob([JSON.stringify({ device_id: device.device_id, site: device.site,
      saved_at: new Date().toISOString(), outbox: outbox.map((e) => e.mutation),
      parked: parked.map((e) => e.mutation) }, null, 1)], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(file), download: `gatehouse-unsynced-${device.device_id}.json` });
    document.body.append(a);
    a.click();
    a.remove();
  };
  let armed = false;  // two taps, no dialog
  const erase = button(t("reenrol.erase"), async () => {
    if (!armed) { armed = true; erase.textContent = t("reenrol.erase_confirm"); return; }
    await eraseAll();
    history.replaceState(null, "", "/#/welcome");
    location.reload();  // one navigation: nothing of the old phone stays in memory
  }, "btn danger", { "data-testid": "erase-phone" });
  return [
    h("h2", {}, t("reenrol.title")),
    notice(t("reenrol.why", { n: outbox.length }), "warn"),
    outbox.length ? button(t("reenrol.save"), save, "btn secondary", { "data-testid": "save-unsynced" }) : null,
    erase,
  ];
}

export const settingsView = {
  async render() {
    const user = state.user;
    const device = state.device;
    const [persist, sync] = await Promise.all([kvGet("persist"), syncState()]);
    const site = device.site;
    const siteName = state.settings.lang === "zh-Hant" && site.name_zh ? site.name_zh : site.name;
    return screen("settings.title",
      moreLinks(),
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
      await parkedList(),
      h("h2", {}, t("settings.device")),
      dl([
        [t("settings.device_label"), device.label ?? "—"],
        [t("settings.device_id"), String(device.device_id)],
        [t("settings.enrolled_at"), formatDateTime(device.enrolled_at)],
        [t("settings.storage"), persist?.granted ? t("settings.storage_persistent") : t("settings.storage_best_effort")],
        // the site's window (PROTOCOL.md P5.6), sent with the site at enrolment and sign-in
        [t("settings.window"), t("settings.window_days", { n: device.site?.phone_window_days ?? 14 })],
        [t("settings.version"), VERSION],
      ]),
      isSupervisor(user) ? link(t("phones.open"), "#/phones", "btn secondary") : null,
      REFUSED.has(sync.last_error?.reason) ? await setUpAgain(device) : null,
      button(t("settings.check_update"), async () => {
        const reg = await navigator.serviceWorker?.getRegistration();
        await reg?.update().catch(() => {});
        toast(reg?.waiting || reg?.installing ? t("update.found") : t("update.none"));
      }, "btn secondary"));
  },
};
