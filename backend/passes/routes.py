"""REST reads of the desk's passes and permits, their tokens and the pass card (online)."""
from __future__ import annotations

import io

import qrcode
from flask import request, send_file
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.db import session
from backend.printing import pdf_response
from backend.identity.models import Site
from backend.identity.service import check_site, current_user, requires
from backend.media.routes import photos_of_site
from backend.passes import card, consent_email, service
from backend.passes.kinds import DESK, GATE_READERS, PASS, PERMIT, PRESENCE, USE
from backend.sync_api.store import entities

bp = Blueprint("passes", __name__, url_prefix="/api", description="Temporary passes and goods release")

PASS_STATUSES = ("awaiting_approval", "active", "refused", "revoked")
PERMIT_STATUSES = ("awaiting_consent", "approved", "refused", "used")


class ListQuery(Schema):
    site_id = fields.String(required=True)
    status = fields.String(load_default=None, validate=validate.OneOf(PASS_STATUSES + PERMIT_STATUSES))
    limit = fields.Integer(load_default=200, validate=validate.Range(1, 1000))


class TokenOut(Schema):
    token = fields.String()
    qr_version = fields.Integer()
    link = fields.String()


def _list(kind: str, query: dict) -> list[dict]:
    check_site(current_user(), query["site_id"])
    equal = {"status": query["status"]} if query["status"] else {}
    return entities(session(), query["site_id"], kind, newest_first=True, limit=query["limit"], **equal)


def _own(kind: str, record_id: str) -> dict:
    found = service.record(session(), kind, record_id)
    check_site(current_user(), found["site_id"])
    return found


@bp.get("/passes")
@bp.arguments(ListQuery, location="query")
@requires(*DESK)
def passes(query):
    """The site's passes, newest first (the desk's own records: holders' phones included)."""
    return {"passes": _list(PASS, query)}


@bp.get("/passes/uses")
@bp.arguments(ListQuery, location="query")
@requires(*GATE_READERS)
def uses(query):
    """The site's pass scans at the gates, newest first, each with the phone's and the server's verdict."""
    return {"uses": _list(USE, {**query, "status": None})}


@bp.get("/passes/on-site")
@bp.arguments(ListQuery, location="query")
@requires(*GATE_READERS)
def on_site(query):
    """Pass holders whose last use was an entry: who is on site now."""
    rows = _list(PRESENCE, {**query, "status": None, "limit": 1000})
    return {"inside": [r for r in rows if r["inside"]]}


@bp.get("/passes/<pass_id>/token")
@bp.response(200, TokenOut)
@requires(*DESK)
def pass_token(pass_id):
    """The pass's signed QR text, its QR version and the pass page's address."""
    p = _own(PASS, pass_id)
    token = service.pass_token(session(), p)
    session().commit()  # the first token of a site makes its keys
    return {"token": token, "qr_version": service.qr_version(token), "link": service.link(pass_id)}


@bp.get("/passes/<pass_id>/card.pdf")
@bp.response(200, content_type="application/pdf")
@requires(*DESK)
def pass_card(pass_id):
    """The printed pass card: photo, holder, unit, validity, gates, QR; English and Chinese."""
    p = _own(PASS, pass_id)
    token = service.pass_token(session(), p)
    session().commit()
    photo = photos_of_site(session(), p["site_id"], [p["photo"]], purpose="pass").get(p["photo"])
    pdf = card.pass_card(p, session().get(Site, p["site_id"]), token, photo)
    return pdf_response(pdf, f"{p['number']}.pdf")


@bp.get("/permits")
@bp.arguments(ListQuery, location="query")
@requires(*DESK)
def permits(query):
    """The site's goods releases, newest first."""
    return {"permits": _list(PERMIT, query)}


@bp.get("/permits/<permit_id>/token")
@bp.response(200, TokenOut)
@requires(*DESK)
def permit_token(permit_id):
    """The single-use release permit's signed QR text (after the owner's consent)."""
    p = _own(PERMIT, permit_id)
    token = service.permit_token(session(), p)
    session().commit()
    return {"token": token, "qr_version": service.qr_version(token), "link": ""}


@bp.get("/tokens/qr.png")
@bp.arguments(Schema.from_dict({"text": fields.String(required=True, validate=validate.Length(1, 2000))})(),
              location="query")
@bp.response(200, content_type="image/png")
@requires(*DESK)
def token_png(query):
    """A token's QR as an image, for the desk's screen."""
    buf = io.BytesIO()
    qrcode.make(query["text"], error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=6).save(buf, format="PNG")
    buf.seek(0)
    return send_file(buf, mimetype="image/png", max_age=0)


class ConsentEmailIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


@bp.post("/permits/<permit_id>/consent-email")
@bp.arguments(ConsentEmailIn)
@requires(*DESK)
def consent_by_email(body, permit_id):
    """Mail the unit's owner a single-use link to consent to (or refuse) the goods release."""
    p = _own(PERMIT, permit_id)
    sent = consent_email.send(session(), p, body["email"], request.host_url, current_user().name)
    session().commit()
    return sent
