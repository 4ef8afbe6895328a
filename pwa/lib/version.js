// The one version string of the app: the page shows it and the service worker
// names its cache after it. It is a digest of every precached file, written by
// pwa/tools/stamp_version.py (tests/browser/test_web.py fails when it is stale).
export const VERSION = "923097090cb1";
export const CACHE_PREFIX = "gatehouse-shell-";
export const CACHE_NAME = `${CACHE_PREFIX}${VERSION}`;
