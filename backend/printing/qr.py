"""QR codes drawn into a PDF as vectors: sharp at any printer's resolution."""
from __future__ import annotations

import qrcode
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas


def draw_qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR holding `text`, `size` points square with its quiet zone, lower left corner at (x, y).

    Level M: a scuffed or dirty label still scans. The dark modules are one path of
    horizontal runs filled non-zero: as separate squares (reportlab's QrCodeWidget)
    or filled even-odd, MuPDF shows white hairlines between neighbouring modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    rows = code.get_matrix()
    module = size / len(rows)
    path = c.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        start = None
        for i, dark in enumerate(row + [False]):
            if dark and start is None:
                start = i
            elif not dark and start is not None:
                path.rect(x + start * module, top, (i - start) * module, module)
                start = None
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    c.restoreState()
