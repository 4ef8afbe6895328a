"""The callback plan not tied to a case (system 11.1.3; issue 12 item 7): customer
service calls each area back every quarter, and the director calls once or twice a
year. A supervisor keeps the plan (`case.plan_set`: an area, its owner, how many
times a year); whoever owns an area sees its due callback on their phone until a
callback that reached someone is recorded for the current period
(`case.plan_call`). Every issue raised in such a callback becomes a case of its
own (channel `callback`), as in a case's callback; the callback handling rate is
the plans called in a period over the plans due in it (goal 100 %).

Periods count in the site's time zone, on the corrected time of the call: a
quarter (`2026-Q4`), a half year (`2026-H2`) or a year (`2026`). Pure but for the
handlers' context.
"""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.cases.handling import IssueIn
from backend.cases.intake import ID, new_case
from backend.cases.kinds import PLAN
from backend.cases.states import when
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

WHO = ("area", "director")
PER_YEAR = {"area": (4,), "director": (1, 2)}  # each area every quarter; the director once or twice a year


class PlanIn(Schema):
    plan_id = fields.String(required=True, validate=ID)
    who = fields.String(required=True, validate=validate.OneOf(WHO))
    area = fields.String(required=True, validate=validate.Length(1, 100))   # a block, a district, customers of a region
    owner_id = fields.Integer(required=True, strict=True)                   # who calls (sees the due list)
    owner_name = fields.String(load_default="", validate=validate.Length(max=200))
    per_year = fields.Integer(required=True, strict=True, validate=validate.OneOf((1, 2, 4)))
    active = fields.Boolean(load_default=True)
    note = fields.String(load_default="", validate=validate.Length(max=1000))

    @validates_schema
    def _often(self, data, **kw):
        if data["per_year"] not in PER_YEAR[data["who"]]:
            raise ValidationError("an area is called back every quarter (4 a year); the director once or "
                                  "twice a year", "per_year")


class PlanCallIn(Schema):
    plan_id = fields.String(required=True, validate=ID)
    reached = fields.Boolean(required=True)
    satisfied = fields.Boolean(load_default=None, allow_none=True)
    whom = fields.String(load_default="", validate=validate.Length(max=200))   # who was called: unit, name, phone
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    new_issues = fields.List(fields.Nested(IssueIn), load_default=list, validate=validate.Length(max=20))

    @validates_schema
    def _reached(self, data, **kw):
        if not data["reached"] and (data["satisfied"] is not None or data["new_issues"]):
            raise ValidationError("nobody was reached: no satisfaction or issues to record", "reached")


def period(day: str, per_year: int) -> dict:
    """The period of `per_year` (1, 2, 4) holding the ISO `day`: its label, first and last day."""
    d = date.fromisoformat(day)
    months = 12 // per_year
    first_month = (d.month - 1) // months * months + 1
    last_month = first_month + months - 1
    end = date(d.year + (last_month == 12), last_month % 12 + 1, 1).toordinal() - 1
    n = (d.month - 1) // months + 1
    label = {1: f"{d.year}", 2: f"{d.year}-H{n}", 4: f"{d.year}-Q{n}"}[per_year]
    return {"period": label, "start": date(d.year, first_month, 1).isoformat(),
            "end": date.fromordinal(end).isoformat()}


def status(plan: dict, today: str) -> dict:
    """Where a plan stands today: its period, whether it is due (no callback that reached
    someone in this period), and the last callback."""
    p = period(today, plan["per_year"])
    calls = [c for c in plan["calls"] if c["period"] == p["period"]]
    done = any(c["reached"] for c in calls)
    return p | {"due": plan["active"] and not done, "called": done, "tries": len(calls),
                "last_call": plan["calls"][-1] if plan["calls"] else None}


def rate(plans: list[dict], today: str, closed: set[str]) -> dict:
    """The callback handling rate of the current periods: plans called / active plans (goal
    100 %); and the issues raised in those periods' callbacks, handled = their case closed."""
    active = [p for p in plans if p["active"]]
    called = sum(1 for p in active if status(p, today)["called"])
    issues = [c["id"] for p in plans for call in p["calls"] if call["period"] == period(today, p["per_year"])["period"]
              for c in call["new_cases"]]
    handled = sum(1 for i in issues if i in closed)
    return {"plans": len(active), "called": called, "rate": called / len(active) if active else None,
            "issues": len(issues), "issues_handled": handled}


def plan_set(ctx: HandlerContext, m: Mutation) -> None:
    """Add or change a plan line (supervisors); its callbacks are kept."""
    p = m.payload
    facts = {k: p[k] for k in ("who", "area", "owner_id", "owner_name", "per_year", "active", "note")}
    facts["area"] = facts["area"].strip()
    found = ctx.get(PLAN, p["plan_id"])
    if found is None:
        ctx.create(PLAN, p["plan_id"], facts | {"calls": []})
    else:
        ctx.put(PLAN, found.id, found.data | facts)


def plan_call(ctx: HandlerContext, m: Mutation) -> None:
    """A callback of the plan (its owner, the front desk, supervisors): kept in its period;
    each issue raised becomes a case that follows nothing but names the plan."""
    p, s = m.payload, ctx.stamp()
    target = ctx.existing(PLAN, p["plan_id"])
    plan = target.data
    if not plan["active"]:
        raise Rejected("plan_inactive", f"the callback plan for {plan['area']} is no longer kept")
    raised = []
    for i, issue in enumerate(p["new_issues"], 1):
        facts = {"person": "other", "unit": "", "customer_id": None, "name": p["whom"], "phone": "", "address": "",
                 "abroad": False, "type": issue["type"], "channel": "callback", "matter": issue["matter"],
                 "place": plan["area"], "reason": "", "photos": [], "severity": "normal", "product_class": None,
                 "needs_report": False}
        new = new_case(ctx, f"{m.id}.{i}", facts, source=None)
        raised.append({"id": new["id"], "number": new["number"]})
    at = when(s)
    plan["calls"].append({"id": m.id, "period": period(ctx.day(at), plan["per_year"])["period"], "at": at,
                          "reached": p["reached"], "satisfied": p["satisfied"], "whom": p["whom"], "note": p["note"],
                          "new_cases": raised, "user_id": s["user_id"], "user_name": s["user_name"]})
    plan["calls"].sort(key=lambda c: (c["at"], c["id"]))  # two phones offline: the same order whatever arrives first
    ctx.put(PLAN, target.id, plan)
    ctx.result(new_cases=[r["number"] for r in raised])
