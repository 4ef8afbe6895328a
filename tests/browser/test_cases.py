"""Cases on the phone (issue 12): a guard offline registers a repair request from
an incident, the front desk registers a phone complaint and sees "called before"
for the same unit; both get their numbers after sync; the desk hands the case on,
answers, a supervisor countersigns, the desk calls back and closes; an overdue
case stands out. Then the case screens at 390x844 in English and Traditional
Chinese, with axe."""
from __future__ import annotations

import uuid

import pytest

from tests.browser.test_patrol import shoot
from tests.phone import bearer, body

DAY = 86_400_000


def numbered(p, case_id: str) -> str:
    """Sync until the card of `case_id` shows its server number; returns it."""
    card = p.page.locator(f"a.card[data-id='{case_id}'] [data-testid=case-number]")
    for _ in range(20):
        p.sync()
        p.go("#/cases")
        text = card.inner_text()
        if text.startswith("CAS-"):
            return text
        p.page.wait_for_timeout(250)
    raise AssertionError(f"no number for {case_id}: {text}")


def fill_intake(p, unit: str = "", matter: str = "", person: str = "resident", type: str = "complaint") -> None:
    p.page.locator(f"[data-testid=case-type] input[value={type}]").check()
    p.page.locator(f"[data-testid=case-person] input[value={person}]").check()
    if unit:
        p.page.locator("[data-testid=case-unit]").fill(unit)
    if matter:
        p.page.locator("[data-testid=case-matter]").fill(matter)


def save_intake(p) -> None:
    p.page.locator("[data-testid=save-case]").click()
    p.page.locator("[data-testid=confirm-case]").click()
    p.page.wait_for_function("location.hash === '#/cases'")


def test_offline_intake_called_before_handling_and_overdue(phone, server):
    tag = uuid.uuid4().hex[:6]
    unit = f"12B-{tag}"
    api = server.api_phone("guard1")
    incident = api.write("incident.report", {"category": "damage", "description": f"Lamp broken at car park {tag}",
                                             "severity": "low", "place": "Car park B1"})
    earlier = api.write("case.open", {"type": "complaint", "channel": "phone", "person": "resident", "unit": unit,
                                      "matter": "Noise at night"})
    late = api.write("case.open", {"type": "repair_request", "channel": "phone", "person": "resident",
                                   "unit": f"3A-{tag}", "matter": f"Door bell broken {tag}"},
                     occurred_at=api.device.now() - 20 * DAY)
    api.sync()

    guard = phone().setup("guard1")
    guard.context.set_offline(True)
    guard.go(f"#/cases/new/from/incident/{incident['id']}")
    assert guard.page.locator("[data-testid=case-matter]").input_value() == f"Lamp broken at car park {tag}"
    fill_intake(guard, person="other", type="repair_request")
    guard.page.locator("[data-testid=save-case]").click()
    read_back = guard.page.locator("[data-testid=read-back]")
    assert f"Lamp broken at car park {tag}" in read_back.inner_text()
    guard.page.locator("[data-testid=confirm-case]").click()
    guard.page.wait_for_function("location.hash === '#/cases'")
    card = guard.page.locator("[data-testid=my-cases] a.card", has_text=f"Lamp broken at car park {tag}")
    assert card.locator("[data-testid=case-number]").inner_text() == "No. after sync"
    guard_case = card.get_attribute("data-id")
    guard.context.set_offline(False)
    guard_number = numbered(guard, guard_case)

    desk = phone().setup("desk1")
    desk.go("#/cases/new")
    fill_intake(desk, unit=unit, matter="Water dripping from the ceiling")
    before = desk.page.locator("[data-testid=called-before]")
    assert "Noise at night" in before.inner_text()           # called before: the open case for the same unit
    desk.context.set_offline(True)
    save_intake(desk)
    desk_case = desk.page.locator("[data-testid=my-cases] a.card", has_text="Water dripping").get_attribute("data-id")
    desk.context.set_offline(False)
    desk_number = numbered(desk, desk_case)
    assert guard_number != desk_number and {guard_number[:4], desk_number[:4]} == {"CAS-"}

    # The desk hands it on, answers the person; a supervisor countersigns; the desk calls back and closes.
    desk.go(f"#/cases/{desk_case}")
    page = desk.page
    page.locator("summary", has_text="Hand on").click()
    page.get_by_label("Department").fill("Engineering")
    page.get_by_role("button", name="Hand on").click()
    page.wait_for_selector("[data-testid=case-state] >> text=Handed on")
    page.locator("summary", has_text="Reply to the person").click()
    page.get_by_label("What they were told").fill("A plumber comes on Tuesday")
    page.get_by_role("button", name="Reply to the person").click()
    page.wait_for_selector("[data-testid=case-state] >> text=Answered")
    desk.sync()
    sup = server.api_phone("super1")
    sup.pull_all()
    sup.write("record.review", {"target_kind": "case", "target_ids": [desk_case], "approved": True})
    assert sup.sync()[0]["status"] == "applied"
    desk.sync()
    desk.go(f"#/cases/{desk_case}")
    page.wait_for_selector("text=Countersigned by")
    page.locator("summary", has_text="Record a callback").click()
    page.get_by_role("button", name="Record a callback").click()
    page.wait_for_selector("[data-testid=case-state] >> text=Called back")
    page.locator("summary", has_text="Close").click()
    page.get_by_label("Result", exact=True).fill("Pipe replaced; ceiling dried")
    page.get_by_label("Responsible unit or name").fill("Engineering")
    page.get_by_role("button", name="Close", exact=True).click()
    page.wait_for_selector("[data-testid=case-state] >> text=Closed")
    desk.sync()
    r = server.http().get(f"/api/cases/{desk_case}", headers=bearer(server.token("desk1")))
    case = body(r)
    assert case["status"] == "closed" and case["owner"]["department"] == "Engineering"
    assert [e["event"] for e in case["history"]] == ["received", "hand_on", "reply", "callback", "close"]
    assert case["review"]["approved"] is True

    # The overdue case stands out on the list and on its own screen.
    desk.go("#/cases")
    late_card = page.locator(f"a.card[data-id='{late['id']}']")
    assert late_card.locator("[data-testid=overdue]").count() == 1
    desk.go(f"#/cases/{late['id']}")
    assert "Overdue" in page.locator("[data-testid=countdown]").inner_text()
    overdue = body(server.http().get("/api/cases/overdue?site_id=hv", headers=bearer(server.token("desk1"))))["cases"]
    assert late["id"] in [c["id"] for c in overdue] and desk_case not in [c["id"] for c in overdue]
    assert guard.errors == [] and desk.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_case_screens_screenshot_and_accessibility(phone, server, lang):
    tag = uuid.uuid4().hex[:6]
    api = server.api_phone("guard1")
    m = api.write("case.open", {"type": "complaint", "channel": "phone", "person": "resident", "unit": f"8C-{tag}",
                                "name": "Mrs Lam", "phone": "9123 4567", "matter": "Lift 2 is noisy at night"},
                  occurred_at=api.device.now() - 3 * DAY)
    api.write("case.hand_on", {"case_id": m["id"], "department": "Engineering", "note": "lift contractor"})
    api.sync()
    p = phone().setup_in(lang, "desk1")
    p.wait_worker()
    p.sync()
    p.go("#/cases")
    shoot(p, lang, "cases-list")
    p.go("#/cases/new")
    fill_intake(p, unit=f"8C-{tag}", matter="Lift 2 still noisy")
    p.page.locator("[data-testid=called-before] [data-testid=join-case]").first.check()
    p.page.locator("[data-testid=save-case]").click()
    p.page.wait_for_selector("[data-testid=confirm-case]")
    shoot(p, lang, "cases-intake-read-back")
    p.page.locator("[data-testid=confirm-case]").click()
    p.page.wait_for_function("location.hash === '#/cases'")
    p.go(f"#/cases/{m['id']}")
    p.page.wait_for_selector("[data-testid=case-history] li[data-event=contact]")
    shoot(p, lang, "cases-case")
    month = p.page.evaluate("() => new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Hong_Kong'}).format(new Date()).slice(0, 7)")
    p.go(f"#/cases/stats/{month}")
    p.page.wait_for_selector("[data-testid=stats-figures]")
    assert month in p.page.locator("[data-testid=stats-month]").inner_text()
    assert p.page.locator("[data-testid=stats-weeks] progress").count() >= 4
    shoot(p, lang, "cases-stats")


