"""Records at a desk on many visits (issue 13, "Measure"): a list of 100,000 visits
filtered by day, ms per page, against a plain indexed SQL query of the same rows.

    python bench/records_list.py                  # 100,000 visits at site hv, SQLite
    python bench/records_list.py --quick          # 5,000 visits
    python bench/records_list.py --database-url postgresql://...   # a database it may wipe

Five visits and a refusal are made by the real handlers (pushed through the app's
HTTP API by one phone); the rest are copies with other ids, numbers and times,
inserted in bulk, 1,000 a day over 100 days, five at a time sharing one
timestamp (ties are broken by id). Then one day is walked page by page through
the whole WSGI stack (auth, schema, query, JSON): `GET /api/records/gate.visit?
site_id=hv&day=...&limit=50&cursor=...`, and exported as CSV.

Baselines, same run, same database, the same rows in the same order, each page a
keyset query (`... AND (at, id) < (:at, :id) ORDER BY at DESC, id DESC LIMIT 50`),
rows decoded, nothing else:
- `sql_entities`: on the entities table through migration 0018's index (what the
  app's query is, without the app);
- `sql_flat`: on a plain table with real columns (site, day, at, id, data) and an
  index (site, day, at, id): what a hand-written table per kind would cost.
`*_ratio` is the app's ms per page over the baseline's; `signed_in_request_ms` is what
any signed-in request costs here (GET /api/auth/me), the part of a page that is not the list.
Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import copy
import json
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import emit, log  # noqa: E402
from tests.phone import Phone, bearer, body  # noqa: E402

TZ = ZoneInfo("Asia/Hong_Kong")
DAYS = 100
FIRST = date(2026, 6, 1)
PAGE = 50
TIE = 5  # visits sharing one timestamp


def seed(client, n: int) -> str:
    """Six real gate records through the API, then copies up to `n`; returns the busiest day."""
    from sqlalchemy import insert, select, text, update

    from backend.db import database
    from backend.sync_api.models import EntityRow, Space

    phone = Phone(client)
    phone.sign_in("guard1")
    for i in range(5):
        phone.write("gate.visitor_in", {"name": f"Visitor {i}", "id_type": "hkid", "id_last4": "123A",
                                        "unit": f"{i}B", "purpose": "delivery"})
    phone.write("gate.visitor_refused", {"reason": "suspicious"})
    phone.sync()
    per_day = max(1, n // DAYS)
    with client.application.app_context(), database().write() as s:
        models = [r.data for r in s.scalars(select(EntityRow).where(EntityRow.kind == "gate.visit"))]
        version = s.scalar(select(Space.version).where(Space.id == "hv"))
        s.execute(text("CREATE TABLE bench_visits (site VARCHAR(40), day VARCHAR(10), at BIGINT, id VARCHAR(80), "
                       "data TEXT)"))
        s.execute(text("CREATE INDEX ix_bench_visits ON bench_visits (site, day, at, id)"))
        rows, flat = [], []
        for i in range(n - len(models)):
            data = copy.deepcopy(models[i % len(models)])
            day = FIRST + timedelta(days=(i // per_day) % DAYS)
            start = int(datetime(day.year, day.month, day.day, 6, tzinfo=TZ).timestamp() * 1000)
            at = start + ((i % per_day) // TIE) * 60_000  # five visits a minute from 06:00
            data.update(id=str(uuid.uuid4()), number=f"VIS-{day:%Y-%m}-{i:06d}", day=day.isoformat(),
                        corrected_at=at, device_at=at, received_at=at + 5_000)
            version += 1
            rows.append({"kind": "gate.visit", "id": data["id"], "space": "hv", "version": version,
                         "deleted": False, "data": data})
            flat.append({"site": "hv", "day": data["day"], "at": at, "id": data["id"], "data": json.dumps(data)})
            if len(rows) == 5000:
                s.execute(insert(EntityRow), rows)
                s.execute(text("INSERT INTO bench_visits VALUES (:site, :day, :at, :id, :data)"), flat)
                rows, flat = [], []
        if rows:
            s.execute(insert(EntityRow), rows)
            s.execute(text("INSERT INTO bench_visits VALUES (:site, :day, :at, :id, :data)"), flat)
        s.execute(update(Space).where(Space.id == "hv").values(version=version))
    with client.application.app_context(), database().write() as s:
        analyse = "ANALYZE" if s.bind.dialect.name == "postgresql" else "ANALYZE"
        s.execute(text(analyse))
    return (FIRST + timedelta(days=DAYS // 2)).isoformat()


def day_bounds(day: str) -> tuple[int, int]:
    d = date.fromisoformat(day)
    start = datetime(d.year, d.month, d.day, tzinfo=TZ)
    return int(start.timestamp() * 1000), int((start + timedelta(days=1)).timestamp() * 1000)


def walk_app(client, headers, day: str) -> tuple[list[float], list[str]]:
    """Every page of one day through the API: ms per page, and the ids in order."""
    times, ids, cursor = [], [], None
    while True:
        url = f"/api/records/gate.visit?site_id=hv&day={day}&limit={PAGE}" + (f"&cursor={cursor}" if cursor else "")
        t0 = time.perf_counter()
        r = client.get(url, headers=headers)
        page = json.loads(r.get_data())
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, page
        ids += [x["id"] for x in page["records"]]
        cursor = page["next"]
        if cursor is None:
            return times, ids


def walk_sql(client, day: str, flat: bool) -> tuple[list[float], list[str]]:
    """The same pages by plain keyset SQL, rows decoded."""
    from sqlalchemy import text

    from backend.db import database
    times, ids, after = [], [], None
    with client.application.app_context(), database().snapshot() as s:
        pg = s.bind.dialect.name == "postgresql"
        if flat:
            at, where, params = "at", "site = 'hv' AND day = :day", {"day": day}
            table = "bench_visits"
        else:
            at = "CAST((data ->> 'corrected_at') AS BIGINT)" if pg else "json_extract(data, '$.corrected_at')"
            lo, hi = day_bounds(day)
            where = f"kind = 'gate.visit' AND space = 'hv' AND deleted = false AND {at} >= :lo AND {at} < :hi"
            params, table = {"lo": lo, "hi": hi}, "entities"
        while True:
            cond = f" AND ({at}, id) < (:a, :i)" if after else ""
            sql = (f"SELECT id, {at} AS at, data FROM {table} WHERE {where}{cond} "
                   f"ORDER BY {at} DESC, id DESC LIMIT {PAGE + 1}")
            t0 = time.perf_counter()
            rows = s.execute(text(sql), {**params, **({"a": after[0], "i": after[1]} if after else {})}).all()
            [json.loads(r.data) if isinstance(r.data, str) else r.data for r in rows[:PAGE]]
            times.append((time.perf_counter() - t0) * 1000)
            ids += [r.id for r in rows[:PAGE]]
            if len(rows) <= PAGE:
                return times, ids
            after = (rows[PAGE - 1].at, rows[PAGE - 1].id)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--visits", type=int, default=None)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.visits or (5_000 if args.quick else 100_000)
    from backend.testing import make_demo_app
    with tempfile.TemporaryDirectory(prefix="gatehouse-records-bench-") as tmp:
        if args.database_url:
            from bench.patrol import wipe
            wipe(args.database_url)
        app = make_demo_app(args.database_url or f"sqlite:///{Path(tmp) / 'records.db'}")
        client = app.test_client()
        t0 = time.perf_counter()
        day = seed(client, n)
        log(f"seeded {n} visits in {time.perf_counter() - t0:.1f} s")
        sup = bearer(client.post("/api/auth/login", json={"username": "super1", "password": "gatehouse-demo"})
                     .get_json()["token"])
        out = {"visits": n, "day": day, "page_size": PAGE, "backend": "postgresql" if args.database_url else "sqlite",
               "python": platform.python_version()}
        app_ms, entity_ms, flat_ms = [], [], []
        for _ in range(args.repeat):
            times, ids = walk_app(client, sup, day)
            app_ms += times
            times, same = walk_sql(client, day, flat=False)
            entity_ms += times
            assert same == ids, "the plain query pages other rows"
            times, flat_ids = walk_sql(client, day, flat=True)
            flat_ms += times
            assert flat_ids == ids, "the flat table pages other rows"
        floor = []  # any signed-in request: the token, the user, the framework, no records
        for _ in range(10 * args.repeat):
            t0 = time.perf_counter()
            assert client.get("/api/auth/me", headers=sup).status_code == 200
            floor.append((time.perf_counter() - t0) * 1000)
        med = lambda xs: round(statistics.median(xs), 2)
        out.update(day_rows=len(ids), pages=len(ids) // PAGE + (1 if len(ids) % PAGE else 0),
                   app_ms_per_page=med(app_ms), app_ms_per_page_max=round(max(app_ms), 2),
                   sql_entities_ms_per_page=med(entity_ms), sql_flat_ms_per_page=med(flat_ms),
                   ratio_to_sql_entities=round(med(app_ms) / med(entity_ms), 2),
                   ratio_to_sql_flat=round(med(app_ms) / med(flat_ms), 2), signed_in_request_ms=med(floor))
        last = ids[-1]
        t0 = time.perf_counter()
        r = client.get(f"/api/records/gate.visit.csv?site_id=hv&day={day}", headers=sup)
        out.update(csv_day_ms=round((time.perf_counter() - t0) * 1000, 1), csv_bytes=len(r.data))
        assert r.status_code == 200 and last.encode() in r.data
        app.extensions["gatehouse_db"].engine.dispose()
    emit(out)


if __name__ == "__main__":
    main()
