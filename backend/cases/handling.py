"""Handling a case, forward only: hand on, progress, reply, callback, close, reopen,
internal notes (domain-rules.md section 4; issue 12 items 2, 6, 7).

Anyone on duty may hand a case on (with a record of the hand-over: a case is
never dropped for being outside someone's remit), record progress and reply to
the person; they may solve first and complete the record after. The front desk
(customer service) and supervisors call back and close; a supervisor's review
signature (`record.review`) comes before closing, except for a case closed at
first contact by its first owner. A case the person does not accept is followed
by a new case linked to it: the original stays closed and unchanged. Internal
notes are a record kind of their own (`case.note`) that only the desk and
supervisors pull, so they never reach a guard's phone or the reply.

Every event lands in the case's `history` (states.py); an event on a case already
closed is kept there and flagged for a supervisor.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.cases.intake import ID, PERSON, new_case
from backend.cases.kinds import CASE, NOTE, PRODUCT_CLASSES, RANK, REPLY_HOW, RESPONSIBLE, TYPES
from backend.cases.states import advance, earliest, latest, when
from backend.media.fields import photo_list
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected


class CaseRef(Schema):
    case_id = fields.String(required=True, validate=ID)


class HandOnIn(CaseRef):
    department = fields.String(load_default="", validate=validate.Length(max=100))
    to_user_id = fields.Integer(load_default=None, allow_none=True, strict=True)
    to_name = fields.String(load_default="", validate=validate.Length(max=200))
    note = fields.String(load_default="", validate=validate.Length(max=2000))

    @validates_schema
    def _someone(self, data, **kw):
        if not (data["department"].strip() or data["to_name"].strip() or data["to_user_id"]):
            raise ValidationError("hand a case on to a department or a person", "department")


class ProgressIn(CaseRef):
    text = fields.String(required=True, validate=validate.Length(1, 4000))  # the process, what was done
    photos = photo_list()
    next_reply_on = fields.Date(load_default=None, allow_none=True)  # cannot be answered now: the agreed date
    report = fields.Boolean(load_default=False)  # this is the investigation report


class ReplyIn(CaseRef):
    text = fields.String(required=True, validate=validate.Length(1, 4000))  # what the person was told
    how = fields.String(required=True, validate=validate.OneOf(REPLY_HOW))


class IssueIn(Schema):
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    matter = fields.String(required=True, validate=validate.Length(1, 4000))


class CallbackIn(CaseRef):
    reached = fields.Boolean(required=True)
    satisfied = fields.Boolean(load_default=None, allow_none=True)
    new_issues = fields.List(fields.Nested(IssueIn), load_default=list, validate=validate.Length(max=20))
    note = fields.String(load_default="", validate=validate.Length(max=2000))

    @validates_schema
    def _reached(self, data, **kw):
        if not data["reached"] and (data["satisfied"] is not None or data["new_issues"]):
            raise ValidationError("nobody was reached: no satisfaction or issues to record", "reached")


class CloseIn(CaseRef):
    result = fields.String(required=True, validate=validate.Length(1, 4000))
    first_contact = fields.Boolean(load_default=False)
    responsible = fields.String(required=True, validate=validate.OneOf(RESPONSIBLE))
    responsible_name = fields.String(load_default="", validate=validate.Length(max=200))
    valid = fields.Boolean(required=True)          # a valid complaint (counts in the 1 % rate)
    improvement = fields.Boolean(load_default=False)  # improvement tracked (not for a one-off human slip)
    corrective = fields.String(load_default="", validate=validate.Length(max=2000))
    preventive = fields.String(load_default="", validate=validate.Length(max=2000))
    product_class = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(PRODUCT_CLASSES))
    remedy_amount = fields.Float(load_default=0, validate=validate.Range(0, 10_000_000))  # compensation paid, HKD


class ReopenIn(CaseRef):
    matter = fields.String(required=True, validate=validate.Length(1, 4000))
    channel = fields.String(load_default="phone", validate=validate.OneOf(("phone", "letter", "visit", "callback")))


class NoteIn(CaseRef):
    text = fields.String(required=True, validate=validate.Length(1, 4000))


def _case(ctx: HandlerContext, m: Mutation):
    """The case a handling mutation is about; an event after closing (other than a
    callback, which may follow the close) is kept and flagged."""
    target = ctx.existing(CASE, m.payload["case_id"])
    if target.data["status"] == "closed" and m.kind not in ("case.close", "case.callback"):
        ctx.flag("case_closed", f"{target.data['number']} was closed already; kept in its history")
    return target, target.data


def _put(ctx: HandlerContext, target, case: dict) -> None:
    handovers = [e for e in case["history"] if e["event"] == "hand_on"]
    last = latest(handovers)
    case["owner"] = case["first_owner"] if last is None else {
        "user_id": last["to_user_id"], "name": last["to_name"], "department": last["department"], "since": last["at"]}
    ctx.put(CASE, target.id, case)


def hand_on(ctx: HandlerContext, m: Mutation) -> None:
    target, case = _case(ctx, m)
    p = m.payload
    advance(case, "hand_on", "assigned", ctx.stamp(), m.id, department=p["department"].strip(),
            to_user_id=p["to_user_id"], to_name=p["to_name"].strip(), note=p["note"])
    _put(ctx, target, case)


def progress(ctx: HandlerContext, m: Mutation) -> None:
    target, case = _case(ctx, m)
    p, s = m.payload, ctx.stamp()
    next_reply = p["next_reply_on"].isoformat() if p["next_reply_on"] else None
    advance(case, "progress", "in_hand", s, m.id, text=p["text"], photos=p["photos"], next_reply_on=next_reply,
            report=p["report"])
    _met(ctx, case, "checked_day", s)
    if p["report"]:
        _met(ctx, case, "report_day", s)
    if next_reply:
        case["next_reply_on"] = next_reply
    _put(ctx, target, case)


def reply(ctx: HandlerContext, m: Mutation) -> None:
    target, case = _case(ctx, m)
    s = ctx.stamp()
    advance(case, "reply", "answered", s, m.id, text=m.payload["text"], how=m.payload["how"])
    _met(ctx, case, "checked_day", s)
    case["next_reply_on"] = None  # answered: no next reply is owed
    _put(ctx, target, case)


def callback(ctx: HandlerContext, m: Mutation) -> None:
    """Customer service calls the person back; every issue raised becomes a case of its own."""
    target, case = _case(ctx, m)
    p, s = m.payload, ctx.stamp()
    raised = []
    for i, issue in enumerate(p["new_issues"], 1):
        facts = {f: case[f] for f in PERSON} | {
            "type": issue["type"], "channel": "callback", "matter": issue["matter"], "place": case["place"],
            "reason": "", "photos": [], "severity": "normal", "product_class": None, "needs_report": False}
        new = new_case(ctx, f"{m.id}.{i}", facts, follows=case)
        raised.append({"id": new["id"], "number": new["number"]})
    advance(case, "callback", "called_back" if p["reached"] else None, s, m.id, reached=p["reached"],
            satisfied=p["satisfied"], note=p["note"], new_cases=raised)
    _put(ctx, target, case)
    ctx.result(number=case["number"], new_cases=[r["number"] for r in raised])


def close(ctx: HandlerContext, m: Mutation) -> None:
    target, case = _case(ctx, m)
    p, s = m.payload, ctx.stamp()
    product_class = p["product_class"] or case["product_class"]
    if case["type"] == "product_complaint" and not product_class:
        raise Rejected("product_class_required", "a product complaint is classed quality or human factor")
    if p["first_contact"] and (s["user_id"] != case["first_owner"]["user_id"]
                               or any(e["event"] != "received" for e in case["history"])):
        raise Rejected("not_first_contact", "only its first owner closes a case at first contact, before "
                                            "anything else was recorded on it")
    threshold = ctx.setting("case_remedy_threshold")
    approved = bool(case.get("review") and case["review"]["approved"])
    if threshold is not None and p["remedy_amount"] > threshold and not approved:
        raise Rejected("remedy_needs_approval", f"a remedy above {threshold} needs a manager's approval "
                                                "(an approved review signature) before closing")
    if case["status"] == "closed":
        ctx.flag("already_closed", f"closed already by {case['closed']['user_name']}; both kept in the history")
    elif not p["first_contact"]:
        if not approved:
            ctx.flag("closed_without_review", "a supervisor reviews the result before a case is closed")
        if RANK[case["status"]] < RANK["answered"]:
            ctx.flag("closed_without_reply", "no reply to the person is recorded")
    detail = {k: p[k] for k in ("result", "first_contact", "responsible", "responsible_name", "valid",
                                "improvement", "corrective", "preventive", "remedy_amount")} | {"product_class": product_class}
    advance(case, "close", "closed", s, m.id, **detail)
    first = earliest([e for e in case["history"] if e["event"] == "close"])  # two closes: the first counts
    case["closed"] = {k: first.get(k) for k in (*detail, "user_id", "user_name", "at", "id")}
    case["closed_day"] = ctx.day(first["at"])
    if first.get("product_class"):
        case["product_class"] = first["product_class"]
    _put(ctx, target, case)


def reopen(ctx: HandlerContext, m: Mutation) -> None:
    """The person does not accept the result: a new case follows; the original is untouched."""
    original = ctx.existing(CASE, m.payload["case_id"]).data
    facts = {f: original[f] for f in PERSON} | {
        "type": original["type"], "channel": m.payload["channel"], "matter": m.payload["matter"],
        "place": original["place"], "reason": "", "photos": [], "severity": original["severity"],
        "product_class": original["product_class"], "needs_report": False}
    new_case(ctx, m.id, facts, follows=original)


def note(ctx: HandlerContext, m: Mutation) -> None:
    """An internal note: its own record, pulled by the desk and supervisors only."""
    case = ctx.existing(CASE, m.payload["case_id"]).data
    ctx.create(NOTE, m.id, {"case_id": case["id"], "case_number": case["number"], "text": m.payload["text"]})


def _met(ctx: HandlerContext, case: dict, field: str, stamp: dict) -> None:
    """The day a deadline was met: the earliest event that met it, in the site's time zone."""
    day = ctx.day(when(stamp))
    if case[field] is None or day < case[field]:
        case[field] = day
