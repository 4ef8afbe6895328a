"""The monthly statistics as PDF (English or Traditional Chinese, the shared font)
and CSV: both print the same rows of figures (`figures`), from stats.monthly."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.cases.kinds import RESPONSIBLE
from backend.cases.register import _cell
from backend.cases.words import words
from backend.printing.fonts import font
from backend.printing.text import style


NONE = "—"   # a ratio or an average with nothing to count (no cases): not "not set"


def percent(x: float | None, w) -> str:
    return NONE if x is None else f"{x * 100:.1f} %"


def figures(st: dict, lang: str) -> list[tuple[str, str, str, str]]:
    """(section, item, count, share) rows: every number of the statistics, once."""
    w = words(lang)
    rows = [(w("closed_in_month"), w("total"), str(st["closed"]), "")]
    rows += [(w("by_type"), w(t["type"]), str(t["count"]), percent(t["ratio"], w)) for t in st["by_type"]]
    rows += [(w("by_unit"), w(f"resp_{u['unit']}") if u["unit"] in RESPONSIBLE else u["unit"], str(u["count"]),
              percent(u["ratio"], w)) for u in st["by_unit"]]
    rows += [(w("timeliness"), w("on_time"), str(st["on_time"]), percent(st["on_time_ratio"], w)),
             (w("timeliness"), w("closed_overdue"), str(st["overdue"]), percent(None if st["on_time_ratio"] is None else 1 - st["on_time_ratio"], w)),
             (w("timeliness"), w("avg_days"), NONE if st["avg_days"] is None else f"{st['avg_days']:.1f}", ""),
             (w("callbacks"), w("callback_rate"), str(st["called_back"]), percent(st["callback_rate"], w)),
             (w("callbacks"), w("callback_issues"), str(st["callback_issues"]), ""),
             (w("valid"), w("households"), w("not_set") if st["households"] is None else str(st["households"]), ""),
             (w("valid"), w("valid_rate"), str(st["valid"]), percent(st["valid_rate"], w))]
    return rows


def to_csv(st: dict, lang: str) -> bytes:
    w, buf = words(lang), io.StringIO()
    out = csv.writer(buf)
    out.writerow([w("section"), w("item"), w("figure"), w("ratio")])
    for r in figures(st, lang):
        out.writerow([_cell(x) for x in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


class WeekChart(Flowable):
    """Cases received per week: bars a manager takes in at a glance. Drawn on the
    canvas in the shared font (a reportlab Drawing would name Helvetica, not embedded)."""

    def __init__(self, weeks: list[dict], width: float = 170 * mm, height: float = 45 * mm):
        super().__init__()
        self.weeks, self.width, self.height = weeks, width, height

    def draw(self) -> None:
        c, weeks = self.canv, self.weeks
        top = max([x["count"] for x in weeks] + [1])
        bar = self.width / max(len(weeks), 1)
        c.setStrokeColor(colors.grey)
        c.line(0, 12, self.width, 12)
        for i, x in enumerate(weeks):
            h = (self.height - 26) * x["count"] / top
            c.setFillColor(colors.HexColor("#3c6e9f"))
            c.rect(i * bar + 6, 12, bar - 12, h, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.setFont(font(), 8)
            c.drawCentredString(i * bar + bar / 2, 15 + h, str(x["count"]))
            c.setFont(font(), 7)
            c.drawCentredString(i * bar + bar / 2, 2, x["week"][5:])


def to_pdf(st: dict, weeks: list[dict], site: dict, lang: str, tz: str, now: int) -> bytes:
    w = words(lang)
    body, head, sub = style("cell", 9, 11, lang), style("head", 16, 20, lang), style("sub", 11, 14, lang, spaceBefore=8)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{w('stats_title')} {st['month']}", initialFontName=font())
    generated = datetime.fromtimestamp(now / 1000, timezone.utc).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
    story = [Paragraph(escape(w("stats_title")), head),
             Paragraph(escape(f"{w('site')}: {site['name']} {site['name_zh']} | {w('month')}: {st['month']} | "
                              f"{w('generated')}: {generated}"), body), Spacer(1, 4 * mm)]
    table = [[Paragraph(escape(x), body) for x in (w("section"), w("item"), w("figure"), w("ratio"))]]
    table += [[Paragraph(escape(x), body) for x in r] for r in figures(st, lang)]
    t = Table(table, colWidths=[45 * mm, 75 * mm, 25 * mm, 25 * mm], repeatRows=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font(), 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))]))
    story += [t, Paragraph(escape(w("per_week")), sub), WeekChart(weeks)]
    doc.build(story)
    return buf.getvalue()
