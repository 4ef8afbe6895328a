"""Dispatch with carrier and waybill, the arrival check of a box's label, and
return slips under the returns rules."""
import pytest

from backend.packing.rules import return_refusal
from tests.packing.conftest import count_all, new_order, one, open_box, register, seal, sign_two
from tests.phone import Phone, bearer, body


def sealed_order(packer, seal_number="S-1", **customer):
    cid = register(packer, **customer)
    oid = new_order(packer, cid)
    box = open_box(packer, oid)
    count_all(packer, oid, box)
    sign_two(packer, oid)
    assert seal(packer, box, seal_number)["status"] == "applied"
    return cid, oid, box


def dispatch(packer, oid, carrier="SF Express", waybill="SF1234567890"):
    packer.write("packing.dispatch", {"order_id": oid, "carrier": carrier, "waybill": waybill, "expected_days": 3})
    return one(packer)


def test_a_sealed_order_is_dispatched_with_carrier_and_waybill_and_the_call_recorded(client, packer, staff, token):
    _, oid, box = sealed_order(packer)
    r = dispatch(packer, oid)
    assert r["status"] == "applied" and r["result"]["number"].startswith("DSP-")
    d = packer.of_kind("packing.dispatch")[r["id"]]
    assert (d["carrier"], d["waybill"], d["customer_name"], d["dispatched"]["user_name"]) == (
        "SF Express", "SF1234567890", "Wing On Trading", "Cheung Mei Ling")
    assert sorted((g["code"], g["quantity"]) for g in d["goods"]) == [("B-300", 3), ("N-200", 1), ("R-100", 2)]
    assert d["boxes"] == [{"id": box, "number": packer.of_kind("packing.box")[box]["number"], "seal_number": "S-1"}]
    packer.write("order.call", {"order_id": oid, "purpose": "dispatch", "reached": True,
                                "agreed": "told: SF1234567890, about 3 days"})
    assert one(packer)["status"] == "applied"
    assert packer.of_kind("packing.order")[oid]["status"] == "dispatched"
    assert dispatch(packer, oid)["reasons"][0]["code"] == "already_dispatched"
    r = client.get("/api/packing/dispatches?site_id=wh", headers=bearer(token("super1")))
    assert [x["waybill"] for x in body(r)["dispatches"]] == ["SF1234567890"]
    r = client.get(f"/api/packing/orders/{oid}", headers=bearer(token("packer1")))
    assert body(r)["dispatch"]["waybill"] == "SF1234567890" and body(r)["boxes"][0]["id"] == box


def test_an_unknown_carrier_a_bad_waybill_or_an_unsealed_box_is_refused_and_another_carrier_flagged(packer, staff):
    _, oid, _ = sealed_order(packer)
    assert dispatch(packer, oid, carrier="Pigeon Post")["reasons"][0]["code"] == "carrier_unknown"
    assert dispatch(packer, oid, waybill="no spaces!")["reasons"][0]["code"] == "invalid_payload"
    open_box(packer, oid)
    assert dispatch(packer, oid)["reasons"][0]["code"] == "box_not_sealed"
    _, other, _ = sealed_order(packer, "S-2")
    r = dispatch(packer, other, carrier="STO Express")
    assert r["status"] == "flagged" and r["reasons"][0]["code"] == "carrier_not_chosen"


def arrive(phone, label, seal_seen="S-1", result="intact", seal_broken=False):
    phone.write("packing.arrival", {"label": label, "seal_seen": seal_seen, "seal_broken": seal_broken,
                                    "result": result})
    return one(phone)


def test_the_arrival_check_records_intact_and_flags_everything_else(client, packer, staff, token):
    _, oid, box = sealed_order(packer)
    label = packer.of_kind("packing.box")[box]["sealed"]["label"]
    checker = Phone(client, site="wh")
    checker.sign_in("super1")
    r = arrive(checker, label)
    assert r["status"] == "applied" and r["result"]["result"] == "intact"
    a = checker.of_kind("packing.arrival")[r["id"]]
    assert (a["box_id"], a["seal_on_label"], a["items"]) == (box, "S-1", 6)
    r = arrive(checker, label, seal_seen="S-9", result="seal_mismatch")
    assert r["status"] == "flagged" and r["reasons"][0]["code"] == "seal_mismatch"
    r = arrive(checker, label, seal_broken=True, result="seal_broken")
    assert r["reasons"][0]["code"] == "seal_broken"
    r = arrive(checker, label[:-3] + ("AAA" if label[-3:] != "AAA" else "BBB"), result="intact")
    assert [x["code"] for x in r["reasons"]] == ["label_forged", "arrival_result_differs"]
    client.post(f"/api/devices/{packer.device.id}/revoke", headers=bearer(token("super1")))
    r = arrive(checker, label, result="label_revoked")
    assert r["status"] == "flagged" and r["reasons"][0]["code"] == "label_revoked"
    guard = Phone(client, site="hv")
    guard.sign_in("guard1")
    r = arrive(guard, label, result="label_other_site")
    assert r["reasons"][0]["code"] == "label_other_site"
    assert guard.of_kind("packing.arrival") == {}  # guards record the check but pull no packing records


