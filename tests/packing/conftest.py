"""Packing fixtures: the warehouse site `wh`, its packers, a customer and an order."""
from __future__ import annotations

import time

import pytest

from backend.packing import labels
from tests.phone import Phone, bearer, body, login

LINES = [
    {"code": "R-100", "name": "Silver ring", "name_zh": "銀戒指", "category": "rings", "unit_price": 12500, "quantity": 2},
    {"code": "N-200", "name": "Jade necklace", "name_zh": "玉項鏈", "category": "necklaces", "unit_price": 88000, "quantity": 1},
    {"code": "B-300", "name": "Gold bangle", "name_zh": "金手鐲", "category": "bangles", "unit_price": 150000, "quantity": 3},
]


@pytest.fixture
def staff(client):
    """A second packer and a front desk clerk at the warehouse (the demo has one packer)."""
    admin = bearer(login(client, "admin")["token"])
    for username, name, role in (("packer2", "Lau Chi Keung", "packer"), ("desk2", "Yip Wai Man", "frontdesk")):
        r = client.post("/api/users", json={"username": username, "name": name, "role": role,
                                            "password": "gatehouse-demo", "site_ids": ["wh"]}, headers=admin)
        assert r.status_code == 201, body(r)
    return ("packer2", "desk2")


@pytest.fixture
def packer(client) -> Phone:
    p = Phone(client, site="wh")
    p.sign_in("packer1")
    return p


def one(phone: Phone) -> dict:
    """Push the outbox, expecting one result."""
    [r] = phone.sync()
    return r


def register(phone: Phone, **values) -> str:
    m = phone.write("customer.register", {"name": "Wing On Trading", "phone": "+852 2345 6789",
                                          "address": "12 Hoi Yuen Road, Kwun Tong", "email": "buyer@example.com",
                                          "type": "wholesale", "shipping": "SF Express", **values})
    r = one(phone)
    assert r["status"] == "applied", r
    return m["id"]


def new_order(phone: Phone, customer_id: str, channel: str = "remote", lines=None, paid: bool = True) -> str:
    m = phone.write("order.create", {"customer_id": customer_id, "channel": channel, "lines": lines or LINES})
    if paid:
        phone.write("order.payment", {"order_id": m["id"], "state": "paid"})
    results = phone.sync()
    assert all(r["status"] == "applied" for r in results), results
    return m["id"]


def open_box(phone: Phone, order_id: str) -> str:
    m = phone.write("packing.box_open", {"order_id": order_id})
    r = one(phone)
    assert r["status"] == "applied", r
    return m["id"]


def tick(phone: Phone, order_id: str, box_id: str, code: str, times: int = 1, **extra) -> None:
    order = phone.of_kind("packing.order")[order_id]
    price = next((x["unit_price"] for x in order["lines"] if x["code"] == code.removeprefix("gatehouse:item:")), 100)
    for _ in range(times):
        phone.write("packing.tick", {"order_id": order_id, "box_id": box_id, "code": code,
                                     "unit_price": extra.get("unit_price", price),
                                     "quality": extra.get("quality", "good")})


def label_for(phone: Phone, box: dict, seal: str = "", contents: dict | None = None) -> str:
    """What the packing phone signs offline when it seals a box."""
    data = dict(box, contents=box["contents"] if contents is None else contents)
    return labels.sign(data, phone.device.space, int(time.time()), seal, phone.device.id, phone.device.key)


def count_all(phone: Phone, order_id: str, box_id: str) -> None:
    for line in phone.of_kind("packing.order")[order_id]["lines"]:
        tick(phone, order_id, box_id, line["code"], line["quantity"] - line["crossed"])
    results = phone.sync()
    assert all(r["status"] == "applied" for r in results), results


def sign_two(phone: Phone, order_id: str, second: str = "packer2") -> None:
    """Customer absent: the checker and a second staff member sign, each as themselves."""
    phone.write("packing.sign", {"order_id": order_id, "name_checked": True})
    first = phone.current
    phone.sign_in(second)
    phone.write("packing.sign", {"order_id": order_id, "name_checked": True})
    results = phone.sync()
    phone.sign_in(first)
    assert [r["status"] for r in results] == ["applied", "applied"], results


def seal(phone: Phone, box_id: str, seal_number: str = "") -> dict:
    phone.pull_all()
    box = phone.of_kind("packing.box")[box_id]
    phone.write("packing.seal", {"box_id": box_id, "seal_number": seal_number, "label": label_for(phone, box, seal_number)})
    return one(phone)
