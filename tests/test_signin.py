"""Sign-in with a password: throttled per address, per name and per phone, the
same answers for unknown and known names, counted atomically, and never holding
the write lock a push needs while the password hash runs (issue 7, finding 4).

The throttle's clock is moved by hand (`clock`): no test waits for real time.
"""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from backend import create_app
from backend.db import database
from backend.identity import signin
from backend.identity.models import LoginFailures, User
from tests.phone import PASSWORD, Phone, body

ATTACKER = "203.0.113.66"
ENVELOPE = {"code", "status", "message", "reason", "errors"}


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 8, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(signin, "utcnow", c)
    return c


@pytest.fixture
def hash_checks(monkeypatch) -> list[str]:
    """Every password hash the server checks, in order (the hash it was checked against)."""
    seen, real = [], signin.check_password_hash

    def counting(stored, password):
        seen.append(stored)
        return real(stored, password)
    monkeypatch.setattr(signin, "check_password_hash", counting)
    return seen


def attempt(client, username, password="not-the-password", address=ATTACKER, device_token=None):
    headers = {"X-Device-Token": device_token} if device_token else {}
    return client.post("/api/auth/login", json={"username": username, "password": password},
                       headers=headers, environ_base={"REMOTE_ADDR": address})


def answer(r) -> tuple:
    """All a caller learns from an answer, but for the token."""
    return r.status_code, body(r), r.headers.get("Retry-After")


def failures(app, bucket: str) -> int | None:
    with app.app_context(), database().snapshot() as s:
        return s.scalar(select(LoginFailures.failures).where(LoginFailures.bucket == bucket))


def test_unknown_and_known_names_get_the_same_answers(client, clock, hash_checks):
    known = [answer(attempt(client, "guard1", address="198.51.100.1")) for _ in range(12)]
    known_checks = len(hash_checks)
    unknown = [answer(attempt(client, "no-such-guard", address="198.51.100.2")) for _ in range(12)]
    assert unknown == known
    assert [a[0] for a in known] == [401] * 10 + [429] * 2
    assert known[0][1]["reason"] == "login_failed" and set(known[0][1]) == ENVELOPE
    assert known[10][1]["reason"] == "login_throttled" and known[10][2] == "1" and set(known[10][1]) == ENVELOPE
    # The same work, so the same time: one hash per attempt let through, none while throttled.
    assert known_checks == 10 and len(hash_checks) == 20


def test_a_deactivated_users_right_password_gets_the_wrong_password_answer(app, client, clock, token):
    with app.app_context(), database().write() as s:
        s.scalar(select(User).where(User.username == "guard2")).active = False
    gone = attempt(client, "guard2", PASSWORD, address="198.51.100.1")
    unknown = attempt(client, "no-such-guard", PASSWORD, address="198.51.100.2")
    assert answer(gone) == answer(unknown) and gone.status_code == 401


def test_an_address_is_throttled_after_failures_spread_over_many_names(client, clock):
    names = ["guard1", "guard2", "super1", "admin", "desk1", "packer1"] + [f"user{i}" for i in range(14)]
    assert [attempt(client, name).status_code for name in names] == [401] * 20
    r = attempt(client, "guard1", PASSWORD)   # even the right password of another name
    assert r.status_code == 429 and body(r)["reason"] == "login_throttled"
    assert attempt(client, "guard1", PASSWORD, address="198.51.100.7").status_code == 200   # elsewhere: fine


def test_a_user_signs_in_on_their_own_phone_while_an_attacker_is_throttled_for_that_account(app, client, clock):
    phone = Phone(client)   # guard1's own phone at hv, enrolled by super1
    for _ in range(10):
        assert attempt(client, "guard1").status_code == 401
    assert attempt(client, "guard1", PASSWORD).status_code == 429
    assert attempt(client, "guard1", PASSWORD, address="198.51.100.9").status_code == 429   # the name waits
    # On the phone, even behind the attacker's own address (one NAT for the site), guard1 signs in.
    r = attempt(client, "guard1", PASSWORD, address=ATTACKER, device_token=phone.device_token)
    assert r.status_code == 200 and body(r)["user"]["username"] == "guard1"
    assert failures(app, "name:guard1") == 10 and failures(app, "addr:" + ATTACKER) == 10


def test_a_phone_has_its_own_count_so_a_stolen_one_is_slowed_too(client, clock):
    phone = Phone(client)
    for _ in range(10):
        assert attempt(client, "guard2", device_token=phone.device_token).status_code == 401
    r = attempt(client, "guard2", PASSWORD, device_token=phone.device_token)
    assert r.status_code == 429 and body(r)["reason"] == "login_throttled"
    assert attempt(client, "guard2", PASSWORD).status_code == 200   # the name is not locked elsewhere


