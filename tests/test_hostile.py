"""No input can stall a phone's outbox (PROTOCOL.md P1.1, P3.4; issue 8).

A phone pushes batches in which hostile mutations (any JSON value in any field,
text with NUL or lone surrogates, numbers of any size, NaN and infinities, deep
nesting, overlong ids and kinds, unknown kinds and fields) sit among valid ones,
on SQLite and PostgreSQL. The server never answers 5xx; every valid mutation is
applied exactly once; every hostile one is answered `rejected` with a reason and
parked in the ledger (or, without a seq to place it, the batch is refused 400
naming it); and the phone's next batch goes through.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from backend.db import database
from backend.sync_api.models import EntityRow, LedgerRow
from sync.canonical import mutation_hash
from sync.device import uuid7
from tests.phone import body

CATEGORIES = ("general", "patrol", "visitor", "incident")

any_text = st.text(st.characters(exclude_categories=()), max_size=30)  # lone surrogates and NUL included
bad_text = st.builds(lambda a, bad, b: a + bad + b, st.text(max_size=8),
                     st.sampled_from(["\x00", "\ud83d", "\udc00", "cut \ud83d"]), st.text(max_size=8))
any_number = st.one_of(
    st.integers(), st.integers(min_value=2**53, max_value=2**70), st.integers(max_value=-2**53),
    st.floats(), st.sampled_from([float("nan"), float("inf"), -float("inf"), 2**63, 2**64 - 1, -2**63 - 1]))
bad_number = st.one_of(
    st.integers(min_value=2**53), st.integers(max_value=-2**53),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 2**63]))
any_json = st.recursive(
    st.none() | st.booleans() | any_number | any_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3),
    max_leaves=8)


def nested(depth: int):
    value = "bottom"
    for i in range(depth):
        value = [value] if i % 2 else {"d": value}
    return value


FIELDS = ("id", "kind", "space", "occurred_at", "user_id", "prev", "payload")
WRONG_TYPE = {  # a value of any kind but the one the field takes
    "id": any_json.filter(lambda v: not isinstance(v, str)),
    "kind": any_json.filter(lambda v: not isinstance(v, str)),
    "space": any_json.filter(lambda v: not isinstance(v, str)),
    "occurred_at": any_json.filter(lambda v: not isinstance(v, int) or isinstance(v, bool) or v < 0 or v >= 2**53),
    "user_id": any_json.filter(lambda v: not isinstance(v, int) or isinstance(v, bool) or v < 0 or v >= 2**53),
    "prev": any_json.filter(lambda v: not isinstance(v, str)),
    "payload": any_json.filter(lambda v: not isinstance(v, dict)),
}


def corruption():
    """A change that makes a valid mutation one the server cannot understand or store."""
    return st.one_of(
        st.sampled_from(FIELDS).flatmap(lambda f: WRONG_TYPE[f].map(lambda v, f=f: ("set", f, v))),
        st.sampled_from(["id", "kind", "space"]).flatmap(
            lambda f: st.one_of(bad_text, st.text(min_size=41, max_size=120)).map(lambda v, f=f: ("set", f, v))),
        st.sampled_from(["occurred_at", "user_id", "base_version"]).flatmap(
            lambda f: bad_number.map(lambda v, f=f: ("set", f, v))),
        st.sampled_from(FIELDS).map(lambda f: ("drop", f, None)),
        st.tuples(st.text(min_size=1, max_size=10).filter(lambda k: k not in FIELDS + ("seq", "base_version")),
                  any_json).map(lambda kv: ("set", kv[0], kv[1])),
        st.one_of(bad_text, bad_number).map(lambda v: ("payload", "text", v)),
        st.one_of(bad_text, bad_number).map(lambda v: ("payload", "location", v)),
        bad_text.map(lambda k: ("payload_key", k, "x")),
        st.integers(33, 58).map(lambda d: ("payload", "deep", nested(d))),
        st.text(min_size=1, max_size=40).filter(lambda k: "." not in k or k.isascii()).map(
            lambda k: ("set", "kind", "zz." + k[:37])),  # a kind nobody registered
    )


valid_entry = st.fixed_dictionaries({
    "category": st.sampled_from(CATEGORIES),
    "text": st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=60),
})
slot = st.one_of(valid_entry.map(lambda p: ("valid", p)), corruption().map(lambda c: ("hostile", c)))
batches = st.lists(slot, min_size=1, max_size=8)


def hostile(phone, change) -> dict:
    """Record a valid log entry, then corrupt it before it is hashed (so the chain
    holds the hostile mutation as sent, as a hostile client's would)."""
    d = phone.device
    m = {"seq": d.next_seq, "id": uuid7(), "kind": "log.entry", "space": d.space, "occurred_at": d.now(),
         "user_id": phone.user_id, "prev": d.last_hash,
         "payload": {"category": "general", "text": "ok", "location": ""}}
    what, name, value = change
    if what == "set":
        m[name] = value
    elif what == "drop":
        del m[name]
    elif what == "payload":
        m["payload"][name] = value
    else:
        m["payload"][name] = value
    d.outbox.append(m)
    d.next_seq += 1
    d.last_hash = mutation_hash(m)
    return m


def ledger(app, device_id: str) -> dict[int, LedgerRow]:
    with app.app_context(), database().snapshot() as s:
        return {r.seq: (r.status, r.mutation is not None, r.result)
                for r in s.scalars(select(LedgerRow).where(LedgerRow.device_id == device_id))}


def entries(app) -> dict[str, int]:
    with app.app_context(), database().snapshot() as s:
        return {r.id: r.version for r in s.scalars(select(EntityRow).where(EntityRow.kind == "log.entry"))}


def post(client, phone, batch: dict):
    """The batch as a phone's JSON.stringify would send it (NaN and Infinity as Python
    writes them: a client that is not a browser may)."""
    return client.post("/api/sync/push", data=json.dumps(batch), headers={
        **phone.headers, "Content-Type": "application/json"})


def test_hostile_mutations_never_stall_the_outbox(app, client, phone):
    valid_ids: list[str] = []
    hostile_seqs: list[int] = []

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(batches)
    def one_batch(slots):
        for what, x in slots:
            if what == "valid":
                valid_ids.append(phone.write("log.entry", x)["id"])
            else:
                hostile_seqs.append(hostile(phone, x)["seq"])
        r = post(client, phone, phone.device.batch(500))
        assert r.status_code == 200, body(r)
        answer = body(r)
        assert answer["last_seq"] == phone.device.outbox[-1]["seq"]
        by_seq = {a["seq"]: a for a in answer["results"]}
        for m in phone.device.outbox:
            a = by_seq[m["seq"]]
            if m["seq"] in hostile_seqs:
                assert a["status"] == "rejected" and a["reasons"][0]["code"] and a["reasons"][0]["detail"], a
            else:
                assert a["status"] in ("applied", "flagged") and a["id"] == m["id"], a
        phone.device.acknowledge(answer["last_seq"])
        # the phone's next batch goes through
        follow = phone.write("log.entry", {"category": "general", "text": "after"})
        valid_ids.append(follow["id"])
        r = phone.push()
        assert r.status_code == 200 and body(r)["results"][-1]["status"] in ("applied", "flagged"), body(r)
        phone.device.acknowledge(body(r)["last_seq"])

    one_batch()
    rows = ledger(app, phone.device.id)
    assert sorted(rows) == list(range(1, phone.device.next_seq))  # every seq once, none lost
    for seq in hostile_seqs:
        status, parked, result = rows[seq]
        assert status == "rejected" and parked and result["reasons"], (seq, rows[seq])
    held = entries(app)
    assert set(valid_ids) <= set(held)  # applied ...
    assert len(set(valid_ids)) == len(valid_ids)  # ... once each (one entity per mutation id)
    pulled = 0
    r = phone.pull(None, 1000)
    assert r.status_code == 200
    while True:
        page = body(r)
        pulled += sum(1 for c in page["changes"] if c["kind"] == "log.entry")
        if not page["has_more"]:
            break
        r = phone.pull(page["cursor"], 1000)
        assert r.status_code == 200
    assert pulled == len(held)


def test_a_mutation_without_a_seq_refuses_its_batch_and_the_next_goes_through(app, client, phone):
    """Without a seq a mutation has no place in the device's log: the batch is
    refused 400 naming it, and the batch without it goes through."""
    good = phone.write("log.entry", {"category": "general", "text": "kept"})
    batch = phone.device.batch()
    batch["mutations"].append({"id": "x", "seq": "nine"})
    r = post(client, phone, batch)
    assert r.status_code == 400 and body(r)["reason"] == "invalid_batch" and "1" in body(r)["errors"]
    r = phone.push()
    assert r.status_code == 200 and body(r)["results"][0]["id"] == good["id"]
    assert body(r)["results"][0]["status"] == "applied"
