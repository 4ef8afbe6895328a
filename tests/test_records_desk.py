"""Records at a desk (issue 13 item 2): every record kind listed with filters and a
cursor, exported as CSV and traced through its history, with the pull's role and
site checks (backend/records/listing.py). Runs on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backend.domains import DOMAINS
from backend.records.listing import Filters, encode_cursor, listed_kinds
from tests.phone import bearer, body, site_today

TZ = ZoneInfo("Asia/Hong_Kong")
VISITOR = {"name": "Mr Lam", "id_type": "hkid", "id_last4": "123A", "unit": "12B", "purpose": "plumbing"}
REFUSAL = {"reason": "no_identification", "note": "would not show ID"}


def today() -> str:
    return site_today().isoformat()


def noon(days_ago: int) -> int:
    """Noon (site time) `days_ago` days back, in ms: far from midnight whatever the hour."""
    d = datetime.now(TZ).date() - timedelta(days=days_ago)
    return int(datetime(d.year, d.month, d.day, 12, tzinfo=TZ).timestamp() * 1000)


def listing(client, headers, kind, **query):
    r = client.get(f"/api/records/{kind}", query_string=query, headers=headers)
    return r.status_code, body(r)


def every_page(client, headers, kind, limit, **query) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        status, page = listing(client, headers, kind, limit=limit, **({"cursor": cursor} if cursor else {}), **query)
        assert status == 200, page
        pages.append(page["records"])
        cursor = page["next"]
        if cursor is None:
            return pages


@pytest.fixture
def sup(token):
    return bearer(token("super1"))


def test_every_record_kind_is_listed_once_from_the_declarations_and_no_set_up_or_bookkeeping(client, sup):
    status, kinds = 200, body(client.get("/api/records/kinds", headers=sup))["kinds"]
    names = {k["kind"] for k in kinds}
    assert {"log.entry", "patrol.round", "patrol.scan", "incident", "gate.visit", "gate.vehicle", "handover",
            "review.item", "packing.order", "packing.box", "packing.dispatch", "packing.return",
            "pass", "permit", "mail", "case", "equipment.check"} <= names
    assert not names & {"patrol.checkpoint", "patrol.route", "record.day", "site.member", "site.keys", "pass.roster"}
    assert names == set(listed_kinds(DOMAINS))


def test_a_role_lists_exactly_the_kinds_its_phone_pulls(client, token):
    visible = body(client.get("/api/sync/kinds", headers=bearer(token("super1"))))["visible"]
    for user, role in (("guard1", "guard"), ("packer1", "packer"), ("desk1", "frontdesk"), ("super1", "supervisor")):
        headers = bearer(token(user))
        mine = {k["kind"] for k in body(client.get("/api/records/kinds", headers=headers))["kinds"]}
        pulled = {k for k, roles in visible.items() if role in roles}
        assert mine - {"patrol.scan"} <= pulled, (role, mine - pulled)  # scans: read online, never pulled
        for kind in set(listed_kinds(DOMAINS)) - mine:
            r = client.get(f"/api/records/{kind}", query_string={"site_id": "hv"}, headers=headers)
            assert r.status_code == 403 and body(r)["reason"] == "forbidden", (role, kind)
            r = client.get(f"/api/records/{kind}.csv", query_string={"site_id": "hv"}, headers=headers)
            assert r.status_code == 403, (role, kind)


def test_site_and_sign_in_checks(client, token, make_phone):
    guard = bearer(token("guard1"))
    assert client.get("/api/records/gate.visit?site_id=hv").status_code == 401
    r = client.get("/api/records/gate.visit?site_id=wh", headers=guard)  # guard1 works at hv only
    assert r.status_code == 403 and body(r)["reason"] == "site_forbidden"
    r = client.get("/api/records/no.such.kind?site_id=hv", headers=guard)
    assert r.status_code == 404 and body(r)["reason"] == "kind_unknown"
    r = client.get("/api/records/record.day?site_id=hv", headers=bearer(token("super1")))
    assert r.status_code == 404  # bookkeeping, not a record listed at a desk
    phone = make_phone("guard1")
    visit = phone.write("gate.visitor_in", VISITOR)
    phone.sync()
    # a packer may not read a visit's history, even knowing its id
    r = client.get(f"/api/records/gate.visit/{visit['id']}/history", headers=bearer(token("packer1")))
    assert r.status_code == 403
    r = client.get("/api/records/gate.visit/nope/history", headers=guard)
    assert r.status_code == 404 and body(r)["reason"] == "not_found"


def test_pages_cover_many_records_with_one_timestamp_once_each_in_a_stable_order(make_phone, client, sup):
    phone = make_phone("guard1")
    at = noon(1)
    ids = {phone.write("gate.visitor_in", dict(VISITOR, name=f"Visitor {i}"), occurred_at=at)["id"] for i in range(7)}
    phone.sync()
    for limit in (1, 3, 6, 7, 200):
        pages = every_page(client, sup, "gate.visit", limit, site_id="hv")
        got = [r["id"] for p in pages for r in p]
        assert sorted(got) == sorted(ids) and len(got) == 7, limit
        assert got == sorted(ids, reverse=True)  # one time: then by id, newest first
        assert all(len(p) == limit for p in pages[:-1]) and 0 < len(pages[-1]) <= limit
    # a page size equal to the count: one page, no next
    assert len(every_page(client, sup, "gate.visit", 7, site_id="hv")) == 1
    # a later record comes first, however its id sorts
    late = phone.write("gate.visitor_in", dict(VISITOR, name="Later"), occurred_at=at + 60_000)
    phone.sync()
    assert listing(client, sup, "gate.visit", site_id="hv", limit=1)[1]["records"][0]["id"] == late["id"]


def test_an_empty_list_and_a_cursor_of_other_filters_or_forged(make_phone, client, sup):
    status, page = listing(client, sup, "gate.visit", site_id="hv", day=today())
    assert status == 200 and page == {"kind": "gate.visit", "records": [], "next": None}
    phone = make_phone("guard1")
    for i in range(3):
        phone.write("gate.visitor_in", dict(VISITOR, name=f"V{i}"))
    phone.sync()
    _, first = listing(client, sup, "gate.visit", site_id="hv", day=today(), limit=2)
    assert first["next"]
    for changed in ({"day": noon(1) and (datetime.now(TZ).date() - timedelta(days=1)).isoformat()},
                    {"state": "inside"}, {"number": "VIS"}):
        status, err = listing(client, sup, "gate.visit", **{"site_id": "hv", "day": today(), "limit": 2,
                                                            "cursor": first["next"], **changed})
        assert status == 400 and err["reason"] == "cursor_mismatch", changed
    status, err = listing(client, sup, "gate.vehicle", site_id="hv", day=today(), limit=2, cursor=first["next"])
    assert status == 400 and err["reason"] == "cursor_mismatch"  # another kind's list
    for forged in ("not-a-cursor", "W10", "WyJ4IiwxLDJd", "e30"):
        status, err = listing(client, sup, "gate.visit", site_id="hv", cursor=forged)
        assert status == 400 and err["reason"] == "bad_cursor", forged
    # the same filters go on
    _, second = listing(client, sup, "gate.visit", site_id="hv", day=today(), limit=2, cursor=first["next"])
    assert len(second["records"]) == 1 and second["next"] is None


def test_filters_combine_day_range_author_state_number_and_category(make_phone, client, sup, token):
    g1, g2 = make_phone("guard1"), make_phone("guard2")
    v_old = g1.write("gate.visitor_in", dict(VISITOR, name="Two days ago"), occurred_at=noon(2))
    r_old = g1.write("gate.visitor_refused", REFUSAL, occurred_at=noon(2))
    v_now = g1.write("gate.visitor_in", VISITOR)
    r_now = g2.write("gate.visitor_refused", REFUSAL)
    g1.sync(), g2.sync()
    two_ago = (datetime.now(TZ).date() - timedelta(days=2)).isoformat()

    def ids(**q):
        status, page = listing(client, sup, "gate.visit", site_id="hv", **q)
        assert status == 200, page
        return {r["id"] for r in page["records"]}

    assert ids() == {v_old["id"], r_old["id"], v_now["id"], r_now["id"]}
    assert ids(day=today()) == {v_now["id"], r_now["id"]}
    assert ids(day=two_ago) == {v_old["id"], r_old["id"]}
    assert ids(date_from=two_ago, date_to=today()) == ids()
    assert ids(date_from=(datetime.now(TZ).date() - timedelta(days=1)).isoformat(), date_to=today()) == ids(day=today())
    assert ids(state="refused") == {r_old["id"], r_now["id"]}
    assert ids(number="REF-") == {r_old["id"], r_now["id"]}
    assert ids(state="refused", day=today()) == {r_now["id"]}
    assert ids(state="refused", author=g1.user_id) == {r_old["id"]}
    assert ids(state="refused", author=g1.user_id, day=today()) == set()
    assert ids(author=g2.user_id) == {r_now["id"]}
    number = body(client.get(f"/api/records/gate.visit/{v_now['id']}/history", headers=sup))["record"]["number"]
    assert ids(number=number) == {v_now["id"]}
    assert ids(number="%") == set() and ids(number="_") == set()  # no wildcards
    # a cursor made up with the right filters but a later time still lists only the day's records
    made_up = encode_cursor(Filters("hv", date.fromisoformat(two_ago), date.fromisoformat(two_ago)).fingerprint(
        "gate.visit"), noon(0) + 3_600_000, "z")
    assert ids(day=two_ago, cursor=made_up) == {v_old["id"], r_old["id"]}
    # the duty log's categories
    g1.write("log.entry", {"category": "facility", "text": "lift 2 stuck", "location": "Block A"})
    g1.write("log.entry", {"category": "general", "text": "quiet"})
    g1.sync()
    status, page = listing(client, sup, "log.entry", site_id="hv", category="facility", day=today())
    assert status == 200 and [r["text"] for r in page["records"]] == ["lift 2 stuck"]
    # bad filters are refused clearly and change nothing
    for bad in ({"day": today(), "date_from": today(), "date_to": today()}, {"date_from": today()},
                {"date_from": today(), "date_to": two_ago}, {"date_from": "2020-01-01", "date_to": "2022-01-01"},
                {"limit": 0}, {"limit": 201}, {"author": "x"}, {"day": "2026-13-01"}, {"number": "x" * 41}):
        status, err = listing(client, sup, "gate.visit", site_id="hv", **bad)
        assert status == 422 and err["reason"] == "invalid_input", (bad, err)


def test_csv_exports_what_is_listed_with_the_same_filters(make_phone, client, sup):
    g1 = make_phone("guard1")
    for i in range(3):
        g1.write("gate.visitor_refused", dict(REFUSAL, name=f"=HYPERLINK(\"x{i}\")"))
    g1.write("gate.visitor_in", VISITOR)
    g1.sync()
    r = client.get("/api/records/gate.visit.csv", query_string={"site_id": "hv", "state": "refused", "lang": "zh-Hant"},
                   headers=sup)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    text = r.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    head, rows = rows[0], rows[1:]
    assert head[:5] == ["編號", "日期", "時間", "填寫人", "狀態"]
    _, page = listing(client, sup, "gate.visit", site_id="hv", state="refused")
    assert [row[head.index("ID")] for row in rows] == [x["id"] for x in page["records"]]
    assert all(row[head.index("name")].startswith("'=") for row in rows)  # never a formula
    assert {row[head.index("狀態")] for row in rows} == {"refused"}
    r = client.get("/api/records/gate.visit.csv", query_string={"site_id": "hv", "day": "2020-02-30"}, headers=sup)
    assert r.status_code == 422


def test_history_shows_phone_chain_corrections_review_and_flags_to_supervisors_only(make_phone, client, sup, token):
    guard = make_phone("guard1")
    visit = guard.write("gate.visitor_in", VISITOR)
    guard.sync()
    held = guard.of_kind("gate.visit")[visit["id"]]
    boss = make_phone("super1")
    boss.write("record.review", {"target_kind": "gate.visit", "target_ids": [visit["id"]], "note": ""})
    boss.sync()
    guard.pull_all()
    held = guard.of_kind("gate.visit")[visit["id"]]
    guard.write("record.amend", {"target_kind": "gate.visit", "target_id": visit["id"],
                                 "changes": {"unit": "21B"}, "reason": "unit misheard"}, base_version=held["_version"])
    guard.sync()
    h = body(client.get(f"/api/records/gate.visit/{visit['id']}/history", headers=sup))
    assert h["record"]["unit"] == "21B" and h["original"]["unit"] == "12B"
    assert h["created"]["chain"]["device_id"] == guard.device.id and h["created"]["chain"]["seq"] == visit["seq"]
    assert h["created"]["chain"]["hash"] and h["created"]["device_label"] == "test"
    assert [a["reason"] for a in h["amendments"]] == ["unit misheard"]
    assert h["amendments"][0]["changes"] == {"unit": {"from": "12B", "to": "21B"}}
    assert h["review"]["user_name"] == "Ho Wing Sze" and h["review"]["device_id"] == boss.device.id
    assert [f["reasons"][0]["code"] for f in h["flags"]] == ["amended_after_review"]
    mine = body(client.get(f"/api/records/gate.visit/{visit['id']}/history", headers=bearer(token("guard1"))))
    assert mine["flags"] == [] and mine["amendments"] == h["amendments"]  # guards do not pull review items


def test_scans_are_listed_for_guards_though_never_pulled(make_phone, client, token):
    guard = make_phone("guard1")
    assert "patrol.scan" not in {k for k, _ in guard.device.replica.entities}
    status, page = listing(client, bearer(token("guard1")), "patrol.scan", site_id="hv")
    assert status == 200 and page["records"] == []
    status, _ = listing(client, bearer(token("packer1")), "patrol.scan", site_id="wh")
    assert status == 403
