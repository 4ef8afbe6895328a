"""Every screen at 390x844, in English and Traditional Chinese: a screenshot
under test-artifacts/screenshots/, no serious or critical axe-core (WCAG 2.2 AA)
violation, body text of at least 18 px and touch targets of at least 56 px."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PIN, SCREENSHOTS, qr_data_url
from tests.phone import body

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A radio or checkbox counts by its 56 px `.choice` label (as tests/browser/test_patrol.py).
TARGETS = ("#view button:visible, #view a.btn:visible, #view a.card:visible, #view a.inline:visible, "
           "#view input:visible:not([type=radio]):not([type=checkbox]), #view textarea:visible, #view .choice:visible, "
           "#tabs a:visible, #status button:visible, #banner button:visible")
axe = Axe()


@pytest.fixture(scope="module")
def seeded(server):
    """Records for the screens: an amended and countersigned entry, a conflict,
    a flagged and a rejected mutation, written by phones that speak the API."""
    guard = server.api_phone("guard1")
    guard.write("log.entry", {"category": "vehicle", "text": "Screens: a car blocks the fire lane at Block B",
                              "location": "Block B car park"})
    guard.sync()
    [(entry_id, entry)] = [(i, d) for i, d in guard.of_kind("log.entry").items() if d["text"].startswith("Screens:")]
    guard.write("record.amend", {"target_kind": "log.entry", "target_id": entry_id,
                                 "changes": {"text": "Screens: a grey van blocks the fire lane at Block B"},
                                 "reason": "vehicle was a van"}, base_version=entry["_version"])
    sup = server.api_phone("super1")
    sup.pull_all()
    sup.write("record.amend", {"target_kind": "log.entry", "target_id": entry_id,
                                 "changes": {"text": "Screens: a car blocks the fire lane at Block C"},
                                 "reason": "wrong block"}, base_version=entry["_version"])
    guard.sync()
    sup.sync()
    sup.write("log.countersign", {"entry_id": entry_id, "note": "Management office informed"})
    sup.sync()
    # A flagged mutation (clock went backwards) and a rejected one (a guard may not countersign).
    now = guard.device.now()
    guard.write("log.entry", {"category": "patrol", "text": "Screens: round 3 done"}, occurred_at=now)
    guard.write("log.entry", {"category": "patrol", "text": "Screens: round 2 done"}, occurred_at=now - 600000)
    guard.write("log.countersign", {"entry_id": entry_id})
    results = guard.sync()
    assert {r["status"] for r in results} >= {"flagged", "rejected"}, results
    return {"entry_id": entry_id, "unused": body}


def shoot(p, lang: str, name: str) -> None:
    p.page.wait_for_selector("#view h1")
    p.page.evaluate("document.getElementById('toast').hidden = true")
    p.page.wait_for_selector("#flash", state="hidden")
    p.page.wait_for_timeout(150)  # let the status bar settle
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(SCREENSHOTS / f"{lang}-{name}.png"))  # the phone's 390x844 screen
    results = axe.run(p.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{lang}/{name}: {bad}"
    assert p.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    small = p.page.evaluate("""(sel) => [...document.querySelectorAll('#view, #tabs, #status, #banner')]
        .flatMap(() => []).concat([...document.querySelectorAll('*')].filter(e => e.matches(sel.replaceAll(':visible', '')))
        .filter(e => e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height, e.getBoundingClientRect().width])
        .filter(([, h, w]) => h < 56 || w < 56))""", TARGETS)
    assert small == [], f"{lang}/{name}: targets under 56 px: {small}"
    assert p.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_every_screen_screenshot_and_accessibility(phone, server, seeded, lang):
    p = phone()
    p.open("#/welcome")
    p.page.locator(f".segmented button[lang='{lang}']").click()
    p.page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
    shoot(p, lang, "01-enroll")

    p.page.locator(".scanner-manual input").fill(server.enroll_code("hv"))
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/login'")
    shoot(p, lang, "02-login")

    p.page.locator("input[autocomplete=username]").fill("super1")
    p.page.locator("input[type=password]").fill("gatehouse-demo")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/pin'")
    shoot(p, lang, "03-pin")
    p.page.locator("input[type=password]").nth(0).fill(PIN)
    p.page.locator("input[type=password]").nth(1).fill(PIN)
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/log'")
    p.wait_worker()
    p.sync()
    p.context.set_offline(True)
    p.go("#/log/new")
    p.page.locator("#view textarea").fill("Screens: pending entry written offline")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/log'")
    p.page.wait_for_selector("a.card[data-pending='1']")
    shoot(p, lang, "04-log")

    p.go("#/log/new")
    shoot(p, lang, "05-new-entry")

    p.go(f"#/log/{seeded['entry_id']}")
    p.page.wait_for_selector("[data-testid=countersign]")
    shoot(p, lang, "06-entry-detail")

    p.go(f"#/log/{seeded['entry_id']}/amend")
    shoot(p, lang, "07-amend")

    p.go("#/inbox")
    p.page.wait_for_selector("[data-testid=inbox-open] a.card")
    shoot(p, lang, "08-inbox")

    p.page.locator("[data-testid=inbox-open] a.card[data-type=conflict]").first.click()
    p.page.wait_for_selector("[data-testid=kept]")
    shoot(p, lang, "09-inbox-conflict")

    p.go("#/inbox")
    p.page.locator("[data-testid=inbox-open] a.card[data-type=flagged]").first.click()
    p.page.wait_for_selector("#view .reasons li")
    shoot(p, lang, "10-inbox-flagged")

    p.go("#/scan")
    p.page.locator("#view .scanner button").first.click()
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url("CP-B-CARPARK"))
    p.page.wait_for_selector("[data-testid=scans] li[data-code='CP-B-CARPARK']")
    p.page.wait_for_selector("#flash", state="hidden")
    shoot(p, lang, "11-scan")

    p.go("#/settings")
    shoot(p, lang, "12-settings")

    p.page.locator("#view .stack button.secondary").first.click()  # switch user
    p.page.wait_for_function("location.hash === '#/unlock'")
    shoot(p, lang, "13-unlock")
    p.page.locator("input[type=password]").fill(PIN)
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/log'")

    p.go("#/settings")
    p.page.locator("[aria-pressed]", has_text="Light" if lang == "en" else "淺色").click()
    p.page.wait_for_function("document.documentElement.dataset.theme === 'light'")
    p.go("#/log")
    shoot(p, lang, "14-log-light")
    p.context.set_offline(False)
