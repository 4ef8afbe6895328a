"""Assembling the server's mutation kinds (each domain adds its own)."""
from __future__ import annotations

from zoneinfo import ZoneInfo
from datetime import datetime, timezone

from marshmallow import Schema, ValidationError

from sync.kinds import Registry


def validator(schema: Schema):
    """A sync validator from a marshmallow schema: unknown fields are errors."""
    def validate(payload: dict) -> tuple[dict, dict]:
        try:
            return schema.load(payload), {}
        except ValidationError as exc:
            return {}, exc.messages
    return validate


def local_time(ms: int, tz: str) -> datetime:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).astimezone(ZoneInfo(tz))


def build_registry(tz: str) -> Registry:
    from backend.dutylog import handlers as dutylog
    from backend.patrol import handlers as patrol
    from backend.review import handlers as review

    registry = Registry()
    registry.show("site.member", {"guard", "packer", "frontdesk", "supervisor", "admin"})
    for domain in (dutylog, review, patrol):
        domain.register(registry, tz)
    return registry
