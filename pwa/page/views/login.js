// First sign-in on this phone is online, with a password. Afterwards a PIN
// unlocks it offline.
import { h, screen, field, notice, go, link } from "../ui.js";
import { t, reasonText } from "../../lib/i18n.js";
import { login } from "../session.js";
import { state } from "../state.js";
import { languageSwitch } from "./settings.js";
import { users } from "../session.js";

export const loginView = {
  async render() {
    const status = h("div", { "aria-live": "polite" });
    const username = h("input", { type: "text", class: "input", autocomplete: "username", autocapitalize: "none", spellcheck: "false", required: true });
    const password = h("input", { type: "password", class: "input", autocomplete: "current-password", required: true });
    const known = (await users()).filter((u) => u.pin && !u.needs_login);
    const form = h("form", {
      class: "stack",
      onsubmit: async (e) => {
        e.preventDefault();
        if (!navigator.onLine) return void status.replaceChildren(notice(t("common.needs_online"), "error"));
        status.replaceChildren(notice(t("login.working")));
        try {
          const user = await login(username.value.trim(), password.value, state.device);
          go(user.pin ? "#/log" : "#/pin");
        } catch (err) {
          password.value = "";
          status.replaceChildren(notice(reasonText(err.reason ?? "network"), "error"));
        }
      },
    },
    field("login.username", username),
    field("login.password", password),
    h("button", { type: "submit", class: "btn" }, t("login.submit")));
    const site = state.device?.site;
    const siteName = site ? (state.settings.lang === "zh-Hant" && site.name_zh ? site.name_zh : site.name) : "";
    return screen("login.title",
      languageSwitch(),
      !navigator.onLine ? notice(t("common.needs_online"), "warn") : null,
      site ? h("p", {}, t("login.site", { site: siteName })) : null,
      form,
      status,
      known.length ? link(t("login.use_pin"), "#/unlock") : null);
  },
};