def test_the_case_screens_open_offline_after_install(phone, server):
    """The worker precaches the domain's files: after a reload with no network the intake still opens."""
    p = phone().setup("guard1")
    p.wait_worker()
    p.context.set_offline(True)
    p.page.reload()
    p.ready()
    p.go("#/cases/new")
    assert p.page.locator("[data-testid=case-matter]").count() == 1
    p.go("#/cases")
    assert p.page.locator("#view h1").inner_text() == "Cases"
    assert p.errors == []


def test_the_desk_picks_a_customer_file_and_the_case_links_it_by_id(phone, server):
    tag = uuid.uuid4().hex[:6]
    api = server.api_phone("desk1")
    customer = api.write("customer.register", {"name": f"Mr Tan {tag}", "phone": "+65 6123 4567",
                                               "address": "12 Orchard Road, Singapore", "type": "wholesale"})
    assert api.sync()[0]["status"] == "applied"
    desk = phone().setup("desk1")
    desk.go("#/cases/new")
    fill_intake(desk, person="customer", type="product_complaint", matter=f"Clasp broke {tag}")
    desk.page.locator("[data-testid=case-customer]").select_option(customer["id"])
    desk.page.locator("[data-testid=save-case]").click()
    assert f"Mr Tan {tag}" in desk.page.locator("[data-testid=read-back]").inner_text()
    desk.page.locator("[data-testid=confirm-case]").click()
    desk.page.wait_for_function("location.hash === '#/cases'")
    case_id = desk.page.locator("[data-testid=my-cases] a.card", has_text=f"Clasp broke {tag}").get_attribute("data-id")
    numbered(desk, case_id)
    case = body(server.http().get(f"/api/cases/{case_id}", headers=bearer(server.token("desk1"))))
    assert (case["customer_id"], case["name"], case["address"]) == (customer["id"], f"Mr Tan {tag}", "12 Orchard Road, Singapore")
