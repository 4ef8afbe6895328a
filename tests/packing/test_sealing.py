"""Signing and sealing: customer absent, two different staff sign; sealing fixes a
box's contents under a label the packing phone signs offline; a tick after the
seal from another phone is flagged; the front desk cannot seal."""
import time

from backend.keys import tokens
from backend.packing import labels
from tests.packing.conftest import count_all, label_for, new_order, one, open_box, register, seal, sign_two, tick
from tests.phone import Phone, bearer, body, login


def packed(packer, paid=True, channel="remote"):
    oid = new_order(packer, register(packer), channel=channel, paid=paid)
    box = open_box(packer, oid)
    count_all(packer, oid, box)
    return oid, box


def test_customer_absent_two_different_staff_sign_and_one_person_twice_is_refused(packer, staff):
    oid, box = packed(packer)
    packer.write("packing.sign", {"order_id": oid, "name_checked": True})
    packer.write("packing.sign", {"order_id": oid, "name_checked": True})
    first, twice = packer.sync()
    assert first["result"] == {"signatures": 1, "complete": False}
    assert twice["status"] == "rejected" and twice["reasons"][0]["code"] == "same_signer"
    assert seal(packer, box)["reasons"][0]["code"] == "not_signed"
    packer.sign_in("packer2")
    packer.write("packing.sign", {"order_id": oid, "name_checked": True})
    assert one(packer)["result"] == {"signatures": 2, "complete": True}
    o = packer.of_kind("packing.order")[oid]
    assert [(s["role"], s["user_name"]) for s in o["signatures"]] == [
        ("checker", "Cheung Mei Ling"), ("second_checker", "Lau Chi Keung")]
    assert o["status"] == "signed"


def test_a_signature_before_counting_or_without_the_name_checked_is_refused(packer):
    oid = new_order(packer, register(packer))
    packer.write("packing.sign", {"order_id": oid, "name_checked": True})
    packer.write("packing.sign", {"order_id": oid, "name_checked": False})
    assert [r["reasons"][0]["code"] for r in packer.sync()] == ["nothing_counted", "invalid_payload"]


def test_a_present_customer_signs_and_pays_before_the_box_is_sealed(packer):
    oid, box = packed(packer, paid=False, channel="counter")
    packer.write("packing.sign", {"order_id": oid, "name_checked": True})
    packer.write("packing.customer_sign", {"order_id": oid, "name": "Wing On Trading", "signature": "ab" * 32})
    assert [r["status"] for r in packer.sync()] == ["applied", "applied"]
    assert seal(packer, box)["reasons"][0]["code"] == "unpaid"
    packer.write("order.payment", {"order_id": oid, "state": "paid"})
    one(packer)
    r = seal(packer, box)
    assert r["status"] == "applied", r
    assert packer.of_kind("packing.order")[oid]["customer_signature"]["signature"] == "ab" * 32
    assert packer.of_kind("packing.order")[oid]["status"] == "sealed"


def test_sealing_fixes_the_contents_and_a_later_tick_from_another_phone_is_flagged(client, packer, staff):
    oid, box = packed(packer)
    other = Phone(client, site="wh")
    other.sign_in("packer2")
    other.pull_all()
    sign_two(packer, oid)
    r = seal(packer, box, "S-000123")
    assert r["status"] == "applied", r
    sealed = packer.of_kind("packing.box")[box]["sealed"]
    assert (sealed["seal_number"], sealed["items"], sealed["user_name"]) == ("S-000123", 6, "Cheung Mei Ling")
    packer.write("packing.seal", {"box_id": box, "seal_number": "", "label": label_for(packer, packer.of_kind("packing.box")[box])})
    assert one(packer)["reasons"][0]["code"] == "already_sealed"
    tick(other, oid, box, "R-100")       # offline, it did not know the box was sealed
    [late] = other.sync()
    assert late["status"] == "flagged" and late["reasons"][0]["code"] == "content_changed_after_sealing"
    b = other.of_kind("packing.box")[box]
    assert b["contents"]["R-100"] == 3 and b["after_seal"][0]["user_name"] == "Lau Chi Keung"


def test_a_seal_number_used_twice_is_flagged(packer, staff):
    first, box1 = packed(packer)
    second, box2 = packed(packer)
    sign_two(packer, first)
    sign_two(packer, second)
    assert seal(packer, box1, "S-7")["status"] == "applied"
    r = seal(packer, box2, "S-7")
    assert r["status"] == "flagged" and r["reasons"][0]["code"] == "seal_reused"


def test_the_same_seal_number_at_another_warehouse_is_not_a_reuse_and_moves_nothing(client, packer, staff):
    """Seal numbers are a warehouse's own: S-9 at a second warehouse neither flags nor
    overwrites the first's S-9, whose next use is still caught."""
    admin = bearer(login(client, "admin")["token"])
    r = client.post("/api/sites", json={"id": "wh2", "name": "Kwai Chung warehouse", "tz": "Asia/Hong_Kong"},
                    headers=admin)
    assert r.status_code == 201, body(r)
    users = {u["username"]: u["id"] for u in body(client.get("/api/users", headers=admin))}
    for username in ("packer1", "packer2"):
        r = client.patch(f"/api/users/{users[username]}", json={"site_ids": ["wh", "wh2"], "reason": "second warehouse"},
                         headers=admin)
        assert r.status_code == 200, body(r)
    there = Phone(client, site="wh2", supervisor="admin")
    there.sign_in("packer1")
    first, box1 = packed(packer)
    sign_two(packer, first)
    assert seal(packer, box1, "S-9")["status"] == "applied"
    second, box2 = packed(there)
    sign_two(there, second)
    assert seal(there, box2, "S-9")["status"] == "applied"          # another warehouse's S-9
    third, box3 = packed(packer)
    sign_two(packer, third)
    r = seal(packer, box3, "S-9")
    assert r["status"] == "flagged" and r["reasons"][0]["code"] == "seal_reused" and box1 in r["reasons"][0]["detail"]


