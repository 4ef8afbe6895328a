"""Incidents (report, notes, close, corrections keep the original) and the gate log."""
from __future__ import annotations

from tests.patrol.conftest import push, reasons
from tests.phone import body

INCIDENT = {"category": "suspicious_person", "description": "Man trying car doors in B1",
            "severity": "high", "place": "Car park B1", "report_now": True}


def test_incident_gets_a_number_and_goes_to_the_top_of_the_board(client, sup, phone, make_phone):
    phone.write("incident.report", {**INCIDENT, "severity": "low", "report_now": False, "description": "Leaflets"})
    phone.write("incident.report", INCIDENT)
    out = push(phone)
    assert out[0]["result"]["number"].startswith("INC-") and out[1]["result"]["escalated"] is True
    board = body(client.get("/api/patrol/board?site_id=hv", headers=sup))
    assert [i["description"] for i in board["incidents"]] == [INCIDENT["description"], "Leaflets"]


def test_notes_append_and_a_supervisor_closes(client, sup, phone, make_phone):
    report = phone.write("incident.report", INCIDENT)
    phone.write("incident.note", {"incident_id": report["id"], "text": "Police informed"})
    phone.write("incident.close", {"incident_id": report["id"], "outcome": "done"})  # a guard may not close
    out = push(phone)
    assert out[1]["status"] == "applied" and reasons(out[2]) == {"forbidden"}
    boss = make_phone("super1")
    boss.write("incident.close", {"incident_id": report["id"], "outcome": "Police took over"})
    boss.write("incident.close", {"incident_id": report["id"], "outcome": "again"})
    out = push(boss)
    assert out[0]["status"] == "applied" and reasons(out[1]) == {"already_closed"}
    boss.pull_all()
    incident = boss.of_kind("incident")[report["id"]]
    assert incident["status"] == "closed" and incident["notes"][0]["text"] == "Police informed"
    assert body(client.get("/api/patrol/board?site_id=hv", headers=sup))["incidents"] == []


def test_incident_text_is_corrected_through_record_amend_keeping_the_original(phone):
    report = phone.write("incident.report", INCIDENT)
    phone.sync()
    version = phone.of_kind("incident")[report["id"]]["_version"]
    phone.write("record.amend", {"target_kind": "incident", "target_id": report["id"],
                                 "changes": {"description": "Two men trying car doors in B1"},
                                 "reason": "second man seen on CCTV"}, base_version=version)
    phone.write("record.amend", {"target_kind": "incident", "target_id": report["id"],
                                 "changes": {"number": "INC-forged"}, "reason": "x"}, base_version=version)
    out = phone.sync()
    assert out[0]["status"] == "applied" and reasons(out[1]) == {"invalid_payload"}
    incident = phone.of_kind("incident")[report["id"]]
    assert incident["description"] == "Two men trying car doors in B1"
    assert incident["original"]["description"] == INCIDENT["description"]
    assert incident["amendments"][0]["reason"] == "second man seen on CCTV"


def test_duty_log_amendments_still_work(phone):
    entry = phone.write("log.entry", {"category": "general", "text": "Quiet night"})
    phone.sync()
    version = phone.of_kind("log.entry")[entry["id"]]["_version"]
    phone.write("record.amend", {"target_kind": "log.entry", "target_id": entry["id"],
                                 "changes": {"text": "Quiet night, one false alarm"}, "reason": "forgot"},
                base_version=version)
    assert phone.sync()[0]["status"] == "applied"


def test_incident_at_a_checkpoint_of_another_site_is_refused(client, sup, phone):
    from tests.patrol.conftest import add_checkpoint
    dock = add_checkpoint(client, sup, site_id="wh", name="Dock door")
    phone.write("incident.report", {**INCIDENT, "checkpoint_id": dock["id"]})
    assert reasons(push(phone)[0]) == {"checkpoint_unknown"}


def test_visitor_in_and_out_keeps_only_the_last_four_characters(client, sup, phone):
    visit = phone.write("gate.visitor_in", {"name": "Mr Lam", "id_type": "hkid", "id_last4": "123A",
                                            "unit": "12B", "purpose": "plumbing"})
    phone.write("gate.visitor_in", {"name": "Ms Ho", "id_type": "hkid", "id_last4": "A1234567",
                                    "unit": "3C", "purpose": "visit"})
    phone.write("gate.visitor_refused", {"reason": "no_identification", "unit": "7A", "note": "would not show ID"})
    phone.write("gate.vehicle_in", {"plate": "ab 1234", "unit": "12B", "purpose": "delivery"})
    out = push(phone)
    assert [o["status"] for o in out] == ["applied", "rejected", "applied", "applied"]
    assert reasons(out[1]) == {"invalid_payload"}
    gate = body(client.get("/api/patrol/board?site_id=hv", headers=sup))["gate"]
    assert (gate["visitors_in"], gate["refused"], gate["vehicles_in"]) == (1, 1, 1)
    assert {x["name"] for x in gate["inside_now"]} == {"Mr Lam", "AB 1234"}
    phone.write("gate.visitor_out", {"visit_id": visit["id"]})
    phone.write("gate.visitor_out", {"visit_id": visit["id"]})
    out = push(phone)
    assert out[0]["status"] == "applied" and reasons(out[1]) == {"already_out"}
    gate = body(client.get("/api/patrol/board?site_id=hv", headers=sup))["gate"]
    assert gate["visitors_out"] == 1 and {x["name"] for x in gate["inside_now"]} == {"AB 1234"}


def test_a_refused_visitor_cannot_go_out(phone):
    refused = phone.write("gate.visitor_refused", {"reason": "suspicious"})
    phone.write("gate.visitor_out", {"visit_id": refused["id"]})
    assert reasons(push(phone)[1]) == {"refused_visitor"}


def test_only_the_author_or_a_supervisor_corrects_an_incident(make_phone):
    one, two = make_phone("guard1"), make_phone("guard2")
    report = one.write("incident.report", INCIDENT)
    one.sync()
    version = one.of_kind("incident")[report["id"]]["_version"]
    two.write("record.amend", {"target_kind": "incident", "target_id": report["id"],
                               "changes": {"severity": "low"}, "reason": "not so bad"}, base_version=version)
    assert reasons(push(two)[0]) == {"forbidden"}


def test_an_incident_of_another_site_cannot_be_corrected(make_phone):
    warehouse = make_phone("super1", site="wh")
    report = warehouse.write("incident.report", {**INCIDENT, "description": "Forklift damaged the dock door"})
    assert push(warehouse)[0]["status"] == "applied"
    boss = make_phone("super1", site="hv")
    boss.write("record.amend", {"target_kind": "incident", "target_id": report["id"],
                                "changes": {"severity": "low"}, "reason": "x"}, base_version=1)
    assert reasons(push(boss)[0]) == {"not_found"}
