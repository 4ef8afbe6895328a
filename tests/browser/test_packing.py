"""A packer's day on the phone, offline: a 12-line order counted by scanning item
QR codes from the (fake) camera, a defective unit exchanged, an extra item refused
at once, two boxes filled, the bill signed by two staff (customer absent, each with
their own PIN), both boxes sealed under labels the phone signs; online it syncs,
the server countersigns and the label prints. Another phone checks the label
offline and notices a changed seal number. Screenshots in English and 繁體中文."""
from __future__ import annotations

import email
import email.policy

import pytest

from backend.packing.notices import send_due
from tests.packing.test_notices import smtp_server

from tests.browser.conftest import PIN, SCREENSHOTS, qr_data_url
from tests.phone import Phone, bearer, body

LINES = [{"code": f"JW-{i:03d}", "name": name, "name_zh": zh, "category": cat, "unit_price": price, "quantity": qty}
         for i, (name, zh, cat, price, qty) in enumerate([
             ("Silver ring", "銀戒指", "rings", 12500, 1), ("Gold ring", "金戒指", "rings", 98000, 1),
             ("Jade ring", "玉戒指", "rings", 45000, 1), ("Pearl necklace", "珍珠項鏈", "necklaces", 150000, 1),
             ("Silver necklace", "銀項鏈", "necklaces", 32000, 1), ("Gold necklace", "金項鏈", "necklaces", 210000, 1),
             ("Jade bangle", "玉手鐲", "bangles", 88000, 2), ("Gold bangle", "金手鐲", "bangles", 260000, 1),
             ("Silver bangle", "銀手鐲", "bangles", 18000, 1), ("Pearl earrings", "珍珠耳環", "earrings", 40000, 1),
             ("Gold earrings", "金耳環", "earrings", 66000, 1), ("Jade pendant", "玉吊墜", "pendants", 52000, 1)],
             start=1)]


def shot(p, name: str, lang: str = "en") -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(SCREENSHOTS / f"{lang}-packing-{name}.png"))


@pytest.fixture(scope="module")
def order(server):
    """A remote customer's paid 12-line order at the warehouse, and a second packer."""
    admin = bearer(server.token("admin"))
    server.http().post("/api/users", json={"username": "packer3", "name": "Lau Chi Keung", "role": "packer",
                                           "password": "gatehouse-demo", "site_ids": ["wh"]}, headers=admin)
    office = Phone(server.http(), site="wh")
    office.sign_in("packer1")
    c = office.write("customer.register", {"name": "Wing On Trading", "phone": "+852 2345 6789",
                                           "address": "12 Hoi Yuen Road", "type": "wholesale", "shipping": "SF Express",
                                           "email": "buyer@example.com", "language": "zh-Hant"})
    o = office.write("order.create", {"customer_id": c["id"], "channel": "remote", "lines": LINES})
    office.write("order.payment", {"order_id": o["id"], "state": "paid"})
    assert all(r["status"] == "applied" for r in office.sync())
    return o["id"]


def counter_order(server, name: str, phone: str, address: str) -> tuple[Phone, dict]:
    """A wholesale customer at the counter with a paid one-line order, written (not yet
    synced) on an office phone of the warehouse."""
    office = Phone(server.http(), site="wh")
    office.sign_in("packer1")
    c = office.write("customer.register", {"name": name, "phone": phone, "address": address, "type": "wholesale"})
    o = office.write("order.create", {"customer_id": c["id"], "channel": "counter", "lines": LINES[:1]})
    office.write("order.payment", {"order_id": o["id"], "state": "paid"})
    return office, o


def sign_in_here(p, username: str) -> None:
    """Sign in on the enrolled phone and set the PIN (by selectors, in any language);
    a packer then lands on their first tab, whichever it is."""
    p.page.evaluate("location.hash = '#/login'")
    p.page.wait_for_selector("#view input[autocomplete=username]")
    p.page.locator("input[autocomplete=username]").fill(username)
    p.page.locator("input[type=password]").fill("gatehouse-demo")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/pin'")
    pins = p.page.locator("#view input[autocomplete=new-password]")
    pins.nth(1).wait_for()
    pins.nth(0).fill(PIN)
    pins.nth(1).fill(PIN)
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("!['#/pin', '#/login', '#/log'].includes(location.hash)")


