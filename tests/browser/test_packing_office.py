"""The packing office on the phone: a packer, offline, registers a customer and
enters a remote order (clear field errors on bad input), is refused packing
until the payment is recorded, counts, crosses out a line the customer does not
want; the return slip is signed through the recorded call, approved by a
supervisor with their own PIN, and the goods counted back with a difference that
shows flagged after sync. A CSV with a bad row names its line and imports nothing.
The phone applies the returns rules before a slip is written. Overdue orders
stand out on the list and on the supervisor's board. Screenshots
at phone size in English and 繁體中文."""
from __future__ import annotations

import time

from tests.browser.conftest import LANDED, PIN, SCREENSHOTS
from tests.browser.test_packing import packer_phone, synced
from tests.phone import Phone, bearer, body

HEADER = "order,customer_id,channel,code,name,name_zh,category,unit_price,quantity\n"


def shot(p, name: str, lang: str = "en", at: str | None = None) -> None:
    """The phone's screen (390 x 844), scrolled to `at` when given."""
    if at:
        p.page.locator(at).first.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(SCREENSHOTS / f"{lang}-packing-office-{name}.png"))


def office(server) -> Phone:
    o = Phone(server.http(), site="wh")
    o.sign_in("packer1")
    return o


def customer(o: Phone, name: str) -> str:
    c = o.write("customer.register", {"name": name, "phone": "+852 2345 6789", "address": "12 Hoi Yuen Road",
                                      "type": "wholesale", "shipping": "SF Express"})
    assert [r["status"] for r in o.sync()] == ["applied"]
    return c["id"]


def orders(server) -> list[dict]:
    return body(server.http().get("/api/packing/orders?site_id=wh", headers=bearer(server.token("super1"))))["orders"]


def with_manager(phone, lang: str = "en"):
    """The warehouse phone with the supervisor signed in on it once (their PIN set),
    then packer1 using it."""
    p = packer_phone(phone, lang, second=None)
    p.page.evaluate("location.hash = '#/login'")
    p.page.wait_for_selector("#view input[autocomplete=username]")
    p.page.locator("input[autocomplete=username]").fill("super1")
    p.page.locator("input[type=password]").fill("gatehouse-demo")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("location.hash === '#/pin'")
    pins = p.page.locator("#view input[autocomplete=new-password]")
    pins.nth(1).wait_for()
    pins.nth(0).fill(PIN)
    pins.nth(1).fill(PIN)
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function(LANDED)
    synced(p)
    p.page.evaluate("async () => { await (await import('/page/session.js')).lock(); location.hash = '#/unlock'; }")
    p.page.locator("#view .segmented button", has_text="Cheung Mei Ling").click()   # switch user: packer1 again
    p.page.locator("#view input[autocomplete=current-password]").fill(PIN)
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function(LANDED)
    return p


def errors_shown(p) -> list[str]:
    return p.page.locator("#view .field-error").all_inner_texts()


