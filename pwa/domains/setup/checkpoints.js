// Checkpoints: create, edit, retire, print the label sheet, replace a lost label.
import { h, screen, notice, button, saveForm, toast, go } from "../../page/ui.js";
import { t, language } from "../../lib/i18n.js";
import { download } from "../../page/download.js";
import {
  checkpoints, send, site, q, named, sections, offline, failed, reasonField, text, reload, save,
} from "./data.js";

const HERE = "#/setup/checkpoints";

function createForm(status) {
  const name = text("setup.cp_name", "", { required: true, maxlength: "200", "data-testid": "cp-name" });
  const nameZh = text("setup.cp_name_zh", "", { maxlength: "200", "data-testid": "cp-name-zh" });
  const place = text("setup.cp_location", "", { maxlength: "300" });
  const checks = text("setup.cp_checks", "", { maxlength: "2000" });
  return saveForm(async () => {
    await save("/api/patrol/checkpoints", "POST", {
      site_id: site(), name: name.control.value.trim(), name_zh: nameZh.control.value.trim(),
      location: place.control.value.trim(), checks: checks.control.value.trim(),
    }, status);
  }, h("h2", {}, t("setup.cp_new")), name, nameZh, place, checks,
  h("button", { type: "submit", class: "btn", "data-testid": "cp-create" }, t("setup.create")));
}

export const checkpointsView = {
  async render() {
    if (!navigator.onLine) return screen("setup.checkpoints", sections(HERE), offline());
    let list;
    try { list = await checkpoints(); } catch (err) { return screen("setup.checkpoints", sections(HERE), failed(err)); }
    const status = h("div", { "aria-live": "polite" });
    const lang = language();
    return screen("setup.checkpoints", sections(HERE), status,
      h("div", { class: "setup-layout" },
        h("div", {},
          h("h2", {}, t("setup.cp_list", { n: list.filter((c) => c.active).length })),
          button(t("setup.print_sheet"), () => download(`/api/patrol/labels.pdf?site_id=${q(site())}`,
            `labels-${site()}.pdf`, status), "btn secondary", { "data-testid": "print-sheet", disabled: !list.some((c) => c.active) }),
          list.length ? h("ul", { class: "cards", "data-testid": "cp-list" }, list.map((c) =>
            h("li", {}, h("a", { class: "card", href: `${HERE}/${q(c.id)}`, dataset: { active: c.active ? "1" : "0" } },
              h("span", { class: "card-title" }, named(c, lang)),
              h("span", { class: "card-meta" }, [c.location, c.active ? "" : t("setup.retired")].filter(Boolean).join(" · ") || "—")))))
            : notice(t("setup.cp_none"))),
        createForm(status)));
  },
};

export const checkpointView = {
  async render(id) {
    if (!navigator.onLine) return screen("setup.checkpoint", sections(HERE), offline());
    let c;
    try { c = (await checkpoints()).find((x) => x.id === id); } catch (err) { return screen("setup.checkpoint", failed(err)); }
    if (!c) return screen("setup.checkpoint", sections(HERE), notice(t("setup.not_found"), "error"));
    const status = h("div", { "aria-live": "polite" });
    const name = text("setup.cp_name", c.name, { required: true, maxlength: "200" });
    const nameZh = text("setup.cp_name_zh", c.name_zh, { maxlength: "200" });
    const place = text("setup.cp_location", c.location, { maxlength: "300" });
    const checks = text("setup.cp_checks", c.checks, { maxlength: "2000" });
    const reason = reasonField("cp-reason");
    const patch = async (body) => {
      try {
        await send(`/api/patrol/checkpoints/${q(c.id)}`, "PATCH", { ...body, reason: reason.control.value.trim() });
        toast(t("setup.saved", { name: body.name ?? c.name }));
        reload();
      } catch (err) { status.replaceChildren(failed(err)); }
    };
    const needReason = () => {
      if (reason.control.value.trim()) return true;
      status.replaceChildren(notice(t("setup.reason_needed"), "error"));
      reason.control.focus();
      return false;
    };
    return screen("setup.checkpoint", sections(HERE),
      h("p", { class: "hint" }, named(c, language()), c.active ? "" : ` · ${t("setup.retired")}`),
      status,
      h("div", { class: "setup-layout" },
        saveForm(() => patch({ name: name.control.value.trim(), name_zh: nameZh.control.value.trim(),
          location: place.control.value.trim(), checks: checks.control.value.trim() }),
        name, nameZh, place, checks, reason,
        h("button", { type: "submit", class: "btn", "data-testid": "cp-save" }, t("setup.save"))),
        h("div", { class: "stack" },
          h("h2", {}, t("setup.label")),
          h("p", { class: "hint" }, t("setup.label_hint")),
          button(t("setup.print_label"), () => download(`/api/patrol/checkpoints/${q(c.id)}/label.pdf`,
            `checkpoint-${c.id.slice(0, 8)}.pdf`, status), "btn secondary", { "data-testid": "print-label" }),
          button(t("setup.new_code"), async () => {
            if (!needReason()) return;
            try {
              await send(`/api/patrol/checkpoints/${q(c.id)}/new-code`, "POST", { reason: reason.control.value.trim() });
              toast(t("setup.new_code_done"));
              reload();
            } catch (err) { status.replaceChildren(failed(err)); }
          }, "btn secondary", { "data-testid": "new-code" }),
          h("h2", {}, t(c.active ? "setup.retire" : "setup.restore")),
          button(t(c.active ? "setup.retire" : "setup.restore"), () => needReason() && patch({ active: !c.active }),
            c.active ? "btn danger" : "btn secondary", { "data-testid": "cp-retire" }),
          button(t("setup.history"), () => go(`#/setup/changes/${q(c.id)}`), "btn tertiary"))));
  },
};