def packer_phone(phone, lang="en", second: str | None = "packer3"):
    """One phone at the warehouse with packer1 using it (and a second packer with a PIN on it)."""
    p = phone()
    p.open("#/welcome")
    p.page.locator(f".segmented button[lang='{lang}']").click()
    p.page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
    p.page.locator(".scanner-manual input").fill(p.server.enroll_code("wh"))
    p.page.locator(".scanner-manual button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/login'")
    p.wait_worker()
    for username in ([second] if second else []) + ["packer1"]:
        sign_in_here(p, username)
        synced(p)   # each user's copy of the orders is their own (the second checker reads it as they sign)
    return p


def scan(p, text: str) -> None:
    """Show a code to the camera, wait until the phone has answered it, take it away."""
    before = p.page.locator("[data-testid=scan-result]").inner_text()
    p.page.evaluate("u => window.__fakeCamera.show(u)", qr_data_url(text))
    p.page.wait_for_function("b => document.querySelector('[data-testid=scan-result]').innerText !== b", arg=before)
    p.page.evaluate("window.__fakeCamera.blank()")
    p.page.wait_for_timeout(200)


def synced(p) -> None:
    """Sync until the outbox is empty (a sync the app started itself may be running)."""
    for _ in range(20):
        p.sync()
        if not p.outbox():
            return
        p.page.wait_for_timeout(500)
    assert p.outbox() == []


def ticked(p, code: str) -> str:
    return p.page.locator(f"[data-testid=lines] li[data-code='{code}']").get_attribute("data-ticked")


