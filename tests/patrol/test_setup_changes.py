"""Set-up changes carry who, when, why and a version (rulebook 10.7), a phone learns of
them at its next pull, and the schedule preview shows a day's slots across midnight."""
from __future__ import annotations

from tests.patrol.conftest import add_checkpoint, add_schedule
from tests.phone import bearer, body


def changes(client, headers, **query) -> list[dict]:
    r = client.get("/api/changes", query_string=query, headers=headers)
    assert r.status_code == 200, body(r)
    return body(r)["changes"]


def test_edits_need_a_reason_and_change_nothing_without_one(client, sup, site):
    for path, patch in [(f"/api/patrol/checkpoints/{site.a['id']}", {"name": "Renamed"}),
                        (f"/api/patrol/routes/{site.route['id']}", {"name": "Renamed"})]:
        for bad in ({}, {"reason": ""}, {"reason": "   "}):
            r = client.patch(path, json=patch | bad, headers=sup)
            assert r.status_code == 422, body(r)
            assert "reason" in body(r)["errors"]
    r = client.post(f"/api/patrol/checkpoints/{site.a['id']}/new-code", json={}, headers=sup)
    assert r.status_code == 422
    cps = body(client.get("/api/patrol/checkpoints?site_id=hv", headers=sup))
    assert {c["name"] for c in cps} == {"Lobby fire hose", "Car park gate", "Roof door"}
    assert [c for c in cps if c["id"] == site.a["id"]][0]["code"] == site.a["code"]
    assert [c["version"] for c in changes(client, sup, site_id="hv", subject_id=site.a["id"])] == [1]


def test_every_change_is_logged_with_who_when_why_and_version(client, sup, site):
    cid = site.a["id"]
    assert client.patch(f"/api/patrol/checkpoints/{cid}", json={"name": "Lobby hose", "reason": "shorter"},
                        headers=sup).status_code == 200
    # The same values again change nothing: no new version.
    assert client.patch(f"/api/patrol/checkpoints/{cid}", json={"name": "Lobby hose", "reason": "again"},
                        headers=sup).status_code == 200
    assert client.post(f"/api/patrol/checkpoints/{cid}/new-code", json={"reason": "label torn off"},
                       headers=sup).status_code == 200
    assert client.patch(f"/api/patrol/checkpoints/{cid}", json={"active": False, "reason": "lobby closed"},
                        headers=sup).status_code == 200
    log = changes(client, sup, site_id="hv", subject="checkpoint", subject_id=cid)
    assert [(c["version"], c["action"], c["reason"]) for c in log] == [
        (4, "retired", "lobby closed"), (3, "new_code", "label torn off"), (2, "edited", "shorter"), (1, "created", "")]
    assert log[2]["changes"] == {"name": ["Lobby fire hose", "Lobby hose"]}
    assert log[0]["by"]["name"] == "Ho Wing Sze" and log[0]["at"].endswith("Z")
    assert site.a["code"] not in str(log)  # the codes stay out of the log: their salted hashes only
    # The route through the retired checkpoint is republished: no change of its own is logged.
    assert changes(client, sup, site_id="hv", subject_id=site.route["id"])[0]["version"] == 1


def test_a_phone_learns_of_a_change_at_its_next_pull(client, sup, site, phone):
    phone.pull_all()
    assert phone.of_kind("patrol.checkpoint")[site.b["id"]]["name"] == "Car park gate"
    client.patch(f"/api/patrol/checkpoints/{site.b['id']}", json={"name": "Car park barrier", "reason": "new barrier"},
                 headers=sup)
    sc = add_schedule(client, sup, site.route["id"], ["23:30"], window=90)
    client.patch(f"/api/patrol/schedules/{sc['id']}", json={"grace_minutes": 5, "reason": "tighter"}, headers=sup)
    phone.pull_all()
    assert phone.of_kind("patrol.checkpoint")[site.b["id"]]["name"] == "Car park barrier"
    assert phone.of_kind("patrol.schedule")[sc["id"]]["grace_minutes"] == 5


def test_change_log_paging_and_who_may_read_it(client, token, sup, site):
    first = body(client.get("/api/changes?site_id=hv&limit=2", headers=sup))
    assert len(first["changes"]) == 2 and first["next"]
    rest = body(client.get(f"/api/changes?site_id=hv&limit=500&before={first['next']}", headers=sup))["changes"]
    ids = [c["id"] for c in first["changes"] + rest]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 4  # 3 checkpoints and a route
    assert client.get("/api/changes?site_id=hv", headers=bearer(token("guard1"))).status_code == 403
    assert client.get("/api/changes", headers=sup).status_code == 403  # every site: admins only
    r = client.get("/api/changes?site_id=nowhere", headers=bearer(token("admin")))
    assert r.status_code == 404
    assert client.get("/api/changes?site_id=hv&limit=0", headers=sup).status_code == 422


def test_preview_shows_tomorrows_slots_across_midnight(client, sup):
    r = client.post("/api/patrol/schedules/preview", json={
        "site_id": "hv", "times": ["23:30", "08:00"], "window_minutes": 90, "grace_minutes": 10, "day": "2026-12-01"},
        headers=sup)
    assert r.status_code == 200, body(r)
    p = body(r)
    assert p["day"] == "2026-12-01" and p["tz"] == "Asia/Hong_Kong"
    assert [(s["starts_at"], s["ends_at"], s["crosses_midnight"]) for s in p["slots"]] == [
        ("08:00", "09:30", False), ("23:30", "01:00", True)]
    assert p["slots"][1]["missed_after"] - p["slots"][1]["end"] == 10 * 60_000
    every = body(client.post("/api/patrol/schedules/preview", json={
        "site_id": "hv", "every_hours": 6, "first_at": "03:00", "window_minutes": 30}, headers=sup))
    assert [s["starts_at"] for s in every["slots"]] == ["03:00", "09:00", "15:00", "21:00"]
    for bad in ({"times": [], "window_minutes": 30}, {"times": ["25:00"], "window_minutes": 30},
                {"times": ["08:00"], "every_hours": 2, "window_minutes": 30},
                {"times": ["08:00"], "window_minutes": 30, "day": "9999-12-31"}):
        r = client.post("/api/patrol/schedules/preview", json={"site_id": "hv", **bad}, headers=sup)
        assert r.status_code == 422, body(r)
    r = client.post("/api/patrol/schedules/preview", json={"site_id": "wh", "times": ["08:00"], "window_minutes": 30},
                    headers=sup)
    assert r.status_code == 200  # super1 works at both sites
    add_checkpoint(client, sup, name="unused")  # preview saves nothing
    assert body(client.get("/api/patrol/schedules?site_id=hv", headers=sup)) == []
