"""Patrol on the phone (issue 4): a guard offline does a full round by scanning
checkpoint QR codes from the fake camera, reports an incident with a photo,
logs a visitor and a vehicle and writes a handover; a second guard on the same
phone refuses it, then accepts it; back online everything syncs, the supervisor
sees it on the board and the daily PDF report holds it. Then every patrol
screen at 390x844 in English and Traditional Chinese, with axe."""
from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.browser.conftest import PIN, SCREENSHOTS, qr_data_url
from tests.browser.test_screens import AXE_TAGS, axe
from tests.phone import bearer, body

# Like test_screens.TARGETS; a checkbox, like a radio, sits in a 56 px label.choice (the target).
TARGETS = ("#view button:visible, #view a.btn:visible, #view a.card:visible, #view a.inline:visible, "
           "#view input:visible:not([type=radio]):not([type=checkbox]), #view select:visible, #view textarea:visible, "
           "#view .choice:visible, #tabs a:visible, #status button:visible, #banner button:visible")


@pytest.fixture(scope="module")
def patrol(server):
    """Set-up by a supervisor through the REST API (online): 3 checkpoints, a route, an hourly schedule."""
    http, sup = server.http(), bearer(server.token("super1"))
    tag = uuid.uuid4().hex[:6]
    cps = []
    for name, name_zh, where, checks in [("Lobby fire hose", "大堂消防喉", "Block A lobby", "hose reel, extinguisher"),
                                         ("Car park gate", "停車場閘口", "B1", "barrier, lights"),
                                         ("Roof door", "天台門", "Block A roof", "door locked")]:
        r = http.post("/api/patrol/checkpoints", json={"site_id": "hv", "name": f"{name} {tag}", "name_zh": f"{name_zh}{tag}",
                                                      "location": where, "checks": checks}, headers=sup)
        assert r.status_code == 201, body(r)
        cps.append(body(r))
    made = {}
    for key, name, name_zh in [("main", "Night round", "夜更巡邏"), ("screens", "Screens round", "畫面巡邏")]:
        r = http.post("/api/patrol/routes", json={"site_id": "hv", "name": f"{name} {tag}", "name_zh": f"{name_zh}{tag}",
                                                  "checkpoint_ids": [c["id"] for c in cps]}, headers=sup)
        assert r.status_code == 201, body(r)
        route = body(r)
        # Every hour, a 60-minute window and no grace: exactly one slot is due at any time.
        r = http.post("/api/patrol/schedules", json={"site_id": "hv", "route_id": route["id"], "name": f"Hourly {tag}",
                                                     "every_hours": 1, "first_at": "00:00", "window_minutes": 60,
                                                     "grace_minutes": 0}, headers=sup)
        assert r.status_code == 201, body(r)
        made[key] = body(r)["id"]
    return {"cps": cps, "schedules": made, "tag": tag}


