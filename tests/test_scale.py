"""Beyond one machine (README "Running at scale"): stateless workers on one PostgreSQL
behind pgbouncer in transaction mode.

In transaction mode each transaction may run on another server connection, so the
app must keep no state in a database session between transactions. psycopg prepares
statements on the server after five runs; behind such a pooler that breaks (the
first test shows it does, so the setting is needed), and DATABASE_TRANSACTION_POOLER
switches it off. The second test runs the real thing: gunicorn workers whose
connections share two server connections, phones pushing and pulling at once;
nothing lost, nothing doubled.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# SQL that keeps state in a session (written in capitals, as SQL in this code is)
SESSION_STATE = re.compile(r"\b(LISTEN|NOTIFY|UNLISTEN) \w|pg_advisory\w*|CREATE TEMP(ORARY)? TABLE|SET SESSION"
                           r"|exec_driver_sql\(\s*f?[\"']SET ")


def test_nothing_keeps_state_in_a_database_session():
    """What transaction pooling forbids appears nowhere in the server's code."""
    found = [f"{path.relative_to(ROOT)}:{n}" for path in [*ROOT.glob("backend/**/*.py"), *ROOT.glob("sync/*.py")]
             for n, line in enumerate(path.read_text().splitlines(), 1) if SESSION_STATE.search(line)]
    assert found == []


if os.environ.get("TEST_DATABASE_URL"):  # PostgreSQL only; collected only then
    from sqlalchemy.engine import make_url

    def _free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    @pytest.fixture(scope="module")
    def pgbouncer():
        """pgbouncer in transaction mode, two server connections per database; its URL
        prefix (`postgresql://postgres@127.0.0.1:PORT/`)."""
        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        server = make_url(os.environ["TEST_DATABASE_URL"])
        workdir = Path(tempfile.mkdtemp(prefix="gatehouse-pgbouncer-"))
        workdir.chmod(0o777)  # pgbouncer refuses to run as root; it runs as postgres then
        port = _free_port()
        (workdir / "users.txt").write_text(f'"{server.username}" ""\n')
        (workdir / "pgbouncer.ini").write_text(
            f"[databases]\n* = host={server.host} port={server.port or 5432}\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {workdir / 'users.txt'}\npool_mode = transaction\n"
            f"default_pool_size = 2\nmax_client_conn = 200\nlogfile = {workdir / 'pgbouncer.log'}\n")
        for f in workdir.iterdir():
            f.chmod(0o644)
        cmd = [binary, *(["-u", "postgres"] if os.geteuid() == 0 else []), str(workdir / "pgbouncer.ini")]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (workdir / "pgbouncer.log")
                    raise RuntimeError(f"pgbouncer did not start: {log.read_text() if log.exists() else ''}")
                time.sleep(0.1)
        yield f"postgresql://{server.username}@127.0.0.1:{port}/"
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    def _statement_errors(url: str, prepare_threshold) -> int:
        import psycopg
        conns = [psycopg.connect(url, prepare_threshold=prepare_threshold) for _ in range(6)]
        errors = 0
        try:
            for i in range(30):
                for c in conns:  # six clients take turns on two server connections
                    try:
                        c.execute("SELECT %s::int + 1", (i,)).fetchone()
                        c.commit()
                    except psycopg.Error:
                        errors += 1
                        c.rollback()
        finally:
            for c in conns:
                c.close()
        return errors

    def test_prepared_statements_break_behind_a_transaction_pooler_unless_switched_off(pgbouncer):
        database = make_url(os.environ["TEST_DATABASE_URL"]).database
        assert _statement_errors(pgbouncer + database, 5) > 0  # psycopg's default: why the setting exists
        assert _statement_errors(pgbouncer + database, None) == 0  # what DATABASE_TRANSACTION_POOLER sets

    @pytest.mark.slow
    def test_workers_through_pgbouncer_lose_and_double_nothing(pgbouncer, monkeypatch):
        from bench.common import (Server, build_batches, enroll_devices, fresh_postgres, prepare_database,
                                  run_pushes, sql_counts, verify_push)
        direct = fresh_postgres(os.environ["TEST_DATABASE_URL"], "gatehouse_pgbouncer")
        prepare_database(direct)  # migrations straight to the server, as `gatehouse migrate` would
        monkeypatch.setenv("DATABASE_TRANSACTION_POOLER", "1")
        with Server(pgbouncer + "gatehouse_pgbouncer", kind="gunicorn", workers=3) as server:
            devices = enroll_devices(server.url, 6, parallel=3)
            for i, bd in enumerate(devices):
                build_batches(bd, 150, 50, start_n=i * 150)
            before = sql_counts(direct)
            stats, _ = run_pushes(server.url, devices, threads=6)
            verify = verify_push(direct, before, stats, 900)
            assert stats.errors == [] and verify["ok"], verify
            import requests
            bd = devices[0]
            headers = {"Authorization": f"Bearer {bd.user_token}", "X-Device-Token": bd.device_token}
            cursor, seen = None, set()
            while True:
                page = requests.get(f"{server.url}/api/sync/pull", headers=headers, timeout=60,
                                    params={"limit": 200, **({"cursor": cursor} if cursor else {})}).json()
                seen |= {(c["kind"], c["id"]) for c in page["changes"] if c["kind"] == "log.entry"}
                cursor = page["cursor"]
                if not page["has_more"]:
                    break
            assert len(seen) == 900
