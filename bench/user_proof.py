"""The cost of the per-user proof (PROTOCOL.md P8) on the server, in one run.

    python bench/user_proof.py            # 12,000 mutations, 12 devices, batches of 200, 3 rounds
    python bench/user_proof.py --quick    # seconds

Two ways, alternated (`--rounds` times each, on a fresh SQLite file and a fresh
gunicorn each time, same devices, sizes and client threads):
- `with_user_sig`: every mutation carries `user_sig`; the server checks each one;
- `without_user_sig`: no `user_sig`, served by `bench/unproven_app.py`, the same
  app with the check turned off (as before P8), so every mutation is applied in
  both ways and only the proof differs.
Also, in-process, the per-mutation cost of what the check adds (the canonical
encoding without `user_sig` and the HMAC) beside an ECDSA P-256 verify (what a
per-user public-key signature would cost instead).

Prints one JSON object on stdout; logs go to stderr.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402

from bench.common import (  # noqa: E402
    Server, build_batches, emit, enroll_devices, fresh_sqlite, log, log_entry_payload, percentile,
    prepare_database, remove_unless_kept, run_pushes, sql_counts, verify_push,
)
from sync.canonical import hash_with_proof_bytes, mutation_hash  # noqa: E402
from sync.device import Device, sign  # noqa: E402
from sync.signature import proven, public_key_from_jwk, verify  # noqa: E402
from sync.device import public_jwk  # noqa: E402

WAYS = {"with_user_sig": ("backend:create_app()", True),
        "without_user_sig": ("bench.unproven_app:create_app()", False)}


def one_push_run(tmp: Path, way: str, args) -> dict:
    app, prove = WAYS[way]
    run_dir = Path(tempfile.mkdtemp(prefix=f"{way}-", dir=tmp))
    db_path, url = fresh_sqlite(run_dir)
    prepare_database(url)
    with Server(url, workers=args.workers, workdir=run_dir, app=app) as server:
        devices = enroll_devices(server.url, args.devices)
        before = sql_counts(url)
        per_device = args.mutations // args.devices
        for i, bd in enumerate(devices):
            build_batches(bd, per_device, args.batch, start_n=i * per_device, prove=prove)
        stats, seconds = run_pushes(server.url, devices, args.threads)
    verify = verify_push(url, before, stats, args.mutations)
    ops = stats.mutations_acked / seconds
    log(f"{way}: {ops:.0f} mutations/s, p95 {percentile(stats.latencies_ms, 95):.1f} ms, ok={verify['ok']}")
    return {"push_ops_per_s": round(ops, 1), "p50_ms": round(percentile(stats.latencies_ms, 50), 1),
            "p95_ms": round(percentile(stats.latencies_ms, 95), 1), "ok": verify["ok"]}


def core_costs(n: int) -> dict:
    """Microseconds per mutation, in-process: what the check adds, and what P-256 would cost."""
    device = Device(space="hv", id="bench")
    key = b"k" * 32
    muts = [device.record("log.entry", 1, log_entry_payload(i), proof_key=key) for i in range(n)]
    public = public_key_from_jwk(public_jwk(device.key))
    sigs = [sign(device.key, mutation_hash(m)) for m in muts]

    def per(fn) -> float:
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) / n * 1e6

    ways = {"hash_only": lambda: [mutation_hash(m) for m in muts],
            "hash_and_hmac_check": lambda: [proven(key, hash_with_proof_bytes(m)[1], m["user_sig"]) for m in muts],
            "hash_and_p256_verify": lambda: [verify(public, mutation_hash(m), s) for m, s in zip(muts, sigs)]}
    best = {w: min(per(fn) for _ in range(1)) for w, fn in ways.items()}   # warm-up
    for _ in range(7):   # interleaved; the least of 7 is the least disturbed by other load
        for w, fn in ways.items():
            best[w] = min(best[w], per(fn))
    return {"hash_only_us": round(best["hash_only"], 2),
            "hash_and_hmac_check_us": round(best["hash_and_hmac_check"], 2),
            "added_by_proof_us": round(best["hash_and_hmac_check"] - best["hash_only"], 2),
            "p256_verify_us": round(best["hash_and_p256_verify"] - best["hash_only"], 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutations", type=int, default=12_000)
    ap.add_argument("--devices", type=int, default=12)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--threads", type=int, default=6, help="client threads")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each way, alternated (the median is reported)")
    ap.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.mutations, args.devices, args.batch, args.threads, args.rounds = 600, 3, 50, 3, 1
    if args.mutations % args.devices:
        ap.error("--mutations must be a multiple of --devices")
    tmp = Path(tempfile.mkdtemp(prefix="gatehouse-bench-proof-"))
    try:
        runs: dict[str, list[dict]] = {w: [] for w in WAYS}
        for r in range(args.rounds):
            order = list(WAYS) if r % 2 == 0 else list(reversed(WAYS))
            for way in order:
                runs[way].append(one_push_run(tmp, way, args))
        summary = {w: {"push_ops_per_s": round(statistics.median(x["push_ops_per_s"] for x in rs), 1),
                       "p95_ms": round(statistics.median(x["p95_ms"] for x in rs), 1),
                       "runs": rs} for w, rs in runs.items()}
        ok = all(x["ok"] for rs in runs.values() for x in rs)
        emit({
            "benchmark": "user_proof_push",
            "mutations": args.mutations, "devices": args.devices, "batch": args.batch,
            "client_threads": args.threads, "server": f"gunicorn -w {args.workers} (sync workers)",
            **summary,
            "push_ratio_with_to_without": round(summary["with_user_sig"]["push_ops_per_s"]
                                                / summary["without_user_sig"]["push_ops_per_s"], 3),
            "core_per_mutation": core_costs(2000 if not args.quick else 200),
            "ok": ok,
        })
        return 0 if ok else 1
    finally:
        remove_unless_kept(tmp)


if __name__ == "__main__":
    sys.exit(main())
