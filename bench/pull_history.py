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

Each pull goes through the app over HTTP (gunicorn, one worker per database), the
small and the large site in turns, `repeat` times each; the figure is the median. `ratio` = large / small; the aim (issue "Scale") is <= 1.3.
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
from contextlib import ExitStack
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


def prepared(tmp: Path, name: str, rows: int) -> tuple[str, str | None, int]:
    """A database for the `name` pull at a site with `rows` rows: (url, cursor, limit)."""
    db_path, url = fresh_sqlite(tmp, f"{name}-{rows}.db")
    prepare_database(url)
    packer = name == "packer"
    space = WAREHOUSE if packer else SITE
    log(f"{name}: seeding {rows:,} rows")
    head = seed(db_path, space, rows, rows // PAGE if packer else None)
    cursor = None if packer else encode(epoch_of(db_path), {space: head - PAGE}, {space: 0})
    # the packer's first page also holds the site's key list, roster and phones
    return url, cursor, 2 * PAGE if packer else PAGE


def one_case(tmp: Path, name: str, small: int, large: int, repeat: int) -> dict:
    """Median ms of the `name` pull at a small and a large site, taken in turns (so that
    a busy machine slows both alike)."""
    packer = name == "packer"
    user, space = ("packer1", WAREHOUSE) if packer else ("guard1", SITE)
    times: dict[int, list[float]] = {small: [], large: []}
    with ExitStack() as stack:
        clients = []
        for rows in (small, large):
            url, cursor, limit = prepared(tmp, name, rows)
            server = stack.enter_context(Server(url, kind="gunicorn", workers=1, workdir=tmp))
            bd = enroll_devices(server.url, 1, user=user, site=space)[0]
            headers = {"Authorization": f"Bearer {bd.user_token}", "X-Device-Token": bd.device_token}
            params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            clients.append((rows, f"{server.url}/api/sync/pull", params, headers))
        http = requests.Session()
        for i in range(repeat + 3):
            for rows, url, params, headers in clients:
                t0 = time.perf_counter()
                resp = http.get(url, params=params, headers=headers, timeout=120)
                ms = (time.perf_counter() - t0) * 1000
                if resp.status_code != 200:
                    raise SystemExit(f"pull failed: {resp.status_code} {resp.text[:300]}")
                got = [c["id"] for c in resp.json()["changes"] if c["id"].startswith("bench-")]
                if len(got) != PAGE or len(set(got)) != PAGE:
                    raise SystemExit(f"{name} at {rows:,} rows: expected {PAGE} seeded changes, got {len(got)}")
                if i >= 3:  # the first pulls warm the caches
                    times[rows].append(ms)
    s, lg = statistics.median(times[small]), statistics.median(times[large])
    return {"small_ms": round(s, 2), "large_ms": round(lg, 2), "ratio": round(lg / s, 3)}


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
            result[name] = one_case(tmp, name, args.small, args.large, args.repeat)
            log(f"{name}: {result[name]}")
    finally:
        remove_unless_kept(tmp)
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
