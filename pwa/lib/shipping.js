// How goods leave the warehouse: the carriers it ships by (the server's default list,
// backend/packing/kinds.py DEFAULT_CARRIERS) and, as a customer's choice, collecting
// in person (backend/customers/customers.py SHIPPING). One list and one set of words
// for the packing screens and the customer files.
import { t } from "./i18n.js";

export const CARRIERS = ["China Railway Express", "SF Express", "STO Express", "Road freight"];
export const SHIPPING = ["self_collect", ...CARRIERS];

// The catalog key of a known method ("SF Express" -> "shipping.sf_express").
export const shippingKey = (s) => `shipping.${String(s).toLowerCase().replace(/[^a-z]+/g, "_")}`;

// What a person reads: a known method in their language; a site's own carrier as written.
export const shippingText = (s) => (SHIPPING.includes(s) ? t(shippingKey(s)) : s || "—");
