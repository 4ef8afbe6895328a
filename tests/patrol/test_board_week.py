"""The board, finished (issue 13): late and missed rounds of the week by guard and by
checkpoint, and who is on site now."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from backend.db import database
from backend.patrol import board_routes
from backend.patrol.models import Schedule
from tests.patrol.conftest import HOUR, add_schedule, local, minute_floor, now_ms, push
from tests.phone import body


def test_late_and_missed_rounds_by_guard_and_by_checkpoint(app, client, sup, site, make_phone):
    # Two slots earlier today, both judged by now (window 30 min + grace 5 + the sync allowance).
    slot = minute_floor(now_ms() - 3 * HOUR)
    while local(slot + 90 * 60_000).date() != local(slot).date() or local(slot - HOUR).date() != local(slot).date():
        slot -= HOUR
    walked = add_schedule(client, sup, site.route["id"], [local(slot).strftime("%H:%M")], window=30, grace=5)
    nobody = add_schedule(client, sup, site.route["id"], [local(slot - HOUR).strftime("%H:%M")], window=30, grace=5)
    # Both were made just before those slots: yesterday's slots came before them, so they are not missed.
    made = datetime.fromtimestamp((slot - HOUR - 60_000) / 1000, timezone.utc).replace(tzinfo=None)
    with app.app_context(), database().write() as s:
        for sid in (walked["id"], nobody["id"]):
            s.get(Schedule, sid).created_at = made
    phone = make_phone("guard1")
    rnd = phone.write("patrol.round_start", {"route_id": site.route["id"], "schedule_id": walked["id"],
                                             "slot_start": slot}, occurred_at=slot + 60_000)
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.a["qr"]}, occurred_at=slot + 5 * 60_000)
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.b["qr"]}, occurred_at=slot + 50 * 60_000)  # late
    assert all(r["status"] in ("applied", "flagged") for r in push(phone))
    day = local(slot).date().isoformat()

    b = body(client.get(f"/api/patrol/board?site_id=hv&day={day}", headers=sup))
    lapses = b["lapses"]
    assert lapses["to"] == day and lapses["unattended_rounds"] == 1   # the earlier slot, and not the days before
    [guard] = lapses["by_guard"]
    assert guard == {"name": "Chan Tai Man", "rounds": 1, "late": 0, "incomplete": 1, "missed_checkpoints": 1}
    cps = {c["name"]: c for c in lapses["by_checkpoint"]}
    assert cps["Car park gate"]["late"] == 1 and cps["Car park gate"]["missed"] == 1   # late here, missed in the other
    assert cps["Roof door"]["missed"] == 2 and cps["Lobby fire hose"] == {**cps["Lobby fire hose"], "late": 0, "missed": 1}
    on_site = b["on_site"]
    assert [p["name"] for p in on_site["staff"]] == ["Chan Tai Man"] and on_site["staff"][0]["last"] == "scan"
    assert on_site["visitors"] == 0 and on_site["vehicles"] == 0


def test_a_schedule_made_at_noon_has_no_missed_rounds_that_morning(app, client, sup, site):
    """The day's timeline, its counts and the daily report count only slots from the
    moment the schedule existed: one made at 14:00 must not show 13 missed rounds."""
    slot = minute_floor(now_ms() - 3 * HOUR)
    while local(slot + 90 * 60_000).date() != local(slot).date() or local(slot - 2 * HOUR).date() != local(slot).date():
        slot -= HOUR
    times = [local(slot - 2 * HOUR).strftime("%H:%M"), local(slot).strftime("%H:%M")]
    sched = add_schedule(client, sup, site.route["id"], times, window=30, grace=5)
    made = datetime.fromtimestamp((slot - HOUR) / 1000, timezone.utc).replace(tzinfo=None)   # between the two
    with app.app_context(), database().write() as s:
        s.get(Schedule, sched["id"]).created_at = made
    day = local(slot).date().isoformat()

    b = body(client.get(f"/api/patrol/board?site_id=hv&day={day}", headers=sup))
    mine = [r for r in b["rounds"]["timeline"] if r["schedule_id"] == sched["id"]]
    assert [r["start"] for r in mine] == [slot] and mine[0]["status"] == "missed"
    assert b["rounds"]["counts"].get("missed") == 1
    assert b["lapses"]["unattended_rounds"] == 1


def test_just_after_midnight_the_board_shows_the_nights_rounds(app, client, sup, site, monkeypatch):
    """At 01:00 every slot of the new day is still to come: the day before's slots that
    ended in the last 24 hours show under `earlier`, outside today's counts. Found when
    the demo's board showed no rounds to a supervisor between midnight and 09:00."""
    night = add_schedule(client, sup, site.route["id"], ["22:00"], window=60, grace=5)
    with app.app_context(), database().write() as s:
        s.get(Schedule, night["id"]).created_at = datetime(2020, 1, 1)
    today = local(now_ms()).date()
    one_am = int(datetime.combine(today, time(1), local(now_ms()).tzinfo).timestamp() * 1000)
    monkeypatch.setattr(board_routes, "_now", lambda: one_am)
    b = body(client.get("/api/patrol/board?site_id=hv", headers=sup))
    assert b["day"] == today.isoformat()
    mine = [(r["day"], r["start"], r["status"]) for r in b["rounds"]["earlier"] if r["schedule_id"] == night["id"]]
    assert mine == [((today - timedelta(days=1)).isoformat(), one_am - 3 * HOUR, "missed")]
    assert {r["status"] for r in b["rounds"]["timeline"] if r["schedule_id"] == night["id"]} == {"upcoming"}
    assert "missed" not in b["rounds"]["counts"]  # the day before's, counted in its own report
    older = body(client.get(f"/api/patrol/board?site_id=hv&day={today - timedelta(days=2)}", headers=sup))
    assert older["rounds"]["earlier"] == []
