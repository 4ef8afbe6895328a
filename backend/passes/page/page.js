// The pass page keeps working offline: its service worker keeps the last copy.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/pass/sw.js", { scope: "/pass/" }).catch(() => {});
}
