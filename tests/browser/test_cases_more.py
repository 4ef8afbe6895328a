"""Cases on the phone, beyond test_cases.py (issue 12): overdue cases stand out on
the supervisor's board and in the review inbox (offline too); a case photo taken
at the front desk goes up as a cases photo. Each test runs at a site of its own,
so "one overdue case" means exactly one. Screens at 390x844 in English and
Traditional Chinese, with axe."""
from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import new_site
from tests.browser.test_desk import jpeg
from tests.browser.test_patrol import shoot
from tests.phone import Phone, bearer, body

DAY = 86_400_000


def customer_with_a_case(server, who: dict, tag: str) -> tuple[dict, dict]:
    """At the site, written by its desk: a customer with service notes (a contact, an
    interest) and an enquiry case about them, synced."""
    api = Phone(server.http(), site=who["site"], supervisor=who["sup"])
    api.sign_in(who["desk"])
    customer = api.write("customer.register", {"name": f"Tai Fung {tag}", "phone": "+852 2345 6789",
                                               "address": "12 Hoi Yuen Road", "type": "wholesale"})
    api.write("customer.profile", {"customer_id": customer["id"], "contact_person": "Ms Lau", "interests": ["jade"]})
    case = api.write("case.open", {"type": "enquiry", "channel": "phone", "person": "customer",
                                   "customer_id": customer["id"], "name": f"Tai Fung {tag}", "matter": "Gold chains?"})
    assert [r["status"] for r in api.sync()] == ["applied"] * 3
    return customer, case


def one_overdue(server, who: dict, tag: str) -> tuple[dict, dict]:
    """At the site: one case 20 days old (past its 15 days), one received today."""
    api = Phone(server.http(), site=who["site"], supervisor=who["sup"])
    api.sign_in(who["desk"])
    late = api.write("case.open", {"type": "repair_request", "channel": "phone", "person": "resident",
                                   "unit": f"3A-{tag}", "matter": f"Door bell broken {tag}", "severity": "major"},
                     occurred_at=api.device.now() - 20 * DAY)
    fresh = api.write("case.open", {"type": "enquiry", "channel": "visit", "person": "resident",
                                    "unit": f"5C-{tag}", "matter": f"Parking permit {tag}"})
    assert [r["status"] for r in api.sync()] == ["flagged", "applied"]   # major: flagged for the inbox
    return late, fresh


def test_overdue_cases_stand_out_on_the_board_and_in_the_inbox(phone, server, monkeypatch):
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    late, fresh = one_overdue(server, who, tag)

    sup = phone().setup(who["sup"], site=who["site"])
    sup.go("#/board")
    board = sup.page.locator("[data-testid=board-overdue-cases]")
    board.wait_for()
    cards = board.locator("a.card")
    assert cards.count() == 1                               # the board shows one overdue case
    assert cards.first.get_attribute("data-id") == late["id"]
    text = cards.first.inner_text()
    assert "Overdue: closing" in text and f"Door bell broken {tag}" in text and "Major complaint" in text
    assert "5 day(s) past the closing deadline" in text
    assert sup.page.locator("h2", has_text="Overdue cases (1)").count() == 1
    assert fresh["id"] not in sup.page.locator("#view").inner_html()
    cards.first.click()
    sup.page.wait_for_function("h => location.hash === h", arg=f"#/cases/{late['id']}")
    # A major case: its email to the site's manager shows with its status (no SMTP here: waiting).
    sup.sync()
    sup.go(f"#/cases/{late['id']}")
    assert sup.page.locator("[data-testid=case-mails]").inner_text() == f"manager@{tag}.example: waiting to be sent"

    # The inbox lists it from the phone's own copy: offline too.
    sup.context.set_offline(True)
    sup.go("#/inbox")
    inbox = sup.page.locator("[data-testid=inbox-overdue-cases] a.card")
    inbox.first.wait_for()
    assert inbox.count() == 1 and inbox.first.get_attribute("data-id") == late["id"]
    assert "Overdue: closing" in inbox.first.inner_text()
    sup.context.set_offline(False)

    # Closed, it is no longer overdue: the board's section goes (no empty heading).
    api = Phone(server.http(), site=who["site"], supervisor=who["sup"])
    api.sign_in(who["sup"])
    api.write("case.close", {"case_id": late["id"], "result": "Bell replaced", "responsible": "department",
                             "responsible_name": "Engineering", "valid": True})
    assert api.sync()[0]["status"] == "flagged"     # kept, flagged: closed without review or reply
    sup.go("#/board")
    sup.page.wait_for_selector("[data-testid=board-day]")
    assert sup.page.locator("[data-testid=board-overdue-cases]").count() == 0
    assert sup.errors == []


