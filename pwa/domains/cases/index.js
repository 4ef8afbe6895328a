// Cases: complaints, repair requests and requests for help. Anyone on duty
// registers one offline and owns it first; the case screen hands it on,
// records progress and the reply, and (desk, supervisors) calls back and closes.
import { screens, later } from "../../page/screens.js";
const list = screens(() => import("./cases.js"));
const intake = screens(() => import("./intake.js"));
const stats = screens(() => import("./stats.js"));
const plan = screens(() => import("./plan.js"));
const customer = screens(() => import("./customer.js"));
const attention = () => import("./attention.js");

export default {
  name: "cases",
  routes: [
    [/^#\/cases$/, list("casesView"), "ready"],
    [/^#\/cases\/new$/, intake("newCaseView"), "ready"],
    [/^#\/cases\/new\/from\/([^/]+)\/([^/]+)$/, intake("newCaseView"), "ready"],
    [/^#\/cases\/customer\/([^/]+)$/, customer("customerView"), "ready"],
    [/^#\/cases\/plan$/, plan("planView"), "ready"],
    [/^#\/cases\/plan\/([^/]+)$/, plan("planCallView"), "ready"],
    [/^#\/cases\/stats$/, stats("statsView"), "ready"],
    [/^#\/cases\/stats\/(\d{4}-\d{2})$/, stats("statsView"), "ready"],
    [/^#\/cases\/([^/]+)$/, list("caseView"), "ready"],
  ],
  tabs: [
    { id: "cases", href: "#/cases", label: "cases.tab", kinds: ["case", "case.open"],
      icon: "M4 5h16v11H8l-4 4zM8 9h8M8 12h5" },
  ],
  // Overdue cases stand out on the supervisor's board and in the review inbox (page/sections.js).
  sections: {
    board: [{ id: "overdue-cases", title: "cases.section_overdue", items: later(attention, "overdueOnServer") }],
    inbox: [{ id: "overdue-cases", title: "cases.section_overdue", items: later(attention, "overdueHere") }],
  },
};
