"""Issue 7 finding 3: a guard cannot fake a round without walking it.

Phones get only a salted hash of each checkpoint code (enough to check a scan
offline), the codes themselves reach supervisors and admins only, each scan
records how its code was entered (a typed one is flagged), and the phone's own
location, when the guard allows it, feeds the walking-speed flag."""
from __future__ import annotations

import hashlib

from tests.patrol.conftest import add_checkpoint, now_ms, push, reasons
from tests.phone import bearer, body


def code_hash(checkpoint_id: str, code: str) -> str:
    return hashlib.sha256(f"{checkpoint_id}:{code}".encode()).hexdigest()


def test_phones_get_a_salted_hash_of_each_code_never_the_code(make_phone, site):
    for user in ("guard1", "super1"):
        phone = make_phone(user)
        phone.pull_all()
        pulled = phone.of_kind("patrol.checkpoint")
        assert set(pulled) == {c["id"] for c in site.cps}
        for cp in site.cps:
            data = pulled[cp["id"]]
            assert "code" not in data and "qr" not in data
            assert cp["code"] not in repr(data)
            assert data["code_hash"] == code_hash(cp["id"], cp["code"])  # checkable offline


def test_codes_are_readable_by_supervisors_and_admins_only(client, token, site):
    for user in ("guard1", "super1", "admin"):
        r = client.get("/api/patrol/checkpoints?site_id=hv", headers=bearer(token(user)))
        assert r.status_code == 200
        for cp in body(r):
            assert cp["code_hash"] == code_hash(cp["id"], next(c["code"] for c in site.cps if c["id"] == cp["id"]))
            if user == "guard1":
                assert "code" not in cp and "qr" not in cp
            else:
                assert cp["qr"] == "gatehouse:checkpoint:" + cp["code"]
    for path in (f"/api/patrol/checkpoints/{site.a['id']}/qr.png", f"/api/patrol/checkpoints/{site.a['id']}/label.pdf",
                 "/api/patrol/labels.pdf?site_id=hv"):
        assert client.get(path, headers=bearer(token("guard1"))).status_code == 403


def test_a_replaced_label_changes_the_hash_phones_hold(client, sup, make_phone, site):
    phone = make_phone("guard1")
    r = client.post(f"/api/patrol/checkpoints/{site.a['id']}/new-code", json={"reason": "label lost"}, headers=sup)
    fresh = body(r)["code"]
    phone.pull_all()
    assert phone.of_kind("patrol.checkpoint")[site.a["id"]]["code_hash"] == code_hash(site.a["id"], fresh)


def test_each_scan_records_its_source_and_a_typed_code_is_flagged(client, phone, site):
    rnd = phone.write("patrol.round_start", {"route_id": site.route["id"]})
    camera = phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.c["qr"], "source": "camera"})
    typed = phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.a["code"], "source": "typed"})
    out = push(phone)
    assert out[1]["status"] == "applied"
    assert out[2]["status"] == "flagged" and reasons(out[2]) == {"code_typed"}
    scans = {s["id"]: s for s in body(client.get(f"/api/patrol/rounds/{rnd['id']}", headers=phone.headers))["scans"]}
    assert scans[camera["id"]]["source"] == "camera" and scans[typed["id"]]["source"] == "typed"
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.b["qr"], "source": "guessed"})
    assert reasons(push(phone)[0]) == {"invalid_payload"}


def test_the_phones_location_feeds_the_walking_speed_flag(phone, site, client, sup):
    # Two checkpoints set up without GPS: only the phone can say where the guard was.
    d = add_checkpoint(client, sup, name="Pool gate")
    e = add_checkpoint(client, sup, name="Club house")
    t = now_ms() - 60_000
    rnd = phone.write("patrol.round_start", {"route_id": site.route["id"]}, occurred_at=t)
    first = phone.write("patrol.scan", {"round_id": rnd["id"], "code": d["qr"], "source": "camera",
                                        "lat": 22.3000, "lng": 114.1700}, occurred_at=t + 1000)
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": e["qr"], "source": "camera",
                                "lat": 22.3090, "lng": 114.1700}, occurred_at=t + 31_000)  # 1 km in 30 s
    out = push(phone)
    assert "too_fast" in reasons(out[2]), out[2]
    scans = {s["id"]: s for s in body(client.get(f"/api/patrol/rounds/{rnd['id']}", headers=phone.headers))["scans"]}
    assert scans[first["id"]]["gps"] == {"lat": 22.3, "lng": 114.17}
