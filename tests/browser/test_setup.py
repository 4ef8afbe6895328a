"""Set-up at a desk (issue 13): a supervisor on a 1280x800 screen creates checkpoints,
prints their label sheet, builds a route and a schedule whose last window crosses
midnight (after previewing the next day's slots) and corrects a checkpoint with a
reason; a guard's phone pulls it all and does the round by scanning the QR codes read
back from the printed sheet; the change log shows who, when and why. Then every
set-up screen at 1280x800 and 390x844, in English and Traditional Chinese, with axe."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_patrol import settle, shoot, show, start_round, wait_done
from tests.pdfcheck import printed

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def print_sheet(p, name: str) -> bytes:
    with p.page.expect_download() as info:
        p.page.locator("[data-testid=print-sheet]").click()
    path = info.value.path()
    with open(path, "rb") as f:
        return f.read()


def test_a_supervisor_sets_up_a_round_at_the_desk_and_a_guard_walks_it(phone, server):
    tag = uuid.uuid4().hex[:6]
    s = phone().setup("super1")
    s.page.set_viewport_size(DESK)

    # Two checkpoints, made on the set-up screen.
    s.go("#/setup/checkpoints")
    for name, name_zh in [(f"Pump room {tag}", f"水泵房{tag}"), (f"Bin store {tag}", f"垃圾房{tag}")]:
        s.page.locator("[data-testid=cp-name]").fill(name)
        s.page.locator("[data-testid=cp-name-zh]").fill(name_zh)
        s.page.locator("[data-testid=cp-create]").click()
        s.page.wait_for_selector(f"[data-testid=cp-list] >> text={name}")
    # The list beside the form: side by side on the desk screen.
    boxes = s.page.evaluate("[...document.querySelector('.setup-layout').children].map(c => c.getBoundingClientRect().left)")
    assert boxes[1] > boxes[0] + 300, boxes

    # The label sheet: every active checkpoint's QR, read back as a scanner reads it.
    sheet = printed(print_sheet(s, "labels"), "setup-label-sheet")
    qrs = [q for q in sheet.qr["poppler"] if q.startswith("gatehouse:checkpoint:")]
    assert sheet.qr["poppler"] == sheet.qr["mupdf"]
    flat = {r: re.sub(r"\s+", "", text) for r, text in sheet.text.items()}  # names are fitted and may wrap
    assert all(f"水泵房{tag}" in x and f"垃圾房{tag}" in x and f"Binstore{tag}" in x for x in flat.values())

    # Correct one checkpoint: the reason is required.
    s.page.locator("[data-testid=cp-list] a.card", has_text=f"Bin store {tag}").click()
    s.page.wait_for_selector("[data-testid=cp-save]")
    s.page.get_by_label("Where", exact=True).fill("Block B ground floor")
    s.page.locator("[data-testid=cp-save]").click()
    assert s.page.evaluate("document.querySelector('[data-testid=cp-reason]').validity.valueMissing")
    s.page.locator("[data-testid=cp-reason]").fill(f"bins moved {tag}")
    s.page.locator("[data-testid=cp-save]").click()
    s.page.wait_for_function("location.hash.startsWith('#/setup/checkpoints/')")
    s.page.wait_for_selector("#view input[value='Block B ground floor']")

    # A route through both, in walking order.
    s.go("#/setup/routes")
    s.page.locator("[data-testid=route-name]").fill(f"Service round {tag}")
    s.page.get_by_label(f"Pump room {tag}").check()
    s.page.get_by_label(f"Bin store {tag}").check()
    assert s.page.locator("[data-testid=route-order]").inner_text() == f"1. Pump room {tag} 2. Bin store {tag}"
    s.page.locator("[data-testid=route-create]").click()
    s.page.wait_for_selector(f"[data-testid=route-list] >> text=Service round {tag}")

    # A schedule every hour from 00:30, a 60-minute window: the 23:30 slot ends after midnight.
    s.go("#/setup/schedules")
    s.page.locator("[data-testid=sc-route]").select_option(label=f"Service round {tag}")
    s.page.locator("[data-testid=sc-name]").fill(f"Hourly {tag}")
    s.page.locator("[data-testid=sc-every]").fill("1")
    s.page.locator("[data-testid=sc-first]").fill("00:30")
    s.page.locator("[data-testid=sc-window]").fill("60")
    s.page.locator("[data-testid=sc-grace]").fill("0")
    s.page.locator("[data-testid=sc-preview]").click()
    slots = s.page.locator("[data-testid=preview] li")
    slots.first.wait_for()
    assert slots.count() == 24
    assert slots.nth(0).inner_text() == "00:30–01:30"
    assert s.page.locator("[data-testid=preview] li[data-crosses='1']").inner_text() == \
        "23:30–00:30 (ends the next day, after midnight)"
    s.page.locator("[data-testid=sc-create]").click()
    s.page.wait_for_selector(f"[data-testid=sc-list] >> text=Hourly {tag}")
    schedule_id = next(x["id"] for x in server.http().get(
        "/api/patrol/schedules?site_id=hv", headers={"Authorization": "Bearer " + server.token("super1")}).json()
        if x["name"] == f"Hourly {tag}")

    # A guard's phone pulls the set-up and walks the round, scanning the printed labels.
    g = phone().setup("guard1")
    g.go("#/patrol")
    g.page.wait_for_selector(f"[data-testid=due-rounds] >> text=Service round {tag}")
    start_round(g, schedule_id)
    assert g.page.locator("[data-testid=progress]").inner_text() == "0 of 2 checkpoints done"
    g.page.get_by_role("button", name="Open camera").click()
    done, places = 0, []
    for qr in qrs:
        if done == 2:
            break
        show(g, qr)
        form = g.page.locator("[data-testid=checkpoint-form]")
        try:
            form.wait_for(timeout=3000)
        except Exception:
            continue  # another test's checkpoint on the same sheet: not on this route
        places.append(form.locator("dl.facts").inner_text())
        g.page.get_by_role("button", name="Save check").click()
        done += 1
        wait_done(g, done)
    assert done == 2
    assert any("Block B ground floor" in place for place in places)  # the correction reached the phone
    g.page.wait_for_selector("#view >> text=Round complete: every checkpoint is done.")
    settle(g)

    # The change log: who, when, why, and each thing's version.
    s.go("#/setup/changes")
    log = s.page.locator("[data-testid=change-log]")
    entry = log.locator("li", has_text=f"bins moved {tag}")
    entry.wait_for()
    text = entry.inner_text()
    assert "Checkpoint · version 2" in text and "Changed · Ho Wing Sze" in text
    assert "location: — → Block B ground floor" in text
    assert log.locator("li[data-subject=schedule][data-version='1']").count() >= 1
    shoot(s, "en", "setup-changes-1280")

    # The board on the desk: the week's grid holds the round's scans, the guard is on site now.
    s.go("#/board")
    row = s.page.locator("[data-testid=board-grid] tr", has_text=f"Pump room {tag}")
    row.wait_for()
    assert sum(int(c or 0) for c in row.locator("td").all_inner_texts()[:-1]) == 1
    assert "Chan Tai Man" in s.page.locator("[data-testid=board-on-site]").inner_text()
    s.page.locator("[data-testid=board-lapses-guard], [data-testid=board-unattended]").first.wait_for()
    # It refreshes itself every minute while shown.
    s.page.clock.install()
    s.page.reload()  # the app starts again with its timers on the test's clock
    s.ready()
    s.page.locator("[data-testid=board-grid]").wait_for()
    with s.page.expect_request(lambda r: "/api/patrol/board" in r.url, timeout=5000):
        s.page.clock.run_for(61_000)
    # On a wall screen: the tab bar goes, the type grows.
    s.page.locator("[data-testid=board-wall]").click()
    assert s.page.evaluate("getComputedStyle(document.getElementById('tabs')).display") == "none"
    assert s.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 22
    s.page.set_viewport_size({"width": 1920, "height": 1080})
    s.page.wait_for_timeout(200)
    s.page.screenshot(path=str(SCREENSHOTS / "en-board-wall-1920.png"))
    s.page.locator("[data-testid=board-wall]").click()


SCREENS = ["#/setup/checkpoints", "#/setup/routes", "#/setup/schedules", "#/setup/site", "#/setup/users",
           "#/setup/changes", "#/board"]


@pytest.mark.parametrize("lang,user", [("en", "admin"), ("zh-Hant", "super1")])
def test_set_up_screens_at_desk_and_phone_size_in_both_languages(phone, server, lang, user):
    p = phone().setup_in(lang, user)
    for size, suffix in ((DESK, "1280"), (PHONE, "390")):
        p.page.set_viewport_size(size)
        for hash_ in SCREENS:
            p.go(hash_)
            p.page.wait_for_selector(".subnav, [data-testid=board-counts]")
            shoot(p, lang, f"setup-{hash_.rsplit('/', 1)[1]}-{suffix}")
    # Offline, set-up says so instead of failing.
    p.context.set_offline(True)
    p.go("#/setup/routes")
    p.page.wait_for_selector("#view .notice.warn")
    p.context.set_offline(False)


def test_an_administrator_adds_a_person_resets_their_password_and_the_code_signs_in_once(phone, server):
    tag = uuid.uuid4().hex[:6]
    a = phone().setup("admin")
    a.page.set_viewport_size(DESK)
    a.go("#/setup/users")
    a.page.get_by_label("Username").fill(f"temp{tag}")
    a.page.get_by_label("Full name").fill(f"Temp Guard {tag}")
    a.page.get_by_label("First password (at least 8 characters)").fill("first-password")
    a.page.locator("#view form button[type=submit]").click()
    card = a.page.locator(f"[data-user='temp{tag}']")
    card.wait_for()
    assert "Guard · Harbour View Estate" in card.inner_text()
    card.locator("summary").click()
    card.get_by_role("button", name="Reset password: one-time code").click()
    a.page.wait_for_selector("#view .notice.error")  # a reason first
    card.locator(f"[data-testid='user-reason-temp{tag}']").fill("forgot the password")
    card.get_by_role("button", name="Reset password: one-time code").click()
    code = card.locator("[data-testid=reset-code]").inner_text()

    g = phone()
    g.enroll()
    g.page.get_by_label("Username").fill(f"temp{tag}")
    g.page.get_by_label("Password", exact=True).fill(code)
    g.page.get_by_role("button", name="Sign in", exact=True).click()
    g.page.wait_for_selector("[data-testid=new-password]:not([hidden])")
    g.page.get_by_label("New password (at least 8 characters)").fill("my-own-secret")
    g.page.get_by_label("Repeat the new password").fill("my-own-secret")
    g.page.get_by_role("button", name="Sign in", exact=True).click()
    g.page.wait_for_function("location.hash === '#/pin'")
    g.set_pin()
    # The site's Chinese name changed on the set-up screen reaches the phone at its next sync.
    a.go("#/setup/site")
    old = a.page.locator("[data-testid=site-name-zh]").input_value()
    try:
        a.page.locator("[data-testid=site-name-zh]").fill(f"海景{tag}")
        a.page.locator("[data-testid=site-reason]").fill("the owners' committee renamed it")
        a.page.locator("[data-testid=site-save]").click()
        a.page.wait_for_selector(f"[data-testid=site-name-zh][value='海景{tag}']")
        g.sync()
        assert g.page.evaluate("async () => (await import('/lib/db.js')).kvGet('device')")["site"]["name_zh"] == f"海景{tag}"
    finally:
        a.go("#/setup/changes")
        a.go("#/setup/site")
        a.page.locator("[data-testid=site-name-zh]").fill(old)
        a.page.locator("[data-testid=site-reason]").fill("test over: the name as it was")
        a.page.locator("[data-testid=site-save]").click()
        a.page.wait_for_selector(f"[data-testid=site-name-zh][value='{old}']")
    # The code is spent; the new password works.
    http = server.http()
    assert http.post("/api/auth/login", json={"username": f"temp{tag}", "password": code,
                                              "new_password": "other-secret"}).status_code == 401
    assert http.post("/api/auth/login", json={"username": f"temp{tag}", "password": "my-own-secret"}).status_code == 200
    uid = http.get("/api/users", headers={"Authorization": "Bearer " + server.token("admin")}).json()
    [user] = [u for u in uid if u["username"] == f"temp{tag}"]
    log = http.get(f"/api/changes?subject=user&subject_id={user['id']}",
                   headers={"Authorization": "Bearer " + server.token("admin")}).json()["changes"]
    assert [(c["action"], c["reason"], c["by"]["name"]) for c in log] == [
        ("password_reset", "forgot the password", "Site Administrator"), ("created", "", "Site Administrator")]
