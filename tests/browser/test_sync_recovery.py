"""Sync survives what the network and the server throw at it without losing
the outbox: a 401 in the middle of a sync, a new server epoch (reset), a 503."""
from __future__ import annotations

import json

from tests.browser.conftest import PIN


def envelope(code: int, status: str, reason: str) -> dict:
    return {"status": code, "content_type": "application/json",
            "body": json.dumps({"code": code, "status": status, "message": reason, "reason": reason, "errors": {}})}


def pending_count(p) -> str:
    return p.page.locator("[data-testid=pending]").get_attribute("data-count")


def write_offline(p, texts):
    p.context.set_offline(True)
    for t in texts:
        p.write_entry(t)
    p.context.set_offline(False)


def test_401_mid_sync_keeps_outbox_until_signed_in_again(phone, server):
    p = phone().setup("guard1")
    texts = ["401 test: lobby light out", "401 test: lift 2 stuck"]
    # The push goes through; the pull that would acknowledge it answers 401.
    p.page.route("**/api/sync/pull*", lambda route: route.fulfill(**envelope(401, "UNAUTHORIZED", "token_invalid")))
    write_offline(p, texts)
    result = p.sync()
    assert result["ok"] is False and result["status"] == 401
    assert len(p.outbox()) == 2  # pushed, not acknowledged, so kept
    p.page.wait_for_selector(".status-warn >> text=Sign in again to sync")
    assert len([e for e in server.entries() if e["text"] in texts]) == 2
    assert p.sync()["skipped"] == "signed_out"

    p.page.unroute("**/api/sync/pull*")
    p.page.get_by_role("link", name="Sign in", exact=True).click()
    p.login("guard1")  # the PIN is kept: straight back to the log
    p.page.wait_for_function("location.hash === '#/log'")
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    assert p.outbox() == []
    assert len([e for e in server.entries() if e["text"] in texts]) == 2  # applied once


def test_new_server_epoch_resets_local_copy_and_repushes_outbox(phone, server):
    p = phone().setup("guard1")
    p.write_entry("Epoch test: synced before the restore")
    p.sync()
    assert p.outbox() == []
    texts = ["Epoch test: written during the outage 1", "Epoch test: written during the outage 2"]
    write_offline(p, texts)
    p.page.evaluate("async () => { const db = await import('/lib/db.js'); await db.kvSet('probe', 1); }")
    old_cursor = p.page.evaluate("async () => { const db = await import('/lib/db.js'); const s = await db.kvGet('session'); return db.kvGet('cursor:' + s.user_id); }")
    epoch = server.new_epoch()
    pulls: list[dict] = []

    def log_pull(response):
        if "/api/sync/pull" in response.url:
            pulls.append(response.json())
    p.page.on("response", log_pull)
    assert p.sync()["ok"] is True
    assert any(pl["reset"] for pl in pulls)
    assert p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('device')).epoch") == epoch
    new_cursor = p.page.evaluate("async () => { const db = await import('/lib/db.js'); const s = await db.kvGet('session'); return db.kvGet('cursor:' + s.user_id); }")
    assert new_cursor != old_cursor
    assert p.outbox() == []
    on_server = [e["text"] for e in server.entries()]
    for t in texts + ["Epoch test: synced before the restore"]:
        assert on_server.count(t) == 1
        p.page.wait_for_selector(f"a.card[data-pending='0'] >> text={t}")


def test_503_backs_off_keeps_outbox_and_recovers(phone, server):
    p = phone().setup("guard1")
    calls = {"n": 0}

    def outage(route):
        calls["n"] += 1
        route.fulfill(**envelope(503, "SERVICE UNAVAILABLE", "storage_unavailable"))
    p.page.route("**/api/sync/push", outage)
    text = "503 test: storage outage entry"
    write_offline(p, [text])
    r = p.sync()
    assert r == {"ok": False, "error": "storage_unavailable", "status": 503}
    state = p.page.evaluate("async () => (await import('/lib/sync.js')).syncState()")
    assert state["failures"] >= 1 and state["backoff_until"] > state["last_error"]["at"]
    # Automatic triggers wait for the back-off; nothing was lost.
    assert p.page.evaluate("async () => (await import('/lib/sync.js')).syncOnce()")["skipped"] == "backoff"
    assert len(p.outbox()) == 1 and text not in [e["text"] for e in server.entries()]
    p.page.wait_for_selector(".status-note >> text=The server’s storage is unavailable")

    p.page.unroute("**/api/sync/push")
    p.page.get_by_test_id("sync-now").click()  # the user's Sync now ignores the back-off
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    assert [e["text"] for e in server.entries()].count(text) == 1
    assert calls["n"] >= 1


def test_revoked_phone_says_so_and_keeps_its_outbox(phone, server):
    p = phone().setup("guard1")
    device_id = p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('device')).device_id")
    r = server.http().post(f"/api/devices/{device_id}/revoke", headers={"Authorization": f"Bearer {server.token('super1')}"})
    assert r.status_code == 200
    write_offline(p, ["Revoked test: written on a lost phone"])
    result = p.sync()
    assert result == {"ok": False, "error": "device_revoked", "status": 401}
    p.page.wait_for_selector(".status-note >> text=This phone has been revoked. Ask your supervisor.")
    assert len(p.outbox()) == 1
    assert "Revoked test: written on a lost phone" not in [e["text"] for e in server.entries()]


__all__ = ["PIN"]
