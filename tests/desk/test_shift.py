"""The desk's own shift (issue 11 item 8): the front desk hands over with the guards'
handover kinds, its checklist is the list of the site's desk post (set up by a
supervisor, pulled by phones), the incoming person acknowledges the shift's duty-log
entries, a shift change with no handover is missing; leaving the desk needs a
superior's approval and who covers; a complaint the desk cannot solve goes to the
supervisors' inbox through the cases register; the desk reports incidents; an
evacuation roll call with someone unaccounted for reaches the supervisor."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backend.db import database
from backend.sync_api.models import EntityRow
from tests.passes.conftest import reasons, set_site
from tests.phone import PASSWORD, body

SIG = "ab" * 32
CHECKLIST = [{"name": "Key cabinet counted", "name_zh": "鎖匙櫃已點算"},
             {"name": "Passes outstanding checked", "name_zh": "未交回出入證已核對"},
             {"name": "CCTV monitors working", "name_zh": "閉路電視正常"}]
TZ = ZoneInfo("Asia/Hong_Kong")


@pytest.fixture
def sup(token):
    return {"Authorization": f"Bearer {token('super1')}"}


@pytest.fixture
def desk_post(client, sup):
    r = client.post("/api/equipment/posts", json={"site_id": "hv", "name": "Front desk", "name_zh": "前台",
                                                  "items": CHECKLIST, "desk": True}, headers=sup)
    assert r.status_code == 201, body(r)
    return body(r)


@pytest.fixture
def desk2(client, token):
    """A second front desk person at Harbour View (the incoming shift)."""
    r = client.post("/api/users", json={"username": "desk2", "name": "Tam Wai Man", "password": PASSWORD,
                                        "role": "frontdesk", "site_ids": ["hv"]},
                    headers={"Authorization": f"Bearer {token('admin')}"})
    assert r.status_code == 201, body(r)
    return "desk2"


@pytest.fixture
def counter(make_phone, desk2):
    """The counter's phone, shared by the outgoing (desk1) and incoming (desk2) person."""
    p = make_phone("desk1")
    p.sign_in(desk2)
    p.current = "desk1"
    return p


def answers(missing: dict[str, str] | None = None) -> list[dict]:
    missing = missing or {}
    return [{"item": i["name"], "ok": i["name"] not in missing, "note": missing.get(i["name"], "")} for i in CHECKLIST]


def log(phone, text: str) -> dict:
    return phone.write("log.entry", {"category": "general", "text": text})


def hand_over(phone, post_id, entries, equipment=None):
    return phone.write("handover.write", {"text": "Lift 2 out of order; contractor due 10:00", "signature": SIG,
                                          "pin_confirmed": True, "post_id": post_id,
                                          "equipment": equipment or answers(), "log_entries": entries})


def test_the_desk_hands_over_with_its_checklist_and_the_incoming_person_acknowledges_the_log(
        client, counter, desk_post):
    counter.pull_all()
    post = counter.of_kind("equipment.post")[desk_post["id"]]
    assert post["desk"] is True and post["items"] == CHECKLIST   # the desk's phone pulls its checklist
    e1, e2 = log(counter, "Parcel for 12B left with the desk"), log(counter, "Resident of 3A asked about lift 2")
    h = hand_over(counter, desk_post["id"], [e1["id"], e2["id"]])
    results = counter.sync()
    assert [r["status"] for r in results] == ["applied"] * 3, results
    ho = counter.of_kind("handover")[h["id"]]
    assert ho["desk"] is True and ho["post_name"] == "Front desk" and ho["number"].startswith("HO-")
    assert [e["id"] for e in ho["log_entries"]] == [e1["id"], e2["id"]]
    assert all(e["number"].startswith("LOG-") for e in ho["log_entries"])
    counter.current = "desk2"
    counter.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True,
                                      "equipment": answers(), "log_read": [e1["id"], e2["id"]]})
    [accepted] = counter.sync()
    assert accepted["status"] == "applied", accepted
    ho = counter.of_kind("handover")[h["id"]]
    assert ho["status"] == "accepted" and ho["incoming"]["user_name"] == "Tam Wai Man"
    assert ho["log_read"] == [e1["id"], e2["id"]] and ho["incoming_equipment"] == answers()


def test_an_entry_not_acknowledged_and_a_checklist_item_not_done_go_to_the_supervisor(
        client, sup, counter, desk_post):
    e1, e2 = log(counter, "Fire alarm test 14:00"), log(counter, "Lost key card, unit 8C")
    h = hand_over(counter, desk_post["id"], [e1["id"], e2["id"]],
                  answers({"CCTV monitors working": "camera 3 black"}))
    *_, written = counter.sync()
    assert written["status"] == "flagged" and reasons(written) == {"post_equipment_missing"}
    counter.current = "desk2"
    counter.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True,
                                      "equipment": answers(), "log_read": [e1["id"]]})
    [accepted] = counter.sync()
    assert accepted["status"] == "flagged" and reasons(accepted) == {"log_not_acknowledged"}
    assert "1 duty-log entries" in accepted["reasons"][0]["detail"]
    inbox = body(client.get("/api/review/items?site_id=hv", headers=sup))["items"]
    assert {"log_not_acknowledged", "post_equipment_missing"} <= {r["code"] for i in inbox for r in i["reasons"]}


