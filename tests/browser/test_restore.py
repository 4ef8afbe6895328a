"""The server's database is restored from a backup taken before some of a phone's
records were acknowledged: the phone still has them and sends them again, once."""
from __future__ import annotations

from sqlalchemy import delete, select, update

from backend.db import database
from backend.identity.models import Device
from backend.sync_api.models import EntityRow, LedgerRow
from sync.canonical import GENESIS


def restore_backup_without(server, device_id: str, keep_seq: int) -> None:
    """What restoring an older backup does to one phone's history, then `gatehouse new-epoch`."""
    with server.app.app_context(), database().write() as s:
        lost = list(s.scalars(select(LedgerRow.mutation_id).where(
            LedgerRow.device_id == device_id, LedgerRow.seq > keep_seq)))
        s.execute(delete(EntityRow).where(EntityRow.id.in_(lost)))
        s.execute(delete(LedgerRow).where(LedgerRow.device_id == device_id, LedgerRow.seq > keep_seq))
        last_hash = s.scalar(select(LedgerRow.hash).where(
            LedgerRow.device_id == device_id, LedgerRow.seq == keep_seq)) or GENESIS
        s.execute(update(Device).where(Device.id == device_id).values(last_seq=keep_seq, last_hash=last_hash))
    server.new_epoch()


def settle(p):
    p.sync()
    p.page.wait_for_function("document.querySelector('[data-testid=pending]').dataset.count === '0'")


def test_records_lost_by_a_restored_server_come_back_from_the_phone_once(phone, server):
    p = phone().setup("guard1")
    p.write_entry("Restore test: before the backup")
    settle(p)
    device_id = p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('device')).device_id")
    kept = p.page.evaluate("async () => (await (await import('/lib/db.js')).kvGet('chain')).seq")
    later = ["Restore test: after the backup 1", "Restore test: after the backup 2"]
    for text in later:
        p.write_entry(text)
    settle(p)
    assert p.outbox() == []  # acknowledged: the phone keeps them in `sent`

    restore_backup_without(server, device_id, kept)
    assert not [e for e in server.entries() if e["text"] in later]  # the server lost them

    settle(p)
    on_server = [e["text"] for e in server.entries() if e["text"].startswith("Restore test:")]
    assert sorted(on_server) == sorted(["Restore test: before the backup", *later])  # each exactly once
    assert p.outbox() == []
    assert p.errors == []
