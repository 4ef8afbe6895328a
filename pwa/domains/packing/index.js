// Packing on the phone: the orders, counting one pack one tick one with the
// camera, signing, sealing with a signed label, the seal registry, and the arrival check that any
// phone of the site can make offline.
import { screens, later } from "../../page/screens.js";
const orders = screens(() => import("./orders.js"));
const count = screens(() => import("./count.js"));
const check = screens(() => import("./check.js"));
const entry = screens(() => import("./entry.js"));
const seals = screens(() => import("./seals.js"));

export default {
  name: "packing",
  routes: [
    [/^#\/packing$/, orders("ordersView"), "ready"],
    [/^#\/packing\/order\/([^/]+)$/, count("countView"), "ready"],
    [/^#\/packing\/check$/, check("checkView"), "ready"],
    [/^#\/packing\/new-customer$/, entry("customerView"), "ready"],
    [/^#\/packing\/new-order\/?([^/]*)$/, entry("newOrderView"), "ready"],
    [/^#\/packing\/import$/, entry("importView"), "ready"],
    [/^#\/packing\/seals$/, seals("sealsView"), "ready"],
  ],
  tabs: [
    // One tab (the tab bar is full): the arrival check is a button on the orders screen.
    { id: "packing", href: "#/packing", label: "packing.tab.packing", kinds: ["packing.tick"],
      icon: "M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10" },
  ],
  // Orders past their latest picking time stand out on the supervisor's board (page/sections.js).
  sections: {
    board: [{ id: "overdue-orders", title: "packing.section_overdue", items: later(() => import("./orders.js"), "overdueOnServer") }],
  },
};