def test_bad_handovers_change_nothing(counter, guard, desk_post):
    counter.write("handover.write", {"text": "x", "signature": SIG, "pin_confirmed": True,
                                     "post_id": desk_post["id"], "equipment": answers()[:2]})  # an item left out
    counter.write("handover.write", {"text": "x", "signature": SIG, "pin_confirmed": True,
                                     "equipment": [], "log_entries": "not a list"})
    counter.write("handover.write", {"text": "x", "signature": SIG, "pin_confirmed": False, "equipment": []})
    results = counter.sync()
    assert [reasons(r) for r in results] == [{"invalid_payload"}, {"invalid_payload"}, {"pin_required"}]
    assert counter.of_kind("handover") == {}
    h = hand_over(counter, desk_post["id"], [])
    counter.sync()
    counter.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True,
                                      "equipment": answers()})     # the writer cannot take over
    [same] = counter.sync()
    assert reasons(same) == {"same_person"}
    assert counter.of_kind("handover")[h["id"]]["status"] == "written"


def test_a_packer_cannot_hand_over_and_guards_still_can(make_phone, desk_post):
    packer = make_phone("packer1", site="wh")
    packer.write("handover.write", {"text": "x", "signature": SIG, "pin_confirmed": True, "equipment": []})
    [refused] = packer.sync()
    assert reasons(refused) == {"forbidden"}
    guard = make_phone("guard1")
    guard.write("handover.write", {"text": "x", "signature": SIG, "pin_confirmed": True, "equipment": []})
    [ok] = guard.sync()
    assert ok["status"] == "applied"


def _at(day: str, hhmm: str) -> int:
    return int(datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=TZ).timestamp() * 1000)


def test_a_shift_change_without_a_desk_handover_is_missing(app, client, counter, desk_post, guard):
    set_site(app, desk_shifts=["07:00", "19:00"], desk_handover_grace_minutes=30)
    yesterday = (datetime.now(TZ).date() - timedelta(days=1)).isoformat()
    h = hand_over(counter, desk_post["id"], [])
    guard.write("handover.write", {"text": "gate", "signature": SIG, "pin_confirmed": True, "equipment": []})
    counter.sync()
    [g] = guard.sync()
    with app.app_context(), database().write() as s:   # the desk's handover was written at 06:50 yesterday
        row = s.get(EntityRow, ("handover", h["id"]))
        row.data = {**row.data, "outgoing": {**row.data["outgoing"], "corrected_at": _at(yesterday, "06:50")}}
        row = s.get(EntityRow, ("handover", g["id"]))   # a guard's handover at 19:05 is not the desk's
        row.data = {**row.data, "outgoing": {**row.data["outgoing"], "corrected_at": _at(yesterday, "19:05")}}
    r = body(client.get(f"/api/desk/shifts?site_id=hv&day={yesterday}", headers=counter.headers))
    assert r["shifts"] == ["07:00", "19:00"] and r["missing"] == 1
    morning, evening = r["changes"]
    assert morning["status"] == "handed_over" and morning["handover_id"] == h["id"]
    assert morning["outgoing"] == "Lee Ka Yan" and morning["number"].startswith("HO-")
    assert evening == {"at": _at(yesterday, "19:00"), "status": "missing", "handover_id": None}
    tomorrow = (datetime.now(TZ).date() + timedelta(days=1)).isoformat()
    later = body(client.get(f"/api/desk/shifts?site_id=hv&day={tomorrow}", headers=counter.headers))
    assert [c["status"] for c in later["changes"]] == ["due", "due"] and later["missing"] == 0


def test_shifts_are_the_desks_to_read_and_bad_queries_get_the_envelope(client, counter, guard):
    assert client.get("/api/desk/shifts?site_id=hv", headers=guard.headers).status_code == 403
    r = client.get("/api/desk/shifts?site_id=hv&day=yesterday", headers=counter.headers)
    assert r.status_code == 422 and body(r)["code"] == 422
    assert client.get("/api/desk/shifts?site_id=wh", headers=counter.headers).status_code == 403


def test_leaving_the_desk_is_approved_by_a_superior_with_who_covers(make_phone, counter):
    leave = counter.write("desk.leave", {"reason": "Escort the plumber to 12B", "minutes": 20,
                                         "cover_name": "Wong Siu Ming (guard)"})
    [asked] = counter.sync()
    assert asked["status"] == "applied"
    sup = make_phone("super1")
    sup.pull_all()
    assert sup.of_kind("desk.absence")[leave["id"]]["status"] == "asked"
    sup.write("desk.leave_approve", {"absence_id": leave["id"], "approved": True, "note": "15 minutes at most"})
    sup.write("desk.leave_approve", {"absence_id": leave["id"], "approved": False})
    approved, again = sup.sync()
    assert approved["status"] == "applied" and reasons(again) == {"already_decided"}
    counter.write("desk.back", {"absence_id": leave["id"]})
    [back] = counter.sync()
    assert back["status"] == "applied"
    a = counter.of_kind("desk.absence")[leave["id"]]
    assert a["status"] == "back" and a["approval"]["approved"] is True
    assert a["approval"]["user_name"] == "Ho Wing Sze" and a["cover"]["name"] == "Wong Siu Ming (guard)"
    assert a["left"]["user_name"] == "Lee Ka Yan" and a["back"]["user_name"] == "Lee Ka Yan"


