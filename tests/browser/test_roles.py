"""The tabs and actions a user sees come from the server's kinds-and-roles table
(GET /api/sync/kinds, issue 7 item 7), kept on the phone so they hold offline."""
from __future__ import annotations

import pytest

from tests.browser.conftest import PIN

ROLES = [
    # username, site, the tab bar (four tabs and More), the tabs listed on More, where they land
    ("guard1", "hv", ["Log", "Scan", "Patrol", "Cases", "More"], ["Passes", "Records"], "#/log"),
    ("super1", "hv", ["Log", "Scan", "Patrol", "Inbox", "More"], ["Cases", "Packing", "Passes", "Customers", "Set-up", "Records"], "#/log"),
    ("desk1", "hv", ["Log", "Scan", "Cases", "Passes", "More"], ["Customers", "Records"], "#/log"),
    ("packer1", "wh", ["Cases", "Packing", "Customers", "Records", "More"], [], "#/cases"),
]


def sign_in(phone, username: str, site: str, home: str) -> None:
    phone.enroll(site)
    phone.login(username)
    phone.page.wait_for_function("location.hash === '#/pin'")
    phone.page.get_by_label("New PIN").fill(PIN)
    phone.page.get_by_label("Repeat the PIN").fill(PIN)
    phone.page.get_by_role("button", name="Save PIN").click()
    phone.page.wait_for_function("h => location.hash === h", arg=home)
    phone.page.wait_for_selector("#tabs a.tab")


def tabs(phone) -> list[str]:
    """The tab bar's labels, once it is drawn (after a reload the address can settle first)."""
    phone.page.locator("#tabs a.tab").first.wait_for()
    return [t.strip() for t in phone.page.locator("#tabs a.tab").all_inner_texts()]


@pytest.mark.parametrize("username, site, bar, more, home", ROLES, ids=[r[0] for r in ROLES])
def test_each_role_sees_the_tabs_its_kinds_allow(phone, server, username, site, bar, more, home):
    p = phone()
    sign_in(p, username, site, home)
    p.page.wait_for_function("n => document.querySelectorAll('#tabs a.tab').length === n", arg=len(bar))
    assert tabs(p) == bar
    p.go("#/settings")
    p.page.wait_for_selector("#view h1:text-is('More')")
    assert [t.strip() for t in p.page.locator("#view .more-tabs a").all_inner_texts()] == more
    if more:  # a tab listed on More opens with More marked current
        p.page.locator("#view .more-tabs a", has_text=more[0]).click()
        p.page.wait_for_function("document.querySelector('#tabs a[aria-current=page]')?.textContent.trim() === 'More'")
    # A screen of a domain the role may not use sends it home, typed URL or not.
    for hidden, hash_ in (("Log", "#/log/new"), ("Patrol", "#/gate/visitor"), ("Inbox", "#/inbox"), ("Packing", "#/packing"),
                          ("Customers", "#/customers")):
        if hidden in bar + more:
            continue
        p.page.evaluate("h => { location.hash = h }", hash_)
        p.page.wait_for_function("h => location.hash === h", arg=home)
    assert p.errors == []


def test_the_table_is_kept_offline_and_is_what_decides(persistent, server):
    """Offline, the phone shows what the cached table allows: a table that no longer
    lets guards write or read the duty log hides Log and Scan."""
    p = persistent()
    sign_in(p, "guard1", "hv", "#/log")
    p.wait_worker()
    table = p.page.evaluate("async () => (await import('/lib/db.js')).kvGet('kinds')")
    assert "guard" in table["kinds"]["log.entry"] and "guard" not in table["kinds"]["log.countersign"]

    p.context.set_offline(True)
    p.page.reload()
    p.ready()
    assert tabs(p) == ["Log", "Scan", "Patrol", "Cases", "More"]  # from the kept table, no network

    table["kinds"]["log.entry"] = ["supervisor"]
    table["visible"]["log.entry"] = ["supervisor"]
    p.page.evaluate("async (t) => (await import('/lib/db.js')).kvSet('kinds', t)", table)
    p.page.reload()
    p.ready()
    p.page.wait_for_function("location.hash === '#/patrol'")
    assert tabs(p) == ["Patrol", "Cases", "Passes", "Records", "More"]
    assert p.errors == []


def test_actions_follow_the_table_too(phone, server):
    """The countersign form shows to a role that may send log.countersign, and goes
    when the table says otherwise (no role check of the phone's own)."""
    p = phone()
    sign_in(p, "super1", "hv", "#/log")
    p.wait_worker()
    p.write_entry("Lift 2 out of order")
    p.go(f"#/log/{p.entry_id('Lift 2 out of order')}")
    p.page.get_by_role("button", name="Countersign").wait_for()
    p.page.evaluate("""async () => {
      const db = await import('/lib/db.js');
      const t = await db.kvGet('kinds');
      t.kinds['log.countersign'] = ['admin'];
      t.fetched_at = Date.now();
      await db.kvSet('kinds', t);
    }""")
    p.context.set_offline(True)  # no fresh table from the server over it
    p.page.reload()
    p.ready()
    p.page.wait_for_selector("#view h1")
    assert p.page.get_by_role("heading", name="Countersign").count() == 0
    assert p.page.get_by_role("button", name="Countersign").count() == 0
    assert p.errors == []
