"""The case register and the monthly statistics on many cases (issue 12, "Measure").

    python bench/cases.py                 # 100,000 cases at site hv
    python bench/cases.py --quick         # 5,000 cases, a few seconds
    python bench/cases.py --database-url postgresql://...   # a database it may wipe

Twenty cases are made by the real handlers (pushed through the app's HTTP API
by one phone: intake, hand-over, reply, close); the rest are copies of them
with other ids, numbers, days and states, inserted in bulk (pushing 100,000
mutations would measure the push, which bench/sync_push.py does). Then, through
the whole WSGI stack (auth, schema, query, JSON): the register filtered to the
cases still received (about a sixth), the overdue list, and the monthly
statistics (REST and PDF) of one month.

Baseline, same run, same database: a plain SQL query of the same rows
(`SELECT data FROM entities WHERE kind='case' AND space=... AND <json field> = ...`),
rows decoded, nothing else: `*_ratio` is what the app adds on top of reading them.
Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import copy
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import emit, log  # noqa: E402
from tests.phone import Phone, bearer, body  # noqa: E402

STATES = ("received", "assigned", "in_hand", "answered", "called_back", "closed")
MONTH = "2026-09"


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def seed(client, n: int) -> None:
    """Twenty real cases through the API, then copies of them up to `n`."""
    from sqlalchemy import insert, select, update

    from backend.db import database
    from backend.sync_api.models import EntityRow, Space

    phone = Phone(client)
    phone.sign_in("desk1")
    for i in range(20):
        m = phone.write("case.open", {"type": ("complaint", "repair_request", "enquiry")[i % 3], "channel": "phone",
                                      "person": "resident", "unit": f"{i}A", "matter": f"matter {i}"})
        if i % 2:
            phone.write("case.hand_on", {"case_id": m["id"], "department": "Engineering"})
            phone.write("case.reply", {"case_id": m["id"], "text": "done", "how": "phone"})
            phone.write("case.close", {"case_id": m["id"], "result": "ok", "responsible": "department",
                                       "responsible_name": ("Engineering", "Cleaning", "Security")[i % 3], "valid": i % 4 == 1})
    phone.sync()
    with client.application.app_context(), database().write() as s:
        models = [r.data for r in s.scalars(select(EntityRow).where(EntityRow.kind == "case"))]
        version = s.scalar(select(Space.version).where(Space.id == "hv"))
        rows, start = [], date(2026, 1, 1)
        for i in range(n - len(models)):
            data = copy.deepcopy(models[i % len(models)])
            day = start + timedelta(days=(i * 7) % 330)
            state = STATES[i % 6]
            data.update(id=str(uuid.uuid4()), number=f"CAS-{day:%Y-%m}-{i:05d}", accepted_day=day.isoformat(),
                        day=day.isoformat(), status=state)
            data["accepted_at"] = int(time.mktime(day.timetuple()) * 1000)
            if state == "closed":
                closed = day + timedelta(days=i % 25)
                data["closed_day"] = closed.isoformat()
                data["closed"] = {**(data["closed"] or {"result": "ok", "first_contact": False, "responsible": "none",
                                                         "responsible_name": "", "valid": False, "improvement": False,
                                                         "corrective": "", "preventive": "", "product_class": None,
                                                         "user_id": 3, "user_name": "Lee Ka Yan", "id": "x"}),
                                  "at": data["accepted_at"] + (i % 25) * 86_400_000}
            else:
                data["closed_day"], data["closed"] = None, None
            version += 1
            rows.append({"kind": "case", "id": data["id"], "space": "hv", "version": version, "deleted": False,
                         "data": data})
            if len(rows) == 5000:
                s.execute(insert(EntityRow), rows)
                rows = []
        if rows:
            s.execute(insert(EntityRow), rows)
        s.execute(update(Space).where(Space.id == "hv").values(version=version))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--cases", type=int, default=None)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.cases or (5_000 if args.quick else 100_000)
    from backend.testing import make_demo_app
    with tempfile.TemporaryDirectory(prefix="gatehouse-cases-bench-") as tmp:
        if args.database_url:
            from bench.patrol import wipe
            wipe(args.database_url)
        app = make_demo_app(args.database_url or f"sqlite:///{Path(tmp) / 'cases.db'}")
        client = app.test_client()
        t0 = time.perf_counter()
        seed(client, n)
        log(f"seeded {n} cases in {time.perf_counter() - t0:.1f} s")
        desk = bearer(client.post("/api/auth/login", json={"username": "desk1", "password": "gatehouse-demo"}).get_json()["token"])

        def get(url):
            r = client.get(url, headers=desk)
            assert r.status_code == 200, r.get_data(as_text=True)[:300]
            return r
        out = {"cases": n, "backend": "postgresql" if args.database_url else "sqlite", "python": platform.python_version()}
        ms, r = timed(lambda: get("/api/cases?site_id=hv&status=received"), args.repeat)
        listed = body(r)["total"]  # every match is read and judged; a page of 200 is sent
        base_ms, rows = timed(lambda: plain(client, "status", "= :v", {"v": "received"}), args.repeat)
        assert rows == listed, (rows, listed)
        out.update(register_rows=listed, register_ms=round(ms, 1), register_sql_ms=round(base_ms, 1),
                   register_ratio=round(ms / base_ms, 2))
        ms, r = timed(lambda: get("/api/cases/overdue?site_id=hv"), 1)  # once: it judges every open case
        out.update(overdue_rows=body(r)["total"], overdue_ms=round(ms, 1))
        ms, r = timed(lambda: get(f"/api/cases/stats?site_id=hv&month={MONTH}"), args.repeat)
        closed = body(r)["closed"]
        base_ms, rows = timed(lambda: plain(client, "closed_day", "BETWEEN :a AND :b",
                                                  {"a": f"{MONTH}-01", "b": f"{MONTH}-31"}), args.repeat)
        assert rows == closed, (rows, closed)
        out.update(stats_closed=closed, stats_ms=round(ms, 1), stats_sql_ms=round(base_ms, 1),
                   stats_ratio=round(ms / base_ms, 2))
        ms, _ = timed(lambda: get(f"/api/cases/stats.pdf?site_id=hv&month={MONTH}&lang=zh-Hant"), args.repeat)
        out.update(stats_pdf_ms=round(ms, 1))
        app.extensions["gatehouse_db"].engine.dispose()
    emit(out)


def plain(client, key: str, cond: str, params: dict) -> int:
    """The baseline: the same rows by a plain SQL query on one JSON field, decoded."""
    import json

    from sqlalchemy import text

    from backend.db import database
    with client.application.app_context(), database().snapshot() as s:
        expr = f"json_extract(data, '$.{key}')" if s.bind.dialect.name == "sqlite" else f"(data ->> '{key}')"
        sql = (f"SELECT data FROM entities WHERE kind = 'case' AND space = 'hv' AND deleted = false "
               f"AND {expr} {cond}")
        rows = s.execute(text(sql), params).scalars().all()
        return len([json.loads(r) if isinstance(r, str) else r for r in rows])


if __name__ == "__main__":
    main()
