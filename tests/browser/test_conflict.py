"""Two phones correct the same entry offline: after both sync they show the
same merged result, and the supervisor's inbox shows the conflict to settle."""
from __future__ import annotations


def amend_text(p, entry_id: str, text: str, reason: str) -> None:
    p.go(f"#/log/{entry_id}")
    p.page.get_by_role("link", name="Correct this entry").click()
    p.page.wait_for_selector("#view h1 >> text=Correct entry")
    p.page.get_by_label("What happened").fill(text)
    p.page.get_by_label("Reason for the correction").fill(reason)
    p.page.get_by_role("button", name="Save correction").click()
    p.page.wait_for_function(f"location.hash === '#/log/{entry_id}'")
    p.page.wait_for_selector("[data-testid=correction-stamp]")


def settle(p):
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")


def test_two_phones_amend_offline_converge_and_supervisor_sees_conflict(phone, server):
    guard = phone().setup("guard1")
    guard.write_entry("Conflict test: west gate found open", location="West gate")
    settle(guard)
    entry_id = guard.entry_id("Conflict test: west gate found open")
    sup = phone().setup("super1")
    settle(sup)
    sup.page.wait_for_selector(f"a.card[data-id='{entry_id}']")

    for p in (guard, sup):
        p.context.set_offline(True)
    amend_text(guard, entry_id, "Conflict test: west gate found open at 02:10, closed it", "added the time")
    amend_text(sup, entry_id, "Conflict test: west gate found unlocked", "open means unlocked")
    # One phone back online at a time: going online syncs by itself, so this
    # fixes the order in which the server receives the two corrections.
    guard.context.set_offline(False)
    settle(guard)   # the guard's correction reaches the server first
    sup.context.set_offline(False)
    settle(sup)     # the supervisor's, based on the old version, comes later and wins
    settle(guard)

    final = "Conflict test: west gate found unlocked"
    for p in (guard, sup):
        p.go(f"#/log/{entry_id}")
        p.page.wait_for_selector(f".entry-text >> text={final}")
        view = p.page.locator("#view").inner_text()
        assert "Original entry" in view and "Conflict test: west gate found open" in view
        assert view.count("Corrected by") == 2 and "not yet synced" not in view
    [on_server] = [e for e in server.entries() if e["id"] == entry_id]
    assert on_server["text"] == final and len(on_server["amendments"]) == 2

    # The conflict came from the supervisor's own correction: another supervisor,
    # on another phone, settles it (nobody settles a flag on their own work).
    boss = phone().setup("admin")
    settle(boss)
    boss.go("#/inbox")
    card = boss.page.locator("[data-testid=inbox-open] a.card[data-type=conflict]")
    card.first.wait_for()  # the inbox, not the screen before it
    assert card.count() == 1
    assert "Two changes to the same field" in card.inner_text()
    card.click()
    boss.page.wait_for_selector("#view h1 >> text=Review item")
    assert boss.page.get_by_test_id("kept").inner_text() == final
    assert boss.page.get_by_test_id("other").inner_text() == "Conflict test: west gate found open at 02:10, closed it"

    # It restores the guard's fuller text, with a note.
    boss.page.get_by_label("Note").fill("Guard's version has the time")
    boss.page.get_by_role("button", name="Restore other value").click()
    boss.page.wait_for_function("location.hash === '#/inbox'")
    settle(boss)
    settle(guard)
    restored = "Conflict test: west gate found open at 02:10, closed it"
    for p in (guard, boss):
        p.go(f"#/log/{entry_id}")
        p.page.wait_for_selector(f".entry-text >> text={restored}")
    boss.go("#/inbox")
    assert boss.page.locator("[data-testid=inbox-open] a.card[data-type=conflict]").count() == 0
