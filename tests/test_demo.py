"""The demo's seed through the API on both databases: every domain has its records, read
back the way the screens read them, and a second seed changes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from backend.db import database
from backend.demo import seed_estate
from backend.sync_api.models import EntityRow
from tests.phone import bearer, body, login


def counts(app) -> dict:
    with app.app_context(), database().write() as s:
        return {f"{space} {kind}": n for space, kind, n in s.execute(
            select(EntityRow.space, EntityRow.kind, func.count()).group_by(EntityRow.space, EntityRow.kind))}


def test_the_seed_fills_every_domain_once(app, client):
    made = seed_estate(app)
    assert made["equipment"] == 5 and made["posts"] == 2 and made["orders"] == 3
    seeded = counts(app)
    assert seed_estate(app) == {} and counts(app) == seeded      # idempotent: not one record more
    sup = bearer(login(client, "super1")["token"])
    packer = bearer(login(client, "packer1")["token"])

    expiring = body(client.get("/api/equipment/expiring?site_id=hv&days=30", headers=sup))
    assert [i["name"] for i in expiring["items"]] == ["Car park extinguisher"]
    posts = body(client.get("/api/equipment/posts?site_id=hv", headers=sup))["posts"]
    assert {p["name"]: p["desk"] for p in posts} == {"Main gate": False, "Front desk": True}

    permits = body(client.get("/api/permits?site_id=hv", headers=sup))["permits"]
    assert sorted((p["unit"], p["status"]) for p in permits) == [("12B", "used"), ("7C", "awaiting_consent")]

    issued = body(client.get("/api/packing/seals?site_id=wh&state=issued", headers=packer))["seals"]
    assert len(issued) == 19 and {s["issued"]["to_user_name"] for s in issued} == {"Cheung Mei Ling"}
    [applied] = body(client.get("/api/packing/seals?site_id=wh&state=applied", headers=packer))["seals"]
    assert applied["number"] == "KT-000101"

    orders = {o["ref"]: o for o in body(client.get("/api/packing/orders?site_id=wh", headers=packer))["orders"]}
    sent = body(client.get(f"/api/packing/orders/{orders['PO-7740']['id']}", headers=packer))
    assert sent["order"]["status"] == "dispatched" and sent["dispatch"]["waybill"] == "SF2077341880"
    assert [b["sealed"]["seal_number"] for b in sent["boxes"]] == ["KT-000101"]
    [slip] = sent["returns"]
    assert (slip["reason"], slip["handling"]) == ("wrong_goods", "exchange")
    assert [(line["code"], line["quantity"]) for line in slip["lines"]] == [("TEA-250", 2)]
    half = body(client.get(f"/api/packing/orders/{orders['PO-7731']['id']}", headers=packer))
    [box] = half["boxes"]
    assert half["order"]["status"] == "counting" and box["contents"] == {"TEA-250": 12} and box["sealed"] is None
