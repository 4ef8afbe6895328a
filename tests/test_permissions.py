"""Every endpoint x every role: who may, who may not, and the envelope they get."""
import pytest

from backend.domain import build_registry
from backend.domains import DOMAINS
from backend.records.listing import listed_kinds
from tests.phone import Phone, body, login

ROLES = ["anonymous", "guard1", "packer1", "desk1", "super1", "admin"]
EVERYONE = {"guard1", "packer1", "desk1", "super1", "admin"}
AT_HV = {"guard1", "desk1", "super1", "admin"}  # packer1 works at the warehouse only


def _repair_case(ctx) -> str:
    """A product repair with its item received (the receipt exists), made once per test."""
    if "repair_case" not in ctx:
        phone = Phone(ctx["client"])
        phone.sign_in("desk1")
        m = phone.write("case.open", {"type": "product_repair", "channel": "visit", "person": "customer",
                                      "name": "Ms Chow", "matter": "Clasp broken"})
        phone.write("case.repair", {"case_id": m["id"], "step": "receive", "item_code": "BR-1", "part": "Clasp",
                                    "material": "gold", "in_house": True})
        assert [r["status"] for r in phone.sync()] == ["applied", "applied"]
        ctx["repair_case"] = m["id"]
    return ctx["repair_case"]


def _entry_list(ctx):
    return "GET", "/api/log/entries?site_id=hv", None


ENDPOINTS = {
    # name: (allowed users, request builder)
    "me": (EVERYONE, lambda ctx: ("GET", "/api/auth/me", None)),
    "sites": (EVERYONE, lambda ctx: ("GET", "/api/sites", None)),
    "logout": (EVERYONE, lambda ctx: ("POST", "/api/auth/logout", None)),
    "enroll_code": ({"super1", "admin"}, lambda ctx: ("POST", "/api/devices/enroll-codes", {"site_id": "hv"})),
    "devices": ({"super1", "admin"}, lambda ctx: ("GET", "/api/devices?site_id=hv", None)),
    "revoke": ({"super1", "admin"}, lambda ctx: ("POST", f"/api/devices/{ctx['spare_device']}/revoke", None)),
    "log_entries": ({"guard1", "desk1", "super1", "admin"}, _entry_list),
    "review_items": ({"super1", "admin"}, lambda ctx: ("GET", "/api/review/items?site_id=hv", None)),
    "awaiting_review": ({"super1", "admin"}, lambda ctx: ("GET", "/api/records/awaiting?site_id=hv", None)),
    "awaiting_review_day": ({"super1", "admin"},
                            lambda ctx: ("GET", "/api/records/awaiting/day?site_id=hv&day=2026-11-29", None)),
    "users": ({"admin"}, lambda ctx: ("GET", "/api/users", None)),
    "add_user": ({"admin"}, lambda ctx: ("POST", "/api/users", {
        "username": f"new{ctx['n']}", "name": "N", "password": "long-enough", "role": "guard", "site_ids": ["hv"]})),
    "deactivate": ({"admin"}, lambda ctx: ("POST", f"/api/users/{ctx['victim']}/deactivate", {"reason": "left"})),
    "push": (AT_HV, lambda ctx: ("POST", "/api/sync/push", {
        "device_id": ctx["phone"].device.id, "client_time": ctx["phone"].device.now(), "mutations": []})),
    "pull": (AT_HV, lambda ctx: ("GET", "/api/sync/pull", None)),
    # checkpoint codes (issue 7): guards read checkpoints without codes; the codes, QR and labels are supervisors'
    "checkpoints": ({"guard1", "super1", "admin"}, lambda ctx: ("GET", "/api/patrol/checkpoints?site_id=hv", None)),
    "checkpoint_qr": ({"super1", "admin"}, lambda ctx: ("GET", f"/api/patrol/checkpoints/{ctx['checkpoint']}/qr.png", None)),
    "checkpoint_label": ({"super1", "admin"},
                         lambda ctx: ("GET", f"/api/patrol/checkpoints/{ctx['checkpoint']}/label.pdf", None)),
    "label_sheet": ({"super1", "admin"}, lambda ctx: ("GET", "/api/patrol/labels.pdf?site_id=hv", None)),
    # the desk's shift changes and their handovers (issue 11 item 8)
    "desk_shifts": ({"desk1", "super1", "admin"}, lambda ctx: ("GET", "/api/desk/shifts?site_id=hv", None)),
    # set-up screens (issue 13): patrol set-up by supervisors, sites and users by admins, the change log
    "add_checkpoint": ({"super1", "admin"}, lambda ctx: ("POST", "/api/patrol/checkpoints", {"site_id": "hv", "name": "X"})),
    "edit_checkpoint": ({"super1", "admin"}, lambda ctx: (
        "PATCH", f"/api/patrol/checkpoints/{ctx['checkpoint']}", {"location": "B2", "reason": "moved"})),
    "checkpoint_new_code": ({"super1", "admin"}, lambda ctx: (
        "POST", f"/api/patrol/checkpoints/{ctx['checkpoint']}/new-code", {"reason": "lost"})),
    "schedule_preview": ({"super1", "admin"}, lambda ctx: (
        "POST", "/api/patrol/schedules/preview", {"site_id": "hv", "times": ["23:00"], "window_minutes": 120})),
    "changes": ({"super1", "admin"}, lambda ctx: ("GET", "/api/changes?site_id=hv", None)),
    "changes_everywhere": ({"admin"}, lambda ctx: ("GET", "/api/changes", None)),
    "site": ({"super1", "admin"}, lambda ctx: ("GET", "/api/sites/hv", None)),
    "add_site": ({"admin"}, lambda ctx: ("POST", "/api/sites", {"id": "new-site", "name": "New"})),
    "edit_site": ({"admin"}, lambda ctx: ("PATCH", "/api/sites/hv", {"name_zh": "海景", "reason": "Chinese name"})),
    "edit_user": ({"admin"}, lambda ctx: ("PATCH", f"/api/users/{ctx['victim']}", {"name": "W", "reason": "typo"})),
    "reset_password": ({"admin"}, lambda ctx: ("POST", f"/api/users/{ctx['victim']}/reset-password", {"reason": "forgot"})),
    # cases (issue 12): the desk (customer service) and supervisors; the board's overdue list
    "cases_overdue": ({"desk1", "super1", "admin"}, lambda ctx: ("GET", "/api/cases/overdue?site_id=hv", None)),
    "cases_callback_plan": ({"desk1", "super1", "admin"}, lambda ctx: ("GET", "/api/cases/callback-plan?site_id=hv", None)),
    "cases_quarterly_pdf": ({"desk1", "super1", "admin"},
                            lambda ctx: ("GET", "/api/cases/quarterly.pdf?site_id=hv&quarter=2026-Q3", None)),
    "customers_wanted": ({"desk1", "super1", "admin"}, lambda ctx: ("GET", "/api/customers/wanted?site_id=hv", None)),
    "cases_repair_receipt": ({"desk1", "super1", "admin"},
                             lambda ctx: ("GET", f"/api/cases/{_repair_case(ctx)}/repair-receipt.pdf", None)),
}

