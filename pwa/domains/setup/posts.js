// Posts (a gate, the front desk, a patrol beat) and their handover checklists: the
// items both people check at every handover (backend/equipment, `equipment.post`).
// A post marked as the front desk's holds the desk's handover checklist. Every
// change carries its reason (kept in the change log); phones get it at their next pull.
import { h, screen, notice, button, saveForm } from "../../page/ui.js";
import { t, language } from "../../lib/i18n.js";
import {
  get, site, q, named, sections, offline, failed, reasonField, retireButton, text, check, save,
} from "./data.js";

const POSTS = "#/setup/posts";

export const posts = () => get(`/api/equipment/posts?site_id=${q(site())}`);

// The checklist as rows (English and Chinese name, remove), with a button to add a row.
// `.read()` gives the items filled in, or null when one has no English name.
function checklist(items, testid) {
  const rows = h("ol", { class: "plain item-rows", "data-testid": testid });
  const add = (item = { name: "", name_zh: "" }) => {
    const en = h("input", { type: "text", class: "input", value: item.name, maxlength: "100",
      "aria-label": t("setup.post_item"), dataset: { part: "name" } });
    const zh = h("input", { type: "text", class: "input", value: item.name_zh ?? "", maxlength: "100",
      "aria-label": t("setup.post_item_zh"), dataset: { part: "name_zh" } });
    const row = h("li", { class: "item-row" }, en, zh,
      button(t("setup.post_item_remove"), () => row.remove(), "btn tertiary", { "aria-label": t("setup.post_item_remove") }));
    rows.append(row);
    return en;
  };
  (items.length ? items : [undefined]).forEach((i) => add(i));
  const box = h("fieldset", { class: "item-list" }, h("legend", {}, t("setup.post_items")),
    h("p", { class: "hint" }, t("setup.post_items_hint")), rows,
    button(t("setup.post_item_add"), () => add().focus(), "btn secondary", { "data-testid": `${testid}-add` }));
  box.read = () => {
    const all = [...rows.children].map((li) => ({ name: li.querySelector("[data-part=name]").value.trim(),
      name_zh: li.querySelector("[data-part=name_zh]").value.trim() })).filter((i) => i.name || i.name_zh);
    return all.length && all.every((i) => i.name) ? all : null;
  };
  return box;
}

// The fields a post has, filled from `post` (a new one: empty); `.values()` reads them.
function postFields(post, prefix) {
  const name = text("setup.post_name", post.name, { required: true, maxlength: "200", "data-testid": `${prefix}-name` });
  const nameZh = text("setup.post_name_zh", post.name_zh, { maxlength: "200", "data-testid": `${prefix}-name-zh` });
  const items = checklist(post.items ?? [], `${prefix}-items`);
  const desk = check("setup.post_desk", post.desk, { "data-testid": `${prefix}-desk` });
  const parts = [name, nameZh, items, desk, h("p", { class: "hint" }, t("setup.post_desk_hint"))];
  parts.values = () => {
    const list = items.read();
    return list && { name: name.control.value.trim(), name_zh: nameZh.control.value.trim(), items: list,
      desk: desk.querySelector("input").checked };
  };
  return parts;
}

// A post's card: its checklist, a change of names or checklist with its reason, and
// retire/restore with the reason in the field beside the list (`reason`).
function postCard(p, lang, status, reason) {
  const path = `/api/equipment/posts/${q(p.id)}`;
  const fields = postFields(p, `post-${p.id}`);
  const why = reasonField(`post-change-reason-${p.id}`);
  return h("li", { class: "card", dataset: { post: p.id, active: p.active ? "1" : "0", desk: p.desk ? "1" : "0" } },
    h("span", { class: "card-title" }, named(p, lang), p.desk ? ` · ${t("setup.post_is_desk")}` : "",
      p.active ? "" : ` · ${t("setup.retired")}`),
    h("span", { class: "card-meta", "data-testid": "post-checklist" },
      t("setup.post_n_items", { n: p.items.length }), ": ", p.items.map((i) => named(i, lang)).join(", ")),
    h("details", {}, h("summary", { class: "btn tertiary" }, t("setup.post_change")),
      saveForm(async () => {
        const body = fields.values();
        if (!body) { status.replaceChildren(notice(t("setup.post_items_needed"), "error")); return; }
        await save(path, "PATCH", { ...body, reason: why.control.value.trim() }, status);
      }, ...fields, why, h("button", { type: "submit", class: "btn", "data-testid": `post-save-${p.id}` }, t("setup.save")))),
    retireButton(path, p.active, reason, status, `post-retire-${p.id}`));
}

export const postsView = {
  async render() {
    if (!navigator.onLine) return screen("setup.posts", sections(POSTS), offline());
    let list;
    try { list = (await posts()).posts; } catch (err) { return screen("setup.posts", sections(POSTS), failed(err)); }
    const lang = language();
    const status = h("div", { "aria-live": "polite" });
    list.sort((a, b) => (b.active - a.active) || named(a, lang).localeCompare(named(b, lang)));
    const reason = reasonField("post-reason");
    const fresh = postFields({ name: "", name_zh: "", items: [], desk: false }, "post-new");
    const form = saveForm(async () => {
      const body = fresh.values();
      if (!body) { status.replaceChildren(notice(t("setup.post_items_needed"), "error")); return; }
      await save("/api/equipment/posts", "POST", { site_id: site(), ...body }, status);
    }, h("h2", {}, t("setup.post_new")), ...fresh,
    h("button", { type: "submit", class: "btn", "data-testid": "post-create" }, t("setup.create")));
    return screen("setup.posts", sections(POSTS), h("p", { class: "hint" }, t("setup.posts_hint")), status,
      h("div", { class: "setup-layout" },
        h("div", {},
          h("h2", {}, t("setup.post_list", { n: list.length })),
          list.length ? h("ul", { class: "cards", "data-testid": "post-list" }, list.map((p) => postCard(p, lang, status, reason)))
            : notice(t("setup.post_none")),
          list.length ? reason : null),
        form));
  },
};