def test_a_case_photo_at_the_desk_goes_up_as_a_cases_photo(phone, server, monkeypatch):
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    desk = phone().setup(who["desk"], site=who["site"])
    desk.go("#/cases/new")
    desk.page.locator("[data-testid=case-type] input[value=complaint]").check()
    desk.page.locator("[data-testid=case-person] input[value=resident]").check()
    desk.page.locator("[data-testid=case-unit]").fill(f"9F-{tag}")
    desk.page.locator("[data-testid=case-matter]").fill("Crack in the lobby glass")
    desk.page.set_input_files("[data-testid=photo-input]", files=[{"name": "crack.jpg", "mimeType": "image/jpeg",
                                                                    "buffer": jpeg()}])
    desk.page.wait_for_selector("[data-testid=photos] li")
    desk.page.locator("[data-testid=save-case]").click()
    desk.page.locator("[data-testid=confirm-case]").click()
    desk.page.wait_for_function("location.hash === '#/cases'")
    desk.sync()
    sha = desk.page.evaluate("""async () => (await (await import('/page/photos.js')).allImages())[0].sha""")
    # The front desk may not upload patrol photos (403); as a cases photo it is stored and readable.
    desk.page.wait_for_function("""async (sha) => (await import('/page/photos.js')).getImage(sha)
        .then(m => Boolean(m?.uploaded_at))""", arg=sha, timeout=20000)
    r = server.http().get(f"/api/media/{sha}", headers=bearer(server.token(who["desk"])))
    assert r.status_code == 200
    case = next(c for c in body(server.http().get(f"/api/cases?site_id={who['site']}",
                                                  headers=bearer(server.token(who["desk"]))))["cases"])
    full = body(server.http().get(f"/api/cases/{case['id']}", headers=bearer(server.token(who["desk"]))))
    assert full["photos"] == [sha]
    assert desk.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_board_and_inbox_with_an_overdue_case_screenshots(phone, server, monkeypatch, lang):
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    late, _ = one_overdue(server, who, tag)
    sup = phone().setup_in(lang, who["sup"], site=who["site"])
    sup.go("#/board")
    sup.page.locator(f"[data-testid=board-overdue-cases] a.card[data-id='{late['id']}']").wait_for()
    shoot(sup, lang, "board-overdue-cases")
    sup.sync()
    sup.go("#/inbox")
    sup.page.locator(f"[data-testid=inbox-overdue-cases] a.card[data-id='{late['id']}']").wait_for()
    shoot(sup, lang, "inbox-overdue-cases")
    assert sup.errors == []


