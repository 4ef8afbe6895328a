"""Pull gives every change once, in version order, pages never split a version (P5)."""
import pytest

from tests.phone import body, decode_cursor

ENTRY = {"category": "patrol", "text": "ok", "location": ""}


def fill(phone, n):
    for i in range(n):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    phone.sync()


def traverse(phone, limit):
    cursor, pages, seen = None, 0, []
    while True:
        page = body(phone.pull(cursor, limit))
        seen += [(c["kind"], c["id"], c["version"]) for c in page["changes"]]
        cursor, pages = page["cursor"], pages + 1
        if not page["has_more"]:
            return seen, pages, cursor


@pytest.mark.parametrize("limit", [1, 2, 7])
def test_small_pages_equal_one_big_page(phone, limit):
    fill(phone, 12)
    everything, _, _ = traverse(phone, 1000)
    paged, pages, _ = traverse(phone, limit)
    assert paged == everything
    assert pages >= len(everything) // limit


def test_page_size_equal_to_change_count_ends_cleanly(phone):
    fill(phone, 5)
    everything, _, _ = traverse(phone, 1000)
    page = body(phone.pull(None, len(everything)))
    assert len(page["changes"]) == len(everything) and page["has_more"] is False
    after = body(phone.pull(page["cursor"], 10))
    assert after["changes"] == [] and after["has_more"] is False


def test_a_page_never_splits_a_version(make_phone, client):
    """An amend that conflicts writes the entry and a review item at one version."""
    a, b = make_phone("guard1"), make_phone("super1")
    a.write("log.entry", ENTRY)
    a.sync()
    b.pull_all()
    entry_id, entry = next(iter(b.of_kind("log.entry").items()))
    base = entry["_version"]
    a.write("record.amend", {"target_kind": "log.entry", "target_id": entry_id,
                             "changes": {"text": "from a"}, "reason": "typo"}, base_version=base)
    a.sync()
    b.write("record.amend", {"target_kind": "log.entry", "target_id": entry_id,
                             "changes": {"text": "from b"}, "reason": "typo"}, base_version=base)
    b.push()
    versions = {}
    cursor = b.cursor
    while True:
        page = body(b.pull(cursor, 1))
        for c in page["changes"]:
            versions.setdefault(c["version"], []).append(c["kind"])
        if page["changes"]:
            v = {c["version"] for c in page["changes"]}
            assert len(v) == 1, "one version per page at limit=1"
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    shared = [kinds for kinds in versions.values() if len(kinds) > 1]
    assert shared == [["log.entry", "review.item"]]


def test_acks_cover_what_the_server_holds(phone):
    for i in range(3):
        phone.write("log.entry", ENTRY)
    phone.push()
    page = body(phone.pull())
    assert page["acks"] == {"device_id": phone.device.id, "last_seq": 3}


def test_guard_does_not_pull_review_items(make_phone):
    guard, sup = make_phone("guard1"), make_phone("super1")
    guard.write("log.entry", {"category": "nope", "text": "x"})  # parked: opens a review item
    guard.sync()
    sup.pull_all()
    assert guard.of_kind("review.item") == {}
    assert len(sup.of_kind("review.item")) == 1


def test_cursor_from_another_epoch_resets_and_the_outbox_survives(app, phone):
    fill(phone, 3)
    phone.write("log.entry", dict(ENTRY, text="waiting in the outbox"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["new-epoch"]).exit_code == 0
    page = body(phone.pull(phone.cursor))
    assert page["reset"] is True
    phone.sync()
    assert len(phone.of_kind("log.entry")) == 4
    assert phone.device.outbox == []


def test_cursor_older_than_the_tombstone_horizon_resets(app, phone):
    fill(phone, 2)
    old = phone.cursor
    fill(phone, 2)
    from backend.db import database
    from backend.sync_api.store import purge_tombstones
    version = decode_cursor(phone.cursor)["v"]["hv"]
    with app.app_context(), database().write() as s:
        purge_tombstones(s, {"hv": version})
    assert body(phone.pull(old))["reset"] is True
    assert body(phone.pull(phone.cursor))["reset"] is False


@pytest.mark.parametrize("cursor", ["garbage!!", "eyJ4IjoxfQ", "eyJlIjoxLCJ2Ijp7fX0"])
def test_unreadable_cursor_is_a_clear_400(phone, cursor):
    r = phone.pull(cursor)
    assert r.status_code == 400 and body(r)["reason"] == "cursor_invalid"


def test_new_user_reaches_phones_through_the_roster(app, client, phone, token):
    r = client.post("/api/users", json={"username": "guard9", "name": "New Guard", "password": "long-password",
                                        "role": "guard", "site_ids": ["hv"]},
                    headers={"Authorization": f"Bearer {token('admin')}"})
    assert r.status_code == 201, body(r)
    phone.pull_all()
    names = {m["username"] for m in phone.of_kind("site.member").values()}
    assert {"guard1", "guard9", "super1"} <= names



def test_pages_are_gzipped_for_clients_that_accept_it(phone):
    fill(phone, 30)
    import gzip
    import json
    r = phone.client.get("/api/sync/pull?limit=500", headers={**phone.headers, "Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"
    page = json.loads(gzip.decompress(r.data))
    assert len(page["changes"]) >= 30
    plain = phone.client.get("/api/sync/pull?limit=500", headers=phone.headers)
    assert "Content-Encoding" not in plain.headers and body(plain)["changes"] == page["changes"]


def test_deactivated_user_leaves_every_phones_roster_as_a_tombstone(client, phone, token):
    phone.pull_all()
    guard2 = next(m for m in phone.of_kind("site.member").values() if m["username"] == "guard2")
    r = client.post(f"/api/users/{guard2['user_id']}/deactivate", json={"reason": "left the company"},
                    headers={"Authorization": f"Bearer {token('admin')}"})
    assert r.status_code == 200
    page = body(phone.pull(phone.cursor))
    [gone] = [c for c in page["changes"] if c["kind"] == "site.member"]
    assert gone["deleted"] is True and gone["data"] == {"reason": "left the company"}
    phone.device.apply_pull(page)
    assert "guard2" not in {m["username"] for m in phone.of_kind("site.member").values()}
    r = client.post("/api/auth/login", json={"username": "guard2", "password": "gatehouse-demo"})
    assert r.status_code == 401
