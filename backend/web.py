"""Serve the installable app (pwa/) at the site root, through WhiteNoise.

What is served is a build of pwa/ (`build()`): the shell (index.html, served at
"/" itself, never through a redirect: a service worker that caches a redirected
response cannot reload the app offline), the worker, the manifest, page/, lib/,
domains/, icons/ and the three vendor files named in VENDOR (node_modules is
never served as a directory), each with a Brotli and a gzip twin written by
WhiteNoise's compressor. The domains' catalogs are also served merged, one file
per language at /i18n/<language>.json (every domains/<name>/i18n/<language>.json,
merged at build): the phone reads the shell's words (lib/i18n/) and that one file,
not eleven. WhiteNoise sends the twin the browser asks for
(Accept-Encoding, with `Vary: Accept-Encoding`), an ETag and Last-Modified, and
answers a revalidation with 304.

Builds live in instance/static/<digest of the sources>/, so an edited pwa/ is
never served from an old build. `gatehouse build-static` (run by `gatehouse
serve`, and so `make run`) writes the compressed build once per release (Brotli
at its highest quality takes a while); an app that finds no compressed build
for the current sources (tests, `flask run`) copies the files without twins and
serves them uncompressed.

Caching: every file is `Cache-Control: no-cache` (revalidate; a 304 sends no
body). The service worker is what keeps the app on a phone: its precache is
filled with `cache: "reload"` and the worker is registered with
`updateViaCache: "none"`, so a phone under it never reads these files from the
HTTP cache at all. The names carry no content hash (plain ES modules import one
another by name, no bundler), so a long max-age would let a page that is not
under the worker (a first visit after the site's storage was cleared, a browser
without service workers) mix cached modules of one release with another's.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from backend.headers import security_headers

PWA = Path(__file__).resolve().parent.parent / "pwa"
NODE_MODULES = PWA / "node_modules"
log = logging.getLogger("gatehouse.static")

# /vendor/<name> -> the one file from node_modules it stands for. Only these are
# reachable.
VENDOR = {
    "barcode-detector/ponyfill.js": "barcode-detector/dist/es/ponyfill.js",
    "barcode-detector/zxing-exported.js": "barcode-detector/dist/es/zxing-exported.js",
    "zxing-wasm/zxing_reader.wasm": "zxing-wasm/dist/reader/zxing_reader.wasm",
}
SUFFIXES = {".js", ".json", ".css", ".png", ".svg", ".wasm", ".webmanifest", ".html"}
TOP = ("index.html", "sw.js", "manifest.webmanifest")
FOLDERS = ("page", "lib", "domains", "icons")


def sources() -> dict[str, Path]:
    """Every served file: its path in the build (its URL without the leading "/") -> the source."""
    files = {name: PWA / name for name in TOP}
    for folder in FOLDERS:
        for path in sorted((PWA / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and not path.name.startswith("."):
                files[path.relative_to(PWA).as_posix()] = path
    for name, target in VENDOR.items():
        files[f"vendor/{name}"] = NODE_MODULES / target
    return files


def catalog_sources(language: str) -> list[Path]:
    """Every domain's catalog of a language, in the domains' alphabetical order."""
    return sorted((PWA / "domains").glob(f"*/i18n/{language}.json"))


def catalog(language: str) -> bytes:
    """The domains' words in a language, as /i18n/<language>.json serves them (lib/i18n.js)."""
    merged: dict[str, str] = {}
    for path in catalog_sources(language):
        merged |= json.loads(path.read_text("utf-8"))
    return json.dumps(merged, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def languages() -> list[str]:
    return sorted(p.stem for p in (PWA / "lib" / "i18n").glob("*.json"))


def digest(files: dict[str, Path]) -> str:
    h = hashlib.sha256()
    for name, path in sorted(files.items()):
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"-") + b"\0")
    return h.hexdigest()[:16]


def build(root: Path, compress: bool = True) -> Path:
    """The build of the current sources under `root` (made if missing); older builds go.

    Written in a temporary folder and renamed into place, so workers starting at
    once never serve half a build."""
    files = sources()
    name = digest(files) + (".compressed" if compress else ".plain")
    dest = root / name
    if dest.is_dir():
        return dest
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    compressor = Compressor(quiet=True)
    for rel, src in files.items():
        out = tmp / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, out)  # keeps the source's mtime: WhiteNoise's ETag and Last-Modified
        if compress and compressor.should_compress(out.name):
            compressor.compress(str(out))
    for language in languages():
        out = tmp / "i18n" / f"{language}.json"
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(catalog(language))
        newest = max(p.stat().st_mtime for p in catalog_sources(language))
        os.utime(out, (newest, newest))  # a stable ETag and Last-Modified, as for a copied file
        if compress:
            compressor.compress(str(out))
    try:
        os.rename(tmp, dest)
    except OSError:  # another process finished the same build first
        shutil.rmtree(tmp, ignore_errors=True)
    for old in root.iterdir():
        if old.is_dir() and old.name.split(".")[0] != name.split(".")[0] and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return dest


def current_build(root: Path) -> Path:
    """The compressed build of the current sources if there is one, else a plain copy."""
    compressed = root / (digest(sources()) + ".compressed")
    if compressed.is_dir():
        return compressed
    log.warning("pwa/ is served uncompressed: run `gatehouse build-static` (gatehouse serve does)")
    return build(root, compress=False)


# What a browser may open as a document (or run as a worker): these carry the whole
# policy. A script, style, catalog or PNG is never a document, and the policy
# on it would be ignored: it gets nosniff and no-referrer, and saves ~400 bytes
# of headers on each of the shell's ~80 requests.
DOCUMENTS = (".html", ".svg")


def _headers(headers, path: str, url: str) -> None:
    policy = security_headers(url)
    if not (url == "/" or url == "/sw.js" or url.endswith(DOCUMENTS)):
        policy = {k: v for k, v in policy.items() if k in ("X-Content-Type-Options", "Referrer-Policy")}
    for key, value in policy.items():
        headers[key] = value
    headers["Cache-Control"] = "no-cache"
    if url == "/sw.js":
        headers["Service-Worker-Allowed"] = "/"  # the worker may control the whole origin


def static_root(app: Flask) -> Path:
    return Path(app.instance_path) / "static"


def register(app: Flask) -> None:
    """Put WhiteNoise in front of the app for the build of pwa/."""
    static = WhiteNoise(app.wsgi_app, root=str(current_build(static_root(app))), index_file=True,
                        mimetypes={".webmanifest": "application/manifest+json"},
                        max_age=None, allow_all_origins=False, add_headers_function=_headers)
    # One URL for the shell: "/" (WhiteNoise would also redirect /index.html there).
    for alias in ("/index.html", ""):
        static.files.pop(alias, None)
    app.wsgi_app = static
