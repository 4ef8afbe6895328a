"""Rounds through the sync API: scans refused on bad codes, repeats recorded once, flags raised."""
from __future__ import annotations

from tests.patrol.conftest import HOUR, add_checkpoint, add_schedule, local, minute_floor, now_ms, push, reasons
from tests.phone import bearer, body


def start(phone, site, occurred_at=None, **extra):
    return phone.write("patrol.round_start", {"route_id": site.route["id"], **extra}, occurred_at=occurred_at)


def scan(phone, rnd, cp, occurred_at=None, **extra):
    return phone.write("patrol.scan", {"round_id": rnd["id"], "code": cp["qr"], **extra}, occurred_at=occurred_at)


def test_a_forged_code_is_refused(phone, site):
    rnd = start(phone, site)
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": "gatehouse:checkpoint:AAAAAAAAAAAAAAAA"})
    out = push(phone)
    assert out[1]["status"] == "rejected" and reasons(out[1]) == {"checkpoint_unknown"}


def test_another_sites_checkpoint_is_refused(client, sup, phone, site):
    dock = add_checkpoint(client, sup, site_id="wh", name="Dock door")
    rnd = start(phone, site)
    scan(phone, rnd, dock)
    out = push(phone)
    assert out[1]["status"] == "rejected" and reasons(out[1]) == {"checkpoint_other_site"}


def test_a_repeated_scan_in_one_round_is_recorded_once(phone, site):
    rnd = start(phone, site)
    first = scan(phone, rnd, site.c)
    scan(phone, rnd, site.c, note="checked twice")
    out = push(phone)
    assert [o["status"] for o in out] == ["applied"] * 3
    assert out[2]["result"] == {"scan_id": first["id"], "repeated": True}
    phone.pull_all()
    assert phone.of_kind("patrol.round")[rnd["id"]]["scanned"] == {site.c["id"]: first["id"]}
    assert phone.of_kind("patrol.scan") == {}   # read online, not pulled
    detail = body(phone.client.get(f"/api/patrol/rounds/{rnd['id']}", headers=phone.headers))
    assert [s["id"] for s in detail["scans"]] == [first["id"]]
    assert detail["scans"][0]["repeats"][0]["note"] == "checked twice"
    assert detail["status"]["done"] == [site.c["id"]] and detail["status"]["status"] == "open"


def test_code_without_prefix_and_progress(phone, site):
    rnd = start(phone, site)
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.a["code"]})
    out = push(phone)
    assert out[1]["result"]["left"] == 2


def test_scan_needs_a_started_round(phone, site):
    phone.write("patrol.scan", {"round_id": "no-such-round", "code": site.a["qr"]})
    assert reasons(push(phone)[0]) == {"round_unknown"}


def test_faster_than_walking_is_flagged(phone, site):
    t = now_ms() - 60_000
    rnd = start(phone, site, occurred_at=t)
    scan(phone, rnd, site.a, occurred_at=t + 1000)
    scan(phone, rnd, site.b, occurred_at=t + 21_000)  # 500 m in 20 s
    out = push(phone)
    assert out[1]["status"] == "applied"
    assert out[2]["status"] == "flagged" and reasons(out[2]) == {"too_fast"}


def test_same_checkpoint_two_devices_same_time_is_flagged(make_phone, site):
    one, two = make_phone("guard1"), make_phone("guard2")
    r1, r2 = start(one, site), start(two, site)
    scan(one, r1, site.a)
    scan(two, r2, site.a)
    assert push(one)[1]["status"] == "applied"
    out = push(two)
    assert out[1]["status"] == "flagged" and reasons(out[1]) == {"two_devices"}


def test_random_order_must_be_the_routes_checkpoints(phone, site):
    ids = [c["id"] for c in site.cps]
    start(phone, site, order=list(reversed(ids)))
    start(phone, site, order=ids[:2])
    out = push(phone)
    assert out[0]["status"] == "applied" and reasons(out[1]) == {"invalid_payload"}


def test_a_phone_two_hours_slow_still_scans_on_time(client, sup, phone, site):
    now = now_ms()
    slot = minute_floor(now)
    sched = add_schedule(client, sup, site.route["id"], [local(slot).strftime("%H:%M")], window=60)
    phone.device.clock_offset_ms = -2 * HOUR     # the phone's clock is two hours behind
    rnd = start(phone, site, schedule_id=sched["id"])
    for cp in site.cps:
        scan(phone, rnd, cp)
    out = push(phone)
    assert all("clock_skew" in reasons(o) for o in out)           # flagged by the core, never dropped
    assert out[0]["result"]["slot_start"] == slot                 # matched by corrected time
    s = body(client.get(f"/api/patrol/rounds/{rnd['id']}", headers=sup))["scans"][0]
    assert abs(s["corrected_at"] - s["device_at"] - 2 * HOUR) < 5000
    assert {"clock_off"} <= {f["code"] for f in s["flags"]}
    board = body(client.get(f"/api/patrol/board?site_id=hv&day={local(slot).date()}", headers=sup))
    mine = [r for r in board["rounds"]["timeline"] if r["schedule_id"] == sched["id"]]
    assert [r["status"] for r in mine] == ["complete"]


