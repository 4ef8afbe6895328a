"""The phone's window (PROTOCOL.md P5.6): which records a phone holds.

A phone keeps what its work needs: set-up and rosters always, every record that is
open or awaiting someone, and the records closed within the site's last
`phone_window_days` (default 14). Older records are read online (GET /api/records).

A record kind says when one of its records stops being needed with its `window`
function (backend/domain.py `Record.window`): given the record's data, the time (ms)
from which it is no longer needed, or None while it is open or awaiting someone.
A kind with no window function is kept on every phone (set-up, rosters).

Every stored entity carries `closes_at`: None while kept, else the later of that
time and the write that closed it, so the window start of a pull (server time
minus the site's days) decides which closed records a phone holds, whatever the
order in which they were written. A reviewed record awaits its supervisor, so it
stays until reviewed; a tombstone closes when it is written.
"""
from __future__ import annotations

from typing import Callable

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
DEFAULT_DAYS = 14
MAX_DAYS = 3650
SETTING = "phone_window_days"

Window = Callable[[dict], "int | None"]


def closed(data: dict) -> int:
    """The window of a fact (a log entry, a scan, a use of a pass): closed once written."""
    return 0


def closes_at(window: Window | None, reviewed: bool, data: dict, deleted: bool, written_at: int) -> int | None:
    """When a record written at `written_at` stops being needed on phones; None: kept."""
    if deleted:
        return written_at
    if window is None or (reviewed and data.get("review") is None):
        return None
    until = window(data)
    return None if until is None else max(written_at, until)


def days(settings: dict) -> int:
    """The site's window in days (the `phone_window_days` rule setting)."""
    value = settings.get(SETTING)
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_DAYS else DEFAULT_DAYS


def start(now: int, settings: dict, issued: int | None) -> int:
    """A pull's window start: records closed before it are not on the phone. It never
    moves back for a cursor (`issued`: the start its cursor was issued under), so a
    clock set back or a window made longer never brings back what a phone dropped;
    a longer window holds more from the phone's next reset or enrolment. It moves by
    whole hours, so a phone's pulls look for records leaving it once an hour."""
    here = (now - days(settings) * DAY_MS) // HOUR_MS * HOUR_MS
    return here if issued is None else max(here, issued)
