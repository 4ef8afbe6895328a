"""The mail log: received with a photo of the label, resident notified, collected and signed; overdue stands out."""
from __future__ import annotations

from backend.db import database
from backend.sync_api.models import EntityRow
from tests.passes.conftest import jpeg, reasons, set_site, upload
from tests.phone import body


def receive(desk, **over) -> dict:
    m = desk.write("mail.receive", {"type": "parcel", "carrier": "SF Express", "tracking": "SF1234567890",
                                    "unit": "12B", "addressee": "Mr Ho", **over})
    return m


def test_mail_is_logged_notified_and_collected_once(client, desk):
    label = upload(client, desk, jpeg(), purpose="mail")
    m = receive(desk, photos=[label])
    desk.write("mail.notify", {"mail_id": m["id"], "by": "phone"})
    desk.write("mail.collect", {"mail_id": m["id"], "collected_by": "Mrs Ho", "signature": label})
    desk.write("mail.collect", {"mail_id": m["id"], "collected_by": "Someone else", "signature": label})
    received, notified, collected, again = desk.sync()
    assert received["result"]["number"].startswith("MAL-")
    assert [notified["status"], collected["status"]] == ["applied", "applied"]
    assert again["status"] == "flagged" and reasons(again) == {"already_collected"}
    entry = desk.of_kind("mail")[m["id"]]
    assert entry["status"] == "collected" and entry["collected"]["collected_by"] == "Mrs Ho"
    assert entry["notified"][0]["by"] == "phone" and entry["photos"] == [label] and entry["review"] is None


def test_mail_waiting_longer_than_the_site_allows_stands_out(app, client, desk):
    set_site(app, mail_overdue_days=2)
    old, new = receive(desk), receive(desk, type="letter", carrier="", tracking="")
    desk.sync()
    with app.app_context(), database().write() as s:   # the first parcel came three days ago
        row = s.get(EntityRow, ("mail", old["id"]))
        row.data = {**row.data, "received_at": row.data["received_at"] - 3 * 86_400_000}
    r = body(client.get("/api/desk/mail?site_id=hv&overdue=true", headers=desk.headers))
    assert [e["id"] for e in r["mail"]] == [old["id"]] and r["overdue_days"] == 2
    everything = body(client.get("/api/desk/mail?site_id=hv", headers=desk.headers))["mail"]
    assert {e["id"]: e["overdue"] for e in everything} == {old["id"]: True, new["id"]: False}


def test_guards_neither_log_mail_nor_read_it(client, guard):
    receive(guard)
    [result] = guard.sync()
    assert reasons(result) == {"forbidden"}
    assert client.get("/api/desk/mail?site_id=hv", headers=guard.headers).status_code == 403
    assert guard.of_kind("mail") == {}


def test_a_mail_entry_is_corrected_with_a_stamp(desk):
    m = receive(desk)
    desk.sync()
    entry = desk.of_kind("mail")[m["id"]]
    desk.write("record.amend", {"target_kind": "mail", "target_id": m["id"], "changes": {"unit": "12C"},
                                "reason": "misread the label"}, base_version=entry["_version"])
    [amended] = desk.sync()
    entry = desk.of_kind("mail")[m["id"]]
    assert amended["status"] == "applied" and entry["unit"] == "12C" and entry["original"]["unit"] == "12B"
