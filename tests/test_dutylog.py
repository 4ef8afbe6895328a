"""The duty log: written offline, corrected with a stamp, countersigned, filtered."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from tests.phone import body, bearer

ENTRY = {"category": "facility", "text": "Lift 2 door sticks", "location": "Block B"}


def write_and_sync(phone, payload=ENTRY):
    m = phone.write("log.entry", payload)
    phone.sync()
    return m["id"], phone.of_kind("log.entry")[m["id"]]


def amend(phone, entry_id, base, changes, reason="correction"):
    return phone.write("record.amend", {"target_kind": "log.entry", "target_id": entry_id,
                                        "changes": changes, "reason": reason}, base_version=base)


def test_entry_carries_author_time_and_an_official_number(phone):
    _, entry = write_and_sync(phone)
    assert entry["author_name"] == "Chan Tai Man" and entry["author_id"] == phone.user_id
    month = datetime.now(timezone.utc).astimezone(ZoneInfo("Asia/Hong_Kong")).strftime("%Y-%m")
    assert entry["number"] == f"LOG-{month}-0001"
    assert entry["original"] == {"category": "facility", "text": ENTRY["text"], "location": "Block B"}


def test_numbers_run_per_site_and_month_without_gaps_or_repeats(make_phone):
    a, b = make_phone("guard1"), make_phone("guard2")
    for i in range(3):
        a.write("log.entry", dict(ENTRY, text=f"a{i}"))
        b.write("log.entry", dict(ENTRY, text=f"b{i}"))
    a.sync()
    b.sync()
    numbers = sorted(e["number"][-4:] for e in b.of_kind("log.entry").values())
    assert numbers == ["0001", "0002", "0003", "0004", "0005", "0006"]


def test_amendment_keeps_the_original_readable(phone):
    entry_id, entry = write_and_sync(phone)
    amend(phone, entry_id, entry["_version"], {"text": "Lift 2 door sticks; reported to contractor"}, "added follow-up")
    phone.sync()
    e = phone.of_kind("log.entry")[entry_id]
    assert e["text"].endswith("contractor")
    assert e["original"]["text"] == ENTRY["text"]
    [stamp] = e["amendments"]
    assert stamp["reason"] == "added follow-up" and stamp["by_name"] == "Chan Tai Man"
    assert stamp["changes"] == {"text": {"from": ENTRY["text"], "to": e["text"]}}


def test_only_the_author_or_a_supervisor_may_correct(make_phone):
    author, other = make_phone("guard1"), make_phone("guard2")
    entry_id, entry = write_and_sync(author)
    amend(other, entry_id, entry["_version"], {"text": "not mine to change"})
    [result] = other.sync()
    assert result["status"] == "rejected" and result["reasons"][0]["code"] == "forbidden"


def test_two_offline_edits_of_one_field_converge_and_log_the_conflict(make_phone):
    a, b, sup = make_phone("guard1"), make_phone("super1"), make_phone("super1")
    entry_id, entry = write_and_sync(a)
    b.pull_all()
    base = entry["_version"]
    amend(a, entry_id, base, {"text": "version A"})
    amend(b, entry_id, base, {"text": "version B", "location": "Block C"})
    a.sync()
    b.sync()
    a.pull_all()
    assert a.of_kind("log.entry")[entry_id] == b.of_kind("log.entry")[entry_id]
    merged = a.of_kind("log.entry")[entry_id]
    assert merged["text"] == "version B" and merged["location"] == "Block C"  # later wins
    sup.pull_all()
    [conflict] = [i for i in sup.of_kind("review.item").values() if i["type"] == "conflict"]
    assert conflict["field"] == "text" and conflict["kept"] == "version B" and conflict["other"] == "version A"
    assert len(merged["amendments"]) == 2  # both corrections are on record


def test_edits_of_different_fields_merge_without_conflict(make_phone):
    a, b = make_phone("guard1"), make_phone("super1")
    entry_id, entry = write_and_sync(a)
    amend(a, entry_id, entry["_version"], {"text": "text by A"})
    amend(b, entry_id, entry["_version"], {"location": "Block D"})
    a.sync()
    b.sync()
    merged = b.of_kind("log.entry")[entry_id]
    assert (merged["text"], merged["location"]) == ("text by A", "Block D")
    assert b.of_kind("review.item") == {}


def test_another_supervisor_restores_the_overwritten_value(make_phone):
    a, sup, boss = make_phone("guard1"), make_phone("super1"), make_phone("admin")
    entry_id, entry = write_and_sync(a)
    sup.pull_all()
    amend(a, entry_id, entry["_version"], {"text": "right"})
    amend(sup, entry_id, entry["_version"], {"text": "wrong"})
    a.sync()
    sup.sync()
    [item_id] = sup.of_kind("review.item")
    boss.pull_all()
    boss.write("review.resolve", {"item_id": item_id, "resolution": "restore", "note": "A was right"})
    boss.sync()
    assert boss.of_kind("log.entry")[entry_id]["text"] == "right"
    assert boss.of_kind("review.item")[item_id]["status"] == "resolved"
    assert len(boss.of_kind("review.item")) == 1  # the restore opens no new conflict


def test_nobody_settles_a_flag_they_raised_or_one_raised_on_their_phone(make_phone):
    a, sup = make_phone("guard1"), make_phone("super1")
    entry_id, entry = write_and_sync(a)
    sup.pull_all()
    amend(a, entry_id, entry["_version"], {"text": "right"})
    amend(sup, entry_id, entry["_version"], {"text": "wrong"})
    a.sync()
    sup.sync()
    [item_id] = sup.of_kind("review.item")
    sup.write("review.resolve", {"item_id": item_id, "resolution": "keep", "note": "mine stands"})
    [out] = sup.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "self_review"
    sup.sign_in("admin")  # another supervisor, but on the phone that raised it
    sup.write("review.resolve", {"item_id": item_id, "resolution": "keep", "note": "still this phone"})
    [out] = sup.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "self_review"
    assert sup.of_kind("review.item")[item_id]["status"] == "open"


def test_supervisor_countersigns_once_and_never_their_own_entry(make_phone):
    guard, sup = make_phone("guard1"), make_phone("super1")
    entry_id, _ = write_and_sync(guard)
    own = sup.write("log.entry", ENTRY)["id"]
    sup.write("log.countersign", {"entry_id": entry_id, "note": "seen"})
    sup.write("log.countersign", {"entry_id": entry_id, "note": "seen twice"})
    sup.write("log.countersign", {"entry_id": own})
    results = sup.sync()
    assert [r["status"] for r in results] == ["applied", "applied", "flagged", "rejected"]
    assert results[2]["reasons"][0]["code"] == "already_reviewed"
    assert results[3]["reasons"][0]["code"] == "self_review"
    signed = sup.of_kind("log.entry")[entry_id]["review"]
    assert signed["user_name"] == "Ho Wing Sze" and signed["note"] == "seen" and signed["approved"] is True


def test_list_filters_by_day_author_and_category(client, make_phone):
    a, b = make_phone("guard1"), make_phone("guard2")
    write_and_sync(a, ENTRY)
    write_and_sync(a, dict(ENTRY, category="incident"))
    write_and_sync(b, ENTRY)
    headers = a.headers  # a sign-in made on a phone works beside its device token
    today = datetime.now(timezone.utc).astimezone(ZoneInfo("Asia/Hong_Kong")).date().isoformat()

    def listed(query):
        r = client.get(f"/api/log/entries?site_id=hv{query}", headers=headers)
        assert r.status_code == 200, body(r)
        return body(r)["entries"]

    assert len(listed("")) == 3
    assert len(listed(f"&day={today}")) == 3
    assert listed("&day=2020-01-01") == []
    assert {e["author_name"] for e in listed(f"&author_id={a.user_id}")} == {"Chan Tai Man"}
    assert [e["category"] for e in listed("&category=incident")] == ["incident"]
    r = client.get("/api/log/entries?site_id=hv&category=bogus", headers=headers)
    assert r.status_code == 422


def test_records_of_another_site_cannot_be_signed_corrected_or_settled(client, make_phone):
    warehouse = make_phone("admin", site="wh")
    entry_id, entry = write_and_sync(warehouse)
    warehouse.write("log.entry", {"category": "nope", "text": "x"})  # parked: a review item at wh
    warehouse.sync()
    [item_id] = warehouse.of_kind("review.item")
    estate = make_phone("super1", site="hv")
    estate.write("log.countersign", {"entry_id": entry_id})
    amend(estate, entry_id, entry["_version"], {"text": "changed from another site"})
    estate.write("review.resolve", {"item_id": item_id, "resolution": "acknowledged", "note": "not mine"})
    results = estate.sync()
    assert [(r["status"], r["reasons"][0]["code"]) for r in results] == [("rejected", "not_found")] * 3
    warehouse.pull_all()
    assert warehouse.of_kind("log.entry")[entry_id]["review"] is None
    assert warehouse.of_kind("log.entry")[entry_id]["text"] == ENTRY["text"]
    assert warehouse.of_kind("review.item")[item_id]["status"] == "open"


def test_a_phone_corrects_its_own_unsynced_entry_without_a_base_version(phone):
    m = phone.write("log.entry", ENTRY)
    phone.write("record.amend", {"target_kind": "log.entry", "target_id": m["id"],
                                 "changes": {"text": "first fix"}, "reason": "typo"})
    phone.write("record.amend", {"target_kind": "log.entry", "target_id": m["id"],
                                 "changes": {"text": "second fix"}, "reason": "typo again"})
    results = phone.sync()
    assert [r["status"] for r in results] == ["applied"] * 3
    entry = phone.of_kind("log.entry")[m["id"]]
    assert entry["text"] == "second fix" and len(entry["amendments"]) == 2
    assert entry["original"]["text"] == ENTRY["text"]


def test_a_phones_later_edit_does_not_conflict_with_its_own_earlier_one(make_phone):
    a, sup = make_phone("guard1"), make_phone("super1")
    entry_id, entry = write_and_sync(a)
    amend(a, entry_id, entry["_version"], {"text": "one"})
    amend(a, entry_id, entry["_version"], {"text": "two"})  # same stale base: still this phone's own line
    a.sync()
    sup.pull_all()
    assert a.of_kind("log.entry")[entry_id]["text"] == "two"
    assert sup.of_kind("review.item") == {}


def test_another_phones_record_needs_a_base_version(make_phone):
    a, b = make_phone("guard1"), make_phone("super1")
    entry_id, _ = write_and_sync(a)
    b.write("record.amend", {"target_kind": "log.entry", "target_id": entry_id,
                             "changes": {"text": "blind edit"}, "reason": "?"})
    [result] = b.sync()
    assert result["status"] == "rejected" and result["reasons"][0]["code"] == "invalid_payload"
