"""The board and the daily activity report (PDF in English and Chinese, CSV of the same rows)."""
from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from backend.patrol.report_text import words
from tests.patrol.conftest import HOUR, add_schedule, local, minute_floor, now_ms, png, push
from tests.phone import bearer, body
from tests.test_words import CODES


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
    assert log["Countersign"] == "countersigned Ho Wing Sze: contractor called"
    [visitor] = [x for x in rows if x["Section"] == "Visitor"]
    assert visitor["Countersign"] == "not approved by Ho Wing Sze: ID type not written"
    [incident] = [x for x in rows if x["Section"] == "Incident"]
    assert incident["Countersign"] == "awaiting countersign"


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


@pytest.fixture
def chinese_day(client, sup, token, site, make_phone):
    """A day typed in Chinese that prints every word of the report: an unscheduled round with a
    flag and a damaged checkpoint, a corrected and closed incident with a note, a visitor in and
    out, a refused visitor, a handover with a fault, refused, then accepted and countersigned."""
    photo = body(client.post("/api/media?site_id=hv", data=png(), headers=bearer(token("guard1"))))["sha256"]
    start = minute_floor(now_ms() - 2 * HOUR)
    while local(start + 60 * 60_000).date() != local(start).date():
        start -= HOUR

    def at(minutes: int) -> int:
        return start + minutes * 60_000

    short = client.post("/api/patrol/routes", json={"site_id": "hv", "name": "Roof only", "name_zh": "天台",
                                                   "checkpoint_ids": [site.c["id"]]}, headers=sup)
    phone = make_phone("guard1")
    phone.sign_in("guard2")
    phone.current = "guard1"
    rnd = phone.write("patrol.round_start", {"route_id": body(short)["id"]}, occurred_at=at(1))
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.a["qr"], "condition": "damaged",
                                "note": "消防喉漏水", "photos": [photo]}, occurred_at=at(2))   # not on this route
    phone.write("patrol.scan", {"round_id": rnd["id"], "code": site.c["qr"]}, occurred_at=at(3))
    inc = phone.write("incident.report", {"category": "public_order", "description": "大堂有人爭執", "severity": "critical",
                                          "place": "大堂", "photos": [photo], "report_now": True}, occurred_at=at(10))
    visit = phone.write("gate.visitor_in", {"name": "林先生", "id_type": "mainland_permit", "id_last4": "1234",
                                            "unit": "12B", "purpose": "維修水喉"}, occurred_at=at(11))
    phone.write("gate.visitor_out", {"visit_id": visit["id"]}, occurred_at=at(12))
    phone.write("gate.visitor_refused", {"reason": "suspicious", "note": "不肯講到訪單位"}, occurred_at=at(13))
    h = phone.write("handover.write", {"text": "二號升降機故障", "signature": photo, "pin_confirmed": True,
                                       "open_items": [{"text": "等維修", "incident_id": inc["id"]}],
                                       "equipment": [{"item": "電筒", "ok": True}, {"item": "對講機", "ok": False}]},
                    occurred_at=at(20))
    phone.current = "guard2"
    phone.write("handover.refuse", {"handover_id": h["id"], "reason": "對講機未交代"}, occurred_at=at(21))
    phone.write("handover.accept", {"handover_id": h["id"], "signature": photo, "pin_confirmed": True},
                occurred_at=at(22))
    assert all(r["status"] in ("applied", "flagged") for r in push(phone))
    phone.pull_all()
    phone.current = "guard1"
    phone.write("record.amend", {"target_kind": "incident", "target_id": inc["id"], "changes": {"description": "大堂有兩人爭執"},
                                 "reason": "補充"}, base_version=phone.of_kind("incident")[inc["id"]]["_version"],
                occurred_at=at(30))
    phone.write("incident.note", {"incident_id": inc["id"], "text": "已報警"}, occurred_at=at(31))
    assert [r["status"] for r in push(phone)] == ["applied", "applied"], "correction and note"
    boss = make_phone("super1")
    boss.write("incident.close", {"incident_id": inc["id"], "outcome": "警方已處理"}, occurred_at=at(40))
    boss.write("handover.review", {"handover_id": h["id"], "note": "已跟進"}, occurred_at=at(41))
    assert all(r["status"] == "applied" for r in push(boss))
    return local(start).date().isoformat()


def test_chinese_pdf_prints_no_english_words_but_codes(client, sup, chinese_day):
    """Every word the report adds comes from its zh-Hant word table; what remains in Latin
    letters is the people's names and the site's English name (data) and codes."""
    r = client.get(f"/api/patrol/report?site_id=hv&day={chinese_day}&lang=zh-Hant", headers=sup)
    text = pdf_text(r.data)
    flat = text.replace("\n", "")   # a narrow column breaks a word across lines
    for expected in ("臨時巡邏", "1 張相片", "已更正 1 次", "損壞", "不正常", "拒絕接更", "已審閱", "形跡可疑",
                     "拒絕進入", "已結案", "事件跟進", "治安", "緊急", "不在路線上"):
        assert expected in flat, expected
    data = {"Harbour", "View", "Estate", "Chan", "Tai", "Man", "Wong", "Siu", "Ming", "Ho", "Wing", "Sze"}
    words = {w for w in re.findall(r"[A-Za-z0-9]+", text) if w.isalpha()}   # with a digit: an id, a time
    assert words - data - CODES == set()


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
