"""Sites and users set up by an administrator: every change logged with who, when, why
and a version; a password reset gives a one-time code that signs in once, with a new password."""
from __future__ import annotations

from tests.phone import Phone, bearer, body, login


def admin(token) -> dict:
    return bearer(token("admin"))


def test_site_settings_names_and_time_zone_are_changed_with_a_reason(client, token):
    h = admin(token)
    r = client.post("/api/sites", json={"id": "ks", "name": "Kowloon Store", "name_zh": "九龍倉", "tz": "Asia/Taipei",
                                        "settings": {"pass_max_days": 30}, "reason": "new contract"}, headers=h)
    assert r.status_code == 201, body(r)
    assert client.post("/api/sites", json={"id": "ks", "name": "Again"}, headers=h).status_code == 409
    assert client.post("/api/sites", json={"id": "xx", "name": "X", "tz": "Mars/Base"}, headers=h).status_code == 422
    assert client.patch("/api/sites/ks", json={"name": "Kowloon"}, headers=h).status_code == 422  # no reason
    for bad in ({"photo_keep_days": "a week"}, {"photo_keep_days": 0}, {"photo_keep_days": True}):
        r = client.patch("/api/sites/ks", json={"settings": bad, "reason": "shorter"}, headers=h)
        assert r.status_code == 422, body(r)
    r = client.patch("/api/sites/ks", json={"tz": "Nowhere/City", "reason": "moved"}, headers=h)
    assert r.status_code == 422 and body(r)["reason"] == "tz_unknown"
    r = client.patch("/api/sites/ks", json={"name": "Kowloon", "settings": {"pass_max_days": None, "gates": ["N"]},
                                            "reason": "renamed by the owner"}, headers=h)
    assert r.status_code == 200, body(r)
    assert body(r)["settings"] == {"gates": ["N"]} and body(r)["tz"] == "Asia/Taipei"
    log = body(client.get("/api/changes?site_id=ks&subject=site", headers=h))["changes"]
    assert [(c["version"], c["action"], c["reason"]) for c in log] == [(2, "edited", "renamed by the owner"),
                                                                       (1, "created", "new contract")]
    assert log[0]["changes"]["name"] == ["Kowloon Store", "Kowloon"]
    assert client.patch("/api/sites/hv", json={"name": "X", "reason": "r"}, headers=bearer(token("super1"))).status_code == 403
    assert body(client.get("/api/sites/hv", headers=bearer(token("super1"))))["id"] == "hv"
    assert client.get("/api/sites/wh", headers=bearer(token("guard1"))).status_code == 403


def test_a_users_role_and_sites_change_and_the_rosters_follow(client, token):
    h = admin(token)
    phone = Phone(client)
    phone.sign_in("guard1")
    phone.pull_all()
    r = client.post("/api/users", json={"username": "guard9", "name": "Lam Wai", "password": "long-enough",
                                        "role": "guard", "site_ids": ["hv"], "reason": "new hire"}, headers=h)
    uid = body(r)["id"]
    phone.pull_all()
    assert phone.of_kind("site.member")[f"hv:{uid}"]["name"] == "Lam Wai"
    r = client.patch(f"/api/users/{uid}", json={"role": "frontdesk", "site_ids": ["wh"]}, headers=h)
    assert r.status_code == 422  # no reason
    r = client.patch(f"/api/users/{uid}", json={"site_ids": ["nowhere"], "reason": "x"}, headers=h)
    assert r.status_code == 404
    r = client.patch(f"/api/users/{uid}", json={"role": "frontdesk", "site_ids": ["wh"], "reason": "moved to the warehouse"},
                     headers=h)
    assert r.status_code == 200, body(r)
    assert [s["id"] for s in body(r)["sites"]] == ["wh"] and body(r)["role"] == "frontdesk"
    phone.pull_all()
    assert f"hv:{uid}" not in phone.of_kind("site.member")
    log = body(client.get(f"/api/changes?subject=user&subject_id={uid}", headers=h))["changes"]
    assert log[0]["changes"] == {"role": ["guard", "frontdesk"], "site_ids": [["hv"], ["wh"]]}
    assert log[0]["by"]["name"] == "Site Administrator" and log[0]["site_id"] is None
    me = login(client, "admin")["user"]["id"]
    r = client.patch(f"/api/users/{me}", json={"role": "guard", "reason": "oops"}, headers=h)
    assert r.status_code == 409


def test_the_users_list_shows_each_ones_phones(client, token):
    phone = Phone(client)
    phone.sign_in("guard1")
    users = {u["username"]: u for u in body(client.get("/api/users", headers=admin(token)))}
    assert [p["id"] for p in users["guard1"]["phones"]] == [phone.device.id]
    assert users["guard1"]["active"] is True and users["packer1"]["phones"] == []


