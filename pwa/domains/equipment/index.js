// Equipment: the register floor by floor, scanning a label, an item's checklist.
import * as equipment from "./equipment.js";

export default {
  name: "equipment",
  routes: [
    [/^#\/equipment$/, equipment.listView, "ready"],
    [/^#\/equipment\/scan$/, equipment.scanView, "ready"],
    [/^#\/equipment\/check\/([^/]+)$/, equipment.checkView, "ready"],
  ],
  tabs: [
    { id: "equipment", href: "#/equipment", label: "equipment.tab", kinds: ["equipment.item", "equipment.check"],
      icon: "M9 3h6v3H9zM8 6h8l1 3v11a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V9zM10 13h4M12 11v4" },
  ],
};
