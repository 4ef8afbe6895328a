"""Printable equipment labels: A4 sheets of 8 and a single label (PDF), laid out
like the checkpoint labels: the QR of the item's code, its name in English and
Traditional Chinese, its type, place and floor, its expiry date, and the site."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from backend.equipment.words import TYPE_NAMES
from backend.printing.fonts import font
from backend.printing.qr import draw_qr
from backend.printing.text import fit

COLUMNS, ROWS = 2, 4
LABEL_W, LABEL_H = 95 * mm, 68 * mm
MARGIN_X, MARGIN_Y = (A4[0] - COLUMNS * LABEL_W) / 2, (A4[1] - ROWS * LABEL_H) / 2


def _label(c: canvas.Canvas, item: dict, site, x: float, y: float, w: float, h: float) -> None:
    c.setLineWidth(0.5)
    c.setDash(3, 3)
    c.rect(x, y, w, h)  # cutting guide
    c.setDash()
    qr = min(h - 16 * mm, 36 * mm)
    draw_qr(c, item["qr"], x + 4 * mm, y + (h - qr) / 2, qr)
    tx, tw = x + qr + 8 * mm, w - qr - 12 * mm
    en, zh = TYPE_NAMES[item["type"]]
    place = " · ".join(v for v in (item["location"], item["floor"] and f"{item['floor']}/F") if v)
    lines = [(item["name"], 10), (item["name_zh"], 10), (f"{en} / {zh}", 8), (place, 8),
             (f"Expires / 到期: {item['expires_on']}" if item["expires_on"] else "", 8),
             (site.name, 7), (site.name_zh, 7), (f"#{item['id'][:8]}", 6)]
    ty = y + h - 12 * mm
    for text, size in lines:
        if text:
            c.setFont(font(), size)
            c.drawString(tx, ty, fit(text, size, tw))
        ty -= size + 5
    c.setFont(font(), 6)
    c.drawString(x + 4 * mm, y + 3 * mm, fit("Scan at every check / 每次檢查請掃描", 6, w - 8 * mm))


def label_sheet(items: list[dict], site) -> bytes:
    """A4 pages of 2 x 4 labels, in the order given."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font())
    c.setTitle(f"Equipment labels · {site.name}")
    per_page = COLUMNS * ROWS
    for i, item in enumerate(items):
        if i and i % per_page == 0:
            c.showPage()
        slot = i % per_page
        col, row = slot % COLUMNS, slot // COLUMNS
        _label(c, item, site, MARGIN_X + col * LABEL_W, A4[1] - MARGIN_Y - (row + 1) * LABEL_H, LABEL_W, LABEL_H)
    c.showPage()
    c.save()
    return buf.getvalue()
