"""The seal registry (issue 10 item 4): numbered seals received, issued to a packer,
applied when a box is sealed, verified or broken at the arrival check, each step
with who and when. A number out of the registry, not issued to the packer, or
used twice is accepted (the phone sealed offline) and flagged; a number received
twice is refused."""
import copy

import pytest

from backend.db import database
from backend.identity.models import Site
from tests.packing.conftest import count_all, label_for, new_order, one, open_box, register, seal, sign_two
from tests.phone import Phone, bearer, body, login


@pytest.fixture
def registry(app):
    """The warehouse keeps a seal registry (site setting `seal_registry`)."""
    with app.app_context(), database().write() as s:
        site = s.get(Site, "wh")
        site.settings = {**(site.settings or {}), "seal_registry": True}


def receive(phone, prefix, first, last) -> dict:
    phone.write("packing.seal_receive", {"prefix": prefix, "first": first, "last": last})
    return one(phone)


def issue(phone, prefix, first, last, to_user_id) -> dict:
    phone.write("packing.seal_issue", {"prefix": prefix, "first": first, "last": last, "to_user_id": to_user_id})
    return one(phone)


def seals(phone) -> dict[str, dict]:
    return {s["number"]: s for s in phone.of_kind("packing.seal").values()}


def signed_box(packer) -> str:
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    count_all(packer, oid, box)
    sign_two(packer, oid)
    return box


def arrive(phone, box_label, seal_seen, result, seal_broken=False) -> dict:
    phone.write("packing.arrival", {"label": box_label, "seal_seen": seal_seen, "seal_broken": seal_broken,
                                    "result": result})
    return one(phone)


def test_a_seal_is_received_issued_applied_and_verified_or_broken_with_who_and_when(client, packer, staff, registry,
                                                                                   token):
    me = packer.user_id
    r = receive(packer, "S-", "000120", "000124")
    assert r["status"] == "applied" and r["result"] == {"received": 5, "first": "S-000120", "last": "S-000124"}
    r = receive(packer, "S-", "000124", "000125")
    assert r["status"] == "rejected" and r["reasons"][0]["code"] == "seal_known"
    assert "S-000124" in r["reasons"][0]["detail"]
    assert sorted(seals(packer)) == [f"S-00012{i}" for i in range(5)]   # S-000125 was not received either
    assert issue(packer, "S-", "000120", "000121", me)["result"] == {"issued": 2, "to_user_id": me}
    s = seals(packer)["S-000120"]
    assert (s["state"], s["received"]["user_name"], s["issued"]["to_user_name"], s["issued"]["user_name"]) == (
        "issued", "Cheung Mei Ling", "Cheung Mei Ling", "Cheung Mei Ling")

    first, second = signed_box(packer), signed_box(packer)
    assert seal(packer, first, "S-000120")["status"] == "applied"
    assert seal(packer, second, "S-000121")["status"] == "applied"
    s = seals(packer)["S-000120"]
    assert (s["state"], s["applied"]["box_id"], s["applied"]["user_name"]) == ("applied", first, "Cheung Mei Ling")
    assert isinstance(s["applied"]["received_at"], int) and s["reused"] == []
    assert issue(packer, "S-", "000120", "000120", me)["reasons"][0]["code"] == "seal_used"

    checker = Phone(client, site="wh")
    checker.sign_in("super1")
    label = packer.of_kind("packing.box")[first]["sealed"]["label"]
    r = arrive(checker, label, "S-000120", "intact")
    assert r["status"] == "applied"
    s = seals(checker)["S-000120"]
    assert (s["state"], s["verified"]["arrival_id"], s["verified"]["user_name"]) == ("verified", r["id"], "Ho Wing Sze")
    broken = arrive(checker, packer.of_kind("packing.box")[second]["sealed"]["label"], "S-000121", "seal_broken",
                    seal_broken=True)
    assert broken["reasons"][0]["code"] == "seal_broken"
    assert (seals(checker)["S-000121"]["state"], seals(checker)["S-000121"]["broken"]["arrival_id"]) == (
        "broken", broken["id"])
    arrive(checker, label, "S-000120", "seal_broken", seal_broken=True)   # opened after it was verified
    assert seals(checker)["S-000120"]["state"] == "broken"
    assert seals(checker)["S-000120"]["verified"]["arrival_id"] == r["id"]   # the earlier check is kept
    arrive(checker, label, "S-000120", "intact")
    assert seals(checker)["S-000120"]["state"] == "broken"   # a broken seal stays broken

    h = bearer(token("super1"))
    listed = body(client.get("/api/packing/seals?site_id=wh", headers=h))["seals"]
    assert [x["number"] for x in listed] == [f"S-00012{i}" for i in range(5)]
    assert [x["state"] for x in listed] == ["broken", "broken", "received", "received", "received"]
    received = body(client.get("/api/packing/seals?site_id=wh&state=received", headers=h))["seals"]
    assert [x["number"] for x in received] == ["S-000122", "S-000123", "S-000124"]
    r = client.get("/api/packing/seals?site_id=wh&state=lost", headers=h)
    assert r.status_code == 422 and "state" in str(body(r)["errors"])