def test_a_label_not_signed_by_this_phone_or_for_other_contents_is_refused(client, packer, staff):
    oid, box = packed(packer)
    sign_two(packer, oid)
    b = packer.of_kind("packing.box")[box]
    stranger = Phone(client, site="wh")
    packer.write("packing.seal", {"box_id": box, "seal_number": "", "label": label_for(stranger, b)})
    packer.write("packing.seal", {"box_id": box, "seal_number": "S-1", "label": label_for(packer, b, "S-2")})
    packer.write("packing.seal", {"box_id": box, "seal_number": "", "label": "GH1:NOT A LABEL"})
    assert [r["reasons"][0]["code"] for r in packer.sync()] == ["label_forged", "label_mismatch", "label_forged"]
    packer.write("packing.seal", {"box_id": box, "seal_number": "", "label": label_for(packer, b, "", {"R-100": 1})})
    r = one(packer)
    assert r["status"] == "flagged" and r["reasons"][0]["code"] == "label_mismatch"


def test_the_front_desk_cannot_seal(packer, staff, make_phone):
    oid, box = packed(packer)
    sign_two(packer, oid)
    desk = make_phone("desk2", site="wh")
    desk.write("packing.seal", {"box_id": box, "seal_number": "", "label": "GH1:X"})
    desk.write("packing.sign", {"order_id": oid, "name_checked": True})
    assert [r["reasons"][0]["code"] for r in desk.sync()] == ["forbidden", "forbidden"]


def test_the_server_countersigns_a_sealed_box_and_phones_pull_it(client, packer, staff, token):
    oid, box = packed(packer)
    h = bearer(token("packer1"))
    r = client.post(f"/api/packing/boxes/{box}/countersign", headers=h)
    assert r.status_code == 409 and body(r)["reason"] == "box_not_sealed"
    sign_two(packer, oid)
    seal(packer, box)
    r = client.post(f"/api/packing/boxes/{box}/countersign", headers=h)
    assert r.status_code == 200
    packer.pull_all()
    b = packer.of_kind("packing.box")[box]
    assert b["countersign"] == body(r)["countersign"]
    keys = next(iter(packer.of_kind("site.keys").values()))
    cs = tokens.read(b["countersign"])
    key = next(k for k in keys["keys"] if k["kid"] == cs.kid)
    from sync.signature import public_key_from_jwk
    claims = tokens.verify(cs, public_key_from_jwk(key["jwk"]))
    assert claims[2] == box and claims[11] == labels.label_digest(b["sealed"]["label"])
    r = client.post(f"/api/packing/boxes/{box}/countersign", headers=bearer(token("super1")))
    assert body(r)["countersign"] == b["countersign"]  # signed once


def test_every_single_byte_change_to_a_label_fails_and_revoked_or_other_site_phones_fail(client, packer, token):
    box = {"id": "box-1", "order_id": "order-1", "contents": {"R-100": 2, "N-200": 1}}
    text = labels.sign(box, "wh", int(time.time()), "S-9", packer.device.id, packer.device.key)
    packer.pull_all()
    devices = packer.of_kind("site.device")

    def device(i):
        d = devices.get(i)
        return (d, True) if d else (None, False)
    assert labels.check(text, device, "wh")[0] == "intact"
    body_ = text[len(tokens.PREFIX):]
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    for i in range(len(body_)):
        for c in (alphabet[(alphabet.index(body_[i]) + 1) % 45], alphabet[(alphabet.index(body_[i]) + 17) % 45]):
            changed = tokens.PREFIX + body_[:i] + c + body_[i + 1:]
            assert labels.check(changed, device, "wh")[0] != "intact", i
    assert labels.check(text, lambda i: (devices.get(i), False), "wh")[0] == "label_other_site"
    assert labels.check(text, device, "hv")[0] == "label_other_site"
    client.post(f"/api/devices/{packer.device.id}/revoke", headers=bearer(token("super1")))
    watcher = Phone(client, site="wh")
    watcher.sign_in("packer1")
    watcher.pull_all()
    revoked = watcher.of_kind("site.device")
    assert labels.check(text, lambda i: (revoked.get(i), True), "wh")[0] == "label_revoked"


def test_the_bill_signature_and_the_managers_approval_are_approval_kinds(client, token):
    r = client.get("/api/sync/kinds", headers=bearer(token("packer1")))
    table = body(r)
    assert {"packing.sign", "return.approve"} <= set(table["approvals"])
    assert "packing.tick" not in table["approvals"]
    assert "guard" not in table["visible"]["customer"] and "guard" not in table["visible"]["packing.order"]
