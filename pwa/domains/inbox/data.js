// The review inbox on the phone: the items the server sent (review.item), each
// with the resolution still waiting in the outbox.
import { overlay, fromEntity, time, write } from "../../lib/overlay.js";

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
