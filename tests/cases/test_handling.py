"""Handling forward only: hand-over records, progress, reply, review, callback,
close, reopen; offline edits from two phones merge to the furthest state with
every step kept; who may do what; internal notes stay internal."""
from __future__ import annotations

import pytest

from backend.cases.deadlines import days_left

from tests.cases.conftest import case_of, open_case
from tests.phone import body

CLOSE = {"result": "Pipe replaced; ceiling dried", "responsible": "department", "responsible_name": "Engineering",
         "valid": True, "corrective": "Replace the riser's joints", "preventive": "Inspect risers yearly"}


def test_a_case_is_handed_on_answered_reviewed_called_back_and_closed(phones):
    desk, sup, guard = phones["desk1"], phones["super1"], phones["guard1"]
    m = open_case(desk)
    desk.sync()
    cid = m["id"]
    desk.write("case.hand_on", {"case_id": cid, "department": "Engineering", "to_name": "Mr Ho",
                                "note": "Leak above 12B; needs a plumber"})
    desk.write("case.progress", {"case_id": cid, "text": "Plumber booked", "next_reply_on": "2030-01-02",
                                 "report": True})
    desk.write("case.reply", {"case_id": cid, "text": "Pipe replaced on Tuesday", "how": "phone"})
    assert {r["status"] for r in desk.sync()} == {"applied"}
    case = case_of(desk, cid)
    assert case["status"] == "answered" and case["owner"]["department"] == "Engineering"
    assert case["owner"]["name"] == "Mr Ho" and case["first_owner"]["name"] == "Lee Ka Yan"
    assert case["next_reply_on"] is None                      # answered: no next reply owed
    assert case["checked_day"] == case["report_day"] == case["accepted_day"]

    sup.pull_all()
    sup.write("record.review", {"target_kind": "case", "target_ids": [cid], "approved": True, "note": ""})
    assert sup.sync()[0]["status"] == "applied"
    desk.pull_all()
    desk.write("case.callback", {"case_id": cid, "reached": True, "satisfied": True,
                                 "new_issues": [{"type": "repair_request", "matter": "Paint the ceiling"}]})
    desk.write("case.close", {"case_id": cid, **CLOSE})
    callback, closed = desk.sync()
    assert callback["status"] == closed["status"] == "applied", (callback, closed)
    [new_number] = callback["result"]["new_cases"]
    case = case_of(desk, cid)
    assert case["status"] == "closed" and case["closed"]["user_name"] == "Lee Ka Yan"
    assert case["closed_day"] == case["accepted_day"] and case["review"]["state_at_review"] == "answered"
    assert [e["event"] for e in case["history"]] == ["received", "hand_on", "progress", "reply", "callback", "close"]
    [issue] = [c for c in desk.of_kind("case").values() if c["number"] == new_number]
    assert issue["channel"] == "callback" and issue["follows"]["id"] == cid and issue["unit"] == "12B"

    # The person does not accept the result: a new case follows; the original stays closed and unchanged.
    before = case_of(desk, cid)
    guard.pull_all()
    again = guard.write("case.reopen", {"case_id": cid, "matter": "Ceiling stained again"})
    [reopened] = guard.sync()
    assert reopened["status"] == "applied" and reopened["result"]["number"] != before["number"]
    assert case_of(guard, again["id"])["follows"] == {"id": cid, "number": before["number"]}
    desk.pull_all()
    after = case_of(desk, cid)
    assert {k: v for k, v in after.items() if k != "_version"} == {k: v for k, v in before.items() if k != "_version"}


def test_closing_without_review_or_reply_is_kept_and_flagged_and_at_first_contact_needs_neither(phones):
    desk = phones["desk1"]
    m = open_case(desk)
    desk.sync()
    desk.write("case.close", {"case_id": m["id"], **CLOSE})
    [out] = desk.sync()
    assert out["status"] == "flagged"
    assert {r["code"] for r in out["reasons"]} == {"closed_without_review", "closed_without_reply"}
    assert case_of(desk, m["id"])["status"] == "closed"

    quick = open_case(desk, type="enquiry", matter="When is the water cut?")
    desk.write("case.close", {"case_id": quick["id"], "result": "Told: Thursday 10:00-12:00", "first_contact": True,
                              "responsible": "none", "valid": False})
    _, closed = desk.sync()
    assert closed["status"] == "applied"
    case = case_of(desk, quick["id"])
    assert case["closed"]["first_contact"] is True and case["review"] is None   # the review is still owed


