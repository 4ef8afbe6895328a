"""When the phone syncs: by itself ~1 s after a write, one tab at a time,
Background Sync registered where the browser has it, and a warning when
records wait more than 15 minutes while online."""
from __future__ import annotations

import json


def test_a_write_online_syncs_by_itself(phone, server):
    p = phone().setup("guard1")
    p.write_entry("Trigger test: synced without pressing anything")
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    assert [e["text"] for e in server.entries()].count("Trigger test: synced without pressing anything") == 1


def test_two_tabs_never_sync_at_the_same_time(phone, server):
    p = phone().setup("guard1")
    second = p.context.new_page()
    second.goto(server.url + "/")
    second.wait_for_selector("html[data-ready='1']", state="attached")
    p.context.set_offline(True)
    p.write_entry("Two tabs test")
    p.context.set_offline(False)
    # Hold the lock in one tab: the other skips instead of syncing in parallel.
    held = second.evaluate("""() => new Promise(resolve => {
        navigator.locks.request('gatehouse-sync', () => new Promise(release => {
            window.__release = release; resolve('held');
        }));
    })""")
    assert held == "held"
    assert p.page.evaluate("() => import('/lib/sync.js').then(m => m.syncOnce({force: true}))") == {
        "ok": False, "skipped": "busy"}
    second.evaluate("window.__release()")
    assert p.page.evaluate("() => import('/lib/sync.js').then(m => m.syncOnce({force: true}))")["ok"] is True
    assert [e["text"] for e in server.entries()].count("Two tabs test") == 1


def test_background_sync_is_registered_after_a_write(persistent, server):
    p = persistent(permissions=("camera", "background-sync"))
    p.setup("guard1")
    p.context.set_offline(True)
    p.write_entry("Background sync test")
    assert "gatehouse-outbox" in p.page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())")
    p.context.set_offline(False)  # the page syncs on "online" whether or not the tag fires
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    assert [e["text"] for e in server.entries()].count("Background sync test") == 1


def test_warning_when_records_wait_over_15_minutes_online(phone, server):
    p = phone().setup("guard1")
    p.page.clock.install()
    p.page.reload()
    p.ready()
    envelope = {"code": 503, "status": "SERVICE UNAVAILABLE", "message": "down", "reason": "storage_unavailable", "errors": {}}
    p.page.route("**/api/sync/push", lambda r: r.fulfill(status=503, content_type="application/json", body=json.dumps(envelope)))
    p.write_entry("Stale test: stuck behind an outage")
    assert p.page.locator(".status-warn").count() == 0
    p.page.clock.fast_forward("16:00")
    p.page.wait_for_selector(".status-warn >> text=records have waited 16 mins to sync")
