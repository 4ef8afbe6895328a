"""The desk's own shift in the browser (issue 11 item 8): a supervisor sets up the
desk's checklist for the site; the desk, offline, hands over with that checklist
and the shift's duty-log entries; the incoming person cannot take over before
ticking every entry read, then signs; leaving the desk is approved by a
supervisor on her own phone with who covers; an evacuation roll call taken
offline from the last snapshot, with someone not accounted for, reaches the
supervisor. Screenshots at phone size and 1280 x 800, English and Chinese."""
from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import PIN, VIEWPORT
from tests.browser.test_desk import COUNTER, issue_by_api, shot
from tests.browser.test_equipment import sign
from tests.browser.test_patrol import settle, switch_user
from tests.phone import PASSWORD, bearer, body


def set_checklist(sup, tag: str) -> list[str]:
    """The supervisor sets up the desk's checklist on her phone (online)."""
    items = [f"Key cabinet counted {tag}", f"Passes outstanding checked {tag}", f"CCTV monitors working {tag}"]
    sup.go("#/desk/checklist")
    sup.page.get_by_label("Name of the desk").fill("Front desk")
    sup.page.get_by_label("Items").fill("\n".join(f"{i} | 前台項目{n}" for n, i in enumerate(items)))
    sup.page.get_by_label("Reason for the change").fill(f"new desk routine {tag}")
    sup.page.get_by_role("button", name="Save the checklist").click()
    sup.page.wait_for_function("location.hash === '#/desk/shift'")
    return items


def add_desk_person(server, tag: str) -> str:
    name = f"Tam Wai Man {tag}"
    r = server.http().post("/api/users", json={"username": f"desk{tag}", "name": name, "password": PASSWORD,
                                               "role": "frontdesk", "site_ids": ["hv"]},
                           headers=bearer(server.token("admin")))
    assert r.status_code == 201, body(r)
    return name


def second_user(p, username: str) -> None:
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    p.page.get_by_role("link", name="Sign in with password (online)").click()
    p.login(username)
    p.set_pin()
    p.sync()


