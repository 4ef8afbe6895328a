"""Pull throughput on SQLite: one device reads every change from a fresh cursor.

    python bench/sync_pull.py                  # seed 100,000 log entries, pull in pages of 500
    python bench/sync_pull.py --db pushed.db   # reuse a database kept by sync_push.py --keep-db
    python bench/sync_pull.py --quick          # a few seconds

Seeding (not timed) pushes through the app in this process (Flask test client).
The pull itself goes over HTTP to a gunicorn server: a newly enrolled phone with
guard1 signed in follows `cursor` until `has_more` is false. Every change the
guard may see must arrive exactly once, in (space, version) order.

`bytes_per_change_raw` is the JSON response bytes per change; the server does not
compress responses, so `bytes_per_change_gzip` is each page's body gzipped
(level 6, as a reverse proxy would) per change. If the server ever answers with
`Content-Encoding: gzip`, the wire bytes are used instead.

Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402

from bench.common import (  # noqa: E402
    SITE, Server, emit, enroll_devices, fresh_sqlite, log, percentile, prepare_database,
    remove_unless_kept, seed_log_entries,
)


def expected_changes(db_path: Path, kinds: list[str]) -> int:
    conn = sqlite3.connect(db_path)
    try:
        marks = ",".join("?" * len(kinds))
        return conn.execute(f"SELECT count(*) FROM entities WHERE space = ? AND kind IN ({marks})",
                            [SITE, *kinds]).fetchone()[0]
    finally:
        conn.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--changes", type=int, default=100_000, help="log entries to seed")
    ap.add_argument("--limit", type=int, default=500, help="page size")
    ap.add_argument("--db", type=Path, help="a database from sync_push.py --keep-db (copied, not changed)")
    ap.add_argument("--workers", type=int, default=1, help="gunicorn workers")
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.changes, args.limit = 1200, 100

    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-pull-"))
    try:
        db_path, url = fresh_sqlite(tmp)
        if args.db:
            shutil.copyfile(args.db, db_path)
            log(f"reusing {args.db}")
        else:
            prepare_database(url)
            seed_log_entries(url, args.changes)
        server = Server(url, kind="gunicorn", workers=args.workers, workdir=tmp)
        with server:
            bd = enroll_devices(server.url, 1)[0]
            headers = {"Authorization": f"Bearer {bd.user_token}", "X-Device-Token": bd.device_token,
                       "Accept-Encoding": "gzip"}
            kinds_map = requests.get(f"{server.url}/api/sync/kinds", headers=headers, timeout=30).json()
            kinds = sorted(k for k, roles in kinds_map["visible"].items() if "guard" in roles)
            expected = expected_changes(db_path, kinds)
            log(f"pulling {expected} changes ({', '.join(kinds)}) in pages of {args.limit}")

            http = requests.Session()
            cursor, pages, changes, raw_bytes, gz_bytes, server_gzip = None, 0, 0, 0, 0, False
            seen: set[tuple[str, str]] = set()
            last_version, out_of_order, resets = 0, 0, 0
            page_ms: list[float] = []
            t0 = time.perf_counter()
            while True:
                params = {"limit": args.limit}
                if cursor:
                    params["cursor"] = cursor
                p0 = time.perf_counter()
                resp = http.get(f"{server.url}/api/sync/pull", params=params, headers=headers, timeout=300)
                page_ms.append((time.perf_counter() - p0) * 1000)
                if resp.status_code != 200:
                    raise SystemExit(f"pull failed: {resp.status_code} {resp.text[:300]}")
                body = resp.json()
                pages += 1
                content = resp.content  # decoded
                raw_bytes += len(content)
                if resp.headers.get("Content-Encoding") == "gzip":
                    server_gzip = True
                    gz_bytes += int(resp.raw.tell() or 0) or len(gzip.compress(content, 6))
                else:
                    gz_bytes += len(gzip.compress(content, 6))
                resets += bool(body["reset"])
                for ch in body["changes"]:
                    seen.add((ch["kind"], ch["id"]))
                    out_of_order += ch["version"] < last_version
                    last_version = max(last_version, ch["version"])
                changes += len(body["changes"])
                cursor = body["cursor"]
                if not body["has_more"]:
                    break
            seconds = time.perf_counter() - t0
        verify = {"expected": expected, "changes": changes, "distinct": len(seen),
                  "out_of_order": out_of_order, "resets": resets}
        verify["ok"] = changes == expected == len(seen) and not out_of_order and not resets
        log(f"pulled {changes} changes in {pages} pages, {seconds:.2f}s; verification: {verify}")
        emit({
            "pull_changes_per_s": round(changes / seconds, 1),
            "pages": pages,
            "bytes_per_change_gzip": round(gz_bytes / max(changes, 1), 1),
            "bytes_per_change_raw": round(raw_bytes / max(changes, 1), 1),
            "changes": changes,
            "limit": args.limit,
            "pull_seconds": round(seconds, 3),
            "page_p50_ms": round(percentile(page_ms, 50), 1),
            "page_p95_ms": round(percentile(page_ms, 95), 1),
            "server_gzip": server_gzip,
            "server": server.describe(),
            "seeded_from": str(args.db) if args.db else "in-process push (test client)",
            "verify": verify,
        })
        return 0 if verify["ok"] else 1
    finally:
        remove_unless_kept(tmp)


if __name__ == "__main__":
    sys.exit(main())
