"""A double tap on Save writes one record, not two (gloves, a shaky hand, a slow phone)."""
from __future__ import annotations


def kinds(p):
    return [e["kind"] for e in p.outbox()]


def test_double_tap_on_save_correction_writes_one_correction(phone):
    p = phone().setup("guard1")
    p.context.set_offline(True)
    p.write_entry("Double tap test: gate 3 left open")
    entry_id = p.entry_id("Double tap test: gate 3 left open")
    p.go(f"#/log/{entry_id}/amend")
    p.page.get_by_label("What happened").fill("Double tap test: gate 3 left open, now closed")
    p.page.get_by_label("Reason for the correction").fill("closed it")
    p.page.get_by_role("button", name="Save correction").dblclick()
    p.page.wait_for_function(f"location.hash === '#/log/{entry_id}'")
    assert kinds(p) == ["log.entry", "record.amend"]
