"""Deadlines of a case, counted in the site's time zone (domain-rules.md section 4).

A case is accepted on the local day of its intake's corrected time (the same time
base as its number's month and the statistics). It is closed within 15 days of
that day (20 for a customer abroad); a resident's complaint is checked the same
day; an investigation report, where one is needed, within 3 days; a next-reply
date, once agreed, is kept. The day counts are the site's settings at intake,
kept on the case (`rules`), so a later change of a setting never moves an old
case's deadline. Everything here is pure: dates in, dates out.
"""
from __future__ import annotations

from datetime import date, timedelta

# Site settings (sites.settings) and their defaults.
DEFAULTS = {"case_close_days": 15, "case_close_days_abroad": 20, "case_report_days": 3}
BY_TYPE = "case_close_days_by_type"  # e.g. {"enquiry": 3}: a type's own closing days (abroad still gets its 20)


def rules_of(setting, type: str) -> dict:
    """The day counts a new case of `type` keeps, from the site's settings (`setting(name, default)`)."""
    rules = {name: int(setting(name, default)) for name, default in DEFAULTS.items()}
    own = (setting(BY_TYPE, {}) or {}).get(type)
    if own is not None:
        rules["case_close_days"] = int(own)
    return rules


def due(case: dict) -> dict[str, str | None]:
    """Every deadline of a case as an ISO day (None when it has none):
    `close` (by the end of that day), `check`, `report`, `next_reply`."""
    accepted = date.fromisoformat(case["accepted_day"])
    rules = case["rules"]
    close_days = rules["case_close_days_abroad"] if case["abroad"] else rules["case_close_days"]
    same_day = case["type"] == "complaint" and case["person"] == "resident"
    return {
        "close": (accepted + timedelta(days=close_days)).isoformat(),
        "check": accepted.isoformat() if same_day else None,
        "report": (accepted + timedelta(days=rules["case_report_days"])).isoformat() if case["needs_report"] else None,
        "next_reply": case.get("next_reply_on"),
    }


# The day each deadline was met on (None while it is not).
MET_BY = {"close": "closed_day", "check": "checked_day", "report": "report_day", "next_reply": None}


def overdue(case: dict, today: str) -> list[str]:
    """The deadlines this case has missed and not yet met, as of the site's `today` (ISO)."""
    out = []
    for name, day in due(case).items():
        if day is None or today <= day:
            continue
        met = case.get(MET_BY[name]) if MET_BY[name] else None
        if name == "next_reply" and case["status"] == "closed":
            met = case["closed_day"]
        if met is None:
            out.append(name)
    return out


def days_left(case: dict, today: str) -> int:
    """Days until the closing deadline (0 on the day itself, negative when overdue)."""
    return (date.fromisoformat(due(case)["close"]) - date.fromisoformat(today)).days


def closed_on_time(case: dict) -> bool:
    """A closed case met its closing deadline (closed on or before that day)."""
    return case["closed_day"] <= due(case)["close"]
