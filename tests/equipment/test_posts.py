"""Posts and taking a post: each post's equipment list, checked by both people at
the handover; a missing or broken item goes to the supervisor."""
from __future__ import annotations

import pytest

from tests.equipment.conftest import push, reasons
from tests.phone import body

SIG = "ab" * 32
GATE_KIT = [{"name": "Radio", "name_zh": "對講機"}, {"name": "Torch", "name_zh": "電筒"},
            {"name": "Gate keys", "name_zh": "大閘鎖匙"}, {"name": "Logbook", "name_zh": "記錄簿"}]


@pytest.fixture
def gate(client, sup):
    r = client.post("/api/equipment/posts", json={"site_id": "hv", "name": "Main gate", "name_zh": "大閘",
                                                  "items": GATE_KIT}, headers=sup)
    assert r.status_code == 201, body(r)
    return body(r)


@pytest.fixture
def shared(make_phone):
    p = make_phone("guard1")
    p.sign_in("guard2")
    p.current = "guard1"
    return p


def answers(missing: dict[str, str] | None = None) -> list[dict]:
    missing = missing or {}
    return [{"item": i["name"], "ok": i["name"] not in missing, "note": missing.get(i["name"], "")} for i in GATE_KIT]


def write(phone, post_id, equipment):
    return phone.write("handover.write", {"text": "Quiet shift", "signature": SIG, "pin_confirmed": True,
                                          "post_id": post_id, "equipment": equipment})


def test_posts_are_set_up_per_post_and_pulled(client, sup, phone, gate):
    phone.pull_all()
    assert phone.of_kind("equipment.post")[gate["id"]]["items"] == GATE_KIT
    r = client.patch(f"/api/equipment/posts/{gate['id']}", json={"items": GATE_KIT[:2], "reason": "logbook moved"},
                     headers=sup)
    assert r.status_code == 200 and body(r)["items"] == GATE_KIT[:2]


def changes(client, headers, **query) -> list[dict]:
    r = client.get("/api/changes", query_string={"site_id": "hv", "subject": "post", **query}, headers=headers)
    assert r.status_code == 200, body(r)
    return body(r)["changes"]


def test_a_post_changes_only_with_a_reason(client, sup, gate):
    for bad in ({}, {"reason": ""}, {"reason": "   "}):
        r = client.patch(f"/api/equipment/posts/{gate['id']}", json={"name": "Renamed", **bad}, headers=sup)
        assert r.status_code == 422, body(r)
        assert "reason" in body(r)["errors"]
    [post] = [p for p in body(client.get("/api/equipment/posts?site_id=hv", headers=sup))["posts"] if p["id"] == gate["id"]]
    assert post["name"] == "Main gate" and post["version"] == gate["version"]
    assert [c["version"] for c in changes(client, sup, subject_id=gate["id"])] == [1]


def test_every_change_to_a_post_is_logged_with_who_what_why_and_version(client, sup, gate):
    r = client.patch(f"/api/equipment/posts/{gate['id']}", json={"items": GATE_KIT[:3], "name_zh": "正門",
                                                                  "reason": "the logbook is kept in the office"},
                     headers=sup)
    assert r.status_code == 200, body(r)
    # The same values again change nothing: no new version.
    assert client.patch(f"/api/equipment/posts/{gate['id']}", json={"items": GATE_KIT[:3], "reason": "again"},
                        headers=sup).status_code == 200
    assert client.patch(f"/api/equipment/posts/{gate['id']}", json={"active": False, "reason": "gate closed"},
                        headers=sup).status_code == 200
    log = changes(client, sup, subject_id=gate["id"])
    assert [(c["version"], c["action"], c["reason"]) for c in log] == [
        (3, "retired", "gate closed"), (2, "edited", "the logbook is kept in the office"), (1, "created", "")]
    assert log[1]["changes"] == {"items": [GATE_KIT, GATE_KIT[:3]], "name_zh": ["大閘", "正門"]}
    assert log[2]["changes"]["items"] == [None, GATE_KIT] and log[2]["site_id"] == "hv"
    assert log[0]["by"]["name"] == "Ho Wing Sze" and log[0]["at"].endswith("Z")
    # A post made with a reason keeps it.
    r = client.post("/api/equipment/posts", json={"site_id": "hv", "name": "Car park", "items": GATE_KIT[:1],
                                                  "reason": "new car park opened"}, headers=sup)
    assert [(c["version"], c["reason"]) for c in changes(client, sup, subject_id=body(r)["id"])] == [
        (1, "new car park opened")]


def test_incoming_finds_the_radio_missing_both_sign_and_the_supervisor_gets_an_item(client, sup, shared, gate):
    h = write(shared, gate["id"], answers())
    assert push(shared)[0]["status"] == "applied"
    shared.current = "guard2"
    shared.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True,
                                     "equipment": answers({"Radio": "not on the charger"})})
    [out] = push(shared)
    assert out["status"] == "flagged" and reasons(out) == {"post_equipment_missing"}
    shared.pull_all()
    ho = shared.of_kind("handover")[h["id"]]
    assert ho["status"] == "accepted" and ho["post_name"] == "Main gate"
    assert ho["outgoing"]["signature"] == SIG and ho["incoming"]["signature"] == SIG  # both signed
    assert [a["item"] for a in ho["incoming_equipment"] if not a["ok"]] == ["Radio"]
    board = body(client.get("/api/patrol/board?site_id=hv", headers=sup))
    [flag] = [f for f in board["flags"] if f["reasons"][0]["code"] == "post_equipment_missing"]
    assert "Radio: not on the charger" in flag["reasons"][0]["detail"] and "Wong Siu Ming" in flag["reasons"][0]["detail"]


def test_the_outgoing_persons_broken_item_is_flagged_too_and_lists_must_match(shared, gate):
    write(shared, gate["id"], answers({"Torch": "bulb gone"}))
    write(shared, gate["id"], answers()[:2])             # half the list
    write(shared, "no-such-post", answers())
    out = push(shared)
    assert reasons(out[0]) == {"post_equipment_missing"} and out[0]["status"] == "flagged"
    assert reasons(out[1]) == {"invalid_payload"} and reasons(out[2]) == {"post_unknown"}


def test_taking_over_without_checking_is_flagged_and_old_handovers_still_work(shared, gate):
    h = write(shared, gate["id"], answers())
    old = shared.write("handover.write", {"text": "old phone", "signature": SIG, "pin_confirmed": True,
                                          "equipment": [{"item": "radio", "ok": True}]})
    push(shared)
    shared.current = "guard2"
    shared.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True})
    shared.write("handover.accept", {"handover_id": old["id"], "signature": SIG, "pin_confirmed": True})
    out = push(shared)
    assert reasons(out[0]) == {"post_equipment_not_checked"} and out[1]["status"] == "applied"
