"""Intake by anyone on duty, offline: numbers, first owner, "called before?", links
to the record a case came from, bad input (domain-rules.md section 4)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from backend.cases.deadlines import due

from tests.cases.conftest import case_of, complaint, hk, open_case


def month_now() -> str:
    return datetime.now(timezone.utc).astimezone(ZoneInfo("Asia/Hong_Kong")).strftime("%Y-%m")


def test_a_guard_registers_a_repair_request_from_an_incident_offline_and_owns_it(phones):
    guard = phones["guard1"]
    incident = guard.write("incident.report", {"category": "damage", "description": "Broken lamp at car park",
                                               "severity": "low", "place": "Car park B1"})
    m = open_case(guard, type="repair_request", channel="patrol", person="other", unit="", name="",
                  matter="Lamp broken at car park B1", source={"kind": "incident", "id": incident["id"]})
    _, applied = guard.sync()
    assert applied["status"] == "applied", applied
    number = applied["result"]["number"]
    assert number == f"CAS-{month_now()}-0001"
    case = case_of(guard, m["id"])
    assert case["number"] == number and case["status"] == "received"
    assert case["first_owner"]["name"] == case["owner"]["name"] == "Chan Tai Man"
    assert case["source"]["kind"] == "incident" and case["source"]["number"].startswith("INC-")
    assert [e["event"] for e in case["history"]] == ["received"]
    assert case["rules"] == {"case_close_days": 15, "case_close_days_abroad": 20, "case_report_days": 3}
    assert case["review"] is None and case["author_name"] == "Chan Tai Man"


def test_a_source_not_yet_on_the_server_keeps_its_link_and_is_flagged(phones):
    guard = phones["guard1"]
    m = open_case(guard, channel="patrol", source={"kind": "patrol.scan", "id": "0190f7c2-not-synced"})
    [out] = guard.sync()
    assert out["status"] == "flagged" and out["reasons"][0]["code"] == "source_unknown"
    assert case_of(guard, m["id"])["source"] == {"kind": "patrol.scan", "id": "0190f7c2-not-synced", "number": None}


def test_called_before_joins_the_open_case_and_a_closed_one_is_followed_by_a_new_case(phones):
    desk, guard = phones["desk1"], phones["guard1"]
    first = open_case(desk)
    desk.sync()
    guard.pull_all()
    # The guard's phone shows the open case for unit 12B and the guard joins it.
    again = open_case(guard, matter="Still dripping, now on the floor", join_case_id=first["id"])
    [joined] = guard.sync()
    assert joined["status"] == "applied" and joined["result"]["joined"] == first["id"]
    assert joined["result"]["number"] == case_of(guard, first["id"])["number"]
    assert again["id"] not in guard.of_kind("case")
    case = case_of(guard, first["id"])
    assert [c["matter"] for c in case["contacts"]] == ["Still dripping, now on the floor"]
    assert [e["event"] for e in case["history"]] == ["received", "contact"]

    desk.pull_all()
    desk.write("case.close", {"case_id": first["id"], "result": "Pipe fixed", "responsible": "department",
                              "responsible_name": "Engineering", "valid": True})
    desk.sync()
    late = open_case(guard, matter="It leaks again", join_case_id=first["id"])
    guard.pull_all()
    [out] = guard.sync()
    assert out["status"] == "applied" and "joined" not in out["result"]
    new = case_of(guard, late["id"])
    assert new["follows"] == {"id": first["id"], "number": case["number"]}
    assert case_of(guard, first["id"])["contacts"] == case["contacts"]   # the closed case is untouched


def test_numbers_restart_at_the_month_boundary_in_the_sites_time_zone_with_two_phones_offline(client, phones):
    guard, desk = phones["guard1"], phones["desk1"]
    # 23:59 on 31 October and 00:01 on 1 November, Hong Kong time (15:59 and 16:01 UTC).
    before, after = hk(2026, 10, 31, 23, 59), hk(2026, 11, 1, 0, 1)
    g = [open_case(guard, occurred_at=before, matter="g1"), open_case(guard, occurred_at=after, matter="g2")]
    d = [open_case(desk, occurred_at=before + 30_000, matter="d1"), open_case(desk, occurred_at=after + 30_000, matter="d2")]
    numbers = [r["result"]["number"] for r in guard.sync() + desk.sync()]
    assert sorted(numbers) == ["CAS-2026-10-0001", "CAS-2026-10-0002", "CAS-2026-11-0001", "CAS-2026-11-0002"]
    cases = guard.of_kind("case") | desk.of_kind("case")
    assert cases[g[0]["id"]]["accepted_day"] == "2026-10-31" and cases[g[1]["id"]]["accepted_day"] == "2026-11-01"
    assert cases[d[1]["id"]]["number"].startswith("CAS-2026-11-")


def test_bad_intake_is_refused_and_nothing_is_written(phones):
    guard = phones["guard1"]
    bad = [complaint(unit=""),                                   # a resident without a unit
           complaint(person="customer", unit="", name=""),       # a customer nobody can find
           complaint(type="gossip"), complaint(channel="pigeon"), complaint(matter=""),
           complaint(source={"kind": "packing.box", "id": "x"}), complaint(photos=["not-a-sha"]),
           complaint(colour="red")]
    for payload in bad:
        guard.write("case.open", payload)
    results = guard.sync()
    assert [r["status"] for r in results] == ["rejected"] * len(bad)
    assert {r["reasons"][0]["code"] for r in results} == {"invalid_payload"}
    assert guard.of_kind("case") == {}
    guard.write("case.progress", {"case_id": "no-such-case", "text": "looked"})
    [missing] = guard.sync()
    assert missing["reasons"][0]["code"] == "not_found"


def test_a_major_complaint_goes_to_the_supervisors_inbox_at_once(phones):
    desk, sup = phones["desk1"], phones["super1"]
    m = open_case(desk, severity="major", matter="Lift stopped between floors with a child inside")
    [out] = desk.sync()
    assert out["status"] == "flagged" and out["reasons"][0]["code"] == "major_complaint"
    sup.pull_all()
    [item] = [i for i in sup.of_kind("review.item").values() if i["target"]["id"] == m["id"]]
    assert item["reasons"][0]["code"] == "major_complaint"


def test_a_customer_case_links_the_customer_file_by_id_and_a_customer_abroad_gets_20_days(phones):
    desk = phones["desk1"]
    customer = desk.write("customer.register", {"name": "Mr Tan", "phone": "+65 6123 4567",
                                                "address": "12 Orchard Road, Singapore", "type": "wholesale"})
    m = open_case(desk, type="product_complaint", person="customer", unit="", customer_id=customer["id"],
                  name="Mr Tan", abroad=True, product_class="quality", matter="Clasp broke after a week")
    unknown = open_case(desk, person="customer", unit="", customer_id="no-such-file", name="Ms Lee")
    registered, linked, flagged = desk.sync()
    assert registered["status"] == "applied", registered
    assert linked["status"] == "applied" and flagged["status"] == "flagged"
    assert flagged["reasons"][0]["code"] == "customer_unknown"
    assert case_of(desk, unknown["id"])["customer_id"] == "no-such-file"
    case = case_of(desk, m["id"])
    assert case["customer_id"] == customer["id"] and case["abroad"] is True
    assert due(case)["close"] == (date.fromisoformat(case["accepted_day"]) + timedelta(days=20)).isoformat()


def test_a_case_keeps_its_sites_deadline_rules_for_its_type(phones, settings):
    settings(case_close_days_by_type={"enquiry": 3}, case_report_days=2)
    desk = phones["desk1"]
    enquiry, complaint_ = open_case(desk, type="enquiry"), open_case(desk)
    desk.sync()
    assert case_of(desk, enquiry["id"])["rules"] == {"case_close_days": 3, "case_close_days_abroad": 20,
                                                     "case_report_days": 2}
    assert case_of(desk, complaint_["id"])["rules"]["case_close_days"] == 15
