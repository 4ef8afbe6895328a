"""Issue 7 finding 2: a record in a user's name is accepted as theirs only if
that user's own PIN unlocked it on that phone (PROTOCOL.md P8).

On a shared phone guard1 holds his own sign-in and proof key, never super1's:
whatever he sends in her name carries no valid `user_sig`. Approvals without it
are refused (`signer_unproven`), other records are kept and flagged, and
signing out on the phone forgets the user there."""
import pytest

from backend.domain import build_registry
from backend.domains import DOMAINS
from tests.phone import Phone, bearer, body, login
from tests.test_dutylog import ENTRY, write_and_sync

REGISTRY = build_registry(DOMAINS)
# Every approval kind every domain declares, now and later (Kind(approval=True)).
APPROVALS = sorted(k for k, spec in REGISTRY.kinds.items() if spec.approval)


def shared_phone(client) -> tuple[Phone, int, int]:
    """A phone on which super1 signed in, then guard1 (who holds it now)."""
    phone = Phone(client)
    sup = phone.sign_in("super1")
    guard = phone.sign_in("guard1")
    return phone, sup, guard


def as_other(phone: Phone, kind: str, user_id: int, payload: dict, proof_key: bytes | None = None, **kw) -> dict:
    """What guard1 can make in another user's name: his own key, or none."""
    return phone.device.record(kind, user_id, payload, proof_key=proof_key, **kw)


def test_a_guard_cannot_countersign_or_resolve_as_the_supervisor_on_a_shared_phone(client, make_phone):
    other = make_phone("guard2")
    entry_id, entry = write_and_sync(other)
    phone, sup, _ = shared_phone(client)
    guard_key = phone.proof_keys["guard1"]
    as_other(phone, "log.countersign", sup, {"entry_id": entry_id, "note": "seen"})
    as_other(phone, "log.countersign", sup, {"entry_id": entry_id, "note": "seen"}, proof_key=guard_key)
    as_other(phone, "record.amend", sup, {"target_kind": "log.entry", "target_id": entry_id, "changes": {"text": "forged"},
                                          "reason": "typo"}, proof_key=guard_key, base_version=entry["_version"])
    results = phone.sync()
    assert [r["status"] for r in results] == ["rejected", "rejected", "flagged"], results
    assert [r["reasons"][0]["code"] for r in results[:2]] == ["signer_unproven", "signer_unproven"]
    assert "signer_unproven" in {x["code"] for x in results[2]["reasons"]}
    assert phone.of_kind("log.entry")[entry_id]["review"] is None   # nobody countersigned

    # The review item his forged amendment opened: he cannot settle it as her either.
    item = results[2]["id"]   # a review item takes its mutation's id
    as_other(phone, "review.resolve", sup, {"item_id": item, "resolution": "acknowledged", "note": "fine"},
             proof_key=guard_key)
    [out] = phone.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "signer_unproven"


@pytest.mark.parametrize("kind", APPROVALS)
def test_every_approval_without_its_signers_proof_is_refused(client, kind):
    phone, sup, _ = shared_phone(client)   # super1 may send every approval kind
    assert "supervisor" in REGISTRY.kinds[kind].roles
    as_other(phone, kind, sup, {})
    [out] = phone.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "signer_unproven", out


def test_the_phone_learns_every_approval_kind(client):
    assert body(client.get("/api/sync/kinds"))["approvals"] == APPROVALS


def test_a_record_in_someone_elses_name_is_kept_and_flagged(client):
    phone, sup, _ = shared_phone(client)
    as_other(phone, "log.entry", sup, ENTRY)
    [out] = phone.sync()
    assert out["status"] == "flagged" and [r["code"] for r in out["reasons"]] == ["signer_unproven"]
    # the supervisors see it in their inbox
    r = client.get("/api/review/items?site_id=hv", headers=bearer(login(client, "admin")["token"]))
    assert any(i["mutation"]["id"] == out["id"] and i["reasons"][0]["code"] == "signer_unproven"
               for i in body(r)["items"])


def test_the_supervisor_unlocked_by_her_own_pin_countersigns_on_the_shared_phone(client, make_phone):
    entry_id, _ = write_and_sync(make_phone("guard2"))
    phone, sup, _ = shared_phone(client)
    phone.current = "super1"   # her PIN unlocks her proof key
    phone.write("log.countersign", {"entry_id": entry_id, "note": "seen"})
    phone.current = "guard1"   # whoever holds the phone when it syncs
    [out] = phone.sync()
    assert out["status"] == "applied", out
    assert phone.of_kind("log.entry")[entry_id]["review"]["user_name"] == "Ho Wing Sze"


def test_signing_out_on_a_phone_forgets_the_user_there(client, make_phone):
    entry_id, _ = write_and_sync(make_phone("guard2"))
    phone, sup, _ = shared_phone(client)
    old_key = phone.proof_keys["super1"]
    phone.sign_out("super1")
    # Even her own key, copied before she signed out, no longer makes anything hers here.
    as_other(phone, "log.countersign", sup, {"entry_id": entry_id, "note": "after sign-out"}, proof_key=old_key)
    [out] = phone.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "user_not_on_device"
    # Signing in again gives a new key; the old one proves nothing.
    phone.sign_in("super1")
    assert phone.proof_keys["super1"] != old_key
    as_other(phone, "log.countersign", sup, {"entry_id": entry_id, "note": "old key"}, proof_key=old_key)
    [out] = phone.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "signer_unproven"


def test_the_proof_key_is_issued_on_a_phone_only_and_kept_across_sign_ins(client):
    assert "proof_key" not in login(client, "super1")   # a browser sign-in proves nothing on phones
    phone = Phone(client)
    phone.sign_in("super1")
    first = phone.proof_keys["super1"]
    phone.sign_in("super1")   # a sign-in again (e.g. after 14 days): what the outbox holds still proves
    assert phone.proof_keys["super1"] == first
    other = Phone(client)
    other.sign_in("super1")
    assert other.proof_keys["super1"] != first   # one key per phone and user


def test_nobody_settles_a_flag_raised_on_their_own_record_or_phone(make_phone):
    sup_phone = make_phone("super1")
    own = sup_phone.device.record("log.entry", sup_phone.user_id, ENTRY, occurred_at=sup_phone.device.now() + 3_600_000,
                                  proof_key=sup_phone.proof_keys["super1"])   # flagged: future_time
    [out] = sup_phone.sync()
    assert out["status"] == "flagged"
    [item_id] = [i for i, d in sup_phone.of_kind("review.item").items() if d["mutation"]["id"] == own["id"]]
    other = make_phone("super1")   # her own record, from another phone
    other.write("review.resolve", {"item_id": item_id, "resolution": "acknowledged", "note": "mine"})
    [out] = other.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "self_review"
    sup_phone.sign_in("admin")   # another supervisor, on the phone that raised it
    sup_phone.write("review.resolve", {"item_id": item_id, "resolution": "acknowledged", "note": "this phone"})
    [out] = sup_phone.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "self_review"
    admin = make_phone("admin")
    admin.write("review.resolve", {"item_id": item_id, "resolution": "acknowledged", "note": "checked"})
    [out] = admin.sync()
    assert out["status"] == "applied"
