"""The patrol domain's mutation kinds and the entities phones pull."""
from __future__ import annotations

from backend.patrol import gate, handover, incidents, kinds, rounds
from sync.kinds import Registry


def register(registry: Registry, tz: str) -> None:
    for module in (rounds, incidents, gate, handover):
        module.register(registry, tz)
    for kind in (kinds.CHECKPOINT, kinds.ROUTE, kinds.SCHEDULE):  # set-up, published by the server
        registry.show(kind, kinds.GUARDS)
