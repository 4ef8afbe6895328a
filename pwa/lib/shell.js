// Files the service worker precaches: everything the app needs to start and to
// scan with no network. The ZXing wasm is fetched lazily by the page but is
// precached too, so the first scan can happen offline.
export const SHELL_FILES = [
  "/",
  "/manifest.webmanifest",
  "/page/app.css",
  "/page/app.js",
  "/page/ui.js",
  "/page/state.js",
  "/page/session.js",
  "/page/device.js",
  "/page/scanner.js",
  "/page/feedback.js",
  "/page/statusbar.js",
  "/page/records.js",
  "/page/syncer.js",
  "/page/views/onboarding.js",
  "/page/views/login.js",
  "/page/views/unlock.js",
  "/page/views/log.js",
  "/page/views/entry.js",
  "/page/views/inbox.js",
  "/page/views/scan.js",
  "/page/views/settings.js",
  "/lib/version.js",
  "/lib/shell.js",
  "/lib/canonical.js",
  "/lib/db.js",
  "/lib/uuid7.js",
  "/lib/api.js",
  "/lib/outbox.js",
  "/lib/bus.js",
  "/lib/sync.js",
  "/lib/i18n.js",
  "/lib/i18n/en.json",
  "/lib/i18n/zh-Hant.json",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-192.png",
  "/icons/maskable-512.png",
  "/icons/apple-touch-icon.png",
  "/vendor/barcode-detector/ponyfill.js",
  "/vendor/barcode-detector/zxing-exported.js",
];

// Loaded only when the camera opens and the browser has no native QR support.
export const ZXING_WASM_URL = "/vendor/zxing-wasm/zxing_reader.wasm";
export const LAZY_FILES = [ZXING_WASM_URL];
