"""Crash windows against a real server process: kill -9 after commit before the
answer, and in the middle of a batch. The phone retries; nothing is lost or doubled."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from backend.db import normalise_url
from tests.phone import Http, Phone, body

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str):
        self.url, self.port, self.proc = url, free_port(), None

    def start(self, *flags: str) -> "Server":
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.server_process", str(self.port), self.url, *flags],
                                     cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
        for _ in range(1200):  # up to a minute on a loaded machine
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/api/health", timeout=5).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def wait_dead(self) -> int:
        return self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    @property
    def http(self) -> Http:
        return Http(f"http://127.0.0.1:{self.port}")


@pytest.fixture
def server(database_url):
    s = Server(database_url)
    yield s
    s.stop()


def count_entries(url: str) -> tuple[int, int]:
    engine = create_engine(normalise_url(url))
    with engine.connect() as c:
        entries = c.execute(text("SELECT count(*) FROM entities WHERE kind = 'log.entry'")).scalar()
        ledger = c.execute(text("SELECT count(*) FROM ledger")).scalar()
    engine.dispose()
    return entries, ledger


def test_kill_after_commit_before_answer_then_retry_applies_once(server, database_url):
    server.start()
    phone = Phone(server.http)
    phone.sign_in("guard1")
    for i in range(5):
        phone.write("log.entry", {"category": "patrol", "text": f"entry {i}"})
    with pytest.raises(requests.ConnectionError):
        server.http.post("/api/sync/push", json=phone.device.batch(),
                         headers={**phone.headers, "X-Test-Crash": "after-commit"})
    assert server.wait_dead() == -9
    assert count_entries(database_url) == (5, 5)   # committed, though the phone never heard
    server.start()
    r = phone.push()                                # the phone's retry
    assert [x["status"] for x in body(r)["results"]] == ["applied"] * 5
    phone.sync()
    assert phone.device.outbox == []
    assert count_entries(database_url) == (5, 5)


def test_kill_in_the_middle_of_a_batch_leaves_nothing_then_retry_applies_once(server, database_url):
    server.start("--crash-kind")
    phone = Phone(server.http)
    phone.sign_in("guard1")
    for i in range(3):
        phone.write("log.entry", {"category": "patrol", "text": f"before {i}"})
    phone.write("test.crash", {})
    for i in range(3):
        phone.write("log.entry", {"category": "patrol", "text": f"after {i}"})
    with pytest.raises(requests.ConnectionError):
        phone.push()
    assert server.wait_dead() == -9
    assert count_entries(database_url) == (0, 0)   # the transaction died with the process
    server.start()                                  # the product: test.crash is an unknown kind
    results = phone.sync()
    assert [x["status"] for x in results] == ["applied"] * 3 + ["rejected"] + ["applied"] * 3
    assert count_entries(database_url) == (6, 7)
    assert phone.device.outbox == []