def test_only_the_first_owner_closes_at_first_contact(phones):
    guard, desk = phones["guard1"], phones["desk1"]
    m = open_case(guard)
    guard.sync()
    desk.pull_all()
    desk.write("case.close", {"case_id": m["id"], "result": "x", "first_contact": True, "responsible": "none",
                              "valid": False})
    [out] = desk.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "not_first_contact"


def test_a_product_complaint_is_classed_quality_or_human_factor_before_closing(phones):
    desk = phones["desk1"]
    m = open_case(desk, type="product_complaint", person="customer", unit="", name="Mr Tan")
    desk.sync()
    desk.write("case.close", {"case_id": m["id"], **CLOSE})
    desk.write("case.close", {"case_id": m["id"], **CLOSE, "product_class": "human_factor"})
    refused, closed = desk.sync()
    assert refused["reasons"][0]["code"] == "product_class_required"
    assert closed["status"] == "flagged" and case_of(desk, m["id"])["product_class"] == "human_factor"


@pytest.mark.parametrize("first", ["desk1", "guard1"])
def test_two_phones_moving_one_case_offline_converge_on_the_furthest_state_with_both_histories(
        client, phones, first):
    desk, guard = phones["desk1"], phones["guard1"]
    m = open_case(desk, occurred_at=desk.device.now() - 600_000)
    desk.sync()
    guard.pull_all()
    cid = m["id"]
    t0 = case_of(desk, cid)["accepted_at"]
    # Offline at once: the desk answers the person; the guard (who saw it first) hands it on and notes progress.
    desk.write("case.reply", {"case_id": cid, "text": "A plumber comes tomorrow", "how": "phone"},
               occurred_at=t0 + 60_000)
    guard.write("case.hand_on", {"case_id": cid, "department": "Engineering", "note": "leak"}, occurred_at=t0 + 30_000)
    guard.write("case.progress", {"case_id": cid, "text": "Checked: leak from 13B"}, occurred_at=t0 + 90_000)
    order = [desk, guard] if first == "desk1" else [guard, desk]
    for p in order:
        assert {r["status"] for r in p.sync()} == {"applied"}
    for p in order:
        p.pull_all()
    a, b = case_of(desk, cid), case_of(guard, cid)
    assert a == b
    assert a["status"] == "answered"                          # the furthest state, whatever the order
    assert a["owner"]["department"] == "Engineering"
    assert sorted(e["event"] for e in a["history"]) == ["hand_on", "progress", "received", "reply"]
    moved_back = [e for e in a["history"] if e["status"] != (e["to"] or e["from"])]
    assert all(e["status"] == "answered" for e in moved_back)  # kept in the history, the state stays put


def test_who_may_do_what(phones, client, desk_h, token):
    guard, desk, sup = phones["guard1"], phones["desk1"], phones["super1"]
    m = open_case(guard)
    guard.sync()
    cid = m["id"]
    guard.write("case.close", {"case_id": cid, **CLOSE})
    guard.write("record.review", {"target_kind": "case", "target_ids": [cid], "approved": True})
    guard.write("case.note", {"case_id": cid, "text": "Resident is difficult"})
    guard.write("case.callback", {"case_id": cid, "reached": False})
    assert [r["reasons"][0]["code"] for r in guard.sync()] == ["forbidden"] * 4
    # A guard may hand on and record what they did: a case is never dropped for being outside their remit.
    guard.write("case.hand_on", {"case_id": cid, "department": "Management office"})
    guard.write("case.progress", {"case_id": cid, "text": "Saw the stain myself"})
    assert {r["status"] for r in guard.sync()} == {"applied"}
    # A guard reads none of the register's REST views.
    r = client.get("/api/cases?site_id=hv", headers={"Authorization": f"Bearer {token('guard1')}"})
    assert r.status_code == 403
    assert client.get("/api/cases?site_id=wh", headers=desk_h).status_code == 403   # not the desk's site


def test_internal_notes_never_reach_a_guards_phone_or_the_reply(phones, client, desk_h):
    guard, desk, sup = phones["guard1"], phones["desk1"], phones["super1"]
    m = open_case(guard)
    guard.sync()
    desk.pull_all()
    desk.write("case.note", {"case_id": m["id"], "text": "Owner threatened legal action"})
    desk.write("case.reply", {"case_id": m["id"], "text": "We are on it", "how": "phone"})
    desk.sync()
    guard.pull_all()
    sup.pull_all()
    assert guard.of_kind("case.note") == {}
    assert "Owner threatened" not in repr(guard.of_kind("case"))
    [note] = sup.of_kind("case.note").values()
    assert note["text"] == "Owner threatened legal action" and note["case_id"] == m["id"]
    case = body(client.get(f"/api/cases/{m['id']}", headers=desk_h))
    assert [n["text"] for n in case["notes"]] == ["Owner threatened legal action"]
    assert all("Owner threatened" not in repr(e) for e in case["history"])   # the reply carries none of it