def test_scans_inside_the_window_synced_late_are_on_time(client, sup, phone, site):
    slot = minute_floor(now_ms() - 3 * HOUR)
    missed_slot = minute_floor(now_ms() - 5 * HOUR)
    sched = add_schedule(client, sup, site.route["id"],
                         [local(slot).strftime("%H:%M"), local(missed_slot).strftime("%H:%M")], window=60)
    rnd = start(phone, site, occurred_at=slot + 60_000, schedule_id=sched["id"], slot_start=slot)
    for minutes, cp in zip((40, 59, 80), site.cps):   # the window is 60 minutes: the last scan is late
        scan(phone, rnd, cp, occurred_at=slot + minutes * 60_000)
    assert all(o["status"] == "applied" for o in push(phone)[:3])
    for day in sorted({local(slot).date(), local(missed_slot).date()}):
        board = body(client.get(f"/api/patrol/board?site_id=hv&day={day}", headers=sup))
        for r in board["rounds"]["timeline"]:
            if r["start"] == slot:
                assert r["status"] == "late" and r["done"] == 2 and r["late"] == 1 and r["synced_late"] == 2
            if r["start"] == missed_slot:
                assert r["status"] == "missed"


def test_a_retired_checkpoint_is_not_due(client, sup, phone, site):
    r = client.patch(f"/api/patrol/checkpoints/{site.c['id']}", json={"active": False, "reason": "door bricked up"}, headers=sup)
    assert r.status_code == 200 and body(r)["active"] is False
    phone.pull_all()
    assert phone.of_kind("patrol.route")[site.route["id"]]["due_checkpoint_ids"] == [site.a["id"], site.b["id"]]
    t = now_ms() - 20 * 60_000
    rnd = start(phone, site, occurred_at=t)
    scan(phone, rnd, site.a, occurred_at=t)
    scan(phone, rnd, site.b, occurred_at=t + 600_000)   # ten minutes later: a walk
    scan(phone, rnd, site.c, occurred_at=t + 610_000)
    out = push(phone)
    assert out[0]["result"]["slot_start"] and out[2]["result"]["left"] == 0
    assert reasons(out[3]) == {"checkpoint_retired"}


def test_a_scan_of_a_checkpoint_off_the_route_is_flagged(client, sup, phone, site):
    extra = add_checkpoint(client, sup, name="Pump room")
    rnd = start(phone, site)
    scan(phone, rnd, extra)
    assert reasons(push(phone)[1]) == {"not_on_route"}


def test_round_detail_is_for_the_sites_people(client, token, phone, site):
    rnd = start(phone, site)
    push(phone)
    assert client.get(f"/api/patrol/rounds/{rnd['id']}", headers=bearer(token("packer1"))).status_code == 403
    assert client.get(f"/api/patrol/rounds/{rnd['id']}", headers=bearer(token("guard2"))).status_code == 200
    assert client.get("/api/patrol/rounds/nope", headers=bearer(token("guard2"))).status_code == 404


def test_a_round_across_midnight_is_reported_on_its_start_day(client, sup, phone, site):
    from datetime import datetime, time as dtime
    midnight = datetime.combine(local(now_ms() - HOUR).date(), dtime(0, 0), local(now_ms()).tzinfo)
    m = int(midnight.timestamp() * 1000)                     # the last local midnight at least an hour ago
    sched = add_schedule(client, sup, site.route["id"], ["23:30"], window=60)
    rnd = start(phone, site, occurred_at=m - 25 * 60_000, schedule_id=sched["id"])   # 23:35, no slot named
    for minutes, cp in zip((-20, -5, 10), site.cps):                                   # 23:40, 23:55, 00:10
        scan(phone, rnd, cp, occurred_at=m + minutes * 60_000)
    out = push(phone)
    assert out[0]["result"]["slot_start"] == m - 30 * 60_000 and all(o["status"] == "applied" for o in out)
    day = local(m - 30 * 60_000).date()
    board = body(client.get(f"/api/patrol/board?site_id=hv&day={day}", headers=sup))
    mine = [r for r in board["rounds"]["timeline"] if r["schedule_id"] == sched["id"] and r["start"] == m - 30 * 60_000]
    assert [(r["status"], r["done"]) for r in mine] == [("complete", 3)]
    csv_text = client.get(f"/api/patrol/report?site_id=hv&day={day}&format=csv", headers=sup).data.decode("utf-8-sig")
    assert csv_text.count("\nScan,") == 3
