"""The office's list of customer files (online, read-only)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.customers.customers import CUSTOMER, READERS
from backend.customers.profile import PROFILE, PROFILE_READERS, waiting
from backend.db import session
from backend.errors import ApiError
from backend.identity.service import check_site, current_user, requires
from backend.sync_api.models import EntityRow
from backend.sync_api.store import entities

bp = Blueprint("customers", __name__, url_prefix="/api/customers", description="Customer files")


class ListQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    type = fields.String(load_default=None, validate=validate.OneOf(["wholesale", "franchise"]))


@bp.get("")
@bp.arguments(ListQuery, location="query")
@requires(*READERS)
def list_customers(query):
    """A site's customer files, by name."""
    check_site(current_user(), query["site_id"])
    found = entities(session(), query["site_id"], CUSTOMER, **({"type": query["type"]} if query["type"] else {}))
    return {"customers": sorted(found, key=lambda c: c["name"].lower())}


class WantedQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    item_code = fields.String(load_default=None, validate=validate.Length(1, 60))


@bp.get("/wanted")
@bp.arguments(WantedQuery, location="query")
@requires(*PROFILE_READERS)
def wanted(query):
    """Customers waiting to be told an item is in stock (optionally one item), oldest first."""
    check_site(current_user(), query["site_id"])
    names = {c["id"]: c["name"] for c in entities(session(), query["site_id"], CUSTOMER)}
    rows = waiting(entities(session(), query["site_id"], PROFILE), query["item_code"])
    return {"wanted": [r | {"customer_name": names.get(r["customer_id"])} for r in rows]}


@bp.get("/<customer_id>/profile")
@requires(*PROFILE_READERS)
def profile(customer_id):
    """The service side of a customer file: contact person, interests, opinion, suggestions, records."""
    row = session().get(EntityRow, (CUSTOMER, customer_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such customer.")
    check_site(current_user(), row.space)
    found = session().get(EntityRow, (PROFILE, customer_id))
    data = found.data if found is not None and not found.deleted else {
        "customer_id": customer_id, "contact_person": "", "interests": [], "opinion": "", "suggestions": "", "records": []}
    return data | {"customer": dict(row.data, id=customer_id)}


@bp.get("/<customer_id>")
@requires(*READERS)
def customer(customer_id):
    """One customer file."""
    row = session().get(EntityRow, (CUSTOMER, customer_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such customer.")
    check_site(current_user(), row.space)
    return dict(row.data, version=row.version)
