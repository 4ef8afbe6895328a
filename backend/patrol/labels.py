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


def _label(c: canvas.Canvas, cp, site, x: float, y: float, w: float, h: float) -> None:
    lines = [(cp.name, 12), (cp.name_zh, 12), (cp.location, 8),
             (site.name, 7), (site.name_zh, 7), (f"#{cp.id[:8]}", 6)]
    sheet.scan_label(c, QR_PREFIX + cp.code, lines, "Scan at every round / 每次巡邏請掃描", 46 * mm, x, y, w, h)


def label_sheet(checkpoints, site) -> bytes:
    """A4 pages of 2 x 4 labels, in the order given."""
    return sheet.label_sheet(checkpoints, lambda c, cp, *box: _label(c, cp, site, *box),
                             f"Checkpoint labels · {site.name}")


def single_label(cp, site) -> bytes:
    """One label on a page of its own size, for a label printer or a replacement."""
    return sheet.single_label(cp, lambda c, cp, *box: _label(c, cp, site, *box), f"Checkpoint label · {cp.name}")
