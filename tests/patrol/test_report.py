"""The board and the daily activity report (PDF in English and Chinese, CSV of the same rows)."""
from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from tests.patrol.conftest import HOUR, local, now_ms, push
from tests.phone import bearer, body


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


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


def test_report_includes_the_duty_log_and_each_records_review_state(client, sup, make_phone, day_of_work):
    guard = make_phone("guard1")
    entry = guard.write("log.entry", {"category": "facility", "text": "Lift 2 door sticks"},
                        occurred_at=day_of_work["slot"] + 45 * 60_000)
    push(guard)
    boss = make_phone("super1")
    boss.pull_all()
    visits = boss.of_kind("gate.visit")
    boss.write("log.countersign", {"entry_id": entry["id"], "note": "contractor called"})
    boss.write("record.review", {"target_kind": "gate.visit", "target_ids": list(visits), "approved": False,
                                 "note": "ID type not written"})
    assert [r["status"] for r in push(boss)] == ["applied", "applied"]
    r = client.get(f"/api/patrol/report?site_id=hv&day={day_of_work['day']}&format=csv&lang=en", headers=sup)
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    [log] = [x for x in rows if x["Section"] == "Duty log"]
    assert log["Ref"].startswith("LOG-") and log["Detail"] == "Lift 2 door sticks"
    assert log["Review"] == "countersigned Ho Wing Sze: contractor called"
    [visitor] = [x for x in rows if x["Section"] == "Visitor"]
    assert visitor["Review"] == "not approved by Ho Wing Sze: ID type not written"
    [incident] = [x for x in rows if x["Section"] == "Incident"]
    assert incident["Review"] == "awaiting review"


def test_a_day_not_reviewed_by_the_next_morning_shows_overdue_on_the_board(client, sup, make_phone):
    guard = make_phone("guard1")
    two_days_ago = now_ms() - 48 * HOUR
    guard.write("gate.vehicle_in", {"plate": "XY99", "unit": "3C", "purpose": "removal"}, occurred_at=two_days_ago)
    guard.write("gate.vehicle_in", {"plate": "XY98", "unit": "3C", "purpose": "removal"})
    push(guard)
    board = body(client.get("/api/patrol/board?site_id=hv", headers=sup))
    days = {d["day"]: d for d in board["awaiting_review"]}
    old, today = local(two_days_ago).date().isoformat(), local(now_ms()).date().isoformat()
    assert days[old]["overdue"] is True and days[old]["kinds"]["gate.vehicle"] == {"total": 1, "reviewed": 0}
    assert days[today]["overdue"] is False
    listed = body(client.get(f"/api/records/awaiting/day?site_id=hv&day={old}", headers=sup))["records"]
    assert [(r["kind"], r["plate"]) for r in listed] == [("gate.vehicle", "XY99")]
