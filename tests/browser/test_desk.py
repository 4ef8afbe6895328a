"""The front desk and the gate in the browser: the desk issues a pass (photo taken
in the page) on the counter's 1280x800 screen; a guard's phone, offline, checks it
from the fake camera (green); the desk revokes it; the still-offline phone lets it
in again (green, data age shown); after sync the use is flagged "used after
revocation" and the next scan is red. Screenshots in English and Chinese."""
from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from PIL import Image

from tests.browser.conftest import SCREENSHOTS, qr_data_url
from tests.browser.test_screens import AXE_TAGS, TARGETS, axe
from tests.phone import bearer, body

COUNTER = {"width": 1280, "height": 800}


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 150), (60, 110, 170)).save(buf, format="JPEG")
    return buf.getvalue()


def day(n: int = 0) -> str:
    return (datetime.now(ZoneInfo("Asia/Hong_Kong")).date() + timedelta(days=n)).isoformat()


def issue_by_api(server, name: str = "Chan Siu Keung") -> tuple[dict, str]:
    desk = server.api_phone("desk1")
    r = requests.post(server.url + "/api/media?site_id=hv&purpose=pass", data=jpeg(),
                      headers={**desk.headers, "Content-Type": "image/jpeg"}, timeout=30)
    photo = r.json()["sha256"]
    m = desk.write("pass.issue", {"name": name, "company": "Wing Fat Renovation", "phone": "+852 9123 4567",
                                  "photo": photo, "unit": "12B", "purpose": "renovation", "valid_from": day(-1),
                                  "valid_until": day(5), "hours_from": "00:00", "hours_until": "00:00",
                                  "gates": ["main"]})
    [result] = desk.sync()
    assert result["status"] == "applied", result
    token = body(desk.client.get(f"/api/passes/{m['id']}/token", headers=desk.headers))["token"]
    return {"id": m["id"], "desk": desk, "photo": photo}, token


def shot(p, name: str) -> None:
    """A screenshot, checked as every screen is (axe-core WCAG 2.2 AA, 18 px text) and
    its own controls at least 56 px; the shell's tab bar is test_screens.py's to check."""
    p.page.evaluate("document.getElementById('toast').hidden = true")
    p.page.wait_for_selector("#flash", state="hidden")
    p.page.wait_for_timeout(150)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    results = axe.run(p.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: {bad}"
    assert p.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    view_targets = ", ".join(t.strip() for t in TARGETS.split(",") if t.strip().startswith("#view"))
    small = p.page.evaluate("""(sel) => [...document.querySelectorAll(sel.replaceAll(':visible', ''))]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height, e.getBoundingClientRect().width])
        .filter(([, h, w]) => h < 56 || w < 56)""", view_targets)
    assert small == [], f"{name}: targets under 56 px: {small}"


def scan(p, token: str) -> None:
    p.page.evaluate("window.__fakeCamera.blank()")
    p.page.wait_for_timeout(1700)          # the scanner ignores the same code within 1.5 s
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url(token))


def open_gate(p) -> None:
    p.go("#/desk/gate")
    p.page.locator("#view .scanner button").first.click()
    p.page.wait_for_selector(".scanner-video")


def uses(server) -> list[dict]:
    r = server.http().get("/api/passes/uses?site_id=hv", headers=bearer(server.token("super1")))
    return sorted(body(r)["uses"], key=lambda u: u["at"]["corrected_at"])


