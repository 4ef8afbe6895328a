"""The desk's shifts and their handovers (front desk handover 1-7: every shift has
a record).

The desk hands over with the patrol domain's handover kinds, naming a desk post
(an `equipment.post` with `desk: true`, set up by a supervisor; its list is the
desk's checklist). The site's setting `desk_shifts` (default 07:00, 15:00, 23:00,
local times) says when the desk changes hands; a handover written from an hour
before a change until `desk_handover_grace_minutes` (default 30) after it is that
change's record. A change past its grace with no desk handover is `missing`.
"""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

DEFAULT_SHIFTS = ("07:00", "15:00", "23:00")
DEFAULT_GRACE_MINUTES = 30
BEFORE_MS = 60 * 60_000


def changes(day: date, tz: str, shifts: list[str]) -> list[int]:
    """The desk's shift changes of a local day, as Unix milliseconds."""
    zone = ZoneInfo(tz)
    out = []
    for hhmm in sorted(shifts):
        h, mnt = (int(x) for x in hhmm.split(":"))
        out.append(int(datetime.combine(day, time(h, mnt), zone).timestamp() * 1000))
    return out


def day_of_changes(day: date, tz: str, shifts: list[str], grace_minutes: int, handovers: list[dict],
                   now_ms: int) -> list[dict]:
    """Each shift change of the day with its desk handover, or `due` / `missing`."""
    grace = grace_minutes * 60_000
    out = []
    for at in changes(day, tz, shifts):
        found = [h for h in handovers if at - BEFORE_MS <= h["outgoing"]["corrected_at"] <= at + grace]
        found.sort(key=lambda h: h["outgoing"]["corrected_at"])
        if found:
            h = found[0]
            out.append({"at": at, "status": "handed_over", "handover_id": h["id"], "number": h.get("number"),
                        "handover_status": h["status"], "outgoing": h["outgoing"]["user_name"],
                        "incoming": (h.get("incoming") or {}).get("user_name")})
        else:
            out.append({"at": at, "status": "missing" if now_ms > at + grace else "due", "handover_id": None})
    return out


def valid_times(values: list[str]) -> bool:
    try:
        return all(0 <= int(v[:2]) < 24 and 0 <= int(v[3:]) < 60 and len(v) == 5 and v[2] == ":" for v in values)
    except ValueError:
        return False
