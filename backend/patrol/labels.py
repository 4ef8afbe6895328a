"""Printable checkpoint labels: A4 sheets of 8 and a single label (PDF).

Each label holds the QR of the checkpoint's code, its name in English and
Traditional Chinese, where it is and the site. Text uses reportlab's built-in
CID font for Traditional Chinese (MSung-Light), so no font file is needed.
"""
from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from backend.patrol.kinds import QR_PREFIX

FONT = "MSung-Light"
COLUMNS, ROWS = 2, 4
LABEL_W, LABEL_H = 95 * mm, 68 * mm
MARGIN_X, MARGIN_Y = (A4[0] - COLUMNS * LABEL_W) / 2, (A4[1] - ROWS * LABEL_H) / 2


def cjk_font() -> str:
    """Register (once) and return the font that prints English and Chinese."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _qr(c: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def _fit(c: canvas.Canvas, text: str, size: float, width: float) -> str:
    font = cjk_font()
    while text and c.stringWidth(text, font, size) > width:
        text = text[:-1]
    return text


def _label(c: canvas.Canvas, cp, site, x: float, y: float, w: float, h: float) -> None:
    font = cjk_font()
    c.setLineWidth(0.5)
    c.setDash(3, 3)
    c.rect(x, y, w, h)  # cutting guide
    c.setDash()
    qr = min(h - 16 * mm, 46 * mm)
    _qr(c, QR_PREFIX + cp.code, x + 4 * mm, y + (h - qr) / 2, qr)
    tx, tw = x + qr + 8 * mm, w - qr - 12 * mm
    lines = [(cp.name, 12), (cp.name_zh, 12), (cp.location, 8),
             (site.name, 7), (site.name_zh, 7), (f"#{cp.id[:8]}", 6)]
    ty = y + h - 12 * mm
    for text, size in lines:
        if text:
            c.setFont(font, size)
            c.drawString(tx, ty, _fit(c, text, size, tw))
        ty -= size + 5
    c.setFont(font, 6)
    c.drawString(x + 4 * mm, y + 3 * mm, _fit(c, "Scan at every round / 每次巡邏請掃描", 6, w - 8 * mm))


def label_sheet(checkpoints, site) -> bytes:
    """A4 pages of 2 x 4 labels, in the order given."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(f"Checkpoint labels · {site.name}")
    per_page = COLUMNS * ROWS
    for i, cp in enumerate(checkpoints):
        if i and i % per_page == 0:
            c.showPage()
        slot = i % per_page
        col, row = slot % COLUMNS, slot // COLUMNS
        _label(c, cp, site, MARGIN_X + col * LABEL_W, A4[1] - MARGIN_Y - (row + 1) * LABEL_H, LABEL_W, LABEL_H)
    c.showPage()
    c.save()
    return buf.getvalue()


def single_label(cp, site) -> bytes:
    """One label on a page of its own size, for a label printer or a replacement."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(LABEL_W, LABEL_H))
    c.setTitle(f"Checkpoint label · {cp.name}")
    _label(c, cp, site, 0, 0, LABEL_W, LABEL_H)
    c.showPage()
    c.save()
    return buf.getvalue()
