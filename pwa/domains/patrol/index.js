// Patrol: rounds, incidents, the gate log, handovers and the supervisor's board,
// all under one tab (their sub-navigation is patrolLinks in rounds.js).
import { screens } from "../../page/screens.js";
const rounds = screens(() => import("./rounds.js"));
const incident = screens(() => import("./incident.js"));
const gate = screens(() => import("./gate.js"));
const handover = screens(() => import("./handover.js"));
const board = screens(() => import("./board.js"));

export default {
  name: "patrol",
  routes: [
    [/^#\/patrol$/, rounds("roundsView"), "ready"],
    [/^#\/patrol\/round\/([^/]+)$/, rounds("roundView"), "ready"],
    [/^#\/incidents$/, incident("incidentsView"), "ready"],
    [/^#\/incidents\/new$/, incident("newIncidentView"), "ready"],
    [/^#\/incidents\/([^/]+)$/, incident("incidentView"), "ready"],
    [/^#\/gate$/, gate("gateView"), "ready"],
    [/^#\/gate\/visitor$/, gate("visitorView"), "ready"],
    [/^#\/gate\/vehicle$/, gate("vehicleView"), "ready"],
    [/^#\/gate\/refuse$/, gate("refuseView"), "ready"],
    [/^#\/gate\/record\/([^/]+)$/, gate("recordView"), "ready"],
    [/^#\/gate\/record\/([^/]+)\/amend$/, gate("amendRecordView"), "ready"],
    [/^#\/handover$/, handover("handoversView"), "ready"],
    [/^#\/handover\/new$/, handover("newHandoverView"), "ready"],
    [/^#\/handover\/([^/]+)$/, handover("handoverView"), "ready"],
    [/^#\/board$/, board("boardView"), "supervisor"],
  ],
  tabs: [
    { id: "patrol", href: "#/patrol", label: "patrol.tab.patrol",
      // The front desk also writes handovers and incidents, from its own tab
      // (desk/shift.js): the patrol tab is for whoever patrols.
      kinds: ["patrol.round", "gate.visit", "gate.vehicle"],
      match: /^#\/(patrol|incidents|gate|handover|board|equipment)(\/|$)/,
      icon: "M12 3l7 3v5c0 5-3 8-7 10-4-2-7-5-7-10V6zM9 12l2 2 4-4" },
  ],
  // How this domain's record kinds show in the shared inbox (a day's countersign).
  records: {
    "gate.visit": { title: (r) => r.name || "—", href: (r) => `#/gate/record/${encodeURIComponent(r.id)}` },
    "gate.vehicle": { title: (r) => r.plate, href: (r) => `#/gate/record/${encodeURIComponent(r.id)}` },
    "patrol.round": { title: (r) => r.route_name ?? "", href: (r) => `#/patrol/round/${encodeURIComponent(r.id)}` },
    incident: { title: (r) => (r.description ?? "").slice(0, 60), href: (r) => `#/incidents/${encodeURIComponent(r.id)}` },
    // As backend/patrol/handover.py: neither signer countersigns it, and one never
    // taken over is countersigned only with a note.
    handover: {
      title: (r) => r.outgoing?.user_name ?? "", href: (r) => `#/handover/${encodeURIComponent(r.id)}`,
      signers: (r) => [r.outgoing?.user_id, r.incoming?.user_id], needsNote: (r) => r.status !== "accepted",
    },
  },
};
