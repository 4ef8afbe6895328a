"""PWA benchmark: prints one JSON object.

  shell_gzip_bytes   app shell as transferred gzip-compressed (lib/shell.js
                     SHELL_FILES: the shell's modules, both languages' catalogs,
                     icons, the decoder's JS); target <= 150 KB
  precached_gzip_bytes  everything the service worker precaches (the shell and
                     every domain's screens, DOMAIN_FILES) but the ZXing wasm
  cold_start_ms      offline cold start (browser restarted, served by the
                     service worker) to interactive; median of 10
  scan_to_record_ms  a QR shown to the (fake) camera until its record is in the
                     IndexedDB outbox; median of 50; target <= 150 ms
  baseline_*         measured in the same run for comparison: the wasm's own
                     size, and one decode of a still frame with no outbox write.

Run: .venv/bin/python bench/pwa.py [--quick]  (needs Debian's Chromium and
`npm ci --prefix pwa`; --quick takes 3 cold starts and 10 scans, for smoke tests)
"""
from __future__ import annotations

import gzip
import json
import logging
import re
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from backend.testing import make_demo_app  # noqa: E402
from tests.browser.conftest import Server, launch_persistent, qr_data_url  # noqa: E402

logging.disable(logging.CRITICAL)


def listed(name: str) -> list[str]:
    text = (ROOT / "pwa/lib/shell.js").read_text()
    return re.findall(r'"([^"]+)"', text.split(f"{name} = [", 1)[1].split("];", 1)[0])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    cold_runs, scan_runs = (3, 10) if quick else (10, 50)
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-"))
    app = make_demo_app(f"sqlite:///{tmp}/bench.db")
    client = app.test_client()
    shell_bytes = sum(gz(client.get(u).data) for u in listed("SHELL_FILES"))
    domain_bytes = sum(gz(client.get(u).data) for u in listed("DOMAIN_FILES"))
    wasm_bytes = gz(client.get("/vendor/zxing-wasm/zxing_reader.wasm").data)

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    server = Server(url=f"http://127.0.0.1:{srv.server_port}", app=app)
    profile = tmp / "profile"
    with sync_playwright() as pw:
        phone = launch_persistent(pw, profile, server)
        phone.setup("guard1")
        phone.context.close()

        cold = []
        for _ in range(cold_runs):
            phone = launch_persistent(pw, profile, server, offline=True)
            phone.open()
            cold.append(phone.page.evaluate("performance.getEntriesByName('gatehouse-interactive')[0].startTime"))
            phone.context.close()

        phone = launch_persistent(pw, profile, server, offline=True)
        phone.open("#/scan")
        phone.page.locator("#view .scanner button").first.click()
        phone.page.wait_for_selector(".scanner-message >> text=Hold the QR code inside the frame.")
        # Warm-up: the wasm is compiled on first use.
        phone.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url("CP-BENCH-WARMUP"))
        phone.page.wait_for_selector("[data-testid=scans] li[data-code='CP-BENCH-WARMUP']")
        images = [qr_data_url(f"CP-BENCH-{i:03d}") for i in range(scan_runs)]
        scan = []
        for i, url in enumerate(images):
            scan.append(phone.page.evaluate("""async ([url, code]) => {
                const done = new Promise(r => window.addEventListener('gatehouse:recorded',
                    function f(e) { if (e.detail.code === code) { window.removeEventListener('gatehouse:recorded', f); r(performance.now()); } }));
                await window.__fakeCamera.show(url);
                const t0 = window.__fakeCamera.shownAt;
                return (await done) - t0;
            }""", [url, f"CP-BENCH-{i:03d}"]))
        outbox = len(phone.outbox())
        decode = phone.page.evaluate("""async (url) => {
            const { getDetector } = await import('/page/scanner.js');
            const det = await getDetector();
            const img = new Image(); img.src = url; await img.decode();
            const bmp = await createImageBitmap(img);
            const runs = [];
            for (let i = 0; i < 20; i++) { const t = performance.now(); await det.detect(bmp); runs.push(performance.now() - t); }
            runs.sort((a, b) => a - b);
            return runs[10];
        }""", images[0])
        phone.context.close()
    srv.shutdown()
    assert outbox == scan_runs + 1, outbox  # every scan recorded once (+ the warm-up)
    print(json.dumps({
        "shell_gzip_bytes": shell_bytes,
        "precached_gzip_bytes": shell_bytes + domain_bytes,
        "cold_start_ms": round(statistics.median(cold), 1),
        "scan_to_record_ms": round(statistics.median(scan), 1),
        "runs": {"cold_start": cold_runs, "scan": scan_runs},
        "scan_to_record_p90_ms": round(sorted(scan)[int(len(scan) * 0.9)], 1),
        "baseline_wasm_gzip_bytes": wasm_bytes,
        "baseline_decode_still_ms": round(decode, 1),
        "targets": {"shell_gzip_bytes": 150 * 1024, "scan_to_record_ms": 150},
    }))


if __name__ == "__main__":
    main()