def test_leaving_without_approval_is_flagged_and_nobody_approves_their_own_leave(client, sup, counter, make_phone):
    leave = counter.write("desk.leave", {"reason": "Toilet", "minutes": 5, "cover_name": "nobody"})
    counter.write("desk.back", {"absence_id": leave["id"]})
    counter.write("desk.back", {"absence_id": leave["id"]})
    asked, back, twice = counter.sync()
    assert reasons(back) == {"left_without_approval"} and reasons(twice) == {"already_back"}
    counter.write("desk.leave_approve", {"absence_id": leave["id"], "approved": True})   # a desk clerk may not
    [forbidden] = counter.sync()
    assert reasons(forbidden) == {"forbidden"}
    boss = make_phone("super1")
    own = boss.write("desk.leave", {"reason": "Meeting", "minutes": 30, "cover_name": "Lee Ka Yan"})
    boss.write("desk.leave_approve", {"absence_id": own["id"], "approved": True})
    boss.write("desk.leave", {"reason": "x", "minutes": 0, "cover_name": "y"})
    boss.write("desk.leave", {"reason": "x", "minutes": 10, "cover_name": "me", "cover_user_id": boss.user_id})
    _, self_approved, zero, self_cover = boss.sync()
    assert reasons(self_approved) == {"same_person"}
    assert reasons(zero) == {"invalid_payload"} and reasons(self_cover) == {"same_person"}
    inbox = body(client.get("/api/review/items?site_id=hv", headers=sup))["items"]
    assert "left_without_approval" in {r["code"] for i in inbox for r in i["reasons"]}


def test_a_complaint_the_desk_cannot_solve_reaches_the_supervisors_inbox_at_once(client, sup, counter):
    """Escalation reuses the cases register: a major case, not a second complaint list."""
    c = counter.write("case.open", {"type": "complaint", "channel": "visit", "person": "resident", "unit": "12B",
                                    "matter": "Water leaking from the ceiling for three days", "severity": "major"})
    [opened] = counter.sync()
    assert opened["status"] == "flagged" and reasons(opened) == {"major_complaint"}
    case = counter.of_kind("case")[c["id"]]
    assert case["number"].startswith("CAS-") and case["first_owner"]["name"] == "Lee Ka Yan"
    [item] = [i for i in body(client.get("/api/review/items?site_id=hv", headers=sup))["items"]
              if i["mutation"]["id"] == c["id"]]
    assert item["reasons"][0]["code"] == "major_complaint" and item["status"] == "open"


def test_the_desk_reports_an_emergency_in_the_lobby_as_an_incident(counter, make_phone):
    i = counter.write("incident.report", {"category": "public_order", "description": "Two visitors fighting in the lobby",
                                          "severity": "high", "place": "Lobby", "photos": [], "report_now": True})
    [reported] = counter.sync()
    assert reported["status"] == "applied" and reported["result"]["number"].startswith("INC-")
    assert counter.of_kind("incident")[i["id"]]["report_now"] is True
    packer = make_phone("packer1", site="wh")
    packer.write("incident.report", {"category": "other", "description": "x", "severity": "low", "place": "",
                                     "photos": [], "report_now": False})
    [refused] = packer.sync()
    assert reasons(refused) == {"forbidden"}


def test_a_roll_call_with_someone_unaccounted_for_reaches_the_supervisor(client, sup, counter, guard, make_phone):
    people = [{"ref_kind": "pass", "ref_id": "p1", "name": "Chan Siu Keung", "unit": "12B", "accounted": True},
              {"ref_kind": "visit", "ref_id": "v1", "name": "Mr Lau", "unit": "3A", "accounted": False}]
    rc = guard.write("desk.roll_call", {"snapshot_at": guard.device.now() - 600_000, "people": people})
    [taken] = guard.sync()
    assert taken["status"] == "flagged" and reasons(taken) == {"roll_call_missing"}
    assert "Mr Lau" in taken["reasons"][0]["detail"] and taken["result"]["missing"] == 1
    counter.pull_all()
    assert counter.of_kind("desk.roll_call")[rc["id"]]["missing"] == 1
    counter.write("desk.roll_call", {"people": people[:1]})
    counter.write("desk.roll_call", {"people": [{**people[0], "ref_kind": "car"}]})
    ok, bad = counter.sync()
    assert ok["status"] == "applied" and reasons(bad) == {"invalid_payload"}
    packer = make_phone("packer1", site="wh")
    packer.write("desk.roll_call", {"people": []})
    assert reasons(packer.sync()[0]) == {"forbidden"}
