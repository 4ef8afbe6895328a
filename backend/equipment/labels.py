"""Printable equipment labels: A4 sheets of 8 and a single label (PDF), laid out
like the checkpoint labels: the QR of the item's code, its name in English and
Traditional Chinese, its type, place and floor, its expiry date, and the site."""
from __future__ import annotations


from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from backend.equipment.words import TYPE_NAMES
from backend.printing import sheet


def _label(c: canvas.Canvas, item: dict, site, x: float, y: float, w: float, h: float) -> None:
    en, zh = TYPE_NAMES[item["type"]]
    place = " · ".join(v for v in (item["location"], item["floor"] and f"{item['floor']}/F") if v)
    lines = [(item["name"], 10), (item["name_zh"], 10), (f"{en} / {zh}", 8), (place, 8),
             (f"Expires / 到期: {item['expires_on']}" if item["expires_on"] else "", 8),
             (site.name, 7), (site.name_zh, 7), (f"#{item['id'][:8]}", 6)]
    sheet.scan_label(c, item["qr"], lines, "Scan at every check / 每次檢查請掃描", 36 * mm, x, y, w, h)


def label_sheet(items: list[dict], site) -> bytes:
    """A4 pages of 2 x 4 labels, in the order given."""
    return sheet.label_sheet(items, lambda c, item, *box: _label(c, item, site, *box),
                             f"Equipment labels · {site.name}")
