// Offline unlock by PIN, choosing who is using a shared phone, and setting the
// PIN after the first online sign-in.
import { h, screen, field, notice, go, link, button } from "../ui.js";
import { t, reasonText } from "../../lib/i18n.js";
import { users, unlock, setPin, validPin, minPin, PIN_MAX_FAILURES } from "../session.js";
import { state } from "../state.js";
import { languageSwitch } from "./settings.js";
import { kvGet } from "../../lib/db.js";

const pinInput = (autocomplete) => h("input", {
  type: "password", class: "input pin", inputmode: "numeric", pattern: "[0-9]*",
  autocomplete, maxlength: "8", minlength: "4", required: true,
});

export const unlockView = {
  async render() {
    const all = await users();
    const session = await kvGet("session");
    const usable = all.filter((u) => u.pin?.vault);
    let chosen = usable.find((u) => u.id === session?.last_user_id) ?? usable[0] ?? null;
    const status = h("div", { "aria-live": "polite" });
    const pin = pinInput("current-password");
    const who = h("div", { class: "segmented wrap", role: "group", "aria-label": t("unlock.who") });
    const drawWho = () => who.replaceChildren(...usable.map((u) => h("button", {
      type: "button", class: "btn secondary", "aria-pressed": String(chosen?.id === u.id),
      onclick: () => { chosen = u; drawWho(); status.replaceChildren(); pin.focus(); },
    }, u.name)));
    drawWho();
    const form = h("form", {
      class: "stack",
      onsubmit: async (e) => {
        e.preventDefault();
        if (!chosen) return;
        status.replaceChildren(notice(t("unlock.working")));
        try {
          await unlock(chosen.id, pin.value);
          go("#/log");
        } catch (err) {
          pin.value = "";
          const msg = err.reason === "pin_wrong"
            ? t("unlock.wrong", { n: err.left ?? 0 })
            : reasonText(err.reason);
          status.replaceChildren(notice(msg, "error"));
        }
      },
    },
    field("unlock.pin", pin),
    h("button", { type: "submit", class: "btn" }, t("unlock.submit")));
    return screen("unlock.title",
      languageSwitch(),
      usable.length ? [h("p", {}, t("unlock.choose")), who, form] : notice(t("unlock.nobody")),
      status,
      h("p", { class: "hint" }, t("unlock.limit", { n: PIN_MAX_FAILURES })),
      link(t("unlock.sign_in_online"), "#/login"));
  },
};

export const pinSetupView = {
  render() {
    const status = h("div", { "aria-live": "polite" });
    const pin1 = pinInput("new-password");
    const pin2 = pinInput("new-password");
    const form = h("form", {
      class: "stack",
      onsubmit: async (e) => {
        e.preventDefault();
        // Supervisors and administrators: at least 6 digits (PROTOCOL.md P8, a guessed PIN).
        if (!/^\d{4,8}$/.test(pin1.value)) return void status.replaceChildren(notice(t("reason.pin_format"), "error"));
        if (!validPin(pin1.value, state.user.role)) return void status.replaceChildren(notice(t("reason.pin_short"), "error"));
        if (pin1.value !== pin2.value) return void status.replaceChildren(notice(t("pin.mismatch"), "error"));
        status.replaceChildren(notice(t("pin.working")));
        try {
          await setPin(state.user.id, pin1.value);
        } catch (err) {
          // The sign-in waiting for its PIN lives in memory only: after a reload, sign in again.
          if (err.reason === "token_invalid") return void go("#/login");
          return void status.replaceChildren(notice(reasonText(err.reason), "error"));
        }
        go("#/log");
      },
    },
    field("pin.new", pin1, minPin(state.user.role) > 4 ? "pin.hint_supervisor" : "pin.hint"),
    field("pin.repeat", pin2),
    h("button", { type: "submit", class: "btn" }, t("pin.submit")));
    return screen("pin.title", h("p", {}, t("pin.intro", { name: state.user.name })), form, status);
  },
};
