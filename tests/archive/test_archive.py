"""Archives by period: a seeded month exported, every file's hash matches the
manifest, a changed byte is detected by `gatehouse archive verify`, and making,
reading and downloading an archive are in the audit log."""
from __future__ import annotations

import calendar
import csv
import hashlib
import io
import json
import zipfile
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from backend.db import database
from backend.sync_api.models import AuditEntry, LedgerRow
from tests.patrol.conftest import png, push
from tests.patrol.test_media import upload
from tests.phone import bearer, body


def month() -> tuple[date, date]:
    today = datetime.now(timezone.utc).astimezone(ZoneInfo("Asia/Hong_Kong")).date()
    return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])


@pytest.fixture
def seeded(client, token, phone, make_phone):
    """A month of a site: an incident with a photo, a duty log entry, a visitor, an equipment check."""
    sup = bearer(token("super1"))
    photo = body(upload(client, bearer(token("guard1")), png()))["sha256"]
    r = client.post("/api/equipment/items", json={"site_id": "hv", "type": "alarm", "name": "Fire panel",
                                                  "name_zh": "火警控制板", "floor": "G"}, headers=sup)
    item = body(r)
    phone.write("incident.report", {"category": "damage", "description": "Lift 2 door jammed 升降機門卡住",
                                    "photos": [photo]})
    phone.write("log.entry", {"category": "general", "text": "Quiet night"})
    phone.write("gate.visitor_in", {"name": "Lee Visitor", "id_type": "hkid", "id_last4": "123A", "unit": "B-12F-03",
                                    "purpose": "Delivery"})
    phone.write("equipment.check", {"equipment_id": item["id"], "answers": {
        "panel_normal": True, "call_point_intact": True, "access_clear": True}})
    out = push(phone)
    assert [o["status"] for o in out] == ["applied"] * 4, out
    return {"photo": photo, "item": item}


def export(app, tmp_path, name="month.zip"):
    first, last = month()
    out = tmp_path / name
    r = app.test_cli_runner().invoke(args=["archive", "export", "--site", "hv", "--from", first.isoformat(),
                                           "--to", last.isoformat(), str(out)])
    assert r.exit_code == 0, r.output
    return out, r.output


def verify(app, path):
    return app.test_cli_runner().invoke(args=["archive", "verify", str(path)])


def test_a_months_archive_holds_reports_records_photos_and_every_hash_matches(app, tmp_path, seeded):
    out, said = export(app, tmp_path)
    first, last = month()
    z = zipfile.ZipFile(out)
    manifest = json.loads(z.read("manifest.json"))
    assert said.strip().endswith("(keep it apart from the archive)")
    assert hashlib.sha256(z.read("manifest.json")).hexdigest() in said
    names = set(z.namelist()) - {"manifest.json"}
    assert names == set(manifest["files"])
    for path, entry in manifest["files"].items():   # every file's hash matches
        assert hashlib.sha256(z.read(path)).hexdigest() == entry["sha256"], path
    days = (last - first).days + 1
    assert len([n for n in names if n.startswith("reports/") and n.endswith(".pdf")]) == 2 * days
    assert f"photos/{seeded['photo']}.png" in names
    incidents = list(csv.DictReader(io.StringIO(z.read("records/incident.csv").decode("utf-8-sig"))))
    assert incidents[0]["description"] == "Lift 2 door jammed 升降機門卡住" and incidents[0]["number"].startswith("INC-")
    for kind in ("log.entry", "gate.visit", "equipment.check", "equipment.item"):
        assert f"records/{kind}.csv" in names, kind
    assert "records/equipment.code.csv" not in names   # label codes are not records
    # The ledger's chain head of the phone, as the manifest recorded it.
    with app.app_context(), database().snapshot() as s:
        device, seq, digest = s.execute(select(LedgerRow.device_id, LedgerRow.seq, LedgerRow.hash)
                                        .where(LedgerRow.space == "hv").order_by(LedgerRow.seq.desc())).first()
    head = manifest["ledger_heads"][device]
    assert head["at_export"] == head["at_period_end"] == {"seq": seq, "hash": digest}
    r = verify(app, out)
    assert r.exit_code == 0 and "files match the manifest" in r.output, r.output


def _rewrite(src, dst, change):
    """A copy of the zip with one member's bytes changed (the manifest left as it was)."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            data = a.read(info.filename)
            b.writestr(info.filename, change(info.filename, data))


def test_a_changed_byte_a_missing_file_or_a_rewritten_ledger_is_detected(app, tmp_path, seeded):
    out, _ = export(app, tmp_path)
    target = "records/incident.csv"
    changed = tmp_path / "changed.zip"
    _rewrite(out, changed, lambda n, d: d.replace(b"jammed", b"jammes") if n == target else d)
    r = verify(app, changed)
    assert r.exit_code != 0 and f"{target}: changed" in r.output, r.output
    # A byte flipped in the zip file itself, inside the stored (compressed) bytes of a PDF report.
    raw = bytearray(out.read_bytes())
    info = next(i for i in zipfile.ZipFile(out).infolist() if i.filename.endswith(".pdf"))
    local_name, local_extra = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    raw[info.header_offset + 30 + local_name + local_extra + info.compress_size // 2] ^= 0x01
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(raw))
    r = verify(app, flipped)
    assert r.exit_code != 0 and f"{info.filename}: changed" in r.output, r.output
    dropped = tmp_path / "dropped.zip"
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(dropped, "w") as b:
        for info in a.infolist():
            if not info.filename.startswith("photos/"):
                b.writestr(info.filename, a.read(info.filename))
    r = verify(app, dropped)
    assert f"photos/{seeded['photo']}.png: missing" in r.output
    with app.app_context(), database().write() as s:   # the ledger rewritten after the archive
        row = s.scalars(select(LedgerRow).where(LedgerRow.space == "hv").order_by(LedgerRow.seq.desc())).first()
        row.hash = "0" * 64
    r = verify(app, out)
    assert r.exit_code != 0 and "hash differs in the ledger" in r.output


def test_making_reading_and_downloading_an_archive_is_in_the_audit_log(app, client, token, tmp_path, seeded):
    out, _ = export(app, tmp_path)
    verify(app, out)
    first, last = month()
    sup = bearer(token("super1"))
    r = client.get(f"/api/archive?site_id=hv&from={first}&to={last}", headers=sup)
    assert r.status_code == 200 and r.mimetype == "application/zip"
    assert r.headers["X-Manifest-SHA256"] == hashlib.sha256(zipfile.ZipFile(io.BytesIO(r.data)).read("manifest.json")).hexdigest()
    assert client.get(f"/api/archive?site_id=hv&from={first}&to={last}",
                      headers=bearer(token("guard1"))).status_code == 403
    assert client.get(f"/api/archive?site_id=hv&from={last}&to={first}", headers=sup).status_code == 422
    with app.app_context(), database().snapshot() as s:
        log = [(e.action, e.actor.split(":")[0], e.site_id) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert log == [("archive_export", "cli", "hv"), ("archive_read", "cli", "hv"), ("archive_download", "user", "hv")]
