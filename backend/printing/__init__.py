"""What every printed page shares, below the domains: the font, QR codes, fitting text.

Labels, daily reports, packing lists, passes and case forms print with these, so
that every PDF embeds the same font and every viewer draws the same glyphs.
"""
import io

from flask import send_file


def pdf_response(data: bytes, name: str):
    """A PDF as a download named `name`, never cached (every print is of current data)."""
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name, max_age=0)


def csv_response(data: bytes, name: str):
    """A CSV export (UTF-8 with its BOM, so spreadsheets read the Chinese) saved as `name`, never cached."""
    return send_file(io.BytesIO(data), mimetype="text/csv; charset=utf-8", download_name=name, max_age=0,
                     as_attachment=True)
