"""One contract suite for every Store: in-memory, SQLite and PostgreSQL (sync/store.py)."""
import pytest

from backend.db import database
from backend.identity.models import Device as DeviceRow, DeviceUser
from backend.identity.proof import PURPOSE
from backend.keys.sealed import seal
from backend.identity.service import utcnow
from backend.sync_api.store import SqlStore
from sync.canonical import GENESIS
from sync.memory import MemoryStore
from sync.types import BatchWrite, Entity, LedgerEntry, StorageUnavailable, User
from tests.conftest import BACKENDS, app_for, fresh_database

SITE = "hv"
PROOF_KEY = b"k" * 32  # user 1's proof key on dev-1 (P8)


@pytest.fixture(params=["memory"] + BACKENDS)
def store(request):
    if request.param == "memory":
        s = MemoryStore()
        s.add_user(User(1, "Guard", "guard", frozenset({SITE})))
        s.add_device("dev-1", SITE, users={1: PROOF_KEY})
        return s
    app = app_for(request, fresh_database(request, request.param))
    ctx = app.app_context()
    ctx.push()
    request.addfinalizer(ctx.pop)
    with database().write() as s:
        s.add(DeviceRow(id="dev-1", site_id=SITE, label="", token_hash="x" * 64, enrolled_at=utcnow(),
                        last_seq=0, last_hash=GENESIS,
                        public_key='{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}'))
        s.add(DeviceUser(device_id="dev-1", user_id=1, site_id=SITE, proof_key=seal(PROOF_KEY, PURPOSE)))
    return SqlStore(database())


def test_epoch_is_stable_across_transactions(store):
    with store.read() as r1:
        e1 = r1.epoch()
    with store.write() as w:
        e2 = w.epoch()
    assert e1 == e2 and len(e1) >= 16


def save(tx, *, version=1, entities=(), ledger=(), numbers=None, last_seq=0, space=SITE):
    tx.save(BatchWrite(space, version, "dev-1", last_seq, "h" * 64, 1234,
                       entities={(e.kind, e.id): e for e in entities}, numbers=numbers or {},
                       ledger=list(ledger)))


def test_space_versions_start_at_the_current_value_and_persist(store):
    with store.write() as tx:
        v = tx.lock_space("new-space")
        save(tx, version=v + 3, space="new-space")
    with store.write() as tx:
        assert tx.lock_space("new-space") == v + 3


def test_entities_round_trip_and_overwrite(store):
    with store.write() as tx:
        save(tx, entities=[Entity("k", "a", SITE, 5, {"x": 1, "zh": "海景苑"})])
    with store.write() as tx:
        assert tx.get_entity("k", "a").data == {"x": 1, "zh": "海景苑"}
        save(tx, entities=[Entity("k", "a", SITE, 6, {"x": 2})])
    with store.read() as rx:
        [row] = rx.changes({SITE: 0}, ["k"], 10)
        assert (row.version, row.data, row.deleted) == (6, {"x": 2}, False)


def test_prefetch_then_reads_agree_with_the_database(store):
    with store.write() as tx:
        save(tx, entities=[Entity("k", "here", SITE, 1, {"n": 1})])
    with store.write() as tx:
        tx.prefetch(SITE, ["here", "absent"])
        assert tx.get_entity("k", "here", SITE).data == {"n": 1}
        assert tx.get_entity("k", "absent", SITE) is None
        assert tx.get_entity("other", "here", SITE) is None


def test_entity_reads_see_one_site_unless_asked_for_any(store):
    """A record of another site is invisible to a read of this site's, prefetched or
    not; only the read of any site (to explain a refusal) finds it."""
    with store.write() as tx:
        save(tx, entities=[Entity("k", "theirs", "other-site", 1, {"n": 1})])
    for prefetch in (False, True):
        with store.write() as tx:
            if prefetch:
                tx.prefetch(SITE, ["theirs"])
            assert tx.get_entity("k", "theirs", SITE) is None
            assert tx.get_entity("k", "theirs").space == "other-site"
            assert tx.get_entity("k", "theirs", "other-site").data == {"n": 1}


