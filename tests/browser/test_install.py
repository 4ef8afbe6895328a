"""Installable, precached under one versioned cache, and storage persistence asked for."""
from __future__ import annotations

import re
from pathlib import Path

VERSION = re.search(r'VERSION = "([^"]+)"', (Path(__file__).resolve().parents[2] / "pwa/lib/version.js").read_text()).group(1)


def test_app_is_installable_with_no_manifest_errors(persistent):
    phone = persistent()
    phone.open()
    phone.wait_worker()
    cdp = phone.context.new_cdp_session(phone.page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest.get("errors", []) == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_worker_precaches_shell_and_decoder_in_one_versioned_cache(persistent):
    phone = persistent()
    phone.open()
    phone.wait_worker()
    names = phone.page.evaluate("caches.keys()")
    assert names == [f"gatehouse-shell-{VERSION}"]
    cached = phone.page.evaluate(
        "async (n) => (await (await caches.open(n)).keys()).map(r => new URL(r.url).pathname)", names[0])
    assert {"/", "/page/app.js", "/lib/sync.js", "/vendor/zxing-wasm/zxing_reader.wasm",
            "/vendor/barcode-detector/ponyfill.js"} <= set(cached)
    # API answers are never cached
    phone.page.evaluate("fetch('/api/sync/kinds')")
    assert not any(p.startswith("/api/") for p in phone.page.evaluate(
        "async (n) => (await (await caches.open(n)).keys()).map(r => new URL(r.url).pathname)", names[0]))


def test_activation_deletes_only_our_old_caches(persistent, server):
    phone = persistent()
    # Before the worker exists: an old version's cache and another app's cache.
    phone.page.goto(server.url + "/api/sync/kinds")
    phone.page.evaluate("""async () => {
        await caches.open('gatehouse-shell-0.0.0-old');
        await caches.open('someone-elses-cache');
    }""")
    phone.open()
    phone.wait_worker()
    names = set(phone.page.evaluate("caches.keys()"))
    assert names == {f"gatehouse-shell-{VERSION}", "someone-elses-cache"}


def test_enrolment_asks_for_persistent_storage(phone, server):
    p = phone()
    p.context.add_init_script("""
      window.__persistCalls = 0;
      const orig = navigator.storage.persist.bind(navigator.storage);
      navigator.storage.persist = () => { window.__persistCalls++; return orig(); };
    """)
    p.enroll()
    assert p.page.evaluate("window.__persistCalls") == 1
    stored = p.page.evaluate("async () => (await import('/lib/db.js')).kvGet('persist')")
    assert stored["granted"] in (True, False) and stored["requested_at"] > 0
    # the device key is a CryptoKey that cannot be exported
    key = p.page.evaluate("""async () => {
        const d = await (await import('/lib/db.js')).kvGet('device');
        try { await crypto.subtle.exportKey('jwk', d.key.privateKey); return 'exported'; }
        catch (e) { return [d.key.privateKey.constructor.name, d.key.privateKey.extractable, d.key.privateKey.algorithm.namedCurve]; }
    }""")
    assert key == ["CryptoKey", False, "P-256"]
    # An enrolled phone cannot be enrolled again over itself (its key and chain stay).
    p.page.evaluate("location.hash = '#/welcome'")
    p.page.wait_for_function("location.hash === '#/login'")
