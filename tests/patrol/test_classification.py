"""Round status and flags from facts: the table tests of classification.py and timetable.py."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from backend.patrol.classification import (
    ScanFact, classify_round, distance_m, out_of_order, same_time_elsewhere, scan_timing, too_fast,
)
from backend.patrol.timetable import Plan, Window, is_slot_start, slot_for, slots_on

TZ = "Asia/Hong_Kong"
MIN = 60_000
HOUR = 60 * MIN


def at(text: str) -> int:
    """Local Hong Kong time 'YYYY-MM-DD HH:MM' in ms."""
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(TZ)).timestamp() * 1000)


NIGHT = Window(at("2026-11-27 23:30"), at("2026-11-28 00:30"), 15 * MIN)  # crosses midnight
CPS = ["a", "b", "c"]


def scans(*rows):
    """(checkpoint, corrected, received) rows -> facts."""
    return [ScanFact(cp, at(t), at(r), scan_id=f"s{i}") for i, (cp, t, r) in enumerate(rows)]


# name, scans, now, expected status, expected synced-late checkpoints
ROUNDS = [
    ("all inside the window, synced at once",
     scans(("a", "2026-11-27 23:35", "2026-11-27 23:35"), ("b", "2026-11-27 23:50", "2026-11-27 23:50"),
           ("c", "2026-11-28 00:10", "2026-11-28 00:11")), "2026-11-28 01:00", "complete", []),
    ("inside the window, synced hours later: on time, synced late",
     scans(("a", "2026-11-27 23:35", "2026-11-28 06:00"), ("b", "2026-11-27 23:50", "2026-11-28 06:00"),
           ("c", "2026-11-28 00:29", "2026-11-28 06:00")), "2026-11-28 06:00", "complete", ["a", "b", "c"]),
    ("one scan after the window: late",
     scans(("a", "2026-11-27 23:35", "2026-11-27 23:35"), ("b", "2026-11-27 23:50", "2026-11-27 23:50"),
           ("c", "2026-11-28 00:31", "2026-11-28 00:31")), "2026-11-28 01:00", "late", []),
    ("late and on-time scans of one checkpoint: the on-time one counts",
     scans(("a", "2026-11-28 00:40", "2026-11-28 00:40"), ("a", "2026-11-27 23:31", "2026-11-28 02:00"),
           ("b", "2026-11-27 23:50", "2026-11-27 23:50"), ("c", "2026-11-28 00:00", "2026-11-28 00:00")),
     "2026-11-28 02:00", "complete", ["a"]),
    ("nothing yet, before the window", [], "2026-11-27 23:00", "upcoming", []),
    ("nothing yet, inside the window", [], "2026-11-28 00:10", "open", []),
    ("nothing yet, inside the grace period", [], "2026-11-28 00:44", "open", []),
    ("nothing after window + grace, but within the sync allowance: not missed yet",
     [], "2026-11-28 01:00", "awaiting_sync", []),
    ("nothing after window + grace + sync allowance: missed", [], "2026-11-28 01:16", "missed", []),
    ("some scans, deadline passed: incomplete",
     scans(("a", "2026-11-27 23:35", "2026-11-27 23:35")), "2026-11-28 02:00", "incomplete", []),
    ("some scans, window still open: open",
     scans(("a", "2026-11-27 23:35", "2026-11-27 23:35")), "2026-11-28 00:00", "open", []),
    ("scans long before the window do not count",
     scans(("a", "2026-11-27 22:00", "2026-11-27 22:00"), ("b", "2026-11-27 22:05", "2026-11-27 22:05"),
           ("c", "2026-11-27 22:10", "2026-11-27 22:10")), "2026-11-28 02:00", "missed", []),
    ("started a few minutes early, within the grace: on time",
     scans(("a", "2026-11-27 23:20", "2026-11-27 23:20"), ("b", "2026-11-27 23:40", "2026-11-27 23:40"),
           ("c", "2026-11-27 23:45", "2026-11-27 23:45")), "2026-11-28 02:00", "complete", []),
    ("a checkpoint not on the route does not complete it",
     scans(("a", "2026-11-27 23:35", "2026-11-27 23:35"), ("b", "2026-11-27 23:40", "2026-11-27 23:40"),
           ("x", "2026-11-27 23:45", "2026-11-27 23:45")), "2026-11-28 02:00", "incomplete", []),
]


@pytest.mark.parametrize("name,facts,now,status,synced_late", ROUNDS, ids=[r[0] for r in ROUNDS])
def test_round_status_table(name, facts, now, status, synced_late):
    result = classify_round(NIGHT, CPS, facts, at(now))
    assert result.status == status
    assert result.synced_late == synced_late


def test_a_phone_two_hours_slow_is_judged_by_corrected_time():
    # The device said 21:40 (its clock is 2 h behind); the push measured the offset, so corrected is 23:40.
    device_at, offset = at("2026-11-27 21:40"), 2 * HOUR
    fact = ScanFact("a", device_at + offset, at("2026-11-27 23:41"), "s1", device_at)
    assert scan_timing(NIGHT, fact).timing == "on_time"
    assert scan_timing(NIGHT, ScanFact("a", device_at, device_at, "s2")).timing == "early"  # device time alone would be wrong


@pytest.mark.parametrize("corrected,timing", [
    ("2026-11-27 23:10", "early"), ("2026-11-27 23:15", "on_time"), ("2026-11-27 23:30", "on_time"),
    ("2026-11-28 00:30", "on_time"), ("2026-11-28 00:31", "late"), ("2026-11-28 05:00", "late"),
])
def test_scan_timing_edges(corrected, timing):
    assert scan_timing(NIGHT, ScanFact("a", at(corrected), at(corrected))).timing == timing


def test_slots_cross_midnight_and_belong_to_their_start_day():
    plan = Plan(times=("23:30", "08:00"), window_minutes=60, grace_minutes=15)
    day = slots_on(plan, date(2026, 11, 27), TZ)
    assert [w.start for w in day] == [at("2026-11-27 08:00"), at("2026-11-27 23:30")]
    assert day[1].end == at("2026-11-28 00:30")
    # a round started just after midnight belongs to yesterday's 23:30 slot
    assert slot_for(plan, at("2026-11-28 00:10"), TZ) == day[1]
    assert slot_for(plan, at("2026-11-27 07:50"), TZ) == day[0]   # early, within grace
    assert is_slot_start(plan, at("2026-11-27 23:30"), TZ) == day[1]
    assert is_slot_start(plan, at("2026-11-27 23:31"), TZ) is None


def test_every_n_hours():
    plan = Plan(every_hours=4, first_at="02:00", window_minutes=30, grace_minutes=0)
    starts = [w.start for w in slots_on(plan, date(2026, 11, 27), TZ)]
    assert starts == [at(f"2026-11-27 {h:02d}:00") for h in (2, 6, 10, 14, 18, 22)]


def test_too_fast_between_gps_checkpoints():
    a = {"lat": 22.3000, "lng": 114.17, "at": 0}
    b = {"lat": 22.3045, "lng": 114.17}
    assert 495 < distance_m(22.3, 114.17, 22.3045, 114.17) < 505
    assert too_fast(a, {**b, "at": 30_000}) is not None      # 500 m in 30 s
    assert too_fast(a, {**b, "at": 600_000}) is None         # 500 m in 10 min
    assert too_fast(a, {"lat": None, "lng": None, "at": 1}) is None   # no GPS: nothing to judge
    assert too_fast(None, {**b, "at": 1}) is None


def test_same_checkpoint_two_devices_same_time():
    recent = [{"device_id": "d1", "at": 1_000_000, "scan_id": "x"}, {"device_id": "d2", "at": 500_000, "scan_id": "y"}]
    assert [r["scan_id"] for r in same_time_elsewhere(recent, "d2", 1_030_000)] == ["x"]
    assert same_time_elsewhere(recent, "d1", 1_030_000) == []          # the same device
    assert same_time_elsewhere(recent, "d3", 1_200_000) == []          # minutes apart


def test_out_of_order_on_an_ordered_route():
    assert out_of_order(["a", "b", "c"], ["a", "c", "b"]) == ["b"]
    assert out_of_order(["a", "b", "c"], ["a", "b", "c"]) == []
    result = classify_round(NIGHT, CPS, scans(("c", "2026-11-27 23:35", "2026-11-27 23:35"),
                                              ("a", "2026-11-27 23:40", "2026-11-27 23:40"),
                                              ("b", "2026-11-27 23:45", "2026-11-27 23:45")),
                            at("2026-11-28 01:00"), ordered=True)
    assert result.status == "complete" and result.out_of_order == ["a", "b"]
