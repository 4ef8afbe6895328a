"""What awaits a supervisor's review signature, per site and day (forms 10.5).

Handlers keep a `record.day` tally per site and day (sync/records.py), so the
inbox, the board and supervisors' phones see the days still open without
reading every record. A day is overdue when its records are not all reviewed
by the next morning's deadline (site setting `review_by`, default 10:00).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import EntityRow
from backend.sync_api.store import entities
from sync.records import DAY

REVIEW_BY = "10:00"


def due_at(day: str, tz: str, review_by: str = REVIEW_BY) -> int:
    """When a day's records must all be reviewed: the next morning, in ms."""
    hh, mm = (int(x) for x in review_by.split(":"))
    local = datetime.combine(date.fromisoformat(day) + timedelta(days=1), time(hh, mm), ZoneInfo(tz))
    return int(local.timestamp() * 1000)


def open_days(s: Session, site, now: int) -> list[dict]:
    """Days of a site with records awaiting review, oldest first, overdue ones marked."""
    review_by = site.rules().get("review_by", REVIEW_BY)
    days = [d for d in entities(s, site.id, DAY) if d["awaiting"] > 0]
    out = []
    for d in sorted(days, key=lambda d: d["day"]):
        deadline = due_at(d["day"], site.tz, review_by)
        out.append({"day": d["day"], "awaiting": d["awaiting"], "kinds": d["kinds"],
                    "due_at": deadline, "overdue": now > deadline})
    return out


def awaiting_on(s: Session, site_id: str, day: str, kinds: list[str]) -> list[dict]:
    """The records of reviewed kinds written on `day` that nobody has reviewed yet."""
    unreviewed = JsonText(EntityRow.data, "review").is_(None)
    return [dict(r, kind=kind) for kind in kinds for r in entities(s, site_id, kind, unreviewed, day=day)]
