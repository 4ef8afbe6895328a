"""Signing in on a shared phone: online first sign-in, PIN unlock offline,
five wrong PINs then an online sign-in, switching user, signing out, and the
screens that need the network saying so."""
from __future__ import annotations

from tests.browser.conftest import PIN, VIEWPORT


def pin_unlock(p, name: str, pin: str) -> None:
    p.page.get_by_role("button", name=name).click()
    p.page.get_by_label("PIN").fill(pin)
    p.page.get_by_role("button", name="Unlock").click()


def test_shared_phone_switch_user_offline_and_each_record_keeps_its_author(phone, server):
    p = phone().setup("guard1")
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    p.page.get_by_role("link", name="Sign in with password (online)").click()
    p.login("guard2")
    p.set_pin("1357")
    p.context.set_offline(True)
    p.write_entry("Shared phone: guard2 took over at the gate")
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    # Offline: unlock guard1 by PIN.
    pin_unlock(p, "Chan Tai Man", PIN)
    p.page.wait_for_function("location.hash === '#/log'")
    p.write_entry("Shared phone: guard1 back on duty")
    p.context.set_offline(False)
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    by_text = {e["text"]: e for e in server.entries()}
    assert by_text["Shared phone: guard2 took over at the gate"]["author_name"] != \
        by_text["Shared phone: guard1 back on duty"]["author_name"]
    assert by_text["Shared phone: guard1 back on duty"]["author_name"] == "Chan Tai Man"


def test_five_wrong_pins_require_an_online_sign_in(phone, server):
    p = phone().setup("guard1")
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    p.page.wait_for_function("location.hash === '#/unlock'")
    p.context.set_offline(True)
    for left in (4, 3, 2, 1):
        pin_unlock(p, "Chan Tai Man", "0000")
        p.page.wait_for_selector(f"text=Wrong PIN. {left} tries left.")
    pin_unlock(p, "Chan Tai Man", "0000")
    p.page.wait_for_selector("text=Too many wrong PINs")
    pin_unlock(p, "Chan Tai Man", PIN)  # even the right PIN no longer opens it
    p.page.wait_for_selector("text=Too many wrong PINs")
    assert p.page.evaluate("location.hash") == "#/unlock"
    # The sign-in screen says it needs the network.
    p.page.get_by_role("link", name="Sign in with password (online)").click()
    p.page.wait_for_selector("#view >> text=You are offline. This step needs a network connection.")
    p.context.set_offline(False)
    p.page.reload()
    p.ready()
    p.page.wait_for_function("location.hash === '#/login'")
    p.login("guard1")
    p.set_pin()  # a new sign-in is wrapped under a PIN set now (PROTOCOL.md P8)
    p.go("#/settings")
    p.page.get_by_role("button", name="Switch user").click()
    pin_unlock(p, "Chan Tai Man", PIN)
    p.page.wait_for_function("location.hash === '#/log'")


def test_sign_out_removes_the_user_but_keeps_unsynced_records(phone, server):
    p = phone().setup("guard1")
    p.context.set_offline(True)
    p.write_entry("Sign-out test: written before signing out")
    p.go("#/settings")
    p.page.once("dialog", lambda d: d.accept())
    p.page.get_by_role("button", name="Sign out").click()
    p.page.wait_for_function("location.hash === '#/login'")
    assert len(p.outbox()) == 1
    assert p.page.evaluate("async () => (await import('/page/session.js')).users()") == []
    p.context.set_offline(False)
    p.login("guard1")
    p.set_pin()
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")
    assert [e["text"] for e in server.entries()].count("Sign-out test: written before signing out") == 1


def test_enrolment_offline_says_it_needs_the_network(phone, server):
    p = phone()
    p.open("#/welcome")
    p.wait_worker()
    p.context.set_offline(True)
    p.page.reload()
    p.ready()
    p.page.wait_for_selector("#view >> text=You are offline. This step needs a network connection.")
    p.page.get_by_label("Or type the enrolment code").fill("gatehouse:enroll:ABCDEFGH")
    p.page.get_by_role("button", name="Use code").click()
    assert p.page.locator(".notice.error").inner_text() == "You are offline. This step needs a network connection."
    p.page.get_by_label("Or type the enrolment code").fill("https://example.org/not-ours")
    p.page.get_by_role("button", name="Use code").click()
    p.page.wait_for_selector(".notice.error >> text=That is not a Gatehouse enrolment code.")


def test_iphone_safari_tab_is_told_to_add_to_home_screen(browser, server):
    ua = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1")
    context = browser.new_context(viewport=VIEWPORT, user_agent=ua, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(server.url + "/#/welcome")
        page.wait_for_selector("#view >> text=add Gatehouse to your Home Screen")
    finally:
        context.close()
