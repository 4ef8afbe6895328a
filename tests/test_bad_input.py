"""Bad input gets a clear error in one envelope and changes nothing."""
import io
import json

import pytest
from sqlalchemy import func, select

from backend.db import database
from backend.sync_api.models import EntityRow, LedgerRow
from tests.phone import Phone, body, login

ENVELOPE = {"code", "status", "message", "reason", "errors"}


def snapshot(app):
    with app.app_context(), database().snapshot() as s:
        return (s.scalar(select(func.count()).select_from(LedgerRow)),
                s.scalar(select(func.count()).select_from(EntityRow)))


def bad_push(phone, **kw):
    b = phone.device.batch()
    b.update(kw)
    return b


CASES = {
    "not_json": lambda p: ("raw", "{this is not json", 400, "invalid_json"),
    "client_time_wrong_type": lambda p: ("json", bad_push(p, client_time="yesterday"), 422, "invalid_input"),
    "mutations_not_a_list": lambda p: ("json", bad_push(p, mutations={"seq": 1}), 400, "invalid_batch"),
    "mutation_without_seq": lambda p: ("json", bad_push(p, mutations=[{"id": "x", "kind": "log.entry"}]), 400, "invalid_batch"),
    "seq_as_string": lambda p: ("json", bad_push(p, mutations=[dict(p.device.outbox[0], seq="1")]), 400, "invalid_batch"),
    "seq_zero": lambda p: ("json", bad_push(p, mutations=[dict(p.device.outbox[0], seq=0)]), 400, "invalid_batch"),
    "seq_beyond_2_53": lambda p: ("json", bad_push(p, mutations=[dict(p.device.outbox[0], seq=2**63)]), 400, "invalid_batch"),
    "same_seq_twice": lambda p: ("json", bad_push(p, mutations=[p.device.outbox[0], p.device.outbox[0]]), 400, "invalid_batch"),
    "too_many_mutations": lambda p: ("json", bad_push(p, mutations=[p.device.outbox[0]] * 501), 413, "batch_too_large"),
    "client_time_2_63": lambda p: ("json", bad_push(p, client_time=2**63), 400, "invalid_number"),
    "client_time_nan": lambda p: ("raw", json.dumps(bad_push(p, client_time=float("nan"))), 400, "invalid_number"),
    "device_id_nul": lambda p: ("json", bad_push(p, device_id="a\x00b"), 400, "invalid_text"),
    "nested_50000_deep": lambda p: ("raw", "[" * 50000 + "]" * 50000, 400, "too_deep"),
    "nested_deep_inside": lambda p: ("raw", json.dumps(bad_push(p))[:-1] + ',"x":' + "[" * 70 + "]" * 70 + "}", 400, "too_deep"),
    "integer_of_5000_digits": lambda p: ("raw", json.dumps(bad_push(p))[:-1] + ',"x":' + "9" * 5000 + "}", 400, "invalid_number"),
    "body_too_large": lambda p: ("json", bad_push(p, padding="x" * (3 * 1024 * 1024)), 413, "batch_too_large"),
    "other_device_id": lambda p: ("json", bad_push(p, device_id="00000000-0000-0000-0000-000000000000"), 403, "device_mismatch"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_push_is_refused_whole_and_changes_nothing(app, client, phone, case):
    phone.write("log.entry", {"category": "general", "text": "hello"})
    before = snapshot(app)
    kind, payload, status, reason = CASES[case](phone)
    if kind == "raw":
        r = client.post("/api/sync/push", data=payload, headers={**phone.headers, "Content-Type": "application/json"})
    else:
        r = client.post("/api/sync/push", json=payload, headers=phone.headers)
    assert r.status_code == status, body(r)
    assert set(body(r)) == ENVELOPE and body(r)["reason"] == reason and body(r)["message"]
    assert snapshot(app) == before


def test_another_devices_token_cannot_push_for_it(app, client, phone):
    thief = Phone(client)
    thief.sign_in("guard2")
    phone.write("log.entry", {"category": "general", "text": "mine"})
    before = snapshot(app)
    r = client.post("/api/sync/push", json=phone.device.batch(), headers=thief.headers)
    assert r.status_code == 403 and body(r)["reason"] == "device_mismatch"
    assert snapshot(app) == before


def test_user_from_another_site_cannot_push_through_a_phone(app, client, phone):
    packer = login(client, "packer1")["token"]  # works at the warehouse, not hv
    phone.write("log.entry", {"category": "general", "text": "x"})
    before = snapshot(app)
    r = client.post("/api/sync/push", json=phone.device.batch(),
                    headers={"Authorization": f"Bearer {packer}", "X-Device-Token": phone.device_token})
    assert r.status_code == 403 and body(r)["reason"] == "site_forbidden"
    assert snapshot(app) == before


@pytest.mark.parametrize("headers, reason", [
    ({}, "token_missing"),
    ({"Authorization": "Bearer not-a-token"}, "token_invalid"),
])
def test_push_without_a_valid_sign_in_is_401(client, phone, headers, reason):
    r = client.post("/api/sync/push", json=phone.device.batch(), headers={**headers, "X-Device-Token": phone.device_token})
    assert r.status_code == 401 and body(r)["reason"] == reason


def test_signed_out_token_stops_working(client, phone):
    r = client.post("/api/auth/logout", headers=phone.headers)
    assert r.status_code == 204
    r = phone.push()
    assert r.status_code == 401 and body(r)["reason"] == "token_invalid"


def test_unknown_device_token_is_401(client, phone):
    r = client.post("/api/sync/push", json=phone.device.batch(),
                    headers={**phone.headers, "X-Device-Token": "forged"})
    assert r.status_code == 401 and body(r)["reason"] == "device_unknown"


def test_wrong_password_is_a_clear_401(client):
    r = client.post("/api/auth/login", json={"username": "guard1", "password": "wrong"})
    assert r.status_code == 401 and body(r)["reason"] == "login_failed"
    r = client.post("/api/auth/login", json={"username": "nobody", "password": "wrong"})
    assert r.status_code == 401 and body(r)["reason"] == "login_failed"


def test_enrollment_code_is_single_use(client, token):
    sup = token("super1")
    code = body(client.post("/api/devices/enroll-codes", json={"site_id": "hv"},
                            headers={"Authorization": f"Bearer {sup}"}))["code"]
    from sync.device import Device, public_jwk
    key = public_jwk(Device(space="hv").key)
    first = client.post("/api/devices/enroll", json={"code": code, "public_key": key})
    second = client.post("/api/devices/enroll", json={"code": code, "public_key": key})
    assert first.status_code == 201
    assert second.status_code == 400 and body(second)["reason"] == "enroll_code_invalid"


def test_expired_enrollment_code_is_refused(app, client, token):
    from datetime import timedelta
    from sqlalchemy import update
    from backend.identity.models import EnrollCode
    sup = token("super1")
    code = body(client.post("/api/devices/enroll-codes", json={"site_id": "hv"},
                            headers={"Authorization": f"Bearer {sup}"}))["code"]
    with app.app_context(), database().write() as s:
        s.execute(update(EnrollCode).values(expires_at=EnrollCode.expires_at - timedelta(minutes=11)))
    from sync.device import Device, public_jwk
    r = client.post("/api/devices/enroll", json={"code": code, "public_key": public_jwk(Device(space="hv").key)})
    assert r.status_code == 400 and body(r)["reason"] == "enroll_code_invalid"


@pytest.mark.parametrize("key", [
    {"kty": "RSA", "crv": "P-256", "x": "a" * 43, "y": "a" * 43},
    {"kty": "EC", "crv": "P-256", "x": "A" * 43, "y": "A" * 43},  # not a point on the curve
])
def test_enrollment_with_a_bad_public_key_is_refused(client, token, key):
    sup = token("super1")
    code = body(client.post("/api/devices/enroll-codes", json={"site_id": "hv"},
                            headers={"Authorization": f"Bearer {sup}"}))["code"]
    r = client.post("/api/devices/enroll", json={"code": code, "public_key": key})
    assert r.status_code == 422 and set(body(r)) == ENVELOPE


def test_unknown_route_and_method_use_the_envelope(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and set(body(r)) == ENVELOPE
    r = client.delete("/api/auth/me")
    assert r.status_code == 405 and set(body(r)) == ENVELOPE


def test_a_chunked_body_over_the_limit_is_413_not_invalid_json(app, client, phone):
    """No Content-Length: Werkzeug cuts the stream at MAX_CONTENT_LENGTH; the gate says why."""
    phone.write("log.entry", {"category": "general", "text": "hello"})
    before = snapshot(app)
    data = json.dumps(bad_push(phone, padding="x" * (3 * 1024 * 1024))).encode()
    r = client.post("/api/sync/push", input_stream=io.BytesIO(data),
                    headers={**phone.headers, "Content-Type": "application/json", "Transfer-Encoding": "chunked"},
                    environ_overrides={"wsgi.input_terminated": True})
    assert r.status_code == 413 and body(r)["reason"] == "batch_too_large"
    assert snapshot(app) == before


@pytest.mark.parametrize("path", ["/api/devices?site_id=h%00v", "/api/devices/a%00b/revoke"])
def test_nul_in_a_url_is_a_400_before_any_query(client, token, path):
    headers = {"Authorization": f"Bearer {token('super1')}"}
    r = client.get(path, headers=headers) if "revoke" not in path else client.post(path, headers=headers)
    assert r.status_code == 400 and body(r)["reason"] == "invalid_text" and set(body(r)) == ENVELOPE
