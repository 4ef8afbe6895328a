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
    // After an administrator's reset the password is a one-time code: the server
    // answers password_change_required, and the new password is asked for here.
    const fresh = h("input", { type: "password", class: "input", autocomplete: "new-password", minlength: "8" });
    const again = h("input", { type: "password", class: "input", autocomplete: "new-password", minlength: "8" });
    const choose = h("div", { class: "stack", hidden: true, "data-testid": "new-password" });  // filled when asked for
    const form = h("form", {
      class: "stack",
      onsubmit: async (e) => {
        e.preventDefault();
        if (!navigator.onLine) return void status.replaceChildren(notice(t("common.needs_online"), "error"));
        if (!choose.hidden && (fresh.value.length < 8 || fresh.value !== again.value)) {
          return void status.replaceChildren(notice(t(fresh.value.length < 8 ? "login.password_short" : "login.passwords_differ"), "error"));
        }
        status.replaceChildren(notice(t("login.working")));
        try {
          const user = await login(username.value.trim(), password.value, state.device, choose.hidden ? null : fresh.value);
          go(user.pin ? "#/log" : "#/pin");
        } catch (err) {
          if (err.reason === "password_change_required") {
            choose.replaceChildren(notice(t("login.choose_password"), "info"),
              field("login.new_password", fresh), field("login.new_password_again", again));
            choose.hidden = false;
            fresh.required = again.required = true;
            status.replaceChildren();
            return void fresh.focus();
          }
          password.value = "";
          status.replaceChildren(notice(reasonText(err.reason ?? "network"), "error"));
        }
      },
    },
    field("login.username", username),
    field("login.password", password),
    choose,
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
