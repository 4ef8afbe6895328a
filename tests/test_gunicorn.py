"""Production serving: gunicorn, several workers, one database, many phones at once."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from backend.db import normalise_url
from tests.phone import Http, Phone, body
from tests.test_crash import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def gunicorn(database_url):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-for-gunicorn",
           "PASSWORD_HASH_METHOD": "scrypt:1024:8:1", "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "3", "-b", f"127.0.0.1:{port}", "--no-control-socket",
                             "backend:create_app()"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):  # up to a minute on a loaded machine
        try:
            if requests.get(base + "/api/health", timeout=5).ok:
                break
        except requests.RequestException:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError(proc.stderr.read().decode())
    yield Http(base)
    proc.terminate()
    proc.wait(timeout=10)


def test_three_workers_take_concurrent_phones_exactly_once(gunicorn, database_url):
    phones = [Phone(Http(gunicorn.base)) for _ in range(6)]
    for p in phones:
        p.sign_in("guard1")
        for i in range(40):
            p.write("log.entry", {"category": "patrol", "text": f"{i}"})
    failures = []

    def run(p):
        try:
            for _ in range(3):
                r = p.push(limit=20)       # sent twice on purpose: retries race originals
                assert r.status_code == 200, body(r)
                r2 = p.push(limit=20)
                assert body(r2)["results"][:len(body(r)["results"])] == body(r)["results"]
                p.pull_all()
            p.sync()
        except Exception as exc:  # reported below with the phone
            failures.append((p.device.id, repr(exc)))

    threads = [threading.Thread(target=run, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []
    engine = create_engine(normalise_url(database_url))
    with engine.connect() as c:
        entries = c.execute(text("SELECT count(*) FROM entities WHERE kind = 'log.entry'")).scalar()
        ledger = c.execute(text("SELECT count(*), count(DISTINCT mutation_id) FROM ledger")).one()
    engine.dispose()
    assert entries == 240 and tuple(ledger) == (240, 240)
    assert all(p.device.outbox == [] for p in phones)


def test_the_longest_cursor_the_app_takes_fits_gunicorns_request_line(gunicorn):
    """Issue 8 finding 7: gunicorn answers a request line over 4,094 bytes 414 itself,
    without the envelope. Every cursor the app accepts (P5: at most 1,000 characters)
    must reach the app, which answers in the envelope."""
    from backend.sync_api.routes import PullQuery
    longest = PullQuery().fields["cursor"].validators[0].max
    phone = Phone(gunicorn)
    phone.sign_in("guard1")
    r = gunicorn.get(f"/api/sync/pull?limit=1000&cursor={'A' * longest}", headers=phone.headers)
    assert r.status_code == 400 and body(r)["reason"] == "cursor_invalid"
    r = gunicorn.get(f"/api/sync/pull?limit=1000&cursor={'A' * (longest + 1)}", headers=phone.headers)
    assert r.status_code == 422 and set(body(r)) == {"code", "status", "message", "reason", "errors"}
    r = gunicorn.get("/api/sync/pull?limit=1000", headers=phone.headers)
    assert r.status_code == 200 and len(body(r)["cursor"]) < longest / 4