def test_the_owner_of_an_area_sees_its_due_callback_and_records_it_offline(phone, server, monkeypatch):
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    api = Phone(server.http(), site=who["site"], supervisor=who["sup"])
    desk_id = api.sign_in(who["desk"])
    api.sign_in(who["sup"])
    lines = {}
    for area, owner in ((f"Block A {tag}", desk_id), (f"Block B {tag}", api.user_id)):
        lines[area] = str(uuid.uuid4())
        api.write("case.plan_set", {"plan_id": lines[area], "who": "area", "area": area, "owner_id": owner,
                                    "owner_name": "someone", "per_year": 4})
    assert [r["status"] for r in api.sync()] == ["applied", "applied"]

    desk = phone().setup(who["desk"], site=who["site"])
    desk.go("#/cases")
    due = desk.page.locator("[data-testid=callbacks-due] a.card")
    assert due.count() == 1 and f"Block A {tag}" in due.first.inner_text()   # only the area this user owns
    desk.context.set_offline(True)
    due.first.click()
    desk.page.wait_for_selector("[data-testid=save-plan-call]")
    desk.page.get_by_label("Who was called (unit, name)").fill("12C Mr Ho")
    desk.page.get_by_label("New issue raised").fill("Lobby lights off at night")
    desk.page.locator("[data-testid=save-plan-call]").click()
    desk.page.wait_for_function("location.hash === '#/cases'")
    assert desk.page.locator("[data-testid=callbacks-due]").count() == 0     # recorded here: no longer due
    desk.go("#/cases/plan")
    assert "1 of 2 called this period (50 %" in desk.page.locator("[data-testid=plan-rate]").inner_text()
    desk.context.set_offline(False)
    desk.sync()
    r = body(server.http().get(f"/api/cases/callback-plan?site_id={who['site']}",
                               headers=bearer(server.token(who["desk"]))))
    assert r["rate"] == {"plans": 2, "called": 1, "rate": 0.5, "issues": 1, "issues_handled": 0}
    [line] = [p for p in r["plans"] if p["id"] == lines[f"Block A {tag}"]]
    assert line["calls"][0]["whom"] == "12C Mr Ho" and line["calls"][0]["new_cases"][0]["number"].startswith("CAS-")
    assert desk.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_a_supervisor_adds_a_line_to_the_callback_plan_screenshots(phone, server, monkeypatch, lang):
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    sup = phone().setup_in(lang, who["sup"], site=who["site"])
    sup.sync()
    sup.go("#/cases/plan")
    sup.page.locator("#view form input[type=text]").first.fill(f"Tower 1 {tag}")
    sup.page.locator("#view form select").nth(0).select_option("director")
    sup.page.locator("#view form select").nth(1).select_option("2")
    sup.page.locator("#view form button[type=submit]").click()
    sup.page.locator("[data-testid=plan-lines] a.card", has_text=f"Tower 1 {tag}").wait_for()
    shoot(sup, lang, "cases-callback-plan")
    sup.sync()
    r = body(server.http().get(f"/api/cases/callback-plan?site_id={who['site']}",
                               headers=bearer(server.token(who["sup"]))))
    [line] = r["plans"]
    assert (line["who"], line["per_year"], line["area"]) == ("director", 2, f"Tower 1 {tag}")
    sup.go(f"#/cases/plan/{line['id']}")
    shoot(sup, lang, "cases-plan-callback")
    assert sup.errors == []


