// Equipment: the register floor by floor, scanning a label, an item's checklist.
// Reached from the patrol tab's sections (its tab matches #/equipment).
import { screens } from "../../page/screens.js";
const equipment = screens(() => import("./equipment.js"));

export default {
  name: "equipment",
  routes: [
    [/^#\/equipment$/, equipment("listView"), "ready"],
    [/^#\/equipment\/scan$/, equipment("scanView"), "ready"],
    [/^#\/equipment\/check\/([^/]+)$/, equipment("checkView"), "ready"],
  ],
  // No tab of its own (the bar is full): the patrol tab covers #/equipment and links to it.
  tabs: [],
};
