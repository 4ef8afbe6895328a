// The review inbox: the days whose records await the supervisor's countersign,
// and the conflicts and flags a supervisor settles.
import { screens } from "../../page/screens.js";
const inbox = screens(() => import("./inbox.js"));

export default {
  name: "inbox",
  routes: [
    [/^#\/inbox$/, inbox("inboxView"), "supervisor"],
    [/^#\/inbox\/day\/([^/]+)$/, inbox("dayView"), "supervisor"],
    [/^#\/inbox\/([^/]+)$/, inbox("itemView"), "supervisor"],
  ],
  tabs: [
    { id: "inbox", href: "#/inbox", label: "inbox.tab.inbox", kinds: ["review.resolve"],
      icon: "M3 13l3-8h12l3 8v6H3zM3 13h5l1 3h6l1-3h5" },
  ],
};
