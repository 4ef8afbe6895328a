"""Packing benchmark: prints one JSON object.

  tick_push_ms_per_mutation   server ingest of `packing.tick` against a 200-line order
                              (each tick rereads and rewrites the order and its box),
                              pushed from one phone in batches of 200 through the
                              whole HTTP stack (Flask test client)
  baseline_log_push_ms_per_mutation   the same number of `log.entry` (the simplest
                              kind) pushed from another phone, same database, same run
  bill_pdf_ms                 the 200-line bill, three copies (median of 3)
  item_labels_pdf_ms          a 500-label item sheet (median of 3)
  scan_to_tick_ms, _p90       on the phone (Chromium, offline): an item QR shown to the
                              (fake) camera of the counting screen of a 200-line order
                              until its tick is in the outbox and the lines redrawn
  baseline_scan_to_record_ms  the duty log's scan screen in the same browser, same run

Run: .venv/bin/python bench/packing.py [--quick] [--server-only]
"""
from __future__ import annotations

import json
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backend.packing import printing  # noqa: E402
from backend.testing import make_demo_app  # noqa: E402
from tests.phone import Phone  # noqa: E402

logging.disable(logging.CRITICAL)
BATCH = 200


def log(*parts) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def lines(n: int, quantity: int) -> list[dict]:
    cats = ["rings", "necklaces", "bangles", "earrings", "pendants"]
    return [{"code": f"JW-{i:04d}", "name": f"Item {i}", "name_zh": f"貨品{i}", "category": cats[i % 5],
             "unit_price": 1000 + i, "quantity": quantity} for i in range(n)]


def push_all(phone: Phone) -> tuple[float, dict]:
    statuses: dict[str, int] = {}
    t0 = time.perf_counter()
    while phone.device.outbox:
        r = phone.push(BATCH)
        assert r.status_code == 200, r.get_json()
        out = r.get_json()
        for x in out["results"]:
            statuses[x["status"]] = statuses.get(x["status"], 0) + 1
        phone.device.acknowledge(out["last_seq"])
    return time.perf_counter() - t0, statuses


def median_ms(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(runs), 1)


def server_part(app, n_lines: int, quantity: int, repeat: int) -> dict:
    client = app.test_client()
    packer = Phone(client, site="wh")
    packer.sign_in("packer1")
    c = packer.write("customer.register", {"name": "Bench Trading", "phone": "+852 2345 6789",
                                           "address": "1 Bench Road", "type": "wholesale"})
    o = packer.write("order.create", {"customer_id": c["id"], "channel": "remote", "lines": lines(n_lines, quantity)})
    packer.write("order.payment", {"order_id": o["id"], "state": "paid"})
    box = packer.write("packing.box_open", {"order_id": o["id"]})
    assert all(r["status"] == "applied" for r in packer.sync())
    for q in range(quantity):
        for x in lines(n_lines, quantity):
            packer.write("packing.tick", {"order_id": o["id"], "box_id": box["id"], "code": x["code"],
                                          "unit_price": x["unit_price"]})
    ticks = len(packer.device.outbox)
    log(f"pushing {ticks} ticks")
    tick_s, tick_statuses = push_all(packer)

    guard = Phone(client)
    guard.sign_in("guard1")
    for i in range(ticks):
        guard.write("log.entry", {"category": "general", "text": f"bench entry {i}"})
    log(f"pushing {ticks} log entries (baseline)")
    log_s, log_statuses = push_all(guard)

    packer.pull_all()
    order = packer.of_kind("packing.order")[o["id"]]
    assert sum(x["ticked"] for x in order["lines"]) == ticks
    site = SimpleNamespace(name="Kwun Tong Warehouse", name_zh="觀塘貨倉", tz="Asia/Hong_Kong")
    units = [x for x in order["lines"] for _ in range(3)][:500 if n_lines >= 167 else 50]
    return {
        "ticks": ticks, "order_lines": n_lines,
        "tick_push_ms_per_mutation": round(tick_s * 1000 / ticks, 2),
        "baseline_log_push_ms_per_mutation": round(log_s * 1000 / ticks, 2),
        "tick_vs_log_push": round(tick_s / log_s, 2),
        "statuses": {"tick": tick_statuses, "log": log_statuses},
        "bill_pdf_ms": median_ms(lambda: printing.bill(order, site, "en"), repeat),
        "item_labels": len(units),
        "item_labels_pdf_ms": median_ms(lambda: printing.item_labels(units), repeat),
    }


def phone_part(app, tmp: Path, n_lines: int, scans: int) -> dict:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server
    from tests.browser.conftest import Server, launch_persistent, qr_data_url

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    server = Server(url=f"http://127.0.0.1:{srv.server_port}", app=app)
    office = Phone(server.http(), site="wh")
    office.sign_in("packer1")
    c = office.write("customer.register", {"name": "Bench Phone", "phone": "+852 2345 6789",
                                           "address": "1 Bench Road", "type": "wholesale"})
    o = office.write("order.create", {"customer_id": c["id"], "channel": "remote",
                                      "lines": lines(n_lines, scans + 2)})
    office.write("order.payment", {"order_id": o["id"], "state": "paid"})
    office.sync()
    measure = """async ([url, code, event]) => {
        const done = new Promise(r => window.addEventListener(event,
            function f(e) { if (e.detail.code === code) { window.removeEventListener(event, f); r(performance.now()); } }));
        await window.__fakeCamera.show(url);
        const t0 = window.__fakeCamera.shownAt;
        const t = (await done) - t0;
        window.__fakeCamera.blank();
        return t;
    }"""
    with sync_playwright() as pw:
        phone = launch_persistent(pw, tmp / "profile", server)
        phone.setup("packer1", site="wh")
        phone.context.set_offline(True)
        phone.go(f"#/packing/order/{o['id']}")
        phone.page.get_by_role("button", name="Open camera").click()
        phone.page.wait_for_selector(".scanner-message >> text=Hold the QR code inside the frame.")
        codes = [x["code"] for x in lines(n_lines, 1)]
        tick = []
        for i in range(scans + 1):  # the first is the warm-up (the wasm compiles on first use)
            code = codes[i % len(codes)]
            tick.append(phone.page.evaluate(measure, [qr_data_url(f"gatehouse:item:{code}"), code, "gatehouse:ticked"]))
        tick = tick[1:]
        outbox = [e["kind"] for e in phone.outbox()]
        phone.go("#/scan")
        phone.page.locator("#view .scanner button").first.click()
        phone.page.wait_for_selector(".scanner-message >> text=Hold the QR code inside the frame.")
        record = [phone.page.evaluate(measure, [qr_data_url(f"CP-BENCH-{i:03d}"), f"CP-BENCH-{i:03d}",
                                                "gatehouse:recorded"]) for i in range(scans)]
        phone.context.close()
    srv.shutdown()
    assert outbox.count("packing.tick") == scans + 1, outbox
    return {
        "scan_to_tick_ms": round(statistics.median(tick), 1),
        "scan_to_tick_p90_ms": round(sorted(tick)[int(len(tick) * 0.9)], 1),
        "baseline_scan_to_record_ms": round(statistics.median(record), 1),
        "scans": scans,
    }


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    n_lines, quantity, repeat, scans = (20, 2, 1, 5) if quick else (200, 5, 3, 40)
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-packing-bench-"))
    app = make_demo_app(f"sqlite:///{tmp}/bench.db")
    out = server_part(app, n_lines, quantity, repeat)
    if "--server-only" not in sys.argv[1:]:
        out |= phone_part(app, tmp, n_lines, scans)
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
