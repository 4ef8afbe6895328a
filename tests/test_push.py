"""Push applies each mutation exactly once, whatever the network does (PROTOCOL.md P3)."""
import copy

import pytest
from sqlalchemy import func, select

from backend.db import database
from backend.sync_api.models import EntityRow, LedgerRow
from tests.phone import body

ENTRY = {"category": "patrol", "text": "North gate locked", "location": "Gate A"}


def counts(app):
    with app.app_context(), database().snapshot() as s:
        return (s.scalar(select(func.count()).select_from(LedgerRow)),
                s.scalar(select(func.count()).select_from(EntityRow).where(EntityRow.kind == "log.entry")))


def statuses(response):
    return [r["status"] for r in body(response)["results"]]


def test_batch_applies_in_seq_order_and_assigns_official_numbers(phone):
    for i in range(3):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    r = phone.push()
    assert r.status_code == 200
    results = body(r)["results"]
    assert [x["seq"] for x in results] == [1, 2, 3]
    assert [x["status"] for x in results] == ["applied"] * 3
    numbers = [x["result"]["number"] for x in results]
    assert len(set(numbers)) == 3 and all(n.startswith("LOG-") for n in numbers)
    assert body(r)["last_seq"] == 3 and body(r)["expected_seq"] == 4
    versions = [x["version"] for x in results]
    assert versions == sorted(versions) and len(set(versions)) == 3


def test_retry_after_lost_response_applies_once(app, phone):
    for i in range(5):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    first = phone.push()          # the answer is "lost": the phone never saw it
    again = phone.push()          # so it sends the very same batch again
    assert body(again)["results"] == body(first)["results"]
    assert counts(app) == (5, 5)


def test_retry_of_a_partly_applied_batch_applies_only_the_new_part(app, phone):
    for i in range(3):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    phone.push()
    for i in range(3, 6):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    r = phone.push()  # seqs 1-3 are retries, 4-6 are new
    assert statuses(r) == ["applied"] * 6
    assert counts(app) == (6, 6)


def test_same_seq_with_other_content_is_a_409_item_and_changes_nothing(app, phone):
    phone.write("log.entry", ENTRY)
    original = phone.push()
    forged = copy.deepcopy(phone.device.batch())
    forged["mutations"][0]["payload"]["text"] = "rewritten history"
    r = phone.push(body_override=forged)
    item = body(r)["results"][0]
    assert item["status"] == "mismatch" and item["code"] == 409
    assert counts(app) == (1, 1)
    phone.pull_all()
    assert [e["text"] for e in phone.of_kind("log.entry").values()] == [ENTRY["text"]]
    assert body(original)["results"][0]["status"] == "applied"


def test_gap_stops_the_batch_and_names_the_expected_seq(app, phone):
    for i in range(4):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    batch = phone.device.batch()
    batch["mutations"] = [m for m in batch["mutations"] if m["seq"] != 2]
    r = phone.push(body_override=batch)
    assert statuses(r) == ["applied"]            # seq 1 only; 3 and 4 wait for 2
    assert body(r)["expected_seq"] == 2
    assert counts(app) == (1, 1)
    r = phone.push()                             # the whole outbox again
    assert statuses(r) == ["applied"] * 4
    assert counts(app) == (4, 4)


def test_reordered_batch_is_applied_in_seq_order(phone):
    for i in range(3):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    batch = phone.device.batch()
    batch["mutations"].reverse()
    r = phone.push(body_override=batch)
    assert [x["seq"] for x in body(r)["results"]] == [1, 2, 3]


def test_poison_mutation_is_parked_and_the_rest_applied(app, phone, token, client):
    phone.write("log.entry", ENTRY)
    phone.write("log.entry", {"category": "not-a-category", "text": ""})
    phone.write("no.such_kind", {})
    phone.write("log.entry", dict(ENTRY, text="after the poison"))
    r = phone.push()
    assert statuses(r) == ["applied", "rejected", "rejected", "applied"]
    reasons = [x["reasons"][0]["code"] for x in body(r)["results"][1:3]]
    assert reasons == ["invalid_payload", "unknown_kind"]
    assert counts(app) == (4, 2)
    inbox = client.get("/api/review/items?site_id=hv", headers={"Authorization": f"Bearer {token('super1')}"})
    parked = {i["mutation"]["seq"]: i for i in body(inbox)["items"]}
    assert set(parked) == {2, 3} and all(i["type"] == "rejected" for i in parked.values())
    assert parked[2]["mutation"]["device_label"] == "test"  # the phone as people know it
    with app.app_context(), database().snapshot() as s:
        kept = s.scalar(select(LedgerRow.mutation).where(LedgerRow.seq == 3))
    assert kept["kind"] == "no.such_kind"  # parked with its payload, for review


def test_broken_chain_is_flagged_not_hidden(phone):
    phone.write("log.entry", ENTRY)
    m = phone.write("log.entry", dict(ENTRY, text="second"))
    m["prev"] = "f" * 64  # the chain no longer links to seq 1
    batch = phone.device.batch()
    from sync.device import sign
    from sync.canonical import mutation_hash
    batch["signature"] = sign(phone.device.key, mutation_hash(batch["mutations"][-1]))
    r = phone.push(body_override=batch)
    assert statuses(r) == ["applied", "flagged"]
    # changed after its user signed it, so their proof no longer holds either (P8)
    assert [x["code"] for x in body(r)["results"][1]["reasons"]] == ["chain_broken", "signer_unproven"]


