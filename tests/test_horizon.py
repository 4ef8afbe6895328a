"""A purge of old tombstones never traps a phone (P5.3, issue 8 finding 1).

A site with more versions than the tombstone horizon is purged; then a newly
enrolled phone (crawling from zero) and a phone whose cursor predates the purge
(reset by the horizon) both finish, whatever page size they use, and hold
exactly the live data their user may see.
"""
from __future__ import annotations

import random

from sqlalchemy import select

from backend.db import database
from backend.sync_api.models import EntityRow
from backend.sync_api.store import tombstones
from tests.phone import Phone, body

ENTRY = {"category": "patrol", "text": "ok", "location": ""}
LIMITS = sorted({1, 2, 1000, *random.Random(8).sample(range(3, 1000), 4)})


def live(app, role: str) -> dict[tuple[str, str], dict]:
    kinds = app.extensions["gatehouse_registry"].visible_kinds(role)
    with app.app_context(), database().snapshot() as s:
        rows = s.scalars(select(EntityRow).where(EntityRow.space == "hv", EntityRow.deleted.is_(False),
                                                 EntityRow.kind.in_(kinds)))
        return {(r.kind, r.id): r.data for r in rows}


def crawl(phone: Phone, cursor: str | None, limit: int, most_pages: int) -> tuple[dict, int, bool]:
    """Pull until has_more is false; fail if it takes more pages than there are versions."""
    entities: dict = {}
    reset_seen = False
    for page_no in range(1, most_pages + 1):
        page = body(phone.pull(cursor, limit))
        if page["reset"]:
            assert page_no == 1, f"reset again on page {page_no}: the crawl would never end"
            reset_seen = True
        for c in page["changes"]:
            if c["deleted"]:
                entities.pop((c["kind"], c["id"]), None)
            else:
                entities[(c["kind"], c["id"])] = c["data"]
        cursor = page["cursor"]
        if not page["has_more"]:
            return entities, page_no, reset_seen
    raise AssertionError(f"still has_more after {most_pages} pages with limit {limit}")


def test_new_and_horizon_reset_phones_finish_after_a_purge(app, client, phone):
    for i in range(30):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    phone.sync()
    old_cursor = phone.cursor  # issued before the purge
    entries = sorted(phone.of_kind("log.entry"))
    with app.app_context(), database().write() as s:  # records deleted (retention), leaving tombstones
        tombstones(s, "hv", "log.entry", entries[:12], "retention")
    for i in range(10):
        phone.write("log.entry", dict(ENTRY, text=f"later {i}"))
    phone.sync()
    result = app.test_cli_runner().invoke(args=["purge-tombstones", "--keep-versions", "5"])
    assert result.exit_code == 0 and "12 tombstones purged" in result.output, result.output

    newcomer = Phone(client)
    newcomer.sign_in("guard1")
    expected = live(app, "guard")
    versions = max(r["version"] for r in [body(phone.pull(None, 1000))][0]["changes"])
    for limit in LIMITS:
        held, pages, reset = crawl(newcomer, None, limit, most_pages=versions + 1)
        assert not reset
        assert held == expected, f"new phone, limit {limit}"
        held, pages, reset = crawl(phone, old_cursor, limit, most_pages=versions + 1)
        assert reset, "a cursor from before the purge must start over"
        assert held == expected, f"reset phone, limit {limit}"


def test_a_cursor_issued_after_the_purge_is_never_stale(app, phone):
    for i in range(12):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    phone.sync()
    assert app.test_cli_runner().invoke(args=["purge-tombstones", "--keep-versions", "3"]).exit_code == 0
    first = body(phone.pull(None, 1))
    assert first["reset"] is False and first["has_more"] is True
    second = body(phone.pull(first["cursor"], 1))
    assert second["reset"] is False
    assert second["changes"][0]["version"] > first["changes"][0]["version"]


def test_a_purge_during_a_crawl_restarts_it_once(app, phone):
    """A purge between two pages may remove a tombstone the crawl needed: that
    cursor resets, and the restarted crawl then finishes."""
    for i in range(12):
        phone.write("log.entry", dict(ENTRY, text=f"entry {i}"))
    phone.sync()
    first = body(phone.pull(None, 1))
    assert app.test_cli_runner().invoke(args=["purge-tombstones", "--keep-versions", "3"]).exit_code == 0
    second = body(phone.pull(first["cursor"], 1))
    assert second["reset"] is True
    third = body(phone.pull(second["cursor"], 1))
    assert third["reset"] is False
