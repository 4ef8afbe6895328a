"""Serve the installable app (pwa/) at the site root.

The shell is served at "/" itself, never through a redirect: a service worker
that caches a redirected response cannot reload the app offline. Every file is
sent with `Cache-Control: no-cache` so the service worker's precache (which also
asks with `cache: "reload"`) always sees the deployed bytes; the worker, not the
HTTP cache, is what makes the app work offline.
"""
from pathlib import Path

from flask import Blueprint, abort, send_from_directory

PWA = Path(__file__).resolve().parent.parent / "pwa"
NODE_MODULES = PWA / "node_modules"

# /vendor/<name> -> the one file from node_modules it stands for. Only these are
# reachable: node_modules is never served as a directory.
VENDOR = {
    "barcode-detector/ponyfill.js": "barcode-detector/dist/es/ponyfill.js",
    "barcode-detector/zxing-exported.js": "barcode-detector/dist/es/zxing-exported.js",
    "zxing-wasm/zxing_reader.wasm": "zxing-wasm/dist/reader/zxing_reader.wasm",
}

MIMETYPES = {
    ".js": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".html": "text/html",
}

bp = Blueprint("web", __name__)


def _send(directory: Path, name: str):
    mimetype = MIMETYPES.get(Path(name).suffix)
    if mimetype is None:
        abort(404)
    resp = send_from_directory(directory, name, mimetype=mimetype, max_age=0)
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


@bp.get("/")
def shell():
    """The app shell."""
    return _send(PWA, "index.html")


@bp.get("/sw.js")
def service_worker():
    """The service worker, allowed to control the whole origin."""
    resp = _send(PWA, "sw.js")
    resp.headers["Service-Worker-Allowed"] = "/"
    return resp


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest."""
    return _send(PWA, "manifest.webmanifest")


@bp.get("/page/<path:name>")
def page_file(name):
    """Code that runs in the page."""
    return _send(PWA / "page", name)


@bp.get("/lib/<path:name>")
def lib_file(name):
    """Code shared by the page and the service worker, and the i18n catalogs."""
    return _send(PWA / "lib", name)


@bp.get("/domains/<path:name>")
def domain_file(name):
    """Each domain's phone screens, data module and catalogs (pwa/domains/<name>/)."""
    return _send(PWA / "domains", name)


@bp.get("/icons/<path:name>")
def icon(name):
    """App icons."""
    return _send(PWA / "icons", name)


@bp.get("/vendor/<path:name>")
def vendor(name):
    """The QR decoder (barcode-detector polyfill and its ZXing wasm) from node_modules."""
    target = VENDOR.get(name)
    if target is None:
        abort(404)
    path = NODE_MODULES / target
    return _send(path.parent, path.name)