def test_a_packer_counts_seals_and_labels_a_12_line_order_offline(phone, server, order):
    p = packer_phone(phone)
    p.go("#/packing")
    p.page.wait_for_selector(f"[data-testid=orders] a[data-id='{order}']")
    shot(p, "orders")
    p.context.set_offline(True)
    p.page.reload()                                           # the packing screens come from the phone's cache
    p.ready()
    p.go(f"#/packing/order/{order}")
    p.page.get_by_role("button", name="Open camera").click()
    p.page.wait_for_selector(".scanner-message >> text=Hold the QR code inside the frame.")
    codes = [x["code"] for x in LINES]
    for code in codes[:6]:                                    # box 1: rings and necklaces
        scan(p, f"gatehouse:item:{code}@{next(x['unit_price'] for x in LINES if x['code'] == code)}")
    assert [ticked(p, c) for c in codes[:6]] == ["1"] * 6
    scan(p, "gatehouse:item:XX-999")                          # not on the order: refused at once
    assert "XX-999 is not on this order" in p.page.locator("[data-testid=scan-result]").inner_text()
    assert p.page.locator("#flash").text_content() == "✕"
    scan(p, "gatehouse:item:JW-001")                          # the line is full: an extra, refused
    assert "the line is full" in p.page.locator("[data-testid=scan-result]").inner_text()
    shot(p, "refused")
    p.page.get_by_role("button", name="Open a new box").click()
    p.page.wait_for_function("document.querySelectorAll('[data-testid=boxes] li').length === 2")
    p.page.locator("#defective").check()                      # a defective jade bangle, exchanged
    scan(p, "gatehouse:item:JW-007")
    assert "defective item recorded" in p.page.locator("[data-testid=scan-result]").inner_text()
    for code in ["JW-008", "JW-007", "JW-009", "JW-010", "JW-011", "JW-012", "JW-007"]:  # a good one, then the second
        scan(p, f"gatehouse:item:{code}")
    assert [ticked(p, c) for c in codes] == ["1"] * 6 + ["2"] + ["1"] * 5
    shot(p, "counted")

    p.page.locator("#name-checked").check()                   # the checker signs ...
    p.page.get_by_role("button", name="Sign the bill as checker").click()
    p.page.get_by_label("Their PIN").wait_for()
    p.page.get_by_label("Second checker", exact=True).select_option(label="Lau Chi Keung")
    p.page.get_by_label("Their PIN").fill("9999")             # a wrong PIN signs nothing
    p.page.get_by_role("button", name="Sign as second checker").click()
    p.page.wait_for_selector("text=Wrong PIN.")
    p.page.get_by_label("Their PIN").fill(PIN)                # ... and the second with their own PIN
    p.page.get_by_role("button", name="Sign as second checker").click()
    p.page.wait_for_selector("text=The bill is signed.")
    for i, seal in enumerate(["S-000101", "S-000102"]):
        card = p.page.locator("[data-testid=boxes] li").nth(i)
        card.get_by_label("Seal number (if any)").fill(seal)
        card.get_by_role("button", name="Seal this box").click()
        p.page.wait_for_selector(f"[data-testid=boxes] li:nth-child({i + 1})[data-sealed='1']")
    shot(p, "sealed")
    kinds = [o["kind"] for o in p.outbox()]
    assert kinds.count("packing.tick") == 14 and kinds.count("packing.seal") == 2
    assert kinds.count("packing.sign") == 2 and "XX-999" not in str(kinds)

    p.context.set_offline(False)                              # online: sync, countersign, label
    synced(p)
    detail = body(server.http().get(f"/api/packing/orders/{order}", headers=bearer(server.token("super1"))))
    o = detail["order"]
    assert o["status"] == "sealed" and [s["user_name"] for s in o["signatures"]] == ["Cheung Mei Ling", "Lau Chi Keung"]
    assert [len(b["contents"]) for b in detail["boxes"]] == [6, 6] and detail["boxes"][1]["contents"]["JW-007"] == 2
    jade = next(x for x in o["lines"] if x["code"] == "JW-007")
    assert jade["ticked"] == 2 and len(jade["defects"]) == 1
    p.go(f"#/packing/order/{order}")
    with p.page.expect_download() as download:
        p.page.locator("[data-testid=boxes] li").nth(0).get_by_role("button", name="Print label").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    detail = body(server.http().get(f"/api/packing/orders/{order}", headers=bearer(server.token("super1"))))
    assert detail["boxes"][0]["countersign"].startswith("GH1:")

    # Dispatch the way the customer asked, phone them, and their email goes out through SMTP.
    p.page.get_by_label("Carrier").select_option(label="STO Express")
    p.page.wait_for_selector("text=The customer asked for SF Express.")
    p.page.get_by_label("Carrier").select_option(label="SF Express")
    p.page.get_by_label("Waybill no.").fill("SF1234567890")
    p.page.get_by_role("button", name="Record the dispatch").click()
    p.page.wait_for_selector("[data-testid=dispatch] >> text=waybill no. SF1234567890")
    p.page.locator("#call-reached").check()
    p.page.get_by_role("button", name="Record the call to the customer").click()
    p.page.wait_for_selector("[data-testid=calls] >> text=Called: reached")
    shot(p, "dispatched")
    synced(p)
    detail = body(server.http().get(f"/api/packing/orders/{order}", headers=bearer(server.token("super1"))))
    assert detail["order"]["status"] == "dispatched" and detail["dispatch"]["waybill"] == "SF1234567890"
    assert detail["order"]["calls"][0]["reached"] is True and "SF1234567890" in detail["order"]["calls"][0]["agreed"]
    with smtp_server() as (inbox, port):
        server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        try:
            with server.app.app_context():
                assert send_due()["sent"] >= 1   # the shared outbox may hold other tests' mail too
        finally:
            server.app.config.update(SMTP_HOST="")
    [mail] = [m for m in inbox.messages if "buyer@example.com" in m.rcpt_tos]
    message = email.message_from_bytes(mail.content, policy=email.policy.default)
    assert message["Subject"] == f"您的訂單 {detail['order']['number']} 已發貨"
    assert "SF1234567890" in message.get_content()

    # Another phone of the warehouse checks the label offline on arrival.
    label = detail["boxes"][0]["sealed"]["label"]
    q = phone()
    q.setup("super1", site="wh")
    q.context.set_offline(True)
    q.go("#/packing/check")
    q.page.get_by_label("Seal number on the box").fill("S-000199")   # someone changed the seal
    q.page.get_by_label("Or paste the label text").fill(label)
    q.page.get_by_role("button", name="Use code").click()
    q.page.wait_for_selector("[data-testid=check-result][data-result=seal_mismatch]")
    shot(q, "check-mismatch")
    q.page.get_by_label("Seal number on the box").fill("S-000101")
    q.page.get_by_role("button", name="Check again").click()
    q.page.wait_for_selector("[data-testid=check-result][data-result=intact]")
    forged = label[:-4] + ("AAAA" if not label.endswith("AAAA") else "BBBB")
    q.page.get_by_label("Or paste the label text").fill(forged)
    q.page.get_by_role("button", name="Use code").click()
    q.page.wait_for_selector("[data-testid=check-result][data-result=label_forged]")
    q.context.set_offline(False)
    synced(q)
    r = body(server.http().get("/api/review/items?site_id=wh", headers=bearer(server.token("super1"))))
    codes = {reason["code"] for item in r["items"] for reason in item["reasons"]}
    assert {"seal_mismatch", "label_forged"} <= codes