def test_a_pass_checked_offline_revoked_used_again_offline_is_flagged_after_sync(phone, server):
    made, token = issue_by_api(server)
    g = phone().setup("guard1")                      # the first sync brings the keys and the roster
    open_gate(g)                                      # online: the holders' photos are kept for offline
    g.page.wait_for_function("""async (sha) => (await import('/page/photos.js')).getImage(sha).then(Boolean)""",
                             arg=made["photo"])
    g.context.set_offline(True)
    scan(g, token)
    g.page.wait_for_selector(f"[data-testid=pass-result][data-colour=green][data-pass-id='{made['id']}']")
    assert "Chan Siu Keung" in g.page.inner_text("[data-testid=pass-result]")
    g.page.wait_for_function("document.querySelector('[data-testid=pass-result] img')?.naturalWidth > 0")
    shot(g, "en-desk-gate-green")

    made["desk"].write("pass.revoke", {"pass_id": made["id"], "reason": "contract ended"})
    assert made["desk"].sync()[0]["status"] == "applied"

    g.page.evaluate("document.querySelector('[data-testid=pass-check]').replaceChildren()")
    scan(g, token)                                    # still offline: the phone does not know yet
    g.page.wait_for_selector("[data-testid=pass-result][data-colour=green]")
    assert "Pass data as of" in g.page.inner_text("[data-testid=data-age]")
    assert [o["kind"] for o in g.outbox()] == ["pass.scan", "pass.scan"]

    g.context.set_offline(False)
    g.sync()
    g.page.wait_for_function("async () => (await import('/lib/outbox.js')).outboxEntries().then(e => e.length === 0)")
    first, second = uses(server)[-2:]
    assert (first["shown"], first["verdict"]) == ("valid", "valid")
    assert (second["shown"], second["verdict"]) == ("valid", "revoked")   # flagged: used after revocation

    g.page.evaluate("document.querySelector('[data-testid=pass-check]').replaceChildren()")
    scan(g, token)
    g.page.wait_for_selector("[data-testid=pass-result][data-colour=red][data-reason=revoked]")
    shot(g, "en-desk-gate-red")
    assert g.errors == []


def test_the_desk_issues_a_pass_on_the_counter_screen_and_gets_its_qr_after_sync(phone, server):
    d = phone().setup("desk1")
    d.page.set_viewport_size(COUNTER)
    d.go("#/desk/pass/new")
    d.page.get_by_label("Name", exact=True).fill("Lam Tai Wing")
    d.page.get_by_label("Company").fill("Kowloon Plumbing")
    d.page.get_by_label("Phone").fill("+852 6123 4567")
    d.page.get_by_label("Unit").fill("7A")
    d.page.set_input_files("[data-testid=photo-input]", files=[{"name": "holder.jpg", "mimeType": "image/jpeg",
                                                                 "buffer": jpeg()}])
    d.page.wait_for_selector("[data-testid=photos] li")
    shot(d, "en-desk-issue-1280")
    d.page.get_by_role("button", name="Issue pass").click()
    d.page.wait_for_function("location.hash.startsWith('#/desk/pass/') && location.hash !== '#/desk/pass/new'")
    d.sync()
    d.page.wait_for_selector("[data-testid=pass-qr] img[data-token]", timeout=20000)
    token = d.page.get_attribute("[data-testid=pass-qr] img", "data-token")
    assert token.startswith("GH1:")
    link = d.page.get_attribute("[data-testid=pass-link]", "href")
    assert link.startswith("/pass/")
    shot(d, "en-desk-pass-1280")
    d.go("#/desk")
    d.page.wait_for_selector("[data-testid=passes] a.card")
    shot(d, "en-desk-list-1280")
    r = server.http().get(link)
    assert r.status_code == 200 and "Lam Tai Wing" in r.text
    # The holder's photo went up as a pass photo: a guard may read it, and the page shows it.
    [issued] = [x for x in body(server.http().get("/api/passes?site_id=hv", headers=bearer(server.token("desk1"))))["passes"]
                if x["name"] == "Lam Tai Wing"]
    d.page.wait_for_function("""async (sha) => (await import('/page/photos.js')).getImage(sha).then(m => Boolean(m?.uploaded_at))""",
                             arg=issued["photo"])
    assert server.http().get(f"/api/media/{issued['photo']}", headers=bearer(server.token("guard1"))).status_code == 200
    assert 'class="photo"' in server.http().get(link).text
    assert d.errors == []


