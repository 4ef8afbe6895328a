"""A4 sheets of 2 x 4 labels with cutting guides, and a single label on a page of its
own size (for a label printer or a replacement): checkpoints, equipment, ..."""
from __future__ import annotations

import io
from typing import Callable, Iterable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from backend.printing.fonts import font
from backend.printing.qr import draw_qr
from backend.printing.text import fit, shrink

COLUMNS, ROWS = 2, 4
LABEL_W, LABEL_H = 95 * mm, 68 * mm
MARGIN_X, MARGIN_Y = (A4[0] - COLUMNS * LABEL_W) / 2, (A4[1] - ROWS * LABEL_H) / 2

# draw(canvas, item, x, y, width, height): one label, its lower left corner at (x, y)
Draw = Callable[[canvas.Canvas, object, float, float, float, float], None]


def scan_label(c: canvas.Canvas, code: str, lines: list[tuple[str, float]], footer: str, qr_max: float,
               x: float, y: float, w: float, h: float) -> None:
    """One label to scan on a round or a check: a cutting guide, the QR of `code` on the left,
    `lines` of (text, size) beside it (a long name is set smaller, down to 8 points, before it
    is cut with "…") and `footer` along the bottom."""
    c.setLineWidth(0.5)
    c.setDash(3, 3)
    c.rect(x, y, w, h)  # cutting guide
    c.setDash()
    qr = min(h - 16 * mm, qr_max)
    draw_qr(c, code, x + 4 * mm, y + (h - qr) / 2, qr)
    tx, tw = x + qr + 8 * mm, w - qr - 12 * mm
    ty = y + h - 12 * mm
    for text, size in lines:
        if text:
            fitted = shrink(text, size, tw, min(size, 8))
            c.setFont(font(), fitted)
            c.drawString(tx, ty, fit(text, fitted, tw))
        ty -= size + 5
    c.setFont(font(), 6)
    c.drawString(x + 4 * mm, y + 3 * mm, fit(footer, 6, w - 8 * mm))


def label_sheet(items: Iterable, draw: Draw, title: str) -> bytes:
    """A4 pages of COLUMNS x ROWS labels, in the order given."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font())
    c.setTitle(title)
    per_page = COLUMNS * ROWS
    for i, item in enumerate(items):
        if i and i % per_page == 0:
            c.showPage()
        slot = i % per_page
        col, row = slot % COLUMNS, slot // COLUMNS
        draw(c, item, MARGIN_X + col * LABEL_W, A4[1] - MARGIN_Y - (row + 1) * LABEL_H, LABEL_W, LABEL_H)
    c.showPage()
    c.save()
    return buf.getvalue()


def single_label(item, draw: Draw, title: str) -> bytes:
    """One label on a page of its own size."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(LABEL_W, LABEL_H), initialFontName=font())
    c.setTitle(title)
    draw(c, item, 0, 0, LABEL_W, LABEL_H)
    c.showPage()
    c.save()
    return buf.getvalue()
