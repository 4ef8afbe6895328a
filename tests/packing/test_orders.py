"""Orders: entered on a phone or imported from CSV (bad rows by line, nothing half
imported); payment with who recorded it; picking due and overdue orders."""
import time

from backend.packing.rules import overdue, picking_due
from tests.packing.conftest import LINES, new_order, one, register
from tests.phone import bearer, body

HEADER = "order,customer_id,channel,code,name,name_zh,category,unit_price,quantity\n"


def test_an_order_has_lines_with_amounts_sorted_by_category_and_a_number(packer):
    cid = register(packer)
    oid = new_order(packer, cid, paid=False)
    o = packer.of_kind("packing.order")[oid]
    assert [x["category"] for x in o["lines"]] == ["bangles", "necklaces", "rings"]
    assert [x["amount"] for x in o["lines"]] == [450000, 88000, 25000] and o["total"] == 563000
    assert o["number"].startswith("ORD-") and o["payment"]["state"] == "unpaid" and not o["customer_present"]
    packer.write("order.payment", {"order_id": oid, "state": "paid", "note": "bank transfer"})
    assert one(packer)["status"] == "applied"
    pay = packer.of_kind("packing.order")[oid]["payment"]
    assert (pay["state"], pay["user_name"], pay["note"]) == ("paid", "Cheung Mei Ling", "bank transfer")


def test_bad_orders_are_refused_whole(packer):
    cid = register(packer)
    good = LINES[0]
    for lines in ([{**good, "quantity": -1}], [{**good, "quantity": 10**6}], [{**good, "unit_price": -5}],
                  [{**good, "quantity": 1.5}], [good, good], []):
        packer.write("order.create", {"customer_id": cid, "channel": "remote", "lines": lines})
    packer.write("order.create", {"customer_id": "nobody", "channel": "remote", "lines": [good]})
    results = packer.sync()
    assert [r["reasons"][0]["code"] for r in results] == ["invalid_payload"] * 6 + ["customer_unknown"]
    assert packer.of_kind("packing.order") == {}


def test_csv_import_takes_every_order_or_none_and_names_each_bad_line(client, packer, token):
    cid = register(packer)
    bad = (HEADER + f"A1,{cid},remote,R-1,Ring,戒指,rings,12.50,2\n"
           f"A1,{cid},remote,R-2,Ring,戒指,rings,12.505,1\n"      # line 3: three decimals
           f"A2,nobody,remote,N-1,Necklace,項鏈,necklaces,80,1\n"  # line 4: no such customer
           f"A2,nobody,remote,N-2,Necklace,項鏈,necklaces,80,-3\n"  # line 5: negative
           f"A3,{cid},counter,B-1,Bangle,手鐲,bangles,100,1,extra\n")  # line 6: a column too many
    r = client.post("/api/packing/orders/check-csv", json={"site_id": "wh", "csv": bad},
                    headers=bearer(token("packer1")))
    assert r.status_code == 422 and body(r)["reason"] == "csv_invalid"
    assert [(e["line"], e["field"]) for e in body(r)["errors"]["rows"]] == [
        (3, "unit_price"), (4, "customer_id"), (5, "quantity"), (6, "")]
    packer.write("order.import", {"csv": bad})
    [r] = packer.sync()
    assert r["status"] == "rejected" and r["reasons"][0]["code"] == "csv_invalid"
    assert "line 3 unit_price" in r["reasons"][0]["detail"] and "line 6" in r["reasons"][0]["detail"]
    assert packer.of_kind("packing.order") == {}

    good = (HEADER + f"A1,{cid},remote,R-1,Ring,戒指,rings,12.50,2\n"
            f"A1,{cid},remote,R-2,Ring,戒指,rings,8,1\n\n"
            f"A2,{cid},counter,N-1,Necklace,項鏈,necklaces,80,1\n")
    r = client.post("/api/packing/orders/check-csv", json={"site_id": "wh", "csv": good},
                    headers=bearer(token("packer1")))
    assert r.status_code == 200 and body(r) == {"orders": 2, "lines": 3}
    packer.write("order.import", {"csv": good})
    [r] = packer.sync()
    assert r["status"] == "applied" and [o["ref"] for o in r["result"]["orders"]] == ["A1", "A2"]
    orders = packer.of_kind("packing.order")
    assert sorted(o["total"] for o in orders.values()) == [3300, 8000]


def test_the_front_desk_takes_orders_and_guards_do_not(client, packer, staff, make_phone, token):
    cid = register(packer)
    desk = make_phone("desk2", site="wh")
    desk.write("order.create", {"customer_id": cid, "channel": "counter", "lines": LINES})
    assert one(desk)["status"] == "applied"
    guard = make_phone("guard1", site="hv")
    guard.write("order.create", {"customer_id": cid, "channel": "counter", "lines": LINES})
    assert one(guard)["reasons"][0]["code"] == "forbidden"
    r = client.get("/api/packing/orders?site_id=hv", headers=bearer(token("guard1")))
    assert r.status_code == 403


def test_picking_is_due_the_same_day_before_closing_or_the_next_day_at_the_latest():
    tz = "Asia/Hong_Kong"
    morning = 1764554400000   # 2025-12-01 10:00 HKT
    target, latest = picking_due(morning, tz, "18:00")
    assert (target - morning, latest - morning) == (8 * 3600_000, 32 * 3600_000)
    evening = morning + 9 * 3600_000  # 19:00, after closing: counts from the next day
    target, latest = picking_due(evening, tz, "18:00")
    assert (target - evening, latest - evening) == (23 * 3600_000, 47 * 3600_000)
    assert overdue({"status": "counting", "picking_due": latest}, latest + 1)
    assert not overdue({"status": "sealed", "picking_due": latest}, latest + 1)


def test_the_office_list_marks_overdue_orders(client, packer, token):
    cid = register(packer)
    m = packer.write("order.create", {"customer_id": cid, "channel": "remote", "lines": LINES},
                     occurred_at=int(time.time() * 1000) - 3 * 86400_000)  # taken three days ago, offline
    assert one(packer)["status"] in ("applied", "flagged")  # flagged: clock_backwards, written after the customer
    new_order(packer, cid)
    r = client.get("/api/packing/orders?site_id=wh", headers=bearer(token("packer1")))
    assert r.status_code == 200 and len(body(r)["orders"]) == 2
    r = client.get("/api/packing/orders?site_id=wh&overdue=true", headers=bearer(token("super1")))
    assert [o["id"] for o in body(r)["orders"]] == [m["id"]]
