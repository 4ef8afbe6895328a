"""Patrol fixtures: a site with checkpoints, a route and schedules, on the shared app fixtures."""
from __future__ import annotations

import io
import time
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from tests.phone import bearer, body

TZ = "Asia/Hong_Kong"
HOUR = 3600 * 1000


def now_ms() -> int:
    return int(time.time() * 1000)


def local(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(TZ))


def minute_floor(ms: int) -> int:
    return ms - ms % 60_000


def png(color=(200, 30, 30), size=(64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def sup(token) -> dict:
    return bearer(token("super1"))


def add_checkpoint(client, headers, site_id="hv", **values) -> dict:
    r = client.post("/api/patrol/checkpoints", json={"site_id": site_id, **values}, headers=headers)
    assert r.status_code == 201, body(r)
    return body(r)


def add_schedule(client, headers, route_id, times, site_id="hv", window=60, grace=15, **extra) -> dict:
    r = client.post("/api/patrol/schedules", json={"site_id": site_id, "route_id": route_id, "name": "Night",
                                                   "times": times, "window_minutes": window,
                                                   "grace_minutes": grace, **extra}, headers=headers)
    assert r.status_code == 201, body(r)
    return body(r)


@pytest.fixture
def site(client, sup):
    """Checkpoints A and B (500 m apart, with GPS) and C (no GPS), one any-order route."""
    a = add_checkpoint(client, sup, name="Lobby fire hose", name_zh="大堂消防喉", location="Block A lobby",
                       checks="hose reel, extinguisher", lat=22.3000, lng=114.1700)
    b = add_checkpoint(client, sup, name="Car park gate", name_zh="停車場閘口", location="B1",
                       lat=22.3045, lng=114.1700)
    c = add_checkpoint(client, sup, name="Roof door", name_zh="天台門", location="Block A roof")
    r = client.post("/api/patrol/routes", json={"site_id": "hv", "name": "Full round", "name_zh": "全面巡邏",
                                                "checkpoint_ids": [a["id"], b["id"], c["id"]]}, headers=sup)
    assert r.status_code == 201, body(r)
    return SimpleNamespace(a=a, b=b, c=c, cps=[a, b, c], route=body(r))


def push(phone) -> list[dict]:
    """Push the outbox; the results of this push only (acknowledged ones leave the outbox)."""
    response = phone.push()
    assert response.status_code == 200, body(response)
    phone.device.acknowledge(body(response)["last_seq"])
    return body(response)["results"]


def reasons(result: dict) -> set[str]:
    return {r["code"] for r in result["reasons"]}


@pytest.fixture
def day_of_work(client, sup, token, site, make_phone):
    """A round with a damaged checkpoint and a photo, an incident, a visitor, a vehicle, a handover."""
    photo = body(client.post("/api/media?site_id=hv", data=png(), headers=bearer(token("guard1"))))["sha256"]
    slot = minute_floor(now_ms() - 2 * HOUR)
    while local(slot + 55 * 60_000).date() != local(slot).date():   # keep the whole day's work on one day
        slot -= HOUR
    sched = add_schedule(client, sup, site.route["id"], [local(slot).strftime("%H:%M")], window=60)
    phone = make_phone("guard1")
    phone.sign_in("guard2")
    phone.current = "guard1"
    rnd = phone.write("patrol.round_start", {"route_id": site.route["id"], "schedule_id": sched["id"],
                                             "slot_start": slot}, occurred_at=slot + 60_000)
    for minutes, cp in zip((5, 20, 30), site.cps):
        extra = {"condition": "damaged", "note": "hose reel leaking", "photos": [photo]} if cp is site.a else {}
        phone.write("patrol.scan", {"round_id": rnd["id"], "code": cp["qr"], **extra},
                    occurred_at=slot + minutes * 60_000)
    phone.write("incident.report", {"category": "fire_safety", "description": "Extinguisher missing at lobby",
                                    "severity": "high", "place": "Lobby", "photos": [photo], "report_now": True},
                occurred_at=slot + 40 * 60_000)
    phone.write("gate.visitor_in", {"name": "Mr Lam", "id_type": "hkid", "id_last4": "123A", "unit": "12B",
                                    "purpose": "plumbing"}, occurred_at=slot + 41 * 60_000)
    phone.write("gate.vehicle_in", {"plate": "AB1234", "unit": "12B", "purpose": "delivery"},
                occurred_at=slot + 42 * 60_000)
    h = phone.write("handover.write", {"text": "Handover: lift 2 broken", "signature": photo, "pin_confirmed": True},
                    occurred_at=slot + 50 * 60_000)
    phone.current = "guard2"
    phone.write("handover.accept", {"handover_id": h["id"], "signature": photo, "pin_confirmed": True},
                occurred_at=slot + 51 * 60_000)
    assert all(r["status"] in ("applied", "flagged") for r in push(phone))
    return {"day": local(slot).date().isoformat(), "slot": slot}


__all__ = ["bearer", "body", "HOUR"]
