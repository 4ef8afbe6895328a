"""Push throughput on SQLite: duty-log mutations through the real HTTP endpoint.

    python bench/sync_push.py            # 100,000 mutations, 50 devices, batches of 200
    python bench/sync_push.py --quick    # a few seconds

N devices are enrolled through the API (as super1; guard1 signs in on each), their
signed, hash-chained batches are built up front (sync/device.py), then client
threads push them to a gunicorn server on a fresh SQLite file. The server must
end up holding exactly N applied ledger rows and N log entries.

Baseline, same run: the exact ledger and entity rows the server wrote are copied
with raw `sqlite3` `executemany` into the same tables (same DDL and indexes) in a
fresh file with the same pragmas (WAL, synchronous=NORMAL), one transaction per
`--batch` mutations, as the server commits. `raw_sqlite_rows_per_s` counts
mutation-equivalents (one ledger row + one entity row each), so
`ratio = push_ops_per_s / raw_sqlite_rows_per_s` compares like with like.

Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    Server, build_batches, emit, enroll_devices, fresh_sqlite, log, percentile, prepare_database,
    remove_unless_kept, run_pushes, sql_counts, verify_push,
)

PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON")


def raw_sqlite_baseline(source: Path, directory: Path, batch: int) -> dict:
    """executemany the server's own rows (ledger + log.entry entities) into a fresh file."""
    src = sqlite3.connect(source)
    ddl = [sql for (sql,) in src.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name IN ('ledger', 'entities') AND sql IS NOT NULL "
        "ORDER BY type = 'index'")]
    ledger = src.execute("SELECT * FROM ledger ORDER BY received_at, device_id, seq").fetchall()
    entities = src.execute("SELECT * FROM entities WHERE kind = 'log.entry' ORDER BY version").fetchall()
    src.close()
    pairs = min(len(ledger), len(entities))
    path = directory / "raw.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    for sql in ddl:
        conn.execute(sql)
    lq = f"INSERT INTO ledger VALUES ({','.join('?' * len(ledger[0]))})"
    eq = f"INSERT INTO entities VALUES ({','.join('?' * len(entities[0]))})"
    t0 = time.perf_counter()
    for lo in range(0, pairs, batch):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(lq, ledger[lo:lo + batch])
        conn.executemany(eq, entities[lo:lo + batch])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    ledger_bytes = sum(len(str(v)) for v in ledger[0] if v is not None)
    entity_bytes = sum(len(str(v)) for v in entities[0] if v is not None)
    log(f"raw sqlite3: {pairs} ledger+entity row pairs in {elapsed:.2f}s "
        f"(~{ledger_bytes} + {entity_bytes} bytes per pair)")
    return {"rows_per_s": pairs / elapsed, "pairs": pairs, "seconds": elapsed,
            "bytes_per_ledger_row": ledger_bytes, "bytes_per_entity_row": entity_bytes}


def keep_database(db_path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(db_path)
    conn.execute("VACUUM INTO ?", (str(target),))
    conn.close()
    log(f"pushed database kept at {target}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutations", type=int, default=100_000)
    ap.add_argument("--devices", type=int, default=50)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--threads", type=int, default=8, help="client threads")
    ap.add_argument("--server", choices=("gunicorn", "serve", "werkzeug"), default="gunicorn")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    ap.add_argument("--worker-threads", type=int, default=1, help=">1: gunicorn gthread workers")
    ap.add_argument("--keep-db", type=Path, help="copy the pushed database here (for bench/sync_pull.py)")
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.mutations, args.devices, args.batch, args.threads = 600, 3, 50, 3
    if args.mutations % args.devices:
        ap.error("--mutations must be a multiple of --devices")

    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-push-"))
    try:
        db_path, url = fresh_sqlite(tmp)
        prepare_database(url)
        server = Server(url, kind=args.server, workers=args.workers, threads=args.worker_threads, workdir=tmp)
        with server:
            devices = enroll_devices(server.url, args.devices)
            before = sql_counts(url)  # after enrolment: each enrolment publishes the phone's key
            per_device = args.mutations // args.devices
            t0 = time.perf_counter()
            for i, bd in enumerate(devices):
                build_batches(bd, per_device, args.batch, start_n=i * per_device)
            log(f"built {args.mutations} signed mutations in {time.perf_counter() - t0:.1f}s "
                f"({sum(len(d.batches) for d in devices)} batches of {args.batch})")
            stats, seconds = run_pushes(server.url, devices, args.threads)
        log(f"pushed {stats.mutations_acked} mutations in {seconds:.2f}s "
            f"({stats.mutations_acked / seconds:.0f}/s), {stats.retries} retries")
        for e in stats.errors[:10]:
            log("ERROR", e)

        verify = verify_push(url, before, stats, args.mutations)

        raw = raw_sqlite_baseline(db_path, tmp, args.batch)
        if args.keep_db:
            keep_database(db_path, args.keep_db)
        push_ops = stats.mutations_acked / seconds
        emit({
            "push_ops_per_s": round(push_ops, 1),
            "raw_sqlite_rows_per_s": round(raw["rows_per_s"], 1),
            "ratio": round(push_ops / raw["rows_per_s"], 4),
            "mutations": args.mutations,
            "devices": args.devices,
            "batch": args.batch,
            "client_threads": args.threads,
            "server": server.describe(),
            "push_seconds": round(seconds, 3),
            "p50_ms": round(percentile(stats.latencies_ms, 50), 1),
            "p95_ms": round(percentile(stats.latencies_ms, 95), 1),
            "raw_sqlite": {k: round(v, 3) if isinstance(v, float) else v for k, v in raw.items()},
            "verify": verify,
        })
        return 0 if verify["ok"] else 1
    finally:
        remove_unless_kept(tmp)


if __name__ == "__main__":
    sys.exit(main())
