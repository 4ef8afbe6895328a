// Records at a desk: every record kind the user's role may read, listed with filters,
// paged, exported as CSV, and each record's history (online; backend/records/listing.py).
import { screens } from "../../page/screens.js";
const desk = screens(() => import("./desk.js"));

export default {
  name: "records",
  routes: [
    [/^#\/records(?:\?.*)?$/, desk("listView"), "ready"],
    [/^#\/records\/([^/?]+)\/([^/?]+)$/, desk("historyView"), "ready"],
  ],
  tabs: [
    // Shown to every role that pulls one of the kinds listed at a desk.
    { id: "records", href: "#/records", label: "records.tab",
      kinds: ["log.entry", "gate.visit", "patrol.round", "incident", "handover", "case", "pass", "mail",
        "packing.order", "packing.box", "equipment.check", "review.item"],
      icon: "M6 3h9l3 3v15H6zM9 9h6M9 13h6M9 17h4" },
  ],
};