def test_the_desk_receives_a_product_repair_offline_and_prints_its_receipt(phone, server, monkeypatch):
    from tests.pdfcheck import printed
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    desk = phone().setup(who["desk"], site=who["site"])
    desk.context.set_offline(True)
    desk.go("#/cases/new")
    page = desk.page
    page.locator("[data-testid=case-type] input[value=product_repair]").check()
    page.locator("[data-testid=case-person] input[value=customer]").check()
    page.get_by_label("Name", exact=True).fill(f"Ms Chow {tag}")
    page.locator("[data-testid=case-matter]").fill("Clasp of a bracelet broken")
    page.locator("[data-testid=save-case]").click()
    page.locator("[data-testid=confirm-case]").click()
    page.wait_for_function("location.hash === '#/cases'")
    case_id = page.locator("[data-testid=my-cases] a.card", has_text="Clasp of a bracelet").get_attribute("data-id")
    desk.go(f"#/cases/{case_id}")
    page.get_by_label("Item code").fill("BR-2291")
    page.get_by_label("Part to repair").fill("Clasp")
    page.locator("[data-testid=repair-material]").select_option("thai_silver")
    page.locator("[data-testid=repair-receive]").click()
    assert "Thai silver is not accepted for repair." in page.locator("#view").inner_text()   # refused at the counter
    page.locator("[data-testid=repair-material]").select_option("silver")
    page.get_by_label("Repaired in-house").uncheck()
    page.locator("[data-testid=repair-receive]").click()
    assert "tell the customer 1 to 6 months" in page.locator("#view").inner_text()
    page.get_by_label("Sent out: how long the customer was told").select_option("3")
    page.get_by_label("The customer was told 1 to 6 months and that it may not match the original").check()
    page.set_input_files("[data-testid=photo-input]", files=[{"name": "clasp.jpg", "mimeType": "image/jpeg",
                                                              "buffer": jpeg()}])
    page.wait_for_selector("[data-testid=photos] li")
    page.locator("[data-testid=repair-receive]").click()
    page.wait_for_selector("[data-testid=repair-state] >> text=Received")
    page.get_by_label("Repairer").fill("Lee Kee Jewellery Workshop")
    page.get_by_label("Copy 3 of the receipt goes with the item").check()
    page.locator("[data-testid=repair-hand_over]").click()
    page.wait_for_selector("[data-testid=repair-state] >> text=With the repairer")
    shoot(desk, "en", "cases-product-repair")
    desk.context.set_offline(False)
    desk.sync()
    page.wait_for_function("""async (id) => {
        const o = await (await import('/lib/outbox.js')).outboxEntries();
        return o.every(e => e.status !== 'pending');
    }""", arg=case_id)
    full = body(server.http().get(f"/api/cases/{case_id}", headers=bearer(server.token(who["desk"]))))
    assert full["repair"]["state"] == "hand_over" and full["repair"]["received"]["notice_months"] == 3
    desk.go(f"#/cases/{case_id}")
    page.wait_for_function("""async () => {
        const all = await (await import('/page/photos.js')).allImages();
        return all.length === 1 && Boolean(all[0].uploaded_at);
    }""", timeout=20000)
    with page.expect_download() as got:
        page.get_by_role("button", name="Receipt PDF (English)").click()
    pdf = printed(open(got.value.path(), "rb").read(), "cases-repair-receipt-browser")
    assert pdf.missing("BR-2291", "Clasp", f"Ms Chow {tag}", full["number"], "Copy 3: travels with the item") == []
    page.get_by_role("button", name="Back from the repairer").click()
    page.get_by_role("button", name="Customer phoned").click()
    page.get_by_label("Waybill no.").fill("SF99887766")
    page.get_by_role("button", name="Shipped to the customer").click()
    page.wait_for_selector("[data-testid=repair-state] >> text=Shipped")
    desk.sync()
    assert body(server.http().get(f"/api/cases/{case_id}", headers=bearer(server.token(who["desk"]))))["repair"][
        "state"] == "shipped"
    assert desk.errors == []


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_quarterly_analysis_downloads_from_the_statistics_screen(phone, server, monkeypatch, lang):
    from tests.pdfcheck import printed
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    one_overdue(server, who, tag)
    sup = phone().setup_in(lang, who["sup"], site=who["site"])
    sup.go("#/cases/stats")
    sup.page.locator(f"[data-testid=quarterly-{lang}]").wait_for()
    shoot(sup, lang, "cases-stats-quarterly")
    with sup.page.expect_download() as got:
        sup.page.locator(f"[data-testid=quarterly-{lang}]").click()
    pdf = printed(open(got.value.path(), "rb").read(), f"cases-quarterly-browser-{lang}")
    assert pdf.missing("個案季度分析報告" if lang == "zh-Hant" else "Quarterly analysis of cases", f"Court {tag}") == []
    assert sup.errors == []


def test_the_desk_opens_the_customer_file_from_a_case_and_records_an_urgent_enquiry_offline(phone, server, monkeypatch):
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    customer, m = customer_with_a_case(server, who, tag)
    desk = phone().setup(who["desk"], site=who["site"])
    desk.go(f"#/cases/{m['id']}")
    desk.page.get_by_role("link", name="Open the customer file").click()
    facts = desk.page.locator("[data-testid=customer-file]")
    facts.wait_for()
    assert "Ms Lau" in facts.inner_text() and "jade" in facts.inner_text()
    desk.context.set_offline(True)
    desk.page.locator("[data-testid=record-type]").select_option("enquiry")
    desk.page.get_by_label("What", exact=True).fill("Price of 18k gold chains")
    desk.page.get_by_label("Urgency").select_option("urgent")
    desk.page.locator("[data-testid=save-customer-record]").click()
    desk.page.locator("[data-testid=customer-records] li[data-type=enquiry]").wait_for()
    assert "Urgent" in desk.page.locator("[data-testid=customer-records]").inner_text()
    shoot(desk, "en", "cases-customer-file")
    desk.context.set_offline(False)
    desk.sync()
    p = body(server.http().get(f"/api/customers/{customer['id']}/profile", headers=bearer(server.token(who["desk"]))))
    assert [(r["type"], r["urgency"], r["text"]) for r in p["records"]] == [("enquiry", "urgent", "Price of 18k gold chains")]
    assert desk.errors == []
