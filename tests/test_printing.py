"""The shared printing pieces (backend/printing): one embedded font for English and
Chinese, QR codes, text fitted to a width; checked in poppler and MuPDF."""
from __future__ import annotations

import io
import sys

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from backend.printing import fonts
from backend.printing.qr import draw_qr
from backend.printing.text import fit, style
from tests.pdfcheck import printed


def test_a_page_set_with_the_shared_pieces_prints_the_same_words_and_qr_in_every_viewer():
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(120 * mm, 60 * mm), initialFontName=fonts.font())
    draw_qr(c, "gatehouse:checkpoint:TESTCODE1234567", 5 * mm, 10 * mm, 40 * mm)
    c.setFont(fonts.bold(), 14)
    c.drawString(50 * mm, 45 * mm, "Main gate 大閘")
    para = Paragraph("<b>海景苑</b> Harbour View Estate：每次巡邏請掃描", style("body", 9, 12, "zh-Hant"))
    para.wrapOn(c, 65 * mm, 30 * mm)
    para.drawOn(c, 50 * mm, 25 * mm)
    c.showPage()
    c.save()
    page = printed(buf.getvalue(), "shared-pieces")
    assert page.missing("Main gate 大閘", "海景苑", "Harbour View Estate", "每次巡邏請掃描") == []
    assert page.qr == {"poppler": ["gatehouse:checkpoint:TESTCODE1234567"],
                       "mupdf": ["gatehouse:checkpoint:TESTCODE1234567"]}
    assert [f["type"] for f in page.fonts] == ["TrueType"]


def test_the_font_has_a_glyph_for_every_big5_character():
    glyphs = pdfmetrics.getFont(fonts.font()).face.charToGlyph
    big5 = set()
    for lead in range(0xA1, 0xFA):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                big5.add(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
    hanzi = {ch for ch in big5 if "\u4e00" <= ch <= "\u9fff"}
    assert len(hanzi) > 13_000
    assert sorted(ch for ch in hanzi if ord(ch) not in glyphs) == []
    assert all(ord(ch) in glyphs for ch in "AZaz09 -:/|#()@.,")


def test_fit_cuts_text_at_the_end_until_it_fits_and_marks_the_cut():
    text = "Scan at every round / 每次巡邏請掃描"
    cut = fit(text, 6, 60)
    assert cut.endswith("…") and text.startswith(cut[:-1]) and 0 < len(cut) - 1 < len(text)
    kept = cut[:-1]
    assert pdfmetrics.stringWidth(cut, fonts.font(), 6) <= 60 < pdfmetrics.stringWidth(
        text[:len(kept) + 1] + "…", fonts.font(), 6)   # one more character would not fit
    assert fit("大閘", 12, 200) == "大閘"   # what fits is never marked
    assert fit("大閘", 12, 1) == ""         # nothing fits: nothing, not a lone "…"


def test_a_missing_font_package_names_the_package_to_install(monkeypatch):
    fonts.font.cache_clear()
    monkeypatch.setitem(sys.modules, fonts.MODULE, None)   # as if it were not installed
    with pytest.raises(fonts.FontMissing, match="paperang-p2-fonts-cjk"):
        fonts.font()
    monkeypatch.undo()
    assert fonts.font() == fonts.NAME


def test_pdfcheck_names_the_debian_packages_of_missing_tools(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))   # no tool at all
    with pytest.raises(AssertionError, match="apt-get install mupdf-tools poppler-utils zbar-tools"):
        printed(b"%PDF-1.4", "no-tools")
