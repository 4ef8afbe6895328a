"""Records past their retention period are removed with a trace, and the ledger's
hash chains still verify afterwards (forms 10.8)."""
import shutil
import time

from sqlalchemy import select, update

from backend import create_app
from backend.db import database
from backend.sync_api.models import AuditEntry, LedgerRow
from tests.phone import Phone

YEAR_MS = 365 * 24 * 3600 * 1000
ENTRY = {"category": "general", "text": "old news"}


def test_purge_on_a_copy_removes_only_what_is_past_retention_and_the_chain_still_verifies(app, client, tmp_path):
    if not app.extensions["gatehouse_db"].is_sqlite:
        return _purge_and_check(app, client)  # PostgreSQL: the test database is already a scratch copy
    phone = _seed(client)
    src = app.extensions["gatehouse_db"].url.removeprefix("sqlite:///")
    app.extensions["gatehouse_db"].engine.dispose()
    copy = tmp_path / "copy.db"
    shutil.copy(src, copy)
    on_copy = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{copy}"})
    _purge_and_check(on_copy, on_copy.test_client(), phone)


def _seed(client) -> Phone:
    phone = Phone(client)
    phone.sign_in("guard1")
    now = int(time.time() * 1000)
    phone.write("log.entry", dict(ENTRY, text="four years old"), occurred_at=now - 4 * YEAR_MS)
    phone.write("log.entry", dict(ENTRY, text="last month"), occurred_at=now - YEAR_MS // 12)
    phone.write("log.entry", {"category": "not-a-category", "text": "parked"})  # its payload is kept, for now
    phone.sync()
    return phone


def _purge_and_check(app, client, phone=None):
    phone = phone or _seed(client)
    phone.client = client
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge", "--before", "2999-01-01"])
    assert dry.exit_code == 0 and "log.entry" in dry.output and "would be removed" in dry.output
    with app.app_context(), database().write() as s:  # the parked payload is older than any retention
        s.execute(update(LedgerRow).values(received_at=LedgerRow.received_at - 4 * YEAR_MS))
    done = runner.invoke(args=["purge", "--before", "2999-01-01", "--execute"])
    assert done.exit_code == 0, done.output
    phone.pull_all()
    assert [e["text"] for e in phone.of_kind("log.entry").values()] == ["last month"]
    with app.app_context(), database().snapshot() as s:
        audit = {(a.action, a.detail.get("kind")): a.detail for a in s.scalars(select(AuditEntry))}
        entries = audit[("purge", "log.entry")]
        assert entries["count"] == 1 and entries["numbers"][0].startswith("LOG-")
        assert audit[("purge", "record.day")]["count"] == 1  # that day's review tally went with it
        assert audit[("purge_payloads", None)]["ledger_rows"] == 1
        assert s.scalar(select(LedgerRow.mutation).where(LedgerRow.seq == 3)) is None
    verified = runner.invoke(args=["ledger-verify"])
    assert verified.exit_code == 0 and "holds" in verified.output


def test_ledger_verify_finds_a_broken_link(app, client):
    phone = _seed(client)
    with app.app_context(), database().write() as s:
        s.execute(update(LedgerRow).where(LedgerRow.seq == 2).values(prev="f" * 64))
    out = app.test_cli_runner().invoke(args=["ledger-verify"])
    assert out.exit_code != 0 and "seq 2: prev does not match" in out.output
    assert phone.device.id in out.output


def test_records_within_retention_are_never_purged_whatever_the_date(app, client):
    _seed(client)
    out = app.test_cli_runner().invoke(args=["purge", "--before", "2999-01-01"])
    assert "last month" not in out.output and out.output.count("log.entry") == 1
