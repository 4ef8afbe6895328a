"""Equipment on the phone (issue 16): a guard, offline, does a round that includes
two fire extinguishers (scanned from the fake camera and from the floor-by-floor
list), one failing its checklist; back online the incident it opened is there
and the supervisor's board shows an extinguisher expiring next week. Then the
equipment screens at 390x844 in English and Traditional Chinese, with axe."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from tests.browser.conftest import PIN, SCREENSHOTS
from tests.browser.test_patrol import settle, shoot, show, start_round, switch_user, wait_done
from tests.phone import bearer, body, site_today


@pytest.fixture(scope="module")
def kit(server):
    """Two checkpoints on an hourly route, and two extinguishers: G floor (fine) and B1 (expiring in 6 days)."""
    http, sup = server.http(), bearer(server.token("super1"))
    tag = uuid.uuid4().hex[:6]
    r = http.post("/api/patrol/checkpoints", json={"site_id": "hv", "name": f"Lobby {tag}", "name_zh": f"大堂{tag}",
                                                  "location": "Block A lobby"}, headers=sup)
    cp = body(r)
    r = http.post("/api/patrol/checkpoints", json={"site_id": "hv", "name": f"Car park {tag}", "name_zh": f"停車場{tag}",
                                                  "location": "B1"}, headers=sup)
    cp2 = body(r)
    r = http.post("/api/patrol/routes", json={"site_id": "hv", "name": f"Fire round {tag}", "name_zh": f"消防巡邏{tag}",
                                              "checkpoint_ids": [cp["id"], cp2["id"]]}, headers=sup)
    route = body(r)
    r = http.post("/api/patrol/schedules", json={"site_id": "hv", "route_id": route["id"], "name": f"Hourly {tag}",
                                                 "every_hours": 1, "first_at": "00:00", "window_minutes": 60,
                                                 "grace_minutes": 0}, headers=sup)
    schedule = body(r)
    today = site_today()
    items = []
    for name, name_zh, floor, where, days in [(f"Lobby extinguisher {tag}", f"大堂滅火筒{tag}", "G", "Block A lobby", 200),
                                              (f"Car park extinguisher {tag}", f"停車場滅火筒{tag}", "B1", "Car park", 6)]:
        r = http.post("/api/equipment/items", json={"site_id": "hv", "type": "extinguisher", "name": name, "name_zh": name_zh,
                                                    "floor": floor, "location": where, "checkpoint_id": cp["id"] if floor == "G" else None,
                                                    "expires_on": (today + timedelta(days=days)).isoformat()}, headers=sup)
        assert r.status_code == 201, body(r)
        items.append(body(r))
    return {"tag": tag, "cp": cp, "schedule": schedule["id"], "items": items}


def sign(p):
    """Draws a signature in the pad, first scrolled to the middle of the screen (clear of the status bar)."""
    pad = p.page.locator("[data-testid=signature]")
    pad.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = pad.bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    p.page.mouse.move(x, y)
    p.page.mouse.down()
    for i in range(1, 15):
        p.page.mouse.move(x + i * 18, y + (12 if i % 2 else -12), steps=2)
    p.page.mouse.up()


def answer(p, failing: set[str] = frozenset()) -> None:
    form = p.page.locator("[data-testid=equipment-check]")
    for q in ("pressure_green", "pin_seal_intact", "not_expired", "access_clear"):
        form.locator(f"fieldset[data-item={q}] input[value={'no' if q in failing else 'yes'}]").check()


def test_offline_round_with_two_extinguishers_one_failing_then_incident_and_board(phone, server, kit):
    tag, (lobby, carpark) = kit["tag"], kit["items"]
    p = phone().setup("guard1")
    p.sync()
    p.context.set_offline(True)

    round_id = start_round(p, kit["schedule"])
    p.page.locator(".scanner-manual input").fill(kit["cp"]["qr"])
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.locator("[data-testid=checkpoint-form] button[type=submit]").click()
    wait_done(p, 1)
    # Scanned again on purpose: the repeat is sent as a fact, the round still counts one.
    p.page.locator(".scanner-manual input").fill(kit["cp"]["qr"])
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.get_by_test_id("record-repeat").click()
    p.page.wait_for_selector("[data-testid=scan-message] >> text=the round counts it once")
    wait_done(p, 1)

    # The floor-by-floor register, offline: B1 and G each list their extinguisher.
    p.go("#/equipment")
    p.page.wait_for_selector(f"section[data-floor=B1] >> text=Car park extinguisher {tag}")
    p.page.wait_for_selector(f"section[data-floor=G] >> text=Lobby extinguisher {tag}")
    assert "Expires in 6 days" in p.page.locator(f"a.card[data-id='{carpark['id']}']").inner_text()

    # The first by its label, through the camera: every answer yes; back to the round.
    p.page.get_by_role("link", name="Scan equipment label").click()
    p.page.get_by_role("button", name="Open camera").click()
    show(p, "gatehouse:equipment:forgedforgedforg")
    p.page.wait_for_selector("[data-testid=scan-message] >> text=This code is not equipment at this site")
    show(p, lobby["qr"])
    p.page.wait_for_selector(f"[data-testid=equipment-check][data-item='{lobby['id']}']")
    p.page.wait_for_selector("#view >> text=Label scanned.")
    p.page.wait_for_selector("[data-testid=in-round]")
    answer(p)
    p.page.get_by_role("button", name="Save check").click()
    p.page.wait_for_function("r => location.hash === '#/patrol/round/' + r", arg=round_id)

    # The second from the list: the pressure is in the red; a note is required.
    p.go("#/equipment")
    p.page.locator(f"a.card[data-id='{carpark['id']}']").click()
    answer(p, {"pressure_green"})
    p.page.get_by_role("button", name="Save check").click()
    p.page.wait_for_selector("#view >> text=Write what you found")
    p.page.get_by_label("Note (what you found)").fill(f"Needle in the red {tag}")
    p.page.get_by_role("button", name="Save check").click()
    p.page.wait_for_function("r => location.hash === '#/patrol/round/' + r", arg=round_id)
    p.go("#/equipment")
    p.page.wait_for_selector(f"a.card[data-id='{carpark['id']}'][data-result=failed]")
    p.page.wait_for_selector(f"a.card[data-id='{lobby['id']}'][data-result=ok]")
    rounds = p.page.evaluate("""async () => (await import('/lib/outbox.js')).outboxEntries().then(es => es
        .filter(e => e.mutation.kind === 'equipment.check').map(e => e.mutation.payload.round_id))""")
    assert rounds == [round_id, round_id]

    # Back online: the failed check opened an incident; the guard sees it after sync.
    p.context.set_offline(False)
    settle(p)
    p.go("#/incidents")
    p.page.wait_for_selector(f"[data-testid=incidents] >> text=Needle in the red {tag}")
    http, sup = server.http(), bearer(server.token("super1"))
    detail = body(http.get(f"/api/patrol/rounds/{round_id}", headers=sup))
    [scan] = detail["scans"]
    assert len(scan["repeats"]) == 1 and len(detail["status"]["done"]) == 1
    board = body(http.get("/api/patrol/board?site_id=hv", headers=sup))
    [incident] = [i for i in board["incidents"] if f"Needle in the red {tag}" in i["description"]]
    assert incident["category"] == "fire_safety" and f"Car park extinguisher {tag}" in incident["description"]

    # The supervisor's board shows the one expiring next week, not the other.
    s = phone().setup("super1")
    s.go("#/board")
    listed = s.page.locator("[data-testid=board-equipment]")
    listed.locator(f"text=Car park extinguisher {tag}").wait_for()
    assert "expires in 6 days" in listed.inner_text() and f"Lobby extinguisher {tag}" not in listed.inner_text()
    assert p.errors == [] and s.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_equipment_screens_screenshot_and_accessibility(phone, server, kit, lang):
    p = phone().setup("guard1")
    p.go("#/settings")
    p.page.locator(f".segmented button[lang='{lang}']").click()
    p.page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
    p.go("#/equipment")
    p.page.wait_for_selector(f"a.card[data-id='{kit['items'][1]['id']}']")
    shoot(p, lang, "40-equipment-floors")
    p.page.locator(f"a.card[data-id='{kit['items'][1]['id']}']").click()
    p.page.wait_for_selector("[data-testid=equipment-check]")
    shoot(p, lang, "41-equipment-check")
    # The board is a supervisor's, whose tab bar main's other domains fill past 56 px targets
    # (test_screens reports that); here only its picture, axe and targets are test_patrol's.
    s = phone().setup("super1")
    s.go("#/settings")
    s.page.locator(f".segmented button[lang='{lang}']").click()
    s.page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
    s.go("#/board")
    s.page.wait_for_selector("[data-testid=board-equipment]")
    s.page.locator("[data-testid=board-equipment]").scroll_into_view_if_needed()
    s.page.screenshot(path=str(SCREENSHOTS / f"{lang}-42-board-equipment.png"))
    assert s.errors == []


def test_taking_a_post_the_incoming_guard_finds_the_radio_missing(phone, server, kit):
    tag = kit["tag"]
    http, sup = server.http(), bearer(server.token("super1"))
    r = http.post("/api/equipment/posts", json={"site_id": "hv", "name": f"Main gate {tag}", "name_zh": f"大閘{tag}",
                                                "items": [{"name": "Radio", "name_zh": "對講機"},
                                                          {"name": "Torch", "name_zh": "電筒"}]}, headers=sup)
    assert r.status_code == 201, body(r)
    post = body(r)
    p = phone().setup("guard1")
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

    p.go("#/handover/new")
    p.page.get_by_label("Post").select_option(post["id"])
    kit_list = p.page.locator("[data-testid=post-equipment]")
    kit_list.locator("li[data-item=Radio]").wait_for()
    assert kit_list.locator("li").count() == 2
    p.page.get_by_label("What happened on this shift").fill(f"Gate quiet {tag}")
    sign(p)
    p.page.get_by_label("Your PIN").fill(PIN)
    p.page.get_by_role("button", name="Sign and hand over").click()
    p.page.wait_for_function("location.hash.startsWith('#/handover/') && location.hash !== '#/handover/new'")
    handover_id = p.page.evaluate("location.hash.split('/').pop()")

    # The incoming guard sees the same list and finds the radio missing.
    switch_user(p, "Wong Siu Ming")
    p.go(f"#/handover/{handover_id}")
    p.page.wait_for_selector(f"h2 >> text=Equipment check: Main gate {tag}")
    check = p.page.locator("[data-testid=take-over-equipment]")
    check.locator("li[data-item=Radio] input[type=checkbox]").uncheck()
    check.get_by_label("Note on Radio").fill(f"Radio missing {tag}")
    sign(p)
    p.page.get_by_label("Your PIN").fill(PIN)
    p.page.get_by_role("button", name="Take over", exact=True).click()
    p.page.wait_for_selector("[data-testid=handover-status] >> text=Accepted")
    p.page.wait_for_selector("[data-testid=incoming-equipment] li[data-ok='0'] >> text=Radio")

    p.context.set_offline(False)
    settle(p)
    board = body(http.get("/api/patrol/board?site_id=hv", headers=sup))
    [flag] = [f for f in board["flags"] if f"Radio missing {tag}" in f["reasons"][0].get("detail", "")]
    assert flag["reasons"][0]["code"] == "post_equipment_missing"
    [ho] = [x for x in board["handovers"] if x["id"] == handover_id]
    assert ho["status"] == "accepted" and ho["incoming"] == "Wong Siu Ming"   # both signed
    assert p.errors == []


def test_uploaded_photos_leave_the_phone_after_the_sites_limit(phone, server):
    p = phone().setup("guard1")
    keep = p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('device')).site.photo_keep_days")
    assert keep == 7
    left = p.page.evaluate("""async () => {
        const photos = await import('/page/photos.js');
        const { withStore, req } = await import('/lib/db.js');
        const make = async (n) => photos.storeImage(new Blob([new Uint8Array([n, 1, 2, 3])], { type: 'image/jpeg' }),
                                                   { siteId: 'hv', userId: 1 });
        const [oldSent, oldWaiting, newSent] = [await make(1), await make(2), await make(3)];
        const day = 86400000, now = Date.now();
        const set = (sha, patch) => withStore('readwrite', async (s) => {
            const m = await req(s.kv.get('media:' + sha)); s.kv.put({ ...m, ...patch }, 'media:' + sha); }, ['kv']);
        await set(oldSent, { created_at: now - 8 * day, uploaded_at: now - 8 * day, failed: null });
        await set(oldWaiting, { created_at: now - 8 * day, uploaded_at: null, failed: 'not_an_image' });
        await set(newSent, { created_at: now - 2 * day, uploaded_at: now - 2 * day, failed: null });
        const pruned = await photos.pruneUploaded(now);
        const kept = (await photos.allImages()).map((m) => m.sha);
        return { pruned, oldSent: kept.includes(oldSent), oldWaiting: kept.includes(oldWaiting), newSent: kept.includes(newSent) };
    }""")
    assert left == {"pruned": 1, "oldSent": False, "oldWaiting": True, "newSent": True}
