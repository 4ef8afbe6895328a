// Customer files (客戶檔案): the site's customers for packers, the front desk and
// supervisors, never guards (the tab and the screens follow who pulls `customer`).
import { screens } from "../../page/screens.js";
const files = screens(() => import("./files.js"));

export default {
  name: "customers",
  routes: [
    [/^#\/customers$/, files("listView"), "ready"],
    [/^#\/customers\/([^/]+)$/, files("fileView"), "ready"],
    [/^#\/customers\/([^/]+)\/amend$/, files("amendView"), "ready"],
  ],
  tabs: [
    { id: "customers", href: "#/customers", label: "customers.tab", kinds: ["customer"],
      icon: "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a7 7 0 0 1 14 0v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a7 7 0 0 0-4-6.3" },
  ],
};
