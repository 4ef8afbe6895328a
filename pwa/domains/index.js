// The domains the phone shows, in tab order: one import line and one entry each.
// Each domain's folder holds its index.js ({ name, routes, tabs }), its views,
// its data module (through lib/overlay.js) and its catalogs (i18n/).
import dutylog from "./dutylog/index.js";
import patrol from "./patrol/index.js";
import equipment from "./equipment/index.js";
import inbox from "./inbox/index.js";

export const DOMAINS = [
  dutylog,
  patrol,
  equipment,
  inbox,
];