def test_the_desk_hands_over_offline_with_the_sites_checklist_and_the_incoming_person_reads_the_log(phone, server):
    tag = uuid.uuid4().hex[:6]
    sup = phone().setup("super1")
    items = set_checklist(sup, tag)
    # The change is in the change log with who and why (rulebook 10.7).
    [last] = body(server.http().get("/api/changes?site_id=hv&subject=post&limit=1",
                                    headers=bearer(server.token("super1"))))["changes"]
    assert (last["reason"], last["by"]["name"]) == (f"new desk routine {tag}", "Ho Wing Sze")
    incoming = add_desk_person(server, tag)
    p = phone().setup("desk1")
    second_user(p, f"desk{tag}")
    switch_user(p, "Lee Ka Yan")
    p.sync()                                   # the checklist arrives with the pull
    p.context.set_offline(True)
    p.write_entry(f"Parcel for 12B left at the desk {tag}")
    p.write_entry(f"Lift 2 out of order {tag}")

    p.go("#/desk/shift/new")
    if p.page.get_by_label("Desk", exact=True).count():   # other desk posts at this site
        p.page.get_by_label("Desk", exact=True).select_option(label="Front desk")
    rows = p.page.locator("[data-testid=desk-checklist] li")
    rows.first.wait_for()
    assert [r.get_attribute("data-item") for r in rows.all()] == items
    log = p.page.locator("[data-testid=shift-log]")
    assert f"Parcel for 12B left at the desk {tag}" in log.inner_text() and f"Lift 2 out of order {tag}" in log.inner_text()
    p.page.get_by_label("What happened this shift").fill(f"Contractor for 12B due at 10:00 {tag}")
    sign(p)
    p.page.get_by_label("Your PIN").fill(PIN)
    shot(p, "en-desk-shift-handover")
    p.page.get_by_role("button", name="Sign and hand over").click()
    p.page.wait_for_function("location.hash.startsWith('#/desk/shift/') && location.hash !== '#/desk/shift/new'")
    handover_id = p.page.evaluate("location.hash.split('/').pop()")
    p.page.wait_for_selector("[data-testid=handover-status] >> text=Waiting for the incoming person")

    # The incoming person, on the same phone, still offline: reads every entry, then signs.
    switch_user(p, incoming)
    p.go(f"#/desk/shift/{handover_id}")
    p.page.locator("[data-testid=handover-log] input[type=checkbox]").first.wait_for()
    # The shift's entries: these two, and any another test wrote on this server in the same shift.
    boxes = p.page.locator("[data-testid=handover-log] input[type=checkbox]")
    listed = p.page.inner_text("[data-testid=handover-log]")
    assert boxes.count() >= 2 and f"Parcel for 12B left at the desk {tag}" in listed and f"Lift 2 out of order {tag}" in listed
    for i in range(boxes.count() - 1):   # all but one
        boxes.nth(i).check()
    sign(p)
    p.page.get_by_label("Your PIN").fill(PIN)
    p.page.get_by_role("button", name="Sign and take over").click()
    p.page.wait_for_selector("text=Read and tick every duty log entry of the shift first.")
    assert p.page.evaluate("location.hash") == f"#/desk/shift/{handover_id}"   # nothing taken over yet
    boxes.last.check()
    shot(p, "en-desk-shift-take-over")
    p.page.get_by_role("button", name="Sign and take over").click()
    p.page.wait_for_selector("[data-testid=handover-status] >> text=Taken over")

    p.context.set_offline(False)
    settle(p)
    reader = server.api_phone("super1")
    reader.pull_all()
    ho = reader.of_kind("handover")[handover_id]
    assert ho["desk"] is True and ho["status"] == "accepted" and ho["incoming"]["user_name"] == incoming
    assert [a["item"] for a in ho["equipment"]] == items and all(a["ok"] for a in ho["incoming_equipment"])
    logged = {e["id"] for e in reader.of_kind("log.entry").values() if tag in e["text"]}
    shift = {e["id"] for e in ho["log_entries"]}   # these two, and any other of this shift on this server
    assert logged <= shift and set(ho["log_read"]) == shift
    assert all(e["number"] is None or e["number"].startswith("LOG-") for e in ho["log_entries"])
    p.go("#/desk/shift")
    p.page.wait_for_selector(f"[data-testid=desk-handovers] a[data-id='{handover_id}'][data-status=accepted]")
    p.page.wait_for_selector("[data-testid=shift-changes] li")   # today's shift changes, online
    shot(p, "en-desk-shift")
    assert p.errors == [] and sup.errors == []


def test_leaving_the_desk_is_approved_by_a_supervisor_on_her_phone_with_who_covers(phone, server):
    tag = uuid.uuid4().hex[:6]
    d = phone().setup("desk1")
    d.page.set_viewport_size(COUNTER)
    d.go("#/desk/leave/new")
    d.page.get_by_role("button", name="Ask the supervisor").click()
    d.page.wait_for_selector("text=Say why you leave the desk.")          # nothing asked without a reason
    d.page.get_by_label("Why").fill(f"Escort the plumber to 12B {tag}")
    d.page.get_by_label("For how many minutes").fill("20")
    d.page.get_by_label("Who covers the desk").fill("Wong Siu Ming")
    shot(d, "en-desk-leave-1280")
    d.page.get_by_role("button", name="Ask the supervisor").click()
    d.page.wait_for_function("location.hash.startsWith('#/desk/leave/') && location.hash !== '#/desk/leave/new'")
    absence_id = d.page.evaluate("location.hash.split('/').pop()")
    d.page.wait_for_selector("[data-testid=leave-status] >> text=Waiting for approval")
    settle(d)

    s = phone().setup("super1")
    s.go(f"#/desk/leave/{absence_id}")
    s.page.wait_for_selector("[data-testid=leave-cover] >> text=Wong Siu Ming")
    s.page.get_by_label("Note").fill("20 minutes at most")
    s.page.get_by_role("button", name="Approve", exact=True).click()
    s.page.wait_for_selector("[data-testid=leave-status] >> text=Approved")
    settle(s)

    d.sync()
    d.go(f"#/desk/leave/{absence_id}")
    d.page.wait_for_selector("[data-testid=leave-approval] >> text=Approved by Ho Wing Sze")
    d.page.get_by_role("button", name="Back at the desk").click()
    d.page.wait_for_selector("[data-testid=leave-status] >> text=Back at the desk")
    settle(d)
    reader = server.api_phone("super1")
    reader.pull_all()
    a = reader.of_kind("desk.absence")[absence_id]
    assert a["status"] == "back" and a["approval"]["approved"] is True and a["approval"]["note"] == "20 minutes at most"
    assert a["approval"]["user_name"] == "Ho Wing Sze" and a["cover"]["name"] == "Wong Siu Ming"
    items = body(server.http().get("/api/review/items?site_id=hv&status=all", headers=bearer(server.token("super1"))))["items"]
    assert not [i for i in items if i["mutation"]["kind"] == "desk.back" and tag in str(i)]
    assert d.errors == [] and s.errors == []