def test_a_reset_code_signs_in_once_with_a_new_password(client, token):
    h = admin(token)
    guard = login(client, "guard2")
    uid = guard["user"]["id"]
    assert client.post(f"/api/users/{uid}/reset-password", json={}, headers=h).status_code == 422
    r = client.post(f"/api/users/{uid}/reset-password", json={"reason": "forgot it"}, headers=h)
    assert r.status_code == 200, body(r)
    code = body(r)["code"]
    assert client.get("/api/auth/me", headers=bearer(guard["token"])).status_code == 401  # sign-ins ended
    r = client.post("/api/auth/login", json={"username": "guard2", "password": "gatehouse-demo"})
    assert r.status_code == 401  # the old password is gone
    r = client.post("/api/auth/login", json={"username": "guard2", "password": code})
    assert r.status_code == 409 and body(r)["reason"] == "password_change_required"
    r = client.post("/api/auth/login", json={"username": "guard2", "password": code, "new_password": "short"})
    assert r.status_code == 422
    r = client.post("/api/auth/login", json={"username": "guard2", "password": code, "new_password": "my-new-secret"})
    assert r.status_code == 200, body(r)
    # Spent: the code no longer signs in; the new password does.
    assert client.post("/api/auth/login", json={"username": "guard2", "password": code,
                                                "new_password": "another-one"}).status_code == 401
    assert client.post("/api/auth/login", json={"username": "guard2", "password": "my-new-secret"}).status_code == 200
    log = body(client.get(f"/api/changes?subject=user&subject_id={uid}", headers=h))["changes"]
    assert log[0]["action"] == "password_reset" and code not in str(log)
    me = login(client, "admin")["user"]["id"]
    assert client.post(f"/api/users/{me}/reset-password", json={"reason": "x"}, headers=h).status_code == 409


def test_an_unused_reset_code_expires(client, token, app):
    from datetime import timedelta

    from backend.db import database
    from backend.identity.models import User
    from backend.identity.service import utcnow
    uid = login(client, "guard2")["user"]["id"]
    code = body(client.post(f"/api/users/{uid}/reset-password", json={"reason": "forgot"}, headers=admin(token)))["code"]
    with app.app_context(), database().write() as s:
        s.get(User, uid).password_reset_until = utcnow() - timedelta(minutes=1)
    r = client.post("/api/auth/login", json={"username": "guard2", "password": code, "new_password": "my-new-secret"})
    assert r.status_code == 401


def test_a_phone_learns_of_its_sites_new_names_at_its_next_pull(client, token):
    phone = Phone(client)
    phone.sign_in("guard1")
    r = client.patch("/api/sites/hv", json={"name_zh": "海景花園", "settings": {"photo_keep_days": 3},
                                            "reason": "owner's new name"}, headers=admin(token))
    assert r.status_code == 200, body(r)
    phone.pull_all()
    info = phone.of_kind("site.info")["hv"]
    assert info["name_zh"] == "海景花園" and info["photo_keep_days"] == 3 and info["tz"] == "Asia/Hong_Kong"


def test_a_new_site_refused_names_the_field_and_nothing_is_made(client, token):
    """The set-up screen shows each refusal at its field: an id taken or malformed, an unknown time zone."""
    h = admin(token)
    r = client.post("/api/sites", json={"id": "hv", "name": "Harbour again", "tz": "Asia/Hong_Kong"}, headers=h)
    assert r.status_code == 409 and body(r)["reason"] == "site_exists" and body(r)["errors"] == {"id": ["taken"]}
    r = client.post("/api/sites", json={"id": "New Site", "name": "N"}, headers=h)
    assert r.status_code == 422 and body(r)["reason"] == "invalid_input" and list(body(r)["errors"]) == ["id"]
    r = client.post("/api/sites", json={"id": "ns", "name": "N", "tz": "Hong Kong"}, headers=h)
    assert r.status_code == 422 and body(r)["reason"] == "tz_unknown" and body(r)["errors"] == {"tz": ["unknown"]}
    assert client.post("/api/sites", json={"id": "ns", "name": "N"}, headers=bearer(token("super1"))).status_code == 403
    assert "ns" not in [s["id"] for s in body(client.get("/api/sites", headers=h))]
    assert body(client.get("/api/sites/hv", headers=h))["name"] == "Harbour View Estate"
    r = client.post("/api/sites", json={"id": "ns", "name": "North Store", "name_zh": "北倉", "tz": "Asia/Macau"}, headers=h)
    assert r.status_code == 201 and body(r)["tz"] == "Asia/Macau"
    assert "ns" in [s["id"] for s in body(client.get("/api/sites", headers=h))]


def test_deactivating_someone_needs_a_real_reason_and_a_blank_one_changes_nothing(client, token):
    users = {u["username"]: u for u in body(client.get("/api/users", headers=admin(token)))}
    guard2 = users["guard2"]["id"]
    for reason in ("", "   ", None):
        r = client.post(f"/api/users/{guard2}/deactivate", json={} if reason is None else {"reason": reason},
                        headers=admin(token))
        assert r.status_code == 422 and "reason" in body(r)["errors"], reason
    assert {u["username"]: u for u in body(client.get("/api/users", headers=admin(token)))}["guard2"]["active"]
    r = client.post(f"/api/users/{guard2}/deactivate", json={"reason": "left the company"}, headers=admin(token))
    assert r.status_code == 200 and body(r)["active"] is False
