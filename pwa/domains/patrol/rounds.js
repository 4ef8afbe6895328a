// Patrol rounds: the due round(s) from the pulled schedules, starting one, and
// the round itself: scan each checkpoint, record its condition, a note and
// photos. Works offline: codes are checked against the pulled checkpoints.
import { h, screen, saveForm, notice, go, button, link, toast } from "../../page/ui.js";
import { t, formatTime, formatDuration, reasonText, language } from "../../lib/i18n.js";
import { state } from "../../page/state.js";
import { isSupervisor } from "../../page/session.js";
import { Scanner } from "../../page/scanner.js";
import { listen } from "../../lib/bus.js";
import { photoPicker, mediaSummary } from "../../page/photos.js";
import {
  setup, rounds, dueSlots, startRound, recordScan, roundLeft, drawOrder, dueOf, lookupCode, position, cpName, routeName,
} from "./data.js";

let scanner = null;
let ticker = null;
let unlisten = null;
let resumeCamera = false;

const stopAll = () => {
  scanner?.stop();
  scanner = null;
  clearInterval(ticker);
  ticker = null;
  unlisten?.();
  unlisten = null;
};

// Shared with the other patrol screens: where to go from the patrol hub.
export function patrolLinks(active) {
  const items = [
    ["#/patrol", "patrol.rounds"],
    ["#/incidents", "patrol.incident.title_list"],
    ["#/gate", "patrol.gate.title"],
    ["#/handover", "patrol.handover.title_list"],
    ["#/equipment", "patrol.equipment"], // the equipment domain's screens, under this tab
    isSupervisor(state.user) && ["#/board", "patrol.board.title"],
  ].filter(Boolean);
  return h("nav", { class: "subnav", "aria-label": t("patrol.sections") },
    h("ul", { class: "plain" }, items.map(([href, key]) => h("li", {},
      h("a", { href, class: "btn secondary", "aria-current": href === active ? "page" : null }, t(key))))));
}

function windowText(start, end, now) {
  if (now < start) return t("patrol.starts_in", { time: formatTime(start), left: formatDuration(start - now) });
  if (now <= end) return t("patrol.time_left", { left: formatDuration(end - now), time: formatTime(end) });
  return t("patrol.window_closed", { time: formatTime(end), ago: formatDuration(now - end) });
}

export const roundsView = {
  live: true,
  async render() {
    const site = state.device.site.id;
    const lang = language();
    const su = await setup(state.user, site);
    const all = await rounds(state.user, site, su);
    const photos = await mediaSummary();
    const now = Date.now();
    const cards = [];
    for (const schedule of su.schedules) {
      const route = su.routes.get(schedule.route_id);
      if (!route || !route.active) continue;
      const { due, next } = dueSlots(schedule, now);
      for (const slot of due) {
        const r = all.find((x) => x.schedule_id === schedule.id
          && x.slot_start === slot.start);
        const total = r ? r.checkpoint_ids.length : dueOf(route, su).length;
        const done = r ? total - roundLeft(r).length : 0;
        cards.push(h("li", { class: "card", dataset: { schedule: schedule.id, round: r?.id ?? "" } },
          h("span", { class: "card-head" }, h("span", {}, `${formatTime(slot.start)}–${formatTime(slot.end)}`),
            h("span", {}, schedule.name)),
          h("span", { class: "card-title" }, routeName(route, lang)),
          h("span", { class: "card-text" }, windowText(slot.start, slot.end, now)),
          h("span", { class: "card-meta" }, t("patrol.progress", { done, total })),
          r ? link(done === total ? t("patrol.view_round") : t("patrol.continue_round"), `#/patrol/round/${r.id}`, "btn")
            : button(t("patrol.start_round"), async (e) => {
              e.currentTarget.disabled = true;
              const order = schedule.random_order ? drawOrder(route, su) : null;
              const entry = await startRound(state.user, { route_id: route.id, schedule_id: schedule.id, slot_start: slot.start, order });
              toast(t("patrol.round_started"));
              go(`#/patrol/round/${entry.mutation.id}`);
            }, "btn", { "data-testid": "start-round" })));
      }
      if (!due.length && next) {
        cards.push(h("li", { class: "card" },
          h("span", { class: "card-title" }, routeName(route, lang)),
          h("span", { class: "card-text" }, t("patrol.next_round", { time: formatTime(next.start) }))));
      }
    }
    const earlier = all.filter((r) => !cards.some((c) => c.dataset.round === r.id)).slice(0, 10);
    return screen("patrol.title",
      patrolLinks("#/patrol"),
      h("h2", {}, t("patrol.due")),
      su.schedules.length ? null : notice(t("patrol.no_schedules")),
      cards.length ? h("ul", { class: "cards", "data-testid": "due-rounds" }, cards) : notice(t("patrol.nothing_due")),
      earlier.length ? [h("h2", {}, t("patrol.earlier")),
        h("ul", { class: "cards" }, earlier.map((r) => h("li", {},
          h("a", { class: "card", href: `#/patrol/round/${r.id}` },
            h("span", { class: "card-title" }, routeName(r, lang)),
            h("span", { class: "card-meta" }, `${formatTime(r.slot_start)}–${formatTime(r.slot_end)} · `,
              t("patrol.progress", { done: r.checkpoint_ids.length - roundLeft(r).length, total: r.checkpoint_ids.length }))))))] : null,
      photos.waiting ? notice(t("patrol.photos_waiting", { n: photos.waiting }), "warn") : null,
      photos.failed.length ? notice(t("patrol.photos_failed", { n: photos.failed.length, reason: reasonText(photos.failed[0].failed) }), "error") : null);
  },
};

