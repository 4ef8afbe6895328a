"""A supervisor enrols a new phone from their own and revokes a lost one, in one tap and a confirming tap."""
from __future__ import annotations

import pytest

from sync.device import Device, public_jwk
from tests.browser.test_screens import shoot


def test_supervisor_shows_a_code_a_new_phone_enrols_with_then_revokes_it(phone, server):
    sup = phone().setup("super1")
    sup.go("#/settings")
    sup.page.get_by_role("link", name="Phones at this site").click()
    sup.page.wait_for_function("location.hash === '#/phones'")
    sup.page.get_by_test_id("show-code").click()
    code = sup.page.get_by_test_id("enroll-code").inner_text().strip()
    assert len(code) == 12
    assert sup.page.get_by_test_id("enroll-qr").evaluate("img => img.complete && img.naturalWidth > 0")

    newcomer = server.http().post("/api/devices/enroll", json={
        "code": code, "public_key": public_jwk(Device(space="hv").key), "label": "Lost phone"})
    assert newcomer.status_code == 201
    device_id = newcomer.json_body["device_id"]

    sup.go("#/log")
    sup.go("#/phones")
    sup.page.wait_for_selector("[data-testid=phones] >> text=Lost phone")
    revoke = sup.page.get_by_test_id(f"revoke-{device_id}")
    revoke.click()
    assert "Tap again to revoke Lost phone" in revoke.inner_text()
    revoke.click()
    sup.page.wait_for_selector("[data-testid=phones] li[data-revoked='1'] >> text=Lost phone")
    r = server.http().get("/api/sync/pull", headers={"X-Device-Token": newcomer.json_body["device_token"],
                                                  "Authorization": "Bearer x"})
    assert r.status_code == 401
    assert sup.errors == []


def test_phones_screen_says_it_needs_the_network(phone):
    sup = phone().setup("super1")
    sup.context.set_offline(True)
    sup.go("#/phones")
    sup.page.wait_for_selector("#view >> text=This screen needs the network")


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_phones_screen_screenshot_and_accessibility(phone, server, lang):
    p = phone().setup_in(lang, "super1")
    p.go("#/phones")
    p.page.get_by_test_id("show-code").click()
    p.page.wait_for_selector("[data-testid=enroll-qr]")
    shoot(p, lang, "15-phones")
