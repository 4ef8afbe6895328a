"""The mail log, online (the desk and supervisors)."""
from __future__ import annotations

import time

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.db import session
from backend.identity.models import Site
from backend.identity.service import check_site, current_user, requires
from backend.desk.kinds import DESK
from backend.desk.mail import DEFAULT_OVERDUE_DAYS, MAIL, overdue
from backend.sync_api.store import entities

bp = Blueprint("desk", __name__, url_prefix="/api/desk", description="The front desk's mail log")


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