def shoot(p, lang: str, name: str) -> None:
    p.page.wait_for_selector("#view h1")
    p.page.evaluate("document.getElementById('toast').hidden = true")
    p.page.wait_for_selector("#flash", state="hidden")
    p.page.wait_for_timeout(150)  # let the status bar settle
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(SCREENSHOTS / f"{lang}-{name}.png"))
    results = axe.run(p.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{lang}/{name}: {bad}"
    assert p.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    small = p.page.evaluate("""(sel) => [...document.querySelectorAll('*')]
        .filter(e => e.matches(sel.replaceAll(':visible', '')) && e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height, e.getBoundingClientRect().width])
        .filter(([, h, w]) => h < 56 || w < 56)""", TARGETS)
    assert small == [], f"{lang}/{name}: targets under 56 px: {small}"
    assert p.errors == []


def photo_file(tmp_path, name="photo.png", size=(2400, 1800)):
    path = tmp_path / name
    Image.new("RGB", size, (180, 40, 40)).save(path)
    return str(path)


def sign(p):
    pad = p.page.locator("[data-testid=signature]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    p.page.mouse.move(x, y)
    p.page.mouse.down()
    for i in range(1, 15):
        p.page.mouse.move(x + i * 18, y + (12 if i % 2 else -12), steps=2)
    p.page.mouse.up()


def switch_user(p, name: str) -> None:
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    p.page.get_by_role("button", name=name).click()
    p.page.get_by_label("PIN", exact=True).fill(PIN)
    p.page.get_by_role("button", name="Unlock").click()
    p.page.wait_for_function("location.hash === '#/log'")


def show(p, text: str) -> None:
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url(text))


def start_round(p, schedule_id: str) -> str:
    """Starts the due round, or continues it when this slot's round was started already (it is the site's)."""
    p.go("#/patrol")
    p.page.locator(f"[data-testid=due-rounds] [data-schedule='{schedule_id}'] .btn").click()
    p.page.wait_for_function("location.hash.startsWith('#/patrol/round/')")
    p.page.wait_for_selector("[data-testid=progress]")
    return p.page.evaluate("location.hash.split('/').pop()")


def wait_done(p, n: int) -> None:
    p.page.wait_for_selector(f"[data-testid=progress][data-done='{n}']")


def settle(p) -> None:
    for _ in range(5):
        p.sync()
        if p.page.evaluate("document.querySelector('[data-testid=pending]').dataset.count") == "0":
            break
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    p.page.wait_for_function("""async () => {
        const m = await import('/page/photos.js'); await m.uploadPending();
        return (await m.mediaSummary()).waiting === 0; }""", polling=500)


def pdf_text(server, token: str, day: str) -> str:
    r = server.http().s.get(f"{server.url}/api/patrol/report?site_id=hv&day={day}&lang=en&format=pdf",
                            headers=bearer(token), timeout=60)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf", r.text[:300]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    return re.sub(r"\s+", "", text)


def test_guard_offline_round_incident_gate_handover_then_board_and_report(phone, server, patrol, tmp_path):
    tag, cps = patrol["tag"], patrol["cps"]
    p = phone().setup("guard1")
    # The incoming guard signs in once on this phone (online), so a PIN unlocks them offline later.
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    p.page.get_by_role("link", name="Sign in with password (online)").click()
    p.login("guard2")
    p.set_pin()
    p.sync()
    switch_user(p, "Chan Tai Man")
    p.sync()
    p.context.set_offline(True)

    # A round, offline: the due round from the pulled schedule.
    p.go("#/patrol")
    p.page.wait_for_selector(f"[data-testid=due-rounds] >> text=Night round {tag}")
    round_id = start_round(p, patrol["schedules"]["main"])
    assert p.page.locator("[data-testid=progress]").inner_text() == "0 of 3 checkpoints done"
    assert "left in the window" in p.page.locator("[data-testid=time-left]").inner_text()
    p.page.get_by_role("button", name="Open camera").click()
    p.page.wait_for_selector(".scanner-message >> text=Hold the QR code inside the frame.")
    # A forged code is refused on the spot.
    show(p, "gatehouse:checkpoint:forgedforgedforg")
    p.page.wait_for_selector("[data-testid=scan-message] >> text=This code is not a checkpoint at this site")
    # The first checkpoint: intact.
    show(p, cps[0]["qr"])
    p.page.wait_for_selector(f"[data-testid=checkpoint-form][data-checkpoint='{cps[0]['id']}']")
    p.page.get_by_role("button", name="Save check").click()
    wait_done(p, 1)
    # The camera opens again and still sees the first code: shown as already done, not recorded twice.
    p.page.wait_for_selector(f"[data-testid=scan-message] >> text=Lobby fire hose {tag} is already done in this round")
    # The second: damaged, with a note and a photo compressed on the phone.
    show(p, cps[1]["qr"])
    form = p.page.locator(f"[data-testid=checkpoint-form][data-checkpoint='{cps[1]['id']}']")
    form.wait_for()
    form.get_by_label("Damaged").check()
    form.get_by_label("Note (what you found)").fill(f"Barrier arm bent {tag}")
    form.locator("[data-testid=photo-input]").set_input_files(photo_file(tmp_path))
    form.locator("[data-testid=photos] li img[src^='blob:']").wait_for()
    assert p.page.evaluate("document.querySelector('[data-testid=photos] img').naturalWidth") == 1600
    p.page.get_by_role("button", name="Save check").click()
    wait_done(p, 2)
    show(p, cps[2]["qr"])
    p.page.wait_for_selector(f"[data-testid=checkpoint-form][data-checkpoint='{cps[2]['id']}']")
    p.page.get_by_role("button", name="Save check").click()
    wait_done(p, 3)
    p.page.wait_for_selector("#view >> text=Round complete: every checkpoint is done.")

    # An incident with a photo, reported to the supervisor now.
    p.go("#/incidents/new")
    p.page.get_by_label("Suspicious person", exact=True).check()
    p.page.get_by_label("High", exact=True).check()
    p.page.get_by_label("What happened").fill(f"Man trying car doors {tag}")
    p.page.get_by_label("Place: checkpoint").select_option(cps[1]["id"])
    p.page.locator("[data-testid=photo-input]").set_input_files(photo_file(tmp_path, "incident.png", (1200, 900)))
    p.page.locator("[data-testid=photos] li img[src^='blob:']").wait_for()
    p.page.get_by_label("Report to supervisor now").check()
    p.page.get_by_role("button", name="Save incident").click()
    p.page.wait_for_function("location.hash === '#/incidents'")
    p.page.wait_for_selector(f"[data-testid=incidents] >> text=Man trying car doors {tag}")

    # Gate: a visitor in and out, a vehicle in, a refusal.
    p.go("#/gate/visitor")
    p.page.get_by_label("Visitor's name").fill(f"Lee Visitor {tag}")
    p.page.get_by_label("ID shown").select_option("hkid")
    p.page.get_by_label("Last four characters of the ID").fill("123a")
    p.page.get_by_label("Unit visited").fill("B-12F-03")
    p.page.get_by_label("Purpose").fill("Delivery")
    p.page.get_by_role("button", name="Save").click()
    p.page.wait_for_function("location.hash === '#/gate'")
    p.go("#/gate/vehicle")
    p.page.get_by_label("Plate").fill(f"pt {tag[:4]}")
    p.page.get_by_label("Unit visited").fill("A-3F-01")
    p.page.get_by_label("Purpose").fill("Plumber")
    p.page.get_by_role("button", name="Save").click()
    p.page.wait_for_function("location.hash === '#/gate'")
    plate = f"PT {tag[:4].upper()}"
    inside = p.page.locator("[data-testid=inside]")
    inside.locator(f"text={plate}").wait_for()
    inside.locator(f"text=Lee Visitor {tag}").wait_for()
    assert "B-12F-03" in inside.inner_text() and "Unit A-3F-01" in inside.inner_text()
    p.page.get_by_role("button", name=f"Record Lee Visitor {tag} leaving").click()
    p.page.wait_for_selector(f"[data-testid=gate-recent] >> text=Lee Visitor {tag}")
    assert p.page.locator("[data-testid=inside] .card").count() >= 1
    assert f"Lee Visitor {tag}" not in p.page.locator("[data-testid=inside]").inner_text()
    p.go("#/gate/refuse")
    p.page.get_by_label("Reason for refusal").select_option("no_identification")
    p.page.get_by_label("Note").fill(f"Would not show ID {tag}")
    p.page.get_by_role("button", name="Record refusal").click()
    p.page.wait_for_function("location.hash === '#/gate'")

    # The handover, written and signed (drawing + PIN) by the outgoing guard.
    p.go("#/handover/new")
    p.page.get_by_label("What happened on this shift").fill(f"Quiet night, barrier bent {tag}")
    p.page.get_by_label("Open item 1").fill(f"Watch the car park {tag}")
    p.page.get_by_label("Linked incident").select_option(index=1)
    sign(p)
    p.page.get_by_label("Your PIN").fill(PIN)
    p.page.get_by_role("button", name="Sign and hand over").click()
    p.page.wait_for_function("location.hash.startsWith('#/handover/') && location.hash !== '#/handover/new'")
    handover_id = p.page.evaluate("location.hash.split('/').pop()")
    p.page.wait_for_selector("#view >> text=You stay on duty until the incoming person takes over.")

    # The incoming guard (same phone, switch user, offline) refuses, then accepts.
    switch_user(p, "Wong Siu Ming")
    p.go("#/handover")
    p.page.locator(f"a.card[data-id='{handover_id}']").click()
    p.page.wait_for_selector(f"[data-testid=handover-text] >> text=Quiet night, barrier bent {tag}")
    p.page.get_by_label("Why you refuse").fill(f"Radio missing {tag}")
    p.page.get_by_role("button", name="Refuse to take over").click()
    p.page.wait_for_selector("[data-testid=handover-status] >> text=Refused")
    p.page.wait_for_selector(f"[data-testid=refusals] >> text=Radio missing {tag}")
    sign(p)
    p.page.get_by_label("Your PIN").fill(PIN)
    p.page.get_by_role("button", name="Take over", exact=True).click()
    p.page.wait_for_selector("[data-testid=handover-status] >> text=Accepted")
    kinds = [o["kind"] for o in p.outbox()]
    assert kinds.count("patrol.scan") == 3 and "handover.refuse" in kinds and "handover.accept" in kinds, kinds

    # Back online: everything syncs, photos and signatures upload.
    p.context.set_offline(False)
    settle(p)
    assert [o for o in p.outbox()] == []

    sup_token = server.token("super1")
    http = server.http()
    r = http.get(f"/api/patrol/rounds/{round_id}", headers=bearer(sup_token))
    assert r.status_code == 200, body(r)
    detail = body(r)
    assert len(detail["scans"]) == 3 and {s["condition"] for s in detail["scans"]} == {"intact", "damaged"}
    [damaged] = [s for s in detail["scans"] if s["condition"] == "damaged"]
    assert damaged["note"] == f"Barrier arm bent {tag}" and len(damaged["photos"]) == 1
    photo = http.get(f"/api/media/{damaged['photos'][0]}", headers=bearer(sup_token))
    assert photo.status_code == 200 and max(Image.open(io.BytesIO(photo.content)).size) == 1600
    assert Image.open(io.BytesIO(photo.content)).format == "JPEG"

    board = body(http.get("/api/patrol/board?site_id=hv", headers=bearer(sup_token)))
    [mine] = [x for x in board["rounds"]["timeline"] if round_id in x["round_ids"]]
    assert mine["done"] == 3 and mine["total"] == 3
    [incident] = [i for i in board["incidents"] if i["description"] == f"Man trying car doors {tag}"]
    assert incident["report_now"] and incident["severity"] == "high" and len(incident["photos"]) == 1
    assert board["incidents"][0]["report_now"]
    assert http.get(f"/api/media/{incident['photos'][0]}", headers=bearer(sup_token)).status_code == 200
    assert any(x["name"] == plate and x["unit"] == "A-3F-01" for x in board["gate"]["inside_now"])
    assert not any(x["name"] == f"Lee Visitor {tag}" for x in board["gate"]["inside_now"])  # left
    assert board["gate"]["visitors_out"] >= 1 and board["gate"]["refused"] >= 1
    [ho] = [x for x in board["handovers"] if x["id"] == handover_id]
    assert ho["status"] == "accepted" and ho["incoming"] == "Wong Siu Ming" and len(ho["refusals"]) == 1

    # The supervisor sees it on the board screen, on their phone.
    s = phone().setup("super1")
    s.go("#/board")
    s.page.wait_for_selector(f"[data-testid=board-incidents] >> text=Man trying car doors {tag}")
    s.page.wait_for_selector("[data-testid=board-handovers] li[data-status=accepted] >> text=Chan Tai Man → Wong Siu Ming")
    assert "Reported to supervisor" in s.page.locator("[data-testid=board-incidents] li").first.inner_text()

    # The daily PDF report holds the round, the incident, the gate log and the handover.
    text = pdf_text(server, sup_token, detail["round"]["day"])
    for expected in [f"Man trying car doors {tag}", f"Barrier arm bent {tag}", f"Lee Visitor {tag}", plate,
                     f"Quiet night, barrier bent {tag}", f"Radio missing {tag}", f"Roof door {tag}"]:
        assert re.sub(r"\s+", "", expected) in text, expected
    assert p.errors == [] and s.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_patrol_screens_screenshot_and_accessibility(phone, server, patrol, lang, tmp_path):
    p = phone().setup("super1")
    p.go("#/settings")
    p.page.locator(f".segmented button[lang='{lang}']").click()
    p.page.wait_for_function("l => document.documentElement.lang === l", arg=lang)

    p.go("#/patrol")
    p.page.wait_for_selector("[data-testid=due-rounds]")
    shoot(p, lang, "20-patrol-rounds")
    start_round(p, patrol["schedules"]["screens"])
    p.page.locator(".scanner-manual input").fill(patrol["cps"][1 if lang == "en" else 2]["qr"])
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.wait_for_selector("[data-testid=checkpoint-form]")
    p.page.locator("[data-testid=photo-input]").set_input_files(photo_file(tmp_path))
    p.page.locator("[data-testid=photos] li img[src^='blob:']").wait_for()
    shoot(p, lang, "21-patrol-checkpoint")
    done = int(p.page.locator("[data-testid=progress]").get_attribute("data-done"))
    p.page.locator("[data-testid=checkpoint-form] button[type=submit]").click()
    wait_done(p, done + 1)
    p.page.locator(".scanner-manual input").fill("not-a-checkpoint")
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.wait_for_selector("[data-testid=scan-message] .notice.error")
    shoot(p, lang, "22-patrol-round")

    p.go("#/incidents/new")
    shoot(p, lang, "23-incident-new")
    p.page.locator("#view .choices input[type=radio]").first.check()
    p.page.locator("#view textarea").fill("Screens: smoke in bin room")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/incidents'")
    p.page.wait_for_selector("[data-testid=incidents] .card")
    shoot(p, lang, "24-incidents")

    p.go("#/gate/visitor")
    shoot(p, lang, "25-gate-visitor")
    inputs = p.page.locator("#view form input")
    inputs.nth(0).fill("Screens Visitor")
    inputs.nth(1).fill("9X7Z")
    inputs.nth(2).fill("C-1F-02")
    inputs.nth(3).fill("Visit")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/gate'")
    p.page.wait_for_selector("[data-testid=inside] .card")
    shoot(p, lang, "26-gate")
    p.go("#/gate/vehicle")
    shoot(p, lang, "27-gate-vehicle")
    p.go("#/gate/refuse")
    shoot(p, lang, "28-gate-refuse")

    p.go("#/handover/new")
    shoot(p, lang, "29-handover-new")
    p.page.locator("#view textarea").first.fill("Screens: handover")
    sign(p)
    p.page.locator("#view input.pin").fill(PIN)
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash.startsWith('#/handover/') && location.hash !== '#/handover/new'")
    p.page.wait_for_selector("[data-testid=handover-text]")
    p.page.wait_for_selector("#view img.sig-image[src^='blob:']")
    shoot(p, lang, "30-handover-detail")
    p.go("#/handover")
    p.page.wait_for_selector("[data-testid=handovers] a.card")
    shoot(p, lang, "31-handovers")

    p.go("#/board")
    p.page.wait_for_selector("[data-testid=board-rounds]")
    shoot(p, lang, "32-board")
    p.context.set_offline(True)
    p.go("#/incidents")
    p.go("#/board")
    p.page.wait_for_selector("#view .notice.warn")
    shoot(p, lang, "33-board-offline")
    p.context.set_offline(False)