# Records at a desk (issue 13 item 2): every listed kind, listed and exported, by exactly the
# roles that pull it, at a site they work at (packers' kinds at the warehouse, the rest at hv).
WORKS_AT = {"hv": AT_HV, "wh": {"packer1", "super1", "admin"}}
ROLE_OF_USER = {"guard1": "guard", "desk1": "frontdesk", "packer1": "packer", "super1": "supervisor", "admin": "admin"}


def _visit(ctx):
    """A visit at hv to read the history of (written once per test by guard1 on a phone of its own)."""
    if "visit" not in ctx:
        phone = Phone(ctx["phone"].client)
        phone.sign_in("guard1")
        ctx["visit"] = phone.write("gate.visitor_in", {"name": "Mr Lam", "id_type": "hkid", "id_last4": "123A",
                                                       "unit": "12B", "purpose": "plumbing"})["id"]
        phone.sync()
    return ctx["visit"]


ENDPOINTS["desk_kinds"] = (EVERYONE, lambda ctx: ("GET", "/api/records/kinds", None))
ENDPOINTS["desk_history"] = ({"guard1", "super1", "admin"},
                             lambda ctx: ("GET", f"/api/records/gate.visit/{_visit(ctx)}/history", None))
for _kind, _listed in sorted(listed_kinds(DOMAINS).items()):
    _site = "wh" if "packer" in _listed.readers else "hv"
    _who = {u for u in WORKS_AT[_site] if ROLE_OF_USER[u] in _listed.readers}
    ENDPOINTS[f"desk_list:{_kind}"] = (_who, lambda ctx, k=_kind, s=_site: ("GET", f"/api/records/{k}?site_id={s}", None))
    ENDPOINTS[f"desk_csv:{_kind}"] = (_who, lambda ctx, k=_kind, s=_site: ("GET", f"/api/records/{k}.csv?site_id={s}", None))


@pytest.fixture
def ctx(client):
    phone = Phone(client)
    spare = Phone(client)
    victim = login(client, "guard2")["user"]["id"]
    r = client.post("/api/patrol/checkpoints", json={"site_id": "hv", "name": "Gate"},
                    headers={"Authorization": "Bearer " + login(client, "admin")["token"]})
    return {"phone": phone, "spare_device": spare.device.id, "n": 0, "victim": victim,
            "checkpoint": body(r)["id"], "client": client}


