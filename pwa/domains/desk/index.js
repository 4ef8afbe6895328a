// The front desk: passes issued and revoked at the desk (a phone or the counter's
// screen), and the guard's pass check at the gate, offline.
import * as desk from "./desk.js";
import * as gatecheck from "./gatecheck.js";

export default {
  name: "desk",
  routes: [
    [/^#\/desk$/, desk.deskView, "ready"],
    [/^#\/desk\/pass\/new$/, desk.newPassView, "ready"],
    [/^#\/desk\/pass\/([^/]+)$/, desk.passView, "ready"],
    [/^#\/desk\/gate$/, gatecheck.gateCheckView, "ready"],
  ],
  tabs: [
    { id: "desk", href: "#/desk", label: "desk.tab.desk", kinds: ["pass.issue"],
      match: /^#\/desk(\/pass.*)?$/,
      icon: "M4 5h16v14H4zM8 9h8M8 13h5M15 15l2 2" },
    { id: "passcheck", href: "#/desk/gate", label: "desk.tab.gate", kinds: ["pass.scan"],
      match: /^#\/desk\/gate$/,
      icon: "M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4M9 12l2 2 4-4" },
  ],
};
