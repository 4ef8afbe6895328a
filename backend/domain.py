"""How a domain says what it adds: its mutation kinds, the records phones pull
(with the record rules each declares), its blueprints, its photo purposes and
its commands. The app factory lists the domains in one tuple (backend/domains.py);
nothing else needs an edit when a domain is added.

    DOMAIN = Domain("toy",
        kinds=(Kind("toy.write", WriteIn(), write, writers=GUARDS),),
        records=(Record("toy.thing", readers=GUARDS, number="TOY", amendable=ChangesIn(), reviewed=True),),
        blueprints=(bp,))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from marshmallow import Schema, ValidationError

from sync.kinds import Handler, KindSpec, Registry
from sync.records import DEFAULT_RETENTION_DAYS, RecordRules
from sync.window import Window

EVERYONE = frozenset({"guard", "packer", "frontdesk", "supervisor", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})


def validator(schema: Schema):
    """A sync validator from a marshmallow schema: unknown fields are errors."""
    def validate(payload: dict) -> tuple[dict, dict]:
        try:
            return schema.load(payload), {}
        except ValidationError as exc:
            return {}, exc.messages
    return validate


def open_while(name: str, *values: str) -> Window:
    """A record's window (sync/window.py): open while `data[name]` is one of `values`,
    closed from the write that changes it."""
    return lambda data: None if data.get(name) in values else 0


@dataclass(frozen=True)
class Kind:
    """A mutation kind: its payload schema, its pure handler, who may send it.
    `approval`: a sign-off that only its signer's own PIN proof may make."""

    name: str
    schema: Schema
    handle: Handler
    writers: frozenset[str]
    approval: bool = False


@dataclass(frozen=True)
class Record:
    """An entity kind phones pull (by `readers`), with the record rules it declares
    (sync/records.py): `number` (series prefix), `amendable` (schema of what a
    correction may change), `reviewed` (needs a supervisor's review signature),
    `retention_days` (how long it is kept; sites may set their own).

    At a desk (backend/records/listing.py, `GET /api/records/<kind>`): `listed` says
    whether the kind is a record an office lists (default: when it is numbered,
    amendable or reviewed; set-up and bookkeeping kinds are not); `timed_by` is the
    time field (ms) it is sorted and filtered by day on; `pulled=False` keeps a kind
    off the phones' pull while its `readers` may still list it online (scans).

    On phones (sync/window.py, PROTOCOL.md P5.6): `window` gives, from a record's data,
    the time (ms) from which phones no longer need it, or None while it is open or
    awaiting someone (`window.closed` for facts, closed once written); phones keep a
    record for the site's `phone_window_days` after that. No window: set-up and
    rosters, kept on every phone. A reviewed record stays until it is reviewed."""

    name: str
    readers: frozenset[str]
    number: str | Callable[[dict], str] | None = None
    amendable: Schema | None = None
    reviewed: bool = False
    note_required: Callable[[dict], bool] | None = None
    signers: Callable[[dict], set[int]] | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS
    listed: bool | None = None
    timed_by: str = "corrected_at"
    pulled: bool = True
    window: Window | None = None

    @property
    def at_desk(self) -> bool:
        """Listed at a desk: as declared, else a numbered, amendable or reviewed record."""
        if self.listed is not None:
            return self.listed
        return self.number is not None or self.amendable is not None or self.reviewed

    def rules(self) -> RecordRules:
        extra = {"signers": self.signers} if self.signers else {}
        return RecordRules(self.name, number=self.number,
                           amendable=validator(self.amendable) if self.amendable else None,
                           amend_fields=tuple(self.amendable.fields) if self.amendable else (),
                           reviewed=self.reviewed, note_required=self.note_required,
                           retention_days=self.retention_days, **extra)


@dataclass(frozen=True)
class Domain:
    """Everything one domain adds to the app."""

    name: str
    kinds: tuple[Kind, ...] = ()
    records: tuple[Record, ...] = ()
    blueprints: tuple = ()
    media: dict[str, frozenset[str]] = field(default_factory=dict)  # photo purpose -> roles
    commands: tuple = ()  # click commands for `gatehouse`
    # The files this domain adds to a period's archive for one site-day (backend/archive):
    # archive_day(session, site, day, now_ms) -> [(path inside the archive, bytes)].
    archive_day: Callable | None = None


def build_registry(domains: tuple[Domain, ...]) -> Registry:
    """The sync core's registry of every domain's kinds and records."""
    registry = Registry()
    for d in domains:
        for k in d.kinds:
            registry.add(KindSpec(k.name, validator(k.schema), k.handle, frozenset(k.writers), k.approval))
        for r in d.records:
            if r.pulled:
                registry.show(r.name, r.readers, r.window)
            registry.declare(r.rules())
    return registry


def media_readers(domains: tuple[Domain, ...]) -> dict[str, frozenset[str]]:
    """Photo purposes of every domain, and the roles that may upload and read them."""
    out: dict[str, frozenset[str]] = {}
    for d in domains:
        for purpose, roles in d.media.items():
            out[purpose] = out.get(purpose, frozenset()) | roles
    return out
