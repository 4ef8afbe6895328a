"""Duty log on the phone: the supervisor countersigns a guard's entry, an
entry still on the phone can be corrected before it reaches the server, a
flagged mutation is acknowledged from the inbox, and a mutation the server
answers `mismatch` (409) is kept, not silently dropped."""
from __future__ import annotations


def settle(p):
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")


def test_supervisor_countersigns_a_guards_entry_and_the_guard_sees_it(phone, server):
    guard = phone().setup("guard1")
    guard.context.set_offline(True)
    guard.write_entry("Countersign test: fire alarm panel fault", category="Facility", location="Block A lobby")
    entry_id = guard.entry_id("Countersign test: fire alarm panel fault")
    # Corrected before it ever reached the server: the server takes its creation as the base.
    guard.go(f"#/log/{entry_id}")
    guard.page.get_by_role("link", name="Correct this entry").click()
    guard.page.get_by_label("What happened").fill("Countersign test: fire alarm panel fault, zone 3")
    guard.page.get_by_label("Reason for the correction").fill("zone added")
    guard.page.get_by_role("button", name="Save correction").click()
    guard.page.wait_for_function(f"location.hash === '#/log/{entry_id}'")
    guard.context.set_offline(False)
    settle(guard)
    [row] = [e for e in server.entries() if e["id"] == entry_id]
    assert row["text"].endswith("zone 3") and row["original"]["text"] == "Countersign test: fire alarm panel fault"
    assert [a["reason"] for a in row["amendments"]] == ["zone added"]

    sup = phone().setup("super1")
    sup.go(f"#/log/{entry_id}")
    sup.page.get_by_label("Note (optional)").fill("Contractor called")
    sup.page.get_by_role("button", name="Countersign").click()
    sup.page.wait_for_selector("#view >> text=Countersign not yet synced")
    settle(sup)
    sup.page.wait_for_selector("[data-testid=countersign] >> text=Countersigned by Ho Wing Sze")

    settle(guard)
    guard.go(f"#/log/{entry_id}")
    guard.page.wait_for_selector("[data-testid=countersign] >> text=Countersigned by Ho Wing Sze")
    assert "Contractor called" in guard.page.locator("#view").inner_text()
    assert guard.page.get_by_role("button", name="Countersign").count() == 0  # guards cannot
    [row] = [e for e in server.entries() if e["id"] == entry_id]
    assert row["review"]["note"] == "Contractor called"


def test_supervisor_acknowledges_a_flagged_record_from_the_inbox(phone, server):
    api = server.api_phone("guard1")
    now = api.device.now()
    api.write("log.entry", {"category": "patrol", "text": "Flag test: second"}, occurred_at=now)
    api.write("log.entry", {"category": "patrol", "text": "Flag test: first"}, occurred_at=now - 3600_000)
    results = api.sync()
    [flagged] = [r for r in results if r["status"] == "flagged"]
    sup = phone().setup("super1")
    sup.go(f"#/inbox/{flagged['id']}")
    sup.page.wait_for_selector("#view .reasons >> text=The phone’s clock went backwards.")
    sup.page.get_by_label("Note").fill("Phone clock fixed at handover")
    sup.page.get_by_role("button", name="Acknowledge").click()
    sup.page.wait_for_function("location.hash === '#/inbox'")
    settle(sup)
    sup.go(f"#/inbox/{flagged['id']}")
    sup.page.wait_for_selector("#view >> text=Resolved: Acknowledged")


def test_a_mismatch_409_is_parked_and_shown_not_lost(phone, server):
    p = phone().setup("guard1")
    # The push lands but its acknowledgement (the pull) is lost ...
    p.page.route("**/api/sync/pull*", lambda r: r.abort())
    p.write_entry("Mismatch test: original text")
    p.sync()
    assert p.outbox() == [{"seq": 1, "kind": "log.entry", "status": "applied"}]
    # ... and the phone's copy of that mutation changes (storage corruption, a bug):
    # same seq and id, other content. The server must answer 409 for it.
    p.page.evaluate("""async () => {
        const { withStore, req } = await import('/lib/db.js');
        const { hashOf } = await import('/lib/canonical.js');
        const [e] = await withStore('readonly', (s) => req(s.outbox.getAll()), ['outbox']);
        e.mutation.payload.text = 'Mismatch test: altered text';
        const hash = await hashOf(e.mutation);
        await withStore('readwrite', (s) => { s.outbox.put({ ...e, hash }); }, ['outbox']);
    }""")
    p.page.unroute("**/api/sync/pull*")
    settle(p)
    parked = p.page.evaluate("async () => (await import('/lib/outbox.js')).parkedEntries()")
    assert len(parked) == 1 and parked[0]["status"] == "mismatch"
    assert parked[0]["mutation"]["payload"]["text"] == "Mismatch test: altered text"
    texts = [e["text"] for e in server.entries()]
    assert texts.count("Mismatch test: original text") == 1 and "Mismatch test: altered text" not in texts
    p.go("#/settings")  # listed with the parked records (page/parked.js)
    p.page.wait_for_selector("[data-testid=parked] >> text=Not accepted by the server")
    assert p.page.locator("[data-testid=parked-item]").count() == 1
