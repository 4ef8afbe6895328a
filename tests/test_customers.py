"""Customer files: registered before settlement, visible to packers, the front desk
and supervisors only; corrected with a stamp."""
from tests.packing.conftest import one, register, staff  # noqa: F401 (fixture)
from tests.phone import Phone, bearer, body


def test_a_packer_registers_a_customer_and_the_office_lists_it(client, token):
    packer = Phone(client, site="wh")
    packer.sign_in("packer1")
    cid = register(packer, name="Tai Fung Jewellery")
    c = packer.of_kind("customer")[cid]
    assert (c["name"], c["type"], c["author_name"]) == ("Tai Fung Jewellery", "wholesale", "Cheung Mei Ling")
    r = client.get("/api/customers?site_id=wh", headers=bearer(token("super1")))
    assert r.status_code == 200 and [x["name"] for x in body(r)["customers"]] == ["Tai Fung Jewellery"]
    r = client.get(f"/api/customers/{cid}", headers=bearer(token("packer1")))
    assert r.status_code == 200 and body(r)["phone"] == "+852 2345 6789"


def test_a_franchise_carries_its_return_ratio_and_bad_input_is_refused(client):
    packer = Phone(client, site="wh")
    packer.sign_in("packer1")
    base = {"name": "X", "phone": "+852 2345 6789", "address": "somewhere"}
    packer.write("customer.register", {**base, "type": "franchise"})
    packer.write("customer.register", {**base, "type": "wholesale", "return_ratio": 0.1})
    packer.write("customer.register", {**base, "type": "wholesale", "phone": "call me"})
    packer.write("customer.register", {**base, "type": "wholesale", "email": "not-an-address"})
    packer.write("customer.register", {**base, "type": "franchise", "return_ratio": 0.05})
    results = packer.sync()
    assert [r["status"] for r in results] == ["rejected"] * 4 + ["applied"]
    assert all(r["reasons"][0]["code"] == "invalid_payload" for r in results[:4])
    assert "return_ratio" in results[0]["reasons"][0]["detail"]


def test_guards_never_receive_customers_nor_register_them(client, token):
    packer = Phone(client, site="wh")
    packer.sign_in("packer1")
    register(packer)
    # super1 works at both sites; a guard phone at hv, and a guard at wh, see no customer
    guard = Phone(client, site="hv")
    guard.sign_in("guard1")
    guard.write("customer.register", {"name": "X", "phone": "+852 2345 6789", "address": "a", "type": "wholesale"})
    [r] = guard.sync()
    assert r["status"] == "rejected" and r["reasons"][0]["code"] == "forbidden"
    assert guard.of_kind("customer") == {}
    admin = bearer(token("admin"))
    client.post("/api/users", json={"username": "guard9", "name": "Ng Ka Ho", "role": "guard",
                                    "password": "gatehouse-demo", "site_ids": ["wh"]}, headers=admin)
    wh_guard = Phone(client, site="wh")
    wh_guard.sign_in("guard9")
    wh_guard.pull_all()
    assert wh_guard.of_kind("customer") == {}
    r = client.get("/api/customers?site_id=wh", headers=bearer(token("guard9")))
    assert r.status_code == 403 and body(r)["reason"] == "forbidden"


def test_a_customer_is_corrected_with_a_stamp(client):
    desk = Phone(client, site="wh")
    desk.sign_in("packer1")
    cid = register(desk)
    c = desk.of_kind("customer")[cid]
    desk.write("record.amend", {"target_kind": "customer", "target_id": cid, "changes": {"phone": "+852 9876 5432"},
                                "reason": "new number"}, base_version=c["_version"])
    assert one(desk)["status"] == "applied"
    c = desk.of_kind("customer")[cid]
    assert c["phone"] == "+852 9876 5432" and c["original"]["phone"] == "+852 2345 6789"
