"""Every patrol record follows the forms chapter: a number on every form, corrections
that keep the original, and the supervisor's review signature (forms 10.3-10.7)."""
from __future__ import annotations

from tests.patrol.conftest import push, reasons

VISITOR = {"name": "Mr Lam", "id_type": "hkid", "id_last4": "123A", "unit": "12B", "purpose": "plumbing"}
SIG = "a" * 64


def test_visits_refusals_vehicles_rounds_and_handovers_get_numbers(make_phone, site):
    guard = make_phone("guard1")
    guard.write("gate.visitor_in", VISITOR)
    guard.write("gate.visitor_refused", {"reason": "no_identification", "note": "would not show ID"})
    guard.write("gate.vehicle_in", {"plate": "AB1234", "unit": "12B", "purpose": "delivery"})
    guard.write("patrol.round_start", {"route_id": site.route["id"]})
    guard.write("handover.write", {"text": "quiet night", "signature": SIG, "pin_confirmed": True})
    guard.write("gate.visitor_in", dict(VISITOR, name="Ms Chan"))
    numbers = [r["result"].get("number", "") for r in push(guard)]
    assert [n.split("-")[0] for n in numbers] == ["VIS", "REF", "VEH", "RND", "HO", "VIS"]
    assert [n[-4:] for n in numbers] == ["0001", "0001", "0001", "0001", "0001", "0002"]


def test_a_visitor_record_is_corrected_with_a_stamp_and_keeps_its_original(make_phone):
    guard = make_phone("guard1")
    visit = guard.write("gate.visitor_in", VISITOR)
    guard.sync()
    held = guard.of_kind("gate.visit")[visit["id"]]
    guard.write("record.amend", {"target_kind": "gate.visit", "target_id": visit["id"],
                                 "changes": {"unit": "21B"}, "reason": "unit misheard"}, base_version=held["_version"])
    guard.write("record.amend", {"target_kind": "gate.visit", "target_id": visit["id"],
                                 "changes": {"status": "left"}, "reason": "not a correction"}, base_version=held["_version"])
    fixed, refused = push(guard)
    assert fixed["status"] == "applied"
    assert refused["status"] == "rejected" and reasons(refused) == {"invalid_payload"}  # the status moves by facts only
    guard.pull_all()
    held = guard.of_kind("gate.visit")[visit["id"]]
    assert held["unit"] == "21B" and held["original"]["unit"] == "12B"
    assert held["amendments"][0]["reason"] == "unit misheard" and held["amendments"][0]["by_name"] == "Chan Tai Man"


def test_a_supervisor_reviews_a_days_gate_log_and_a_round_in_one_go(make_phone, site):
    guard = make_phone("guard1")
    ids = [guard.write("gate.visitor_in", dict(VISITOR, name=f"Visitor {i}"))["id"] for i in range(3)]
    rnd = guard.write("patrol.round_start", {"route_id": site.route["id"]})
    guard.sync()
    boss = make_phone("super1")
    boss.pull_all()
    [day] = boss.of_kind("record.day").values()
    assert day["kinds"]["gate.visit"] == {"total": 3, "reviewed": 0} and day["awaiting"] == 4
    boss.write("record.review", {"target_kind": "gate.visit", "target_ids": ids, "note": ""})
    boss.write("record.review", {"target_kind": "patrol.round", "target_ids": [rnd["id"]],
                                 "approved": False, "note": "checkpoints C and B missed"})
    assert [r["status"] for r in push(boss)] == ["applied", "applied"]
    boss.pull_all()
    assert all(boss.of_kind("gate.visit")[i]["review"]["user_name"] == "Ho Wing Sze" for i in ids)
    assert boss.of_kind("patrol.round")[rnd["id"]]["review"]["approved"] is False
    assert boss.of_kind("record.day")[f"hv:{day['day']}"]["awaiting"] == 0


def test_a_guard_cannot_review_and_nobody_reviews_a_handover_they_signed(make_phone):
    out_guard = make_phone("guard1")
    h = out_guard.write("handover.write", {"text": "all well", "signature": SIG, "pin_confirmed": True})
    out_guard.write("record.review", {"target_kind": "handover", "target_ids": [h["id"]]})
    written, not_allowed = push(out_guard)
    assert not_allowed["status"] == "rejected" and reasons(not_allowed) == {"forbidden"}
    boss = make_phone("super1")
    boss.pull_all()
    boss.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True})
    boss.write("record.review", {"target_kind": "handover", "target_ids": [h["id"]], "note": "ok"})
    accepted, own = push(boss)
    assert accepted["status"] == "applied"
    assert own["status"] == "rejected" and reasons(own) == {"self_review"}


def test_a_handover_is_corrected_but_its_signatures_never(make_phone):
    guard = make_phone("guard1")
    h = guard.write("handover.write", {"text": "lift 2 broken", "signature": SIG, "pin_confirmed": True})
    guard.sync()
    held = guard.of_kind("handover")[h["id"]]
    guard.write("record.amend", {"target_kind": "handover", "target_id": h["id"], "changes": {"text": "lift 3 broken"},
                                 "reason": "wrong lift"}, base_version=held["_version"])
    guard.write("record.amend", {"target_kind": "handover", "target_id": h["id"],
                                 "changes": {"outgoing": {"user_id": 99}}, "reason": "forge"}, base_version=held["_version"])
    fixed, forged = push(guard)
    assert fixed["status"] == "applied" and forged["status"] == "rejected"
    guard.pull_all()
    held = guard.of_kind("handover")[h["id"]]
    assert held["text"] == "lift 3 broken" and held["original"]["text"] == "lift 2 broken"
    assert held["outgoing"]["user_name"] == "Chan Tai Man"