def test_a_remote_order_entered_offline_is_paid_counted_and_its_crossed_out_line_returned(phone, server):
    p = with_manager(phone)                          # the supervisor has signed in on this phone once
    p.go("#/packing")
    p.context.set_offline(True)

    # A customer file, offline; bad input is named field by field and nothing is written.
    p.page.get_by_role("link", name="Register a customer").click()
    p.page.wait_for_selector("#view h1 >> text=Register a customer")
    p.page.get_by_label("Phone").fill("call me")
    p.page.get_by_label("Email (if any)").fill("not-an-email")
    p.page.get_by_role("button", name="Save the customer file").click()
    assert errors_shown(p) == ["Type the customer's name.", "A phone number: digits, spaces, + ( ) -, 6 to 30.",
                               "Type the address.", "An email address like name@example.com, or nothing."]
    p.page.get_by_label("Customer type").select_option("franchise")
    p.page.get_by_label("Contract return ratio (%)").fill("150")
    p.page.get_by_role("button", name="Save the customer file").click()
    assert "A franchise's return ratio: a number from 0 to 100." in errors_shown(p)
    shot(p, "customer-errors", at="#view .field-error")
    assert p.outbox() == []
    p.page.get_by_label("Customer type").select_option("wholesale")
    p.page.get_by_label("Name", exact=True).fill("Kwong Sang Jewellery")
    p.page.get_by_label("Phone").fill("+852 2777 0000")
    p.page.get_by_label("Address").fill("3 Tai Yip Street, Kowloon Bay")
    p.page.get_by_label("Email (if any)").fill("orders@kwongsang.example")
    p.page.get_by_label("Shipping method they chose").select_option("SF Express")
    p.page.get_by_label("Language for notices").select_option("en")
    p.page.get_by_role("button", name="Save the customer file").click()

    # The order, with the new customer chosen; a bad price and a code typed twice are named.
    p.page.wait_for_selector("#view h1 >> text=New order")
    assert p.page.get_by_label("Customer", exact=True).locator("option:checked").inner_text().startswith("Kwong Sang Jewellery")
    p.page.get_by_label("Taken").select_option("remote")

    def line(i: int, code: str, name: str, category: str, price: str, qty: str) -> None:
        row = p.page.locator("[data-testid=order-line]").nth(i)
        row.get_by_label("Item code").fill(code)
        row.get_by_label("Name (English)").fill(name)
        row.get_by_label("Category").fill(category)
        row.get_by_label("Unit price").fill(price)
        row.get_by_label("Quantity").fill(qty)
    line(0, "JW-101", "Silver ring", "rings", "125.005", "2")
    p.page.get_by_role("button", name="Add a line").click()
    line(1, "JW-101", "Jade pendant", "pendants", "520.00", "0")
    p.page.get_by_role("button", name="Save the order").click()
    assert errors_shown(p) == ["A price like 125.00: 0 or more, at most 2 decimals, up to 1,000,000.",
                               "This item code is on the order already.", "A whole number from 1 to 10,000."]
    assert p.page.locator("text=Some lines need fixing").count() == 1
    shot(p, "order-errors", at="[data-testid=order-line] .field-error")
    line(0, "JW-101", "Silver ring", "rings", "125.00", "2")
    line(1, "JW-102", "Jade pendant", "pendants", "520.00", "3")
    p.page.locator("[data-testid=order-line]").nth(1).get_by_label("Name (Chinese)").fill("玉吊墜")
    assert p.page.locator("[data-testid=order-total]").inner_text() == "Total 1,810.00"
    p.page.get_by_role("button", name="Save the order").click()
    p.page.wait_for_selector("#view h1 >> text=Count one, pack one, tick one")
    assert [o["kind"] for o in p.outbox()] == ["customer.register", "order.create"]

    # Not paid: the packer is refused at once, and no box is opened.
    p.page.get_by_label("Or type the item code").fill("JW-101")
    p.page.get_by_role("button", name="Use code").click()
    p.page.wait_for_selector("[data-testid=scan-result] >> text=Not paid yet")
    assert [o["kind"] for o in p.outbox()] == ["customer.register", "order.create"]
    shot(p, "unpaid-refused", at="[data-testid=scan-result]")
    p.page.get_by_label("Note (how it was paid)").fill("Bank transfer 88120")
    p.page.get_by_role("button", name="Record: paid").click()
    p.page.wait_for_selector("[data-testid=payment][data-state=paid] >> text=recorded by Cheung Mei Ling")
    for code in ["JW-101", "JW-101", "JW-102"]:
        p.page.get_by_label("Or type the item code").fill(code)
        p.page.get_by_role("button", name="Use code").click()
        p.page.wait_for_selector(f"[data-testid=scan-result] >> text={code}")
    p.page.wait_for_selector("[data-testid=lines] li[data-code='JW-101'][data-ticked='2']")

    # Two pendants the customer does not want: crossed out, a return slip made.
    p.page.locator("[data-testid=cross-out] summary").click()
    cross = p.page.locator("[data-testid=cross-out]")
    cross.get_by_label("Line").select_option("JW-102")
    cross.get_by_label("Quantity").fill("4")
    cross.get_by_role("button", name="Cross out and make a return slip").click()
    assert cross.locator(".field-error").all_inner_texts() == ["A whole number from 1 to 3.", "Write why the line is crossed out."]
    cross.get_by_label("Quantity").fill("2")
    cross.get_by_label("Why").fill("On the call: two pendants no longer wanted")
    cross.get_by_role("button", name="Cross out and make a return slip").click()
    p.page.wait_for_selector("[data-testid=lines] li[data-code='JW-102'] >> text=2 crossed out")
    assert p.page.locator("[data-testid=lines] li[data-code='JW-102'] .count").inner_text() == "1 of 1"
    slip = p.page.locator("[data-testid=slips] li").first
    assert "Not wanted (crossed out)" in slip.inner_text() and "JW-102 × 2" in slip.inner_text()
    assert "Customer absent: record a call that reached them first." in slip.inner_text()

    # The call after picking, then it stands for the absent customer's signature.
    p.page.locator("#after-picking-reached").check()
    p.page.get_by_role("button", name="Record the call after picking").click()
    p.page.wait_for_selector("text=Write what was agreed.")
    p.page.locator("#after-picking-reached").check()
    p.page.get_by_label("What was agreed").fill("Two pendants crossed out; the rings as ordered")
    p.page.get_by_role("button", name="Record the call after picking").click()
    p.page.wait_for_selector("[data-testid=after-picking-calls] li[data-reached='1']")
    slip.get_by_role("button", name="The recorded call stands for the customer's signature").click()
    p.page.wait_for_selector("[data-testid=slip-customer] >> text=the recorded call stands for the signature")

    # The manager approves with their own PIN: a wrong one approves nothing.
    slip = p.page.locator("[data-testid=slips] li").first
    slip.get_by_label("Manager", exact=True).select_option(label="Ho Wing Sze")
    slip.get_by_label("Their PIN").fill("999999")
    slip.get_by_role("button", name="Approve the return slip").click()
    p.page.wait_for_selector("text=Wrong PIN.")
    assert "return.approve" not in [o["kind"] for o in p.outbox()]
    slip.get_by_label("Their PIN").fill(PIN)
    slip.get_by_role("button", name="Approve the return slip").click()
    p.page.wait_for_selector("[data-testid=slip-approval] >> text=Approved by Ho Wing Sze")

    # The warehouse counts back one pendant of the two: the difference shows.
    slip = p.page.locator("[data-testid=slips] li").first
    slip.get_by_label("Counted back · JW-102").fill("1")
    slip.get_by_role("button", name="Sign for the goods counted back").click()
    p.page.wait_for_selector("[data-testid=slip-received][data-differs='1'] >> text=JW-102: approved 2, came back 1")
    assert p.page.locator("[data-testid=slip-received] li .badge").inner_text() == "Differs from the slip"
    assert "recorded by Cheung Mei Ling" in p.page.locator("[data-testid=payment]").inner_text()  # the manager now holds the phone
    assert "Cheung Mei Ling" in p.page.locator("[data-testid=after-picking-calls]").inner_text()
    shot(p, "returned-offline", at="[data-testid=slip-approval]")
    assert [o["kind"] for o in p.outbox()] == [
        "customer.register", "order.create", "order.payment", "packing.box_open", "packing.tick", "packing.tick",
        "packing.tick", "packing.cross_out", "order.call", "return.customer_sign", "return.approve", "return.receive"]

    # Online: everything syncs in order; the server agrees and flags the difference.
    p.context.set_offline(False)
    synced(p)
    [o] = [x for x in orders(server) if x["customer_name"] == "Kwong Sang Jewellery"]
    detail = body(server.http().get(f"/api/packing/orders/{o['id']}", headers=bearer(server.token("super1"))))
    o = detail["order"]
    assert (o["payment"]["state"], o["payment"]["user_name"], o["payment"]["note"]) == ("paid", "Cheung Mei Ling", "Bank transfer 88120")
    assert o["total"] == 181000 and o["number"].startswith("ORD-")
    assert [(x["code"], x["ticked"], x["crossed"]) for x in o["lines"]] == [("JW-102", 1, 2), ("JW-101", 2, 0)]
    [call] = o["calls"]
    assert call["purpose"] == "after_picking" and call["reached"] and call["user_name"] == "Cheung Mei Ling"
    [r] = detail["returns"]
    assert r["number"].startswith("RTN-") and r["status"] == "received"
    assert r["customer_signature"]["call_id"] == call["id"] and r["approval"]["user_name"] == "Ho Wing Sze"
    assert r["received"]["differences"] == {"JW-102": {"approved": 2, "actual": 1}}
    items = body(server.http().get("/api/review/items?site_id=wh", headers=bearer(server.token("super1"))))["items"]
    assert "return_quantity_differs" in {reason["code"] for item in items for reason in item["reasons"]}
    p.go("#/packing")
    p.go(f"#/packing/order/{o['id']}")
    p.page.wait_for_selector("[data-testid=slip-received] .badge.error >> text=Difference flagged to the supervisor")
    assert p.page.locator("[data-testid=slips] li .number").first.inner_text() == r["number"]
    with p.page.expect_download() as download:
        p.page.get_by_role("button", name="Return slip PDF (English)").click()
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    shot(p, "returned-synced", at="[data-testid=slip-received]")


