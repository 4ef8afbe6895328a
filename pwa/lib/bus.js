// Change notices between the sync client, the service worker and every open tab.
// BroadcastChannel also delivers to other channel objects in the same context.
const sender = typeof BroadcastChannel === "function" ? new BroadcastChannel("gatehouse") : null;

export function notify(what, detail = null) {
  sender?.postMessage({ type: "changed", what, detail });
}

export function listen(fn) {
  if (typeof BroadcastChannel !== "function") return () => {};
  const ch = new BroadcastChannel("gatehouse");
  ch.onmessage = (e) => fn(e.data);
  return () => ch.close();
}
