"""Round status and patrol flags, derived from facts (pure: table-tested, no I/O).

Facts are scans with their corrected time (device time + the push's measured
offset, so a phone whose clock is wrong is judged by the real time) and the
time the server received them. Rules (design.md section 5):

- a scan inside its window is on time, however late it was synced ("synced late");
- a scan after the window is late; a scan long before the window does not count;
- a round is missed (or incomplete) only after window + grace + a sync allowance,
  because a phone that did the round offline may not have synced yet.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from backend.patrol.timetable import MINUTE, Window

SYNC_ALLOWANCE_MS = 30 * MINUTE
CLOCK_OFF_MS = 5 * MINUTE
WALKING_SPEED_M_S = 2.0      # a brisk walk; anything faster between checkpoints is flagged
SAME_TIME_MS = 60_000        # two devices at one checkpoint within a minute

EARLY, ON_TIME, LATE = "early", "on_time", "late"
UPCOMING, OPEN, AWAITING_SYNC = "upcoming", "open", "awaiting_sync"
COMPLETE, INCOMPLETE, MISSED = "complete", "incomplete", "missed"


@dataclass(frozen=True)
class ScanFact:
    checkpoint_id: str
    corrected_at: int
    received_at: int
    scan_id: str = ""
    device_at: int | None = None


@dataclass(frozen=True)
class ScanTiming:
    scan_id: str
    checkpoint_id: str
    timing: str          # early | on_time | late
    synced_late: bool    # on time, but reached the server after the window closed


@dataclass
class RoundStatus:
    status: str
    done: list[str] = field(default_factory=list)         # on time
    late: list[str] = field(default_factory=list)         # only late scans
    missing: list[str] = field(default_factory=list)
    synced_late: list[str] = field(default_factory=list)  # on time, synced after the window
    out_of_order: list[str] = field(default_factory=list)
    scans: list[ScanTiming] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"status": self.status, "done": self.done, "late": self.late, "missing": self.missing,
                "synced_late": self.synced_late, "out_of_order": self.out_of_order,
                "scans": [s.__dict__ for s in self.scans]}


def scan_timing(window: Window, scan: ScanFact) -> ScanTiming:
    """Early (before start - grace), on time (up to the window's end), or late."""
    if scan.corrected_at < window.start - window.grace:
        timing = EARLY
    elif scan.corrected_at <= window.end:
        timing = ON_TIME
    else:
        timing = LATE
    return ScanTiming(scan.scan_id, scan.checkpoint_id, timing,
                      synced_late=timing == ON_TIME and scan.received_at > window.end)


def classify_round(window: Window, checkpoints: Sequence[str], scans: Iterable[ScanFact], now: int,
                   sync_allowance: int = SYNC_ALLOWANCE_MS, ordered: bool = False) -> RoundStatus:
    """The status of one due round from its route and every scan made for it."""
    scans = list(scans)
    timed = sorted((scan_timing(window, s) for s in scans if s.checkpoint_id in checkpoints),
                   key=lambda t: t.scan_id)
    facts = {s.scan_id: s for s in scans}
    best: dict[str, ScanTiming] = {}
    for t in timed:
        if t.timing == EARLY:
            continue
        held = best.get(t.checkpoint_id)
        if held is None or (held.timing == LATE and t.timing == ON_TIME):
            best[t.checkpoint_id] = t
    out = RoundStatus(status="", scans=timed)
    out.done = [c for c in checkpoints if c in best and best[c].timing == ON_TIME]
    out.late = [c for c in checkpoints if c in best and best[c].timing == LATE]
    out.missing = [c for c in checkpoints if c not in best]
    out.synced_late = [c for c in out.done if best[c].synced_late]
    if ordered:
        in_time_order = sorted(best.values(), key=lambda t: facts[t.scan_id].corrected_at)
        out.out_of_order = out_of_order(list(checkpoints), [t.checkpoint_id for t in in_time_order])
    out.status = _status(window, bool(best), not out.missing, bool(out.late), now, sync_allowance)
    return out


def _status(window: Window, any_scan: bool, all_scanned: bool, any_late: bool, now: int,
            sync_allowance: int) -> str:
    if all_scanned:
        return LATE if any_late else COMPLETE
    if now < window.start and not any_scan:
        return UPCOMING
    if now <= window.end + window.grace:
        return OPEN
    if now <= window.end + window.grace + sync_allowance:
        return AWAITING_SYNC  # may have been done offline: not missed yet
    return INCOMPLETE if any_scan else MISSED


def out_of_order(order: list[str], scanned: list[str]) -> list[str]:
    """Checkpoints of an ordered route scanned after one that comes later in the order."""
    position = {c: i for i, c in enumerate(order)}
    furthest, wrong = -1, []
    for c in scanned:
        p = position.get(c)
        if p is None:
            continue
        if p < furthest:
            wrong.append(c)
        furthest = max(furthest, p)
    return wrong


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def too_fast(prev: dict | None, cur: dict, speed: float = WALKING_SPEED_M_S) -> str | None:
    """Why two consecutive scans could not both be real on foot, or None.

    `prev` and `cur` are `{lat, lng, at}`: where the phone was when it said so
    (else the checkpoint's set-up position) and the corrected scan times; without
    a position on both there is nothing to judge.
    """
    if not prev or None in (prev.get("lat"), prev.get("lng"), cur.get("lat"), cur.get("lng")):
        return None
    metres = distance_m(prev["lat"], prev["lng"], cur["lat"], cur["lng"])
    seconds = abs(cur["at"] - prev["at"]) / 1000
    needed = metres / speed
    if seconds < needed:
        return f"{metres:.0f} m in {seconds:.0f} s (a walk takes at least {needed:.0f} s)"
    return None


def same_time_elsewhere(recent: Iterable[dict], device_id: str, at: int,
                        window: int = SAME_TIME_MS) -> list[dict]:
    """Scans of the same checkpoint by another device within `window` of `at`."""
    return [r for r in recent if r["device_id"] != device_id and abs(r["at"] - at) <= window]


def clock_off(offset_ms: int) -> bool:
    """The device's clock was off by more than 5 minutes when it pushed."""
    return abs(offset_ms) > CLOCK_OFF_MS