def test_a_seal_out_of_the_registry_not_issued_or_used_twice_is_accepted_and_flagged(client, packer, staff, registry):
    packer2 = login(client, "packer2")["user"]["id"]
    assert receive(packer, "T-", "1", "3")["status"] == "applied"
    assert issue(packer, "T-", "1", "1", packer2)["status"] == "applied"
    boxes = [signed_box(packer) for _ in range(4)]
    found = [seal(packer, b, n) for b, n in zip(boxes, ["X-9", "T-2", "T-1", "T-1"])]
    assert [r["status"] for r in found] == ["flagged"] * 4
    assert [r["reasons"][0]["code"] for r in found] == ["seal_not_registered", "seal_not_issued", "seal_not_issued",
                                                        "seal_reused"]
    assert "never issued" in found[1]["reasons"][0]["detail"]
    assert "Lau Chi Keung" in found[2]["reasons"][0]["detail"]
    assert all(packer.of_kind("packing.box")[b]["sealed"] is not None for b in boxes)   # every box sealed
    t1 = seals(packer)["T-1"]
    assert (t1["state"], t1["applied"]["box_id"], [x["box_id"] for x in t1["reused"]]) == ("applied", boxes[2], [boxes[3]])
    assert "X-9" not in seals(packer)
    assert seals(packer)["T-2"]["state"] == "applied"


def test_without_the_registry_setting_any_seal_number_seals_quietly(packer, staff):
    assert receive(packer, "T-", "1", "2")["status"] == "applied"
    first, second = signed_box(packer), signed_box(packer)
    assert seal(packer, first, "X-9")["status"] == "applied"
    assert seal(packer, second, "T-1")["status"] == "applied"   # in stock, never issued: fine without the registry
    assert seals(packer)["T-1"]["state"] == "applied"


def test_bad_ranges_and_issues_are_refused_and_change_nothing(client, packer, staff):
    for first, last in (("5", "4"), ("1", "501"), ("1a", "2"), ("", "2")):
        packer.write("packing.seal_receive", {"prefix": "S-", "first": first, "last": last})
    packer.write("packing.seal_receive", {"prefix": "S 1", "first": "1", "last": "2"})
    packer.write("packing.seal_receive", {"prefix": "S" * 21, "first": "1", "last": "2"})
    results = packer.sync()
    assert [r["reasons"][0]["code"] for r in results] == ["invalid_payload"] * 6
    assert "at most 500" in results[1]["reasons"][0]["detail"]
    assert "last" in results[0]["reasons"][0]["detail"]
    assert receive(packer, "S-", "1", "500")["result"]["received"] == 500
    desk = login(client, "desk2")["user"]["id"]
    assert issue(packer, "S-", "1", "2", desk)["reasons"][0]["code"] == "packer_unknown"
    assert issue(packer, "S-", "1", "2", 99999)["reasons"][0]["code"] == "packer_unknown"
    assert issue(packer, "S-", "500", "501", packer.user_id)["reasons"][0]["code"] == "seal_unknown"
    assert {s["state"] for s in seals(packer).values()} == {"received"}   # nothing half-issued


def test_guards_and_the_front_desk_neither_keep_nor_read_the_registry(client, packer, staff, make_phone, token):
    assert receive(packer, "S-", "1", "2")["status"] == "applied"
    desk = make_phone("desk2", site="wh")
    desk.write("packing.seal_receive", {"prefix": "D-", "first": "1", "last": "2"})
    desk.write("packing.seal_issue", {"prefix": "S-", "first": "1", "last": "1", "to_user_id": desk.user_id})
    assert [r["reasons"][0]["code"] for r in desk.sync()] == ["forbidden", "forbidden"]
    assert desk.of_kind("packing.seal") == {}
    guard = make_phone("guard1")
    guard.write("packing.seal_receive", {"prefix": "G-", "first": "1", "last": "2"})
    assert one(guard)["reasons"][0]["code"] == "forbidden"
    assert guard.of_kind("packing.seal") == {}
    for user in ("desk2", "guard1"):
        r = client.get("/api/packing/seals?site_id=wh", headers=bearer(token(user)))
        assert r.status_code == 403


def test_a_replayed_batch_does_not_apply_a_seal_twice(client, packer, staff, registry):
    assert receive(packer, "S-", "1", "1")["status"] == "applied"
    assert issue(packer, "S-", "1", "1", packer.user_id)["status"] == "applied"
    box = signed_box(packer)
    packer.pull_all()
    packer.write("packing.seal", {"box_id": box, "seal_number": "S-1",
                                  "label": label_for(packer, packer.of_kind("packing.box")[box], "S-1")})
    packer.write("packing.seal_receive", {"prefix": "S-", "first": "2", "last": "3"})
    yesterday = copy.deepcopy(packer.device.batch())
    assert [r["status"] for r in packer.sync()] == ["applied", "applied"]
    before = seals(packer)
    r = packer.push(body_override=yesterday)
    assert [x["status"] for x in body(r)["results"]] == ["applied", "applied"]   # the first answers, not again
    packer.pull_all()
    assert seals(packer) == before
    assert before["S-1"]["state"] == "applied" and before["S-1"]["reused"] == []
