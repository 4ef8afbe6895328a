// The review inbox on the phone: the items the server sent (review.item), each
// with the resolution still waiting in the outbox.
import { outboxEntries } from "../../lib/outbox.js";
import { entitiesOf, time, write } from "../../lib/overlay.js";

export async function reviewItems(user) {
  const [ents, outbox] = await Promise.all([entitiesOf(user.id, "review.item"), outboxEntries()]);
  const resolving = new Map();
  for (const o of outbox) {
    if (o.mutation.kind === "review.resolve") resolving.set(o.mutation.payload.item_id, o.mutation.payload);
  }
  return ents.map((e) => ({ ...e.data, id: e.id, version: e.version, pendingResolve: resolving.get(e.id) ?? null }))
    .sort((a, b) => time(b.created_at) - time(a.created_at));
}

export const resolveReview = (user, item, resolution, note) => write(user, "review.resolve",
  { item_id: item.id, resolution, note });
