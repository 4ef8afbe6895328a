"""The case register: lists by state, owner, department, deadline, with filters,
overdue cases for the board and the inbox, and the CSV export (online, read-only)."""
from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from backend.cases import deadlines
from backend.cases.kinds import CASE
from backend.cases.words import words
from backend.sync_api.store import entities


def view(case: dict, today: str) -> dict:
    """A case with its deadlines, what is overdue and the countdown, as of the site's `today`."""
    return case | {"due": deadlines.due(case), "overdue": deadlines.overdue(case, today),
                   "days_left": None if case["status"] == "closed" else deadlines.days_left(case, today)}


def row(case: dict, today: str) -> dict:
    """One line of the register."""
    v = view(case, today)
    return {k: v[k] for k in ("id", "number", "type", "channel", "person", "unit", "customer_id", "name",
                              "matter", "severity", "status", "accepted_day", "closed_day", "due", "overdue",
                              "days_left", "follows", "source", "version")} | {
        "owner": v["owner"]["name"], "owner_id": v["owner"]["user_id"], "department": v["owner"]["department"],
        "first_owner": v["first_owner"]["name"]}


def register(s: Session, site_id: str, today: str, *, status: list[str] | None = None, type: str | None = None,
             department: str | None = None, owner_id: int | None = None, overdue: bool = False,
             q: str = "") -> list[dict]:
    """A site's cases, filtered; overdue first, then by closing deadline, then by number."""
    equal = {k: v for k, v in (("status", status), ("type", type)) if v}
    out = []
    for case in entities(s, site_id, CASE, **equal):
        r = row(case, today)
        if department is not None and r["department"] != department:
            continue
        if owner_id is not None and r["owner_id"] != owner_id:
            continue
        if overdue and not r["overdue"]:
            continue
        if q and q.casefold() not in " ".join((r["number"], r["unit"], r["name"], r["matter"])).casefold():
            continue
        out.append(r)
    out.sort(key=lambda r: (not r["overdue"], r["due"]["close"], r["number"]))
    return out


def _cell(text) -> str:
    """People type these words: a spreadsheet must not run one as a formula."""
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


COLUMNS = ("number", "received_on", "type", "channel", "person", "unit", "name", "matter", "status", "owner",
           "department", "deadline", "days_left", "overdue", "closed_on")


def to_csv(rows: list[dict], lang: str) -> bytes:
    w, buf = words(lang), io.StringIO()
    out = csv.writer(buf)
    out.writerow([w(c) for c in COLUMNS])
    for r in rows:
        out.writerow([_cell(x) for x in (
            r["number"], r["accepted_day"], w(r["type"]), w(r["channel"]), w(r["person"]), r["unit"], r["name"],
            r["matter"], w(r["status"]), r["owner"], r["department"], r["due"]["close"], r["days_left"],
            ", ".join(w(f"deadline_{d}") for d in r["overdue"]), r["closed_day"] or "")])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: spreadsheets then read Chinese correctly
