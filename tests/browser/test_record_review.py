"""The record rules on the phone (issue 9): a supervisor countersigns a day's gate
log and a round from the inbox (offline, then synced), and a corrected visitor
record shows its correction stamp beside the original."""
from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.phone import bearer, body

VISITOR = {"id_type": "hkid", "id_last4": "123A", "unit": "12B", "purpose": "plumbing"}


@pytest.fixture(scope="module")
def route(server):
    http, sup = server.http(), bearer(server.token("super1"))
    tag = uuid.uuid4().hex[:6]
    r = http.post("/api/patrol/checkpoints", json={"site_id": "hv", "name": f"Lobby {tag}", "name_zh": f"大堂{tag}",
                                                  "location": "Block A", "checks": "doors"}, headers=sup)
    assert r.status_code == 201, body(r)
    r = http.post("/api/patrol/routes", json={"site_id": "hv", "name": f"Day round {tag}", "name_zh": f"日更巡邏{tag}",
                                              "checkpoint_ids": [body(r)["id"]]}, headers=sup)
    assert r.status_code == 201, body(r)
    return body(r)


def shot(p, name: str) -> None:
    p.page.wait_for_selector("#view h1")
    p.page.evaluate("document.getElementById('toast').hidden = true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(SCREENSHOTS / f"en-{name}.png"), full_page=True)


def test_a_supervisor_countersigns_a_days_gate_log_and_a_round_from_the_inbox(phone, server, route):
    guard = server.api_phone("guard1")
    tag = uuid.uuid4().hex[:4]
    visits = [guard.write("gate.visitor_in", dict(VISITOR, name=f"Visitor {tag} {i}"))["id"] for i in range(2)]
    rnd = guard.write("patrol.round_start", {"route_id": route["id"]})["id"]
    guard.sync()
    day = guard.of_kind("gate.visit")[visits[0]]["day"]

    sup = phone().setup("super1")
    sup.go("#/inbox")
    sup.page.locator(f"[data-testid=inbox-days] a.card[data-day='{day}']").click()
    sup.page.wait_for_function("d => location.hash === '#/inbox/day/' + d", arg=day)
    sup.page.wait_for_selector(f"[data-testid='day-gate.visit'] li[data-id='{visits[0]}']")
    shot(sup, "inbox-day")
    # Other tests' records of the same day stay as they are: choose this test's only.
    for box in sup.page.locator(".day-records input[type=checkbox]:enabled").all():
        box.uncheck()
    for rid in [*visits, rnd]:
        sup.page.locator(f".day-records li[data-id='{rid}'] input[type=checkbox]").check()

    sup.context.set_offline(True)  # a countersign is written offline like any record
    sup.page.get_by_role("button", name="Countersign the chosen records").click()
    sup.page.wait_for_function("location.hash === '#/inbox'")
    assert [o["kind"] for o in sup.outbox()] == ["record.review", "record.review"]
    sup.go(f"#/gate/record/{visits[0]}")
    sup.page.wait_for_selector("text=Countersigned here, not yet synced")

    sup.context.set_offline(False)
    sup.sync()
    sup.page.wait_for_selector("[data-testid=record-review] >> text=Countersigned by Ho Wing Sze")
    guard.pull_all()
    assert all(guard.of_kind("gate.visit")[v]["review"]["user_name"] == "Ho Wing Sze" for v in visits)
    assert guard.of_kind("patrol.round")[rnd]["review"]["approved"] is True
    sup.go(f"#/inbox/day/{day}")
    for rid in [*visits, rnd]:
        assert sup.page.locator(f".day-records li[data-id='{rid}']").count() == 0
    assert sup.errors == []


def test_a_corrected_visitor_record_shows_its_stamp_and_original(phone, server):
    p = phone().setup("guard1")
    name = f"Mr Lam {uuid.uuid4().hex[:4]}"
    p.go("#/gate/visitor")
    p.page.get_by_label("Visitor's name").fill(name)
    p.page.get_by_label("Last four characters of the ID").fill("123A")
    p.page.get_by_label("Unit visited").fill("12B")
    p.page.get_by_label("Purpose").fill("plumbing")
    p.page.get_by_role("button", name="Save", exact=True).click()
    p.page.wait_for_function("location.hash === '#/gate'")
    p.sync()
    p.page.locator("[data-testid=inside] a", has_text=name).click()
    p.page.wait_for_selector("[data-testid=record-number] >> text=VIS-")
    assert p.page.locator("[data-testid=correction-stamp]").count() == 0

    p.page.get_by_role("link", name="Correct this record").click()
    p.page.get_by_label("Unit visited").fill("21B")
    p.page.get_by_label("Reason for the correction").fill("unit misheard")
    p.page.get_by_role("button", name="Save correction").click()
    p.page.wait_for_selector("[data-testid=correction-stamp]")  # at once, before any sync
    p.page.wait_for_selector("[data-testid=corrections] >> text=not yet synced")

    p.sync()
    p.page.wait_for_selector("[data-testid=corrections] >> text=Corrected by Chan Tai Man")
    assert "21B" in p.page.locator("[data-testid=record-facts]").inner_text()
    original = p.page.locator("[data-testid=original]").inner_text()
    assert "12B" in original and name in original
    change = p.page.locator("[data-testid=corrections] .changes").inner_text()
    assert "12B" in change and "21B" in change and "unit misheard" in p.page.locator("[data-testid=corrections]").inner_text()
    assert p.page.locator("[data-testid=correction-stamp]").inner_text().strip().lower() == "corrected"
    shot(p, "gate-record-corrected")
    assert p.errors == []


def test_a_handover_never_taken_over_is_countersigned_only_with_a_note(phone, server):
    guard = server.api_phone("guard1")
    handover = guard.write("handover.write", {"text": f"Lift 2 out {uuid.uuid4().hex[:4]}", "signature": "a" * 64,
                                              "pin_confirmed": True})["id"]
    guard.sync()
    day = guard.of_kind("handover")[handover]["day"]
    sup = phone().setup("super1")
    sup.go(f"#/inbox/day/{day}")
    sup.page.wait_for_selector(f"[data-testid='day-handover'] li[data-id='{handover}']")
    for box in sup.page.locator(".day-records input[type=checkbox]:enabled").all():
        box.uncheck()
    sup.page.locator(f".day-records li[data-id='{handover}'] input[type=checkbox]").check()
    sup.page.get_by_role("button", name="Countersign the chosen records").click()
    sup.page.wait_for_selector("#view >> text=is countersigned only with a note")
    assert sup.outbox() == []
    sup.page.get_by_label("Note").fill("Incoming guard off sick; handed to the supervisor")
    sup.page.get_by_role("button", name="Countersign the chosen records").click()
    sup.page.wait_for_function("location.hash === '#/inbox'")
    sup.sync()
    guard.pull_all()
    review = guard.of_kind("handover")[handover]["review"]
    assert review["user_name"] == "Ho Wing Sze" and review["note"].startswith("Incoming guard off sick")
    assert sup.errors == []