def heading(p, text: str) -> None:
    """Wait for the new screen: `go` returns once any heading shows, the previous screen's too."""
    p.page.wait_for_function("t => document.querySelector('#view h1')?.innerText === t", arg=text)


def test_packing_screens_in_traditional_chinese(phone, server, order):
    p = packer_phone(phone, "zh-Hant")
    p.go("#/packing")
    p.page.wait_for_selector(f"[data-testid=orders] a[data-id='{order}']")
    assert "訂單" in p.page.locator("#view h1").inner_text()
    shot(p, "orders", "zh-Hant")
    p.go(f"#/packing/order/{order}")
    heading(p, "點一件、裝一件、剔一件")
    assert "銀戒指" in p.page.locator("[data-testid=lines]").inner_text()
    shot(p, "count", "zh-Hant")
    p.go("#/packing/check")
    heading(p, "到貨驗箱")
    shot(p, "check", "zh-Hant")
    p.go("#/packing/seals")
    heading(p, "封條")
    assert "封條入庫" in p.page.locator("#view").inner_text()
    shot(p, "seals", "zh-Hant")


def test_a_present_customer_checks_the_box_and_signs_on_the_screen(phone, server):
    office, o = counter_order(server, "Tai Fung Jewellery", "+852 2888 1234", "8 Hing Yip Street")
    assert all(r["status"] == "applied" for r in office.sync())
    p = packer_phone(phone, second=None)
    p.go(f"#/packing/order/{o['id']}")
    p.page.get_by_label("Or type the item code").fill("JW-001")
    p.page.get_by_role("button", name="Use code").click()
    p.page.wait_for_selector("[data-testid=lines] li[data-code='JW-001'][data-ticked='1']")
    p.page.locator("#name-checked").check()
    p.page.get_by_role("button", name="Sign the bill as checker").click()
    p.page.get_by_label("Customer's name, as they sign").fill("Tai Fung Jewellery")
    p.page.get_by_role("button", name="Customer checked the box and signs").click()
    p.page.wait_for_selector("text=The customer writes their name and signs.")   # nothing drawn yet
    box = p.page.locator("[data-testid=signature]").bounding_box()
    p.page.mouse.move(box["x"] + 20, box["y"] + 40)
    p.page.mouse.down()
    for i in range(1, 12):
        p.page.mouse.move(box["x"] + 20 + i * 25, box["y"] + 40 + (i % 3) * 20)
    p.page.mouse.up()
    p.page.get_by_role("button", name="Customer checked the box and signs").click()
    p.page.wait_for_selector("text=The bill is signed.")
    p.page.locator("[data-testid=boxes] li").first.get_by_role("button", name="Seal this box").click()
    p.page.wait_for_selector("[data-testid=boxes] li[data-sealed='1']")
    synced(p)
    detail = body(server.http().get(f"/api/packing/orders/{o['id']}", headers=bearer(server.token("super1"))))
    signed = detail["order"]["customer_signature"]
    assert signed["name"] == "Tai Fung Jewellery" and len(signed["signature"]) == 64
    assert detail["order"]["status"] == "sealed"