def test_a_csv_with_a_bad_row_names_its_line_and_imports_nothing(phone, server, tmp_path):
    o = office(server)
    cid = customer(o, "Chung Hing Gold")
    before = len(orders(server))
    bad = (HEADER + f"PO-1,{cid},remote,G-1,Gold chain,金鏈,chains,1200.00,2\n"
           f"PO-1,{cid},remote,G-2,Gold ring,金戒指,rings,980.00,-2\n"
           f"PO-2,nobody,remote,G-3,Gold bangle,金手鐲,bangles,2600.00,1\n")
    p = packer_phone(phone, second=None)
    p.go("#/packing")
    p.page.get_by_role("link", name="Import orders (CSV)").click()
    p.page.wait_for_selector("#view h1 >> text=Import orders (CSV)")
    p.page.locator("[data-testid=csv-file]").set_input_files(
        files=[{"name": "orders.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    p.page.wait_for_selector("[data-testid=csv-errors]")
    rows = p.page.locator("[data-testid=csv-errors] li")
    assert [rows.nth(i).get_attribute("data-line") for i in range(rows.count())] == ["3", "4"]
    assert rows.nth(0).inner_text().startswith("Line 3 · quantity")
    assert "customer_id" in rows.nth(1).inner_text()
    assert "2 bad rows: nothing was imported." in p.page.locator("[data-testid=csv-result]").inner_text()
    assert p.page.get_by_role("button", name="Import these orders").is_hidden()
    shot(p, "csv-bad", at="[data-testid=csv-errors]")
    assert p.outbox() == [] and len(orders(server)) == before

    # Offline, the file cannot be checked, so it is not imported.
    p.context.set_offline(True)
    p.page.locator("[data-testid=csv-file]").set_input_files(
        files=[{"name": "orders.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    p.page.wait_for_selector("text=Checking the file needs the network. Nothing was imported.")
    p.context.set_offline(False)

    good = bad.replace(",-2\n", ",2\n").replace("nobody", cid)
    p.page.locator("[data-testid=csv-file]").set_input_files(
        files=[{"name": "orders-fixed.csv", "mimeType": "text/csv", "buffer": good.encode()}])
    p.page.wait_for_selector("text=The file is good: 2 orders, 3 lines.")
    p.page.get_by_role("button", name="Import these orders").click()
    p.page.wait_for_function("location.hash === '#/packing'")
    synced(p)
    made = [x for x in orders(server) if x["customer_name"] == "Chung Hing Gold"]
    assert sorted((x["ref"], len(x["lines"])) for x in made) == [("PO-1", 2), ("PO-2", 1)]
    p.go("#/packing")
    for x in made:
        p.page.wait_for_selector(f"[data-testid=orders] a[data-id='{x['id']}']")


def test_overdue_orders_stand_out_on_the_list_and_the_board(phone, server):
    o = office(server)
    cid = customer(o, "Lok Fu Trading")
    line = {"code": "LF-1", "name": "Silver chain", "name_zh": "銀鏈", "category": "chains", "unit_price": 30000, "quantity": 1}
    late = o.write("order.create", {"customer_id": cid, "channel": "remote", "lines": [line]},
                   occurred_at=int(time.time() * 1000) - 3 * 86400_000)     # taken three days ago, offline
    fresh = o.write("order.create", {"customer_id": cid, "channel": "remote", "lines": [line]})
    assert [r["status"] in ("applied", "flagged") for r in o.sync()] == [True, True]
    number = next(x["number"] for x in orders(server) if x["id"] == late["id"])

    q = phone()
    q.setup("super1", site="wh")
    q.go("#/packing")
    q.page.wait_for_selector(f"[data-testid=orders] a[data-id='{fresh['id']}']")
    card = q.page.locator(f"[data-testid=orders] a[data-id='{late['id']}']")
    assert card.get_attribute("data-overdue") == "1" and "Overdue" in card.inner_text()
    assert q.page.locator(f"[data-testid=orders] a[data-id='{fresh['id']}']").get_attribute("data-overdue") == "0"
    assert q.page.locator("[data-testid=orders] a").first.get_attribute("data-overdue") == "1"   # overdue first
    shot(q, "overdue-list")
    q.go("#/board")
    board = q.page.locator("[data-testid=board-overdue-orders]")
    board.wait_for()
    assert number in board.inner_text() and "Lok Fu Trading" in board.inner_text()
    assert fresh["id"] not in board.inner_html()
    shot(q, "overdue-board", at="[data-testid=board-overdue-orders]")
    board.get_by_role("link", name=number).click()
    q.page.wait_for_selector("#view h1 >> text=Count one, pack one, tick one")


def test_office_screens_in_traditional_chinese(phone, server):
    o = office(server)
    cid = customer(o, "Fook Hing Jewellery")
    m = o.write("order.create", {"customer_id": cid, "channel": "remote", "lines": [
        {"code": "FH-1", "name": "Pearl earrings", "name_zh": "珍珠耳環", "category": "earrings", "unit_price": 40000, "quantity": 2}]})
    o.write("order.payment", {"order_id": m["id"], "state": "paid", "note": "現金"})
    o.write("packing.cross_out", {"order_id": m["id"], "code": "FH-1", "quantity": 1, "reason": "客戶只要一對"})
    late = o.write("order.create", {"customer_id": cid, "channel": "remote", "lines": [
        {"code": "FH-2", "name": "Gold ring", "name_zh": "金戒指", "category": "rings", "unit_price": 98000, "quantity": 1}]},
        occurred_at=int(time.time() * 1000) - 3 * 86400_000)
    assert all(r["status"] in ("applied", "flagged") for r in o.sync())
    p = packer_phone(phone, "zh-Hant", second=None)
    p.go("#/packing")
    card = p.page.locator(f"[data-testid=orders] a[data-id='{late['id']}']")
    card.wait_for()
    assert "逾期" in card.inner_text() and card.get_attribute("data-overdue") == "1"
    shot(p, "overdue-list", "zh-Hant")
    p.go("#/packing/new-customer")
    p.page.wait_for_selector("#view h1 >> text=建立客戶檔案")
    p.page.locator("#view form button[type=submit]").click()
    assert "請輸入客戶名稱。" in errors_shown(p)
    shot(p, "customer-errors", "zh-Hant", at="#view .field-error")
    p.go("#/packing/new-order")
    p.page.wait_for_selector("#view h1 >> text=新訂單")
    shot(p, "order", "zh-Hant")
    p.go("#/packing/import")
    p.page.wait_for_selector("#view h1 >> text=匯入訂單（CSV）")
    p.page.locator("[data-testid=csv-file]").set_input_files(
        files=[{"name": "o.csv", "mimeType": "text/csv", "buffer": (HEADER + f"A,{cid},remote,X,X,X,x,abc,1\n").encode()}])
    p.page.wait_for_selector("[data-testid=csv-errors] li[data-line='2'] >> text=第 2 行")
    shot(p, "csv-bad", "zh-Hant", at="[data-testid=csv-errors]")
    p.go(f"#/packing/order/{m['id']}")
    p.page.wait_for_selector("[data-testid=payment] >> text=已付款")
    assert "由 Cheung Mei Ling 記錄" in p.page.locator("[data-testid=payment]").inner_text()
    assert "客戶不要（已刪去）" in p.page.locator("[data-testid=slips]").inner_text()
    shot(p, "returns", "zh-Hant", at="[data-testid=slips]")


def test_return_slips_follow_the_returns_rules_on_the_phone(phone, server):
    o = office(server)
    cid = customer(o, "Yue Hwa Gems")
    line = {"code": "YH-1", "name": "Jade bangle", "name_zh": "玉手鐲", "category": "bangles", "unit_price": 88000, "quantity": 2}
    made = {}
    for channel in ("counter", "remote"):
        m = o.write("order.create", {"customer_id": cid, "channel": channel, "lines": [line]})
        o.write("order.payment", {"order_id": m["id"], "state": "paid"})
        box = o.write("packing.box_open", {"order_id": m["id"]})
        for _ in range(2):
            o.write("packing.tick", {"order_id": m["id"], "box_id": box["id"], "code": "YH-1", "unit_price": 88000})
        made[channel] = m["id"]
    assert all(r["status"] == "applied" for r in o.sync())
    p = packer_phone(phone, second=None)

    def slip(reason: str, handling: str, video: str, in_stock: bool, quantity: str = "1") -> None:
        if not p.page.locator("[data-testid=new-slip][open]").count():
            p.page.locator("[data-testid=new-slip] summary").click()
        form = p.page.locator("[data-testid=new-slip]")
        form.get_by_label("Reason").select_option(reason)
        form.get_by_label("Handling").select_option(handling)
        form.get_by_label("Quantity").fill(quantity)
        form.get_by_label("Basis").fill("Clasp broken: the customer's photos")
        form.get_by_label("Video check").select_option(video)
        form.get_by_label("A replacement is in stock").set_checked(in_stock)
        form.get_by_role("button", name="Make the return slip").click()

    p.go(f"#/packing/order/{made['counter']}")                 # self-collected: neither return nor exchange
    slip("wrong_goods", "exchange", "", True)
    p.page.wait_for_selector("[data-testid=scan-result] >> text=Self-collected goods can be neither returned nor exchanged.")
    p.go(f"#/packing/order/{made['remote']}")
    slip("quality_defect", "exchange", "", True, quantity="3")   # more than went out
    assert p.page.locator("[data-testid=new-slip] .field-error").all_inner_texts() == ["A whole number from 1 to 2."]
    slip("quality_defect", "exchange", "", True)
    p.page.wait_for_selector("[data-testid=scan-result] >> text=A quality defect is checked by video first.")
    slip("wrong_goods", "return", "", True)
    p.page.wait_for_selector("[data-testid=scan-result] >> text=Wrong goods are exchanged, not returned.")
    slip("quality_defect", "return", "defect_confirmed", True)
    p.page.wait_for_selector("[data-testid=scan-result] >> text=A replacement is in stock: exchange it.")
    assert p.outbox() == []
    slip("quality_defect", "return", "defect_confirmed", False)  # none in stock: returned
    p.page.wait_for_selector("[data-testid=slips] li[data-status=awaiting_approval] >> text=Quality defect · Return")
    assert [x["kind"] for x in p.outbox()] == ["return.slip"]
    synced(p)
    [r] = body(server.http().get(f"/api/packing/orders/{made['remote']}", headers=bearer(server.token("super1"))))["returns"]
    assert (r["reason"], r["handling"], r["video_check"]["outcome"], r["lines"][0]["quantity"]) == (
        "quality_defect", "return", "defect_confirmed", 1)
