"""Intake: `case.open`, by anyone on duty, offline (domain-rules.md section 4).

Whoever receives a complaint, repair request or request for help registers it
and owns it first. The server gives the number (`CAS-YYYY-MM-NNNN`, the month of
the intake's corrected time in the site's time zone). "Called before?": when the
phone found an open case for the same unit or customer, the intake joins it
(`join_case_id`) instead of opening a second one; a case closed meanwhile is not
reopened: a new case follows it. A case made from a patrol finding, an incident,
a gate record or a duty-log entry keeps the link (`source`). A major complaint
goes to the supervisors at once (a flag: their inbox at the next sync).
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.cases import deadlines, escalation
from backend.cases.kinds import (
    CASE, CHANNELS, CUSTOMER, PEOPLE, PRODUCT_CLASSES, SEVERITIES, SOURCES, TYPES,
)
from backend.cases.states import advance, when
from backend.media.fields import photo_list
from sync.kinds import HandlerContext
from sync.types import Mutation

ID = validate.Length(1, 80)


class SourceIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(SOURCES))
    id = fields.String(required=True, validate=ID)


class PersonFields(Schema):
    """Who raised the matter: a resident by unit, or a customer (the packing
    domain's customer file, linked by id only), or someone else."""

    person = fields.String(required=True, validate=validate.OneOf(PEOPLE))
    unit = fields.String(load_default="", validate=validate.Length(max=40))
    customer_id = fields.String(load_default=None, allow_none=True, validate=ID)
    name = fields.String(load_default="", validate=validate.Length(max=200))
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    address = fields.String(load_default="", validate=validate.Length(max=500))
    abroad = fields.Boolean(load_default=False)  # a customer abroad: 20 days to close, not 15

    @validates_schema
    def _identified(self, data, **kw):
        if data["person"] == "resident" and not data["unit"].strip():
            raise ValidationError("a resident is identified by their unit", "unit")
        if data["person"] == "customer" and not (data["customer_id"] or data["name"].strip()):
            raise ValidationError("a customer is identified by their customer file or name", "customer_id")


class CaseIn(PersonFields):
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    matter = fields.String(required=True, validate=validate.Length(1, 4000))   # what they said
    place = fields.String(load_default="", validate=validate.Length(max=300))   # where from
    reason = fields.String(load_default="", validate=validate.Length(max=2000))  # why
    photos = photo_list()
    severity = fields.String(load_default="normal", validate=validate.OneOf(SEVERITIES))
    product_class = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(PRODUCT_CLASSES))
    needs_report = fields.Boolean(load_default=False)  # an investigation report within 3 days
    source = fields.Nested(SourceIn, load_default=None, allow_none=True)
    join_case_id = fields.String(load_default=None, allow_none=True, validate=ID)


class CaseChangesIn(Schema):
    """What a correction of a case may change (`record.amend`); its handling never."""

    type = fields.String(validate=validate.OneOf(TYPES))
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    unit = fields.String(validate=validate.Length(max=40))
    customer_id = fields.String(allow_none=True, validate=ID)
    name = fields.String(validate=validate.Length(max=200))
    phone = fields.String(validate=validate.Length(max=40))
    address = fields.String(validate=validate.Length(max=500))
    abroad = fields.Boolean()
    matter = fields.String(validate=validate.Length(1, 4000))
    place = fields.String(validate=validate.Length(max=300))
    reason = fields.String(validate=validate.Length(max=2000))
    severity = fields.String(validate=validate.OneOf(SEVERITIES))
    product_class = fields.String(allow_none=True, validate=validate.OneOf(PRODUCT_CLASSES))
    needs_report = fields.Boolean()


PERSON = ("person", "unit", "customer_id", "name", "phone", "address", "abroad")
FACTS = PERSON + ("type", "channel", "matter", "place", "reason", "photos", "severity", "product_class",
                  "needs_report")


def open_case(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    if p["join_case_id"]:
        target = ctx.get(CASE, p["join_case_id"])
        if target is not None and target.data["status"] != "closed":
            join(ctx, m, target)
            return
        follows = target.data if target is not None else None
    else:
        follows = None
    data = {f: p[f] for f in FACTS}
    if p["customer_id"] and ctx.get(CUSTOMER, p["customer_id"]) is None:
        ctx.flag("customer_unknown", f"no customer file {p['customer_id']} at this site (yet); the link is kept")
    case = new_case(ctx, m.id, data, follows=follows, source=_source(ctx, p["source"]))
    if p["severity"] == "major":
        ctx.flag("major_complaint", f"{p['type']}: {p['matter'][:200]}")
        escalation.escalate(ctx, case)


def new_case(ctx: HandlerContext, case_id: str, facts: dict, follows: dict | None = None,
             source: dict | None = None) -> dict:
    """Create a case owned by whoever registers it; returns what was stored."""
    s = ctx.stamp()
    at = when(s)
    owner = {"user_id": s["user_id"], "name": s["user_name"], "department": "", "since": at}
    case = {**facts, "status": "received", "history": [], "contacts": [], "source": source,
            "follows": ({"id": follows["id"], "number": follows.get("number")} if follows else None),
            "first_owner": owner, "owner": owner, "accepted_at": at, "accepted_day": ctx.day(at),
            "rules": deadlines.rules_of(ctx.setting, facts["type"]), "next_reply_on": None,
            "checked_day": None, "report_day": None, "closed_day": None, "closed": None}
    advance(case, "received", "received", s, case_id, channel=facts["channel"])
    return ctx.create(CASE, case_id, case)


def join(ctx: HandlerContext, m: Mutation, target) -> None:
    """The same person called again about an open case: a contact on that case, no second case."""
    p, case = m.payload, target.data
    contact = {"id": m.id, "channel": p["channel"], "matter": p["matter"], "photos": p["photos"],
               **{f: p[f] for f in PERSON}, **ctx.stamp()}
    case["contacts"].append(contact)
    advance(case, "contact", None, ctx.stamp(), m.id, channel=p["channel"], matter=p["matter"])
    ctx.put(CASE, target.id, case)
    ctx.result(joined=target.id, number=case["number"])


def _source(ctx: HandlerContext, source: dict | None) -> dict | None:
    """The record a case came from, with its number when the server holds it. An
    unknown one (not yet synced from another phone) keeps the link and is flagged."""
    if source is None:
        return None
    found = ctx.get(source["kind"], source["id"])
    if found is None:
        ctx.flag("source_unknown", f"no {source['kind']} {source['id']} at this site (yet)")
        return {**source, "number": None}
    return {**source, "number": found.data.get("number")}
