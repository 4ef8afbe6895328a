// The duty log on the phone: the log, one entry (write, amend, countersign) and
// the quick checkpoint scan that logs a patrol entry.
import { screens } from "../../page/screens.js";
const log = screens(() => import("./log.js"));
const entry = screens(() => import("./entry.js"));
const scan = screens(() => import("./scan.js"));

export default {
  name: "dutylog",
  routes: [
    [/^#\/log$/, log("logView"), "ready"],
    [/^#\/log\/new$/, entry("newEntryView"), "ready"],
    [/^#\/log\/([^/]+)$/, entry("entryView"), "ready"],
    [/^#\/log\/([^/]+)\/amend$/, entry("amendView"), "ready"],
    [/^#\/scan$/, scan("scanView"), "ready"],
  ],
  tabs: [
    { id: "log", href: "#/log", label: "dutylog.tab.log", kinds: ["log.entry"],
      icon: "M6 3h9l3 3v15H6zM9 9h6M9 13h6M9 17h4" },
    { id: "scan", href: "#/scan", label: "dutylog.tab.scan", kinds: ["log.entry"],
      icon: "M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4M7 12h10" },
  ],
  // How a log entry shows in the shared inbox (a day's countersign).
  records: {
    "log.entry": { title: (r) => (r.text ?? "").slice(0, 60), href: (r) => `#/log/${encodeURIComponent(r.id)}` },
  },
};