def call(client, ctx, user, endpoint):
    method, path, json = ENDPOINTS[endpoint][1](ctx)
    headers = {}
    if user != "anonymous":
        device = ctx["phone"].device_token if user in AT_HV else None
        headers["Authorization"] = "Bearer " + login(client, user, device)["token"]
        if device:  # a sign-in made on a phone works only beside its device token
            headers["X-Device-Token"] = device
    if endpoint in {"push", "pull"}:
        headers["X-Device-Token"] = ctx["phone"].device_token
    return client.open(path, method=method, json=json, headers=headers)


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize("user", ROLES)
def test_permission_matrix(client, ctx, user, endpoint):
    r = call(client, ctx, user, endpoint)
    allowed = ENDPOINTS[endpoint][0]
    if user in allowed:
        assert r.status_code < 300, (r.status_code, r.get_json())
    else:
        expected = 401 if user == "anonymous" else 403
        assert r.status_code == expected, (r.status_code, r.get_json())
        env = r.get_json()
        assert set(env) == {"code", "status", "message", "reason", "errors"} and env["code"] == expected


@pytest.mark.parametrize("endpoint", ["push", "pull"])
def test_revoked_device_is_refused_at_once(client, token, endpoint):
    phone = Phone(client)
    phone.sign_in("guard1")
    phone.write("log.entry", {"category": "general", "text": "before the loss"})
    r = client.post(f"/api/devices/{phone.device.id}/revoke", headers={"Authorization": f"Bearer {token('super1')}"})
    assert r.status_code == 200 and body(r)["revoked"] is True
    r = phone.push() if endpoint == "push" else phone.pull()
    assert r.status_code == 401 and body(r)["reason"] == "device_revoked"


def test_guard_cannot_read_another_sites_log(client, token):
    r = client.get("/api/log/entries?site_id=wh", headers={"Authorization": f"Bearer {token('guard1')}"})
    assert r.status_code == 403 and body(r)["reason"] == "site_forbidden"


def test_supervisor_cannot_enroll_phones_at_a_site_they_do_not_work_at(client, token):
    r = client.post("/api/users", json={"username": "sup2", "name": "S", "password": "long-enough",
                                        "role": "supervisor", "site_ids": ["wh"]},
                    headers={"Authorization": f"Bearer {token('admin')}"})
    assert r.status_code == 201
    sup2 = client.post("/api/auth/login", json={"username": "sup2", "password": "long-enough"})
    r = client.post("/api/devices/enroll-codes", json={"site_id": "hv"},
                    headers={"Authorization": f"Bearer {body(sup2)['token']}"})
    assert r.status_code == 403 and body(r)["reason"] == "site_forbidden"


@pytest.mark.parametrize("user", sorted(EVERYONE))
def test_checkpoint_codes_reach_supervisors_and_admins_only(client, ctx, user):
    r = call(client, ctx, user, "checkpoints")
    if user not in ENDPOINTS["checkpoints"][0]:
        assert r.status_code == 403
        return
    [cp] = [c for c in body(r) if c["id"] == ctx["checkpoint"]]
    assert ("code" in cp) is (user in {"super1", "admin"}) and len(cp["code_hash"]) == 64


@pytest.mark.parametrize("endpoint", sorted(set(ENDPOINTS) - {"logout"}))
def test_a_revoked_phones_sign_in_is_refused_on_every_endpoint(client, ctx, token, endpoint):
    """Issue 7 finding 1: a sign-in made on a phone ends with the phone."""
    phone = Phone(client)
    phone.sign_in("super1")
    r = client.post(f"/api/devices/{phone.device.id}/revoke", headers={"Authorization": f"Bearer {token('admin')}"})
    assert r.status_code == 200
    method, path, json = ENDPOINTS[endpoint][1](ctx | {"phone": phone})
    for headers in (phone.headers, {"Authorization": phone.headers["Authorization"]}):
        r = client.open(path, method=method, json=json, headers=headers)
        assert r.status_code == 401, (endpoint, r.status_code, body(r))


REGISTRY = build_registry(DOMAINS)
APPROVALS = sorted(k for k, spec in REGISTRY.kinds.items() if spec.approval)
ROLE_OF = {"guard1": "guard", "desk1": "frontdesk", "packer1": "packer", "super1": "supervisor", "admin": "admin"}


@pytest.mark.parametrize("kind", APPROVALS)
@pytest.mark.parametrize("user", sorted(ROLE_OF))
def test_approvals_need_their_signers_own_proof(client, user, kind):
    """Issue 7 finding 2: who may send an approval, and only with their own proof (PROTOCOL.md P8)."""
    phone = Phone(client, site="wh" if user == "packer1" else "hv")
    uid = phone.sign_in(user)
    phone.device.record(kind, uid, {})   # no user_sig
    [out] = phone.sync()
    expected = "signer_unproven" if ROLE_OF[user] in REGISTRY.kinds[kind].roles else "forbidden"
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == expected
