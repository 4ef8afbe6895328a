"""The printed pass card (PDF, A6): photo, holder, unit, validity, gates and the
signed QR, in English and Traditional Chinese (glossary: 臨時出入證), in the
shared embedded font (backend/printing)."""
from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from backend.printing.fonts import font
from backend.printing.qr import draw_qr
from backend.printing.text import fit

W, H = 105 * mm, 148 * mm
PURPOSE_ZH = {"renovation": "裝修", "contractor": "承辦商", "delivery": "送貨", "other": "其他"}


def pass_card(p: dict, site, token: str, photo: bytes | None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H), pageCompression=1, initialFontName=font())
    c.setTitle(f"Temporary pass {p['number']}")
    x, width = 6 * mm, W - 12 * mm

    def line(text: str, size: float, y: float, at: float = x, w: float = width) -> None:
        c.setFont(font(), size)
        c.drawString(at, y, fit(text, size, w))

    line("Temporary pass · 臨時出入證", 13, H - 12 * mm)
    line(f"{site.name} · {site.name_zh}" if site.name_zh else site.name, 8, H - 17 * mm)
    photo_w, photo_h = 28 * mm, 35 * mm
    top = H - 22 * mm
    if photo:
        c.drawImage(ImageReader(io.BytesIO(photo)), x, top - photo_h, photo_w, photo_h,
                    preserveAspectRatio=True, anchor="c")
    c.rect(x, top - photo_h, photo_w, photo_h)
    tx, tw = x + photo_w + 4 * mm, width - photo_w - 4 * mm
    hours = "all day · 全日" if p["hours_from"] == p["hours_until"] else f"{p['hours_from']}–{p['hours_until']}"
    rows = [(p["name"], 12), (p["company"], 9),
            (f"Unit 單位: {p['unit']}", 9),
            (f"{p['purpose']} · {PURPOSE_ZH[p['purpose']]}", 8),
            (f"Valid 有效: {p['valid_from']} – {p['valid_until']}", 8),
            (f"Hours 時間: {hours}", 8),
            (f"Gates 閘口: {', '.join(p['gates'])}", 8),
            (f"No. 編號: {p['number']}", 8)]
    y = top - 5 * mm
    for text, size in rows:
        if text:
            line(text, size, y, tx, tw)
        y -= size + 4
    qr = 62 * mm
    draw_qr(c, token, (W - qr) / 2, 12 * mm, qr)
    line("Show this card at the gate · 請在閘口出示此證", 7, 8 * mm)
    line("Not valid if revoked · 如已取消即告無效", 7, 4.5 * mm)
    c.showPage()
    c.save()
    return buf.getvalue()
