"""Patrol set-up API (online): checkpoints, labels, routes, schedules."""
from __future__ import annotations

import io
import time
from datetime import timedelta

import qrcode
from flask import send_file
from flask_smorest import Blueprint
from sqlalchemy import select

from backend.db import session
from backend.printing import pdf_response
from backend.errors import ApiError
from backend.identity.models import Site
from backend.identity.service import check_site, current_user, get_site, requires
from backend.patrol import labels, schemas, setup, timetable
from backend.patrol.timetable import Plan, local_day
from backend.patrol.kinds import GUARDS, SUPERVISORS
from backend.patrol.models import Checkpoint, Route, Schedule

bp = Blueprint("patrol_setup", __name__, url_prefix="/api/patrol", description="Patrol set-up")


def _own(model, row_id: str):
    """A set-up row of a site the caller works at, or 404/403."""
    row = session().get(model, row_id)
    if row is None:
        raise ApiError(404, "not_found", f"No such {model.__name__.lower()}.")
    check_site(current_user(), row.site_id)
    return row


def _site_rows(model, site_id: str):
    check_site(current_user(), site_id)
    return list(session().scalars(select(model).where(model.site_id == site_id).order_by(model.created_at)))


@bp.get("/checkpoints")
@bp.arguments(schemas.SiteQuery, location="query")
@bp.response(200, schemas.CheckpointOut(many=True))
@requires(*GUARDS)
def checkpoints(query):
    """The checkpoints of a site: with their codes for supervisors and admins, only
    the codes' salted hashes for guards (a guard learns a code by walking to its label)."""
    codes = current_user().role in SUPERVISORS
    return [setup.checkpoint_data(c, codes) for c in _site_rows(Checkpoint, query["site_id"])]


@bp.post("/checkpoints")
@bp.arguments(schemas.CheckpointIn)
@bp.response(201, schemas.CheckpointOut)
@requires(*SUPERVISORS)
def add_checkpoint(body):
    """Add a checkpoint; it gets a random code for its QR label."""
    check_site(current_user(), body["site_id"])
    c = setup.create_checkpoint(session(), body.pop("site_id"), current_user().id, actor=current_user(), **body)
    session().commit()
    return setup.checkpoint_data(c, codes=True)


@bp.patch("/checkpoints/<checkpoint_id>")
@bp.arguments(schemas.CheckpointPatch)
@bp.response(200, schemas.CheckpointOut)
@requires(*SUPERVISORS)
def edit_checkpoint(body, checkpoint_id):
    """Change a checkpoint's names, place, checks, GPS, or retire it (`active: false`), saying why."""
    c = setup.update_checkpoint(session(), _own(Checkpoint, checkpoint_id), actor=current_user(), **body)
    session().commit()
    return setup.checkpoint_data(c, codes=True)


@bp.post("/checkpoints/<checkpoint_id>/new-code")
@bp.arguments(schemas.ReasonIn)
@bp.response(200, schemas.CheckpointOut)
@requires(*SUPERVISORS)
def new_code(body, checkpoint_id):
    """Replace a lost or copied label, saying why: the old code is refused from now on."""
    c = setup.replace_code(session(), _own(Checkpoint, checkpoint_id), actor=current_user(), reason=body["reason"])
    session().commit()
    return setup.checkpoint_data(c, codes=True)


@bp.get("/checkpoints/<checkpoint_id>/label.pdf")
@bp.response(200, content_type="application/pdf")
@requires(*SUPERVISORS)
def label(checkpoint_id):
    """One checkpoint's label (QR, names in English and Chinese, site)."""
    c = _own(Checkpoint, checkpoint_id)
    return pdf_response(labels.single_label(c, session().get(Site, c.site_id)), f"checkpoint-{c.id[:8]}.pdf")


