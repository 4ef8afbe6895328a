"""After sync, what the gates saw is reconciled and the supervisor is alerted (issue 11
item 5): passback, the same pass at two gates, a pass used after its revocation and a
single-use permit used twice each open an item in the supervisors' review inbox (the
REST inbox and the review items a supervisor's phone pulls), with both times; nothing
is dropped (every scan is kept as a use)."""
from __future__ import annotations

from tests.passes.conftest import reasons, set_site
from tests.passes.test_passes import scan
from tests.passes.test_permits import consent, request
from tests.phone import body

FLAGS = {"passback", "two_gates", "used_after_revocation", "permit_used_twice"}


def test_every_after_sync_flag_reaches_the_supervisors_inbox(app, client, desk, issue, make_phone, token):
    set_site(app, gates=["main", "car_park"])
    a, b = make_phone("guard1"), make_phone("guard2")
    p = issue(gates=["main", "car_park"])
    a.pull_all()
    b.pull_all()                                   # both gates know the pass, then go offline together
    base = a.device.now()
    scan(a, p["token"], gate="main", occurred_at=base - 90_000)
    scan(b, p["token"], gate="car_park", occurred_at=base - 60_000)   # two gates, no exit between
    scan(a, p["token"], gate="main", direction="out", occurred_at=base - 50_000)
    scan(a, p["token"], gate="main", occurred_at=base - 40_000)
    scan(a, p["token"], gate="main", occurred_at=base - 30_000)       # in again, no exit: passback
    revoked = issue(name="Lam Tai Wing")
    b.pull_all()
    desk.write("pass.revoke", {"pass_id": revoked["id"], "reason": "contract ended"})
    desk.sync()
    scan(b, revoked["token"], gate="main")         # still offline: the phone let it in
    permit = request(desk)
    assert consent(desk, permit["id"])["status"] == "applied"
    permit_token = body(client.get(f"/api/permits/{permit['id']}/token", headers=desk.headers))["token"]
    for phone in (a, b):
        phone.write("permit.scan", {"token": permit_token, "gate": "main", "shown": "valid", "ticked": [0, 1]})
    out_a, out_b = a.sync(), b.sync()
    flagged = {c for r in out_a + out_b for c in reasons(r)}
    assert flagged == FLAGS
    assert len(out_a) == 5 and len(out_b) == 3      # every scan was taken in, none dropped

    sup = {"Authorization": f"Bearer {token('super1')}"}
    items = body(client.get("/api/review/items?site_id=hv", headers=sup))["items"]
    by_code = {r["code"]: i for i in items for r in i["reasons"]}
    assert FLAGS <= set(by_code)
    assert all(by_code[c]["status"] == "open" for c in FLAGS)
    assert "revoked" in by_code["used_after_revocation"]["reasons"][0]["detail"]
    assert "no exit between" in by_code["passback"]["reasons"][0]["detail"]
    assert by_code["permit_used_twice"]["mutation"]["kind"] == "permit.scan"
    assert {by_code[c]["mutation"]["kind"] for c in FLAGS - {"permit_used_twice"}} == {"pass.scan"}

    supervisor = make_phone("super1")
    supervisor.pull_all()                            # the supervisor's phone holds the same items
    pulled = {r["code"] for i in supervisor.of_kind("review.item").values() for r in i["reasons"]}
    assert FLAGS <= pulled
    guard_view = {r["code"] for i in a.of_kind("review.item").values() for r in i["reasons"]}
    assert not FLAGS & guard_view                    # the alert is the supervisors', not the guards'
    assert client.get("/api/review/items?site_id=hv", headers=desk.headers).status_code == 403
