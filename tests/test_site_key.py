"""Every tenant table carries the site key, and the hot queries filter on it
(issue "Scale" item 6; README "Running at scale", "Past one database").

A site's data can then be distributed by site (Citus with the site as the
distribution column, or one database per region behind a router by site) with
no protocol change. Two checks:

1. Every table, in the models and in the migrated schema of each database, is
   either a tenant table with its site column (NOT NULL) or a shared table listed
   here with the reason it is shared. A new table that is neither fails.
2. The SQL a phone's push (new records, numbers, a retry, a correction of an
   earlier record), its pull and a REST list issue is captured as the driver
   receives it; every statement that touches a tenant table names the site: a
   read, update or delete in its WHERE clause, an insert in its columns. The only
   exceptions are listed: finding a phone by its token or id, which is how a
   request learns its site.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, event, inspect

import backend.models  # noqa: F401  (registers every table)
from backend.db import Base, database, normalise_url
from tests.phone import body

# tenant table -> its site column
TENANT = {
    "spaces": "id",                # a site's version counter: the space is the site
    "entities": "space",
    "ledger": "space",
    "counters": "space",
    "devices": "site_id",
    "device_users": "site_id",
    "enroll_codes": "site_id",
    "media_uses": "site_id",
    "upload_counts": "site_id",
    "site_keys": "site_id",
    "patrol_checkpoints": "site_id",
    "patrol_routes": "site_id",
    "patrol_schedules": "site_id",
}

# shared tables -> why they are not split by site
SHARED = {
    "sites": "the tenants themselves: a small reference table every node holds",
    "users": "a user may work at several sites (supervisors, admins)",
    "memberships": "who works where, read by user to learn their sites: goes with users",
    "tokens": "a sign-in is a user's, valid at each of their sites",
    "login_failures": "sign-in throttling by address, name or phone, before anyone is known to be of a site",
    "media": "photo bytes addressed by their SHA-256, shared by the sites that use them (media_uses says which)",
    "meta": "server-wide facts (the epoch)",
    "audit_log": "what was done to records server-wide; a purge of payloads spans sites (site_id then empty)",
    "alembic_version": "the schema's migration revision",
    "setup_changes": "the set-up change log: a site's rows carry site_id, a person's changes span sites (site_id then "
                     "empty), as in audit_log",
}

# Statements allowed to touch a tenant table without naming the site: (table, pattern, why)
DIRECTORY_LOOKUPS = [
    ("devices", re.compile(r"^SELECT .* FROM devices WHERE devices\.(token_hash|id) = \S+( LIMIT \S+)?$", re.S),
     "a phone's own row, by its token or id: how a request learns its site"),
    ("entities", re.compile(r"^SELECT .* FROM entities WHERE entities\.id IN \(.*\)$", re.S),
     "a batch's new record ids, at any site: ids are one namespace, and a new record may not take (and so move "
     "here) an id another site holds (sync/records.py new_record)"),
]


def test_every_table_is_a_tenant_table_with_its_site_key_or_a_listed_shared_table(database_url):
    assert not set(TENANT) & set(SHARED)
    declared = set(Base.metadata.tables) | {"alembic_version"}
    assert declared == set(TENANT) | set(SHARED), "classify every table: TENANT or SHARED (with the reason)"
    engine = create_engine(normalise_url(database_url))
    try:
        live = inspect(engine)
        assert set(live.get_table_names()) == set(TENANT) | set(SHARED)
        for table, column in TENANT.items():
            columns = {c["name"]: c for c in live.get_columns(table)}
            assert column in columns, f"{table} lacks its site key {column}"
            assert not columns[column]["nullable"], f"{table}.{column} may be NULL"
            assert not Base.metadata.tables[table].c[column].nullable
    finally:
        engine.dispose()


def tables_touched(sql: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', sql)}


def without_site(sql: str) -> list[str]:
    """The tenant tables `sql` touches without naming their site."""
    sql = " ".join(sql.split())
    touched = tables_touched(sql)
    missing = []
    for table in sorted(touched & set(TENANT)):
        column = TENANT[table]
        if any(t == table and p.match(sql) for t, p, _ in DIRECTORY_LOOKUPS):
            continue
        insert = re.match(rf"INSERT INTO {table} \(([^)]*)\)", sql)
        if insert:
            ok = column in [c.strip() for c in insert.group(1).split(",")]
        else:
            where = re.split(r"\bWHERE\b", sql, maxsplit=1)
            qualified = rf"\b{table}\.{column}" if len(touched) > 1 else rf"\b(?:{table}\.)?{column}"
            ok = len(where) == 2 and re.search(qualified + r"\s*(=|IN\b)", where[1]) is not None
        if not ok:
            missing.append(table)
    return missing


def test_the_check_catches_a_statement_without_the_site():
    assert without_site("SELECT ledger.seq FROM ledger WHERE ledger.device_id = ? AND ledger.seq IN (?, ?)") == ["ledger"]
    assert without_site("SELECT ledger.seq FROM ledger WHERE ledger.space = ? AND ledger.seq IN (?)") == []
    assert without_site("INSERT INTO counters (series, value) VALUES (?, ?)") == ["counters"]
    assert without_site("UPDATE devices SET last_seq=? WHERE devices.id = ?") == ["devices"]
    assert without_site("SELECT devices.id FROM devices WHERE devices.token_hash = %(token_hash_1)s") == []
    # joined: the site must be the tenant table's own column
    assert without_site("SELECT entities.id FROM entities JOIN devices ON devices.id = entities.id "
                        "WHERE devices.site_id = ?") == ["entities"]


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    engine = app.extensions["gatehouse_db"].engine
    event.listen(engine, "before_cursor_execute", capture)
    yield seen
    event.remove(engine, "before_cursor_execute", capture)


def test_push_pull_and_lists_filter_every_tenant_table_on_the_site(client, make_phone, statements):
    guard = make_phone("guard1")
    guard.write("log.entry", {"category": "facility", "text": "Lift 2 door sticks", "location": "Block B"})
    guard.sync()
    [entry_id] = guard.of_kind("log.entry")
    sup = make_phone("super1")
    sup.pull_all()
    statements.clear()  # from here on: the hot path only

    for i in range(3):  # new numbered records
        guard.write("log.entry", {"category": "facility", "text": f"door {i}", "location": "Block A"})
    first = guard.push()
    again = guard.push()  # the answer was lost: a retry, answered from the ledger
    assert body(again)["results"] == body(first)["results"]
    guard.device.acknowledge(body(first)["last_seq"])
    version = sup.of_kind("log.entry")[entry_id]["_version"]
    sup.write("record.amend", {"target_kind": "log.entry", "target_id": entry_id,
                               "changes": {"text": "Lift 2 door fixed"}, "reason": "correction"},
              base_version=version)  # reads a record written by an earlier push
    sup.write("log.countersign", {"entry_id": entry_id, "note": "seen"})
    assert {r["status"] for r in sup.sync()} == {"applied"}
    guard.pull_all()
    r = client.get("/api/log/entries?site_id=hv", headers=sup.headers)
    assert r.status_code == 200 and len(body(r)["entries"]) == 4

    touched = set().union(*(tables_touched(s) for s in statements))
    # the capture saw the hot path: the ledger read and writes, records, numbers, proof keys
    assert {"ledger", "entities", "counters", "device_users", "devices", "spaces"} <= touched
    assert any(s.lstrip().startswith("SELECT") and "FROM ledger" in s for s in statements)
    offenders = {" ".join(s.split()): without_site(s) for s in statements if without_site(s)}
    assert offenders == {}


def test_a_new_record_may_not_take_an_id_another_site_holds(client, make_phone):
    """Entities are keyed (kind, id): before this check, a phone at the warehouse sending a
    duty-log entry with the id of one at Harbour View overwrote it and moved it to its own site."""
    guard = make_phone("guard1", "hv")
    entry = guard.write("log.entry", {"category": "facility", "text": "Lift 2 door sticks", "location": "Block B"})
    guard.sync()
    before = guard.of_kind("log.entry")[entry["id"]]
    sup = make_phone("super1", "wh")
    sup.write("log.entry", {"category": "facility", "text": "overwritten", "location": "Dock 1"},
              mutation_id=entry["id"])
    [result] = sup.sync()
    assert (result["status"], [r["code"] for r in result["reasons"]]) == ("rejected", ["duplicate_id"])
    guard.pull_all()
    after = guard.of_kind("log.entry")[entry["id"]]
    assert (after["text"], after["site_id"], after["_version"]) == ("Lift 2 door sticks", "hv", before["_version"])
    assert entry["id"] not in sup.of_kind("log.entry")
