"""Every packing and customer endpoint x every role at the warehouse: who may, who
may not (guards never; the front desk reads customers and orders only)."""
import pytest

from tests.packing.conftest import new_order, register
from tests.phone import Phone, bearer, body, login

ROLES = ["anonymous", "guard9", "packer1", "desk2", "desk1", "super1", "admin"]
CUSTOMER_READERS = {"packer1", "desk2", "super1", "admin"}   # desk1 works at Harbour View only
PACKERS = {"packer1", "super1", "admin"}

ENDPOINTS = {
    "customers": (CUSTOMER_READERS, lambda c: ("GET", "/api/customers?site_id=wh", None)),
    "customer": (CUSTOMER_READERS, lambda c: ("GET", f"/api/customers/{c['customer']}", None)),
    "orders": (CUSTOMER_READERS, lambda c: ("GET", "/api/packing/orders?site_id=wh", None)),
    "order": (CUSTOMER_READERS, lambda c: ("GET", f"/api/packing/orders/{c['order']}", None)),
    "bill": (CUSTOMER_READERS, lambda c: ("GET", f"/api/packing/orders/{c['order']}/bill.pdf", None)),
    "check_csv": (CUSTOMER_READERS, lambda c: ("POST", "/api/packing/orders/check-csv", {
        "site_id": "wh", "csv": "order,customer_id,channel,code,name,name_zh,category,unit_price,quantity\n"
                                f"A,{c['customer']},counter,R-1,Ring,戒指,rings,1,1\n"})),
    "dispatches": (PACKERS, lambda c: ("GET", "/api/packing/dispatches?site_id=wh", None)),
    "returns": (PACKERS, lambda c: ("GET", "/api/packing/returns?site_id=wh", None)),
    "seals": (PACKERS, lambda c: ("GET", "/api/packing/seals?site_id=wh&state=issued", None)),
}


@pytest.fixture
def ctx(client, staff):
    admin = bearer(login(client, "admin")["token"])
    r = client.post("/api/users", json={"username": "guard9", "name": "Ng Ka Ho", "role": "guard",
                                        "password": "gatehouse-demo", "site_ids": ["wh"]}, headers=admin)
    assert r.status_code == 201
    packer = Phone(client, site="wh")
    packer.sign_in("packer1")
    customer = register(packer)
    return {"customer": customer, "order": new_order(packer, customer)}


def test_packing_permission_matrix(client, ctx):
    tokens = {u: bearer(login(client, u)["token"]) for u in ROLES if u != "anonymous"}
    for endpoint, (allowed, request) in sorted(ENDPOINTS.items()):
        method, path, json = request(ctx)
        for user in ROLES:
            r = client.open(path, method=method, json=json, headers=tokens.get(user, {}))
            if user in allowed:
                assert r.status_code == 200, (endpoint, user, r.status_code, body(r))
            else:
                expected = 401 if user == "anonymous" else 403
                assert r.status_code == expected, (endpoint, user, r.status_code, body(r))
                assert set(body(r)) == {"code", "status", "message", "reason", "errors"}
