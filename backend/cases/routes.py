"""The case register, one case, overdue cases, monthly statistics (online, read-only).

Phones work offline from the pulled `case` records; these are the desk's and the
supervisors' views over every case of a site."""
from __future__ import annotations

import io
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import send_file
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.cases import register as reg
from backend.cases import report, stats
from backend.cases.kinds import CASE, NOTE, STAFF, STATES, TYPES
from backend.db import session
from backend.errors import ApiError
from backend.identity.models import Site
from backend.identity.service import check_site, current_user, requires
from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import EntityRow
from backend.sync_api.store import entities

bp = Blueprint("cases", __name__, url_prefix="/api/cases", description="Case register and monthly statistics")
LANG = validate.OneOf(["en", "zh-Hant"])


class SiteQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))


class RegisterQuery(SiteQuery):
    status = fields.List(fields.String(validate=validate.OneOf(STATES)), load_default=None)
    type = fields.String(load_default=None, validate=validate.OneOf(TYPES))
    department = fields.String(load_default=None, validate=validate.Length(max=100))
    owner_id = fields.Integer(load_default=None)
    overdue = fields.Boolean(load_default=False)
    q = fields.String(load_default="", validate=validate.Length(max=100))
    lang = fields.String(load_default="en", validate=LANG)


class StatsQuery(SiteQuery):
    month = fields.String(load_default=None, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$",
                                                                      error="a month is YYYY-MM"))
    lang = fields.String(load_default="en", validate=LANG)


def _now() -> int:
    return int(time.time() * 1000)


def _site(site_id: str) -> Site:
    check_site(current_user(), site_id)
    site = session().get(Site, site_id)
    if site is None:
        raise ApiError(404, "site_unknown", "No such site.")
    return site


def _today(site: Site) -> str:
    return datetime.fromtimestamp(_now() / 1000, timezone.utc).astimezone(ZoneInfo(site.tz)).date().isoformat()


def _rows(query) -> tuple[Site, list[dict]]:
    site = _site(query["site_id"])
    rows = reg.register(session(), site.id, _today(site), status=query["status"], type=query["type"],
                        department=query["department"], owner_id=query["owner_id"], overdue=query["overdue"],
                        q=query["q"])
    return site, rows


@bp.get("")
@bp.arguments(RegisterQuery, location="query")
@requires(*STAFF)
def register(query):
    """The register of a site: filter by state (`status`, repeatable), type, department, owner, overdue, text."""
    site, rows = _rows(query)
    return {"site_id": site.id, "today": _today(site), "cases": rows}


@bp.get("/export.csv")
@bp.arguments(RegisterQuery, location="query")
@bp.response(200, content_type="text/csv")
@requires(*STAFF)
def export(query):
    """The register, filtered as above, as CSV (English or Traditional Chinese headings and words)."""
    site, rows = _rows(query)
    return send_file(io.BytesIO(reg.to_csv(rows, query["lang"])), mimetype="text/csv; charset=utf-8",
                     download_name=f"cases-{site.id}-{_today(site)}.csv", max_age=0)


@bp.get("/overdue")
@bp.arguments(SiteQuery, location="query")
@requires(*STAFF)
def overdue(query):
    """Cases past a deadline (closing, same-day check, investigation report, next reply): the board's and inbox's list."""
    site = _site(query["site_id"])
    rows = reg.register(session(), site.id, _today(site), overdue=True,
                        status=[s for s in STATES if s != "closed"])
    return {"site_id": site.id, "today": _today(site), "cases": rows}


def _stats(query) -> tuple[Site, dict, list[dict]]:
    site = _site(query["site_id"])
    month = query["month"] or stats.previous_month(_today(site))
    closed_day, accepted_day = JsonText(EntityRow.data, "closed_day"), JsonText(EntityRow.data, "accepted_day")
    closed = entities(session(), site.id, CASE, closed_day >= f"{month}-01", closed_day <= f"{month}-31",
                      status="closed")
    start, last = stats.weeks_of(month)
    received = entities(session(), site.id, CASE, accepted_day >= start.isoformat(),
                        accepted_day <= (last + timedelta(days=6)).isoformat())
    rules = site.rules()
    st = stats.monthly(closed, month, rules.get("case_households"), rules.get("case_valid_target", stats.VALID_TARGET))
    return site, st, stats.per_week(received, month)


@bp.get("/stats")
@bp.arguments(StatsQuery, location="query")
@requires(*STAFF)
def monthly(query):
    """The statistics of the cases closed in `month` (default: last month), with cases received per week."""
    _, st, weeks = _stats(query)
    return st | {"per_week": weeks}


@bp.get("/stats.pdf")
@bp.arguments(StatsQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*STAFF)
def monthly_pdf(query):
    site, st, weeks = _stats(query)
    pdf = report.to_pdf(st, weeks, {"name": site.name, "name_zh": site.name_zh}, query["lang"], site.tz, _now())
    return send_file(io.BytesIO(pdf), mimetype="application/pdf",
                     download_name=f"cases-{site.id}-{st['month']}-{query['lang']}.pdf", max_age=0)


@bp.get("/stats.csv")
@bp.arguments(StatsQuery, location="query")
@bp.response(200, content_type="text/csv")
@requires(*STAFF)
def monthly_csv(query):
    site, st, _ = _stats(query)
    return send_file(io.BytesIO(report.to_csv(st, query["lang"])), mimetype="text/csv; charset=utf-8",
                     download_name=f"cases-{site.id}-{st['month']}-{query['lang']}.csv", max_age=0)


@bp.get("/<case_id>")
@requires(*STAFF)
def one(case_id):
    """One case with its deadlines and history, and its internal notes (the desk and supervisors only)."""
    row = session().get(EntityRow, (CASE, case_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such case.")
    site = _site(row.space)
    notes = entities(session(), site.id, NOTE, case_id=case_id)
    return reg.view(dict(row.data, version=row.version), _today(site)) | {"notes": notes}
