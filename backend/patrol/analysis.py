"""The analysis report of a major incident (security duties 1.4, 1.5): time, place,
what happened, handling (follow-up notes, police hand-over), impact, cause, staff
negligence and who investigated, corrective and preventive measures, as an A4 PDF
in English or Traditional Chinese (backend/printing: the embedded font)."""
from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.patrol.report_text import words
from backend.printing.fonts import font
from backend.printing.text import style


def _time(ms: int | None, tz: str) -> str:
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M") if ms else ""


def rows(incident: dict, tz: str, lang: str) -> list[tuple[str, str]]:
    """The report's (heading, text) pairs, in order."""
    w = words(lang)
    c = incident.get("closed") or {}
    given = lambda v: v.strip() if isinstance(v, str) and v.strip() else w("not_given")  # noqa: E731
    notes = "\n".join(f"{_time(n['corrected_at'], tz)} {n['user_name']}: {n['text']}" for n in incident["notes"])
    police = c.get("police")
    out = [
        (w("number"), incident.get("number") or incident["id"]),
        (w("time"), _time(incident["corrected_at"], tz)),
        (w("place"), given(incident["place"])),
        (w("category"), f"{w(incident['category'])} / {w(incident['severity'])}"),
        (w("reported_by"), incident["user_name"]),
        (w("what_happened"), incident["description"]),
        (w("handling"), "\n".join(filter(None, [notes, c.get("outcome", "")])) or w("not_given")),
        (w("police"), "\n".join([f"{w('police_station')}: {police['station']}",
                                 f"{w('police_report')}: {police['report_number']}",
                                 f"{w('police_officer')}: {police['officer']}",
                                 f"{w('police_time')}: {_time(police['at'], tz)}"]) if police else w("not_police")),
        (w("impact"), given(c.get("impact"))),
        (w("cause"), given(c.get("cause"))),
        (w("negligence"), w("negligence_yes", name=c["investigator"]) if c.get("negligence") else w("negligence_no")),
        (w("corrective"), given(c.get("corrective"))),
        (w("preventive"), given(c.get("preventive"))),
        (w("closed_by"), f"{c['user_name']} {_time(c['corrected_at'], tz)}" if c else w("not_closed")),
    ]
    return out


def to_pdf(incident: dict, site, tz: str, lang: str) -> bytes:
    w = words(lang)
    body = style("cell", 10, 14, lang)
    head = style("head", 16, 22, lang)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"{w('analysis_title')} {incident.get('number') or ''}",
                            initialFontName=font())
    para = lambda text: Paragraph(escape(text).replace("\n", "<br/>"), body)  # noqa: E731
    table = Table([[para(k), para(v)] for k, v in rows(incident, tz, lang)], colWidths=[42 * mm, 132 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font(), 10), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee"))]))
    doc.build([Paragraph(escape(w("analysis_title")), head),
               Paragraph(escape(f"{site.name} {site.name_zh}"), body), Spacer(1, 5 * mm), table])
    return buf.getvalue()
