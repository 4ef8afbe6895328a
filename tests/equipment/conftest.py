"""Equipment fixtures: a register of a few items at site hv."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.patrol.conftest import sup, push, reasons  # noqa: F401  (fixtures and helpers shared)
from tests.phone import body, site_today

PASS = {"pressure_green": True, "pin_seal_intact": True, "not_expired": True, "access_clear": True}


def add_item(client, headers, site_id="hv", **values) -> dict:
    r = client.post("/api/equipment/items", json={"site_id": site_id, **values}, headers=headers)
    assert r.status_code == 201, body(r)
    return body(r)


@pytest.fixture
def register(client, sup):
    """Two extinguishers (one expiring in 6 days), a hose reel and a first-aid box on two floors."""
    today = site_today()
    a = add_item(client, sup, type="extinguisher", name="Lobby extinguisher", name_zh="大堂滅火筒",
                 location="Block A lobby", floor="G", expires_on=(today + timedelta(days=300)).isoformat())
    b = add_item(client, sup, type="extinguisher", name="Car park extinguisher", name_zh="停車場滅火筒",
                 location="Car park B1", floor="B1", expires_on=(today + timedelta(days=6)).isoformat())
    hose = add_item(client, sup, type="hose_reel", name="Lobby hose reel", name_zh="大堂消防喉轆",
                    location="Block A lobby", floor="G", expires_on=(today + timedelta(days=90)).isoformat())
    kit = add_item(client, sup, type="first_aid", name="Guard room first-aid box", name_zh="保安室急救箱",
                   location="Guard room", floor="G")
    return SimpleNamespace(a=a, b=b, hose=hose, kit=kit, items=[a, b, hose, kit])
