// Set-up (supervisors and administrators, online): checkpoints and their labels,
// routes, schedules with a preview of the next day's slots, posts and their handover
// checklists, the site (and, for administrators, new sites), its people,
// and the change log every change writes to (who, when, why, version).
// Laid out for a 1280 x 800 desk screen as well as a phone.
import { screens } from "../../page/screens.js";
const checkpoints = screens(() => import("./checkpoints.js"));
const rounds = screens(() => import("./rounds.js"));
const people = screens(() => import("./people.js"));
const changes = screens(() => import("./changes.js"));
const posts = screens(() => import("./posts.js"));

export default {
  name: "setup",
  routes: [
    [/^#\/setup$/, checkpoints("checkpointsView"), "supervisor"],
    [/^#\/setup\/checkpoints$/, checkpoints("checkpointsView"), "supervisor"],
    [/^#\/setup\/checkpoints\/([^/]+)$/, checkpoints("checkpointView"), "supervisor"],
    [/^#\/setup\/routes$/, rounds("routesView"), "supervisor"],
    [/^#\/setup\/schedules$/, rounds("schedulesView"), "supervisor"],
    [/^#\/setup\/posts$/, posts("postsView"), "supervisor"],
    [/^#\/setup\/site$/, people("siteView"), "supervisor"],
    [/^#\/setup\/users$/, people("usersView"), "supervisor"],
    [/^#\/setup\/changes$/, changes("changesView"), "supervisor"],
    [/^#\/setup\/changes\/([^/]+)$/, changes("changesView"), "supervisor"],
  ],
  // Shown to those who read the days awaiting review: supervisors and administrators.
  tabs: [
    { id: "setup", href: "#/setup", label: "setup.tab", kinds: ["record.day"],
      icon: "M12 8a4 4 0 100 8 4 4 0 000-8zM3 12h3M18 12h3M12 3v3M12 18v3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1" },
  ],
};
