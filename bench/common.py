"""Shared helpers for the benchmarks: a real server process, enrolled devices, batches.

Every benchmark prints ONE JSON object on stdout and logs to stderr (`log`).
The server is a real process on a real socket (gunicorn or `gatehouse serve`);
devices are enrolled through the API as a supervisor and a guard signs in on
each with its X-Device-Token, exactly as a phone does (design.md section 2).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sync.canonical import mutation_hash  # noqa: E402
from sync.device import Device, public_jwk, sign  # noqa: E402
from sync.signature import b64url_decode  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "gatehouse-demo"
SITE = "hv"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


def log(*parts) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def emit(result: dict) -> None:
    """The one JSON object a benchmark prints on stdout."""
    sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


# --- databases -------------------------------------------------------------

def prepare_database(url: str) -> None:
    """Migrate and seed the demo site in this process, then let go of the engine."""
    from backend.testing import make_demo_app
    app = make_demo_app(url)
    app.extensions["gatehouse_db"].engine.dispose()


def fresh_sqlite(directory: Path, name: str = "gatehouse.db") -> tuple[Path, str]:
    path = directory / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path, f"sqlite:///{path}"


def fresh_postgres(admin_url: str, name: str) -> str:
    """Drop and recreate database `name` on the server of `admin_url`; return its URL."""
    import psycopg
    if name in {"test", "postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to recreate database {name!r}")
    from sqlalchemy.engine import make_url
    admin = make_url(admin_url.replace("postgresql+psycopg://", "postgresql://", 1))
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False)


def sql_counts(url: str) -> dict:
    """What the server holds, read straight from the database after the run."""
    from sqlalchemy import create_engine, text
    from backend.db import normalise_url
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as c:
            one = lambda q, **kw: c.execute(text(q), kw).scalar()  # noqa: E731
            statuses = dict(c.execute(text("SELECT status, count(*) FROM ledger GROUP BY status")).all())
            return {
                "ledger_rows": one("SELECT count(*) FROM ledger"),
                "ledger_distinct_mutations": one("SELECT count(DISTINCT mutation_id) FROM ledger"),
                "ledger_applied": statuses.get("applied", 0),
                "ledger_statuses": statuses,
                "log_entries": one("SELECT count(*) FROM entities WHERE kind = 'log.entry'"),
                "review_items": one("SELECT count(*) FROM entities WHERE kind = 'review.item'"),
                "log_numbers_issued": one("SELECT coalesce(sum(value), 0) FROM counters "
                                          "WHERE series LIKE '%LOG-%'") or 0,
                "devices_last_seq_sum": one("SELECT coalesce(sum(last_seq), 0) FROM devices") or 0,
                "space_version": int(one("SELECT coalesce(sum(version), 0) FROM spaces") or 0),  # every site's
                "entities_in_space": one("SELECT count(*) FROM entities WHERE space = :s", s=SITE),
            }
    finally:
        engine.dispose()


def verify_push(url: str, before: dict, stats: "PushStats", expected: int) -> dict:
    """Nothing lost, nothing doubled: what the server holds after `expected` mutations."""
    after = sql_counts(url)
    verify = {
        "ledger_rows": after["ledger_rows"],
        "ledger_applied": after["ledger_applied"],
        "log_entries": after["log_entries"],
        "distinct_mutation_ids": after["ledger_distinct_mutations"],
        "log_numbers_issued": after["log_numbers_issued"],
        "devices_last_seq_sum": after["devices_last_seq_sum"] - before["devices_last_seq_sum"],
        "space_versions_added": after["space_version"] - before["space_version"],
        "review_items": after["review_items"],
        "acked": stats.mutations_acked,
        "retries": stats.retries,
        "errors": len(stats.errors),
    }
    verify["ok"] = (all(verify[k] == expected for k in (
        "ledger_rows", "ledger_applied", "log_entries", "distinct_mutation_ids", "log_numbers_issued",
        "devices_last_seq_sum", "space_versions_added", "acked"))
        and verify["review_items"] == 0 and not stats.errors)
    log("verification:", verify)
    return verify


def remove_unless_kept(tmp: Path) -> None:
    """Temporary files go, unless BENCH_KEEP_TMP asks to look at them."""
    if os.environ.get("BENCH_KEEP_TMP"):
        log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


# --- the server process ----------------------------------------------------

@dataclass
class Server:
    """A Gatehouse server process on a free port (gunicorn or `gatehouse serve`)."""

    database_url: str
    kind: str = "gunicorn"         # or "serve" (`gatehouse serve`), "werkzeug" (app.run, threaded)
    workers: int = 2
    threads: int = 1               # >1 means gunicorn's gthread worker
    workdir: Path | None = None
    port: int = 0
    proc: subprocess.Popen | None = None
    app: str = "backend:create_app()"  # gunicorn's app spec (a bench may serve a variant)
    log_path: Path | None = None
    access_log: Path | None = None  # gunicorn only: one line per request, "<path> <ms in the worker>"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def describe(self) -> str:
        if self.kind == "serve":
            return "gatehouse serve (werkzeug, threaded)"
        if self.kind == "werkzeug":
            return "werkzeug threaded dev server (app.run, as `gatehouse serve` means to)"
        worker = f"gthread x{self.threads}" if self.threads > 1 else "sync"
        return f"gunicorn -w {self.workers} ({worker} workers)"

    def start(self, timeout: float = 60.0) -> "Server":
        self.port = self.port or free_port()
        workdir = self.workdir or Path(tempfile.mkdtemp(prefix="gatehouse-bench-"))
        self.log_path = workdir / f"server-{self.port}.log"
        env = {**os.environ, "DATABASE_URL": self.database_url, "GATEHOUSE_DEMO": "1",
               "PYTHONPATH": str(ROOT)}
        env.pop("TESTING", None)
        if self.kind == "serve":
            cmd = [str(BIN / "gatehouse"), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        elif self.kind == "werkzeug":
            # `gatehouse serve` currently exits at once (Flask ignores app.run() under
            # its CLI); this runs the same server it means to start.
            cmd = [sys.executable, "-c", "from backend import create_app; create_app().run("
                   f"host='127.0.0.1', port={self.port}, threaded=True, use_reloader=False)"]
        else:
            cmd = [str(BIN / "gunicorn"), self.app, "-b", f"127.0.0.1:{self.port}",
                   "-w", str(self.workers), "--timeout", "300", "--graceful-timeout", "5", "--no-control-socket"]
            if self.threads > 1:
                cmd += ["--worker-class", "gthread", "--threads", str(self.threads)]
            if self.access_log:
                cmd += ["--access-logfile", str(self.access_log), "--access-logformat", "%(U)s %(M)s"]
        logfile = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=logfile, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        logfile.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}); log:\n{self.tail()}")
            try:
                if requests.get(self.url + "/api/health", timeout=2).status_code == 200:
                    log(f"server up: {self.describe()} at {self.url}")
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not answer /api/health in {timeout}s; log:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the master and its workers
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- the HTTP side of a phone ----------------------------------------------

class ApiFailure(RuntimeError):
    pass


def _check(resp: requests.Response, expected: int = 200) -> dict:
    if resp.status_code != expected:
        raise ApiFailure(f"{resp.request.method} {resp.request.path_url}: {resp.status_code} {resp.text[:500]}")
    return resp.json()


def login(http: requests.Session, base: str, username: str, device_token: str | None = None) -> dict:
    headers = {"X-Device-Token": device_token} if device_token else {}
    return _check(http.post(f"{base}/api/auth/login", json={"username": username, "password": PASSWORD},
                            headers=headers, timeout=60))


@dataclass
class BenchDevice:
    """An enrolled phone with a guard signed in on it."""

    device: Device
    device_token: str
    user_token: str
    user_id: int
    proof_key: bytes | None = None  # the user's proof key on this phone (PROTOCOL.md P8)
    batches: list[bytes] = field(default_factory=list)  # pre-built bodies, without client_time
    batch_last_seq: list[int] = field(default_factory=list)

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.user_token}", "X-Device-Token": self.device_token,
                "Content-Type": "application/json"}


def enroll_devices(base: str, n: int, user: str = "guard1", supervisor: str = "super1",
                   site: str = SITE, parallel: int = 1) -> list[BenchDevice]:
    """Enroll `n` phones via the API as `supervisor`; sign `user` in on each.

    One at a time by default: on SQLite, concurrent sign-ins on different
    workers fail with 500 (the request session upgrades a DEFERRED read
    transaction to a write and gets SQLITE_BUSY at once; see the bench report).
    """
    http = requests.Session()
    sup = login(http, base, supervisor)["token"]
    auth = {"Authorization": f"Bearer {sup}"}
    codes = [_check(http.post(f"{base}/api/devices/enroll-codes", json={"site_id": site}, headers=auth,
                              timeout=30), 201)["code"] for _ in range(n)]

    def one(i_code):
        i, code = i_code
        with requests.Session() as s:
            device = Device(space=site)
            body = _check(s.post(f"{base}/api/devices/enroll", timeout=30, json={
                "code": code, "public_key": public_jwk(device.key), "label": f"bench phone {i}"}), 201)
            device.id = body["device_id"]
            signed = login(s, base, user, body["device_token"])
            return BenchDevice(device, body["device_token"], signed["token"], signed["user"]["id"],
                               b64url_decode(signed["proof_key"]))

    with ThreadPoolExecutor(parallel) as pool:
        devices = list(pool.map(one, enumerate(codes)))
    log(f"enrolled {len(devices)} devices, {user} signed in on each")
    return devices


PATROL_TEXT = ("Patrol round {n}: all fire doors closed, stairwell lights working, car park "
               "gate locked, nothing unusual to report.")


def log_entry_payload(n: int) -> dict:
    return {"category": "patrol", "text": PATROL_TEXT.format(n=n), "location": f"Block {n % 12 + 1} lobby"}


def build_batches(bd: BenchDevice, count: int, batch: int, start_n: int = 0, prove: bool = True) -> None:
    """Record `count` log.entry mutations and cut them into signed push bodies of `batch`.
    With `prove`, each mutation carries its user's proof (`user_sig`, P8).

    Bodies are serialized once, here, outside the timed section; `client_time`
    is spliced in at send time so the server sees a true clock (P4).
    """
    device = bd.device
    for i in range(count):
        device.record("log.entry", bd.user_id, log_entry_payload(start_n + i),
                      proof_key=bd.proof_key if prove else None)
    outbox = device.outbox
    for lo in range(0, len(outbox), batch):
        chunk = outbox[lo:lo + batch]
        body = {"device_id": device.id, "mutations": chunk,
                "signature": sign(device.key, mutation_hash(chunk[-1]))}
        bd.batches.append(json.dumps(body, separators=(",", ":")).encode())
        bd.batch_last_seq.append(chunk[-1]["seq"])
    device.outbox = []


def with_client_time(body: bytes) -> bytes:
    return b'{"client_time":%d,' % int(time.time() * 1000) + body[1:]


@dataclass
class PushStats:
    latencies_ms: list[float] = field(default_factory=list)
    mutations_acked: int = 0
    not_applied: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def push_batch(http: requests.Session, base: str, bd: BenchDevice, index: int, stats: PushStats,
               attempts: int = 5) -> None:
    """POST one pre-built batch; retry on 503 (a retry is harmless, P3.2); check every result."""
    body = bd.batches[index]
    expected_last = bd.batch_last_seq[index]
    for attempt in range(attempts):
        t0 = time.perf_counter()
        try:
            resp = http.post(f"{base}/api/sync/push", data=with_client_time(body), headers=bd.headers,
                             timeout=300)
        except requests.RequestException as exc:
            status, text = None, repr(exc)
        else:
            status, text = resp.status_code, None
        ms = (time.perf_counter() - t0) * 1000
        if status == 200:
            answer = resp.json()
            bad = sum(1 for r in answer["results"] if r["status"] != "applied")
            with stats.lock:
                stats.latencies_ms.append(ms)
                stats.mutations_acked += len(answer["results"])
                stats.not_applied += bad
                if answer["last_seq"] != expected_last:
                    stats.errors.append(f"{bd.device.id}: last_seq {answer['last_seq']} != {expected_last}")
                if bad:
                    first = next(r for r in answer["results"] if r["status"] != "applied")
                    stats.errors.append(f"{bd.device.id}: {bad} not applied, e.g. {first}")
            return
        with stats.lock:
            stats.retries += 1
        if status not in (None, 503, 502):
            with stats.lock:
                stats.errors.append(f"{bd.device.id} batch {index}: HTTP {status} {resp.text[:300]}")
            return
        time.sleep(0.05 * (attempt + 1))
    with stats.lock:
        stats.errors.append(f"{bd.device.id} batch {index}: gave up after {attempts} attempts ({text or status})")


def run_pushes(base: str, devices: list[BenchDevice], threads: int,
               pause_s: float = 0.0) -> tuple[PushStats, float]:
    """Push every device's batches, in order per device, from `threads` client threads.

    Thread t owns devices t, t+threads, ...; it round-robins over them so each
    device's batches go in seq order while many devices are in flight at once.
    With `pause_s`, a thread starts at a random moment of its first pause and waits
    that long (+-50 %, at random) after each round, as phones that push every few
    seconds do; 0 is a closed loop, each push sent the moment the last was answered.
    """
    stats = PushStats()
    groups = [devices[t::threads] for t in range(threads)]

    def worker(group: list[BenchDevice]):
        http = requests.Session()
        start.wait()
        rounds = max(len(d.batches) for d in group)
        jitter = random.Random(id(group))
        if pause_s:  # phones are not in step: each starts somewhere in its first pause
            time.sleep(pause_s * jitter.random())
        for i in range(rounds):
            for bd in group:
                if i < len(bd.batches):
                    push_batch(http, base, bd, i, stats)
            if pause_s:
                time.sleep(pause_s * jitter.uniform(0.5, 1.5))

    pool = [threading.Thread(target=worker, args=(g,), daemon=True) for g in groups if g]
    start = threading.Barrier(len(pool) + 1)
    for t in pool:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in pool:
        t.join()
    return stats, time.perf_counter() - t0


def seed_log_entries(url: str, mutations: int, devices: int = 4, batch: int = 500) -> None:
    """Seed `mutations` log entries by pushing through the app in this process (test client).

    Used by the pull benchmark; the database must be migrated and seeded already.
    """
    from backend import create_app
    app = create_app({"DATABASE_URL": url, "GATEHOUSE_DEMO": True, "LOG_LEVEL": "WARNING"})
    c = app.test_client()
    sup = c.post("/api/auth/login", json={"username": "super1", "password": PASSWORD}).json["token"]
    per_device, extra = divmod(mutations, devices)
    t0 = time.perf_counter()
    for i in range(devices):
        count = per_device + (1 if i < extra else 0)
        code = c.post("/api/devices/enroll-codes", json={"site_id": SITE},
                      headers={"Authorization": f"Bearer {sup}"}).json["code"]
        device = Device(space=SITE)
        body = c.post("/api/devices/enroll", json={"code": code, "public_key": public_jwk(device.key),
                                                    "label": f"seeder {i}"}).json
        device.id = body["device_id"]
        signed = c.post("/api/auth/login", json={"username": "guard2", "password": PASSWORD},
                        headers={"X-Device-Token": body["device_token"]}).json
        bd = BenchDevice(device, body["device_token"], signed["token"], signed["user"]["id"])
        build_batches(bd, count, batch, start_n=i * per_device)
        for index, payload in enumerate(bd.batches):
            resp = c.post("/api/sync/push", data=with_client_time(payload), headers=bd.headers)
            answer = resp.get_json()
            if resp.status_code != 200 or answer["last_seq"] != bd.batch_last_seq[index]:
                raise ApiFailure(f"seeding push failed: {resp.status_code} {str(answer)[:300]}")
        log(f"seeded {count} log entries from device {i + 1}/{devices} "
            f"({time.perf_counter() - t0:.1f}s so far)")
    app.extensions["gatehouse_db"].engine.dispose()
