"""A pull costs what it returns: the same pull at a small and at a large site.

    python bench/pull_history.py             # 10,000 against 1,000,000 rows
    python bench/pull_history.py --quick     # 1,000 against 20,000 rows (seconds)

Two pairs of SQLite databases, seeded straight into `entities` (not timed; a pull
reads rows, it does not care how they were written):

- `head`: guard1 at site `hv` pulls the newest 100 duty-log entries (cursor at
  version max - 100), at a site holding `small` and `large` entries.
- `packer`: packer1 at site `wh` makes a first pull (from no cursor) of the 100
  records a packer may see (in one page of up to 200), spread evenly through `small` and `large` duty-log
  entries that a packer may not see.

Each pull goes through the app over HTTP (gunicorn, one worker), `repeat` times;
the figure is the median. `ratio` = large / small; the aim (issue "Scale") is <= 1.3.
Each pull's answer is checked: exactly the expected changes, once each.
Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402

from bench.common import (  # noqa: E402
    SITE, Server, emit, enroll_devices, fresh_sqlite, log, prepare_database, remove_unless_kept,
)
from sync.cursor import encode  # noqa: E402

WAREHOUSE = "wh"
VISIBLE_TO_PACKER = "site.device"  # a record every role pulls
PAGE = 100


def seed(db_path: Path, space: str, rows: int, visible_every: int | None) -> int:
    """Append `rows` duty-log entries to `space` (every `visible_every`-th one a record the
    packer sees instead); return the space's version afterwards."""
    conn = sqlite3.connect(db_path)
    try:
        start = conn.execute("SELECT version FROM spaces WHERE id = ?", (space,)).fetchone()[0]
        entry = json.dumps({"text": "Patrol round: all fire doors closed, nothing unusual.",
                            "category": "routine", "author": 3, "number": "LOG-2026-11-0001"})

        def row(i):
            version = start + i + 1
            if visible_every and i % visible_every == visible_every - 1:
                return (VISIBLE_TO_PACKER, f"bench-{i:08d}", space, version, 0, '{"label": "phone"}')
            return ("log.entry", f"bench-{i:08d}", space, version, 0, entry)

        for lo in range(0, rows, 50_000):
            conn.executemany("INSERT INTO entities (kind, id, space, version, deleted, data) "
                             "VALUES (?, ?, ?, ?, ?, ?)", (row(i) for i in range(lo, min(rows, lo + 50_000))))
        conn.execute("UPDATE spaces SET version = ? WHERE id = ?", (start + rows, space))
        conn.commit()
        return start + rows
    finally:
        conn.close()


def epoch_of(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()[0]
    finally:
        conn.close()


def timed_pulls(base: str, headers: dict, cursor: str | None, limit: int, expected: int,
                repeat: int) -> list[float]:
    http = requests.Session()
    times = []
    for _ in range(repeat):
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        t0 = time.perf_counter()
        resp = http.get(f"{base}/api/sync/pull", params=params, headers=headers, timeout=120)
        times.append((time.perf_counter() - t0) * 1000)
        if resp.status_code != 200:
            raise SystemExit(f"pull failed: {resp.status_code} {resp.text[:300]}")
        changes = [c for c in resp.json()["changes"] if c["id"].startswith("bench-")]
        if len(changes) != expected or len({c["id"] for c in changes}) != expected:
            raise SystemExit(f"expected {expected} bench changes, got {len(changes)}")
    return times


def one_case(tmp: Path, name: str, rows: int, repeat: int) -> float:
    """Median ms of the `name` pull at a site with `rows` rows."""
    db_path, url = fresh_sqlite(tmp, f"{name}-{rows}.db")
    prepare_database(url)
    packer = name == "packer"
    space = WAREHOUSE if packer else SITE
    log(f"{name}: seeding {rows:,} rows")
    head = seed(db_path, space, rows, rows // PAGE if packer else None)
    with Server(url, kind="gunicorn", workers=1, workdir=tmp) as server:
        bd = enroll_devices(server.url, 1, user="packer1" if packer else "guard1", site=space)[0]
        headers = {"Authorization": f"Bearer {bd.user_token}", "X-Device-Token": bd.device_token}
        # enrolment published this phone (a site.device record) after the seeded rows
        cursor = None if packer else encode(epoch_of(db_path), {space: head - PAGE})
        # the packer's first page also holds the site's key list, roster and phones
        times = timed_pulls(server.url, headers, cursor, 2 * PAGE if packer else PAGE, PAGE, repeat)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--large", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.small, args.large, args.repeat = 1_000, 20_000, 5
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-history-"))
    result = {"bench": "pull_history", "page": PAGE, "small_rows": args.small, "large_rows": args.large,
              "repeat": args.repeat}
    try:
        for name in ("head", "packer"):
            small = one_case(tmp, name, args.small, args.repeat)
            large = one_case(tmp, name, args.large, args.repeat)
            result[name] = {"small_ms": round(small, 2), "large_ms": round(large, 2),
                            "ratio": round(large / small, 3)}
            log(f"{name}: {result[name]}")
    finally:
        remove_unless_kept(tmp)
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
