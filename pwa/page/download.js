// A file the server makes (PDF, CSV) fetched with the user's sign-in and handed to the
// browser as a download: the token never goes into a URL. Errors show in `status`.
import { h, notice } from "./ui.js";
import { t, reasonText } from "../lib/i18n.js";
import { state } from "./state.js";

// Fetch `path` with both tokens (a sign-in is bound to this phone) and save it as `name`;
// throws Error(reason) when the server refuses, TypeError when there is no network.
export async function saveFile(path, name) {
  const resp = await fetch(path, {
    headers: { Authorization: `Bearer ${state.user.token}`, "X-Device-Token": state.device.device_token }, cache: "no-store",
  });
  if (!resp.ok) throw new Error((await resp.json().catch(() => ({}))).reason ?? "server_error");
  const url = URL.createObjectURL(await resp.blob());
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export async function download(path, name, status) {
  status.replaceChildren(notice(t("common.downloading")));
  try {
    await saveFile(path, name);
    status.replaceChildren(notice(t("common.downloaded", { name })));
  } catch (err) {
    status.replaceChildren(notice(reasonText(navigator.onLine ? err.message : "offline"), "error"));
  }
}
