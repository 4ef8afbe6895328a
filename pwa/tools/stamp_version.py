"""Stamp pwa/lib/version.js with a digest of everything the service worker precaches.

The page and the worker share that one VERSION; the worker names its cache
after it, so any change to a precached file must change it, or phones keep the
old shell. The release is also written into sw.js itself: Chromium does not
reliably start a new module worker when only an imported module changed (the
update fails with "ServiceWorker cannot be started"), so every release changes
the worker script's own bytes. Run after editing pwa/ (a test fails when stale):

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
SW_JS = PWA / "sw.js"
SW_STAMP = re.compile(r"^// Release: \S+ .*$", re.M)


def precached_urls() -> list[str]:
    text = (PWA / "lib" / "shell.js").read_text()
    urls = re.findall(r'"(/[^"]*)"', text)
    return sorted(set(urls) | {"/sw.js"})


def file_for(url: str) -> Path:
    sys.path.insert(0, str(ROOT))
    from backend.web import NODE_MODULES, VENDOR  # the same map the server uses
    if url == "/":
        return PWA / "index.html"
    if url.startswith("/vendor/"):
        return NODE_MODULES / VENDOR[url.removeprefix("/vendor/")]
    return PWA / url.lstrip("/")


def compute() -> str:
    h = hashlib.sha256()
    for url in precached_urls():
        if url == "/lib/version.js":
            continue
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
    version = compute()
    text = re.sub(r'export const VERSION = "[^"]+";', f'export const VERSION = "{version}";', VERSION_JS.read_text())
    VERSION_JS.write_text(text)
    SW_JS.write_text(SW_STAMP.sub(f"// Release: {version} (written by pwa/tools/stamp_version.py)", SW_JS.read_text(), count=1))
    print(version)


if __name__ == "__main__":
    main()
