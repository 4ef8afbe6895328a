"""A load test with Locust: many phones syncing as they really do, on gunicorn and PostgreSQL.

    python bench/load.py                       # 1,000 phones on 20 sites, 180 s, a sync every 60 s
    python bench/load.py --phones 400 --duration 120 --cadence 30
    python bench/load.py --quick               # 20 phones, 20 s, a sync every 4 s

Setup (not timed): a fresh PostgreSQL database (`gatehouse_bench_load` on the server
of TEST_DATABASE_URL, or --admin-url), migrated with the demo, plus `--sites` sites
with one guard each; gunicorn with `--workers` workers; every phone enrolled through
the API (a supervisor's enrolment code, the guard signing in on it).

Run: `locust --headless` with bench/locustfile.py, one simulated phone per user:
every `cadence` seconds (+-10 %) one to three duty-log entries, a signed push, pulls
until done, a photo now and then, and at half time the shift change (every phone at
once, ten entries each). The cadence is the phones' real one (60 s) unless given
shorter, which compresses time: the note says which.

Then the check: the server holds every mutation a phone saw acknowledged, none
twice, and nothing a phone did not write (acknowledged <= ledger rows <= written). Prints one JSON object: phones,
requests, failures, and p50/p95/p99 per endpoint; logs go to stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import serialization  # noqa: E402

from bench.common import (  # noqa: E402
    PASSWORD, SITE, Server, emit, enroll_devices, fresh_postgres, log, prepare_database, remove_unless_kept,
)

HERE = Path(__file__).resolve().parent


def add_sites(url: str, sites: int) -> list[str]:
    """`sites` sites (the demo's `hv` first), each with a guard `load-guard-<site>`; their ids.

    Their passwords are hashed cheaply (pbkdf2, 1,000 rounds) so that enrolling a
    thousand phones takes seconds: sign-in is setup here, not what is measured
    (bench/login_storm.py measures it)."""
    from backend import create_app
    from backend.admin.service import create_site, create_user
    from backend.db import database
    app = create_app({"DATABASE_URL": url, "GATEHOUSE_DEMO": True, "LOG_LEVEL": "WARNING",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    ids = [SITE] + [f"load{i:02d}" for i in range(1, sites)]
    with app.app_context():
        with database().write() as s:
            for sid in ids[1:]:
                create_site(s, sid, f"Load test site {sid}")
            create_user(s, "super-load", "Load Supervisor", PASSWORD, "supervisor", ids)
            for sid in ids:
                create_user(s, f"load-guard-{sid}", f"Guard {sid}", PASSWORD, "guard", [sid])
    app.extensions["gatehouse_db"].engine.dispose()
    return ids


ENDPOINTS = {"/api/sync/push": "push", "/api/sync/pull": "pull", "/api/media": "photo"}


def worker_times(access_log: Path) -> dict:
    """p50/p95/p99 (ms) per endpoint of the time each request spent in a worker."""
    times: dict[str, dict[int, int]] = {}
    for line in access_log.read_text().splitlines():
        path, _, ms = line.rpartition(" ")
        name = next((n for prefix, n in ENDPOINTS.items() if path.startswith(prefix)), None)
        if name and ms.isdigit():
            bucket = times.setdefault(name, {})
            bucket[int(ms)] = bucket.get(int(ms), 0) + 1
    return {name: {"requests": sum(b.values()), **percentiles(b)} for name, b in sorted(times.items())}


def percentiles(response_times: dict) -> dict:
    """p50/p95/p99 (ms) from Locust's histogram {rounded ms: count}."""
    points = sorted((float(ms), n) for ms, n in response_times.items())
    total = sum(n for _, n in points)
    out = {}
    for p in (50, 95, 99):
        rank, seen = total * p / 100, 0
        for ms, n in points:
            seen += n
            if seen >= rank:
                out[f"p{p}_ms"] = ms
                break
    return out


def ledger_rows(url: str, device_ids: list[str]) -> tuple[int, int]:
    """(rows, distinct mutation ids) in the ledger for these phones."""
    from sqlalchemy import create_engine, text
    from backend.db import normalise_url
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as c:
            row = c.execute(text("SELECT count(*), count(DISTINCT mutation_id) FROM ledger "
                                 "WHERE device_id = ANY(:ids)"), {"ids": device_ids}).one()
            return int(row[0]), int(row[1])
    finally:
        engine.dispose()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phones", type=int, default=1000)
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--duration", type=int, default=180, help="seconds of load")
    ap.add_argument("--cadence", type=float, default=60.0, help="seconds between a phone's syncs")
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    ap.add_argument("--admin-url", default=os.environ.get("TEST_DATABASE_URL",
                                                          "postgresql://postgres@127.0.0.1:5432/postgres"))
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.phones, args.sites, args.duration, args.cadence, args.workers = 20, 2, 20, 4.0, 2
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-load-"))
    try:
        url = fresh_postgres(args.admin_url, "gatehouse_bench_load")
        prepare_database(url)
        sites = add_sites(url, args.sites)
        access = tmp / "access.log"
        with Server(url, kind="gunicorn", workers=args.workers, workdir=tmp, access_log=access) as server:
            phones = []
            for i, sid in enumerate(sites):
                n = args.phones // len(sites) + (1 if i < args.phones % len(sites) else 0)
                for bd in enroll_devices(server.url, n, user=f"load-guard-{sid}", supervisor="super-load",
                                         site=sid, parallel=4):
                    phones.append({"site": sid, "device_id": bd.device.id, "device_token": bd.device_token,
                                   "user_token": bd.user_token, "user_id": bd.user_id,
                                   "proof_key": bd.proof_key.hex(),
                                   "key_pem": bd.device.key.private_bytes(
                                       serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()).decode()})
            creds, result = tmp / "phones.json", tmp / "applied.json"
            creds.write_text(json.dumps(phones))
            env = {**os.environ, "LOAD_PHONES": str(creds), "LOAD_RESULT": str(result),
                   "LOAD_CADENCE": str(args.cadence), "LOAD_BURST_AT": str(args.duration / 2)}
            spawn_rate = max(1, len(phones) // 10)
            log(f"locust: {len(phones)} phones on {len(sites)} sites, {args.duration} s, "
                f"a sync every {args.cadence} s, shift change at {args.duration / 2:.0f} s")
            access.write_text("")  # the phones' requests only, not the enrolment's
            locust_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
            proc = subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
                 "-u", str(len(phones)), "-r", str(spawn_rate), "-t", f"{args.duration}s",
                 "--host", server.url, "--json", "--only-summary", "--stop-timeout", "30",
                 "--loglevel", "WARNING"],
                env=env, capture_output=True, text=True, timeout=args.duration + 300)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            locust_cpu_s = (after.ru_utime + after.ru_stime) - (locust_cpu.ru_utime + locust_cpu.ru_stime)
            server_side = worker_times(access)
            if proc.returncode not in (0, 1):  # 1: some requests failed (reported below)
                raise SystemExit(f"locust failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
            stats = json.loads(proc.stdout)
            applied = json.loads(result.read_text())
        rows, distinct = ledger_rows(url, [p["device_id"] for p in phones])
    finally:
        remove_unless_kept(tmp)
    endpoints = {}
    for s in stats:
        endpoints[s["name"]] = {"requests": s["num_requests"], "failures": s["num_failures"],
                                **percentiles(s["response_times"])}
    requests_total = sum(e["requests"] for e in endpoints.values())
    failures = sum(e["failures"] for e in endpoints.values())
    acked = sum(a for a, _ in applied.values())
    written = sum(w for _, w in applied.values())
    emit({"bench": "load", "phones": len(phones), "sites": len(sites), "duration_s": args.duration,
          "cadence_s": args.cadence, "workers": args.workers, "requests": requests_total,
          "requests_per_s": round(requests_total / args.duration, 1), "failures": failures,
          "endpoints": endpoints,
          # Time inside a gunicorn worker (its access log), without the wait for a free
          # worker or Locust's own delays: the difference from `endpoints` is queueing.
          "in_worker": server_side, "locust_cpu_s": round(locust_cpu_s, 1),
          "verify": {"acknowledged": acked, "written": written, "ledger_rows": rows,
                     "distinct_mutation_ids": distinct, "ok": rows == distinct and acked <= rows <= written}})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
