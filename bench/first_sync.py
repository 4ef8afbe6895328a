"""A new phone's first sync at a site with a year of history (issue "Scale", PROTOCOL.md P5.6).

    python bench/first_sync.py            # a year of 100 records a day at Harbour View
    python bench/first_sync.py --quick    # 30 days (seconds)

The living demo (`seed_estate`) is seeded first; its records of each kind a guard
pulls are the templates for a year of history written straight into `entities`
(not timed): each day's duty log, rounds, visits, vehicles, incidents, handovers and
equipment checks, closed and reviewed as they would be after a day or two, with
`closes_at` computed by the app's own registry as a push would. Then a guard's new
phone crawls its site over HTTP (gunicorn, gzip) twice in the same run:

- `window`: the site's default window (14 days);
- `everything`: `phone_window_days` 3650, what every phone downloaded before windows.

For each: gzip bytes on the wire, changes, pages, seconds. Each crawl is checked:
exactly the live rows of the guard's kinds whose `closes_at` is null or inside the
window, once each. The target is a first sync of at most about 1 MB.
Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import copy
import gzip
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402

from bench.common import SITE, Server, emit, enroll_devices, fresh_sqlite, log, remove_unless_kept  # noqa: E402
from sync.cursor import decode  # noqa: E402
from sync.types import Entity  # noqa: E402
from sync.window import DAY_MS  # noqa: E402

# A busy estate's day: how many of each record a guard's phone pulls.
PER_DAY = {"log.entry": 40, "patrol.round": 24, "gate.visit": 15, "gate.vehicle": 10,
           "equipment.check": 5, "handover": 3, "incident": 3}
CLOSED = {"incident": {"status": "closed"}, "gate.visit": {"status": "left"},
          "gate.vehicle": {"status": "left"}, "handover": {"status": "accepted"}}


def seed_year(db_path: Path, registry, days: int, now: int) -> int:
    """Append `days` days of history before `now` to the site; return the rows added."""
    conn = sqlite3.connect(db_path)
    try:
        templates = {kind: json.loads(row[0]) for kind in PER_DAY for row in conn.execute(
            "SELECT data FROM entities WHERE kind = ? AND space = ? LIMIT 1", (kind, SITE))}
        missing = set(PER_DAY) - set(templates)
        if missing:
            raise SystemExit(f"the demo has no {sorted(missing)} to copy")
        version = conn.execute("SELECT version FROM spaces WHERE id = ?", (SITE,)).fetchone()[0]
        rows = []
        for back in range(days, 0, -1):
            day_ms = now - back * DAY_MS
            reviewed = back > 2  # a supervisor reviews within two days
            for kind, count in PER_DAY.items():
                for i in range(count):
                    at = day_ms + i * (DAY_MS // (count + 1))
                    data = copy.deepcopy(templates[kind])
                    data.update(CLOSED.get(kind, {}), id=str(uuid.uuid4()), corrected_at=at, received_at=at,
                                day=time.strftime("%Y-%m-%d", time.gmtime(at / 1000)))
                    if kind == "patrol.round":
                        data.update(slot_start=at, slot_end=at + 3_600_000)
                    if "review" in data:
                        data["review"] = {"approved": True, "note": "", "user_id": 3, "user_name": "Lee Ka Yan",
                                          "received_at": at + DAY_MS} if reviewed else None
                    version += 1
                    written = at + (DAY_MS if reviewed else 0)
                    closes = registry.closes_at(Entity(kind, data["id"], SITE, version, data), written)
                    rows.append((kind, data["id"], SITE, version, 0, json.dumps(data), closes))
        conn.executemany("INSERT INTO entities (kind, id, space, version, deleted, data, closes_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("UPDATE spaces SET version = ? WHERE id = ?", (version, SITE))
        conn.commit()
        return len(rows)
    finally:
        conn.close()


def set_window(db_path: Path, days: int | None) -> None:
    conn = sqlite3.connect(db_path)
    try:
        settings = json.loads(conn.execute("SELECT settings FROM sites WHERE id = ?", (SITE,)).fetchone()[0] or "{}")
        settings.pop("phone_window_days", None)
        if days:
            settings["phone_window_days"] = days
        conn.execute("UPDATE sites SET settings = ? WHERE id = ?", (json.dumps(settings), SITE))
        conn.commit()
    finally:
        conn.close()


def expected(db_path: Path, kinds: list[str], start: int) -> int:
    conn = sqlite3.connect(db_path)
    try:
        marks = ",".join("?" * len(kinds))
        return conn.execute(f"SELECT count(*) FROM entities WHERE space = ? AND deleted = 0 AND kind IN ({marks}) "
                            "AND (closes_at IS NULL OR closes_at >= ?)", (SITE, *kinds, start)).fetchone()[0]
    finally:
        conn.close()


def crawl(base: str, headers: dict) -> dict:
    """Pull every page from no cursor, as a new phone does; count what came over the wire."""
    http, cursor, wire, ids, pages = requests.Session(), None, 0, [], 0
    t0 = time.perf_counter()
    while True:
        resp = http.get(f"{base}/api/sync/pull", params={"limit": 500, **({"cursor": cursor} if cursor else {})},
                        headers={**headers, "Accept-Encoding": "gzip"}, stream=True, timeout=120)
        raw = resp.raw.read(decode_content=False)
        if resp.status_code != 200 or resp.headers.get("Content-Encoding") != "gzip":
            raise SystemExit(f"pull failed: {resp.status_code} {resp.headers.get('Content-Encoding')}")
        page = json.loads(gzip.decompress(raw))
        wire, pages = wire + len(raw), pages + 1
        ids += [(c["kind"], c["id"]) for c in page["changes"] if not c["deleted"]]
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    seconds = time.perf_counter() - t0
    if len(ids) != len(set(ids)):
        raise SystemExit("a record came twice in one crawl")
    return {"gzip_bytes": wire, "changes": len(ids), "pages": pages, "seconds": round(seconds, 3),
            "window_start": decode(cursor).starts[SITE]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--quick", action="store_true", help="30 days of history (seconds)")
    args = ap.parse_args(argv)
    days = 30 if args.quick else args.days
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-first-sync-"))
    result = {"bench": "first_sync", "days": days, "per_day": sum(PER_DAY.values())}
    try:
        from backend.demo import seed_estate
        from backend.testing import make_demo_app
        db_path, url = fresh_sqlite(tmp)
        app = make_demo_app(url)
        now = int(time.time() * 1000)
        seed_estate(app, now)
        registry = app.extensions["gatehouse_registry"]
        kinds = registry.visible_kinds("guard")
        app.extensions["gatehouse_db"].engine.dispose()
        log(f"seeding {days} days of history")
        result["history_rows"] = seed_year(db_path, registry, days, now - 7 * DAY_MS)  # before the demo's week
        with Server(url, kind="gunicorn", workers=1, workdir=tmp) as server:
            for name, window_days in (("window", None), ("everything", 3650)):
                set_window(db_path, window_days)
                bd = enroll_devices(server.url, 1)[0]
                out = crawl(server.url, {"Authorization": f"Bearer {bd.user_token}",
                                         "X-Device-Token": bd.device_token})
                want = expected(db_path, kinds, out["window_start"])
                if out["changes"] != want:
                    raise SystemExit(f"{name}: {out['changes']} records pulled, {want} in the window")
                out["verified"] = True
                result[name] = out
                log(f"{name}: {out}")
        result["bytes_ratio"] = round(result["window"]["gzip_bytes"] / result["everything"]["gzip_bytes"], 4)
    finally:
        remove_unless_kept(tmp)
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
