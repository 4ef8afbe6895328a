"""The scanner decodes QR codes from the camera with the polyfill (headless
Chromium has no native BarcodeDetector) and its wasm from our own cache, offline."""
from __future__ import annotations

from tests.browser.conftest import qr_data_url


def open_scanner(p):
    p.go("#/scan")
    p.page.get_by_role("button", name="Open camera").click()
    p.page.wait_for_selector(".scanner-message >> text=Hold the QR code inside the frame.")


def test_scan_decodes_offline_with_polyfill_and_own_wasm_and_logs_it(phone, server):
    p = phone().setup("guard1")
    requests: list[str] = []
    p.context.on("request", lambda r: requests.append(r.url))
    p.context.set_offline(True)
    p.page.reload()
    p.ready()
    open_scanner(p)
    assert p.page.evaluate("window.__fakeCamera.constraints.video.facingMode.ideal") == "environment"
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url("CP-NORTH-GATE-01"))
    p.page.wait_for_selector("[data-testid=scans] li[data-code='CP-NORTH-GATE-01']")
    assert p.page.evaluate("window.__gatehouse.decoderInfo.kind") == "polyfill"
    assert p.page.evaluate("'BarcodeDetector' in window") is False
    outbox = p.outbox()
    assert [o["kind"] for o in outbox] == ["log.entry"]
    assert all(u.startswith(server.url) or u.startswith("data:") or u.startswith("blob:") for u in requests), requests


def test_same_code_within_a_second_and_a_half_is_ignored_then_a_new_code_counts(phone, server):
    p = phone().setup("guard1")
    open_scanner(p)
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url("CP-A"))
    p.page.wait_for_selector("[data-testid=scans] li[data-code='CP-A']")
    # The code stays in front of the camera: many frames, one record.
    p.page.wait_for_timeout(800)
    assert p.page.locator("[data-testid=scans] li").count() == 1
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url("CP-B"))
    p.page.wait_for_selector("[data-testid=scans] li[data-code='CP-B']")
    assert p.page.locator("[data-testid=scans] li").count() == 2
    # Feedback: the full-screen flash showed a tick.
    assert p.page.locator("#flash").text_content() == "✓"


def test_camera_denied_says_so_and_manual_entry_still_records(phone, server):
    p = phone().setup("guard1")
    p.page.evaluate("window.__fakeCamera.deny = true")
    p.go("#/scan")
    p.page.get_by_role("button", name="Open camera").click()
    p.page.wait_for_selector(".scanner-message.error >> text=Camera permission is denied")
    p.page.get_by_label("Or type the checkpoint code").fill("CP-MANUAL-7")
    p.page.get_by_role("button", name="Use code").click()
    p.page.wait_for_selector("[data-testid=scans] li[data-code='CP-MANUAL-7']")
    assert [o["kind"] for o in p.outbox()] == ["log.entry"]


def test_enrolment_by_scanning_the_supervisors_qr(phone, server):
    p = phone()
    p.open("#/welcome")
    p.page.get_by_role("button", name="Open camera").click()
    p.page.wait_for_selector(".scanner-message >> text=Hold the QR code inside the frame.")
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url(server.enroll_code("hv")))
    p.page.wait_for_selector("#view h1 >> text=Sign in")
    assert "This phone works at Harbour View Estate." in p.page.locator("#view").inner_text()
