// My cases and a case: the cases this person owns (or first owned), the site's
// open ones, overdue ones marked; one case's deadlines, history and the actions
// its reader may take (hand on, progress, reply; the desk and supervisors also
// call back, close, and write internal notes; supervisors review).
import { h, screen, field, notice, saveForm, link, toast, button } from "../../page/ui.js";
import { t, formatDateTime, reasonText } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { isSupervisor } from "../../page/session.js";
import {
  cases, due, overdue, daysLeft, isStaff, localDay, notes, mails, REPLY_HOW, RESPONSIBLE, TYPES,
  handOn, progress, reply, callback, closeCase, reopen, addNote, review,
} from "./data.js";
import { myDueCallbacks, dueList } from "./plan.js";
import { repairSection } from "./repair.js";

export const caseNumber = (c) => c.number ?? t("cases.no_after_sync");

function card(c, today) {
  const late = c.status === "closed" ? [] : overdue(c, today);
  return h("li", {}, h("a", { class: "card", href: `#/cases/${encodeURIComponent(c.id)}`, dataset: { id: c.id, pending: c.pending ? "1" : "0" } },
    h("span", { class: "card-head" },
      h("span", { class: c.number ? "number" : "number provisional", "data-testid": "case-number" }, caseNumber(c)),
      h("span", {}, formatDateTime(c.accepted_at))),
    h("span", { class: "card-title" }, t(`cases.type_${c.type}`), c.unit ? ` · ${t("cases.unit")} ${c.unit}` : (c.name ? ` · ${c.name}` : "")),
    h("span", { class: "card-text" }, c.matter),
    h("span", { class: "badges" },
      h("span", { class: c.status === "closed" ? "badge ok" : "badge" }, t(`cases.state_${c.status}`)),
      late.length ? h("span", { class: "badge error", "data-testid": "overdue" }, t("cases.overdue")) : null,
      c.severity === "major" ? h("span", { class: "badge error" }, t("cases.major_badge")) : null,
      c.pending ? h("span", { class: "badge warn" }, t("common.not_synced")) : null,
      c.outboxStatus === "rejected" ? h("span", { class: "badge error" }, reasonText(c.reasons?.[0]?.code ?? "unknown")) : null)));
}

export const casesView = {
  live: true,
  async render() {
    const today = localDay();
    const all = await cases(state.user, state.device.site.id);
    const mine = all.filter((c) => c.status !== "closed" && (c.owner?.user_id === state.user.id || c.first_owner?.user_id === state.user.id));
    const others = all.filter((c) => !mine.includes(c) && c.status !== "closed");
    const late = all.filter((c) => c.status !== "closed" && overdue(c, today).length);
    const list = (items, testid) => h("ul", { class: "cards", "data-testid": testid }, items.map((c) => card(c, today)));
    const callbacks = isStaff(state.user) ? await myDueCallbacks(state.user, state.device.site.id) : [];
    return screen("cases.title",
      link(t("cases.new"), "#/cases/new", "btn"),
      isStaff(state.user) ? link(t("cases.stats_title"), "#/cases/stats", "btn secondary") : null,
      isStaff(state.user) ? link(t("cases.plan_link"), "#/cases/plan", "btn secondary") : null,
      callbacks.length ? [h("h2", {}, t("cases.callbacks_due", { n: callbacks.length })), dueList(callbacks)] : null,
      late.length ? notice(t("cases.overdue_n", { n: late.length }), "error") : null,
      h("h2", {}, t("cases.mine")),
      mine.length ? list(mine, "my-cases") : notice(t("cases.none_mine")),
      h("h2", {}, t("cases.open_at_site")),
      others.length ? list(others, "site-cases") : notice(t("cases.none_open")),
      h("h2", {}, t("cases.closed_recently")),
      list(all.filter((c) => c.status === "closed").slice(0, 10), "closed-cases"));
  },
};

function action(titleKey, save, ...fields) {
  return h("details", { class: "action" }, h("summary", {}, t(titleKey)),
    saveForm(save, ...fields, h("button", { type: "submit", class: "btn secondary" }, t(titleKey))));
}

const text = (rows = "3", max = "4000") => h("textarea", { class: "input", rows, maxlength: max });
const select = (prefix, values) => h("select", { class: "input" }, values.map((v) => h("option", { value: v }, t(`${prefix}${v}`))));

