"""The case register, one case, overdue cases, monthly statistics (online, read-only).

Phones work offline from the pulled `case` records; these are the desk's and the
supervisors' views over every case of a site."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from backend.cases import register as reg
from backend.cases import plan, quarterly, repairs, report, stats
from backend.cases.kinds import CASE, NOTE, PLAN, STAFF, STATES, TYPES
from backend.db import session
from backend.errors import ApiError
from backend.media.routes import photos_of_site
from backend.printing import csv_response, pdf_response
from backend.identity.models import Site
from backend.identity.service import current_user, get_site, requires
from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import EntityRow
from backend.sync_api.store import entities

bp = Blueprint("cases", __name__, url_prefix="/api/cases", description="Case register and monthly statistics")
LANG = validate.OneOf(["en", "zh-Hant"])


class SiteQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))


class PageQuery(SiteQuery):
    limit = fields.Integer(load_default=200, validate=validate.Range(1, 1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(0))


class RegisterQuery(PageQuery):
    """Filters of the register (the CSV export ignores `limit` and `offset`: it holds every match)."""

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



def _today(site: Site) -> str:
    return datetime.fromtimestamp(_now() / 1000, timezone.utc).astimezone(ZoneInfo(site.tz)).date().isoformat()


def _rows(query) -> tuple[Site, list[dict]]:
    site = get_site(session(), query["site_id"], current_user())
    rows = reg.register(session(), site.id, _today(site), status=query["status"], type=query["type"],
                        department=query["department"], owner_id=query["owner_id"], overdue=query["overdue"],
                        q=query["q"])
    return site, rows


@bp.get("")
@bp.arguments(RegisterQuery, location="query")
@requires(*STAFF)
def register(query):
    """The register of a site: filter by state (`status`, repeatable), type, department, owner, overdue, text; a page of it."""
    site, rows = _rows(query)
    return _page(site, rows, query)


@bp.get("/export.csv")
@bp.arguments(RegisterQuery, location="query")
@bp.response(200, content_type="text/csv")
@requires(*STAFF)
def export(query):
    """The register, filtered as above, as CSV (English or Traditional Chinese headings and words)."""
    site, rows = _rows(query)
    return csv_response(reg.to_csv(rows, query["lang"]), f"cases-{site.id}-{_today(site)}.csv")


@bp.get("/overdue")
@bp.arguments(PageQuery, location="query")
@requires(*STAFF)
def overdue(query):
    """Cases past a deadline (closing, same-day check, investigation report, next reply): the board's and inbox's list."""
    site = get_site(session(), query["site_id"], current_user())
    rows = reg.register(session(), site.id, _today(site), overdue=True,
                        status=[s for s in STATES if s != "closed"])
    return _page(site, rows, query)


def _page(site: Site, rows: list[dict], query) -> dict:
    """One page of a list (overdue first), with the list's length."""
    page = rows[query["offset"]:query["offset"] + query["limit"]]
    return {"site_id": site.id, "today": _today(site), "total": len(rows), "offset": query["offset"], "cases": page}


def _stats(query) -> tuple[Site, dict, list[dict]]:
    site = get_site(session(), query["site_id"], current_user())
    month = query["month"] or stats.previous_month(_today(site))
    closed_day, accepted_day = JsonText(EntityRow.data, "closed_day"), JsonText(EntityRow.data, "accepted_day")
    # closed_day is set when (and only when) a case is closed: the one range the index serves.
    closed = entities(session(), site.id, CASE, closed_day >= f"{month}-01", closed_day <= f"{month}-31")
    start, last = stats.weeks_of(month)
    # The chart counts cases per day: counted in SQL (the index serves it), never read one by one.
    per_day = session().execute(
        select(accepted_day, func.count()).where(
            EntityRow.kind == CASE, EntityRow.space == site.id, EntityRow.deleted.is_(False),
            accepted_day >= start.isoformat(), accepted_day <= (last + timedelta(days=6)).isoformat())
        .group_by(accepted_day)).all()
    rules = site.rules()
    st = stats.monthly(closed, month, rules.get("case_households"), rules.get("case_valid_target", stats.VALID_TARGET))
    return site, st, stats.per_week(dict(per_day), month)


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
    """The month's statistics as PDF (English or Traditional Chinese), with cases received per week."""
    site, st, weeks = _stats(query)
    pdf = report.to_pdf(st, weeks, {"name": site.name, "name_zh": site.name_zh}, query["lang"], site.tz, _now())
    return pdf_response(pdf, f"cases-{site.id}-{st['month']}-{query['lang']}.pdf")


