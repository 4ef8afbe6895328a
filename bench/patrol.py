"""A patrol site-day: push it from one phone, build the board, build the report PDF.

    python bench/patrol.py            # 2,000 scans (50 rounds x 40 checkpoints), 50 incidents
    python bench/patrol.py --quick    # a few seconds
    python bench/patrol.py --database-url postgresql://...   # a database it may wipe

One phone's outbox holds yesterday's shift (round starts, scans, incidents with
photos, gate entries, a handover); it is pushed through the app's HTTP API
(Flask test client, the whole WSGI stack: auth, schema, push, handlers, SQL) in
batches of 200, as the phone's sync client sends them. Then the supervisor's
board and the report (PDF in English and Chinese, CSV) are built for that day.

Baseline, same run: the same number of plain duty-log mutations (`log.entry`,
the simplest kind) pushed from a second phone on a fresh database, so
`push_ratio` shows what the patrol handlers cost on top of the sync core.
Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from sync.device import Device, public_jwk, uuid7  # noqa: E402
from sync.signature import b64url_decode  # noqa: E402

PASSWORD = "gatehouse-demo"
TZ = "Asia/Hong_Kong"
BATCH = 200


def log(*parts) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


class Api:
    def __init__(self, client):
        self.c = client

    def ok(self, r, status=(200, 201)):
        if r.status_code not in status:
            raise SystemExit(f"{r.status_code}: {r.get_data(as_text=True)[:500]}")
        return r.get_json() if r.is_json else r.data

    def login(self, user, device_token=None):
        headers = {"X-Device-Token": device_token} if device_token else {}
        return self.ok(self.c.post("/api/auth/login", json={"username": user, "password": PASSWORD},
                                   headers=headers))

    def phone(self, sup):
        code = self.ok(self.c.post("/api/devices/enroll-codes", json={"site_id": "hv"}, headers=sup))["code"]
        device = Device(space="hv")
        out = self.ok(self.c.post("/api/devices/enroll", json={"code": code, "public_key": public_jwk(device.key),
                                                               "label": "bench"}))
        device.id = out["device_id"]
        login = self.login("guard1", out["device_token"])
        headers = {"Authorization": f"Bearer {login['token']}", "X-Device-Token": out["device_token"]}
        return device, headers, login["user"]["id"], b64url_decode(login["proof_key"])

    def push_all(self, device, headers) -> tuple[float, dict]:
        statuses: dict[str, int] = {}
        t0 = time.perf_counter()
        while device.outbox:
            out = self.ok(self.c.post("/api/sync/push", json=device.batch(BATCH), headers=headers))
            for r in out["results"]:
                statuses[r["status"]] = statuses.get(r["status"], 0) + 1
            device.acknowledge(out["last_seq"])
        return time.perf_counter() - t0, statuses


def wipe(url: str) -> None:
    from sqlalchemy import create_engine, text
    from backend.db import normalise_url
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def make_app(url: str | None, directory: Path):
    from backend.testing import make_demo_app
    return make_demo_app(url or f"sqlite:///{directory / 'patrol.db'}")


def jpeg(seed: int) -> bytes:
    buf = io.BytesIO()
    image = Image.effect_noise((640, 480), 40 + seed).convert("RGB")
    image.save(buf, format="JPEG", quality=70)
    return buf.getvalue()


def site_day(api: Api, sup: dict, checkpoints: int, rounds: int, incidents: int) -> dict:
    """Set up the site: checkpoints 40 m apart (a walk, never too fast), one route, a schedule."""
    cps = [api.ok(api.c.post("/api/patrol/checkpoints", json={
        "site_id": "hv", "name": f"Checkpoint {i:02d}", "name_zh": f"巡邏點{i:02d}", "location": f"Block {i % 4}",
        "lat": 22.3 + i * 0.00036, "lng": 114.17}, headers=sup)) for i in range(checkpoints)]
    route = api.ok(api.c.post("/api/patrol/routes", json={"site_id": "hv", "name": "Full round",
                                                           "checkpoint_ids": [c["id"] for c in cps]}, headers=sup))
    every = 24 * 60 // rounds
    times = [f"{(i * every) // 60:02d}:{(i * every) % 60:02d}" for i in range(min(rounds, 48))]
    schedule = api.ok(api.c.post("/api/patrol/schedules", json={
        "site_id": "hv", "route_id": route["id"], "name": "Rounds", "times": times,
        "window_minutes": max(5, every - 2), "grace_minutes": 5}, headers=sup))
    return {"cps": cps, "route": route, "schedule": schedule, "every": every, "times": times}


def record_shift(device: Device, user_id: int, proof_key: bytes, setup: dict, day, rounds: int, incidents: int,
                 photos: list[str]) -> int:
    """Write yesterday's shift into the phone's outbox, in time order; returns the number of scans."""
    zone, events = ZoneInfo(TZ), []   # (device time, kind, payload, mutation id)
    start_of_day = datetime.combine(day, datetime.min.time(), zone)
    day_ms = int(start_of_day.timestamp() * 1000)
    per_round = len(setup["cps"])
    step = max(1, (setup["every"] - 4) * 60_000 // per_round)
    for i in range(rounds):
        slot_ms = day_ms + i * setup["every"] * 60_000
        extra = {"schedule_id": setup["schedule"]["id"], "slot_start": slot_ms} if i < len(setup["times"]) else {}
        round_id = uuid7(slot_ms)
        events.append((slot_ms + 30_000, "patrol.round_start", {"route_id": setup["route"]["id"], **extra}, round_id))
        for n, cp in enumerate(setup["cps"]):
            damaged = (i * per_round + n) % 97 == 0
            events.append((slot_ms + 60_000 + n * step, "patrol.scan", {
                "round_id": round_id, "code": cp["qr"], "condition": "damaged" if damaged else "intact",
                "note": "door closer broken" if damaged else "", "source": "camera"}, None))
    for i in range(incidents):
        events.append((day_ms + 600_000 + i * (23 * 3600_000 // incidents), "incident.report", {
            "category": ("damage", "suspicious_person", "fire_safety", "public_order")[i % 4],
            "description": f"Incident {i}: found on a round", "severity": ("low", "medium", "high")[i % 3],
            "place": f"Block {i % 4}", "photos": [photos[i]] if i < len(photos) else [],
            "report_now": i % 10 == 0}, None))
    noon = day_ms + 12 * 3600_000
    for i in range(20):
        visit_id = uuid7(noon + i * 60_000)
        events.append((noon + i * 60_000, "gate.visitor_in", {"name": f"Visitor {i}", "id_type": "hkid",
                                                               "id_last4": f"{i:03d}A", "unit": f"{i % 30}B",
                                                               "purpose": "visit"}, visit_id))
        events.append((noon + i * 60_000 + 3600_000, "gate.visitor_out", {"visit_id": visit_id}, None))
    events.append((day_ms + 20 * 3600_000, "handover.write", {"text": "Day shift to night shift",
                                                              "signature": photos[0], "pin_confirmed": True}, None))
    events.sort(key=lambda e: e[0])
    for at, kind, payload, mutation_id in events:
        device.record(kind, user_id, payload, occurred_at=at, mutation_id=mutation_id, proof_key=proof_key)
    return sum(kind == "patrol.scan" for _, kind, _, _ in events)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    ap.add_argument("--database-url", help="a database this may wipe (default: a temporary SQLite file)")
    ap.add_argument("--repeat", type=int, default=3, help="board and report builds to take the median of")
    args = ap.parse_args()
    checkpoints, rounds, incidents = (10, 5, 5) if args.quick else (40, 50, 50)
    repeat = 1 if args.quick else args.repeat

    with tempfile.TemporaryDirectory(prefix="gatehouse-patrol-bench-") as tmp:
        directory = Path(tmp)
        if args.database_url:
            wipe(args.database_url)
        app = make_app(args.database_url, directory)
        api = Api(app.test_client())
        sup = {"Authorization": f"Bearer {api.login('super1')['token']}"}
        log("setting up the site")
        setup = site_day(api, sup, checkpoints, rounds, incidents)
        device, headers, user_id, proof_key = api.phone(sup)
        guard = {"Authorization": headers["Authorization"], "X-Device-Token": headers["X-Device-Token"]}
        photos = []
        for i in range(10):
            r = api.c.post("/api/media?site_id=hv", data=jpeg(i), headers={**guard, "Content-Type": "image/jpeg"})
            photos.append(api.ok(r)["sha256"])
        day = (datetime.now(ZoneInfo(TZ)) - timedelta(days=1)).date()
        scans = record_shift(device, user_id, proof_key, setup, day, rounds, incidents, photos)
        mutations = len(device.outbox)
        log(f"pushing {mutations} mutations ({scans} scans) from one phone")
        push_s, statuses = api.push_all(device, headers)

        board_q = f"/api/patrol/board?site_id=hv&day={day.isoformat()}"
        board_s, board = timed(lambda: api.ok(api.c.get(board_q, headers=sup)), repeat)
        report_q = f"/api/patrol/report?site_id=hv&day={day.isoformat()}"
        pdf_en_s, pdf_en = timed(lambda: api.ok(api.c.get(report_q + "&lang=en", headers=sup)), repeat)
        pdf_zh_s, pdf_zh = timed(lambda: api.ok(api.c.get(report_q + "&lang=zh-Hant", headers=sup)), repeat)
        csv_s, csv_data = timed(lambda: api.ok(api.c.get(report_q + "&format=csv", headers=sup)), repeat)
        app.extensions["gatehouse_db"].engine.dispose()

        log(f"baseline: {mutations} log.entry mutations on a fresh database")
        if args.database_url:
            wipe(args.database_url)
            base_app = make_app(args.database_url, directory)
        else:
            base_app = make_app(f"sqlite:///{directory / 'baseline.db'}", directory)
        base = Api(base_app.test_client())
        base_device, base_headers, base_user, base_proof = base.phone({"Authorization": f"Bearer {base.login('super1')['token']}"})
        for i in range(mutations):
            base_device.record("log.entry", base_user, {"category": "patrol", "text": f"checked point {i}"},
                               occurred_at=int(time.time() * 1000) - 3600_000 + i, proof_key=base_proof)
        base_s, base_statuses = base.push_all(base_device, base_headers)
        base_app.extensions["gatehouse_db"].engine.dispose()

    counts = board["rounds"]["counts"]
    result = {
        "benchmark": "patrol_site_day",
        "database": "postgresql" if args.database_url else "sqlite",
        "python": platform.python_version(),
        "scans": scans, "rounds": rounds, "incidents": incidents, "mutations": mutations,
        "push_s": round(push_s, 3), "push_mutations_per_s": round(mutations / push_s, 1),
        "push_statuses": statuses,
        "baseline_log_entry_push_s": round(base_s, 3), "baseline_statuses": base_statuses,
        "push_ratio": round(push_s / base_s, 2),
        "board_ms": round(board_s * 1000, 1), "board_round_statuses": counts,
        "board_open_incidents": len(board["incidents"]), "board_findings": len(board["findings"]),
        "pdf_en_s": round(pdf_en_s, 3), "pdf_zh_s": round(pdf_zh_s, 3),
        "pdf_en_pages": len(PdfReader(io.BytesIO(pdf_en)).pages), "pdf_en_bytes": len(pdf_en),
        "pdf_zh_bytes": len(pdf_zh), "csv_ms": round(csv_s * 1000, 1), "csv_rows": csv_data.count(b"\n") - 1,
        "verify": {"ok": statuses.get("applied", 0) == mutations and base_statuses.get("applied", 0) == mutations
                   and sum(counts.values()) == rounds and counts.get("complete", 0) == rounds,
                   "applied": statuses.get("applied", 0), "rounds_complete": counts.get("complete", 0)},
    }
    sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
