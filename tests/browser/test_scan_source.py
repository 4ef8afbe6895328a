"""Issue 7 finding 3 on the phone: it holds only a salted hash of each checkpoint
code yet refuses a wrong code offline; each scan says how its code was entered
(camera or typed, and a typed one is flagged for the supervisor) and, when the
guard lets the browser tell, where the phone was."""
from __future__ import annotations

import uuid

from tests.browser.test_patrol import show, start_round, wait_done
from tests.phone import bearer, body

WHERE = {"latitude": 22.2855, "longitude": 114.1577}


def test_scans_carry_their_source_and_the_phones_position(phone, server):
    http, sup = server.http(), bearer(server.token("super1"))
    tag = uuid.uuid4().hex[:6]
    cps = [body(http.post("/api/patrol/checkpoints", json={"site_id": "hv", "name": f"{n} {tag}"}, headers=sup))
           for n in ("Pool gate", "Club house")]
    route = body(http.post("/api/patrol/routes", json={"site_id": "hv", "name": f"Source round {tag}",
                                                        "checkpoint_ids": [c["id"] for c in cps]}, headers=sup))
    schedule = body(http.post("/api/patrol/schedules", json={
        "site_id": "hv", "route_id": route["id"], "name": f"Hourly {tag}", "every_hours": 1, "first_at": "00:00",
        "window_minutes": 60, "grace_minutes": 0}, headers=sup))

    p = phone(geolocation=WHERE)
    p.context.grant_permissions(["camera", "geolocation"])   # the guard lets the browser tell where
    p.setup("guard1")
    held = p.page.evaluate("""async (ids) => {
        const db = await import('/lib/db.js');
        const all = await db.withStore('readonly', (s) => db.req(s.entities.getAll()), ['entities']);
        return all.filter((e) => e.kind === 'patrol.checkpoint' && ids.includes(e.id)).map((e) => e.data);
    }""", [c["id"] for c in cps])
    assert len(held) == 2 and all("code" not in d and "qr" not in d and len(d["code_hash"]) == 64 for d in held)

    p.context.set_offline(True)
    round_id = start_round(p, schedule["id"])
    # A code of no checkpoint is refused on the spot, offline, from the hashes alone.
    p.page.locator(".scanner-manual input").fill("gatehouse:checkpoint:notarealcodeatall")
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.wait_for_selector("[data-testid=scan-message] >> text=This code is not a checkpoint at this site")
    # The first by the camera.
    p.page.get_by_role("button", name="Open camera").click()
    show(p, cps[0]["qr"])
    p.page.wait_for_selector(f"[data-testid=checkpoint-form][data-checkpoint='{cps[0]['id']}']")
    p.page.get_by_role("button", name="Save check").click()
    wait_done(p, 1)
    # The second typed from its label.
    p.page.locator(".scanner-manual input").fill(cps[1]["code"])
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.wait_for_selector(f"[data-testid=checkpoint-form][data-checkpoint='{cps[1]['id']}']")
    p.page.get_by_role("button", name="Save check").click()
    wait_done(p, 2)
    p.context.set_offline(False)
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")

    detail = body(http.get(f"/api/patrol/rounds/{round_id}", headers=sup))
    scans = {s["checkpoint_id"]: s for s in detail["scans"]}
    assert scans[cps[0]["id"]]["source"] == "camera" and scans[cps[1]["id"]]["source"] == "typed"
    for s in scans.values():
        assert s["gps"] == {"lat": WHERE["latitude"], "lng": WHERE["longitude"]}
    assert [f["code"] for f in scans[cps[1]["id"]]["flags"]] == ["code_typed"]
    assert scans[cps[0]["id"]]["flags"] == []
