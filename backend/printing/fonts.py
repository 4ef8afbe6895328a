"""The one font every PDF prints with: English and Traditional Chinese in one TrueType face.

reportlab embeds a TrueType font and subsets it to the glyphs a document uses, so
every viewer draws the glyphs we chose. Its built-in CID fonts (MSung-Light) are
not embedded: each viewer then looks up a font and a CMap of its own, and the
Chinese came out as other characters (大閘 as 命絮 in MuPDF) or not at all (poppler).
reportlab cannot embed CFF outlines (.otf: Noto Sans CJK, Source Han), so the font
is WenQuanYi Micro Hei (文泉驛微米黑): TrueType outlines, a sans face that stays
legible at label and table sizes, every Big5 hanzi and about half of HKSCS's extra
characters, Latin included; Apache-2.0. Its glyph shapes are the common
mainland/Taiwan ones, not Hong Kong's own forms. It comes from the PyPI package
paperang-p2-fonts-cjk (pinned in pyproject.toml), whose file is byte for byte
Debian's fonts-wqy-microhei.

It has no bold face: bold() is the regular face, and so is a Paragraph's <b>
(reportlab maps a TrueType font's whole family to it): headings stand out by size.
"""
from __future__ import annotations

import functools
from importlib.resources import as_file, files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

NAME = "WenQuanYiMicroHei"
PACKAGE, MODULE, FILE = "paperang-p2-fonts-cjk", "paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc"


class FontMissing(RuntimeError):
    """The font's package is not installed: no PDF can be printed."""


@functools.cache
def font() -> str:
    """The registered name of the font for English and Chinese text (registered once)."""
    try:
        ref = files(MODULE) / FILE
    except ModuleNotFoundError:
        raise FontMissing(f"The PDF font is missing: install the PyPI package {PACKAGE} "
                          "(`make install` does, from pyproject.toml).") from None
    if not ref.is_file():
        raise FontMissing(f"The package {PACKAGE} has no {FILE}: reinstall it (`make install`).")
    with as_file(ref) as path:   # TTFont reads the whole file now
        pdfmetrics.registerFont(TTFont(NAME, str(path), subfontIndex=0))  # 0: proportional; 1 is monospaced
    return NAME


def bold() -> str:
    """The bold face: the regular one, since the font has no other (see the module's note)."""
    return font()

