// The domains the phone shows, in tab order: one import line and one entry each.
// Each domain's folder holds its index.js ({ name, routes, tabs }), its views,
// its data module (through lib/overlay.js) and its catalogs (i18n/).
import dutylog from "./dutylog/index.js";
import patrol from "./patrol/index.js";
import equipment from "./equipment/index.js";
import inbox from "./inbox/index.js";
import cases from "./cases/index.js";
import desk from "./desk/index.js";
import packing from "./packing/index.js";
import customers from "./customers/index.js";
import setup from "./setup/index.js";
import records from "./records/index.js";

// The tab bar holds four (page/nav.js): a supervisor's inbox comes before the rest.
export const DOMAINS = [
  dutylog,
  patrol,
  inbox,
  cases,
  packing,
  equipment,
  desk,
  customers,
  setup,
  records,
];
