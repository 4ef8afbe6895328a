"""Shift handover: signed out, refused or accepted by another guard, countersigned by a supervisor."""
from __future__ import annotations

import pytest

from tests.patrol.conftest import png, push, reasons
from tests.phone import body

SIG = "ab" * 32


def write(phone, **extra):
    return phone.write("handover.write", {"text": "Quiet shift; lift 2 out of order", "signature": SIG,
                                          "pin_confirmed": True,
                                          "open_items": [{"text": "Lift 2 engineer due 09:00"}],
                                          "equipment": [{"item": "torch", "ok": True}, {"item": "radio 3", "ok": False}],
                                          **extra})


@pytest.fixture
def shared(make_phone):
    """One phone at the gate, used by both guards."""
    p = make_phone("guard1")
    p.sign_in("guard2")
    p.current = "guard1"
    return p


def test_the_outgoing_guard_cannot_accept_their_own_handover(shared):
    h = write(shared)
    shared.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True})
    shared.write("handover.refuse", {"handover_id": h["id"], "reason": "x"})
    out = push(shared)
    assert out[0]["status"] == "applied"
    assert reasons(out[1]) == {"same_person"} and reasons(out[2]) == {"same_person"}


def test_a_handover_needs_the_pin(shared):
    write(shared, pin_confirmed=False)
    assert reasons(push(shared)[0]) == {"pin_required"}


def test_refused_then_accepted_then_countersigned(client, sup, shared, make_phone):
    h = write(shared)
    shared.current = "guard2"
    shared.write("handover.refuse", {"handover_id": h["id"], "reason": "radio 3 missing, not explained"})
    out = push(shared)
    assert out[1]["status"] == "flagged" and reasons(out[1]) == {"handover_refused"}  # the supervisor is alerted
    board = body(client.get("/api/patrol/board?site_id=hv", headers=sup))
    assert [(p["name"], p["basis"]) for p in board["on_duty"]][0] == ("Chan Tai Man", "handover_refused")
    assert any(f["reasons"][0]["code"] == "handover_refused" for f in board["flags"])
    boss = make_phone("super1")
    boss.write("handover.review", {"handover_id": h["id"]})        # refused: no countersign without a reason
    out = push(boss)
    assert out[0]["status"] == "rejected" and reasons(out[0]) == {"note_required"}
    shared.write("handover.accept", {"handover_id": h["id"], "signature": SIG, "pin_confirmed": True})
    shared.write("handover.refuse", {"handover_id": h["id"], "reason": "too late"})
    out = push(shared)
    assert out[0]["status"] == "applied" and reasons(out[1]) == {"already_accepted"}
    board = body(client.get("/api/patrol/board?site_id=hv", headers=sup))
    assert board["on_duty"][0]["name"] == "Wong Siu Ming" and board["handovers"][0]["status"] == "accepted"
    boss.write("handover.review", {"handover_id": h["id"]})
    assert push(boss)[0]["status"] == "applied"
    boss.pull_all()
    data = boss.of_kind("handover")[h["id"]]
    assert data["review"]["user_name"] == "Ho Wing Sze" and len(data["refusals"]) == 2


def test_a_refused_handover_is_countersigned_with_a_reason(make_phone, shared):
    h = write(shared)
    shared.current = "guard2"
    shared.write("handover.refuse", {"handover_id": h["id"], "reason": "keys missing"})
    shared.push()
    boss = make_phone("super1")
    boss.write("handover.review", {"handover_id": h["id"], "note": "keys found in the office; guard1 stayed"})
    assert push(boss)[0]["status"] == "applied"


def test_signature_is_an_uploaded_image(client, token, shared):
    from tests.phone import bearer
    r = client.post("/api/media?site_id=hv", data=png(), headers={**bearer(token("guard1")), "Content-Type": "image/png"})
    sha = body(r)["sha256"]
    write(shared, signature=sha)
    write(shared, signature="not-a-hash")
    out = push(shared)
    assert out[0]["status"] == "applied" and reasons(out[1]) == {"invalid_payload"}
