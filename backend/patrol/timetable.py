"""When rounds are due: a schedule's slots in local time (pure, no I/O).

A slot starts at a local time of a day and lasts `window_minutes`; it belongs
to the day it starts on, even when its window crosses midnight. Times are
milliseconds since the epoch, like everything in the sync protocol.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTE = 60_000


@dataclass(frozen=True)
class Plan:
    """A schedule's timing: fixed start times, or every N hours from `first_at`."""

    times: tuple[str, ...] = ()
    every_hours: int | None = None
    first_at: str = "00:00"
    window_minutes: int = 60
    grace_minutes: int = 15

    @classmethod
    def of(cls, data: dict) -> "Plan":
        return cls(tuple(data.get("times") or ()), data.get("every_hours"), data.get("first_at") or "00:00",
                   data["window_minutes"], data["grace_minutes"])


@dataclass(frozen=True)
class Window:
    """One due round: on time from `start` to `end`; `grace` before missed is considered."""

    start: int
    end: int
    grace: int = 0

    def key(self, schedule_id: str) -> str:
        return f"{schedule_id}@{self.start}"


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def local_starts(plan: Plan, day: date, tz: str) -> list[datetime]:
    """The local start times of `plan`'s slots on `day`, in order."""
    zone = ZoneInfo(tz)
    if plan.every_hours:
        first = datetime.combine(day, _hhmm(plan.first_at), zone)
        starts, at = [], first
        while at.date() == day:
            starts.append(at)
            at = at + timedelta(hours=plan.every_hours)
        return starts
    return sorted(datetime.combine(day, _hhmm(t), zone) for t in set(plan.times))


def window_at(plan: Plan, start: datetime) -> Window:
    ms = int(start.timestamp() * 1000)
    return Window(ms, ms + plan.window_minutes * MINUTE, plan.grace_minutes * MINUTE)


def slots_on(plan: Plan, day: date, tz: str) -> list[Window]:
    """Every slot that starts on `day` (local), with its window."""
    return [window_at(plan, s) for s in local_starts(plan, day, tz)]


def local_day(ms: int, tz: str) -> date:
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(tz)).date()


def slot_for(plan: Plan, at: int, tz: str) -> Window | None:
    """The slot a round started at `at` belongs to.

    The slot whose window (widened by its grace on both sides) holds `at`;
    otherwise the latest slot that started before `at`. Yesterday is searched
    too, for windows that cross midnight.
    """
    today = local_day(at, tz)
    candidates = [w for d in (today - timedelta(days=1), today, today + timedelta(days=1))
                  for w in slots_on(plan, d, tz)]
    inside = [w for w in candidates if w.start - w.grace <= at <= w.end + w.grace]
    if inside:
        return min(inside, key=lambda w: abs(at - w.start))
    before = [w for w in candidates if w.start <= at]
    return max(before, key=lambda w: w.start) if before else None


def is_slot_start(plan: Plan, start: int, tz: str) -> Window | None:
    """The slot starting exactly at `start`, or None (a phone named a slot that is not one)."""
    day = local_day(start, tz)
    return next((w for w in slots_on(plan, day, tz) if w.start == start), None)


def preview(plan: Plan, day: date, tz: str) -> list[dict]:
    """The slots of `day` as a supervisor reads them: local start and end, and whether the window crosses midnight."""
    zone = ZoneInfo(tz)
    out = []
    for w in slots_on(plan, day, tz):
        start, end = (datetime.fromtimestamp(ms / 1000, zone) for ms in (w.start, w.end))
        out.append({"start": w.start, "end": w.end, "missed_after": w.end + w.grace,
                    "starts_at": start.strftime("%H:%M"), "ends_at": end.strftime("%H:%M"),
                    "crosses_midnight": end.date() > start.date() and end.time() != time(0, 0)})
    return out