def test_an_evacuation_roll_call_offline_from_the_last_snapshot_reaches_the_supervisor(phone, server):
    tag = uuid.uuid4().hex[:6]
    inside, token = issue_by_api(server, name=f"Chan Siu Keung {tag}")
    gate = server.api_phone("guard2")                      # the holder came in at the main gate
    gate.write("pass.scan", {"token": token, "gate": "main", "direction": "in", "shown": "valid", "data_age_ms": 1000})
    assert gate.sync()[0]["status"] == "applied"
    g = phone().setup("guard1")
    g.context.set_offline(True)                             # the alarm: no network, the last snapshot
    g.go("#/desk/gate")
    g.page.get_by_role("link", name="Evacuation roll call").click()
    g.page.wait_for_function("location.hash === '#/desk/rollcall'")
    row = g.page.locator(f"[data-testid=roll-call] li[data-id='{inside['id']}']")
    row.wait_for()
    others = g.page.locator(f"[data-testid=roll-call] li:not([data-id='{inside['id']}']) input[type=checkbox]")
    for i in range(others.count()):
        others.nth(i).check()
    total = g.page.locator("[data-testid=roll-call] li").count()
    g.page.wait_for_selector(f"[data-testid=roll-count] >> text={total - 1} of {total} accounted for")
    assert "Pass data as of" in g.page.inner_text("[data-testid=data-age]")
    shot(g, "en-desk-roll-call")
    g.page.get_by_role("button", name="Record the roll call").click()
    g.page.wait_for_selector("text=Roll call recorded")
    g.context.set_offline(False)
    settle(g)
    items = body(server.http().get("/api/review/items?site_id=hv", headers=bearer(server.token("super1"))))["items"]
    [alert] = [i for i in items if i["mutation"]["kind"] == "desk.roll_call" and tag in i["reasons"][0]["detail"]]
    assert alert["reasons"][0]["code"] == "roll_call_missing"
    assert g.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_desks_shift_screens_at_phone_size_and_on_the_counter(phone, server, lang):
    d = phone().setup_in(lang, "desk1")
    d.wait_worker()
    d.sync()
    for size, suffix in ((VIEWPORT, "phone"), (COUNTER, "1280")):
        d.page.set_viewport_size(size)
        for hash_, name in (("#/desk/shift", "shift"), ("#/desk/shift/new", "shift-new"), ("#/desk/leave/new", "leave"),
                            ("#/desk/incident", "incident"), ("#/desk/rollcall", "roll-call")):
            d.go(hash_)
            d.page.wait_for_function("h => location.hash === h && document.querySelector('#view h1') !== null", arg=hash_)
            d.page.wait_for_timeout(300)
            shot(d, f"{lang}-desk-{name}-{suffix}")
    if lang == "zh-Hant":
        d.go("#/desk/shift")
        d.page.wait_for_selector("#view h1 >> text=前台當更")
        assert "交更" in d.page.inner_text("#view")
    assert d.errors == []
