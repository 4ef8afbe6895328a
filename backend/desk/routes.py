"""The mail log, online (the desk and supervisors)."""
from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.db import session
from backend.identity.models import Site
from backend.identity.service import check_site, current_user, requires
from backend.desk.kinds import DESK
from backend.desk.mail import DEFAULT_OVERDUE_DAYS, MAIL, overdue
from backend.desk.shifts import DEFAULT_GRACE_MINUTES, DEFAULT_SHIFTS, day_of_changes, valid_times
from backend.sync_api.store import entities

bp = Blueprint("desk", __name__, url_prefix="/api/desk", description="The front desk's mail log and shifts")


class MailQuery(Schema):
    site_id = fields.String(required=True)
    status = fields.String(load_default=None, validate=validate.OneOf(("waiting", "collected")))
    overdue = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=500, validate=validate.Range(1, 2000))


@bp.get("/mail")
@bp.arguments(MailQuery, location="query")
@requires(*DESK)
def mail(query):
    """The mail log, newest first; `overdue` marks mail waiting longer than the site allows."""
    check_site(current_user(), query["site_id"])
    days = (session().get(Site, query["site_id"]).settings or {}).get("mail_overdue_days", DEFAULT_OVERDUE_DAYS)
    equal = {"status": query["status"]} if query["status"] else {}
    now = int(time.time() * 1000)
    rows = [dict(r, overdue=overdue(r, now, days)) for r in
            entities(session(), query["site_id"], MAIL, newest_first=True, limit=query["limit"], **equal)]
    return {"mail": [r for r in rows if r["overdue"]] if query["overdue"] else rows, "overdue_days": days}


class ShiftQuery(Schema):
    site_id = fields.String(required=True)
    day = fields.Date(load_default=None)


@bp.get("/shifts")
@bp.arguments(ShiftQuery, location="query")
@requires(*DESK)
def shifts(query):
    """The desk's shift changes of a day (default today, site time) and each one's
    handover; a change past its grace without a desk handover is `missing`."""
    check_site(current_user(), query["site_id"])
    site = session().get(Site, query["site_id"])
    settings = site.settings or {}
    times = settings.get("desk_shifts") or list(DEFAULT_SHIFTS)
    times = times if isinstance(times, list) and valid_times(times) else list(DEFAULT_SHIFTS)
    grace = int(settings.get("desk_handover_grace_minutes", DEFAULT_GRACE_MINUTES))
    now = int(time.time() * 1000)
    day = query["day"] or datetime.fromtimestamp(now / 1000, ZoneInfo(site.tz)).date()
    desk = [h for h in entities(session(), query["site_id"], "handover", newest_first=True, limit=2000)
            if h.get("desk")]
    changes = day_of_changes(day, site.tz, times, grace, desk, now)
    return {"day": day.isoformat(), "shifts": times, "grace_minutes": grace, "changes": changes,
            "missing": sum(c["status"] == "missing" for c in changes)}
