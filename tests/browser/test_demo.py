"""The demo `make run` seeds: `gatehouse demo` twice changes nothing the second time,
then each role opens every screen of its tab bar and finds the seeded week there
(screenshots at 390x844 under test-artifacts/screenshots/demo-*)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import SCREENSHOTS, Server, new_phone
from tests.test_crash import free_port

ROOT = Path(__file__).resolve().parents[2]
GATEHOUSE = Path(sys.executable).with_name("gatehouse")

# What each role finds on each screen: text that only the seeded week puts there.
SCREENS = {
    "guard1": {
        "#/log": "Fire drill notice",
        "#/patrol": "Full round",
        "#/incidents": "leaking",
        "#/handover": "Night quiet",
        "#/gate": "Mr Lam",
        "#/equipment": "Roof stair emergency light",
    },
    "desk1": {
        "#/desk": "Tsang Wai Kit",            # the goods release awaiting the owner's consent
        "#/desk/mail": "SF Express",
        "#/desk/shift/new": "Parcel room key",  # the desk's post: its handover checklist
        "#/cases": "Noise from the flat above",
        "#/log": "Fire drill notice",
    },
    "super1": {
        "#/inbox": "refused to take over",
        "#/board": "Day rounds",
        "#/patrol": "Full round",
        "#/incidents": "car park",
        "#/handover": "barrier",
        "#/cases": "Noise from the flat above",
        "#/desk": "Chan Siu Keung",
        "#/equipment": "Car park extinguisher",
        "#/log": "Fire drill notice",
    },
    "packer1": {"#/packing": "Wing On Trading", "#/packing/seals": "KT-000101"},
    "admin": {"#/board": "Day rounds", "#/inbox": "refused to take over", "#/log": "Fire drill notice"},
}
SITES = {"packer1": "wh"}


def counts(db: Path) -> dict:
    with sqlite3.connect(db) as c:
        return dict(c.execute("SELECT space || ' ' || kind, count(*) FROM entities GROUP BY 1").fetchall())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    db = tmp / "gatehouse.db"
    env = {**os.environ, "GATEHOUSE_DEMO": "1", "DATABASE_URL": f"sqlite:///{db}", "LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT)}   # this checkout's code, not the one the console script was installed from
    env.pop("SECRET_KEY", None)

    def gatehouse(*args) -> str:
        done = subprocess.run([str(GATEHOUSE), *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    gatehouse("migrate")
    first = gatehouse("demo")
    assert "demo data created" in first and "enrol the first phone" in first
    seeded = counts(db)
    second = gatehouse("demo")
    assert "demo data already present" in second
    assert counts(db) == seeded          # idempotent: not one record more
    port = free_port()
    proc = subprocess.Popen([str(GATEHOUSE), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while True:
        try:
            if requests.get(url + "/api/health", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, "gatehouse serve did not start"
        time.sleep(0.2)
    yield {"server": Server(url=url, app=None), "counts": seeded, "gatehouse": gatehouse, "db": db}
    proc.terminate()
    proc.wait(timeout=30)


def test_the_seed_is_a_living_week(demo):
    c = demo["counts"]
    assert c["hv patrol.checkpoint"] == 5 and c["hv patrol.route"] == 1 and c["hv patrol.schedule"] == 2
    assert c["hv patrol.round"] >= 19 and c["hv incident"] == 3 and c["hv review.item"] >= 1
    assert c["hv gate.visit"] >= 7 and c["hv gate.vehicle"] >= 7 and c["hv handover"] >= 14
    assert c["hv mail"] >= 2 and c["hv pass"] == 1 and c["hv case"] == 1 and c["wh packing.order"] == 3
    assert c["hv equipment.item"] == 5 and c["hv equipment.post"] == 2 and c["hv equipment.check"] == 4
    assert c["hv permit"] == 2 and c["hv permit.use"] == 1 and c["wh packing.seal"] == 50
    assert c["wh packing.box"] == 2 and c["wh packing.dispatch"] == 1 and c["wh packing.return"] == 1
    with sqlite3.connect(demo["db"]) as db:
        handovers = [row[0] for row in db.execute("SELECT data FROM entities WHERE kind = 'handover'")]
        status = dict(db.execute("SELECT json_extract(data, '$.unit'), json_extract(data, '$.status') "
                                 "FROM entities WHERE kind = 'permit'").fetchall())
        checks = dict(db.execute("SELECT json_extract(data, '$.equipment_name'), json_extract(data, '$.result') "
                                 "FROM entities WHERE kind = 'equipment.check'").fetchall())
        seals = dict(db.execute("SELECT json_extract(data, '$.state'), count(*) FROM entities "
                                "WHERE kind = 'packing.seal' GROUP BY 1").fetchall())
        orders = dict(db.execute("SELECT json_extract(data, '$.ref'), json_extract(data, '$.status') "
                                 "FROM entities WHERE kind = 'packing.order'").fetchall())
        posts = [json.loads(row[0]) for row in db.execute("SELECT data FROM entities WHERE kind = 'equipment.post'")]
    assert any('"refused"' in h for h in handovers)
    assert status == {"12B": "used", "7C": "awaiting_consent"}
    assert [name for name, result in checks.items() if result != "ok"] == ["Roof stair emergency light"]
    assert seals == {"applied": 1, "issued": 19, "received": 30}
    assert orders["PO-7740"] == "dispatched" and orders["PO-7731"] == "counting"
    assert sorted(p["desk"] for p in posts) == [False, True]


@pytest.mark.parametrize("username", list(SCREENS))
def test_every_screen_shows_the_demo_to_each_role(demo, browser, username):
    p = new_phone(browser, demo["server"])
    try:
        p.setup(username, site=SITES.get(username, "hv"))
        tabs = p.page.eval_on_selector_all("#tabs a.tab", "as => as.map(a => a.getAttribute('href'))")
        more = p.page.eval_on_selector_all(".more-tabs a", "as => as.map(a => a.getAttribute('href'))") \
            if p.page.locator(".more-tabs").count() else []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for hash_, text in SCREENS[username].items():
            p.go(hash_)
            shot = str(SCREENSHOTS / f"demo-{username}-{hash_.strip('#/').replace('/', '-')}.png")
            try:
                p.page.wait_for_selector(f"#view >> text={text}", timeout=20000)
            finally:
                p.page.screenshot(path=shot)
        # Every screen of the tab bar opens with something on it (not an empty list).
        for hash_ in [h for h in tabs + more if h != "#/settings"]:
            p.go(hash_)
            view = p.page.inner_text("#view")
            assert not any(empty in view for empty in ("No entries yet", "Nothing to review", "No orders at this site yet",
                                                       "No incidents on this phone", "No handovers on this phone")), (hash_, view[:300])
        assert p.errors == [], p.errors
    finally:
        p.context.close()


def test_the_warehouse_shows_a_box_half_counted_and_a_return_slip(demo, browser):
    with sqlite3.connect(demo["db"]) as db:
        ids = dict(db.execute("SELECT json_extract(data, '$.ref'), id FROM entities WHERE kind = 'packing.order'"))
    p = new_phone(browser, demo["server"])
    try:
        p.setup("packer1", site="wh")
        for ref, text in (("PO-7731", "12 of 24"), ("PO-7740", "Sent jasmine tea")):
            p.go(f"#/packing/order/{ids[ref]}")
            try:
                p.page.wait_for_selector(f"#view >> text={text}", timeout=20000)
            finally:
                p.page.screenshot(path=str(SCREENSHOTS / f"demo-packer1-{ref}.png"))
        assert p.errors == [], p.errors
    finally:
        p.context.close()


def test_the_board_lists_the_extinguisher_due_within_30_days(demo, browser):
    p = new_phone(browser, demo["server"])
    try:
        p.setup("super1")
        p.go("#/board")
        listed = p.page.locator("[data-testid=board-equipment]")
        listed.locator("text=Car park extinguisher").wait_for(timeout=20000)
        assert "expires in" in listed.inner_text() and "Lobby extinguisher" not in listed.inner_text()
        assert p.errors == [], p.errors
    finally:
        p.context.close()


def test_the_demo_in_traditional_chinese(demo, browser):
    """What people wrote stays as written; the screens around it are in 繁體中文."""
    p = new_phone(browser, demo["server"])
    try:
        p.setup_in("zh-Hant", "super1")
        p.wait_worker()
        p.sync()
        for hash_, text in (("#/handover", "Night quiet"), ("#/log", "Fire drill notice"), ("#/board", "09:00")):
            p.go(hash_)
            try:
                p.page.wait_for_selector(f"#view >> text={text}", timeout=20000)
            finally:
                p.page.screenshot(path=str(SCREENSHOTS / f"demo-zh-Hant-super1-{hash_.strip('#/')}.png"))
            assert p.page.evaluate("document.documentElement.lang") == "zh-Hant"
        assert p.errors == [], p.errors
    finally:
        p.context.close()


def test_reset_puts_the_demo_back(demo):
    out = demo["gatehouse"]("demo", "--reset")
    assert "database emptied" in out and "demo data created" in out
    assert counts(demo["db"]).keys() == demo["counts"].keys()
    assert counts(demo["db"])["hv patrol.round"] == demo["counts"]["hv patrol.round"]