def test_the_wait_doubles_with_each_failure_and_is_forgotten_after_an_hour(client, clock):
    for _ in range(10):
        attempt(client, "guard2")
    waits = []
    for _ in range(4):
        r = attempt(client, "guard2", PASSWORD)
        assert r.status_code == 429
        waits.append(int(r.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
        assert attempt(client, "guard2").status_code == 401   # allowed again, and wrong again
    assert waits == [1, 2, 4, 8]
    clock.advance(hours=1, seconds=16)
    for _ in range(9):   # the count started again
        assert attempt(client, "guard2", address="198.51.100.3").status_code == 401
    assert attempt(client, "guard2", PASSWORD, address="198.51.100.3").status_code == 200


def test_a_right_password_clears_the_names_count_but_not_the_addresses(client, clock):
    for _ in range(2):
        assert [attempt(client, "guard2").status_code for _ in range(9)] == [401] * 9
        assert attempt(client, "guard2", PASSWORD).status_code == 200
    assert [attempt(client, "guard2").status_code for _ in range(2)] == [401, 401]   # 20 from this address
    assert attempt(client, "guard2", PASSWORD).status_code == 429


def test_forwarded_for_is_believed_only_behind_a_trusted_proxy(request, database_url, clock):
    direct = create_app({"TESTING": True, "DATABASE_URL": database_url}).test_client()
    for i in range(20):
        r = direct.post("/api/auth/login", json={"username": f"user{i}", "password": "x"},
                        headers={"X-Forwarded-For": f"192.0.2.{i}"})
        assert r.status_code == 401
    r = direct.post("/api/auth/login", json={"username": "guard1", "password": PASSWORD},
                    headers={"X-Forwarded-For": "192.0.2.99"})
    assert r.status_code == 429   # one client, whatever it claims
    proxied_app = create_app({"TESTING": True, "DATABASE_URL": database_url, "TRUSTED_PROXIES": 1})
    request.addfinalizer(proxied_app.extensions["gatehouse_db"].engine.dispose)
    r = proxied_app.test_client().post("/api/auth/login", json={"username": "guard1", "password": PASSWORD},
                                       headers={"X-Forwarded-For": "192.0.2.99"})
    assert r.status_code == 200   # behind the proxy, the client is the forwarded address


@pytest.mark.parametrize("raw,bucket", [
    ("198.51.100.4", "198.51.100.4"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),   # one client holds a whole /64
    ("2001:db8:1:2:bbbb::2", "2001:db8:1:2::/64"),
    ("::ffff:198.51.100.4", "198.51.100.4"),
])
def test_client_addresses_are_counted_per_host_or_ipv6_block(app, raw, bucket):
    with app.test_request_context(environ_base={"REMOTE_ADDR": raw}):
        assert signin.client_address() == bucket


def test_concurrent_wrong_logins_are_all_counted(app, clock):
    """Ten workers' wrong passwords at once, each on its own client and connection:
    every one is counted, so the tenth starts the wait (PostgreSQL lost updates before)."""
    start, answers = threading.Barrier(10), []

    def wrong(i):
        client = app.test_client()
        start.wait()
        answers.append(attempt(client, "guard2", address=f"198.51.100.{i}").status_code)

    threads = [threading.Thread(target=wrong, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert answers == [401] * 10
    assert failures(app, "name:guard2") == 10
    assert attempt(app.test_client(), "guard2", PASSWORD, address="198.51.100.99").status_code == 429


def test_a_push_completes_while_a_login_is_inside_the_password_check(app, client, monkeypatch):
    """The password hash runs with no transaction open: a push (which needs SQLite's
    write lock) is applied while a wrong login is held inside the check."""
    phone = Phone(client)
    phone.sign_in("guard1")
    phone.write("log.entry", {"category": "patrol", "text": "Lobby quiet"})
    inside, release, order = threading.Event(), threading.Event(), []
    real = signin.check_password_hash

    def slow_check(stored, password):
        inside.set()
        release.wait(timeout=20)   # a stuck push lets it go after 20 s, and the order shows it
        order.append("password checked")
        return real(stored, password)
    monkeypatch.setattr(signin, "check_password_hash", slow_check)

    results = []
    login = threading.Thread(target=lambda: results.append(attempt(app.test_client(), "guard2").status_code))
    login.start()
    assert inside.wait(timeout=20)
    r = phone.push()
    order.append("pushed")
    release.set()
    login.join(timeout=30)
    assert order == ["pushed", "password checked"]
    assert r.status_code == 200 and [x["status"] for x in body(r)["results"]] == ["applied"]
    assert results == [401]
