"""Customer files on the phone (issue 10 item 1): a packer, offline, opens the site's
customers, searches them, opens a file with its details and orders, and corrects the
phone number (the original stays readable); a guard's phone has no way to them, by
tab or typed address. Screenshots at phone size in English and 繁體中文."""
from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import SCREENSHOTS, new_site
from tests.browser.test_cases_more import customer_with_a_case
from tests.browser.test_packing import packer_phone, synced
from tests.phone import Phone

LINE = {"code": "CF-1", "name": "Jade bangle", "name_zh": "玉鐲", "category": "Jewellery", "unit_price": 12500,
        "quantity": 2}


def shot(p, name: str, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.page.screenshot(path=str(SCREENSHOTS / f"{lang}-customers-{name}.png"))


def files(server, tag: str, n: int) -> dict:
    """Three customer files at the warehouse named with `tag`; the franchise has two orders, one paid."""
    office = Phone(server.http(), site="wh")
    office.sign_in("packer1")
    ids = {}
    for name, phone, kind in ((f"Kwun Tong Franchise {tag}", f"+852 2111 00{n}1", "franchise"),
                              (f"Sham Shui Po Wholesale {tag}", f"+852 2111 00{n}2", "wholesale"),
                              (f"Tsuen Wan Wholesale {tag}", f"+852 3999 00{n}3", "wholesale")):
        ids[name] = office.write("customer.register", {
            "name": name, "phone": phone, "address": "8 Hung To Road", "type": kind, "shipping": "SF Express",
            "return_ratio": 0.05 if kind == "franchise" else None})["id"]
    franchise = ids[f"Kwun Tong Franchise {tag}"]
    first = office.write("order.create", {"customer_id": franchise, "channel": "remote", "lines": [LINE]})
    office.write("order.payment", {"order_id": first["id"], "state": "paid"})
    second = office.write("order.create", {"customer_id": franchise, "channel": "counter", "lines": [LINE]})
    assert all(r["status"] == "applied" for r in office.sync())
    return {"ids": ids, "franchise": franchise, "orders": [first["id"], second["id"]]}


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_a_packer_searches_the_customer_files_offline_and_opens_one_with_its_orders(phone, server, lang):
    n = 1 if lang == "en" else 2
    tag = f"CF{n}"
    made = files(server, tag, n)
    franchise = made["franchise"]
    p = packer_phone(phone, lang, second=None)
    assert p.page.locator("#tabs a.tab[href='#/customers']").count() == 1   # on the packer's bar
    p.context.set_offline(True)
    p.page.reload()                                                          # from the phone's cache
    p.ready()
    p.go("#/customers")
    for customer_id in made["ids"].values():
        p.page.wait_for_selector(f"[data-testid=customers] a[data-id='{customer_id}']")
    shot(p, "list", lang)

    search = p.page.locator("[data-testid=customer-search]")
    search.fill(f"wholesale {tag.lower()}")                                              # by name, any case
    p.page.wait_for_function("document.querySelectorAll('[data-testid=customers] a').length === 2")
    search.fill(f"3999 00{n}3")                                                      # by phone digits
    p.page.wait_for_function("document.querySelectorAll('[data-testid=customers] a').length === 1")
    assert p.page.locator("[data-testid=customers] a").get_attribute("data-id") == made["ids"][f"Tsuen Wan Wholesale {tag}"]
    search.fill("nobody here")
    assert p.page.locator("[data-testid=customers]").is_hidden()
    search.fill(f"kwun tong franchise {tag}")
    p.page.locator(f"[data-testid=customers] a[data-id='{franchise}']").click()
    p.page.wait_for_function("h => location.hash === h", arg=f"#/customers/{franchise}")
    p.page.wait_for_selector("[data-testid=customer-orders]")
    details = p.page.inner_text("[data-testid=customer-details]")
    assert f"+852 2111 00{n}1" in details and "5%" in details and "8 Hung To Road" in details
    orders = p.page.locator("[data-testid=customer-orders] li")
    assert sorted(orders.evaluate_all("ls => ls.map(l => l.dataset.id)")) == sorted(made["orders"])
    assert all(s == "open" for s in orders.evaluate_all("ls => ls.map(l => l.dataset.status)"))
    assert orders.first.locator(".number").inner_text().startswith("ORD")    # numbered by the server
    assert p.page.locator("[data-testid=customer-cases]").count() == 0      # the service side is the desk's
    assert p.page.locator("[data-testid=customer-profile]").count() == 0
    shot(p, "file", lang)

    # The packer who registered the file corrects the phone number, offline; the original stays readable.
    p.page.locator(f"#view a[href='#/customers/{franchise}/amend']").click()
    p.page.wait_for_function("h => location.hash === h", arg=f"#/customers/{franchise}/amend")
    p.page.wait_for_selector("#view input[type=tel]")
    p.page.locator("#view input[type=tel]").fill("12")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_selector("#view .notice.error")                         # a bad number is refused here
    assert p.outbox() == []
    p.page.locator("#view input[type=tel]").fill(f"+852 2111 00{n}9")
    p.page.locator("#view form input[type=text]").last.fill("Moved office" if lang == "en" else "搬遷辦公室")
    p.page.locator("#view form button[type=submit]").click()
    p.page.wait_for_function("h => location.hash === h", arg=f"#/customers/{franchise}")
    p.page.wait_for_selector("[data-testid=correction-stamp]")
    assert f"+852 2111 00{n}9" in p.page.inner_text("[data-testid=customer-details]")
    assert [o["kind"] for o in p.outbox()] == ["record.amend"]
    shot(p, "corrected", lang)
    p.context.set_offline(False)
    synced(p)
    assert p.errors == []


def test_the_desk_sees_a_customers_cases_and_service_notes_in_the_file_offline(phone, server, monkeypatch):
    tag = uuid.uuid4().hex[:6]
    who = new_site(server, monkeypatch, tag)
    customer, case = customer_with_a_case(server, who, tag)
    desk = phone().setup(who["desk"], site=who["site"])
    desk.context.set_offline(True)
    desk.go("#/settings")
    desk.page.locator("#view .more-tabs a[href='#/customers']").click()      # on More: the desk's bar is full
    desk.page.wait_for_function("location.hash === '#/customers'")
    desk.page.locator(f"[data-testid=customers] a[data-id='{customer['id']}']").click()
    desk.page.wait_for_selector("[data-testid=customer-cases]")
    assert "Gold chains?" in desk.page.inner_text("[data-testid=customer-cases]")
    assert desk.page.locator(f"[data-testid=customer-cases] a[href='#/cases/{case['id']}']").count() == 1
    assert "Ms Lau" in desk.page.inner_text("[data-testid=customer-profile]")
    assert desk.page.locator("[data-testid=customer-orders] a").count() == 0   # no counting screen for the desk
    assert desk.errors == []


def test_a_guards_phone_has_no_way_to_the_customer_files(phone, server):
    made = files(server, "CF3", 3)
    p = phone()
    p.setup("guard1", site="hv")
    tabs = p.page.eval_on_selector_all("#tabs a.tab", "as => as.map(a => a.getAttribute('href'))")
    p.go("#/settings")
    more = p.page.eval_on_selector_all("#view .more-tabs a", "as => as.map(a => a.getAttribute('href'))")
    assert "#/customers" not in tabs + more
    home = p.page.evaluate("location.hash")
    for hash_ in ("#/customers", f"#/customers/{made['franchise']}"):
        p.page.evaluate("h => { location.hash = h }", hash_)
        p.page.wait_for_function("h => location.hash !== h", arg=hash_)   # sent home, typed address or not
    pulled = p.page.evaluate("async () => { const db = await import('/lib/db.js'); return (await db.withStore("
                             "'readonly', (s) => db.req(s.entities.getAll()), ['entities'])).map((e) => e.kind); }")
    assert "customer" not in pulled and "customer.profile" not in pulled
    assert p.errors == []
