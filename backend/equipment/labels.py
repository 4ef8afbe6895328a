"""Printable equipment labels: A4 sheets of 8 and a single label (PDF), laid out
like the checkpoint labels: the QR of the item's code, its name in English and
Traditional Chinese, its type, place and floor, its expiry date, and the site."""
from __future__ import annotations


from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from backend.equipment.words import TYPE_NAMES
from backend.printing import sheet
from backend.printing.fonts import font
from backend.printing.qr import draw_qr
from backend.printing.text import fit



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
    return sheet.label_sheet(items, lambda c, item, *box: _label(c, item, site, *box),
                             f"Equipment labels · {site.name}")