@bp.get("/stats.csv")
@bp.arguments(StatsQuery, location="query")
@bp.response(200, content_type="text/csv")
@requires(*STAFF)
def monthly_csv(query):
    """The month's statistics as CSV: the PDF's figures, row by row."""
    site, st, _ = _stats(query)
    return csv_response(report.to_csv(st, query["lang"]), f"cases-{site.id}-{st['month']}-{query['lang']}.csv")


@bp.get("/callback-plan")
@bp.arguments(SiteQuery, location="query")
@requires(*STAFF)
def callback_plan(query):
    """The callback plan: each line's period, whether its callback is due, and the callback handling rate."""
    site = get_site(session(), query["site_id"], current_user())
    today = _today(site)
    plans = sorted(entities(session(), site.id, PLAN), key=lambda p: (p["who"] != "director", p["area"]))
    raised = [c["id"] for p in plans for call in p["calls"] for c in call["new_cases"]]
    closed = {c["id"] for c in entities(session(), site.id, CASE, EntityRow.id.in_(raised), status="closed")}
    return {"site_id": site.id, "today": today, "plans": [p | {"now": plan.status(p, today)} for p in plans],
            "rate": plan.rate(plans, today, closed)}


class QuarterQuery(SiteQuery):
    quarter = fields.String(load_default=None, validate=validate.Regexp(r"^\d{4}-Q[1-4]$",
                                                                        error="a quarter is YYYY-Qn"))
    lang = fields.String(load_default="en", validate=LANG)


def _quarter(query) -> tuple[Site, dict]:
    site = get_site(session(), query["site_id"], current_user())
    q = query["quarter"] or quarterly.previous_quarter(_today(site))
    first, last = quarterly.span(q)
    closed_day, accepted_day = JsonText(EntityRow.data, "closed_day"), JsonText(EntityRow.data, "accepted_day")
    closed = entities(session(), site.id, CASE, closed_day >= first, closed_day <= last)
    start = (datetime.fromisoformat(first) - timedelta(days=6)).date().isoformat()
    per_day = session().execute(
        select(accepted_day, func.count()).where(
            EntityRow.kind == CASE, EntityRow.space == site.id, EntityRow.deleted.is_(False),
            accepted_day >= start, accepted_day <= last).group_by(accepted_day)).all()
    rules = site.rules()
    return site, quarterly.quarterly(closed, dict(per_day), q, rules.get("case_households"),
                                     rules.get("case_valid_target", stats.VALID_TARGET))


@bp.get("/quarterly")
@bp.arguments(QuarterQuery, location="query")
@requires(*STAFF)
def quarter(query):
    """The quarterly analysis (default: last quarter): the quarter's figures, month by month, per week, measures."""
    site, q = _quarter(query)
    return q | {"summary": quarterly.summary(q, query["lang"]), "trend": quarterly.trend(q)}


@bp.get("/quarterly.pdf")
@bp.arguments(QuarterQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*STAFF)
def quarter_pdf(query):
    """The quarterly analysis report for the general manager as PDF (English or Traditional Chinese), with charts."""
    site, q = _quarter(query)
    pdf = quarterly.to_pdf(q, {"name": site.name, "name_zh": site.name_zh}, query["lang"], site.tz, _now())
    return pdf_response(pdf, f"cases-{site.id}-{q['quarter']}-{query['lang']}.pdf")


class LangQuery(Schema):
    lang = fields.String(load_default="en", validate=LANG)


@bp.get("/<case_id>/repair-receipt.pdf")
@bp.arguments(LangQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*STAFF)
def repair_receipt(query, case_id):
    """A product repair's receipt (three copies: the shop, the customer, copy 3 with the item) as PDF."""
    row = session().get(EntityRow, (CASE, case_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such case.")
    site = get_site(session(), row.space, current_user())
    received = (row.data.get("repair") or {}).get("received")
    if received is None:
        raise ApiError(409, "repair_not_received", "This case has no product received for repair yet.")
    images = photos_of_site(session(), site.id, received["photos"][:1], purpose="cases")
    pdf = repairs.receipt_pdf(row.data, {"name": site.name, "name_zh": site.name_zh}, query["lang"], images)
    return pdf_response(pdf, f"repair-{row.data['number']}-{query['lang']}.pdf")


@bp.get("/<case_id>")
@requires(*STAFF)
def one(case_id):
    """One case with its deadlines and history, and its internal notes (the desk and supervisors only)."""
    row = session().get(EntityRow, (CASE, case_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such case.")
    site = get_site(session(), row.space, current_user())
    notes = entities(session(), site.id, NOTE, case_id=case_id)
    return reg.view(dict(row.data, version=row.version), _today(site)) | {"notes": notes}
