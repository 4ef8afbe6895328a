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
    write_offline(p, texts)  # going online syncs by itself
    p.page.wait_for_selector(".status-warn >> text=Sign in again to sync")
    assert len(p.outbox()) == 2  # pushed, not acknowledged, so kept
    assert len([e for e in server.entries() if e["text"] in texts]) == 2
    assert p.sync()["skipped"] == "signed_out"

    p.page.unroute("**/api/sync/pull*")
    p.page.get_by_role("link", name="Sign in", exact=True).click()
    p.login("guard1")
    p.set_pin()  # a new sign-in is wrapped under a PIN set now (PROTOCOL.md P8)
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
    cursor_js = ("async () => { const db = await import('/lib/db.js'); const s = await db.kvGet('session');"
                 " return db.kvGet('cursor:' + s.user_id); }")
    old_cursor = p.page.evaluate(cursor_js)
    p.context.set_offline(True)
    for t in texts:
        p.write_entry(t)
    # A record only this phone's copy has (the restored server never had it).
    p.page.evaluate("""async () => {
        const { withStore, kvGet } = await import('/lib/db.js');
        const { user_id } = await kvGet('session');
        await withStore('readwrite', (s) => { s.entities.put({uid: user_id, kind: 'log.entry', id: 'stale-local-only',
            space: 'hv', version: 1, data: {id: 'stale-local-only', text: 'Epoch test: stale local copy',
            category: 'general', location: '', occurred_at: 0, amendments: [], flags: []}}); }, ['entities']);
    }""")
    epoch = server.new_epoch()  # the server was restored from a backup meanwhile
    p.context.set_offline(False)  # syncs by itself: push, pull (reset), re-push, pull
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    p.sync()  # joins the sync that going online started (or runs one more)
    state = p.page.evaluate("async () => (await import('/lib/sync.js')).syncState()")
    assert state["last_reset_at"] > 0
    assert p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('device')).epoch") == epoch
    new_cursor = p.page.evaluate(cursor_js)
    assert new_cursor != old_cursor
    assert p.outbox() == []
    on_server = [e["text"] for e in server.entries()]
    for t in texts + ["Epoch test: synced before the restore"]:
        assert on_server.count(t) == 1
        p.page.wait_for_selector(f"a.card[data-pending='0'] >> text={t}")
    assert p.page.locator("text=Epoch test: stale local copy").count() == 0  # local copy dropped
    keys = p.page.evaluate("""async () => {
        const { withStore, req } = await import('/lib/db.js');
        return (await withStore('readonly', (s) => req(s.entities.getAllKeys()), ['entities'])).map(k => k[2]);
    }""")
    assert "stale-local-only" not in keys and len(keys) >= 3


def test_503_backs_off_keeps_outbox_and_recovers(phone, server):
    p = phone().setup("guard1")
    calls = {"n": 0}

    def outage(route):
        calls["n"] += 1
        route.fulfill(**envelope(503, "SERVICE UNAVAILABLE", "storage_unavailable"))
    p.page.route("**/api/sync/push", outage)
    text = "503 test: storage outage entry"
    write_offline(p, [text])
    r = p.sync()  # joins or follows the sync that going online started
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


def test_lost_push_response_is_retried_and_applied_once(phone, server):
    p = phone().setup("guard1")
    lost = {"n": 0}

    def deliver_then_lose(route):
        if lost["n"] == 0:
            lost["n"] += 1
            route.fetch()      # the server applies the batch ...
            route.abort()      # ... and the answer never reaches the phone
        else:
            route.continue_()
    p.page.route("**/api/sync/push", deliver_then_lose)
    texts = ["Lost answer test: first", "Lost answer test: second"]
    write_offline(p, texts)  # going online syncs by itself: that first answer is lost
    p.page.wait_for_function("() => document.querySelector('.status-note') !== null")
    assert lost["n"] == 1 and len(p.outbox()) == 2  # kept: nothing acknowledged it
    assert p.sync()["ok"] is True  # the retry gets the stored results
    assert p.outbox() == []
    on_server = [e["text"] for e in server.entries()]
    assert [on_server.count(t) for t in texts] == [1, 1]


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
