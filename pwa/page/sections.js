// Sections another domain adds to a shared screen (the supervisor's board, the
// review inbox) without the screen knowing that domain: a domain's index.js
// declares `sections: { board: [...], inbox: [...] }`, each
// `{ id, title (catalog key with {n}), items: async (user, siteId) => [item] }`,
// an item `{ id, href, number, title, text, meta, badges: [{ text, tone }] }`.
// A section with no items shows nothing; one whose items fail (offline, a
// server error) shows the error in its place and the rest of the screen stays.
import { h, notice } from "./ui.js";
import { t, reasonText } from "../lib/i18n.js";

const card = (x) => h("li", {}, h("a", { class: "card", href: x.href, dataset: { id: x.id } },
  h("span", { class: "card-head" }, h("span", { class: "number" }, x.number ?? ""), h("span", {}, x.meta ?? "")),
  h("span", { class: "card-title" }, x.title ?? ""),
  x.text ? h("span", { class: "card-text" }, x.text) : null,
  x.badges?.length ? h("span", { class: "badges" }, x.badges.map((b) => h("span", { class: `badge ${b.tone ?? ""}`.trim() }, b.text))) : null));

export async function domainSections(where, user, siteId) {
  const { DOMAINS } = await import("../domains/index.js"); // the registry, read at render time
  const declared = DOMAINS.flatMap((d) => d.sections?.[where] ?? []);
  return Promise.all(declared.map(async (s) => {
    let items;
    try {
      items = await s.items(user, siteId);
    } catch (err) {
      return [h("h2", {}, t(s.title, { n: "?" })),
        notice(reasonText(err.status === 0 || !navigator.onLine ? "offline" : (err.reason ?? "server_error")), "error")];
    }
    return items.length ? [h("h2", {}, t(s.title, { n: items.total ?? items.length })),
      h("ul", { class: "cards", "data-testid": `${where}-${s.id}` }, items.map(card))] : null;
  }));
}
