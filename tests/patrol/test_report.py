"""The board and the daily activity report (PDF in English and Chinese, CSV of the same rows)."""
from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from backend.patrol.report_text import words
from tests.patrol.conftest import HOUR, add_schedule, local, minute_floor, now_ms, png, push
from tests.phone import bearer, body


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def day_of_work(client, sup, token, site, make_phone):
    """A round with a damaged checkpoint and a photo, an incident, a visitor, a vehicle, a handover."""
    photo = body(client.post("/api/media?site_id=hv", data=png(), headers=bearer(token("guard1"))))["sha256"]
    slot = minute_floor(now_ms() - 2 * HOUR)
    while local(slot + 55 * 60_000).date() != local(slot).date():   # keep the whole day's work on one day
        slot -= HOUR
    sched = add_schedule(client, sup, site.route["id"], [local(slot).strftime("%H:%M")], window=60)
    phone = make_phone("guard1")
    phone.sign_in("guard2")
    phone.current = "guard1"
    rnd = phone.write("patrol.round_start", {"route_id": site.route["id"], "schedule_id": sched["id"],
                                             "slot_start": slot}, occurred_at=slot + 60_000)
    for minutes, cp in zip((5, 20, 30), site.cps):
        extra = {"condition": "damaged", "note": "hose reel leaking", "photos": [photo]} if cp is site.a else {}
        phone.write("patrol.scan", {"round_id": rnd["id"], "code": cp["qr"], **extra},
                    occurred_at=slot + minutes * 60_000)
    phone.write("incident.report", {"category": "fire_safety", "description": "Extinguisher missing at lobby",
                                    "severity": "high", "place": "Lobby", "photos": [photo], "report_now": True},
                occurred_at=slot + 40 * 60_000)
    phone.write("gate.visitor_in", {"name": "Mr Lam", "id_type": "hkid", "id_last4": "123A", "unit": "12B",
                                    "purpose": "plumbing"}, occurred_at=slot + 41 * 60_000)
    phone.write("gate.vehicle_in", {"plate": "AB1234", "unit": "12B", "purpose": "delivery"},
                occurred_at=slot + 42 * 60_000)
    h = phone.write("handover.write", {"text": "Handover: lift 2 broken", "signature": photo, "pin_confirmed": True},
                    occurred_at=slot + 50 * 60_000)
    phone.current = "guard2"
    phone.write("handover.accept", {"handover_id": h["id"], "signature": photo, "pin_confirmed": True},
                occurred_at=slot + 51 * 60_000)
    assert all(r["status"] in ("applied", "flagged") for r in push(phone))
    return {"day": local(slot).date().isoformat(), "slot": slot}


def test_board_shows_the_day(client, sup, day_of_work):
    b = body(client.get(f"/api/patrol/board?site_id=hv&day={day_of_work['day']}", headers=sup))
    mine = [r for r in b["rounds"]["timeline"] if r["start"] == day_of_work["slot"]][0]
    assert mine["status"] == "complete" and mine["synced_late"] == 3 and mine["guards"] == ["Chan Tai Man"]
    assert b["incidents"][0]["report_now"] is True
    assert b["findings"][0]["note"] == "hose reel leaking"
    assert b["gate"]["visitors_in"] == 1 and b["gate"]["vehicles_in"] == 1
    assert b["handovers"][0]["status"] == "accepted"
    grid = {r["name"]: r for r in b["grid"]["rows"]}
    assert grid["Roof door"]["total"] == 1 and sum(grid["Lobby fire hose"]["hours"]) == 1


@pytest.mark.parametrize("user", ["guard1", "packer1", "desk1"])
def test_only_supervisors_see_the_board_and_report(client, token, user):
    assert client.get("/api/patrol/board?site_id=hv", headers=bearer(token(user))).status_code == 403
    assert client.get("/api/patrol/report?site_id=hv", headers=bearer(token(user))).status_code == 403


def test_english_pdf_holds_the_evidence(client, sup, day_of_work):
    r = client.get(f"/api/patrol/report?site_id=hv&day={day_of_work['day']}&lang=en", headers=sup)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = pdf_text(r.data)
    for expected in ("Daily activity report", "Harbour View Estate", "Lobby fire hose", "hose reel leaking",
                     "synced late", "Extinguisher missing at lobby", "INC-", "Mr Lam", "AB1234",
                     "Handover: lift 2 broken", "Wong Siu Ming", "Corrected time", "Sync time",
                     "Photos and signatures"):
        assert expected in text, expected
    assert "HKID ...123A" in text   # the type of document and its last four characters, nothing more


def test_chinese_pdf(client, sup, day_of_work):
    r = client.get(f"/api/patrol/report?site_id=hv&day={day_of_work['day']}&lang=zh-Hant", headers=sup)
    text = pdf_text(r.data)
    for expected in ("每日活動報告", "海景苑", "大堂消防喉", "天台門", "完成", "延遲同步", "消防", "訪客", "交更",
                     "校正時間", "同步時間"):
        assert expected in text, expected


def test_csv_has_the_same_rows(client, sup, day_of_work):
    r = client.get(f"/api/patrol/report?site_id=hv&day={day_of_work['day']}&format=csv", headers=sup)
    assert r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    sections = [row["Section"] for row in rows]
    assert sections.count("Scan") == 3 and "Incident" in sections and "Handover" in sections
    scan = next(row for row in rows if row["Section"] == "Scan" and row["What"] == "Lobby fire hose")
    assert scan["Device time"] and scan["Corrected time"] and scan["Sync time"] > scan["Corrected time"]
    assert scan["Status"] == "on time | synced late"
    r = client.get(f"/api/patrol/report?site_id=hv&day={day_of_work['day']}&format=csv&lang=zh-Hant", headers=sup)
    assert "掃描" in r.data.decode("utf-8-sig")


def test_csv_cells_never_run_as_formulas(client, sup, phone):
    phone.write("incident.report", {"category": "other", "description": "=HYPERLINK(\"http://x\")"})
    push(phone)
    text = client.get("/api/patrol/report?site_id=hv&format=csv", headers=sup).data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_a_sites_report_embeds_only_photos_uploaded_for_that_site(client, sup, token, phone):
    """An incident at Harbour View names the hash of a warehouse photo: the report
    shows it as missing, never the warehouse's picture."""
    own = body(client.post("/api/media?site_id=hv", data=png((0, 90, 0)), headers=bearer(token("guard1"))))["sha256"]
    other = body(client.post("/api/media?site_id=wh", data=png((0, 0, 90)), headers=sup))["sha256"]
    phone.write("incident.report", {"category": "damage", "description": "Door forced", "photos": [own, other]})
    assert [r["status"] for r in push(phone)] == ["applied"]
    r = client.get("/api/patrol/report?site_id=hv&lang=en", headers=sup)
    assert r.status_code == 200
    reader = PdfReader(io.BytesIO(r.data))
    assert sum(len(page.images) for page in reader.pages) == 1   # the estate's own photo only
    text = pdf_text(r.data)
    assert own[:12] in text and other[:12] in text and words("en")("photo_missing") in text
