"""The equipment register, its checks from the phone, and the board's expiring list."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from tests.equipment.conftest import PASS, add_item, push, reasons
from tests.phone import body, site_today


def test_register_is_pulled_by_guards_with_codes_floors_and_expiry(phone, register):
    phone.pull_all()
    items = phone.of_kind("equipment.item")
    assert set(items) == {i["id"] for i in register.items}
    b = items[register.b["id"]]
    assert (b["type"], b["floor"]) == ("extinguisher", "B1")
    # Phones hold only the salted hash of the label's code; supervisors see the code.
    assert "code" not in b and "qr" not in b
    assert b["code_hash"] == hashlib.sha256(f"{b['id']}:{register.b['code']}".encode()).hexdigest()
    assert register.b["qr"] == f"gatehouse:equipment:{register.b['code']}" and len(register.b["code"]) >= 16


def test_a_passed_check_is_numbered_and_keeps_every_answer(phone, register):
    m = phone.write("equipment.check", {"equipment_id": register.a["id"], "code": register.a["qr"], "answers": PASS})
    [out] = push(phone)
    assert out["status"] == "applied", out
    assert out["result"]["number"].startswith("EQP-") and out["result"]["result"] == "ok"
    phone.pull_all()
    check = phone.of_kind("equipment.check")[m["id"]]
    assert check["answers"] == PASS and check["failed"] == [] and check["scanned"] is True
    assert check["review"] is None and phone.of_kind("incident") == {}


def test_a_failed_check_opens_an_incident_in_the_same_push(client, sup, phone, register):
    answers = {**PASS, "pressure_green": False}
    m = phone.write("equipment.check", {"equipment_id": register.b["id"], "answers": answers,
                                        "note": "needle in the red"})
    [out] = push(phone)
    assert out["status"] == "applied" and out["result"]["result"] == "failed"
    assert out["result"]["incident_number"].startswith("INC-")
    phone.pull_all()
    check = phone.of_kind("equipment.check")[m["id"]]
    incident = phone.of_kind("incident")[check["incident_id"]]
    assert check["failed"] == ["pressure_green"]
    assert incident["category"] == "fire_safety" and incident["status"] == "open"
    assert "Car park extinguisher" in incident["description"] and "needle in the red" in incident["description"]
    assert incident["place"] == "Car park B1 (B1)" and incident["equipment_check_id"] == m["id"]
    board = body(client.get("/api/patrol/board?site_id=hv", headers=sup))
    assert [i["id"] for i in board["incidents"]] == [incident["id"]]
    # The patrol domain's own handlers work on it: a supervisor closes it.
    boss_phone = phone.__class__(client)
    boss_phone.sign_in("super1")
    boss_phone.write("incident.close", {"incident_id": incident["id"], "outcome": "Replaced the extinguisher"})
    assert push(boss_phone)[0]["status"] == "applied"


def test_an_item_past_its_expiry_fails_even_when_ticked(client, sup, phone):
    old = add_item(client, sup, type="extinguisher", name="Old one", floor="1",
                   expires_on=(site_today() - timedelta(days=3)).isoformat())
    phone.write("equipment.check", {"equipment_id": old["id"], "answers": PASS})
    [out] = push(phone)
    assert out["result"]["result"] == "failed"
    phone.pull_all()
    [check] = phone.of_kind("equipment.check").values()
    assert check["failed"] == ["not_expired"] and check["expired"] is True


def test_checks_that_cannot_be_real_are_refused_and_nothing_is_written(phone, register):
    phone.write("equipment.check", {"equipment_id": register.a["id"], "answers": {"pressure_green": True}})
    phone.write("equipment.check", {"equipment_id": register.a["id"], "code": register.b["qr"], "answers": PASS})
    phone.write("equipment.check", {"equipment_id": "nope", "answers": PASS})
    phone.write("equipment.check", {"equipment_id": register.kit["id"], "answers": PASS})  # a first-aid box's list
    out = push(phone)
    assert [reasons(o) for o in out] == [{"invalid_payload"}, {"equipment_code_mismatch"},
                                         {"equipment_unknown"}, {"invalid_payload"}]
    phone.pull_all()
    assert phone.of_kind("equipment.check") == {} and phone.of_kind("incident") == {}


def test_a_guard_cannot_set_up_and_a_supervisor_of_another_site_cannot_see(client, token, register):
    guard = {"Authorization": f"Bearer {token('guard1')}"}
    r = client.post("/api/equipment/items", json={"site_id": "hv", "type": "alarm", "name": "x"}, headers=guard)
    assert r.status_code == 403
    r = client.post("/api/equipment/items", json={"site_id": "hv", "type": "toaster", "name": "x"},
                    headers={"Authorization": f"Bearer {token('super1')}"})
    assert r.status_code == 422
    assert all("code" not in i for i in body(client.get("/api/equipment/items?site_id=hv", headers=guard))["items"])
    packer = {"Authorization": f"Bearer {token('packer1')}"}
    assert client.get("/api/equipment/items?site_id=hv", headers=packer).status_code == 403


def test_expiring_lists_within_30_days_soonest_first_and_a_new_date_clears_it(client, sup, register):
    out = body(client.get("/api/equipment/expiring?site_id=hv", headers=sup))
    assert [(i["name"], i["days_left"]) for i in out["items"]] == [("Car park extinguisher", 6)]
    r = client.patch(f"/api/equipment/items/{register.b['id']}", headers=sup,
                     json={"expires_on": (site_today() + timedelta(days=365)).isoformat()})
    assert r.status_code == 200
    assert body(client.get("/api/equipment/expiring?site_id=hv", headers=sup))["items"] == []
    assert len(body(client.get("/api/equipment/expiring?site_id=hv&days=120", headers=sup))["items"]) == 1


def test_a_replaced_label_refuses_the_old_code(client, sup, phone, register):
    r = client.post(f"/api/equipment/items/{register.a['id']}/new-code", headers=sup)
    assert r.status_code == 200 and body(r)["code"] != register.a["code"]
    phone.write("equipment.check", {"equipment_id": register.a["id"], "code": register.a["qr"], "answers": PASS})
    assert reasons(push(phone)[0]) == {"equipment_code_mismatch"}
