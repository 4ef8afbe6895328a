// Always on screen: online or not, how many records wait and how old the
// oldest is, when the last sync succeeded, and a warning when something has
// waited more than 15 minutes while the phone was online.
import { h, clear, button } from "./ui.js";
import { t, formatAge, formatDuration, formatNumber, formatTime, reasonText } from "../lib/i18n.js";
import { outboxEntries, parkedEntries } from "../lib/outbox.js";
import { syncState } from "../lib/sync.js";
import { requestSync } from "./syncer.js";
import { state } from "./state.js";
import { getUser } from "./session.js";

export const STALE_MS = 15 * 60 * 1000;

async function pendingSummary() {
  const outbox = await outboxEntries();
  const oldest = outbox.reduce((m, e) => Math.min(m, e.created_at), Infinity);
  return { count: outbox.length, oldest: outbox.length ? oldest : null, entries: outbox };
}
let onlineSince = navigator.onLine ? Date.now() : null;
let syncing = false;
window.addEventListener("online", () => { onlineSince = Date.now(); });
window.addEventListener("offline", () => { onlineSince = null; });
export const setSyncing = (v) => { syncing = v; };

// Renders overlap (a sync ending, a write, the 15-second tick): each reads the outbox
// asynchronously, so an older one could finish last and show "1 waiting" after the sync
// had emptied it, until the next tick. Only the newest render draws.
let latest = 0;

export async function renderStatus(root) {
  const mine = ++latest;
  const [pending, sync, user, parked] = await Promise.all([
    pendingSummary(), syncState(), state.user ? getUser(state.user.id) : null, parkedEntries(),
  ]);
  if (mine !== latest) return; // a newer render started meanwhile and draws newer facts
  const now = Date.now();
  const online = navigator.onLine;
  const waitedOnline = pending.oldest != null && onlineSince != null
    ? now - Math.max(pending.oldest, onlineSince) : 0;
  const lines = [];
  if (user?.needs_login) {
    lines.push(h("p", { class: "status-warn", role: "alert" },
      t("status.sign_in_again"), " ",
      h("a", { href: "#/login", class: "status-link" }, t("status.sign_in_again_action"))));
  } else if (online && waitedOnline > STALE_MS) {
    lines.push(h("p", { class: "status-warn", role: "alert" }, t("status.stale", { age: formatDuration(waitedOnline) })));
  } else if (sync.last_error && online && sync.last_error.reason !== "token_invalid") {
    lines.push(h("p", { class: "status-note" }, t("status.sync_failed", { reason: reasonText(sync.last_error.reason) })));
  }
  if (parked.length && state.device) {  // the server did not accept these; the rest synced on
    lines.push(h("p", { class: "status-note", "data-testid": "parked-note" }, t("status.parked", { n: parked.length }), " ",
      h("a", { href: "#/settings", class: "status-link" }, t("status.parked_action"))));
  }
  clear(root).append(
    h("div", { class: "status-grid" },
      h("div", {},
        h("div", { class: "status-row" },
          h("span", { class: `status-net ${online ? "on" : "off"}`, "data-testid": "net" },
            h("span", { class: "dot", "aria-hidden": "true" }), online ? t("status.online") : t("status.offline")),
          state.device && h("span", { class: "status-pending", "data-testid": "pending", "data-count": String(pending.count) },
            pending.count
              ? t("status.pending", { n: pending.count, age: formatDuration(now - pending.oldest) })
              : t("status.all_synced"))),
        state.device && h("p", { class: "status-last", "data-testid": "last-sync" },
          sync.last_success
            ? t("status.last_sync", { time: formatTime(sync.last_success), age: formatAge(sync.last_success, now) })
            : t("status.never_synced"))),
      state.device ? button(syncing ? t("status.syncing") : t("status.sync_now", { n: formatNumber(pending.count) }),
        () => requestSync({ force: true }), "btn small", { "data-testid": "sync-now", disabled: syncing }) : null),
    ...lines);
}
