"""A fixture month of cases with known figures: the REST statistics, the CSV and the
PDF (English and Traditional Chinese, checked in poppler and MuPDF) show every one.
Also the register: filters, overdue cases, the CSV export."""
from __future__ import annotations

import csv
import io

import pytest

from backend.cases.words import words
from tests.cases.conftest import hk, open_case
from tests.pdfcheck import printed
from tests.phone import body

HOUR = 3_600_000


@pytest.fixture
def september(phones, settings):
    """Five cases of September 2026 at hv, closed as the rulebook's monthly statistics count them."""
    settings(case_households=400)
    desk, sup = phones["desk1"], phones["super1"]
    a = open_case(desk, occurred_at=hk(2026, 9, 1, 10), matter="A: noise from the club house")
    b = open_case(desk, type="repair_request", occurred_at=hk(2026, 9, 2, 10), matter="B: lift 2 door")
    c = open_case(desk, occurred_at=hk(2026, 9, 10, 10), matter="C: lift stuck")
    d = open_case(desk, type="enquiry", occurred_at=hk(2026, 9, 15, 9), matter="D: when is the water cut?")
    e = open_case(desk, occurred_at=hk(2026, 9, 25, 10), matter="E: closed in October")
    desk.sync()
    sup.pull_all()
    sup.write("record.review", {"target_kind": "case", "target_ids": [x["id"] for x in (a, b, c, e)],
                                "approved": True}, occurred_at=hk(2026, 9, 26, 9))
    sup.sync()
    desk.pull_all()

    def close(m, at, responsible, name, valid, **extra):
        desk.write("case.close", {"case_id": m["id"], "result": "done", "responsible": responsible,
                                  "responsible_name": name, "valid": valid, **extra}, occurred_at=at)
    desk.write("case.reply", {"case_id": a["id"], "text": "Told the club", "how": "phone"}, occurred_at=hk(2026, 9, 3, 10))
    desk.write("case.callback", {"case_id": a["id"], "reached": True, "satisfied": True,
                                 "new_issues": [{"type": "suggestion", "matter": "More bins"}]},
               occurred_at=hk(2026, 9, 4, 10))
    close(a, hk(2026, 9, 5, 10), "department", "Engineering", True)                 # 4 days, on time
    close(d, hk(2026, 9, 15, 15), "none", "", False, first_contact=True)            # 0.25 days
    close(c, hk(2026, 9, 12, 22), "supplier", "ABC Lifts", True)                    # 2.5 days
    desk.write("case.callback", {"case_id": c["id"], "reached": False}, occurred_at=hk(2026, 9, 13, 10))
    close(b, hk(2026, 9, 20, 10), "department", "Engineering", False)               # 18 days: overdue
    close(e, hk(2026, 10, 1, 10), "department", "Engineering", True)                # October
    results = desk.sync()
    assert {r["status"] for r in results} <= {"applied", "flagged"}, results
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_the_months_figures(client, desk_h, september):
    r = client.get("/api/cases/stats?site_id=hv&month=2026-09", headers=desk_h)
    assert r.status_code == 200, body(r)
    st = body(r)
    assert st["closed"] == 4
    assert st["by_type"] == [{"type": "complaint", "count": 2, "ratio": 0.5},
                             {"type": "enquiry", "count": 1, "ratio": 0.25},
                             {"type": "repair_request", "count": 1, "ratio": 0.25}]
    assert st["by_unit"] == [{"unit": "Engineering", "count": 2, "ratio": 0.5},
                             {"unit": "ABC Lifts", "count": 1, "ratio": 0.25},
                             {"unit": "none", "count": 1, "ratio": 0.25}]
    assert (st["on_time"], st["overdue"], st["on_time_ratio"]) == (3, 1, 0.75)
    assert st["avg_days"] == 6.2                    # (4 + 18 + 2.5 + 0.25) / 4 = 6.1875
    assert (st["called_back"], st["callback_rate"], st["callback_issues"]) == (1, 0.25, 1)
    assert (st["valid"], st["households"], st["valid_rate"], st["valid_over_target"]) == (2, 400, 0.005, False)
    weeks = {w["week"]: w["count"] for w in st["per_week"]}
    assert weeks == {"2026-08-31": 3, "2026-09-07": 1, "2026-09-14": 1, "2026-09-21": 1, "2026-09-28": 0}
    assert sum(weeks.values()) == 6                 # the five, and the case raised in A's callback (4 Sept)


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_pdf_and_the_csv_show_every_figure(client, desk_h, september, lang):
    w = words(lang)
    r = client.get(f"/api/cases/stats.csv?site_id=hv&month=2026-09&lang={lang}", headers=desk_h)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    table = {(row[0], row[1]): (row[2], row[3]) for row in rows[1:]}
    assert table[(w("closed_in_month"), w("total"))] == ("4", "")
    assert table[(w("by_type"), w("complaint"))] == ("2", "50.0 %")
    assert table[(w("by_unit"), "Engineering")] == ("2", "50.0 %")
    assert table[(w("by_unit"), "ABC Lifts")] == ("1", "25.0 %")
    assert table[(w("timeliness"), w("on_time"))] == ("3", "75.0 %")
    assert table[(w("timeliness"), w("closed_overdue"))] == ("1", "25.0 %")
    assert table[(w("timeliness"), w("avg_days"))] == ("6.2", "")
    assert table[(w("callbacks"), w("callback_rate"))] == ("1", "25.0 %")
    assert table[(w("valid"), w("valid_rate"))] == ("2", "0.5 %")

    r = client.get(f"/api/cases/stats.pdf?site_id=hv&month=2026-09&lang={lang}", headers=desk_h)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    pdf = printed(r.data, f"case-stats-{lang}")
    assert pdf.missing(w("stats_title"), "Harbour View Estate", "海景苑", "2026-09", w("complaint"), w("enquiry"),
                       w("repair_request"), "Engineering", "ABC Lifts", "50.0 %", "75.0 %", "25.0 %", "6.2",
                       "0.5 %", "400", w("per_week")) == []


