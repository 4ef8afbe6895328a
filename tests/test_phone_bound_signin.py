"""Issue 7 finding 1: a sign-in made on a phone is bound to it. It works only
together with that phone's device token, and revoking the phone ends every
sign-in made on it at once (REST reads and enrolment codes too)."""
import pytest

from tests.phone import Phone, bearer, body, login

READS = [
    "/api/log/entries?site_id=hv",
    "/api/review/items?site_id=hv",
    "/api/patrol/board?site_id=hv",
    "/api/patrol/report?site_id=hv&format=csv",
    "/api/records/awaiting?site_id=hv",
    "/api/auth/me",
]


def test_a_revoked_phones_supervisor_sign_in_reads_nothing_and_enrols_nothing(client, token):
    phone_b = Phone(client)
    phone_b.sign_in("super1")
    on_b = phone_b.headers
    for path in READS:  # before: everything works, with B's device token
        assert client.get(path, headers=on_b).status_code == 200, path

    r = client.post(f"/api/devices/{phone_b.device.id}/revoke", headers=bearer(token("admin")))
    assert r.status_code == 200

    for path in READS:
        r = client.get(path, headers=on_b)
        assert r.status_code == 401 and body(r)["reason"] == "device_revoked", (path, body(r))
        # nor without the revoked phone's device token
        r = client.get(path, headers=bearer(phone_b.users["super1"][1]))
        assert r.status_code == 401, (path, body(r))
    r = client.post("/api/devices/enroll-codes", json={"site_id": "hv"}, headers=on_b)
    assert r.status_code == 401
    r = client.post("/api/devices/enroll-codes", json={"site_id": "hv"}, headers=bearer(phone_b.users["super1"][1]))
    assert r.status_code == 401


def test_a_phones_sign_in_needs_that_phones_device_token(client):
    a, b = Phone(client), Phone(client)
    a.sign_in("super1")
    user_token = a.users["super1"][1]
    r = client.get("/api/review/items?site_id=hv", headers=bearer(user_token))
    assert r.status_code == 401 and body(r)["reason"] == "device_token_missing"
    r = client.get("/api/review/items?site_id=hv", headers={**bearer(user_token), "X-Device-Token": b.device_token})
    assert r.status_code == 401 and body(r)["reason"] == "token_invalid"
    r = client.post("/api/sync/push", headers={**bearer(user_token), "X-Device-Token": b.device_token},
                    json={"device_id": b.device.id, "client_time": b.device.now(), "mutations": []})
    assert r.status_code == 401
    assert client.get("/api/review/items?site_id=hv", headers=a.headers).status_code == 200


def test_a_browser_sign_in_is_not_bound_to_any_phone(client, token):
    assert client.get("/api/review/items?site_id=hv", headers=bearer(token("super1"))).status_code == 200


@pytest.mark.parametrize("endpoint", ["rest", "push"])
def test_deactivating_a_user_ends_their_sign_ins_on_every_phone(client, token, endpoint):
    phone = Phone(client)
    guard2 = phone.sign_in("guard2")
    r = client.post(f"/api/users/{guard2}/deactivate", json={"reason": "left"}, headers=bearer(token("admin")))
    assert r.status_code == 200, body(r)
    r = (client.get("/api/log/entries?site_id=hv", headers=phone.headers) if endpoint == "rest" else phone.push())
    assert r.status_code == 401 and body(r)["reason"] == "token_invalid"