def test_seals_are_received_and_issued_offline_and_the_packer_picks_one_to_seal_a_box(phone, server):
    """The seal registry on the phone (issue 10 item 4): a range received, a number
    received twice refused at once, two seals issued to the packer, one picked from
    their seals when the box is sealed; the server's registry follows after sync."""
    office, o = counter_order(server, "Kam Fat Gems", "+852 2777 1234", "3 Tsun Yip Street")
    b = office.write("packing.box_open", {"order_id": o["id"]})
    office.write("packing.tick", {"order_id": o["id"], "box_id": b["id"], "code": "JW-001", "unit_price": 12500,
                                  "quality": "good"})
    office.write("packing.sign", {"order_id": o["id"], "name_checked": True})
    office.write("packing.customer_sign", {"order_id": o["id"], "name": "Kam Fat Gems"})
    assert all(r["status"] == "applied" for r in office.sync())

    p = packer_phone(phone, second=None)
    p.go("#/packing")
    p.page.get_by_role("link", name="Seals").click()
    p.page.wait_for_selector("[data-testid=seals]")
    p.context.set_offline(True)
    p.page.get_by_test_id("seal-receive-prefix").fill("BT-")
    p.page.get_by_test_id("seal-receive-first").fill("0001")
    p.page.get_by_test_id("seal-receive-last").fill("0003")
    p.page.get_by_role("button", name="Receive these seals").click()
    p.page.wait_for_selector("[data-testid=seal-receive-status] >> text=3 seals received.")
    assert p.page.locator("[data-testid=seals] li[data-state=received]").count() == 3
    p.page.get_by_test_id("seal-receive-first").fill("0003")        # received twice: refused, nothing written
    p.page.get_by_test_id("seal-receive-last").fill("0004")
    p.page.get_by_test_id("seal-receive-prefix").fill("BT-")
    p.page.get_by_role("button", name="Receive these seals").click()
    p.page.wait_for_selector("text=Seal BT-0003 is in the registry already: nothing was received.")
    p.page.get_by_test_id("seal-issue-prefix").fill("BT-")
    p.page.get_by_test_id("seal-issue-first").fill("0001")
    p.page.get_by_test_id("seal-issue-last").fill("0002")
    p.page.get_by_test_id("seal-issue-to").select_option(label="Cheung Mei Ling")
    p.page.get_by_role("button", name="Issue these seals").click()
    p.page.wait_for_selector("[data-testid=seal-issue-status] >> text=2 seals issued to Cheung Mei Ling.")
    assert p.page.locator("[data-testid=seals] li[data-state=issued]").count() == 2
    shot(p, "seals")
    assert [m["kind"] for m in p.outbox()] == ["packing.seal_receive", "packing.seal_issue"]

    p.go(f"#/packing/order/{o['id']}")
    card = p.page.locator("[data-testid=boxes] li").first
    card.locator("[data-testid=my-seals] button[data-number='BT-0002']").click()
    assert card.get_by_label("Seal number (if any)").input_value() == "BT-0002"
    card.get_by_role("button", name="Seal this box").click()
    p.page.wait_for_selector("[data-testid=boxes] li[data-sealed='1']")
    p.context.set_offline(False)
    synced(p)
    seals = body(server.http().get("/api/packing/seals?site_id=wh", headers=bearer(server.token("super1"))))["seals"]
    mine = {s["number"]: s for s in seals if s["number"].startswith("BT-")}
    assert {n: s["state"] for n, s in mine.items()} == {"BT-0001": "issued", "BT-0002": "applied", "BT-0003": "received"}
    assert mine["BT-0002"]["applied"]["box_id"] == b["id"] and mine["BT-0001"]["issued"]["to_user_name"] == "Cheung Mei Ling"
