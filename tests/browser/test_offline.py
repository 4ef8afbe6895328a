"""Offline first: the app reloads with no network, keeps what was written
across a browser restart, and syncs it exactly once when the network returns."""
from __future__ import annotations


def test_offline_reload_writes_survive_restart_and_sync_exactly_once(persistent, server):
    phone = persistent()
    phone.setup("guard1")
    before = len(server.entries())

    phone.context.set_offline(True)
    phone.page.reload()
    phone.ready()
    assert phone.page.locator("[data-testid=net]").inner_text().strip() == "Offline"
    texts = [f"Offline round {i}: all doors locked" for i in range(5)]
    for text in texts:
        phone.write_entry(text)
    assert len(phone.outbox()) == 5
    assert phone.page.locator("[data-testid=pending]").get_attribute("data-count") == "5"
    cards = phone.page.locator("a.card[data-pending='1']")
    assert cards.count() == 5
    assert "No. after sync" in cards.first.inner_text() and "Not yet synced" in cards.first.inner_text()
    phone.context.close()

    phone = persistent(offline=True)  # the same phone, browser started again, still offline
    phone.open()
    assert phone.page.evaluate("location.hash") == "#/log"
    for text in texts:
        assert phone.page.locator("[data-testid=log-list]", has_text=text).count() == 1
    assert len(phone.outbox()) == 5

    phone.context.set_offline(False)
    phone.page.wait_for_function(
        "document.querySelector('[data-testid=pending]')?.dataset.count === '0'", timeout=30000)
    assert phone.outbox() == []
    on_server = [e for e in server.entries() if e["text"] in texts]
    assert len(on_server) == 5 and len(server.entries()) == before + 5
    assert all(e["number"].startswith("LOG-") for e in on_server)
    phone.page.wait_for_selector("a.card[data-pending='0'] >> text=Offline round 0")
    assert phone.errors == []