def test_the_register_filters_lists_overdue_and_exports(client, desk_h, september, phones):
    desk = phones["desk1"]
    open_case(desk, unit="3A", matter="Fresh case")
    desk.sync()
    r = client.get("/api/cases?site_id=hv", headers=desk_h)
    rows = body(r)["cases"]
    assert len(rows) == 7                                   # five, the callback's issue, the fresh one
    open_rows = body(client.get("/api/cases?site_id=hv&status=received", headers=desk_h))["cases"]
    assert {x["matter"] for x in open_rows} == {"More bins", "Fresh case"}
    overdue = body(client.get("/api/cases/overdue?site_id=hv", headers=desk_h))["cases"]
    assert [x["matter"] for x in overdue] == ["More bins"]   # raised 4 Sept, never handled
    assert overdue[0]["overdue"] == ["close"] and overdue[0]["days_left"] < 0
    page = body(client.get("/api/cases?site_id=hv&limit=2&offset=1", headers=desk_h))
    assert page["total"] == 7 and [x["id"] for x in page["cases"]] == [x["id"] for x in rows[1:3]]
    found = body(client.get("/api/cases?site_id=hv&q=3a", headers=desk_h))["cases"]
    assert [x["matter"] for x in found] == ["Fresh case"]
    eng = body(client.get("/api/cases?site_id=hv&type=repair_request", headers=desk_h))["cases"]
    assert [x["matter"] for x in eng] == ["B: lift 2 door"]
    r = client.get("/api/cases/export.csv?site_id=hv&lang=zh-Hant", headers=desk_h)
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0][0] == "編號" and len(rows) == 8
    assert any(row[2] == "報修" and row[8] == "已結案" for row in rows[1:])


def test_bad_register_queries_answer_in_the_one_envelope(client, desk_h):
    for q in ("site_id=hv&month=2026-13", "site_id=hv&status=lost", "site_id=hv&lang=fr", "month=2026-09",
              "site_id=hv&limit=0", "site_id=hv&offset=-1"):
        r = client.get(f"/api/cases/stats?{q}" if "month" in q or "lang" in q else f"/api/cases?{q}", headers=desk_h)
        assert r.status_code == 422, (q, body(r))
        assert body(r)["reason"] and body(r)["code"] == 422
    assert client.get("/api/cases/no-such-case", headers=desk_h).status_code == 404
