"""Stateful simulation: 3-10 phones act offline while the network drops, duplicates,
delays and reorders pushes and pulls and loses responses. After healing, every
phone holds the server's state and every mutation was applied exactly once.

Runs the pure core (sync/) with the real duty-log and review handlers on the
in-memory store.
"""
import copy

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import sync
from backend.domain import build_registry
from backend.domains import DOMAINS
from sync.device import Device
from sync.memory import MemoryStore
from sync.push import parse_batch
from sync.types import User

REGISTRY = build_registry(DOMAINS)
SITE = "hv"


class Phone:
    def __init__(self, index: int, user: User):
        self.device = Device(space=SITE, id=f"phone-{index}")
        self.user = user
        self.proof_key = bytes([index + 1]) * 32   # issued at sign-in, unlocked by the user's PIN (P8)

    @property
    def cursor(self):
        return self.device.replica.cursor

    @property
    def entities(self):
        return self.device.replica.entities


class Network(RuleBasedStateMachine):
    """The server, the phones, and a hostile network between them."""

    def __init__(self):
        super().__init__()
        self.store = MemoryStore()
        self.clock = 1_790_000_000_000
        self.phones: list[Phone] = []
        self.in_flight: list[tuple[int, dict]] = []   # pushes sent, not yet delivered
        self.late_pages: list[tuple[int, dict]] = []   # pull answers the network holds back
        self.backup = None                             # a copy of the server's state
        self.written: set[str] = set()                 # ids of every log.entry written
        self.amends: dict[str, str] = {}               # amend mutation id -> entry id

    def now(self) -> int:
        self.clock += 1000
        return self.clock

    @initialize(n=st.integers(3, 10))
    def enroll(self, n):
        for i in range(n):
            role = "supervisor" if i == 0 else "guard"
            user = User(100 + i, f"user{i}", role, frozenset({SITE}))
            self.store.add_user(user)
            phone = Phone(i, user)
            self.store.add_device(phone.device.id, SITE, users={user.id: phone.proof_key})
            self.phones.append(phone)

    phone_index = st.integers(0, 9)
    # What a person can type: any text but NUL and lone surrogates, which the gate refuses
    # (P1.1; tests/test_hostile.py sends those)
    typed = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), min_size=1, max_size=12)

    def phone(self, i: int) -> Phone:
        return self.phones[i % len(self.phones)]

    @rule(i=phone_index, text=typed)
    def write_entry(self, i, text):
        p = self.phone(i)
        m = p.device.record("log.entry", p.user.id, {"category": "patrol", "text": text}, proof_key=p.proof_key)
        self.written.add(m["id"])

    @rule(i=phone_index, pick=st.integers(0, 1000), text=typed)
    def amend_entry(self, i, pick, text):
        p = self.phone(i)
        entries = sorted(k for k in p.entities if k[0] == "log.entry")
        if not entries:
            return
        key = entries[pick % len(entries)]
        version, data = p.entities[key]
        if data["author_id"] != p.user.id and p.user.role != "supervisor":
            return
        m = p.device.record("record.amend", p.user.id, {"target_kind": "log.entry", "target_id": key[1],
                            "changes": {"text": text}, "reason": "fix"}, base_version=version,
                            proof_key=p.proof_key)
        self.amends[m["id"]] = key[1]

    @rule(i=phone_index, limit=st.integers(1, 20))
    def send_push(self, i, limit):
        p = self.phone(i)
        if p.device.outbox:
            self.in_flight.append((i % len(self.phones), p.device.batch(limit)))

    @precondition(lambda self: self.in_flight)
    @rule(pick=st.integers(0, 1000), duplicate=st.booleans(), lose_answer=st.booleans())
    def deliver_push(self, pick, duplicate, lose_answer):
        """Deliver any in-flight push (reordering); maybe keep a copy, maybe lose the answer."""
        index = pick % len(self.in_flight)
        i, batch = self.in_flight[index] if duplicate else self.in_flight.pop(index)
        p = self.phones[i]
        result = sync.push(self.store, REGISTRY, device_id=p.device.id, user=p.user,
                           client_time=batch["client_time"], mutations=parse_batch(batch["mutations"]),
                           signature=batch["signature"], now=self.now())
        assert all(r["status"] != "mismatch" for r in result.results)
        # The answer, lost or not, deletes nothing from the outbox: only pull acks do (P5.5).
        del lose_answer

    @rule(i=phone_index, limit=st.integers(1, 50), lose_answer=st.booleans())
    def pull(self, i, limit, lose_answer):
        p = self.phone(i)
        page = sync.pull(self.store, REGISTRY, device_id=p.device.id, user=p.user, cursor=p.cursor,
                         limit=limit, now=self.now())
        if not lose_answer:
            p.device.apply_pull(page)

    @rule(i=phone_index)
    def sync_in_one_go(self, i):
        """What a phone on a good network does: push everything, then pull the acks."""
        p = self.phone(i)
        if p.device.outbox:
            batch = p.device.batch(500)
            sync.push(self.store, REGISTRY, device_id=p.device.id, user=p.user,
                      client_time=batch["client_time"], mutations=parse_batch(batch["mutations"]),
                      signature=batch["signature"], now=self.now())
        self.pull_all(p)

    @rule(i=phone_index, limit=st.integers(1, 50))
    def pull_answer_delayed(self, i, limit):
        p = self.phone(i)
        page = sync.pull(self.store, REGISTRY, device_id=p.device.id, user=p.user, cursor=p.cursor,
                         limit=limit, now=self.now())
        self.late_pages.append((i % len(self.phones), page))

    @precondition(lambda self: self.late_pages)
    @rule(pick=st.integers(0, 1000))
    def late_pull_answer_arrives(self, pick):
        """An old answer arrives after newer ones (reordering)."""
        i, page = self.late_pages.pop(pick % len(self.late_pages))
        self.phones[i].device.apply_pull(page)

    @rule()
    def take_backup(self):
        self.backup = copy.deepcopy(self.store.state)

    @precondition(lambda self: self.backup is not None)
    @rule()
    def restore_backup(self):
        """The operator restores last night's backup and runs `gatehouse new-epoch`:
        everything the server acknowledged since is gone from it, not from the phones."""
        self.store.state = copy.deepcopy(self.backup)
        self.store.new_epoch()  # pushes and pull answers from before it may still arrive

    @invariant()
    def ledger_holds_each_seq_once_and_in_order(self):
        by_device: dict[str, list[int]] = {}
        for device_id, seq in self.store.state.ledger:
            by_device.setdefault(device_id, []).append(seq)
        for device_id, seqs in by_device.items():
            assert sorted(seqs) == list(range(1, len(seqs) + 1))
            assert self.store.state.devices[device_id].last_seq == len(seqs)
        # P3.3: each recorded mutation took exactly one version of the space.
        assert self.store.state.spaces.get(SITE, 0) == len(self.store.state.ledger)

    def teardown(self):
        if not self.phones:
            return
        # Heal: the network delivers nothing more; every phone syncs until done.
        self.in_flight.clear()
        for _ in range(3):
            for p in self.phones:
                for _attempt in range(100):  # bounded: a broken server fails, never hangs
                    if not p.device.outbox:
                        break
                    batch = p.device.batch(50)
                    sync.push(self.store, REGISTRY, device_id=p.device.id, user=p.user,
                              client_time=batch["client_time"], mutations=parse_batch(batch["mutations"]),
                              signature=batch["signature"], now=self.now())
                    self.pull_all(p)
                self.pull_all(p)
        state = self.store.state
        # Every mutation a phone made exists exactly once on the server.
        for p in self.phones:
            assert p.device.outbox == []
            assert state.devices[p.device.id].last_seq == p.device.next_seq - 1
        entries = {eid for (kind, eid) in state.entities if kind == "log.entry"}
        assert entries == self.written
        # Every phone holds exactly what the server lets it see.
        for p in self.phones:
            visible = set(REGISTRY.visible_kinds(p.user.role))
            server = {k: (e.version, e.data) for k, e in state.entities.items() if k[0] in visible}
            assert p.entities == server
        # Each amendment that took effect is stamped on its entry exactly once.
        took_effect: dict[str, int] = {}
        for entry in state.ledger.values():
            if entry.mutation_id in self.amends and entry.status in {"applied", "flagged"} \
                    and not entry.result["result"].get("unchanged"):
                target = self.amends[entry.mutation_id]
                took_effect[target] = took_effect.get(target, 0) + 1
        for (kind, eid), e in state.entities.items():
            if kind == "log.entry":
                assert len(e.data["amendments"]) == took_effect.get(eid, 0)
        numbers = [e.data["number"] for (kind, _), e in state.entities.items() if kind == "log.entry"]
        assert len(numbers) == len(set(numbers))

    def pull_all(self, p: Phone) -> None:
        for _page in range(1000):
            page = sync.pull(self.store, REGISTRY, device_id=p.device.id, user=p.user, cursor=p.cursor,
                             limit=25, now=self.now())
            p.device.apply_pull(page)
            if not page["has_more"]:
                return


Network.TestCase.settings = settings(max_examples=200, stateful_step_count=50, deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])
test_phones_converge_and_nothing_is_lost_or_doubled = Network.TestCase


def test_restoring_a_backup_loses_nothing_the_phones_had_sent():
    """The server acknowledged a record, then its database was restored from a
    backup taken before: the phone still has the record and sends it again."""
    net = Network()
    net.enroll(n=3)
    net.write_entry(i=1, text="before the backup")
    net.sync_in_one_go(i=1)
    net.take_backup()
    net.write_entry(i=1, text="after the backup")
    net.amend_entry(i=1, pick=0, text="corrected after the backup")
    net.sync_in_one_go(i=1)
    assert net.phones[1].device.outbox == []  # acknowledged: the phone forgot nothing, it moved to `sent`
    net.restore_backup()
    net.teardown()  # heals, and checks every record exists exactly once everywhere
