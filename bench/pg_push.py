"""Push throughput and latency on PostgreSQL: 50 devices pushing at once.

    python bench/pg_push.py            # 50 devices x 1,000 mutations, batches of 50, gunicorn -w 4
    python bench/pg_push.py --quick    # a few seconds
    python bench/pg_push.py --sites 20 --per-device 100   # 20 sites x 50 phones (1,000 phones)
    python bench/pg_push.py --pause 2 --per-device 500     # each phone pushes every ~2 s

Without --pause the phones push in a closed loop (the next batch the moment the last
is answered), so latency is about phones / throughput; --pause gives the latency of
phones that push every few seconds, and the throughput reported is what they asked for.

The server is PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
postgresql://postgres@127.0.0.1:5432/postgres. Only the URL's server and
credentials are used: the benchmark drops and recreates its own database
(`gatehouse_bench`, or `gatehouse_bench_quick` with --quick) through the
`postgres` maintenance database, and never touches any other database.

With `--sites N`, every site (the demo's `hv` and N-1 more, bench/load.py) gets
`--devices` phones, each with the site's own guard signed in. Every device has its
own client thread (at most `--threads`), so all push concurrently; each device's
batches go in seq order. Afterwards the database must hold exactly one
applied ledger row and one log entry per mutation: nothing lost, nothing doubled.

Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import make_url  # noqa: E402

from bench.load import add_sites  # noqa: E402
from bench.common import (  # noqa: E402
    DEFAULT_PG, SITE, Server, build_batches, emit, enroll_devices, fresh_postgres, log, percentile,
    prepare_database, run_pushes, sql_counts, verify_push,
)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devices", type=int, default=50, help="phones per site")
    ap.add_argument("--sites", type=int, default=1)
    ap.add_argument("--threads", type=int, default=200, help="client threads, at most one per phone")
    ap.add_argument("--per-device", type=int, default=1000, help="mutations per device")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    ap.add_argument("--db-name", default=None, help="database to (re)create (default gatehouse_bench)")
    ap.add_argument("--pause", type=float, default=0.0,
                    help="seconds a phone waits between its batches (+-50 %%); 0: a closed loop")
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.devices, args.per_device, args.batch, args.workers = 4, 100, 50, 2
    name = args.db_name or ("gatehouse_bench_quick" if args.quick else "gatehouse_bench")
    if name in {"test", "postgres", "template0", "template1"}:
        ap.error(f"refusing to use database {name!r}")

    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG
    admin_url = make_url(server_url.replace("postgresql+psycopg://", "postgresql://", 1)).set(
        database="postgres").render_as_string(hide_password=False)
    url = fresh_postgres(admin_url, name)
    log(f"fresh database {make_url(url).render_as_string(hide_password=True)}")
    prepare_database(url)
    sites = add_sites(url, args.sites) if args.sites > 1 else [SITE]
    mutations = args.devices * len(sites) * args.per_device

    server = Server(url, kind="gunicorn", workers=args.workers)
    with server:
        devices = [bd for site in sites for bd in enroll_devices(
            server.url, args.devices, site=site, parallel=4,
            **({} if site == SITE and len(sites) == 1 else {"user": f"load-guard-{site}", "supervisor": "super-load"}))]
        before = sql_counts(url)  # after enrolment: each enrolment publishes the phone's key
        t0 = time.perf_counter()
        for i, bd in enumerate(devices):
            build_batches(bd, args.per_device, args.batch, start_n=i * args.per_device)
        log(f"built {mutations} signed mutations in {time.perf_counter() - t0:.1f}s")
        stats, seconds = run_pushes(server.url, devices, threads=min(len(devices), args.threads), pause_s=args.pause)
    log(f"pushed {stats.mutations_acked} mutations in {seconds:.2f}s "
        f"({stats.mutations_acked / seconds:.0f}/s), {stats.retries} retries")
    for e in stats.errors[:10]:
        log("ERROR", e)

    verify = verify_push(url, before, stats, mutations)
    lat = stats.latencies_ms
    emit({
        "push_ops_per_s": round(stats.mutations_acked / seconds, 1),
        "p50_ms": round(percentile(lat, 50), 1),
        "p95_ms": round(percentile(lat, 95), 1),
        "p99_ms": round(percentile(lat, 99), 1),
        "devices": len(devices),
        "sites": len(sites),
        "workers": args.workers,
        "batch": args.batch,
        "pause_s": args.pause,
        "mutations": mutations,
        "pushes": len(lat),
        "push_seconds": round(seconds, 3),
        "server": server.describe(),
        "database": name,
        "verify": verify,
    })
    return 0 if verify["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
