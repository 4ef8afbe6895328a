"""Passes on the phone (Chromium): prints one JSON object.

  webcrypto_checks_per_s      readToken + WebCrypto verify of a pass, in the page
  baseline_verifies_per_s     bare crypto.subtle.verify of the same bytes, same run
  scan_to_result_ms           a pass shown to the (fake) camera until the gate's
                              answer is on screen, offline; median and p90
  revocation_to_phone_ms      the desk's revocation applied on the server until the
                              guard phone's next sync holds it; median

Run: .venv/bin/python bench/passes_browser.py [--quick]  (Debian's Chromium, `npm ci --prefix pwa`)
"""
from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from backend.testing import make_demo_app  # noqa: E402
from bench.common import emit  # noqa: E402
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, Server, new_phone, qr_data_url  # noqa: E402
from tests.browser.test_desk import issue_by_api  # noqa: E402

logging.disable(logging.CRITICAL)


def p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.9 * len(values))) - 1)]


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    verifies, scans, revocations = (200, 4, 2) if quick else (2000, 20, 5)
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-"))
    app = make_demo_app(f"sqlite:///{tmp}/bench.db")
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    server = Server(url=f"http://127.0.0.1:{srv.server_port}", app=app)
    made = [issue_by_api(server, name=f"Holder {i}") for i in range(max(2, revocations))]
    tokens = [t for _, t in made]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        g = new_phone(browser, server).setup("guard1")
        crypto = g.page.evaluate("""async ([text, n]) => {
            const { readToken, verifyToken } = await import('/lib/cose.js');
            const list = await (await import('/lib/overlay.js')).entitiesOf(
                (await (await import('/page/session.js')).currentUser()).id, 'site.keys');
            const key = list[0].data.keys.at(-1).jwk;
            const token = readToken(text);
            const pub = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: key.x, y: key.y },
                { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
            const bareRun = async () => {
                const t0 = performance.now();
                for (let i = 0; i < n; i++) await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, token.signature, token.signed);
                return n / ((performance.now() - t0) / 1000);
            };
            const fullRun = async () => {
                const t0 = performance.now();
                for (let i = 0; i < n; i++) await verifyToken(readToken(text), key);
                return n / ((performance.now() - t0) / 1000);
            };
            await bareRun(); await fullRun();   // warm up both paths first
            const bare = await bareRun();
            const full = await fullRun();
            return { full, bare };
        }""", [tokens[0], verifies])
        g.go("#/desk/gate")
        g.page.locator("#view .scanner button").first.click()
        g.page.wait_for_selector(".scanner-video")
        g.context.set_offline(True)
        times = []
        for i in range(scans):
            g.page.evaluate("window.__fakeCamera.blank(); performance.clearMarks('gatehouse-pass-result')")
            g.page.wait_for_timeout(1600)
            g.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url(tokens[i % 2]))
            g.page.wait_for_function("performance.getEntriesByName('gatehouse-pass-result').length > 0")
            times.append(g.page.evaluate(
                "performance.getEntriesByName('gatehouse-pass-result')[0].startTime - window.__fakeCamera.shownAt"))
        g.context.set_offline(False)
        lags = []
        for info, _ in made[:revocations]:
            info["desk"].write("pass.revoke", {"pass_id": info["id"], "reason": "bench"})
            info["desk"].sync()
            t0 = time.perf_counter()
            g.sync()
            g.page.wait_for_function("""async (id) => {
                const u = await (await import('/page/session.js')).currentUser();
                const list = await (await import('/lib/overlay.js')).entitiesOf(u.id, 'pass.roster');
                return list.some((e) => e.id === id && e.data.status === 'revoked'); }""", arg=info["id"])
            lags.append((time.perf_counter() - t0) * 1000)
        g.context.close()
        browser.close()
    srv.shutdown()
    emit({"bench": "passes_browser", "verifies": verifies, "scans": scans,
          "webcrypto_checks_per_s": round(crypto["full"]), "baseline_verifies_per_s": round(crypto["bare"]),
          "ratio_to_baseline": round(crypto["full"] / crypto["bare"], 3),
          "scan_to_result_ms": {"median": round(statistics.median(times), 1), "p90": round(p90(times), 1)},
          "revocation_to_phone_ms": {"median": round(statistics.median(lags), 1)}})


if __name__ == "__main__":
    main()
