"""The benchmarks still run: each script's --quick mode, as a subprocess.

Checks the one JSON object each prints and its verification counts (nothing
lost, nothing doubled); never wall-clock time. The PostgreSQL benchmark is
collected only when TEST_DATABASE_URL is set (it creates and drops its own
`gatehouse_bench_quick` database on that server, never the test database).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def run_quick(script: str, env: dict | None = None) -> dict:
    proc = subprocess.run([sys.executable, str(BENCH / script), "--quick"], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"{script} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, f"{script} must print exactly one JSON line on stdout, got:\n{proc.stdout}"
    return json.loads(lines[0])


def check_push(out: dict, mutations: int) -> None:
    v = out["verify"]
    assert v["ok"] is True
    for key in ("ledger_rows", "ledger_applied", "log_entries", "distinct_mutation_ids",
                "log_numbers_issued", "space_versions_added", "acked"):
        assert v[key] == mutations, key
    assert v["review_items"] == 0 and v["errors"] == 0


@pytest.mark.slow
def test_sync_push_quick():
    out = run_quick("sync_push.py")
    assert {"push_ops_per_s", "raw_sqlite_rows_per_s", "ratio", "mutations", "devices", "batch",
            "server"} <= set(out)
    assert out["push_ops_per_s"] > 0 and out["raw_sqlite_rows_per_s"] > 0 and out["ratio"] > 0
    check_push(out, out["mutations"])
    assert out["raw_sqlite"]["pairs"] == out["mutations"]


@pytest.mark.slow
def test_sync_pull_quick():
    out = run_quick("sync_pull.py")
    assert {"pull_changes_per_s", "pages", "bytes_per_change_gzip", "bytes_per_change_raw"} <= set(out)
    v = out["verify"]
    assert v["ok"] is True
    assert v["changes"] == v["expected"] == v["distinct"] == out["changes"]
    assert v["out_of_order"] == 0 and v["resets"] == 0
    assert out["pages"] >= out["changes"] // out["limit"]
    assert 0 < out["bytes_per_change_gzip"] < out["bytes_per_change_raw"]


@pytest.mark.slow
def test_login_storm_quick():
    out = run_quick("login_storm.py")
    phases = ("alone", "storm", "storm_one_address")
    for phase in phases:
        assert out[phase]["push_ops_per_s"] > 0 and out[phase]["p50_ms"] <= out[phase]["p95_ms"], phase
    for phase in phases[1:]:
        logins = out[phase]["logins"]
        assert logins["attempts"] >= logins["clients"] > 0   # the storm ran during the pushes
        assert set(logins["statuses"]) <= {"401", "429"}, logins   # refused, never a server error
        assert set(out["storm_vs_alone"][phase]) == {"push_ops_ratio", "p95_ratio"}
    assert out["storm"]["logins"]["statuses"].get("429", 0) == 0   # a new address each time: never throttled
    check_push(out, out["mutations_per_phase"] * len(phases))


if os.environ.get("TEST_DATABASE_URL"):  # collected only then: no skip without a server
    @pytest.mark.slow
    def test_pg_push_quick():
        env = {"BENCH_DATABASE_URL": os.environ["TEST_DATABASE_URL"]}
        out = run_quick("pg_push.py", env)
        assert {"push_ops_per_s", "p50_ms", "p95_ms", "p99_ms", "devices", "workers"} <= set(out)
        assert out["database"] == "gatehouse_bench_quick"
        assert out["p50_ms"] <= out["p95_ms"] <= out["p99_ms"]
        check_push(out, out["mutations"])
        assert out["verify"]["devices_last_seq_sum"] == out["mutations"]

    @pytest.mark.slow
    def test_lock_hold_quick():
        """bench/lock_hold.py: every push applied, each timed from its lock to its commit."""
        out = run_quick("lock_hold.py", {"BENCH_DATABASE_URL": os.environ["TEST_DATABASE_URL"]})
        assert out["verify"]["ok"] is True and out["pushes"] == 3
        assert 0 < out["lock_held_ms"]["p50"] and 0 < out["lock_share"] < 1


@pytest.mark.slow
def test_pull_history_quick():
    """The history bench runs; each of its pulls checked its own page (100 seeded changes)."""
    out = run_quick("pull_history.py")
    for case in ("head", "packer"):
        assert out[case]["small_ms"] > 0 and out[case]["large_ms"] > 0 and out[case]["ratio"] > 0
    assert out["large_rows"] > out["small_rows"]


@pytest.mark.slow
def test_first_sync_quick():
    """bench/first_sync.py: a new phone's crawl with and without the window, each checked."""
    out = run_quick("first_sync.py")
    window, everything = out["window"], out["everything"]
    assert window["verified"] and everything["verified"]
    assert out["history_rows"] == 30 * out["per_day"]
    # the window holds the last 14 days of closed records and what is open; everything holds the month
    assert window["changes"] < everything["changes"] and window["gzip_bytes"] < everything["gzip_bytes"]
    assert window["window_start"] > everything["window_start"]


@pytest.mark.slow
def test_user_proof_quick():
    """bench/user_proof.py: the push with and without user_sig, every mutation applied both ways."""
    out = run_quick("user_proof.py")
    assert out["ok"] is True
    for way in ("with_user_sig", "without_user_sig"):
        assert all(run["ok"] for run in out[way]["runs"])
    assert out["core_per_mutation"]["p256_verify_us"] > 0


if os.environ.get("TEST_DATABASE_URL"):  # the load test runs on PostgreSQL; collected only then
    @pytest.mark.slow
    def test_load_quick():
        """Locust drives enrolled phones against gunicorn on PostgreSQL: no failure, and the
        server holds every acknowledged mutation once, nothing a phone did not write."""
        out = run_quick("load.py")
        assert out["failures"] == 0, out["endpoints"]
        assert out["endpoints"]["push"]["requests"] > 0 and out["endpoints"]["pull"]["requests"] > 0
        # the workers' own times, from gunicorn's access log: one line per request Locust made
        for name in ("push", "pull"):
            assert out["in_worker"][name]["requests"] == out["endpoints"][name]["requests"], out["in_worker"]
            assert out["in_worker"][name]["p99_ms"] <= out["endpoints"][name]["p99_ms"] + 1, out
        v = out["verify"]
        assert v["ok"] is True and v["acknowledged"] > 0, v


def test_records_list_quick():
    """Records at a desk (issue 13): a day walked page by page through the API lists the
    same rows in the same order as plain keyset SQL (the script asserts it), every page."""
    out = run_quick("records_list.py")
    assert out["visits"] == 5000 and out["day_rows"] == 50 and out["pages"] == 1
    assert out["csv_bytes"] > 0 and out["backend"] == "sqlite"
