"""Passes fixtures: the desk's phone, a guard's phone, a holder's photo, site gates."""
from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from backend.db import database
from backend.identity.models import Site
from tests.phone import body, site_today


def now_ms() -> int:
    return int(time.time() * 1000)


def today(days: int = 0) -> str:
    return site_today(days).isoformat()


def jpeg(color=(90, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 150), color).save(buf, format="JPEG")
    return buf.getvalue()


def set_site(app, site_id: str = "hv", **settings) -> None:
    """Rule settings of a site, as a supervisor sets them up."""
    with app.app_context(), database().write() as s:
        site = s.get(Site, site_id)
        site.settings = {**(site.settings or {}), **settings}


def upload(client, phone, data: bytes, purpose: str = "pass") -> str:
    r = client.post(f"/api/media?site_id=hv&purpose={purpose}", data=data, headers=phone.headers)
    assert r.status_code in (200, 201), body(r)
    return body(r)["sha256"]


def reasons(result: dict) -> set[str]:
    return {r["code"] for r in result["reasons"]}


@pytest.fixture
def desk(make_phone):
    return make_phone("desk1")


@pytest.fixture
def guard(make_phone):
    return make_phone("guard1")


@pytest.fixture
def issue(client, desk):
    """Issue a pass at the desk and sync it; returns the pass record and its token."""
    def make(**over) -> dict:
        photo = upload(client, desk, jpeg())
        payload = {"name": "Chan Siu Keung", "company": "Wing Fat Renovation", "phone": "+852 9123 4567",
                   "photo": photo, "unit": "12B", "purpose": "renovation", "valid_from": today(-1),
                   "valid_until": today(5), "gates": ["main"], **over}
        m = desk.write("pass.issue", payload)
        [result] = desk.sync()
        assert result["status"] == "applied", result
        p = desk.of_kind("pass")[m["id"]]
        r = desk.client.get(f"/api/passes/{m['id']}/token", headers=desk.headers)
        p["token"] = body(r).get("token") if r.status_code == 200 else None
        p["token_answer"] = body(r)
        return p
    return make