@pytest.mark.parametrize("lang", ["zh-Hant"])
def test_desk_and_gate_screens_in_chinese(phone, server, lang):
    made, token = issue_by_api(server, name="陳小強")
    d = phone().setup_in(lang, "desk1")
    d.wait_worker()
    d.sync()
    d.page.set_viewport_size(COUNTER)
    d.go("#/desk")
    d.page.wait_for_selector("[data-testid=passes] a.card")
    shot(d, f"{lang}-desk-list-1280")
    d.go(f"#/desk/pass/{made['id']}")
    d.page.wait_for_selector("[data-testid=pass-qr] img[data-token]", timeout=20000)
    shot(d, f"{lang}-desk-pass-1280")
    g = phone().setup_in(lang, "guard1")
    g.wait_worker()
    g.sync()
    open_gate(g)
    scan(g, token)
    g.page.wait_for_selector("[data-testid=pass-result][data-colour=green]")
    assert "准許進入" in g.page.inner_text("[data-testid=pass-result]")
    shot(g, f"{lang}-desk-gate-green")


def test_a_goods_release_approved_by_phone_is_let_out_once_and_a_second_use_is_flagged(phone, server):
    d = phone().setup("desk1")
    d.page.set_viewport_size(COUNTER)
    d.go("#/desk/permit/new")
    d.page.get_by_label("Unit").fill("12B")
    d.page.get_by_label("Person taking the goods").fill("Chan Siu Keung")
    d.page.get_by_label("Goods", exact=True).fill("2 kitchen cabinets\n1 air conditioner")
    d.page.get_by_role("button", name="Save and ask the owner").click()
    d.page.wait_for_function("location.hash.startsWith('#/desk/permit/') && location.hash !== '#/desk/permit/new'")
    permit_id = d.page.evaluate("location.hash.split('/').pop()")
    d.sync()
    d.page.get_by_label("Owner's name").wait_for()
    shot(d, "en-desk-permit-consent-1280")
    d.page.get_by_label("Owner's name").fill("Mr Ho")
    d.page.get_by_label("Number on file you called").fill("+852 2345 6789")
    d.page.get_by_role("button", name="Record the answer").click()
    d.sync()
    d.page.wait_for_selector("[data-testid=permit-qr] img[data-token]", timeout=20000)
    token = d.page.get_attribute("[data-testid=permit-qr] img", "data-token")

    g = phone().setup("guard1")
    open_gate(g)
    g.context.set_offline(True)
    scan(g, token)
    g.page.wait_for_selector("[data-testid=pass-result][data-colour=green]")
    assert "2 × kitchen cabinets" in g.page.inner_text("[data-testid=pass-result]")
    g.page.get_by_label("2 × kitchen cabinets").check()
    g.page.get_by_label("1 × air conditioner").check()
    shot(g, "en-desk-permit-exit")
    g.page.get_by_role("button", name="Let the goods out").click()
    g.page.wait_for_selector("text=Recorded: the goods went out.")
    scan(g, token)                                  # the same phone knows it was used
    g.page.wait_for_selector("[data-testid=pass-result][data-colour=red][data-reason=used]")

    other = server.api_phone("guard2")              # a phone that was offline too, and let it out again
    other.pull_all()
    other.write("permit.scan", {"token": token, "gate": "main", "shown": "valid", "ticked": [0, 1]})
    g.context.set_offline(False)
    g.sync()
    g.page.wait_for_function("async () => (await import('/lib/outbox.js')).outboxEntries().then(e => e.length === 0)")
    [second] = other.sync()
    assert second["status"] == "flagged" and second["reasons"][0]["code"] == "permit_used_twice"
    permit = other.of_kind("permit.gate")[permit_id]
    assert permit["status"] == "used" and permit["used"]["ticked"] == [0, 1] and len(permit["uses"]) == 2
    assert g.errors == [] and d.errors == []