def test_bad_signature_flags_the_batch(phone):
    phone.write("log.entry", ENTRY)
    batch = phone.device.batch()
    batch["signature"] = batch["signature"][:-4] + ("AAAA" if not batch["signature"].endswith("AAAA") else "BBBB")
    r = phone.push(body_override=batch)
    assert statuses(r) == ["flagged"]
    assert "bad_signature" in [x["code"] for x in body(r)["results"][0]["reasons"]]


@pytest.mark.parametrize("offset_ms, expected", [
    (0, []),
    (4 * 60_000, []),
    (2 * 3600_000, ["clock_skew"]),
    (-2 * 3600_000, ["clock_skew"]),
])
def test_clock_offset_over_five_minutes_is_flagged(phone, offset_ms, expected):
    phone.device.clock_offset_ms = offset_ms
    phone.write("log.entry", ENTRY)
    r = phone.push()
    assert [x["code"] for x in body(r)["results"][0]["reasons"]] == expected
    phone.pull_all()
    entry = next(iter(phone.of_kind("log.entry").values()))
    # the corrected time is the server's view whatever the phone's clock said
    assert abs(entry["corrected_at"] - (entry["device_at"] - offset_ms)) < 5_000


def test_clock_going_backwards_is_flagged(phone):
    now = phone.device.now()
    phone.write("log.entry", ENTRY, occurred_at=now)
    phone.write("log.entry", ENTRY, occurred_at=now - 60_000)
    r = phone.push()
    assert statuses(r) == ["applied", "flagged"]
    assert body(r)["results"][1]["reasons"][0]["code"] == "clock_backwards"


def test_event_dated_in_the_future_is_flagged(phone):
    phone.write("log.entry", ENTRY, occurred_at=phone.device.now() + 3600_000)
    r = phone.push()
    assert "future_time" in [x["code"] for x in body(r)["results"][0]["reasons"]]


def test_storage_outage_answers_503_and_advances_nothing(app, phone, monkeypatch):
    phone.write("log.entry", ENTRY)
    from sqlalchemy.exc import OperationalError
    from backend.sync_api import store as sql_store

    def down(self, kind, entity_id, space=None):
        raise OperationalError("SELECT", {}, Exception("connection refused"))
    monkeypatch.setattr(sql_store.SqlTx, "get_entity", sql_store.storage_errors(down))
    r = phone.push()
    assert r.status_code == 503 and body(r)["reason"] == "storage_unavailable"
    assert counts(app) == (0, 0)
    monkeypatch.undo()
    assert statuses(phone.push()) == ["applied"]
    assert counts(app) == (1, 1)


def test_storage_failure_while_saving_the_batch_answers_503(app, phone, monkeypatch):
    phone.write("log.entry", ENTRY)
    from sqlalchemy.exc import OperationalError
    from backend.sync_api import store as sql_store

    def down(self, batch):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))
    monkeypatch.setattr(sql_store.SqlTx, "save", down)
    r = phone.push()
    assert r.status_code == 503
    assert counts(app) == (0, 0)


def test_mutation_for_another_site_is_rejected(phone):
    phone.device.space = "wh"
    phone.write("log.entry", ENTRY)
    r = phone.push()
    assert statuses(r) == ["rejected"]
    assert body(r)["results"][0]["reasons"][0]["code"] == "wrong_space"


def test_user_who_never_signed_in_on_the_phone_cannot_act_through_it(phone, client):
    from tests.phone import login
    other = login(client, "guard2")["user"]["id"]  # signed in elsewhere, not on this phone
    phone.device.record("log.entry", other, ENTRY)
    r = phone.push()
    assert body(r)["results"][0]["reasons"][0]["code"] == "user_not_on_device"


def test_role_that_may_not_send_a_kind_is_rejected(phone):
    phone.write("log.countersign", {"entry_id": "x"})  # a guard countersigning
    r = phone.push()
    assert body(r)["results"][0]["reasons"][0]["code"] == "forbidden"


def test_yesterdays_batch_replayed_changes_nothing(app, phone):
    for i in range(3):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    yesterday = copy.deepcopy(phone.device.batch())
    phone.sync()
    assert phone.device.outbox == []
    r = phone.push(body_override=yesterday)
    assert statuses(r) == ["applied"] * 3
    assert counts(app) == (3, 3)


def test_a_phone_revoked_while_its_push_is_prepared_records_nothing():
    """P3.3: the checks before the space's lock read a snapshot; a phone revoked
    after it is refused under the lock, and nothing of its batch is kept."""
    from contextlib import contextmanager

    import sync
    from backend.domain import build_registry
    from backend.domains import DOMAINS
    from sync.device import Device, public_jwk
    from sync.memory import MemoryStore
    from sync.push import parse_batch
    from sync.signature import public_key_from_jwk
    from sync.types import AuthError, User

    class RevokedMeanwhile(MemoryStore):
        @contextmanager
        def read(self):
            with super().read() as rx:
                yield rx
            self.revoke("phone-1")  # a supervisor revokes the phone while its push is prepared

    store, user, phone = RevokedMeanwhile(), User(1, "Guard", "guard", frozenset({"hv"})), Device(space="hv", id="phone-1")
    store.add_user(user)
    store.add_device("phone-1", "hv", public_key_from_jwk(public_jwk(phone.key)), users={1: b"k" * 32})
    phone.record("log.entry", 1, ENTRY, proof_key=b"k" * 32)
    batch = phone.batch()
    with pytest.raises(AuthError) as refused:
        sync.push(store, build_registry(DOMAINS), device_id="phone-1", user=user, client_time=batch["client_time"],
                  mutations=parse_batch(batch["mutations"]), signature=batch["signature"], now=batch["client_time"])
    assert (refused.value.status, refused.value.reason) == (401, "device_revoked")
    assert store.state.ledger == {} and store.state.entities == {} and store.state.devices["phone-1"].last_seq == 0