def test_changes_are_ordered_filtered_and_never_split_a_version(store):
    rows = [(10, "k"), (11, "k"), (11, "k"), (11, "other"), (12, "k"), (13, "hidden")]
    with store.write() as tx:
        save(tx, entities=[Entity(kind, f"e{i}", SITE, v, {}) for i, (v, kind) in enumerate(rows)])
    with store.read() as rx:
        page = rx.changes({SITE: 0}, ["k", "other"], 2)
        assert [(e.version, e.kind) for e in page] == [(10, "k"), (11, "k"), (11, "k"), (11, "other")]
        rest = rx.changes({SITE: 11}, ["k", "other"], 2)
        assert [e.version for e in rest] == [12]
        assert rx.changes({SITE: 12}, ["k", "other"], 2) == []


def test_every_page_from_every_cursor_matches_the_protocol(store):
    """P5.4 for each limit and cursor: pages in (space, version, kind, id) order, only
    the kinds asked for, a version never split, even where one kind's rows fill a whole
    page inside one version (the SQL store reads one range per kind)."""
    rows = [(1, "b"), (1, "a"), (2, "a"), (2, "a"), (2, "a"), (2, "b"), (2, "hidden"), (3, "hidden"),
            (4, "b"), (4, "b"), (4, "b"), (4, "b"), (5, "a"), (6, "hidden"), (6, "b"), (7, "a")]
    entities = [Entity(kind, f"e{i:02d}", SITE, v, {"i": i}) for i, (v, kind) in enumerate(rows)]
    entities.append(Entity("a", "elsewhere", "other-site", 3, {}))
    with store.write() as tx:
        save(tx, version=7, entities=entities)
    visible = sorted(((e.space, e.version, e.kind, e.id) for e in entities
                      if e.space == SITE and e.kind in ("a", "b")))
    with store.read() as rx:
        for limit in range(1, 7):
            for since in range(0, 8):
                after = [k for k in visible if k[1] > since]
                want = after[:limit]
                if want:
                    want += [k for k in after[limit:] if k[1] == want[-1][1]]
                got = rx.changes({SITE: since}, ["a", "b"], limit)
                assert [(e.space, e.version, e.kind, e.id) for e in got] == want, (limit, since)
                assert got.more == (len(after) > len(want)), (limit, since)
                assert all(e.data == {"i": int(e.id[1:])} for e in got)


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.write() as tx:
            save(tx, entities=[Entity("k", "ghost", SITE, 1, {})])
            raise RuntimeError("crash")
    with store.read() as rx:
        assert rx.changes({SITE: 0}, ["k"], 10) == []


def test_ledger_and_device_progress(store):
    entry = LedgerEntry("dev-1", 1, "m1", "h" * 64, "applied", {"seq": 1}, "log.entry", SITE, 1, None, 5)
    with store.write() as tx:
        save(tx, ledger=[entry], last_seq=1)
    with store.write() as tx:
        assert tx.ledger(SITE, "dev-1", [1, 2])[1].result == {"seq": 1}
        assert tx.ledger("other-site", "dev-1", [1]) == {}
        d = tx.device("dev-1")
        assert (d.last_seq, d.last_hash, d.last_occurred_at) == (1, "h" * 64, 1234)
        assert tx.device_users(SITE, "dev-1") == {1: PROOF_KEY}
        assert tx.device_users("other-site", "dev-1") == {}


def test_ledger_refuses_the_same_seq_twice(store):
    entry = LedgerEntry("dev-1", 1, "m1", "h" * 64, "applied", {}, "log.entry", SITE, 1, None, 5)
    with store.write() as tx:
        save(tx, ledger=[entry], last_seq=1)
    with pytest.raises(Exception) as info:
        with store.write() as tx:
            save(tx, ledger=[entry], last_seq=1)
    assert not isinstance(info.value, StorageUnavailable)


def test_numbers_persist_per_series(store):
    with store.write() as tx:
        assert tx.number(SITE, "hv/A") == 0
        save(tx, numbers={"hv/A": 2, "hv/B": 1})
    with store.write() as tx:
        assert (tx.number(SITE, "hv/A"), tx.number(SITE, "hv/B")) == (2, 1)
        assert tx.number("other-site", "hv/A") == 0  # a series belongs to its site
        save(tx, numbers={"hv/A": 3})
    with store.write() as tx:
        assert tx.number(SITE, "hv/A") == 3
