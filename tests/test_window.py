"""The phone's window (PROTOCOL.md P5.6, sync/window.py): a phone holds set-up, what is
open or awaiting someone, and the records closed within the site's last days; what
leaves the window leaves the phone and stays readable online.

The server's clock is moved (the push's and pull's `now`, and the phone's own) so a
year of history is written as it would have been: each record closed when it was."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

import sync
from backend.domain import build_registry
from backend.domains import DOMAINS
from backend.sync_api import routes, store
from sync import cursor as cursors
from sync.device import Device
from sync.memory import MemoryStore
from sync.push import parse_batch
from sync.types import User
from sync.window import DAY_MS
from tests.phone import bearer, body, decode_cursor, login

NOW = 1_800_000_000_000  # a fixed "today" for the test (2027-01-15)


@pytest.fixture
def clock(monkeypatch):
    """The server's time in ms; `clock.at(ms, *phones)` moves it, and those phones' clocks with it."""
    class Clock:
        now = NOW

        def at(self, ms: int, *phones) -> None:
            self.now = ms
            for p in phones:
                p.device.clock_offset_ms = ms - int(time.time() * 1000)
    c = Clock()
    monkeypatch.setattr(routes, "now_ms", lambda: c.now)
    monkeypatch.setattr(store, "now_ms", lambda: c.now)
    return c


def log(phone, text: str) -> dict:
    return phone.write("log.entry", {"category": "patrol", "text": text, "location": "Lobby"})


def review(boss, kind: str, ids: list[str]) -> None:
    boss.write("record.review", {"target_kind": kind, "target_ids": ids, "note": ""})
    results = boss.sync()
    assert all(r["status"] == "applied" for r in results), results


@pytest.fixture
def year(client, make_phone, clock):
    """Log entries every 10 days for a year, each reviewed the day it was written;
    an entry never reviewed, an incident still open and a visitor still inside."""
    guard, boss = make_phone("guard1"), make_phone("super1")
    written: dict[int, str] = {}
    for days_ago in range(360, 0, -10):
        clock.at(NOW - days_ago * DAY_MS, guard, boss)
        e = log(guard, f"{days_ago} days ago")
        out = guard.sync()
        assert out[0]["status"] == "applied", out
        if days_ago == 300:  # never reviewed: it awaits its supervisor
            unreviewed = e["id"]
            continue
        review(boss, "log.entry", [e["id"]])
        written[days_ago] = e["id"]
    clock.at(NOW - 200 * DAY_MS, guard, boss)
    incident = guard.write("incident.report", {"category": "damage", "description": "Gate motor broken",
                                               "severity": "low", "place": "Main gate"})
    visit = guard.write("gate.visitor_in", {"name": "Mr Lam", "id_type": "hkid", "id_last4": "123A",
                                            "unit": "12B", "purpose": "plumbing"})
    guard.sync()
    clock.at(NOW, guard, boss)
    return {"written": written, "unreviewed": unreviewed, "incident": incident["id"], "visit": visit["id"],
            "guard": guard, "boss": boss}


def test_a_new_phone_holds_exactly_the_window(make_phone, year, clock):
    fresh = make_phone("guard1")
    clock.at(NOW, fresh)
    fresh.pull_all(limit=7)  # small pages: the crawl skips the old rows page after page
    held = set(fresh.of_kind("log.entry"))
    assert held == {year["written"][d] for d in (10,)} | {year["unreviewed"]}
    assert set(fresh.of_kind("incident")) == {year["incident"]}
    assert set(fresh.of_kind("gate.visit")) == {year["visit"]}
    assert fresh.of_kind("site.member")  # rosters are always held
    cursor = decode_cursor(fresh.cursor)
    assert cursor["w"] == {"hv": NOW - 14 * DAY_MS}


def test_a_record_leaving_the_window_leaves_the_phone_and_stays_readable_online(client, make_phone, year, clock):
    phone = year["guard"]
    phone.device.replica.entities.clear()
    phone.device.replica.cursor = None
    phone.pull_all()
    assert year["written"][10] in phone.of_kind("log.entry")
    clock.at(NOW + 5 * DAY_MS, phone)
    phone.pull_all()
    assert year["written"][10] not in phone.of_kind("log.entry")
    assert year["unreviewed"] in phone.of_kind("log.entry")  # still awaiting its supervisor
    sup = bearer(login(client, "super1")["token"])
    r = client.get(f"/api/records/log.entry/{year['written'][10]}/history", headers=sup)
    assert r.status_code == 200 and body(r)["record"]["text"] == "10 days ago"
    listed = body(client.get("/api/records/log.entry", query_string={"site_id": "hv", "limit": 100}, headers=sup))
    assert len(listed["records"]) == len(year["written"]) + 1  # the whole year, online


def test_an_open_record_closed_while_the_phone_was_away_leaves_on_its_return(make_phone, year, clock):
    guard, boss = year["guard"], year["boss"]
    guard.pull_all()
    assert year["incident"] in guard.of_kind("incident")
    boss.write("incident.close", {"incident_id": year["incident"], "outcome": "Motor replaced"})
    boss.sync()
    review(boss, "incident", [year["incident"]])
    clock.at(NOW + 20 * DAY_MS, guard)  # the guard's phone comes back three weeks later
    guard.pull_all()
    assert year["incident"] not in guard.of_kind("incident")
    assert year["visit"] in guard.of_kind("gate.visit")  # still inside


def test_a_closed_record_changed_again_comes_back_for_the_window(make_phone, year, clock):
    guard = year["guard"]
    old = year["written"][100]
    guard.pull_all()
    assert old not in guard.of_kind("log.entry")
    guard.write("record.amend", {"target_kind": "log.entry", "target_id": old,
                                 "changes": {"text": "100 days ago, corrected"}, "reason": "typo"})
    out = guard.sync()
    assert out[0]["status"] == "flagged" and out[0]["reasons"][0]["code"] == "amended_after_review", out
    assert guard.of_kind("log.entry")[old]["text"] == "100 days ago, corrected"


def test_the_site_sets_its_window(client, make_phone, year, clock):
    admin = bearer(login(client, "admin")["token"])
    r = client.patch("/api/sites/hv", json={"settings": {"phone_window_days": 45}, "reason": "a longer memory"},
                     headers=admin)
    assert r.status_code == 200, body(r)
    fresh = make_phone("guard1")
    clock.at(NOW, fresh)
    fresh.pull_all()
    assert set(fresh.of_kind("log.entry")) == {year["written"][d] for d in (10, 20, 30, 40)} | {year["unreviewed"]}
    for bad in (0, 3651, "14", True):
        r = client.patch("/api/sites/hv", json={"settings": {"phone_window_days": bad}, "reason": "x"}, headers=admin)
        assert r.status_code == 422 and "phone_window_days" in str(body(r))


def test_more_leaving_than_a_page_starts_the_phone_over(make_phone, year, clock):
    phone = year["guard"]
    phone.pull_all()
    held = cursors.decode(phone.cursor)
    # a cursor from before windows (no `w`): it holds everything, so everything old leaves
    old = cursors.encode(held.epoch, held.versions, held.horizons, crawls=held.crawls)
    page = body(phone.pull(old, limit=500))
    gone = [c for c in page["changes"] if c["data"] == {"reason": "window"}]
    assert not page["reset"] and {c["id"] for c in gone} >= {year["written"][d] for d in (20, 30, 350)}
    page = body(phone.pull(old, limit=3))  # more than a page would leave: the phone starts over
    assert page["reset"] and decode_cursor(page["cursor"])["w"] == {"hv": NOW - 14 * DAY_MS}


# The window as a property, on the pure core (sync/) with the real duty-log and review
# handlers and the in-memory store: phones write, a supervisor reviews, days pass,
# phones pull in pages of any size, lose answers, or start over; after a final sync
# each phone holds exactly the live records it may see that are in its window.

REGISTRY = build_registry(DOMAINS)


class Days(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.store, self.clock, self.phones = MemoryStore(), NOW, []

    @initialize(window=st.sampled_from([None, 1, 3, 14]))
    def enroll(self, window):
        if window:
            self.store.state.sites["hv"] = {"tz": "Asia/Hong_Kong", "phone_window_days": window}
        for i, role in enumerate(("supervisor", "guard", "guard")):
            user = User(100 + i, f"user{i}", role, frozenset({"hv"}))
            self.store.add_user(user)
            device, key = Device(space="hv", id=f"phone-{i}"), bytes([i + 1]) * 32
            self.store.add_device(device.id, "hv", users={user.id: key})
            self.phones.append((device, user, key))

    def push(self, i: int) -> None:
        device, user, _ = self.phones[i]
        while device.outbox:
            batch = device.batch(50)
            out = sync.push(self.store, REGISTRY, device_id=device.id, user=user, client_time=self.clock,
                            mutations=parse_batch(batch["mutations"]), signature=batch["signature"], now=self.clock)
            assert all(r["status"] in ("applied", "flagged") for r in out.results), out.results
            device.acknowledge(out.last_seq)

    def page(self, i: int, limit: int) -> dict:
        device, user, _ = self.phones[i]
        return sync.pull(self.store, REGISTRY, device_id=device.id, user=user, cursor=device.replica.cursor,
                         limit=limit, now=self.clock)

    @rule(i=st.integers(0, 2), n=st.integers(1, 4))
    def write(self, i, n):
        device, user, key = self.phones[i]
        for _ in range(n):
            device.record("log.entry", user.id, {"category": "patrol", "text": "x"}, proof_key=key)
        self.push(i)

    @rule(share=st.integers(0, 3))
    def review(self, share):
        device, user, key = self.phones[0]
        waiting = sorted(eid for (kind, eid), e in self.store.state.entities.items()
                         if kind == "log.entry" and e.data["review"] is None and e.data["author_id"] != user.id)
        if waiting:
            device.record("record.review", user.id, {"target_kind": "log.entry",
                                                     "target_ids": waiting[:1 + share * 3], "note": ""}, proof_key=key)
            self.push(0)

    @rule(hours=st.integers(1, 24 * 20))
    def time_passes(self, hours):
        self.clock += hours * 3_600_000

    @rule(i=st.integers(0, 2), limit=st.integers(1, 8), lose=st.booleans())
    def pull(self, i, limit, lose):
        page = self.page(i, limit)
        if not lose:
            self.phones[i][0].apply_pull(page)

    @rule(i=st.integers(0, 2))
    def start_over(self, i):
        device = self.phones[i][0]
        device.replica.entities.clear()
        device.replica.cursor = None

    def teardown(self):
        if not self.phones:
            return
        for i, (device, user, _) in enumerate(self.phones):
            for _ in range(1000):
                page = self.page(i, 5)
                device.apply_pull(page)
                if not page["has_more"]:
                    break
            start = decode_cursor(device.replica.cursor)["w"]["hv"]
            visible = set(REGISTRY.visible_kinds(user.role))
            held = {k: (e.version, e.data) for k, e in self.store.state.entities.items()
                    if k[0] in visible and not e.deleted and (e.closes_at is None or e.closes_at >= start)}
            assert device.replica.entities == held
            assert start <= self.clock - DAY_MS  # the window is at least a day behind


Days.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None,
                                  suppress_health_check=[HealthCheck.too_slow])
test_each_phone_holds_exactly_its_window = Days.TestCase
