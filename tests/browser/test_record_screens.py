"""The screens issue 9 and issue 7 item 7 touched, at 390x844 in English and
Traditional Chinese (screenshots under test-artifacts/screenshots/, axe-core
WCAG 2.2 AA, 18 px text, 56 px targets, as tests/browser/test_screens.py):
the inbox's days to countersign, a day's records, a corrected gate record and
its correction form, and the tab bar of a front-desk user and of a packer."""
from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import PIN
from tests.browser.test_patrol import shoot  # its targets: a checkbox counts by its 56 px label

VISITOR = {"id_type": "hkid", "id_last4": "123A", "unit": "12B", "purpose": "plumbing"}


@pytest.fixture(scope="module")
def gate_records(server):
    """A visitor corrected once and a vehicle, written by a guard's phone through the API."""
    guard = server.api_phone("guard1")
    visit = guard.write("gate.visitor_in", dict(VISITOR, name=f"Screens visitor {uuid.uuid4().hex[:4]}"))["id"]
    guard.write("gate.vehicle_in", {"plate": "AB 1234", "unit": "3C", "purpose": "delivery"})
    guard.sync()
    held = guard.of_kind("gate.visit")[visit]
    guard.write("record.amend", {"target_kind": "gate.visit", "target_id": visit, "changes": {"unit": "21B"},
                                 "reason": "unit misheard"}, base_version=held["_version"])
    guard.sync()
    return {"visit": visit, "day": held["day"]}


def sign_in(p, lang: str, username: str, site: str, home: str) -> None:
    p.open("#/welcome")
    p.page.locator(f".segmented button[lang='{lang}']").click()
    p.page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
    p.page.locator(".scanner-manual input").fill(p.server.enroll_code(site))
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/login'")
    p.page.wait_for_selector("#view input[autocomplete=username]")
    p.page.locator("input[autocomplete=username]").fill(username)
    p.page.locator("input[type=password]").fill("gatehouse-demo")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/pin'")
    pins = p.page.locator("#view input[autocomplete=new-password]")
    pins.nth(1).wait_for()
    pins.nth(0).fill(PIN)
    pins.nth(1).fill(PIN)
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("h => location.hash === h", arg=home)


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_record_rule_and_role_screens(phone, server, gate_records, lang):
    sup = phone()
    sign_in(sup, lang, "super1", "hv", "#/log")
    sup.sync()
    sup.go("#/inbox")
    sup.page.wait_for_selector(f"[data-testid=inbox-days] a.card[data-day='{gate_records['day']}']")
    shoot(sup, lang, "20-inbox-days")

    sup.go(f"#/inbox/day/{gate_records['day']}")
    sup.page.wait_for_selector(f".day-records li[data-id='{gate_records['visit']}']")
    shoot(sup, lang, "21-inbox-day")

    sup.go("#/gate")
    sup.page.wait_for_selector("[data-testid=inside] a.card-title")
    shoot(sup, lang, "22-gate")

    sup.go(f"#/gate/record/{gate_records['visit']}")
    sup.page.wait_for_selector("[data-testid=correction-stamp]")
    sup.page.wait_for_selector("[data-testid=original]")
    shoot(sup, lang, "23-gate-record-corrected")

    sup.go(f"#/gate/record/{gate_records['visit']}/amend")
    shoot(sup, lang, "24-gate-record-amend")

    desk = phone()
    sign_in(desk, lang, "desk1", "hv", "#/log")
    desk.page.wait_for_function("document.querySelectorAll('#tabs a.tab').length === 5")
    shoot(desk, lang, "25-frontdesk-tabs")

    packer = phone()
    sign_in(packer, lang, "packer1", "wh", "#/cases")
    packer.page.wait_for_function("document.querySelectorAll('#tabs a.tab').length === 5")  # Cases, Packing, Customers, Records, More
    shoot(packer, lang, "26-packer-tabs")

    sup.go("#/settings")  # the supervisor's tabs that do not fit in the bar
    sup.page.wait_for_selector("#view .more-tabs a")
    shoot(sup, lang, "27-more-tabs")
