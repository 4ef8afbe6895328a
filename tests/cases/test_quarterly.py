"""The quarterly analysis report (issue 12 item 10): the fixture month of
test_stats.py plus an August case with corrective and preventive measures; the
quarter's figures, month by month, per week; the summary, the analysis and the
measures in the PDF (English and Traditional Chinese, poppler and MuPDF)."""
from __future__ import annotations

import pytest

from backend.cases.quarterly import months_of, previous_quarter, span
from backend.cases.words import words
from tests.cases.conftest import hk, open_case
from tests.cases.test_stats import september  # noqa: F401 (fixture)
from tests.pdfcheck import printed
from tests.phone import bearer, body


@pytest.fixture
def quarter(september, phones):  # noqa: F811
    desk = phones["desk1"]
    f = open_case(desk, type="repair_request", occurred_at=hk(2026, 8, 10, 10), matter="F: lift 1 stuck again")
    desk.sync()
    desk.write("case.close", {"case_id": f["id"], "result": "Motor replaced", "responsible": "supplier",
                              "responsible_name": "ABC Lifts", "valid": True, "improvement": True,
                              "corrective": "Lift contractor retrained", "preventive": "Monthly lift check"},
               occurred_at=hk(2026, 8, 12, 10))
    assert desk.sync()[0]["status"] in ("applied", "flagged")
    return september | {"f": f}


def test_quarters():
    assert months_of("2026-Q3") == ["2026-07", "2026-08", "2026-09"]
    assert span("2026-Q1") == ("2026-01-01", "2026-03-31") and span("2028-Q1") == ("2028-01-01", "2028-03-31")
    assert previous_quarter("2026-01-15") == "2025-Q4" and previous_quarter("2026-11-30") == "2026-Q3"


def test_the_quarters_figures(client, desk_h, quarter):
    q = body(client.get("/api/cases/quarterly?site_id=hv&quarter=2026-Q3", headers=desk_h))
    assert q["closed"] == 5 and (q["on_time"], q["overdue"]) == (4, 1)       # E closed in October: not here
    assert q["by_type"][0] == {"type": "complaint", "count": 2, "ratio": 0.4}
    assert q["by_unit"][:2] == [{"unit": "ABC Lifts", "count": 2, "ratio": 0.4},
                                {"unit": "Engineering", "count": 2, "ratio": 0.4}]
    assert [(m["month"], m["received"], m["closed"], m["overdue"]) for m in q["months"]] == [
        ("2026-07", 0, 0, 0), ("2026-08", 1, 1, 0), ("2026-09", 6, 4, 1)]
    assert q["trend"] == "up"                                               # 0 % in August, 25 % in September
    assert q["measures"] == [{"number": quarter_number(client, desk_h, quarter["f"]["id"]), "type": "repair_request",
                              "unit": "ABC Lifts", "corrective": "Lift contractor retrained",
                              "preventive": "Monthly lift check", "improvement": True}]
    weeks = {w["week"]: w["count"] for w in q["per_week"]}
    assert weeks["2026-06-29"] == 0 and weeks["2026-08-10"] == 1 and weeks["2026-08-31"] == 3 and len(weeks) == 14
    assert q["summary"][0].startswith("5 case(s) closed and 7 received this quarter; 80.0 % closed on time")


def quarter_number(client, h, case_id):
    return body(client.get(f"/api/cases/{case_id}", headers=h))["number"]


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_quarterly_pdf_has_the_summary_analysis_charts_and_measures(client, desk_h, quarter, lang):
    w = words(lang)
    r = client.get(f"/api/cases/quarterly.pdf?site_id=hv&quarter=2026-Q3&lang={lang}", headers=desk_h)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    pdf = printed(r.data, f"cases-quarterly-{lang}")
    assert pdf.missing(w("q_title"), "2026-Q3", "Harbour View Estate", w("q_summary_head"), w("q_analysis_head"),
                       w("per_week"), w("by_type"), w("q_overdue_trend"), w("q_measures_head"),
                       "ABC Lifts", "80.0 %", "40.0 %", w("q_trend_up"), w("complaint"), "2026-09") == []
    assert pdf.missing("Lift contractor retrained" if lang == "en" else "Lift contractor", "Monthly lift check") == []


def test_bad_quarters_and_roles(client, desk_h, token):
    for q in ("2026-Q5", "2026-3", "Q3-2026"):
        r = client.get(f"/api/cases/quarterly?site_id=hv&quarter={q}", headers=desk_h)
        assert r.status_code == 422 and body(r)["reason"] == "invalid_input", q
    assert client.get("/api/cases/quarterly.pdf?site_id=hv", headers=bearer(token("guard1"))).status_code == 403
    assert client.get("/api/cases/quarterly.pdf?site_id=wh", headers=desk_h).status_code == 403
    empty = body(client.get("/api/cases/quarterly?site_id=hv&quarter=2020-Q1", headers=desk_h))
    assert empty["closed"] == 0 and empty["measures"] == [] and empty["trend"] == "level"
    r = client.get("/api/cases/quarterly.pdf?site_id=hv&quarter=2020-Q1&lang=zh-Hant", headers=desk_h)
    assert r.status_code == 200
    # An empty quarter has nothing to divide: its ratios print a dash, never 未設定 ("not set")
    # nor a hyphen that reads as a minus.
    pdf = printed(r.data, "cases-quarterly-empty-zh-Hant")
    assert pdf.missing("平均 — 日結案", "準時結案 —", "本季沒有結案個案。") == []
    # 未設定 stays for what is truly not set: the site's number of households.
    assert all(t.count("未設定") == 1 and "平均 - 日" not in t for t in pdf.text.values())
