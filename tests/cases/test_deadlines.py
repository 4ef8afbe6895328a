"""Deadline arithmetic, table-tested: 15 and 20 days, month and year ends, the leap
day, the same-day check, the investigation report, the next reply date, and a
case moved between states offline (its deadlines count from acceptance only)."""
from __future__ import annotations

import pytest

from backend.cases.deadlines import closed_on_time, days_left, due, overdue, rules_of

RULES = {"case_close_days": 15, "case_close_days_abroad": 20, "case_report_days": 3}


def case(accepted, abroad=False, type="repair_request", person="resident", needs_report=False, **over):
    return {"accepted_day": accepted, "abroad": abroad, "type": type, "person": person, "needs_report": needs_report,
            "rules": RULES, "status": "received", "next_reply_on": None, "checked_day": None, "report_day": None,
            "closed_day": None} | over


@pytest.mark.parametrize("accepted, abroad, close_by", [
    ("2026-11-01", False, "2026-11-16"),
    ("2026-11-30", False, "2026-12-15"),
    ("2026-11-30", True, "2026-12-20"),
    ("2026-12-20", False, "2027-01-04"),    # across the year end
    ("2026-01-31", False, "2026-02-15"),
    ("2026-02-14", False, "2026-03-01"),    # 2026 has no 29 February
    ("2028-02-14", False, "2028-02-29"),    # the leap day itself
    ("2028-02-10", True, "2028-03-01"),
])
def test_closing_deadline(accepted, abroad, close_by):
    assert due(case(accepted, abroad))["close"] == close_by


def test_a_site_setting_changes_the_day_counts_kept_on_a_case():
    c = case("2026-11-01", rules={"case_close_days": 10, "case_close_days_abroad": 30, "case_report_days": 1},
             needs_report=True)
    assert due(c)["close"] == "2026-11-11" and due(c)["report"] == "2026-11-02"
    assert due(c | {"abroad": True})["close"] == "2026-12-01"


def test_a_site_may_give_a_type_its_own_closing_days():
    settings = {"case_close_days_by_type": {"enquiry": 3}, "case_close_days": 10}
    setting = lambda name, default: settings.get(name, default)  # noqa: E731
    assert rules_of(setting, "enquiry") == {"case_close_days": 3, "case_close_days_abroad": 20, "case_report_days": 3}
    assert rules_of(setting, "complaint")["case_close_days"] == 10
    assert rules_of(lambda name, default: default, "complaint") == RULES


@pytest.mark.parametrize("today, late", [
    ("2026-11-30", []), ("2026-12-15", []), ("2026-12-16", ["close"]), ("2027-02-01", ["close"]),
])
def test_overdue_after_the_deadline_day_only(today, late):
    assert overdue(case("2026-11-30"), today) == late


def test_a_residents_complaint_is_checked_the_same_day_and_a_report_within_3_days():
    c = case("2028-02-27", type="complaint", needs_report=True)
    assert due(c) == {"close": "2028-03-13", "check": "2028-02-27", "report": "2028-03-01", "next_reply": None}
    assert overdue(c, "2028-02-27") == []
    assert overdue(c, "2028-02-28") == ["check"]
    assert overdue(c, "2028-03-02") == ["check", "report"]
    assert overdue(c | {"checked_day": "2028-02-27", "report_day": "2028-03-01"}, "2028-03-02") == []
    assert due(case("2028-02-27", type="complaint", person="customer"))["check"] is None


def test_the_next_reply_date_is_kept_until_answered_or_closed():
    c = case("2026-11-01", next_reply_on="2026-11-05", status="in_hand")
    assert overdue(c, "2026-11-05") == [] and overdue(c, "2026-11-06") == ["next_reply"]
    assert overdue(c | {"next_reply_on": None, "status": "answered"}, "2026-11-06") == []
    assert overdue(c | {"status": "closed", "closed_day": "2026-11-04"}, "2026-11-06") == []


@pytest.mark.parametrize("status", ["received", "assigned", "in_hand", "answered", "called_back"])
def test_a_case_moved_between_states_offline_keeps_its_deadline(status):
    c = case("2026-11-30", status=status)
    assert due(c)["close"] == "2026-12-15" and days_left(c, "2026-12-13") == 2 and days_left(c, "2026-12-17") == -2


@pytest.mark.parametrize("closed, on_time", [("2026-12-15", True), ("2026-12-16", False), ("2026-12-01", True)])
def test_closed_on_time_is_on_or_before_the_deadline_day(closed, on_time):
    c = case("2026-11-30", status="closed", closed_day=closed)
    assert closed_on_time(c) is on_time and overdue(c, "2027-01-01") == []