function checkpointForm(r, cp, { code, source, where }, lang, onSaved, onCancel) {
  const name = `cond-${Math.random().toString(36).slice(2, 7)}`;
  const cond = h("fieldset", { class: "choices" },
    h("legend", {}, t("patrol.condition")),
    ["intact", "damaged"].map((c) => h("label", { class: "choice" },
      h("input", { type: "radio", name, value: c, checked: c === "intact" }),
      h("span", {}, t(`patrol.condition_${c}`)))));
  const note = h("textarea", { class: "input", rows: "3", maxlength: "2000", id: `note-${name}` });
  const photos = photoPicker({ siteId: state.device.site.id, userId: state.user.id });
  const status = h("div", { "aria-live": "polite" });
  const form = saveForm(async () => {
    const condition = cond.querySelector("input:checked")?.value ?? "intact";
    if (condition === "damaged" && !note.value.trim()) {
      return void status.replaceChildren(notice(t("patrol.damage_needs_note"), "error"));
    }
    await recordScan(state.user, {
      round_id: r.id, code, condition, note: note.value.trim(), photos: photos.value(), source, where: await where,
    });
    toast(t("patrol.checkpoint_saved", { name: cpName(cp, lang) }));
    onSaved();
  },
  h("h2", {}, cpName(cp, lang)),
  h("dl", { class: "facts" },
    h("dt", {}, t("patrol.where")), h("dd", {}, cp.location || "—"),
    h("dt", {}, t("patrol.what_to_check")), h("dd", {}, cp.checks || "—")),
  cond,
  h("div", { class: "field" }, h("label", { for: note.id }, t("patrol.note")), note),
  photos,
  status,
  h("button", { type: "submit", class: "btn" }, t("patrol.save_checkpoint")),
  button(t("common.cancel"), onCancel, "btn tertiary"));
  form.classList.add("checkpoint-form");
  form.setAttribute("data-testid", "checkpoint-form");
  form.dataset.checkpoint = cp.id;
  return form;
}