function historyLine(e) {
  const what = {
    received: () => t("cases.ev_received"),
    contact: () => t("cases.ev_contact", { matter: e.matter ?? "" }),
    hand_on: () => t("cases.ev_hand_on", { to: [e.department, e.to_name].filter(Boolean).join(" · ") }) + (e.note ? ` — ${e.note}` : ""),
    progress: () => e.text + (e.next_reply_on ? ` (${t("cases.next_reply_on")}: ${e.next_reply_on})` : ""),
    reply: () => t("cases.ev_reply", { how: t(`cases.how_${e.how}`) }) + ` ${e.text}`,
    callback: () => t(e.reached ? (e.satisfied === false ? "cases.ev_callback_unsatisfied" : "cases.ev_callback") : "cases.ev_callback_missed"),
    close: () => t("cases.ev_close") + (e.result ? ` ${e.result}` : ""),
  }[e.event];
  return h("li", { dataset: { event: e.event } },
    h("strong", {}, t(`cases.state_${e.status}`)), " · ", what ? what() : e.event, " · ",
    t("cases.by_line", { name: e.user_name || "—", time: formatDateTime(e.at) }),
    e.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null);
}

export const caseView = {
  live: true,
  async render(id) {
    const user = state.user;
    const c = (await cases(user, state.device.site.id)).find((x) => x.id === id);
    if (!c) return screen("cases.missing", notice(t("cases.missing_text")), link(t("common.back"), "#/cases", "btn tertiary"));
    const today = localDay();
    const d = due(c);
    const late = c.status === "closed" ? [] : overdue(c, today);
    const left = daysLeft(c, today);
    const status = h("div", { "aria-live": "polite" });
    const need = (el, key) => { if (!el.value.trim()) { status.replaceChildren(notice(t(key), "error")); return false; } return true; };
    const parts = [
      h("p", {}, h("span", { class: c.number ? "number" : "number provisional", "data-testid": "case-number" }, caseNumber(c)), " · ",
        h("span", { class: c.status === "closed" ? "badge ok" : "badge", "data-testid": "case-state" }, t(`cases.state_${c.status}`)),
        c.pending ? [" ", h("span", { class: "badge warn" }, t("common.not_synced"))] : null),
      c.status !== "closed" ? h("p", { class: late.length ? "notice error" : "notice info", "data-testid": "countdown" },
        late.length ? t("cases.overdue_list", { list: late.map((k) => t(`cases.deadline_${k}`)).join(", ") })
          : t("cases.days_left", { n: left, day: d.close })) : null,
      h("dl", { class: "facts" },
        h("dt", {}, t("cases.type")), h("dd", {}, t(`cases.type_${c.type}`), " · ", t(`cases.channel_${c.channel}`)),
        h("dt", {}, t("cases.person")), h("dd", {}, [t(`cases.person_${c.person}`), c.unit, c.name, c.phone].filter(Boolean).join(" · ")),
        h("dt", {}, t("cases.matter")), h("dd", { class: "entry-text" }, c.matter),
        c.place ? [h("dt", {}, t("cases.place")), h("dd", {}, c.place)] : null,
        h("dt", {}, t("cases.owner")), h("dd", { "data-testid": "case-owner" }, [c.owner?.department, c.owner?.name].filter(Boolean).join(" · ") || "—"),
        h("dt", {}, t("cases.first_owner")), h("dd", {}, c.first_owner?.name ?? "—"),
        h("dt", {}, t("cases.deadline")), h("dd", {}, d.close),
        d.next_reply ? [h("dt", {}, t("cases.next_reply_on")), h("dd", {}, d.next_reply)] : null,
        c.source ? [h("dt", {}, t("cases.source")), h("dd", { "data-testid": "case-source" }, c.source.number ?? t("cases.no_after_sync"))] : null,
        c.customer_id && isStaff(user) ? [h("dt", {}, t("cases.customer_file")), h("dd", {},
          link(t("cases.open_customer_file"), `#/cases/customer/${encodeURIComponent(c.customer_id)}`, "inline"))] : null,
        c.follows ? [h("dt", {}, t("cases.follows")), h("dd", {}, c.follows.number ?? "—")] : null,
        c.review ? [h("dt", {}, t("cases.reviewed")), h("dd", {}, c.review.user_name)] : null),
      h("h2", {}, t("cases.history")),
      h("ol", { class: "plain", "data-testid": "case-history" }, c.history.map(historyLine)),
    ];
    if (c.status !== "closed") {
      const dept = h("input", { type: "text", class: "input", maxlength: "100" });
      const to = h("input", { type: "text", class: "input", maxlength: "200" });
      const note = text("2", "2000");
      parts.push(h("h2", {}, t("cases.actions")), action("cases.hand_on", async () => {
        if (!dept.value.trim() && !to.value.trim()) return void status.replaceChildren(notice(t("cases.hand_on_required"), "error"));
        await handOn(user, c.id, { department: dept.value.trim(), to_name: to.value.trim(), note: note.value.trim() });
        toast(t("cases.saved_action"));
      }, field("cases.department", dept), field("cases.to_name", to), field("cases.hand_on_note", note)));
      const done = text();
      const nextReply = h("input", { type: "date", class: "input" });
      parts.push(action("cases.progress", async () => {
        if (!need(done, "cases.text_required")) return;
        await progress(user, c.id, { text: done.value.trim(), next_reply_on: nextReply.value || null, report: false, photos: [] });
        toast(t("cases.saved_action"));
      }, field("cases.progress_text", done), field("cases.next_reply_on", nextReply, "cases.next_reply_hint")));
      const said = text();
      const how = select("cases.how_", REPLY_HOW);
      parts.push(action("cases.reply", async () => {
        if (!need(said, "cases.text_required")) return;
        await reply(user, c.id, { text: said.value.trim(), how: how.value });
        toast(t("cases.saved_action"));
      }, field("cases.reply_text", said, "cases.reply_hint"), field("cases.how", how)));
    }
    if (isStaff(user)) {
      const reached = h("input", { type: "checkbox", class: "check", checked: true });
      const satisfied = h("input", { type: "checkbox", class: "check", checked: true });
      const issue = text("2");
      const issueType = select("cases.type_", TYPES);
      parts.push(action("cases.callback", async () => {
        const p = { reached: reached.checked, satisfied: reached.checked ? satisfied.checked : null, note: "", new_issues: [] };
        if (reached.checked && issue.value.trim()) p.new_issues = [{ type: issueType.value, matter: issue.value.trim() }];
        await callback(user, c.id, p);
        toast(t("cases.saved_action"));
      }, h("label", { class: "choice" }, reached, h("span", {}, t("cases.reached"))),
      h("label", { class: "choice" }, satisfied, h("span", {}, t("cases.satisfied"))),
      field("cases.new_issue", issue, "cases.new_issue_hint"), field("cases.type", issueType)));
      if (c.status !== "closed") {
        const result = text();
        const resp = select("cases.resp_", RESPONSIBLE);
        const respName = h("input", { type: "text", class: "input", maxlength: "200" });
        const valid = h("input", { type: "checkbox", class: "check" });
        const remedy = h("input", { type: "number", class: "input", min: "0", step: "1", inputmode: "decimal" });
        const first = c.history.every((e) => e.event === "received") && c.first_owner?.user_id === user.id;
        const firstContact = h("input", { type: "checkbox", class: "check", checked: first, disabled: !first });
        parts.push(action("cases.close", async () => {
          if (!need(result, "cases.result_required")) return;
          const p = { result: result.value.trim(), responsible: resp.value, responsible_name: respName.value.trim(),
            valid: valid.checked, first_contact: firstContact.checked, remedy_amount: Number(remedy.value || 0) };
          if (c.type === "product_complaint") p.product_class = c.product_class ?? "quality";
          await closeCase(user, c.id, p);
          toast(t("cases.saved_action"));
        }, field("cases.result", result), field("cases.responsible", resp), field("cases.responsible_name", respName),
        field("cases.remedy", remedy, "cases.remedy_hint"),
        h("label", { class: "choice" }, valid, h("span", {}, t("cases.valid"))),
        h("label", { class: "choice" }, firstContact, h("span", {}, t("cases.first_contact"))),
        c.review ? null : h("p", { class: "hint" }, t("cases.review_first"))));
      }
    }
    if (isSupervisor(user) && !c.review && !c.pending && c.author_id !== user.id) {
      parts.push(button(t("cases.review"), async () => { await review(user, c.id); toast(t("cases.saved_action")); },
        "btn secondary", { "data-testid": "review-case" }));
    }
    if (c.status === "closed") {
      const again = text();
      parts.push(action("cases.reopen", async () => {
        if (!need(again, "cases.matter_required")) return;
        await reopen(user, c.id, again.value.trim());
        toast(t("cases.saved"));
      }, field("cases.reopen_matter", again, "cases.reopen_hint")));
    }
    if (isStaff(user) && c.type === "product_repair") parts.push(repairSection(c, status));
    if (isStaff(user)) {
      const sent = await mails(user, c.id);
      if (sent.length) {
        parts.push(h("h2", {}, t("cases.mail_title")), h("ul", { class: "plain", "data-testid": "case-mails" }, sent.map((m) => h("li", { dataset: { status: m.status } },
          t("cases.mail_line", { to: m.to, status: t(`cases.mail_${m.status}`) }),
          m.status === "failed" && m.last_error ? h("span", { class: "hint" }, ` · ${m.last_error}`) : null))));
      }
      const list = await notes(user, c.id);
      const body = text("2");
      parts.push(h("h2", {}, t("cases.notes")), h("p", { class: "hint" }, t("cases.notes_hint")),
        list.length ? h("ul", { class: "plain", "data-testid": "case-notes" }, list.map((n) => h("li", {}, n.text, " · ",
          t("cases.by_line", { name: n.author_name, time: formatDateTime(n.corrected_at) })))) : null,
        action("cases.add_note", async () => {
          if (!need(body, "cases.text_required")) return;
          await addNote(user, c.id, body.value.trim());
          toast(t("cases.saved_action"));
        }, field("cases.note_text", body)));
    }
    parts.push(status, link(t("common.back"), "#/cases", "btn tertiary"));
    return screen("cases.detail_title", ...parts);
  },
};
