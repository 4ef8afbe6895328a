"""After the night: a guard adds a follow-up note to an incident, the supervisor
closes it with its outcome and countersigns the handover, each from the phone."""
from __future__ import annotations

import pytest

from tests.browser.test_screens import shoot

SIG = "ab" * 32  # a signature image's SHA-256 (the image itself is not needed here)


def settle(p):
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")


def test_note_close_and_countersign_from_the_phone(phone, server):
    night = server.api_phone("guard1")
    night.sign_in("guard2")  # the incoming guard on the same phone
    night.current = "guard1"
    report = night.write("incident.report", {"category": "damage", "description": "Follow-up test: lobby glass cracked",
                                             "severity": "medium", "place": "Block A lobby", "photos": [],
                                             "report_now": False})
    handover = night.write("handover.write", {"text": "Follow-up test: quiet night", "open_items": [],
                                              "equipment": [], "signature": SIG, "pin_confirmed": True})
    night.current = "guard2"
    night.write("handover.accept", {"handover_id": handover["id"], "signature": SIG, "pin_confirmed": True})
    assert {r["status"] for r in night.sync()} == {"applied"}

    guard = phone().setup("guard1")
    guard.go(f"#/incidents/{report['id']}")
    guard.page.get_by_label("What was done or found since").fill("Contractor booked for Monday")
    guard.page.get_by_role("button", name="Add a follow-up note").click()
    guard.page.wait_for_selector("[data-testid=incident-notes] >> text=Contractor booked for Monday")
    assert guard.page.get_by_test_id("close-incident").count() == 0  # guards do not close incidents
    settle(guard)

    sup = phone().setup("super1")
    sup.go(f"#/incidents/{report['id']}")
    sup.page.wait_for_selector("[data-testid=incident-notes] >> text=Contractor booked for Monday")
    sup.page.get_by_test_id("close-incident").click()  # no outcome yet: refused on the phone
    sup.page.wait_for_selector("#view >> text=Say how it was settled.")
    sup.page.get_by_label("Outcome").fill("Glass replaced; management office informed")
    sup.page.get_by_test_id("close-incident").click()
    sup.page.wait_for_selector("[data-testid=incident-closed] >> text=Glass replaced")
    sup.go(f"#/handover/{handover['id']}")
    sup.page.get_by_test_id("review-handover").click()
    sup.page.wait_for_selector("[data-testid=handover-review] >> text=Countersigned by Ho Wing Sze")
    settle(sup)

    night.current = "guard1"
    night.pull_all()
    incident = night.of_kind("incident")[report["id"]]
    assert incident["status"] == "closed" and incident["closed"]["user_name"] == "Ho Wing Sze"
    assert [n["text"] for n in incident["notes"]] == ["Contractor booked for Monday"]
    assert night.of_kind("handover")[handover["id"]]["review"]["user_name"] == "Ho Wing Sze"
    assert guard.errors == [] and sup.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_followup_screens_screenshot_and_accessibility(phone, server, lang):
    night = server.api_phone("guard1")
    report = night.write("incident.report", {"category": "fire_safety", "description": "Screens: extinguisher B2 missing",
                                             "severity": "high", "place": "B2 stairs", "photos": [], "report_now": True})
    night.write("incident.note", {"incident_id": report["id"], "text": "Screens: spare fetched from the store", "photos": []})
    handover = night.write("handover.write", {"text": "Screens: handover for review", "open_items": [],
                                              "equipment": [], "signature": SIG, "pin_confirmed": True})
    night.sync()
    p = phone().setup_in(lang, "super1")
    p.sync()
    p.go(f"#/incidents/{report['id']}")
    p.page.wait_for_selector("[data-testid=incident-notes]")
    shoot(p, lang, "34-incident-detail")
    p.go(f"#/handover/{handover['id']}")
    p.page.wait_for_selector("[data-testid=review-handover]")
    shoot(p, lang, "35-handover-review")