@bp.get("/checkpoints/<checkpoint_id>/qr.png")
@bp.response(200, content_type="image/png")
@requires(*SUPERVISORS)
def qr_png(checkpoint_id):
    """The checkpoint's QR alone, as an image (screens, replacement stickers, test cameras)."""
    c = _own(Checkpoint, checkpoint_id)
    buf = io.BytesIO()
    qrcode.make(setup.checkpoint_data(c, codes=True)["qr"], box_size=8, border=4).save(buf, format="PNG")
    buf.seek(0)
    return send_file(buf, mimetype="image/png", max_age=0)


@bp.get("/labels.pdf")
@bp.arguments(schemas.LabelQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*SUPERVISORS)
def label_sheet(query):
    """A4 sheets of labels: every active checkpoint of a site, or those named in `ids`."""
    ids = query["ids"]
    rows = [c for c in _site_rows(Checkpoint, query["site_id"]) if (c.id in ids if ids else c.active)]
    if not rows:
        raise ApiError(404, "no_checkpoints", "No checkpoints to print.")
    return pdf_response(labels.label_sheet(rows, session().get(Site, query["site_id"])), f"labels-{query['site_id']}.pdf")


@bp.get("/routes")
@bp.arguments(schemas.SiteQuery, location="query")
@bp.response(200, schemas.RouteOut(many=True))
@requires(*GUARDS)
def routes(query):
    """The routes of a site."""
    return [setup.route_data(r) for r in _site_rows(Route, query["site_id"])]


@bp.post("/routes")
@bp.arguments(schemas.RouteIn)
@bp.response(201, schemas.RouteOut)
@requires(*SUPERVISORS)
def add_route(body):
    """Add a route: checkpoints in order (ordered) or to visit in any order."""
    check_site(current_user(), body["site_id"])
    r = setup.create_route(session(), body.pop("site_id"), actor=current_user(), **body)
    session().commit()
    return setup.route_data(r)


@bp.patch("/routes/<route_id>")
@bp.arguments(schemas.RoutePatch)
@bp.response(200, schemas.RouteOut)
@requires(*SUPERVISORS)
def edit_route(body, route_id):
    """Change a route or retire it (`active: false`), saying why."""
    r = setup.update_route(session(), _own(Route, route_id), actor=current_user(), **body)
    session().commit()
    return setup.route_data(r)


@bp.get("/schedules")
@bp.arguments(schemas.SiteQuery, location="query")
@bp.response(200, schemas.ScheduleOut(many=True))
@requires(*GUARDS)
def schedules(query):
    """The schedules of a site."""
    return [setup.schedule_data(sc) for sc in _site_rows(Schedule, query["site_id"])]


@bp.post("/schedules")
@bp.arguments(schemas.ScheduleIn)
@bp.response(201, schemas.ScheduleOut)
@requires(*SUPERVISORS)
def add_schedule(body):
    """Add a schedule: start times or every N hours, a window and a grace period."""
    check_site(current_user(), body["site_id"])
    sc = setup.create_schedule(session(), body.pop("site_id"), actor=current_user(), **body)
    session().commit()
    return setup.schedule_data(sc)


@bp.patch("/schedules/<schedule_id>")
@bp.arguments(schemas.SchedulePatch)
@bp.response(200, schemas.ScheduleOut)
@requires(*SUPERVISORS)
def edit_schedule(body, schedule_id):
    """Change a schedule or retire it (`active: false`), saying why."""
    sc = setup.update_schedule(session(), _own(Schedule, schedule_id), actor=current_user(), **body)
    session().commit()
    return setup.schedule_data(sc)


@bp.post("/schedules/preview")
@bp.arguments(schemas.PreviewIn)
@bp.response(200, schemas.PreviewOut)
@requires(*SUPERVISORS)
def preview(body):
    """The slots a schedule's timing makes on a day (default: tomorrow, site time), saved or not:
    each window's start and end, when it is missed (after the grace), whether it crosses midnight."""
    site = get_site(session(), body["site_id"], current_user())
    day = body["day"] or local_day(int(time.time() * 1000), site.tz) + timedelta(days=1)
    return {"day": day.isoformat(), "tz": site.tz, "slots": timetable.preview(Plan.of(body), day, site.tz)}
