"""The public half of a site's keys, online (phones get the same through pull)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.db import session
from backend.domain import EVERYONE
from backend.identity.service import check_site, current_user, requires
from backend.keys.service import key_list

bp = Blueprint("keys", __name__, url_prefix="/api/keys", description="Site signing keys")


class SiteQuery(Schema):
    site_id = fields.String(required=True)


@bp.get("")
@bp.arguments(SiteQuery, location="query")
@requires(*EVERYONE)
def keys(query):
    """The site's signing keys still good, as one list signed by the site's root key."""
    check_site(current_user(), query["site_id"])
    result = key_list(session(), query["site_id"])
    session().commit()  # the first call makes the site's keys
    return result
