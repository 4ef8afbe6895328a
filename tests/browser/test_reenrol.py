"""A phone the server no longer accepts: its unsynced records are saved to a file
for the supervisor, then it is erased and enrolled again."""
from __future__ import annotations

import json
from pathlib import Path

from tests.phone import bearer


def test_revoked_phone_saves_its_records_then_is_erased_and_enrolled_again(phone, server):
    p = phone().setup("guard1")
    p.context.set_offline(True)
    p.write_entry("Re-enrol test: written before the phone was revoked")
    device_id = p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('device')).device_id")
    r = server.http().post(f"/api/devices/{device_id}/revoke", headers=bearer(server.token("super1")))
    assert r.status_code == 200
    p.context.set_offline(False)
    result = p.sync()
    assert result["ok"] is False and result["error"] == "device_revoked"

    p.go("#/settings")
    p.page.wait_for_selector("#view >> text=Set up this phone again")
    with p.page.expect_download() as download:
        p.page.get_by_test_id("save-unsynced").click()
    saved = json.loads(Path(download.value.path()).read_text())
    assert [m["payload"]["text"] for m in saved["outbox"]] == ["Re-enrol test: written before the phone was revoked"]
    assert saved["device_id"] == device_id

    erase = p.page.get_by_test_id("erase-phone")
    erase.click()
    assert "Tap again" in erase.inner_text()
    with p.page.expect_navigation():
        erase.click()
    p.page.wait_for_selector("#view .scanner-manual input")
    p.enroll()
    p.login("guard1")
    p.set_pin()
    assert p.outbox() == []
    new_id = p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('device')).device_id")
    assert new_id != device_id
    p.write_entry("Re-enrol test: the phone works again")
    p.sync()
    assert any(e["text"] == "Re-enrol test: the phone works again" for e in server.entries())
