"""The office's reads (online): orders with the overdue ones marked, one order
with its boxes, dispatches and return slips; CSV checked before it is imported;
the seal registry; the server's countersignature of a sealed box; the printed forms."""
from __future__ import annotations

import time

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.db import session
from backend.printing import pdf_response
from backend.errors import ApiError
from backend.identity.models import Site
from backend.identity.service import check_site, current_user, requires
from backend.keys.service import sign_token
from backend.packing import csvimport, labels, printing, seals
from backend.packing.kinds import BOX, CUSTOMER, DISPATCH, ORDER, ORDER_TAKERS, PACKERS, RETURN, SEAL
from backend.packing.rules import overdue
from backend.sync_api.models import EntityRow
from backend.sync_api.store import by_ids, entities, publish

bp = Blueprint("packing", __name__, url_prefix="/api/packing", description="Packing: orders, boxes, dispatch, returns")


class SiteQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))


class OrdersQuery(SiteQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(
        ["open", "counting", "signed", "sealed", "dispatched"]))
    overdue = fields.Boolean(load_default=False)


class SealsQuery(SiteQuery):
    state = fields.String(load_default=None, validate=validate.OneOf(seals.STATES))


class LangQuery(Schema):
    lang = fields.String(load_default="en", validate=validate.OneOf(["en", "zh-Hant"]))


class CsvIn(SiteQuery):
    csv = fields.String(required=True, validate=validate.Length(1, 1_000_000))


MAX_LABELS = 2000


def _now() -> int:
    return int(time.time() * 1000)


def _record(kind: str, entity_id: str) -> tuple[dict, Site]:
    """A live record of a site the caller works at, and its site; or 404/403."""
    row = session().get(EntityRow, (kind, entity_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such record.")
    check_site(current_user(), row.space)
    return dict(row.data, version=row.version), session().get(Site, row.space)


@bp.get("/orders")
@bp.arguments(OrdersQuery, location="query")
@requires(*ORDER_TAKERS)
def orders(query):
    """A site's orders, newest first; overdue ones (not packed by the latest picking time) marked."""
    check_site(current_user(), query["site_id"])
    now = _now()
    found = entities(session(), query["site_id"], ORDER, newest_first=True,
                     **({"status": query["status"]} if query["status"] else {}))
    out = [dict(o, overdue=overdue(o, now)) for o in found]
    return {"orders": [o for o in out if o["overdue"]] if query["overdue"] else out}


@bp.get("/orders/<order_id>")
@requires(*ORDER_TAKERS)
def order(order_id):
    """One order with its boxes, its dispatch and its return slips."""
    o, _ = _record(ORDER, order_id)
    boxes = by_ids(session(), BOX, o["box_ids"])
    return {"order": dict(o, overdue=overdue(o, _now())), "boxes": [boxes[i] for i in o["box_ids"] if i in boxes],
            "dispatch": by_ids(session(), DISPATCH, [o["dispatch_id"]]).get(o["dispatch_id"]) if o["dispatch_id"] else None,
            "returns": list(by_ids(session(), RETURN, o.get("return_ids", [])).values())}


@bp.post("/orders/check-csv")
@bp.arguments(CsvIn)
@requires(*ORDER_TAKERS)
def check_csv(body):
    """Check a CSV of orders before importing it (`order.import`): each bad row by its line number."""
    check_site(current_user(), body["site_id"])
    known = {c["id"] for c in entities(session(), body["site_id"], CUSTOMER)}
    found, errors = csvimport.parse(body["csv"], known.__contains__)
    if errors:
        raise ApiError(422, "csv_invalid", f"{len(errors)} bad row(s): nothing was imported.",
                       {"rows": errors})
    return {"orders": len(found), "lines": sum(len(o["lines"]) for o in found)}


@bp.get("/dispatches")
@bp.arguments(SiteQuery, location="query")
@requires(*PACKERS)
def dispatches(query):
    """A site's dispatch records, newest first."""
    check_site(current_user(), query["site_id"])
    return {"dispatches": entities(session(), query["site_id"], DISPATCH, newest_first=True)}


@bp.get("/returns")
@bp.arguments(SiteQuery, location="query")
@requires(*PACKERS)
def return_slips(query):
    """A site's return slips, newest first."""
    check_site(current_user(), query["site_id"])
    return {"returns": entities(session(), query["site_id"], RETURN, newest_first=True)}


@bp.get("/seals")
@bp.arguments(SealsQuery, location="query")
@requires(*PACKERS)
def seal_registry(query):
    """A site's seal registry by number, each seal with its state and who and when at each step."""
    check_site(current_user(), query["site_id"])
    found = entities(session(), query["site_id"], SEAL, **({"state": query["state"]} if query["state"] else {}))
    return {"seals": sorted(found, key=lambda x: x["number"])}


@bp.post("/boxes/<box_id>/countersign")
@requires(*PACKERS)
def countersign(box_id):
    """The server's countersignature of a sealed box's label (after sync); phones pull it."""
    box, site = _record(BOX, box_id)
    if box["sealed"] is None:
        raise ApiError(409, "box_not_sealed", "The box is not sealed yet.")
    if box["countersign"] is None:
        box.pop("version")
        box["countersign"] = sign_token(session(), site.id, {
            1: labels.COUNTERSIGN, 2: box_id, 3: site.id, 4: _now() // 1000,
            11: labels.label_digest(box["sealed"]["label"])})
        publish(session(), site.id, BOX, box_id, box)
        session().commit()
    return {"box_id": box_id, "countersign": box["countersign"]}


@bp.get("/boxes/<box_id>/label.pdf")
@bp.response(200, content_type="application/pdf")
@requires(*PACKERS)
def box_label(box_id):
    """A sealed box's label, 100 x 150 mm, with its signed QR."""
    box, site = _record(BOX, box_id)
    if box["sealed"] is None:
        raise ApiError(409, "box_not_sealed", "The box is not sealed yet.")
    o, _ = _record(ORDER, box["order_id"])
    pdf = printing.box_label(box, o, site, box["countersign"])
    return pdf_response(pdf, f"box-{box_id}.pdf")


@bp.get("/orders/<order_id>/bill.pdf")
@bp.arguments(LangQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*ORDER_TAKERS)
def bill(query, order_id):
    """The order's bill in three copies."""
    o, site = _record(ORDER, order_id)
    pdf = printing.bill(o, site, query["lang"])
    return pdf_response(pdf, f"bill-{order_id}.pdf")


@bp.get("/orders/<order_id>/item-labels.pdf")
@bp.response(200, content_type="application/pdf")
@requires(*PACKERS)
def item_labels(order_id):
    """Labels for the order's items that carry no code: one per unit, 24 to an A4 sheet."""
    o, _ = _record(ORDER, order_id)
    units = [x for x in o["lines"] for _ in range(min(x["quantity"], MAX_LABELS))][:MAX_LABELS]
    pdf = printing.item_labels(units)
    return pdf_response(pdf, f"items-{order_id}.pdf")


@bp.get("/returns/<return_id>/slip.pdf")
@bp.arguments(LangQuery, location="query")
@bp.response(200, content_type="application/pdf")
@requires(*PACKERS)
def slip(query, return_id):
    """A return slip with its signatures."""
    r, site = _record(RETURN, return_id)
    pdf = printing.return_slip(r, site, query["lang"])
    return pdf_response(pdf, f"return-{return_id}.pdf")