@pytest.mark.parametrize("lang", ["en"])
def test_the_mail_log_receives_notifies_and_hands_out_against_a_signature(phone, server, lang):
    from tests.browser.test_patrol import sign
    d = phone().setup("desk1")
    d.go("#/desk/mail/new")
    d.page.get_by_label("Type").select_option("parcel")
    d.page.get_by_label("Unit", exact=True).fill("12B")
    d.page.get_by_label("Carrier").fill("SF Express")
    d.page.get_by_label("Tracking no.").fill("SF1234567890")
    d.page.set_input_files("[data-testid=photo-input]", files=[{"name": "label.jpg", "mimeType": "image/jpeg",
                                                                 "buffer": jpeg()}])
    d.page.wait_for_selector("[data-testid=photos] li")
    d.page.get_by_role("button", name="Save", exact=True).click()
    d.page.wait_for_function("location.hash === '#/desk/mail'")
    d.sync()
    d.page.wait_for_selector("[data-testid=mail-waiting] a.card[data-status=waiting]")
    shot(d, f"{lang}-desk-mail")
    d.page.locator("[data-testid=mail-waiting] a.card").first.click()
    d.page.get_by_role("button", name="Notified now").click()
    d.page.wait_for_function("document.querySelector('#view dl')?.textContent.includes('By phone')")
    d.page.get_by_label("Collected by").fill("Mrs Ho")
    sign(d)
    d.page.get_by_role("button", name="Record collection").click()
    d.sync()
    d.page.wait_for_function("document.querySelector('[data-testid=mail-status]')?.textContent === 'Collected'")
    shot(d, f"{lang}-desk-mail-collected")
    r = server.http().get("/api/desk/mail?site_id=hv", headers=bearer(server.token("desk1")))
    [entry] = [m for m in body(r)["mail"] if m["tracking"] == "SF1234567890"]
    assert entry["number"].startswith("MAL-") and entry["status"] == "collected"
    assert entry["collected"]["collected_by"] == "Mrs Ho" and entry["notified"][0]["by"] == "phone"
    assert d.errors == []


def test_a_guard_phone_with_its_clock_three_days_fast_judges_the_window_by_the_servers_clock(phone, server):
    made, token = issue_by_api(server, name="Wong Ka Ho")       # valid from yesterday to five days on
    g = phone()
    g.context.clock.install(time=datetime.now() + timedelta(days=7))   # its own clock: the pass has expired
    g.setup("guard1")                                              # the sync measures the phone's offset
    open_gate(g)
    g.context.set_offline(True)
    scan(g, token)
    g.page.wait_for_selector(f"[data-testid=pass-result][data-colour=green][data-pass-id='{made['id']}']")
    offset = g.page.evaluate("async () => (await import('/lib/sync.js')).syncState().then(s => s.clock_offset_ms)")
    assert offset < -6 * 86_400_000


def test_where_the_site_asks_the_owner_the_desk_records_the_approval_and_then_gets_the_qr(phone, server):
    from backend.db import database
    from backend.identity.models import Site

    def owner_approval(on: bool) -> None:
        with server.app.app_context(), database().write() as s:
            site = s.get(Site, "hv")
            site.settings = {**(site.settings or {}), "pass_owner_approval": on}

    owner_approval(True)
    try:
        desk = server.api_phone("desk1")
        r = requests.post(server.url + "/api/media?site_id=hv&purpose=pass", data=jpeg(),
                          headers={**desk.headers, "Content-Type": "image/jpeg"}, timeout=30)
        m = desk.write("pass.issue", {"name": "Ho Chi Wai", "company": "", "phone": "+852 9000 0000",
                                      "photo": r.json()["sha256"], "unit": "3C", "purpose": "delivery",
                                      "valid_from": day(0), "valid_until": day(0), "gates": ["main"]})
        assert desk.sync()[0]["status"] == "applied"
    finally:
        owner_approval(False)
    d = phone().setup("desk1")
    d.go(f"#/desk/pass/{m['id']}")
    d.page.wait_for_function("document.querySelector('[data-testid=pass-status]')?.textContent === \"Waiting for the owner's approval\"")
    d.page.get_by_label("Owner's name").fill("Ms Ho")
    d.page.get_by_label("Number on file you called").fill("+852 2345 0000")
    d.page.get_by_role("button", name="Record the answer").click()
    d.sync()
    d.page.wait_for_selector("[data-testid=pass-qr] img[data-token]", timeout=20000)
    assert d.page.inner_text("[data-testid=pass-status]") == "Valid"
    assert d.errors == []
