"""Stamp pwa/lib/version.js with a digest of everything the service worker precaches.

The page and the worker share that one VERSION; the worker names its cache
after it, so any change to a precached file must change it, or phones keep the
old shell. It first lists every file under pwa/domains/ as DOMAIN_FILES in
lib/shell.js, so a new domain's screens are precached with no list edited by
hand (its catalogs reach the phone merged, at /i18n/<language>.json). The release is
also written into sw.js itself: Chromium does not reliably start a new module
worker when only an imported module changed (the update fails with
"ServiceWorker cannot be started"), so every release changes the worker
script's own bytes. Run after editing pwa/ (a test fails when stale):

    .venv/bin/python pwa/tools/stamp_version.py
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

PWA = Path(__file__).resolve().parent.parent
ROOT = PWA.parent
VERSION_JS = PWA / "lib" / "version.js"
SHELL_JS = PWA / "lib" / "shell.js"
SW_JS = PWA / "sw.js"
SW_STAMP = re.compile(r"^// Release: \S+ .*$", re.M)
DOMAIN_LIST = re.compile(r"^export const DOMAIN_FILES = \[\n(.*?)^\];", re.M | re.S)


def domain_files() -> list[str]:
    """Every file under pwa/domains/, as the URLs the server serves them at, but the
    catalogs: the phone reads them merged, at /i18n/<language>.json."""
    return sorted("/" + p.relative_to(PWA).as_posix() for p in (PWA / "domains").rglob("*")
                  if p.is_file() and not p.name.startswith(".") and p.parent.name != "i18n")


def listed_domain_files() -> list[str]:
    return re.findall(r'"([^"]+)"', DOMAIN_LIST.search(SHELL_JS.read_text()).group(1))


def write_domain_files() -> None:
    lines = "".join(f'  "{url}",\n' for url in domain_files())
    SHELL_JS.write_text(DOMAIN_LIST.sub(lambda _: f"export const DOMAIN_FILES = [\n{lines}];", SHELL_JS.read_text(), count=1))


def precached_urls() -> list[str]:
    text = SHELL_JS.read_text()
    urls = re.findall(r'"(/[^"]*)"', text)
    return sorted(set(urls) | {"/sw.js"})


def web():
    """backend/web.py: the server's own map of URLs to files, and its merged catalogs."""
    sys.path.insert(0, str(ROOT))
    from backend import web
    return web


def file_for(url: str) -> Path:
    if url == "/":
        return PWA / "index.html"
    if url.startswith("/vendor/"):
        return web().NODE_MODULES / web().VENDOR[url.removeprefix("/vendor/")]
    return PWA / url.lstrip("/")


def compute() -> str:
    h = hashlib.sha256()
    for url in precached_urls():
        if url == "/lib/version.js":
            continue
        if url.startswith("/i18n/"):  # a language's merged domain catalogs, as the server builds them
            data = web().catalog(url.removeprefix("/i18n/").removesuffix(".json"))
        else:
            data = file_for(url).read_bytes()
        if url == "/sw.js":
            data = SW_STAMP.sub("", data.decode()).encode()
        h.update(url.encode() + b"\0" + data + b"\0")
    return h.hexdigest()[:12]


def current() -> str:
    return re.search(r'export const VERSION = "([^"]+)";', VERSION_JS.read_text()).group(1)


def current_in_worker() -> str:
    return SW_STAMP.search(SW_JS.read_text()).group(0).split()[2]


def main() -> None:
    write_domain_files()
    version = compute()
    text = re.sub(r'export const VERSION = "[^"]+";', f'export const VERSION = "{version}";', VERSION_JS.read_text())
    VERSION_JS.write_text(text)
    SW_JS.write_text(SW_STAMP.sub(f"// Release: {version} (written by pwa/tools/stamp_version.py)", SW_JS.read_text(), count=1))
    print(version)


if __name__ == "__main__":
    main()
