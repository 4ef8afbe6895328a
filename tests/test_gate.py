"""Each input issue 8 found answering 500, on SQLite and PostgreSQL (P1.1).

A mutation the server cannot understand or store is `rejected` with a reason and
parked, and the mutations around it are applied; a request it cannot read is a
4xx in the envelope. tests/test_hostile.py generates such inputs at random.
"""
from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import select

from backend.db import database
from backend.sync_api.models import LedgerRow
from sync.canonical import mutation_hash
from sync.device import Device, public_jwk
from tests.phone import PASSWORD, bearer, body

ENVELOPE = {"code", "status", "message", "reason", "errors"}
ENTRY = {"category": "general", "text": "fine", "location": ""}


def send_between_good_ones(client, phone, change: dict, payload: dict | None = None) -> dict:
    """Push [good, hostile, good]; return the hostile one's answer after checking the good ones."""
    phone.write("log.entry", ENTRY)
    d = phone.device
    m = {"seq": d.next_seq, "id": f"h-{d.next_seq}-{d.id[:8]}", "kind": "log.entry", "space": d.space,
         "occurred_at": d.now(), "user_id": phone.user_id, "prev": d.last_hash,
         "payload": dict(ENTRY, **(payload or {}))}
    m.update(change)
    d.outbox.append(m)
    d.next_seq, d.last_hash = d.next_seq + 1, mutation_hash(m)
    phone.write("log.entry", ENTRY)
    r = client.post("/api/sync/push", data=json.dumps(phone.device.batch()),
                    headers={**phone.headers, "Content-Type": "application/json"})
    assert r.status_code == 200, body(r)
    first, bad, last = body(r)["results"]
    assert first["status"] == last["status"] == "applied", body(r)
    assert bad["status"] == "rejected", bad
    phone.device.acknowledge(body(r)["last_seq"])
    with database().snapshot() as s:
        row = s.scalar(select(LedgerRow).where(LedgerRow.device_id == d.id, LedgerRow.seq == m["seq"]))
        assert row.status == "rejected" and row.mutation is not None  # parked for review
    return bad


CASES = {
    "lone surrogate in text (finding 2)": ({}, {"text": "cut \ud83d"}, "invalid_text"),
    "NUL in log.entry text (finding 3)": ({}, {"text": "a\x00b"}, "invalid_text"),
    "id over 40 characters (finding 3)": ({"id": "x" * 41}, None, "invalid_mutation"),
    "kind over 40 characters (finding 3)": ({"kind": "k" * 41}, None, "invalid_mutation"),
    "NUL in id (finding 3)": ({"id": "a\x00b"}, None, "invalid_text"),
    "NUL in kind (finding 3)": ({"kind": "log.\x00entry"}, None, "invalid_text"),
    "NaN in payload (finding 4)": ({}, {"x": float("nan")}, "invalid_number"),
    "Infinity in payload (finding 4)": ({}, {"x": float("inf")}, "invalid_number"),
    "-Infinity in payload (finding 4)": ({}, {"x": -float("inf")}, "invalid_number"),
    "1e400 in payload (finding 4)": ({}, {"x": 10**400}, "invalid_number"),
    "2^63 in occurred_at (finding 5)": ({"occurred_at": 2**63}, None, "invalid_number"),
    "2^63 in user_id (finding 5)": ({"user_id": 2**63}, None, "invalid_number"),
    "2^53 in occurred_at (finding 5)": ({"occurred_at": 2**53}, None, "invalid_number"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_mutation_the_server_cannot_store_is_parked_alone(app, client, phone, case):
    change, payload, reason = CASES[case]
    with app.app_context():
        bad = send_between_good_ones(client, phone, change, payload)
    assert bad["reasons"][0]["code"] == reason and bad["reasons"][0]["detail"]


def test_1e400_as_written_on_the_wire_is_parked(app, client, phone):
    """The literal `1e400` (Python's parser reads it as infinity)."""
    phone.write("log.entry", dict(ENTRY, text="PLACEHOLDER"))
    batch = json.dumps(phone.device.batch()).replace('"PLACEHOLDER"', "1e400")
    r = client.post("/api/sync/push", data=batch, headers={**phone.headers, "Content-Type": "application/json"})
    assert r.status_code == 200 and body(r)["results"][0]["status"] == "rejected"
    assert body(r)["results"][0]["reasons"][0]["code"] == "invalid_number"


def cursor(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("value", [2**63, 2**53, 10**30])
def test_a_cursor_version_beyond_2_53_is_a_400(phone, value):
    epoch = body(phone.pull())["epoch"]
    r = phone.pull(cursor({"e": epoch, "v": {"hv": value}}))
    assert r.status_code == 400 and body(r)["reason"] == "cursor_invalid"


def test_a_deeply_nested_cursor_is_a_400(phone):
    r = phone.pull(cursor({"e": "x", "v": {}, "deep": json.loads("[" * 300 + "]" * 300)}))
    assert r.status_code == 400 and body(r)["reason"] == "cursor_invalid"


def test_a_cursor_over_1000_characters_is_a_400_in_the_envelope(phone):
    r = phone.pull("A" * 1001)
    assert r.status_code == 422 and set(body(r)) == ENVELOPE


DEEP = "[" * 50000 + "]" * 50000


@pytest.mark.parametrize("path", ["/api/sync/push", "/api/auth/login", "/api/devices/enroll"])
def test_a_body_nested_50000_deep_is_a_400_before_authentication(client, path, caplog):
    """Finding 6: was a RecursionError (500, traceback in the log)."""
    r = client.post(path, data=DEEP, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and body(r)["reason"] == "too_deep" and set(body(r)) == ENVELOPE
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("username, password, reason", [
    ("guard1", "cut \ud83d", "invalid_text"),      # finding 6: lone surrogate in a password
    ("guard\x001", PASSWORD, "invalid_text"),     # finding 3: NUL in a username (PostgreSQL)
    ("guard1", "a\x00b", "invalid_text"),
])
def test_sign_in_with_text_no_store_keeps_is_a_400(client, username, password, reason):
    r = client.post("/api/auth/login", data=json.dumps({"username": username, "password": password}),
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and body(r)["reason"] == reason and set(body(r)) == ENVELOPE
    assert client.post("/api/auth/login", json={"username": "guard1", "password": PASSWORD}).status_code == 200


def test_nul_in_a_phone_label_at_enrolment_is_a_400_and_the_code_still_works(client, token):
    """Finding 3: NUL in the label was a 500 on PostgreSQL; the code is not used up."""
    code = body(client.post("/api/devices/enroll-codes", json={"site_id": "hv"},
                            headers=bearer(token("super1"))))["code"]
    key = public_jwk(Device(space="hv").key)
    r = client.post("/api/devices/enroll", json={"code": code, "public_key": key, "label": "Gate\x00A"})
    assert r.status_code == 400 and body(r)["reason"] == "invalid_text" and set(body(r)) == ENVELOPE
    r = client.post("/api/devices/enroll", json={"code": code, "public_key": key, "label": "Gate A"})
    assert r.status_code == 201


@pytest.mark.parametrize("path", ["/api/log/entries?site_id=hv&author_id=99999999999999999999",
                                  "/api/users/9223372036854775808/deactivate"])
def test_an_integer_beyond_2_53_in_a_query_or_path_is_a_400(client, token, path):
    headers = bearer(token("admin"))
    r = client.post(path, headers=headers) if "deactivate" in path else client.get(path, headers=headers)
    assert r.status_code == 400 and body(r)["reason"] == "invalid_number" and set(body(r)) == ENVELOPE
