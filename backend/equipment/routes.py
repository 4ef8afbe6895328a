"""Equipment set-up API (online): the register, labels, posts, what expires soon."""
from __future__ import annotations

import time

from flask_smorest import Blueprint

from backend.db import session
from backend.equipment import labels, register, schemas
from backend.equipment.kinds import GUARDS, ITEM, POST, SUPERVISORS
from backend.errors import ApiError
from backend.identity.service import check_site, current_user, get_site, requires
from backend.printing import pdf_response
from backend.sync_api.store import entities
from sync.records import local

bp = Blueprint("equipment", __name__, url_prefix="/api/equipment", description="Equipment register and posts")


def _own(kind: str, entity_id: str) -> dict:
    data = register.row(session(), kind, entity_id)
    check_site(current_user(), data["site_id"])
    return data



@bp.get("/items")
@bp.arguments(schemas.SiteQuery, location="query")
@requires(*GUARDS)
def items(query):
    """The register of a site: every item with its place, floor, expiry and code."""
    get_site(session(), query["site_id"], current_user())
    rows = entities(session(), query["site_id"], ITEM)
    if current_user().role in SUPERVISORS:  # codes reach supervisors and admins only
        rows = [register.with_code(session(), i) for i in rows]
    return {"items": sorted(rows, key=lambda i: (i["floor"], i["name"]))}


@bp.post("/items")
@bp.arguments(schemas.ItemIn)
@requires(*SUPERVISORS)
def add_item(body):
    """Add an item to the register; it gets a random code for its QR label."""
    get_site(session(), body["site_id"], current_user())
    data = register.with_code(session(), register.create_item(session(), body.pop("site_id"), **body))
    session().commit()
    return data, 201


@bp.patch("/items/<item_id>")
@bp.arguments(schemas.ItemPatch)
@requires(*SUPERVISORS)
def edit_item(body, item_id):
    """Change an item (after a service: its new expiry date), or retire it."""
    data = register.with_code(session(), register.update_item(session(), _own(ITEM, item_id), **body))
    session().commit()
    return data


@bp.post("/items/<item_id>/new-code")
@requires(*SUPERVISORS)
def new_code(item_id):
    """Replace a lost or copied label: the old code is refused from now on."""
    data = register.with_code(session(), register.replace_code(session(), _own(ITEM, item_id)))
    session().commit()
    return data


@bp.get("/labels.pdf")
@bp.arguments(schemas.LabelQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*SUPERVISORS)
def label_sheet(query):
    """A4 sheets of labels: every active item of a site, or those named in `ids`."""
    site = get_site(session(), query["site_id"], current_user())
    ids = query["ids"]
    rows = [register.with_code(session(), i) for i in entities(session(), site.id, ITEM)
            if (i["id"] in ids if ids else i["active"])]
    if not rows:
        raise ApiError(404, "no_equipment", "No equipment to print.")
    rows.sort(key=lambda i: (i["floor"], i["name"]))
    return pdf_response(labels.label_sheet(rows, site), f"equipment-labels-{site.id}.pdf")


@bp.get("/expiring")
@bp.arguments(schemas.ExpiringQuery, location="query")
@requires(*GUARDS)
def expiring(query):
    """Items whose expiry or next service is within `days` (default 30) or past: for the board."""
    site = get_site(session(), query["site_id"], current_user())
    today = local(int(time.time() * 1000), site.tz).date()
    return {"today": today.isoformat(), "days": query["days"],
            "items": register.expiring(session(), site.id, today, query["days"])}


@bp.get("/posts")
@bp.arguments(schemas.SiteQuery, location="query")
@requires(*GUARDS)
def posts(query):
    """The posts of a site with their equipment lists."""
    get_site(session(), query["site_id"], current_user())
    return {"posts": entities(session(), query["site_id"], POST)}


@bp.post("/posts")
@bp.arguments(schemas.PostIn)
@requires(*SUPERVISORS)
def add_post(body):
    """Add a post (a gate, the desk, a patrol beat) with its equipment list."""
    get_site(session(), body["site_id"], current_user())
    data = register.create_post(session(), body.pop("site_id"), actor=current_user(), **body)
    session().commit()
    return data, 201


@bp.patch("/posts/<post_id>")
@bp.arguments(schemas.PostPatch)
@requires(*SUPERVISORS)
def edit_post(body, post_id):
    """Change a post's names or equipment list, or retire it, with the reason (kept in the change log)."""
    data = register.update_post(session(), _own(POST, post_id), actor=current_user(), **body)
    session().commit()
    return data