RULES = [  # customer type, present, reason, handling, video, in stock, returned before -> refusal
    ("wholesale", True, "wrong_goods", "exchange", None, True, 0, "self_collected"),
    ("wholesale", False, "wrong_goods", "exchange", None, True, 0, None),
    ("wholesale", False, "wrong_goods", "return", None, True, 0, "exchange_only"),
    ("wholesale", False, "quality_defect", "exchange", None, True, 0, "video_check_required"),
    ("wholesale", False, "quality_defect", "exchange", "no_defect", True, 0, "video_check_required"),
    ("wholesale", False, "quality_defect", "exchange", "defect_confirmed", True, 0, None),
    ("wholesale", False, "quality_defect", "return", "defect_confirmed", True, 0, "exchange_available"),
    ("wholesale", False, "quality_defect", "return", "defect_confirmed", False, 0, None),
    ("franchise", True, "wrong_goods", "return", None, True, 0, None),
    ("franchise", False, "quality_defect", "return", None, True, 4000, "over_return_ratio"),
]


@pytest.mark.parametrize("ctype,present,reason,handling,video,stock,before,expected", RULES)
def test_the_returns_rules(ctype, present, reason, handling, video, stock, before, expected):
    customer = {"type": ctype, "return_ratio": 0.1 if ctype == "franchise" else None}
    order = {"customer_present": present, "total": 100000}
    slip = {"reason": reason, "handling": handling, "amount": 7000, "replacement_in_stock": stock,
            "video_check": {"at": 1, "outcome": video} if video else None}
    assert return_refusal(customer, order, slip, before) == expected


def test_a_return_slip_is_approved_by_the_manager_and_what_comes_back_is_reconciled(client, packer, staff, token):
    _, oid, _ = sealed_order(packer)
    dispatch(packer, oid)
    packer.write("return.slip", {"order_id": oid, "lines": [{"code": "B-300", "quantity": 2}], "reason": "wrong_goods",
                                 "handling": "return", "basis": "sent gold, asked for silver"})
    packer.write("return.slip", {"order_id": oid, "lines": [{"code": "B-300", "quantity": 9}], "reason": "wrong_goods",
                                 "handling": "exchange", "basis": "x"})
    m = packer.write("return.slip", {"order_id": oid, "lines": [{"code": "B-300", "quantity": 2}],
                                     "reason": "wrong_goods", "handling": "exchange", "basis": "sent gold, asked for silver"})
    packer.write("return.approve", {"return_id": m["id"]})
    refused, too_many, made, not_manager = packer.sync()
    assert refused["reasons"][0]["code"] == "exchange_only" and too_many["reasons"][0]["code"] == "invalid_payload"
    assert made["result"]["number"].startswith("RTN-") and not_manager["reasons"][0]["code"] == "forbidden"
    packer.write("return.receive", {"return_id": m["id"], "lines": [{"code": "B-300", "quantity": 2}]})
    assert one(packer)["reasons"][0]["code"] == "not_approved"
    manager = Phone(client, site="wh")
    manager.sign_in("super1")
    manager.write("return.approve", {"return_id": m["id"]})
    assert one(manager)["status"] == "applied"
    packer.write("return.receive", {"return_id": m["id"], "lines": [{"code": "B-300", "quantity": 1}]})
    r = one(packer)
    assert r["status"] == "flagged" and r["reasons"][0]["code"] == "return_quantity_differs"
    slip = packer.of_kind("packing.return")[m["id"]]
    assert slip["status"] == "received" and slip["received"]["differences"] == {"B-300": {"approved": 2, "actual": 1}}
    assert slip["approval"]["user_name"] == "Ho Wing Sze"
    r = client.get("/api/packing/returns?site_id=wh", headers=bearer(token("packer1")))
    assert [x["id"] for x in body(r)["returns"]] == [m["id"]]
