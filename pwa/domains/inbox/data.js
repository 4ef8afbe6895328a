// The review inbox on the phone: the items the server sent (review.item), each
// with the resolution still waiting in the outbox.
import { overlay, fromEntity, reviews, review, time, write } from "../../lib/overlay.js";

export async function reviewItems(user) {
  const all = await overlay(user, {
    kinds: ["review.item"],
    entity: (e) => ({ ...fromEntity(e), pendingResolve: null }),
    updates: { "review.resolve": [(p) => p.item_id, (item, o) => { item.pendingResolve = o.mutation.payload; }] },
  });
  return all.sort((a, b) => time(b.created_at) - time(a.created_at));
}

export const resolveReview = (user, item, resolution, note) => write(user, "review.resolve",
  { item_id: item.id, resolution, note });

// Days of this site with records awaiting a supervisor's countersign (the
// server's record.day tallies, pulled by supervisors so this works offline).
export async function awaitingDays(user, site) {
  const days = await overlay(user, { kinds: ["record.day"], site });
  return days.filter((d) => d.awaiting > 0).sort((a, b) => a.day.localeCompare(b.day));
}

export async function awaitingDay(user, site, day) {
  return (await awaitingDays(user, site)).find((d) => d.day === day) ?? null;
}

// The records of each of `kinds` written on `day` that await a countersign, with
// the countersigns still on this phone (rec.pendingReview): {kind: [records]}.
export async function dayRecords(user, site, day, kinds) {
  const lists = await Promise.all(kinds.map((kind) => overlay(user, {
    kinds: [kind], site, updates: { "record.review": reviews(kind) },
  })));
  return Object.fromEntries(kinds.map((kind, i) => [kind,
    lists[i].filter((r) => r.day === day && !r.review).sort((a, b) => time(a.device_at) - time(b.device_at))]));
}

export { review as countersignRecords };
