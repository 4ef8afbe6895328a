"""Count one, pack one, tick one: each scan checked against the order by code,
price and quality; extras refused; two offline phones add up, and going beyond
the order together is flagged, nothing dropped."""
from tests.packing.conftest import LINES, new_order, one, open_box, register, tick
from tests.phone import Phone


def test_each_scan_ticks_its_line_into_the_open_box(packer):
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    tick(packer, oid, box, "R-100")
    tick(packer, oid, box, "gatehouse:item:R-100")  # the item QR printed by Gatehouse
    results = packer.sync()
    assert [r["result"]["ticked"] for r in results] == [1, 2]
    o = packer.of_kind("packing.order")[oid]
    ring = next(x for x in o["lines"] if x["code"] == "R-100")
    assert (ring["ticked"], ring["boxes"], o["status"]) == (2, {box: 2}, "counting")
    assert packer.of_kind("packing.box")[box]["contents"] == {"R-100": 2}


def test_an_item_not_on_the_order_or_at_another_price_is_refused(packer):
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    tick(packer, oid, box, "X-999")
    tick(packer, oid, box, "R-100", unit_price=9900)
    results = packer.sync()
    assert [r["reasons"][0]["code"] for r in results] == ["not_on_order", "price_mismatch"]
    assert packer.of_kind("packing.box")[box]["contents"] == {}


def test_a_defective_unit_is_recorded_and_does_not_count(packer):
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    tick(packer, oid, box, "N-200", quality="defective")
    tick(packer, oid, box, "N-200")
    assert [r["status"] for r in packer.sync()] == ["applied", "applied"]
    line = next(x for x in packer.of_kind("packing.order")[oid]["lines"] if x["code"] == "N-200")
    assert line["ticked"] == 1 and len(line["defects"]) == 1 and line["defects"][0]["user_name"] == "Cheung Mei Ling"
    assert packer.of_kind("packing.box")[box]["contents"] == {"N-200": 1}


def test_a_remote_order_is_not_packed_before_its_payment_arrives(packer):
    oid = new_order(packer, register(packer), paid=False)
    packer.write("packing.box_open", {"order_id": oid})
    [r] = packer.sync()
    assert r["status"] == "rejected" and r["reasons"][0]["code"] == "unpaid_remote"


def test_two_offline_phones_add_up_and_beyond_the_order_together_is_flagged(client, packer, staff):
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    other = Phone(client, site="wh")
    other.sign_in("packer2")
    other.pull_all()
    tick(packer, oid, box, "B-300", 2)   # each phone sees room for its own
    tick(other, oid, box, "B-300", 2)
    assert [r["status"] for r in packer.sync()] == ["applied", "applied"]
    results = other.sync()
    assert [r["status"] for r in results] == ["applied", "flagged"]
    assert results[1]["reasons"][0]["code"] == "over_quantity"
    line = next(x for x in other.of_kind("packing.order")[oid]["lines"] if x["code"] == "B-300")
    assert line["ticked"] == 4 and other.of_kind("packing.box")[box]["contents"] == {"B-300": 4}


def test_a_guard_and_the_front_desk_cannot_count(client, packer, staff, make_phone):
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    desk = make_phone("desk2", site="wh")
    desk.pull_all()
    assert oid in desk.of_kind("packing.order") and desk.of_kind("packing.box") == {}
    tick(desk, oid, box, "R-100", unit_price=12500)
    desk.write("packing.box_open", {"order_id": oid})
    assert [r["reasons"][0]["code"] for r in desk.sync()] == ["forbidden", "forbidden"]
    guard = make_phone("guard1", site="hv")
    guard.write("packing.tick", {"order_id": oid, "box_id": box, "code": "R-100", "unit_price": 12500})
    assert one(guard)["reasons"][0]["code"] == "forbidden"


def test_a_crossed_out_line_makes_a_return_slip_and_fills_at_the_lower_count(packer):
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    packer.write("packing.cross_out", {"order_id": oid, "code": "B-300", "quantity": 1, "reason": "colour differs"})
    packer.write("packing.cross_out", {"order_id": oid, "code": "B-300", "quantity": 5, "reason": "too many"})
    first, too_many = packer.sync()
    assert first["status"] == "applied" and first["result"]["number"].startswith("RTN-")
    assert too_many["reasons"][0]["code"] == "invalid_payload"
    tick(packer, oid, box, "B-300", 3)
    results = packer.sync()
    assert [r["status"] for r in results] == ["applied", "applied", "flagged"]
    slip = packer.of_kind("packing.return")[first["id"]]
    assert (slip["handling"], slip["lines"][0]["quantity"], slip["amount"]) == ("cross_out", 1, LINES[2]["unit_price"])
