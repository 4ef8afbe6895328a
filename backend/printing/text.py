"""Setting text in the shared font: cut to a width on a canvas, wrapped in paragraphs."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from backend.printing.fonts import font


def fit(text: str, size: float, width: float) -> str:
    """`text` cut at the end until it fits `width` points at `size` (a label has no room to wrap)."""
    while text and stringWidth(text, font(), size) > width:
        text = text[:-1]
    return text


def style(name: str, size: float, leading: float, lang: str = "en", **extra) -> ParagraphStyle:
    """A paragraph style in the shared font. Chinese has no spaces, so zh-Hant wraps
    between any two characters; English wraps between words."""
    return ParagraphStyle(name, fontName=font(), fontSize=size, leading=leading,
                          wordWrap="CJK" if lang == "zh-Hant" else None, **extra)