export const roundView = {
  async render(id) {
    stopAll();
    const site = state.device.site.id;
    const lang = language();
    const su = await setup(state.user, site);
    const r = (await rounds(state.user, site, su)).find((x) => x.id === id);
    if (!r) return screen("patrol.round_missing", notice(t("patrol.round_missing_text")), link(t("common.back"), "#/patrol"));
    const left = roundLeft(r);
    const total = r.checkpoint_ids.length;
    const timeLine = h("p", { class: "window", "data-testid": "time-left" }, windowText(r.slot_start, r.slot_end, Date.now()));
    ticker = setInterval(() => { timeLine.textContent = windowText(r.slot_start, r.slot_end, Date.now()); }, 15000);
    const message = h("div", { "aria-live": "assertive", "data-testid": "scan-message" });
    // This screen keeps its scanner and form open, so only the "not yet synced" line follows the outbox.
    const syncNote = h("div", {}, r.pending || r.pendingScans ? notice(t("patrol.not_synced")) : null);
    unlisten = listen(async (msg) => {
      if (msg.what !== "outbox" && msg.what !== "entities") return;
      const now = (await rounds(state.user, site, await setup(state.user, site))).find((x) => x.id === id);
      syncNote.replaceChildren(now && (now.pending || now.pendingScans) ? notice(t("patrol.not_synced")) : "");
    });
    const formHolder = h("div", {});
    const scannerHolder = h("div", {});
    const again = () => { resumeCamera = true; go(location.hash); };
    scanner = new Scanner({
      manualLabelKey: "patrol.manual_label",
      onCode: async (text, { source } = {}) => {
        const found = await lookupCode(su, text);
        if (!found.cp) {
          message.replaceChildren(notice(reasonText(found.reason), "error"));
          return false;
        }
        const { cp } = found;
        if (r.scanned[cp.id]) {
          // A deliberate repeat is sent as a fact (the server notes it on the first scan, counted once).
          message.replaceChildren(notice(t("patrol.already_done", { name: cpName(cp, lang) }), "warn"),
            button(t("patrol.record_repeat"), async (e) => {
              e.currentTarget.disabled = true;
              await recordScan(state.user, { round_id: r.id, code: text, condition: "intact", note: "", photos: [],
                source: source === "camera" ? "camera" : "typed", where: await position() });
              message.replaceChildren(notice(t("patrol.repeat_recorded", { name: cpName(cp, lang) }), "ok"));
            }, "btn secondary", { "data-testid": "record-repeat" }));
          return false;
        }
        if (!r.checkpoint_ids.includes(cp.id)) {
          message.replaceChildren(notice(t("patrol.not_on_route", { name: cpName(cp, lang) }), "warn"));
        } else {
          message.replaceChildren();
        }
        scanner?.stop();
        scannerHolder.hidden = true;
        const how = source === "camera" ? "camera" : "typed";
        const where = position(); // asked while the guard fills in the form
        formHolder.replaceChildren(checkpointForm(r, cp, { code: text, source: how, where }, lang, again, () => {
          formHolder.replaceChildren();
          scannerHolder.hidden = false;
        }));
        formHolder.querySelector("h2")?.setAttribute("tabindex", "-1");
        formHolder.querySelector("h2")?.focus();
        return true;
      },
    });
    scannerHolder.append(scanner.el);
    if (resumeCamera && left.length) {
      resumeCamera = false;
      setTimeout(() => scanner?.start(), 0);
    }
    resumeCamera = false;
    const rows = r.checkpoint_ids.map((cid, i) => {
      const cp = su.byId.get(cid);
      const done = Boolean(r.scanned[cid]);
      return h("li", { class: done ? "cp done" : "cp", dataset: { checkpoint: cid, done: done ? "1" : "0" } },
        h("span", { class: "cp-mark", "aria-hidden": "true" }, done ? "✓" : r.ordered ? String(i + 1) : "○"),
        h("span", {}, cpName(cp, lang), " ",
          h("span", { class: "visually-hidden" }, done ? t("patrol.done") : t("patrol.to_do"))));
    });
    return screen("patrol.round_title",
      h("p", { class: "card-title" }, routeName(r, lang), ` · ${formatTime(r.slot_start)}–${formatTime(r.slot_end)}`),
      h("p", { class: "progress-line", "data-testid": "progress", dataset: { done: String(total - left.length), total: String(total) } },
        t("patrol.progress", { done: total - left.length, total })),
      h("progress", { max: String(total), value: String(total - left.length), "aria-label": t("patrol.progress_label") }),
      timeLine,
      r.ordered ? h("p", { class: "hint" }, t("patrol.in_order")) : null,
      h("ol", { class: "plain checkpoints", "data-testid": "checkpoints" }, rows),
      left.length ? h("p", {}, t("patrol.left", { names: left.map((c) => cpName(su.byId.get(c), lang)).join(", ") }))
        : notice(t("patrol.round_complete"), "ok"),
      syncNote,
      message,
      formHolder,
      left.length ? scannerHolder : null,
      link(t("common.back"), "#/patrol", "btn tertiary"));
  },
  leave() { stopAll(); },
};
