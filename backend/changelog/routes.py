"""The change log, readable online by supervisors (their sites) and admins (everything)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from backend.changelog.models import SetupChange
from backend.changelog.service import SUBJECTS
from backend.db import session
from backend.errors import ApiError
from backend.identity.service import current_user, get_site, requires

bp = Blueprint("changelog", __name__, url_prefix="/api", description="Set-up change log")


class ChangesQuery(Schema):
    site_id = fields.String(load_default=None, validate=validate.Length(1, 40))
    subject = fields.String(load_default=None, validate=validate.OneOf(SUBJECTS))
    subject_id = fields.String(load_default=None, validate=validate.Length(1, 40))
    before = fields.Integer(load_default=None, validate=validate.Range(1),
                            metadata={"description": "cursor: the `next` of the previous page"})
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))


class ByOut(Schema):
    user_id = fields.Integer()
    name = fields.String()


class ChangeOut(Schema):
    id = fields.Integer()
    site_id = fields.String(allow_none=True)
    subject = fields.String()
    subject_id = fields.String()
    version = fields.Integer()
    action = fields.String()
    changes = fields.Dict(metadata={"description": "field -> [before, after]"})
    reason = fields.String()
    by = fields.Nested(ByOut)
    at = fields.String()


class ChangesOut(Schema):
    changes = fields.List(fields.Nested(ChangeOut))
    next = fields.Integer(allow_none=True, metadata={"description": "pass as `before` for the next page; null at the end"})


@bp.get("/changes")
@bp.arguments(ChangesQuery, location="query")
@bp.response(200, ChangesOut)
@requires("supervisor", "admin")
def changes(query):
    """Set-up changes, newest first: who, when, why, and the version each made.
    A supervisor names a site they work at; without `site_id` (users' changes too) admins only."""
    user = current_user()
    q = select(SetupChange)
    if query["site_id"]:
        get_site(session(), query["site_id"], user)
        q = q.where(SetupChange.site_id == query["site_id"])
    elif user.role != "admin":
        raise ApiError(403, "forbidden", "Name a site: only an administrator reads every site's changes.")
    for key in ("subject", "subject_id"):
        if query[key]:
            q = q.where(getattr(SetupChange, key) == query[key])
    if query["before"]:
        q = q.where(SetupChange.id < query["before"])
    rows = list(session().scalars(q.order_by(SetupChange.id.desc()).limit(query["limit"] + 1)))
    more = len(rows) > query["limit"]
    rows = rows[:query["limit"]]
    return {"changes": [r.as_dict() for r in rows], "next": rows[-1].id if more else None}
