"""The blueprint that serves pwa/: no redirects, right types and headers, only
the vendor files we name, and the ZXing wasm the installed package pins."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from tests.catalogs import merged

ROOT = Path(__file__).resolve().parents[2]
PWA = ROOT / "pwa"


@pytest.fixture(scope="module")
def client(server):
    return server.app.test_client()


def precached() -> list[str]:
    text = (PWA / "lib" / "shell.js").read_text()
    blocks = [text.split(f"{name} = [", 1)[1].split("];", 1)[0] for name in ("SHELL_FILES", "DOMAIN_FILES")]
    return [url for block in blocks for url in re.findall(r'"([^"]+)"', block)]


def test_shell_is_served_at_root_without_redirect(client):
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert b'<script type="module" src="/page/app.js">' in r.data
    assert "no-cache" in r.headers["Cache-Control"]
    assert client.get("/index.html").status_code == 404  # one URL for the shell, never a redirect


def test_service_worker_may_control_the_whole_origin_and_is_never_cached(client):
    r = client.get("/sw.js")
    assert r.status_code == 200 and r.mimetype == "text/javascript"
    assert r.headers["Service-Worker-Allowed"] == "/"
    assert r.headers["Cache-Control"] == "no-cache"


def test_manifest_has_install_fields_and_its_mime_type(client):
    r = client.get("/manifest.webmanifest")
    assert r.mimetype == "application/manifest+json"
    m = json.loads(r.data)
    assert m["name"] == "Gatehouse" and m["start_url"] == "/" and m["display"] == "standalone"
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in m["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in m["icons"]:
        assert client.get(icon["src"]).mimetype == "image/png"


def test_every_precached_file_is_served_and_every_page_and_lib_file_is_precached(client):
    files = precached()
    for url in files:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.status_code not in (301, 302, 303, 307, 308)
    # Every module and the shell's catalogs; the domains' catalogs are precached merged.
    on_disk = {"/" + str(p.relative_to(PWA)) for d in ("page", "lib", "domains") for p in (PWA / d).rglob("*")
               if p.is_file() and not (d == "domains" and p.parent.name == "i18n")}
    assert on_disk <= set(files), f"not precached: {sorted(on_disk - set(files))}"
    assert {"/i18n/en.json", "/i18n/zh-Hant.json"} <= set(files)


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_the_domains_words_are_served_merged_one_file_per_language(client, language):
    r = client.get(f"/i18n/{language}.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    shell = json.loads(client.get(f"/lib/i18n/{language}.json").data)
    assert shell | json.loads(r.data) == merged(language)
    assert not set(shell) & set(json.loads(r.data))
    assert "no-cache" in r.headers["Cache-Control"]


def test_served_wasm_is_the_one_the_installed_zxing_wasm_pins(client):
    # zxing-wasm records the SHA-256 of its reader wasm as ZXING_WASM_SHA256 in
    # its ES build; barcode-detector re-exports the same constant.
    pinned_src = (PWA / "node_modules/zxing-wasm/dist/es/reader/index.js").read_text()
    name = re.search(r"(\w+) as ZXING_WASM_SHA256", pinned_src).group(1)
    pinned = re.search(rf'\b{name} = "([0-9a-f]{{64}})"', pinned_src).group(1)
    r = client.get("/vendor/zxing-wasm/zxing_reader.wasm")
    assert r.status_code == 200 and r.mimetype == "application/wasm"
    assert hashlib.sha256(r.data).hexdigest() == pinned
    bundled = (PWA / "node_modules/barcode-detector/dist/es/zxing-exported.js").read_text()
    assert pinned in bundled  # the polyfill's JS expects this very wasm


def test_only_named_vendor_files_are_reachable(client):
    assert client.get("/vendor/barcode-detector/ponyfill.js").mimetype == "text/javascript"
    assert client.get("/vendor/barcode-detector/package.json").status_code == 404
    assert client.get("/vendor/../package.json").status_code == 404
    assert client.get("/page/../../backend/web.py").status_code == 404
    assert client.get("/lib/no-such-file.js").status_code == 404


def test_decoder_never_points_at_a_cdn(client):
    scanner = (PWA / "page/scanner.js").read_text()
    assert "locateFile" in scanner and "ZXING_WASM_URL" in scanner
    for url in precached():
        if url.endswith(".js"):
            text = client.get(url).get_data(as_text=True)
            if url.startswith("/vendor/"):
                continue  # the package's default CDN URL is overridden by locateFile
            assert "jsdelivr" not in text and "unpkg" not in text, url


def test_catalogs_have_the_same_keys_and_cover_every_key_the_code_uses():
    en, zh = merged("en"), merged("zh-Hant")
    assert set(en) == set(zh)
    assert all(v.strip() for v in list(en.values()) + list(zh.values()))
    used = set()
    for path in [p for d in ("page", "lib", "domains") for p in (PWA / d).rglob("*.js")]:
        used |= set(re.findall(r'\bt\("([\w.]+)"', path.read_text()))
        used |= set(re.findall(r'(?:Key|key) = "([\w.]+)"', path.read_text()))
        used |= set(re.findall(r'(?:Key: |label: |screen\()"([\w.]+)"', path.read_text()))
    assert used - set(en) == set()


def test_one_version_string_names_the_worker_cache():
    version = (PWA / "lib/version.js").read_text()
    assert re.search(r'export const VERSION = "[^"]+";', version)
    assert 'CACHE_NAME = `${CACHE_PREFIX}${VERSION}`' in version and '"gatehouse-shell-"' in version
    sw = (PWA / "sw.js").read_text()
    assert 'from "./lib/version.js"' in sw
    assert "/api/" in sw and "skipWaiting" in sw
    assert "...DOMAIN_FILES" in sw  # every domain's screens and catalogs work offline


def test_version_stamp_is_the_digest_of_the_precached_files():
    import importlib.util
    spec = importlib.util.spec_from_file_location("stamp_version", PWA / "tools/stamp_version.py")
    stamp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stamp)
    assert stamp.current() == stamp.compute(), "run: .venv/bin/python pwa/tools/stamp_version.py"
    assert stamp.listed_domain_files() == stamp.domain_files(), "run: .venv/bin/python pwa/tools/stamp_version.py"
    assert stamp.current_in_worker() == stamp.current()
