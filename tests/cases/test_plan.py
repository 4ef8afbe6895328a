"""The callback plan not tied to a case (issue 12 item 7): each area every quarter,
the director once or twice a year; the owner of an area sees its due callback on
their phone; the callback handling rate; issues raised become cases."""
from __future__ import annotations

import uuid

import pytest

from backend.cases.plan import period, status
from tests.cases.conftest import hk


@pytest.mark.parametrize("day, per_year, expected", [
    ("2026-01-01", 4, ("2026-Q1", "2026-01-01", "2026-03-31")),
    ("2026-03-31", 4, ("2026-Q1", "2026-01-01", "2026-03-31")),
    ("2026-04-01", 4, ("2026-Q2", "2026-04-01", "2026-06-30")),
    ("2026-12-31", 4, ("2026-Q4", "2026-10-01", "2026-12-31")),
    ("2028-02-29", 4, ("2028-Q1", "2028-01-01", "2028-03-31")),
    ("2026-06-30", 2, ("2026-H1", "2026-01-01", "2026-06-30")),
    ("2026-07-01", 2, ("2026-H2", "2026-07-01", "2026-12-31")),
    ("2026-08-15", 1, ("2026", "2026-01-01", "2026-12-31")),
])
def test_periods(day, per_year, expected):
    p = period(day, per_year)
    assert (p["period"], p["start"], p["end"]) == expected


def plan(phone, owner_id: int, who="area", area="Block A", per_year=4, **over) -> str:
    """A line of the callback plan written on `phone`; returns its id."""
    plan_id = over.pop("plan_id", str(uuid.uuid4()))
    phone.write("case.plan_set", {"plan_id": plan_id, "who": who, "area": area, "owner_id": owner_id,
                                  "owner_name": "Lee Ka Yan", "per_year": per_year} | over)
    return plan_id


def test_an_area_is_due_each_quarter_until_someone_is_reached_and_issues_become_cases(phones, client, desk_h):
    sup, desk = phones["super1"], phones["desk1"]
    desk_id = desk.users["desk1"][0]
    a = plan(sup, desk_id)
    d = plan(sup, desk_id, who="director", area="Whole estate", per_year=2)
    assert [r["status"] for r in sup.sync()] == ["applied", "applied"]
    r = client.get("/api/cases/callback-plan?site_id=hv", headers=desk_h).get_json()
    assert [p["area"] for p in r["plans"]] == ["Whole estate", "Block A"]      # the director's line first
    assert [p["now"]["due"] for p in r["plans"]] == [True, True]
    assert r["rate"] == {"plans": 2, "called": 0, "rate": 0.0, "issues": 0, "issues_handled": 0}

    desk.write("case.plan_call", {"plan_id": a, "reached": False, "whom": "12B Mrs Lam"})     # nobody home: still due
    desk.write("case.plan_call", {"plan_id": a, "reached": True, "satisfied": False, "whom": "12C Mr Ho",
                                  "new_issues": [{"type": "complaint", "matter": "Lobby lights off at night"}]})
    out = desk.sync()
    assert [o["status"] for o in out] == ["applied", "applied"]
    [number] = out[1]["result"]["new_cases"]
    assert number.startswith("CAS-")
    r = client.get("/api/cases/callback-plan?site_id=hv", headers=desk_h).get_json()
    by_area = {p["area"]: p for p in r["plans"]}
    assert by_area["Block A"]["now"]["due"] is False and by_area["Block A"]["now"]["tries"] == 2
    assert by_area["Whole estate"]["now"]["due"] is True
    assert r["rate"] == {"plans": 2, "called": 1, "rate": 0.5, "issues": 1, "issues_handled": 0}
    desk.pull_all()
    [raised] = [c for c in desk.of_kind("case").values() if c["number"] == number]
    assert raised["channel"] == "callback" and raised["place"] == "Block A" and raised["name"] == "12C Mr Ho"
    sup.pull_all()
    sup.write("case.close", {"case_id": raised["id"], "result": "Lights fixed", "responsible": "department",
                             "valid": True})
    sup.sync()
    r = client.get("/api/cases/callback-plan?site_id=hv", headers=desk_h).get_json()
    assert r["rate"]["issues_handled"] == 1
    # The owner's phone holds the plan (offline: its due list); a guard's does not.
    assert set(desk.of_kind("case.plan")) == {a, d}
    guard = phones["guard1"]
    guard.pull_all()
    assert guard.of_kind("case.plan") == {}


def test_a_call_counts_in_the_period_of_its_corrected_time_in_the_sites_time_zone(phones):
    sup, desk = phones["super1"], phones["desk1"]
    a = plan(sup, desk.users["desk1"][0])
    sup.sync()
    desk.write("case.plan_call", {"plan_id": a, "reached": True, "whom": "3A"}, occurred_at=hk(2026, 3, 31, 23, 59))
    desk.write("case.plan_call", {"plan_id": a, "reached": True, "whom": "3B"}, occurred_at=hk(2026, 4, 1, 0, 1))
    desk.sync()
    desk.pull_all()
    calls = desk.of_kind("case.plan")[a]["calls"]
    assert [c["period"] for c in calls] == ["2026-Q1", "2026-Q2"]
    assert status(desk.of_kind("case.plan")[a], "2026-04-02")["due"] is False
    assert status(desk.of_kind("case.plan")[a], "2026-07-01")["due"] is True


def test_bad_plans_and_calls_are_refused_and_roles_hold(phones, client, token):
    sup, desk, guard = phones["super1"], phones["desk1"], phones["guard1"]
    desk_id = desk.users["desk1"][0]
    bad = [{"who": "area", "per_year": 2}, {"who": "director", "per_year": 4}, {"who": "boss", "per_year": 1},
           {"who": "area", "per_year": 4, "area": ""}, {"who": "area", "per_year": "4"}]
    for over in bad:
        sup.write("case.plan_set", {"plan_id": str(uuid.uuid4()), "area": "Block A", "owner_id": desk_id} | over)
    assert [(o["status"], o["reasons"][0]["code"]) for o in sup.sync()] == [("rejected", "invalid_payload")] * 5
    plan(desk, desk_id)                                          # the desk does not keep the plan
    assert [(o["status"], o["reasons"][0]["code"]) for o in desk.sync()] == [("rejected", "forbidden")]
    a = plan(sup, desk_id)
    sup.sync()
    guard.write("case.plan_call", {"plan_id": a, "reached": True})      # a guard does not call back
    desk.write("case.plan_call", {"plan_id": a, "reached": False, "satisfied": True})   # nobody reached, satisfied?
    desk.write("case.plan_call", {"plan_id": "no-such-plan", "reached": True})
    assert guard.sync()[0]["reasons"][0]["code"] == "forbidden"
    assert [o["reasons"][0]["code"] for o in desk.sync()] == ["invalid_payload", "not_found"]
    plan(sup, desk_id, plan_id=a, active=False)     # a line stopped: no more calls
    sup.sync()
    desk.write("case.plan_call", {"plan_id": a, "reached": True})
    assert desk.sync()[0]["reasons"][0]["code"] == "plan_inactive"
    assert client.get("/api/cases/callback-plan?site_id=hv", headers={"Authorization": f"Bearer {token('guard1')}"}
                      ).status_code == 403
    assert client.get("/api/cases/callback-plan", headers={"Authorization": f"Bearer {token('desk1')}"}
                      ).status_code == 422
