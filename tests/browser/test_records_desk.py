"""Records at a desk in the browser (issue 13 item 2): a supervisor at a 1280x800 desk
screen lists the gate log a page at a time, narrows it by number, opens a corrected
visit's history (the phone, its chain position, the correction and its reason) and
downloads the CSV of what is listed; the same screens at phone size. English and
Traditional Chinese, screenshots checked by axe (tests/browser/test_desk.py shot)."""
from __future__ import annotations

import csv
import io
import uuid

import pytest

from tests.browser.conftest import VIEWPORT
from tests.browser.test_desk import COUNTER, shot
from tests.phone import bearer, body

VISITOR = {"id_type": "hkid", "id_last4": "123A", "unit": "12B", "purpose": "plumbing"}


def gate_log(server, tag: str) -> dict:
    """Three visitors and a refusal by guard1 (API phone); the first visit corrected."""
    guard = server.api_phone("guard1")
    visits = [guard.write("gate.visitor_in", dict(VISITOR, name=f"{tag} visitor {i}"))["id"] for i in range(3)]
    refusal = guard.write("gate.visitor_refused", {"reason": "suspicious", "name": f"{tag} refused", "note": ""})["id"]
    assert {r["status"] for r in guard.sync()} == {"applied"}
    held = guard.of_kind("gate.visit")[visits[0]]
    guard.write("record.amend", {"target_kind": "gate.visit", "target_id": visits[0], "changes": {"unit": "21B"},
                                 "reason": f"{tag}: unit misheard"}, base_version=held["_version"])
    assert guard.sync()[0]["status"] == "applied"
    sup = bearer(server.token("super1"))
    number = lambda i: body(server.http().get(f"/api/records/gate.visit/{i}/history", headers=sup))["record"]["number"]
    return {"visits": visits, "refusal": refusal, "numbers": {i: number(i) for i in visits + [refusal]},
            "device": guard.device.id}


def rows(p) -> list[str]:
    return p.page.eval_on_selector_all("[data-testid=records-table] tbody tr", "trs => trs.map(tr => tr.dataset.id)")


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_a_supervisor_lists_pages_traces_and_exports_records_at_a_desk_and_on_a_phone(phone, server, lang):
    tag = f"Desk{uuid.uuid4().hex[:6]}"
    made = gate_log(server, tag)
    s = phone().setup_in(lang, "super1")
    s.page.set_viewport_size(COUNTER)

    # today's gate log, two a page: newest first, the next page goes on where this one stopped
    s.go("#/records?kind=gate.visit&limit=25")
    s.page.wait_for_selector("[data-testid=records-table]")
    listed = rows(s)
    api = body(server.http().get("/api/records/gate.visit?site_id=hv&limit=25", headers=bearer(server.token("super1"))))
    assert listed == [r["id"] for r in api["records"]]  # newest first by (time, id), as the API pages
    assert set(listed[:4]) == {made["refusal"], *made["visits"]}
    kinds = s.page.eval_on_selector_all("select[name=kind] option", "os => os.map(o => o.value)")
    assert {"gate.visit", "review.item", "log.entry", "packing.order"} <= set(kinds) and "record.day" not in kinds
    shot(s, f"{lang}-records-desk")
    s.go("#/records?kind=gate.visit&limit=2")
    s.page.wait_for_function("() => document.querySelectorAll('[data-testid=records-table] tbody tr').length === 2")
    first = rows(s)
    assert first == listed[:2]
    s.page.click("[data-testid=records-next]")
    s.page.wait_for_selector("[data-testid=records-first]")
    s.page.wait_for_function("ids => document.querySelector('[data-testid=records-table] tbody tr')?.dataset.id === ids",
                             arg=listed[2])
    assert rows(s) == listed[2:4]

    # narrowed by number (the filter form), then the CSV of exactly that
    s.page.click("[data-testid=records-first]")
    s.page.wait_for_selector("[data-testid=records-first]", state="detached")  # the first page again
    s.page.fill("input[name=number]", made["numbers"][made["refusal"]])
    s.page.click("[data-testid=records-filters] button[type=submit]")
    s.page.wait_for_function("() => document.querySelectorAll('[data-testid=records-table] tbody tr').length === 1")
    assert rows(s) == [made["refusal"]]
    with s.page.expect_download() as download:
        s.page.click("[data-testid=records-csv]")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == ("No." if lang == "en" else "編號") and len(table) == 2
    assert table[1][0] == made["numbers"][made["refusal"]] and table[1][table[0].index("ID")] == made["refusal"]

    # a corrected visit's history: the phone and its chain position, the correction and why
    s.page.fill("input[name=number]", made["numbers"][made["visits"][0]])
    s.page.click("[data-testid=records-filters] button[type=submit]")
    s.page.wait_for_function("id => document.querySelector('[data-testid=records-table] tbody tr')?.dataset.id === id",
                             arg=made["visits"][0])
    s.page.click("[data-testid=records-table] tbody a")
    s.page.wait_for_selector("[data-testid=history-made]")
    made_text = s.page.inner_text("[data-testid=history-made]")
    assert made["device"][:8] in made_text and ("No. 1 in the chain" in made_text or "鏈中第 1 項" in made_text)
    corrections = s.page.inner_text("[data-testid=history-corrections]")
    assert f"{tag}: unit misheard" in corrections and "12B" in corrections and "21B" in corrections
    flags = s.page.inner_text("[data-testid=history-flags]")
    assert ("No flags" in flags) if lang == "en" else ("沒有標記" in flags)
    shot(s, f"{lang}-records-history-desk")

    # the same screens on a phone
    s.page.set_viewport_size(VIEWPORT)
    shot(s, f"{lang}-records-history-phone")
    s.go("#/records?kind=gate.visit&limit=25")
    s.page.wait_for_selector("[data-testid=records-table]")
    wide = s.page.evaluate("""() => [...document.querySelectorAll('#view *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wide == [] and s.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide  # nothing runs off the side
    shot(s, f"{lang}-records-phone")
    assert s.errors == []


def test_a_cursor_from_other_filters_is_refused_in_words_and_a_guard_sees_only_its_kinds(phone, server):
    g = phone().setup("guard1")
    g.go("#/records")
    g.page.wait_for_selector("[data-testid=records-filters]")
    kinds = g.page.eval_on_selector_all("select[name=kind] option", "os => os.map(o => o.value)")
    assert "gate.visit" in kinds and "review.item" not in kinds and "packing.order" not in kinds
    gate_log(server, f"Cur{uuid.uuid4().hex[:6]}")
    g.go("#/records?kind=gate.visit&limit=1")
    g.page.wait_for_selector("[data-testid=records-next]")
    cursor = g.page.get_attribute("[data-testid=records-next]", "href").split("cursor=")[1]
    g.go(f"#/records?kind=gate.visit&limit=1&number=VIS&cursor={cursor}")
    g.page.wait_for_selector("#view .notice.error")
    assert "start again from the first page" in g.page.inner_text("#view .notice.error")
    assert g.errors == []
