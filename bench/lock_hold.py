"""How long a push holds its site's row lock on PostgreSQL (issue "Scale" item 4).

    python bench/lock_hold.py            # 2 phones, 20 pushes of 50 log entries each
    python bench/lock_hold.py --quick    # a few pushes

The space's row lock serialises a site's pushes (PROTOCOL.md P3.3), so the time it
is held, not the whole push, bounds one site's throughput. This runs the app in
process (Flask test client) on a fresh database (`gatehouse_bench_lock`, created on
the server of BENCH_DATABASE_URL or TEST_DATABASE_URL) and times, per push, the
span from the lock's `UPDATE spaces` to the commit, beside the whole push. It reads
the clock around the store's own calls only; the code measured is the product's.
Figures from a loaded machine mean little alone: compare two trees in one session
(`python /other/tree/bench/lock_hold.py` runs that tree's code).

Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import make_url  # noqa: E402

from bench.common import DEFAULT_PG, emit, fresh_postgres, log, log_entry_payload, percentile  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phones", type=int, default=2)
    ap.add_argument("--pushes", type=int, default=20, help="pushes per phone")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.phones, args.pushes, args.batch = 1, 3, 10

    from backend import create_app
    from backend.sync_api import store as sql_store
    from backend.testing import make_demo_app
    from tests.phone import Phone

    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG
    admin_url = make_url(server_url.replace("postgresql+psycopg://", "postgresql://", 1)).set(
        database="postgres").render_as_string(hide_password=False)
    url = fresh_postgres(admin_url, "gatehouse_bench_lock")
    make_demo_app(url).extensions["gatehouse_db"].engine.dispose()
    app = create_app({"DATABASE_URL": url, "GATEHOUSE_DEMO": True, "LOG_LEVEL": "WARNING"})
    client = app.test_client()

    held, locked_at = [], [None]
    lock_space, write = sql_store.SqlTx.lock_space, sql_store.SqlStore.write

    def timed_lock(self, space):
        version = lock_space(self, space)
        locked_at[0] = time.perf_counter()
        return version

    @contextmanager
    def timed_write(self):
        with write(self) as tx:
            yield tx
        if locked_at[0] is not None:  # committed: the lock is gone
            held.append((time.perf_counter() - locked_at[0]) * 1000)
            locked_at[0] = None

    sql_store.SqlTx.lock_space, sql_store.SqlStore.write = timed_lock, timed_write
    phones = [Phone(client) for _ in range(args.phones)]
    for p in phones:
        p.sign_in("guard1")
    pushes, applied = [], 0
    for _ in range(args.pushes + 1):  # the first round warms up
        for p in phones:
            for i in range(args.batch):
                p.write("log.entry", log_entry_payload(i))
            t0 = time.perf_counter()
            r = p.push(limit=args.batch)
            pushes.append((time.perf_counter() - t0) * 1000)
            results = r.get_json()["results"]
            applied += sum(1 for x in results if x["status"] == "applied")
            p.device.acknowledge(r.get_json()["last_seq"])
    app.extensions["gatehouse_db"].engine.dispose()
    warm = len(phones)
    held, pushes = held[warm:], pushes[warm:]
    expected = len(phones) * (args.pushes + 1) * args.batch
    log(f"{len(held)} pushes of {args.batch}: lock held median {statistics.median(held):.1f} ms "
        f"of {statistics.median(pushes):.1f} ms")
    emit({"bench": "lock_hold", "phones": len(phones), "pushes": len(held), "batch": args.batch,
          "lock_held_ms": {"p50": round(percentile(held, 50), 2), "p90": round(percentile(held, 90), 2)},
          "push_ms": {"p50": round(percentile(pushes, 50), 2), "p90": round(percentile(pushes, 90), 2)},
          "lock_share": round(sum(held) / sum(pushes), 3),
          "verify": {"applied": applied, "expected": expected, "ok": applied == expected and len(held) == len(pushes)}})
    return 0 if applied == expected else 1


if __name__ == "__main__":
    sys.exit(main())
