"""Printed labels and daily reports as a person sees them, in poppler and in MuPDF:
the right Chinese and English words, every font embedded, QR codes that scan."""
from __future__ import annotations

import re

import pytest

from backend.patrol.report_text import words
from tests.patrol.conftest import add_checkpoint
from tests.pdfcheck import printed

MORE = [("Main gate", "大閘"), ("Pump room", "水泵房"), ("Refuse room", "垃圾房"), ("Podium garden", "平台花園"),
        ("Club house", "會所")]


def test_label_sheet_prints_both_languages_and_each_qr_scans_to_its_checkpoint(client, sup, site):
    cps = site.cps + [add_checkpoint(client, sup, name=en, name_zh=zh, location="Block B") for en, zh in MORE]
    r = client.get("/api/patrol/labels.pdf?site_id=hv", headers=sup)
    assert r.status_code == 200
    sheet = printed(r.data, "label-sheet")
    assert len(sheet.pages["poppler"]) == 1   # 8 labels fill one A4 sheet
    names = [c["name"] for c in cps] + [c["name_zh"] for c in cps]
    assert sheet.missing(*names, "Harbour View Estate", "海景苑", "每次巡邏請掃描") == []
    for renderer, codes in sheet.qr.items():
        assert sorted(codes) == sorted(f"gatehouse:checkpoint:{c['code']}" for c in cps), renderer


def test_single_label_prints_its_checkpoint_alone(client, sup, site):
    r = client.get(f"/api/patrol/checkpoints/{site.c['id']}/label.pdf", headers=sup)
    label = printed(r.data, "single-label")
    assert label.missing("Roof door", "天台門", "Block A roof", "Harbour View Estate", "海景苑") == []
    assert not any("Lobby" in text or "大堂" in text for text in label.text.values())
    assert label.qr == {"poppler": [site.c["qr"]], "mupdf": [site.c["qr"]]}


def test_a_long_name_is_set_smaller_and_one_too_long_is_cut_visibly(client, sup, site):
    # "Pump room 2d486d" used to lose its last character at 12 points, silently.
    smaller = add_checkpoint(client, sup, name="Pump room 2d486d annex", name_zh="北翼附樓水泵房", location="B1")
    cut = add_checkpoint(client, sup, name="Emergency generator room behind the car park ramp, level B3 east",
                         name_zh="停車場斜道後方B3東側緊急發電機房", location="B3")
    r = client.get(f"/api/patrol/checkpoints/{smaller['id']}/label.pdf", headers=sup)
    assert printed(r.data, "label-long-name").missing("Pump room 2d486d annex", "北翼附樓水泵房") == []
    r = client.get(f"/api/patrol/checkpoints/{cut['id']}/label.pdf", headers=sup)
    label = printed(r.data, "label-cut-name")
    assert label.missing("Emergency generator", "停車場斜道後方", "…") == []
    assert all("level B3 east" not in text for text in label.text.values())


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_daily_report_prints_its_words_in_every_viewer(client, sup, day_of_work, lang):
    r = client.get(f"/api/patrol/report?site_id=hv&day={day_of_work['day']}&lang={lang}", headers=sup)
    assert r.status_code == 200
    report = printed(r.data, f"daily-report-{lang}")
    w = words(lang)
    names = ("Lobby fire hose", "Roof door") if lang == "en" else ("大堂消防喉", "天台門")
    assert report.missing(w("title"), "Harbour View Estate", "海景苑", *names, w("scan"), w("corrected_time"),
                          w("handover"), "Extinguisher missing at lobby", "Handover: lift 2 broken") == []
    for renderer, text in report.text.items():   # the incident's number, whole, then its time
        assert re.search(r"\bINC-\d{4}-\d{2}-\d{4}\s+\d\d:\d\d:\d\d", text), renderer
