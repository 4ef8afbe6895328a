// The one version string of the app: the page shows it and the service worker
// names its cache after it. Bump it with every change to a precached file.
export const VERSION = "2026.11.27-1";
export const CACHE_PREFIX = "gatehouse-shell-";
export const CACHE_NAME = `${CACHE_PREFIX}${VERSION}`;
