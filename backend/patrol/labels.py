"""Printable checkpoint labels: A4 sheets of 8 and a single label (PDF).

Each label holds the QR of the checkpoint's code, its name in English and
Traditional Chinese, where it is and the site, in the shared embedded font
(backend/printing).
"""
from __future__ import annotations


from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from backend.patrol.kinds import QR_PREFIX
from backend.printing import sheet
from backend.printing.fonts import font
from backend.printing.qr import draw_qr
from backend.printing.text import fit



def _label(c: canvas.Canvas, cp, site, x: float, y: float, w: float, h: float) -> None:
    c.setLineWidth(0.5)
    c.setDash(3, 3)
    c.rect(x, y, w, h)  # cutting guide
    c.setDash()
    qr = min(h - 16 * mm, 46 * mm)
    draw_qr(c, QR_PREFIX + cp.code, x + 4 * mm, y + (h - qr) / 2, qr)
    tx, tw = x + qr + 8 * mm, w - qr - 12 * mm
    lines = [(cp.name, 12), (cp.name_zh, 12), (cp.location, 8),
             (site.name, 7), (site.name_zh, 7), (f"#{cp.id[:8]}", 6)]
    ty = y + h - 12 * mm
    for text, size in lines:
        if text:
            c.setFont(font(), size)
            c.drawString(tx, ty, fit(text, size, tw))
        ty -= size + 5
    c.setFont(font(), 6)
    c.drawString(x + 4 * mm, y + 3 * mm, fit("Scan at every round / 每次巡邏請掃描", 6, w - 8 * mm))


def label_sheet(checkpoints, site) -> bytes:
    """A4 pages of 2 x 4 labels, in the order given."""
    return sheet.label_sheet(checkpoints, lambda c, cp, *box: _label(c, cp, site, *box),
                             f"Checkpoint labels · {site.name}")


def single_label(cp, site) -> bytes:
    """One label on a page of its own size, for a label printer or a replacement."""
    return sheet.single_label(cp, lambda c, cp, *box: _label(c, cp, site, *box), f"Checkpoint label · {cp.name}")
