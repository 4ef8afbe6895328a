"""A new release installs in the background and waits for the user: the
"Update ready — reload" banner, then skipWaiting on the tap, and the old
version's cache is gone."""
from __future__ import annotations

from pathlib import Path

PWA = Path(__file__).resolve().parents[2] / "pwa"


def test_update_waits_for_the_user_then_reloads_into_the_new_version(phone, server):
    p = phone().setup("guard1")
    old = p.page.evaluate("window.__gatehouse.VERSION")
    # A release as pwa/tools/stamp_version.py writes it: version.js and sw.js change.
    for path in ("lib/version.js", "sw.js"):
        server.overrides[f"/{path}"] = (PWA / path).read_text().replace(old, "next-release").encode()
    try:
        p.page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
        p.page.wait_for_selector("#banner >> text=Update ready — reload")
        p.page.wait_for_timeout(300)
        # Nothing changes under the user's feet until they tap.
        assert p.page.evaluate("window.__gatehouse.VERSION") == old
        assert p.page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r.waiting)") is True
        assert f"gatehouse-shell-{old}" in p.page.evaluate("caches.keys()")
        p.page.get_by_role("button", name="Reload").click()
        p.page.wait_for_function("window.__gatehouse && window.__gatehouse.VERSION === 'next-release'")
        p.ready()
        assert p.page.evaluate("caches.keys()") == ["gatehouse-shell-next-release"]
        assert p.page.evaluate("location.hash") == "#/log"  # still signed in, same place
    finally:
        server.overrides.clear()
