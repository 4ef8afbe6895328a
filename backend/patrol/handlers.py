"""The patrol domain's mutation kinds and the entities phones pull."""
from __future__ import annotations

from backend.patrol import kinds
from sync.kinds import Registry


def register(registry: Registry, tz: str) -> None:
    for kind in (kinds.CHECKPOINT, kinds.ROUTE, kinds.SCHEDULE):  # set-up, published by the server
        registry.show(kind, kinds.GUARDS)
