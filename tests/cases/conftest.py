"""Cases fixtures: phones of the people who register and handle cases, and intake payloads."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from backend.db import Database
from backend.identity.models import Site
from tests.phone import Phone, bearer

TZ = ZoneInfo("Asia/Hong_Kong")
DAY_MS = 86_400_000


def hk(*args) -> int:
    """A Hong Kong wall-clock time as ms since the epoch."""
    return int(datetime(*args, tzinfo=TZ).timestamp() * 1000)


def complaint(**over) -> dict:
    return {"type": "complaint", "channel": "phone", "person": "resident", "unit": "12B", "name": "Mrs Lam",
            "phone": "9123 4567", "matter": "Water dripping from the ceiling", "place": "Block A, 12/F"} | over


@pytest.fixture
def phones(client):
    """guard1, desk1 and super1 on three enrolled phones at hv."""
    def on(user):
        p = Phone(client)
        p.sign_in(user)
        return p
    return {u: on(u) for u in ("guard1", "desk1", "super1")}


@pytest.fixture
def desk_h(token) -> dict:
    return bearer(token("desk1"))


@pytest.fixture
def settings(app):
    """Set rule settings of site hv (sites.settings)."""
    def put(**values):
        db: Database = app.extensions["gatehouse_db"]
        with db.write() as s:
            site = s.get(Site, "hv")
            site.settings = {**(site.settings or {}), **values}
    return put


def case_of(phone: Phone, case_id: str) -> dict:
    return phone.of_kind("case")[case_id]


def open_case(phone: Phone, **over) -> dict:
    """An intake written on `phone` (not yet synced)."""
    occurred_at = over.pop("occurred_at", None)
    return phone.write("case.open", complaint(**over), occurred_at=occurred_at)
