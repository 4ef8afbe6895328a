// The front desk: passes issued and revoked at the desk (a phone or the counter's
// screen), and the guard's pass check at the gate, offline.
import { screens } from "../../page/screens.js";
import { state } from "../../page/state.js";

const desk = screens(() => import("./desk.js"));
const gatecheck = screens(() => import("./gatecheck.js"));
const mail = screens(() => import("./mail.js"));
const shift = screens(() => import("./shift.js"));

// One tab for both: a guard's "Passes" opens the gate check, the desk's its passes.
const deskView = desk("deskView");
const gateCheckView = gatecheck("gateCheckView");
const DESK_ROLES = ["frontdesk", "supervisor", "admin"];
const passesView = {
  get live() { return DESK_ROLES.includes(state.user?.role); },
  render() {
    return (DESK_ROLES.includes(state.user?.role) ? deskView : gateCheckView).render();
  },
  leave() { gateCheckView.leave(); },
};

export default {
  name: "desk",
  routes: [
    [/^#\/desk$/, passesView, "ready"],
    [/^#\/desk\/pass\/new$/, desk("newPassView"), "ready"],
    [/^#\/desk\/pass\/([^/]+)$/, desk("passView"), "ready"],
    [/^#\/desk\/permit\/new$/, desk("newPermitView"), "ready"],
    [/^#\/desk\/permit\/([^/]+)$/, desk("permitView"), "ready"],
    [/^#\/desk\/gate$/, gateCheckView, "ready"],
    [/^#\/desk\/mail$/, mail("mailView"), "ready"],
    [/^#\/desk\/mail\/new$/, mail("newMailView"), "ready"],
    [/^#\/desk\/mail\/([^/]+)$/, mail("mailItemView"), "ready"],
    [/^#\/desk\/shift$/, shift("shiftView"), "ready"],
    [/^#\/desk\/shift\/new$/, shift("newShiftView"), "ready"],
    [/^#\/desk\/shift\/([^/]+)$/, shift("shiftItemView"), "ready"],
    [/^#\/desk\/leave\/new$/, shift("newLeaveView"), "ready"],
    [/^#\/desk\/leave\/([^/]+)$/, shift("leaveItemView"), "ready"],
    [/^#\/desk\/incident$/, shift("incidentView"), "ready"],
    [/^#\/desk\/rollcall$/, shift("rollCallView"), "ready"],
    [/^#\/desk\/checklist$/, shift("checklistView"), "supervisor"],
  ],
  tabs: [
    { id: "desk", href: "#/desk", label: "desk.tab.desk", kinds: ["pass.issue", "pass.scan"],
      match: /^#\/desk(\/|$)/,
      icon: "M4 5h16v14H4zM8 9h8M8 13h5M15 15l2 2" },
  ],
};
