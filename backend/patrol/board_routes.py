"""The supervisor's board and the daily activity report (online, read-only)."""
from __future__ import annotations

import time
from collections import Counter

from flask_smorest import Blueprint

from backend.db import session
from backend.printing import csv_response, pdf_response
from backend.errors import ApiError
from backend.identity.service import check_site, current_user, requires
from backend.patrol import analysis, report
from backend.patrol.board import build_board
from backend.patrol.classification import ScanFact, classify_round
from backend.patrol.facts import load_day, round_views
from backend.patrol.kinds import GUARDS, INCIDENT, ROUND, SCAN, SUPERVISORS
from backend.patrol.timetable import Window
from backend.sync_api.models import EntityRow
from backend.media.routes import photos_of_site
from backend.identity.models import Site
from backend.sync_api.store import entities
from backend.patrol.schemas import DayQuery, LangQuery, ReportQuery
from backend.patrol.timetable import local_day

bp = Blueprint("patrol_board", __name__, url_prefix="/api/patrol", description="Supervisor board and reports")


def _now() -> int:
    return int(time.time() * 1000)


def _day(query) -> tuple[str, object]:
    """The site's time zone and the day asked for (default: today there)."""
    check_site(current_user(), query["site_id"])
    site = session().get(Site, query["site_id"])
    if site is None:
        raise ApiError(404, "site_unknown", "No such site.")
    return site.tz, query["day"] or local_day(_now(), site.tz)


@bp.get("/board")
@bp.arguments(DayQuery, location="query")
@requires(*SUPERVISORS)
def board(query):
    """A site's day: rounds on a timeline, open incidents, flags, who is on duty, gate, week grid."""
    tz, day = _day(query)
    return build_board(session(), query["site_id"], day, tz, _now())


@bp.get("/report")
@bp.arguments(ReportQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*SUPERVISORS)
def daily_report(query):
    """The daily activity report of a site as PDF (English or Traditional Chinese) or CSV."""
    tz, day = _day(query)
    now = _now()
    d = load_day(session(), query["site_id"], day)
    views = round_views(d, tz, now)
    rows = report.report_rows(d, views, tz, query["lang"])
    name = f"patrol-{query['site_id']}-{day.isoformat()}-{query['lang']}"
    if query["format"] == "csv":
        return csv_response(report.to_csv(rows, query["lang"]), f"{name}.csv")
    images = photos_of_site(session(), query["site_id"], report.photo_refs(d))
    counts = Counter(v["status"].status for v in views)
    pdf = report.to_pdf(d, rows, query["lang"], tz, now, dict(counts), images)
    return pdf_response(pdf, f"{name}.pdf")


@bp.get("/rounds/<round_id>")
@requires(*GUARDS)
def round_detail(round_id):
    """One round with its scans and its status so far (scans are not pulled: a site-day holds thousands)."""
    row = session().get(EntityRow, (ROUND, round_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such round.")
    check_site(current_user(), row.space)
    rnd = row.data
    scans = sorted(entities(session(), row.space, SCAN, round_id=round_id), key=lambda x: x["corrected_at"])
    status = classify_round(Window(rnd["slot_start"], rnd["slot_end"], rnd["grace_ms"]), rnd["checkpoint_ids"],
                            [ScanFact(x["checkpoint_id"], x["corrected_at"], x["received_at"], x["id"]) for x in scans],
                            _now(), ordered=rnd["ordered"])
    return {"round": dict(rnd, version=row.version), "scans": scans, "status": status.as_dict()}


@bp.get("/incidents/<incident_id>/analysis.pdf")
@bp.arguments(LangQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*SUPERVISORS)
def incident_analysis(query, incident_id):
    """A major incident's analysis report (time, place, what happened, handling, impact, cause,
    negligence, corrective and preventive measures) as PDF, in English or Traditional Chinese."""
    row = session().get(EntityRow, (INCIDENT, incident_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such incident.")
    check_site(current_user(), row.space)
    site = session().get(Site, row.space)
    pdf = analysis.to_pdf(row.data, site, site.tz, query["lang"])
    return pdf_response(pdf, f"incident-{row.data.get('number') or incident_id[:8]}-{query['lang']}.pdf")
