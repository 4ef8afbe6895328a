"""The customer file extended for customer service (issue 12 item 9): contact
person, interests, opinion, suggestions; purchase, service, demand and enquiry
records (an enquirer's urgency); "notify when in stock". Seen by the front desk and
supervisors only: packers keep the customer's name and address, never this."""
from __future__ import annotations

from tests.packing.conftest import register
from tests.phone import Phone, bearer, body


def on(client, user: str, site: str = "wh") -> Phone:
    p = Phone(client, site=site)
    p.sign_in(user)
    return p


def test_customer_service_keeps_the_file_and_calls_back_when_a_wanted_item_is_in_stock(client, token):
    sup, packer = on(client, "super1"), on(client, "packer1")
    cid = register(packer, name="Tai Fung Jewellery")
    sup.write("customer.profile", {"customer_id": cid, "contact_person": "Ms Lau (buyer)",
                                   "interests": ["jade", " silver bangles ", "jade"], "opinion": "Likes our packing"})
    sup.write("customer.profile", {"customer_id": cid, "suggestions": "Send the catalogue in Chinese"})
    sup.write("customer.record", {"customer_id": cid, "type": "purchase", "text": "20 jade pendants",
                                  "item_code": "JD-100", "amount": 18000})
    sup.write("customer.record", {"customer_id": cid, "type": "service", "text": "Clasp repaired"})
    sup.write("customer.record", {"customer_id": cid, "type": "enquiry", "text": "Price of gold chains",
                                  "urgency": "urgent"})
    want = sup.write("customer.record", {"customer_id": cid, "type": "demand", "text": "Wants 5 silver bangles",
                                         "item_code": "SB-7", "notify_when_in_stock": True})
    assert [o["status"] for o in sup.sync()] == ["applied"] * 6
    h = bearer(token("super1"))
    p = body(client.get(f"/api/customers/{cid}/profile", headers=h))
    assert (p["contact_person"], p["interests"], p["opinion"], p["suggestions"]) == (
        "Ms Lau (buyer)", ["jade", "silver bangles"], "Likes our packing", "Send the catalogue in Chinese")
    assert [r["type"] for r in p["records"]] == ["purchase", "service", "enquiry", "demand"]
    assert {r["user_name"] for r in p["records"]} == {"Ho Wing Sze"}
    assert p["records"][2]["urgency"] == "urgent" and p["customer"]["name"] == "Tai Fung Jewellery"
    wanted = body(client.get("/api/customers/wanted?site_id=wh&item_code=sb-7", headers=h))["wanted"]
    assert [(w["customer_name"], w["item_code"], w["id"]) for w in wanted] == [("Tai Fung Jewellery", "SB-7", want["id"])]
    assert body(client.get("/api/customers/wanted?site_id=wh&item_code=JD-100", headers=h))["wanted"] == []
    sup.write("customer.notified", {"customer_id": cid, "record_id": want["id"], "note": "phoned, collects Friday"})
    sup.write("customer.notified", {"customer_id": cid, "record_id": want["id"]})       # told twice: kept once
    out = sup.sync()
    assert out[0]["status"] == "applied" and out[1]["reasons"][0]["code"] == "already_notified"
    assert body(client.get("/api/customers/wanted?site_id=wh", headers=h))["wanted"] == []
    p = body(client.get(f"/api/customers/{cid}/profile", headers=h))
    assert p["records"][3]["notified"]["note"] == "phoned, collects Friday"
    # The packer's phone holds the customer, never the service side.
    packer.pull_all()
    assert cid in packer.of_kind("customer") and packer.of_kind("customer.profile") == {}
    sup.pull_all()
    assert sup.of_kind("customer.profile")[cid]["contact_person"] == "Ms Lau (buyer)"


def test_who_may_see_and_write_the_service_side(client, token):
    packer, desk = on(client, "packer1"), on(client, "desk1", site="hv")
    cid = register(packer)
    packer.write("customer.record", {"customer_id": cid, "type": "purchase", "text": "x"})
    assert packer.sync()[0]["reasons"][0]["code"] == "forbidden"
    for user, allowed in (("packer1", 403), ("guard1", 403), ("super1", 200), ("admin", 200)):
        assert client.get(f"/api/customers/{cid}/profile", headers=bearer(token(user))).status_code == allowed, user
        assert client.get("/api/customers/wanted?site_id=wh", headers=bearer(token(user))).status_code == allowed, user
    # The desk at Harbour View does not work at the warehouse: not its customers.
    assert client.get(f"/api/customers/{cid}/profile", headers=bearer(token("desk1"))).status_code == 403
    desk_cid = register(desk, name="Harbour Gifts")
    desk.write("customer.profile", {"customer_id": desk_cid, "contact_person": "Mr Yip"})
    assert desk.sync()[0]["status"] == "applied"
    assert body(client.get(f"/api/customers/{desk_cid}/profile", headers=bearer(token("desk1"))))["contact_person"] == "Mr Yip"


def test_bad_input_is_refused_and_changes_nothing(client, token):
    sup = on(client, "super1")
    cid = register(on(client, "packer1"))
    bad = [{"customer_id": cid},                                                             # nothing to change
           {"customer_id": cid, "interests": ["x" * 101]},
           ("record", {"customer_id": cid, "type": "enquiry", "text": "price?"}),             # no urgency
           ("record", {"customer_id": cid, "type": "purchase", "text": "x", "urgency": "low"}),
           ("record", {"customer_id": cid, "type": "purchase", "text": "x", "notify_when_in_stock": True}),
           ("record", {"customer_id": cid, "type": "demand", "text": "x", "notify_when_in_stock": True}),  # no item
           ("record", {"customer_id": cid, "type": "gossip", "text": "x"}),
           ("record", {"customer_id": cid, "type": "purchase", "text": "x", "amount": -1})]
    for b in bad:
        kind, payload = ("customer.record", b[1]) if isinstance(b, tuple) else ("customer.profile", b)
        sup.write(kind, payload)
    assert [(o["status"], o["reasons"][0]["code"]) for o in sup.sync()] == [("rejected", "invalid_payload")] * 8
    sup.write("customer.profile", {"customer_id": "no-such-customer", "opinion": "x"})
    sup.write("customer.notified", {"customer_id": cid, "record_id": "no-such-record"})
    assert [o["reasons"][0]["code"] for o in sup.sync()] == ["not_found", "not_found"]
    p = body(client.get(f"/api/customers/{cid}/profile", headers=bearer(token("super1"))))
    assert (p["contact_person"], p["interests"], p["records"]) == ("", [], [])
    assert client.get("/api/customers/nope/profile", headers=bearer(token("super1"))).status_code == 404
    assert client.get("/api/customers/wanted", headers=bearer(token("super1"))).status_code == 422
