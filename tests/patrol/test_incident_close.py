"""Incidents closed properly (duties 1.4, 1.5): handed to the police, cause, impact,
staff negligence and who investigated, corrective and preventive measures; a major
incident's analysis report as PDF in both languages, read in poppler and MuPDF."""
from __future__ import annotations

import pytest

from tests.patrol.conftest import now_ms, push, reasons
from tests.pdfcheck import printed

BREAK_IN = {"category": "public_order", "description": "Shop 3 shutter forced open at night",
            "severity": "critical", "place": "Podium shop 3"}
POLICE = {"station": "Tsim Sha Tsui Police Station", "report_number": "TST-RN-2611-0420",
          "officer": "PC 4521 Chan", "at": now_ms()}
CLOSE = {"outcome": "Police took the case; shutter repaired", "police": POLICE,
         "cause": "Shutter lock worn; guard skipped the 02:00 check", "impact": "Stock worth HK$20,000 taken",
         "negligence": True, "investigator": "Ho Wing Sze",
         "corrective": "Lock replaced the same day", "preventive": "Podium shops added to every night round"}


@pytest.fixture
def closed(phone, make_phone):
    report = phone.write("incident.report", BREAK_IN)
    push(phone)
    phone.write("incident.note", {"incident_id": report["id"], "text": "Scene kept, CCTV saved"})
    push(phone)
    boss = make_phone("super1")
    boss.write("incident.close", {"incident_id": report["id"], **CLOSE})
    [out] = push(boss)
    assert out["status"] == "applied", out
    boss.pull_all()
    return boss.of_kind("incident")[report["id"]]


def test_closing_records_the_police_hand_over_cause_negligence_and_measures(closed):
    c = closed["closed"]
    assert c["police"] == POLICE and c["negligence"] is True and c["investigator"] == "Ho Wing Sze"
    assert (c["cause"], c["corrective"], c["preventive"]) == (CLOSE["cause"], CLOSE["corrective"], CLOSE["preventive"])
    assert c["major"] is True and c["user_name"] == "Ho Wing Sze"   # critical: major by default


def test_the_old_close_still_works_and_bad_closes_change_nothing(phone, make_phone):
    a = phone.write("incident.report", {**BREAK_IN, "severity": "low"})
    b = phone.write("incident.report", BREAK_IN)
    push(phone)
    boss = make_phone("super1")
    boss.write("incident.close", {"incident_id": a["id"], "outcome": "Leaflets removed"})  # a phone in the field
    boss.write("incident.close", {"incident_id": b["id"], "outcome": "x", "negligence": True})  # who investigated?
    boss.write("incident.close", {"incident_id": b["id"], "outcome": "x", "police": {"station": "TST"}})
    out = push(boss)
    assert out[0]["status"] == "applied"
    assert reasons(out[1]) == {"invalid_payload"} and "investigator" in out[1]["reasons"][0]["detail"]
    assert reasons(out[2]) == {"invalid_payload"}
    boss.pull_all()
    assert boss.of_kind("incident")[a["id"]]["closed"]["major"] is False
    assert boss.of_kind("incident")[b["id"]]["status"] == "open"


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_analysis_report_prints_in_both_languages(client, sup, closed, lang):
    r = client.get(f"/api/patrol/incidents/{closed['id']}/analysis.pdf?lang={lang}", headers=sup)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    pdf = printed(r.data, f"incident-analysis-{lang}")
    headings = (["Major incident analysis report", "Handed to the police", "Cause", "Corrective measures",
                 "Preventive measures", "Yes; investigated by Ho Wing Sze"] if lang == "en" else
                ["重大事件分析報告", "已交警方處理", "原因", "糾正措施", "預防措施", "由 Ho Wing Sze 調查", "治安", "緊急"])
    assert pdf.missing(*headings, closed["number"], POLICE["report_number"], "PC 4521 Chan", "Tsim Sha Tsui",
                       "Shop 3 shutter forced open", "Scene kept, CCTV saved", "Lock replaced the same day",
                       "Stock worth HK$20,000 taken", "Harbour View Estate", "海景苑") == []


def test_a_guard_cannot_print_the_analysis(client, token, closed):
    r = client.get(f"/api/patrol/incidents/{closed['id']}/analysis.pdf",
                   headers={"Authorization": f"Bearer {token('guard1')}"})
    assert r.status_code == 403
