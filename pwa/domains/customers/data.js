// Customer files on the phone (backend/customers): the pulled `customer` records with
// this phone's registrations and corrections laid over them, and what other domains
// hold about a customer, read as records by its id (orders, cases, the service
// side's profile), each only where this user pulls it. Offline throughout.
import { overlay, amends, amend } from "../../lib/overlay.js";

// The site's customer files, by name.
export async function customers(user, site) {
  const all = await overlay(user, { kinds: ["customer"], site,
    creates: { "customer.register": (o) => ({ ...o.mutation.payload, id: o.mutation.id, space: o.mutation.space,
      author_id: o.mutation.user_id, pending: true }) },
    updates: { "record.amend": amends("customer") } });
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

export const customer = async (user, id) => (await customers(user, null)).find((c) => c.id === id) ?? null;

// Does a file match what was typed in the search box: its name, phone or email, any case?
export function matches(c, query) {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if ([c.name, c.email].some((s) => (s ?? "").toLowerCase().includes(q))) return true;
  // A phone number typed with or without its spaces and dashes.
  const digits = q.replace(/[^0-9]/g, "");
  return /^[0-9 +()-]+$/.test(q) && digits.length > 0 && (c.phone ?? "").replace(/[^0-9]/g, "").includes(digits);
}

// The customer's orders (packing.order, pulled by whoever takes orders), newest first;
// one entered here and not synced yet has no number and its time of entry.
export async function ordersOf(user, id) {
  const all = await overlay(user, { kinds: ["packing.order"], creates: { "order.create": (o) => ({
    id: o.mutation.id, number: null, customer_id: o.mutation.payload.customer_id, status: "open",
    corrected_at: o.mutation.occurred_at, pending: true }) } });
  return all.filter((o) => o.customer_id === id).sort((a, b) => (b.corrected_at ?? 0) - (a.corrected_at ?? 0));
}

// The customer's cases (as pulled): the desk and supervisors follow them.
export async function casesOf(user, id) {
  return (await overlay(user, { kinds: ["case"] })).filter((c) => c.customer_id === id)
    .sort((a, b) => (b.accepted_at ?? 0) - (a.accepted_at ?? 0));
}

// The service side's profile (customer.profile: the desk and supervisors pull it), or null.
export async function profileOf(user, id) {
  return (await overlay(user, { kinds: ["customer.profile"] })).find((p) => p.id === id) ?? null;
}

// What a correction may change (backend/customers/customers.py CustomerChangesIn).
export const AMENDABLE = ["name", "phone", "address", "email", "shipping"];
export const amendCustomer = (user, rec, changes, reason) => amend(user, "customer", rec, changes, reason);
