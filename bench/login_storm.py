"""Pushes during a storm of wrong sign-ins, against the same pushes alone, in one run.

    python bench/login_storm.py            # 3 x 6,000 mutations, 20 storm clients
    python bench/login_storm.py --quick    # a few seconds

One gunicorn server (gthread workers, TRUSTED_PROXIES=1) on a fresh SQLite file,
three phases with the same push workload (fresh phones each, so every push applies):

- `alone`: the pushes, nothing else;
- `storm`: the pushes while `--storm` clients post wrong passwords as fast as they
  can, each attempt from a new address (X-Forwarded-For) and a new name, so no
  throttle ever stops one: every attempt runs the full scrypt check (the server
  hashes unknown names against a dummy of the same cost). This is the worst case,
  many machines guessing at once;
- `storm_one_address`: the same clients from one address, as one attacker is:
  after 20 failures they get 429 without any hashing.

Push latency under `storm` is mostly CPU: the storm's hashes and the pushes share
the machine's cores. What the fix removed is the wait for SQLite's write lock,
which a failed sign-in used to hold while scrypt ran.

Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PushStats, Server, build_batches, emit, enroll_devices, fresh_sqlite, log, percentile, prepare_database,
    remove_unless_kept, run_pushes, sql_counts, verify_push,
)

PHASES = ("alone", "storm", "storm_one_address")
ONE_ADDRESS = "198.51.100.66"


class Storm:
    """`clients` threads posting wrong passwords until stopped."""

    def __init__(self, base: str, clients: int, one_address: bool):
        self.base, self.clients, self.one_address = base, clients, one_address
        self.stop = threading.Event()
        self.statuses: Counter = Counter()
        self.latencies_ms: list[float] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(clients)]

    def _run(self, i: int) -> None:
        http, n = requests.Session(), 0
        while not self.stop.is_set():
            n += 1
            address = ONE_ADDRESS if self.one_address else f"10.{i}.{n // 250 % 250}.{n % 250 + 1}"
            t0 = time.perf_counter()
            try:
                status = http.post(f"{self.base}/api/auth/login", timeout=120,
                                   json={"username": f"nobody-{uuid.uuid4().hex[:12]}", "password": "wrong-guess"},
                                   headers={"X-Forwarded-For": address}).status_code
            except requests.RequestException:
                status = "error"
            with self.lock:
                self.statuses[status] += 1
                self.latencies_ms.append((time.perf_counter() - t0) * 1000)

    def start(self) -> None:
        for t in self.threads:
            t.start()
        while sum(self.statuses.values()) < self.clients and not self.stop.is_set():  # the storm is on
            time.sleep(0.01)

    def finish(self, seconds: float) -> dict:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=120)
        attempts = sum(self.statuses.values())
        return {"clients": self.clients, "attempts": attempts,
                "attempts_per_s": round(attempts / seconds, 1) if seconds else 0.0,
                "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)},
                "login_p50_ms": round(percentile(self.latencies_ms, 50), 1),
                "login_p95_ms": round(percentile(self.latencies_ms, 95), 1)}


def phase_result(stats: PushStats, seconds: float) -> dict:
    return {"push_ops_per_s": round(stats.mutations_acked / seconds, 1), "push_seconds": round(seconds, 3),
            "pushes": len(stats.latencies_ms),
            "p50_ms": round(percentile(stats.latencies_ms, 50), 1),
            "p95_ms": round(percentile(stats.latencies_ms, 95), 1),
            "max_ms": round(max(stats.latencies_ms, default=0.0), 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutations", type=int, default=6000, help="per phase")
    ap.add_argument("--devices", type=int, default=6, help="per phase")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--threads", type=int, default=3, help="push client threads")
    ap.add_argument("--storm", type=int, default=20, help="clients posting wrong passwords")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    ap.add_argument("--worker-threads", type=int, default=8, help="threads per gunicorn (gthread) worker")
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.mutations, args.devices, args.batch, args.threads, args.storm = 200, 2, 25, 2, 4
    if args.mutations % args.devices:
        ap.error("--mutations must be a multiple of --devices")

    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-storm-"))
    os.environ["TRUSTED_PROXIES"] = "1"   # the storm's X-Forwarded-For stands for many machines
    try:
        _, url = fresh_sqlite(tmp)
        prepare_database(url)
        server = Server(url, workers=args.workers, threads=args.worker_threads, workdir=tmp)
        results, total, storms = {}, PushStats(), {}
        with server:
            per_device = args.mutations // args.devices
            devices = {}
            for p, phase in enumerate(PHASES):
                devices[phase] = enroll_devices(server.url, args.devices)
                for i, bd in enumerate(devices[phase]):
                    build_batches(bd, per_device, args.batch, start_n=(p * args.devices + i) * per_device)
            before = sql_counts(url)  # after enrolment: each enrolment publishes the phone's key
            for phase in PHASES:
                storm = Storm(server.url, args.storm, one_address=phase == "storm_one_address") \
                    if phase != "alone" else None
                if storm:
                    storm.start()
                stats, seconds = run_pushes(server.url, devices[phase], args.threads)
                if storm:
                    storms[phase] = storm.finish(seconds)
                results[phase] = phase_result(stats, seconds)
                log(f"{phase}: {results[phase]}" + (f"; logins {storms[phase]}" if storm else ""))
                total.latencies_ms += stats.latencies_ms
                total.mutations_acked += stats.mutations_acked
                total.retries += stats.retries
                total.errors += stats.errors
        verify = verify_push(url, before, total, args.mutations * len(PHASES))
        alone = results["alone"]
        emit({
            "server": server.describe() + ", TRUSTED_PROXIES=1, SQLite",
            "mutations_per_phase": args.mutations, "devices_per_phase": args.devices, "batch": args.batch,
            "push_client_threads": args.threads,
            **{phase: {**results[phase], **({"logins": storms[phase]} if phase in storms else {})}
               for phase in PHASES},
            "storm_vs_alone": {
                phase: {"push_ops_ratio": round(results[phase]["push_ops_per_s"] / alone["push_ops_per_s"], 3),
                        "p95_ratio": round(results[phase]["p95_ms"] / alone["p95_ms"], 2) if alone["p95_ms"] else None}
                for phase in PHASES[1:]},
            "verify": verify,
        })
        return 0 if verify["ok"] else 1
    finally:
        remove_unless_kept(tmp)


if __name__ == "__main__":
    sys.exit(main())
