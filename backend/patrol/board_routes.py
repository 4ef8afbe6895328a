"""The supervisor's board and the daily activity report (online, read-only)."""
from __future__ import annotations

import io
import time
from collections import Counter

from flask import current_app, send_file
from flask_smorest import Blueprint
from sqlalchemy import select

from backend.db import session
from backend.identity.service import check_site, current_user, requires
from backend.patrol import report
from backend.patrol.board import build_board
from backend.patrol.facts import load_day, round_views
from backend.patrol.kinds import SUPERVISORS
from backend.patrol.models import Media
from backend.patrol.schemas import DayQuery, ReportQuery
from backend.patrol.timetable import local_day

bp = Blueprint("patrol_board", __name__, url_prefix="/api/patrol", description="Supervisor board and reports")


def _now() -> int:
    return int(time.time() * 1000)


def _day(query) -> tuple[str, object]:
    tz = current_app.config["GATEHOUSE_TZ"]
    check_site(current_user(), query["site_id"])
    return tz, query["day"] or local_day(_now(), tz)


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
        return send_file(io.BytesIO(report.to_csv(rows, query["lang"])), mimetype="text/csv; charset=utf-8",
                         download_name=f"{name}.csv", max_age=0)
    refs = report.photo_refs(d)
    images = {m.sha256: m.data for m in session().scalars(select(Media).where(Media.sha256.in_(refs)))} if refs else {}
    counts = Counter(v["status"].status for v in views)
    pdf = report.to_pdf(d, rows, query["lang"], tz, now, dict(counts), images)
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=f"{name}.pdf", max_age=0)
