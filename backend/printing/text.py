"""Setting text in the shared font: cut to a width on a canvas, wrapped in paragraphs."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from backend.printing.fonts import font


def fit(text: str, size: float, width: float) -> str:
    """`text` cut at the end until it fits `width` points at `size` (a label has no room to
    wrap); a cut text ends in "…" so nobody takes it for the whole name."""
    if stringWidth(text, font(), size) <= width:
        return text
    while text and stringWidth(text + "…", font(), size) > width:
        text = text[:-1]
    return text + "…" if text else ""


def shrink(text: str, size: float, width: float, smallest: float) -> float:
    """The largest size from `size` down to `smallest` (half a point at a time) at which
    `text` fits `width` points; `smallest` when none does (then `fit` cuts it)."""
    while size > smallest and stringWidth(text, font(), size) > width:
        size -= 0.5
    return size


def style(name: str, size: float, leading: float, lang: str = "en", **extra) -> ParagraphStyle:
    """A paragraph style in the shared font. Chinese has no spaces, so zh-Hant wraps
    between any two characters; English wraps between words."""
    return ParagraphStyle(name, fontName=font(), fontSize=size, leading=leading,
                          wordWrap="CJK" if lang == "zh-Hant" else None, **extra)