def test_an_event_after_closing_is_kept_and_flagged(phones):
    desk = phones["desk1"]
    m = open_case(desk)
    desk.write("case.close", {"case_id": m["id"], "result": "done", "first_contact": True, "responsible": "none",
                              "valid": False})
    desk.sync()
    desk.write("case.progress", {"case_id": m["id"], "text": "late note from an offline phone"})
    desk.write("case.close", {"case_id": m["id"], "result": "again", "responsible": "none", "valid": False})
    late, again = desk.sync()
    assert late["status"] == "flagged" and late["reasons"][0]["code"] == "case_closed"
    assert again["status"] == "flagged" and again["reasons"][0]["code"] == "already_closed"
    case = case_of(desk, m["id"])
    assert case["status"] == "closed" and case["closed"]["result"] == "done"
    assert [e["event"] for e in case["history"]] == ["received", "close", "progress", "close"]


def test_bad_handling_input_is_refused(phones):
    desk = phones["desk1"]
    m = open_case(desk)
    desk.sync()
    cid = m["id"]
    for kind, payload in [("case.hand_on", {"case_id": cid}),                           # to nobody
                          ("case.reply", {"case_id": cid, "text": "ok", "how": "telepathy"}),
                          ("case.progress", {"case_id": cid, "text": "x", "next_reply_on": "next week"}),
                          ("case.callback", {"case_id": cid, "reached": False, "satisfied": True}),
                          ("case.close", {"case_id": cid, "result": "x", "responsible": "fate", "valid": True}),
                          ("case.close", {"case_id": cid, "result": "x", "responsible": "none"})]:
        desk.write(kind, payload)
    results = desk.sync()
    assert [r["reasons"][0]["code"] for r in results] == ["invalid_payload"] * 6
    case = case_of(desk, cid)
    assert case["status"] == "received" and len(case["history"]) == 1


def test_a_case_is_corrected_with_a_stamp_and_its_deadline_follows(phones):
    desk = phones["desk1"]
    m = open_case(desk, person="customer", unit="", name="Mr Tan")
    desk.sync()
    case = case_of(desk, m["id"])
    desk.write("record.amend", {"target_kind": "case", "target_id": m["id"], "changes": {"abroad": True},
                                "reason": "lives in Vancouver"}, base_version=case["_version"])
    desk.write("record.amend", {"target_kind": "case", "target_id": m["id"], "changes": {"status": "closed"},
                                "reason": "sneaky"}, base_version=case["_version"])
    ok, refused = desk.sync()
    assert ok["status"] == "applied" and refused["reasons"][0]["code"] == "invalid_payload"
    case = case_of(desk, m["id"])
    assert case["abroad"] is True and case["original"]["abroad"] is False and case["status"] == "received"
    assert days_left(case, case["accepted_day"]) == 20


def test_a_remedy_above_the_sites_threshold_needs_a_managers_approval_first(phones, settings):
    settings(case_remedy_threshold=500)
    desk, sup = phones["desk1"], phones["super1"]
    small, large = open_case(desk), open_case(desk, unit="3A")
    desk.sync()
    desk.write("case.close", {"case_id": small["id"], **CLOSE, "remedy_amount": 500})
    desk.write("case.close", {"case_id": large["id"], **CLOSE, "remedy_amount": 2000})
    kept, refused = desk.sync()
    assert kept["status"] == "flagged" and refused["reasons"][0]["code"] == "remedy_needs_approval"
    assert case_of(desk, large["id"])["status"] == "received"
    sup.pull_all()
    sup.write("record.review", {"target_kind": "case", "target_ids": [large["id"]], "approved": True})
    sup.sync()
    desk.pull_all()
    desk.write("case.close", {"case_id": large["id"], **CLOSE, "remedy_amount": 2000})
    [closed] = desk.sync()
    assert closed["status"] == "flagged" and {r["code"] for r in closed["reasons"]} == {"closed_without_reply"}
    assert case_of(desk, large["id"])["closed"]["remedy_amount"] == 2000
