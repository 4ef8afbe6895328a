"""Goods release: the owner's consent first, a single-use permit, a second use flagged."""
from __future__ import annotations

from backend.keys import tokens
from tests.passes.conftest import jpeg, reasons, upload
from tests.phone import body

GOODS = [{"item": "old kitchen cabinet", "count": 2}, {"item": "air conditioner", "count": 1}]


def request(desk, **over) -> dict:
    m = desk.write("permit.request", {"goods": GOODS, "unit": "12B", "holder_name": "Chan Siu Keung", **over})
    [result] = desk.sync()
    assert result["status"] == "applied", result
    return desk.of_kind("permit")[m["id"]]


def consent(desk, permit_id: str, answer: str = "yes") -> dict:
    desk.write("permit.consent", {"permit_id": permit_id, "method": "phone", "owner_name": "Mr Ho",
                                  "phone_on_file": "+852 2345 6789", "answer": answer})
    [result] = desk.sync()
    return result


def scan(guard, token: str, shown: str = "valid", **kw) -> dict:
    return guard.write("permit.scan", {"token": token, "gate": "main", "shown": shown, "ticked": [0, 1]}, **kw)


def test_no_permit_before_the_owners_consent_then_one_use_and_a_second_is_flagged(client, desk, guard, make_phone):
    p = request(desk, photos=[upload(client, desk, jpeg(), purpose="permit")])
    assert p["number"].startswith("PRM-") and p["status"] == "awaiting_consent"
    r = client.get(f"/api/permits/{p['id']}/token", headers=desk.headers)
    assert r.status_code == 409 and body(r)["reason"] == "permit_awaiting_consent"
    assert consent(desk, p["id"])["status"] == "applied"
    answer = body(client.get(f"/api/permits/{p['id']}/token", headers=desk.headers))
    assert answer["qr_version"] <= 10
    claims = tokens.read(answer["token"]).claims
    assert claims[1] == "permit" and "Chan" not in repr(claims) and "cabinet" not in repr(claims)

    guard.pull_all()
    gate = guard.of_kind("permit.gate")[p["id"]]
    assert gate["goods"] == GOODS and "consent" not in gate and "2345" not in repr(gate)
    other = make_phone("guard2")
    scan(guard, answer["token"])
    scan(other, answer["token"])
    [first] = guard.sync()
    [second] = other.sync()
    assert first["status"] == "applied" and first["result"]["verdict"] == "valid"
    assert second["status"] == "flagged" and reasons(second) == {"permit_used_twice"}
    guard.pull_all()
    permit = guard.of_kind("permit.gate")[p["id"]]
    assert permit["status"] == "used" and permit["used"]["gate"] == "main" and len(permit["uses"]) == 2


def test_an_owner_who_says_no_means_no_permit(client, desk):
    p = request(desk)
    assert consent(desk, p["id"], answer="no")["status"] == "applied"
    assert consent(desk, p["id"])["status"] == "flagged"   # the first answer is kept
    r = client.get(f"/api/permits/{p['id']}/token", headers=desk.headers)
    assert r.status_code == 409 and body(r)["reason"] == "permit_refused"


def test_consent_in_person_needs_the_owners_signature_and_a_guard_cannot_give_it(desk, guard):
    p = request(desk)
    desk.write("permit.consent", {"permit_id": p["id"], "method": "in_person", "owner_name": "Mr Ho", "answer": "yes"})
    guard.write("permit.consent", {"permit_id": p["id"], "method": "in_person", "owner_name": "Mr Ho",
                                   "answer": "yes", "signature": "a" * 64})
    [unsigned] = desk.sync()
    [forbidden] = guard.sync()
    assert reasons(unsigned) == {"invalid_payload"} and reasons(forbidden) == {"forbidden"}
