"""A record the server parks never stalls the phone (PROTOCOL.md P1.1, P3.4; issue 8):
the phone syncs the rest, keeps the parked one and shows it with the reason,
in English and in Chinese, and later records sync as before."""
from __future__ import annotations

ADD_HOSTILE = """async () => {
    const { kvGet } = await import('/lib/db.js');
    const { addMutation } = await import('/lib/outbox.js');
    const { user_id } = await kvGet('session');
    // NUL pasted into a text: no store keeps it, so the server parks the record
    await addMutation({ kind: 'log.entry', userId: user_id,
                        payload: { category: 'general', text: 'pasted \\u0000 by mistake', location: '' } });
}"""
SYNCED = "document.querySelector('[data-testid=pending]').dataset.count === '0'"


def test_a_parked_record_is_shown_and_the_rest_sync(phone, server):
    p = phone().setup("guard1")
    p.context.set_offline(True)
    p.write_entry("Parked test: before")
    p.page.evaluate(ADD_HOSTILE)
    p.write_entry("Parked test: after")
    assert len(p.outbox()) == 3
    p.context.set_offline(False)  # syncs by itself
    p.page.wait_for_function(SYNCED)
    p.sync()
    assert p.outbox() == []
    texts = [e["text"] for e in server.entries()]
    assert texts.count("Parked test: before") == 1 and texts.count("Parked test: after") == 1
    assert not any("by mistake" in t for t in texts)

    note = p.page.locator("[data-testid=parked-note]")
    note.wait_for()
    assert "1 record(s) not accepted by the server." in note.inner_text()
    note.get_by_role("link", name="Details").click()
    p.page.wait_for_function("location.hash === '#/settings'")
    item = p.page.locator("[data-testid=parked-item]")
    item.wait_for()
    assert item.count() == 1
    assert "Log entry" in item.inner_text()
    assert "The record holds characters that cannot be stored." in item.inner_text()

    # The phone carries on: the next record syncs as before, the parked one stays listed.
    p.write_entry("Parked test: later")
    p.sync()
    p.page.wait_for_function(SYNCED)
    assert [e["text"] for e in server.entries()].count("Parked test: later") == 1
    assert p.page.evaluate("async () => (await import('/lib/sync.js')).syncState()")["last_error"] is None

    p.go("#/settings")
    p.page.locator(".segmented button[lang='zh-Hant']").click()
    p.page.wait_for_function("document.documentElement.lang === 'zh-Hant'")
    section = p.page.locator("[data-testid=parked]")
    section.wait_for()
    text = section.inner_text()
    assert "伺服器未接受的記錄" in text and "值班記錄" in text and "記錄含有無法儲存的字元。" in text


def envelope(code: int, status: str, reason: str) -> dict:
    import json
    return {"status": code, "content_type": "application/json",
            "body": json.dumps({"code": code, "status": status, "message": reason, "reason": reason, "errors": {}})}


def test_a_batch_answered_413_is_sent_in_halves(phone, server):
    p = phone().setup("guard1")
    sizes = []

    def only_one_at_a_time(route):
        n = len(route.request.post_data_json["mutations"])
        sizes.append(n)
        if n > 1:
            route.fulfill(**envelope(413, "REQUEST ENTITY TOO LARGE", "batch_too_large"))
        else:
            route.continue_()
    p.page.route("**/api/sync/push", only_one_at_a_time)
    p.context.set_offline(True)
    texts = [f"Halves test {i}" for i in range(3)]
    for t in texts:
        p.write_entry(t)
    p.context.set_offline(False)
    p.page.wait_for_function(SYNCED)
    p.sync()
    on_server = [e["text"] for e in server.entries()]
    assert all(on_server.count(t) == 1 for t in texts)
    assert sizes[0] == 3 and 1 in sizes


def test_a_refused_push_still_pulls_and_is_not_retried_in_a_loop(phone, server):
    p = phone().setup("guard1")
    pushes = []

    def refuse(route):
        pushes.append(1)
        route.fulfill(**envelope(400, "BAD REQUEST", "invalid_batch"))
    p.page.route("**/api/sync/push", refuse)
    p.write_entry("Refused test: waits")
    other = server.api_phone("guard2")  # a record from another phone reaches this one meanwhile
    other.write("log.entry", {"category": "general", "text": "Refused test: from another phone", "location": ""})
    other.sync()
    result = p.sync()
    assert result == {"ok": False, "error": "invalid_batch", "status": 400}
    p.page.wait_for_selector("[data-testid=log-list] >> text=Refused test: from another phone")  # the pull ran
    state = p.page.evaluate("async () => (await import('/lib/sync.js')).syncState()")
    assert state["last_error"]["reason"] == "invalid_batch" and not state["backoff_until"]
    p.page.wait_for_timeout(2000)  # the sync ~1 s after the write may still come
    count = len(pushes)
    p.page.wait_for_timeout(3000)
    assert len(pushes) == count  # not sent again and again
    assert len(p.outbox()) == 1  # kept
    p.page.unroute("**/api/sync/push")
    p.sync()
    p.page.wait_for_function(SYNCED)
    assert [e["text"] for e in server.entries()].count("Refused test: waits") == 1
