"""The monthly statistics as PDF (English or Traditional Chinese, the shared font)
and CSV: both print the same rows of figures (`figures`), from stats.monthly."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.cases.register import _cell
from backend.cases.words import words
from backend.printing.fonts import font
from backend.printing.text import style


def percent(x: float | None, w) -> str:
    return w("not_set") if x is None else f"{x * 100:.1f} %"


def figures(st: dict, lang: str) -> list[tuple[str, str, str, str]]:
    """(section, item, count, share) rows: every number of the statistics, once."""
    w = words(lang)
    rows = [(w("closed_in_month"), w("total"), str(st["closed"]), "")]
    rows += [(w("by_type"), w(t["type"]), str(t["count"]), percent(t["ratio"], w)) for t in st["by_type"]]
    rows += [(w("by_unit"), w(u["unit"]) if u["unit"] in ("department", "supplier", "third_party", "none")
              else (w("person_resp") if u["unit"] == "person" else u["unit"]), str(u["count"]), percent(u["ratio"], w))
             for u in st["by_unit"]]
    rows += [(w("timeliness"), w("on_time"), str(st["on_time"]), percent(st["on_time_ratio"], w)),
             (w("timeliness"), w("closed_overdue"), str(st["overdue"]), percent(None if st["on_time_ratio"] is None else 1 - st["on_time_ratio"], w)),
             (w("timeliness"), w("avg_days"), w("not_set") if st["avg_days"] is None else f"{st['avg_days']:.1f}", ""),
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


def _chart(weeks: list[dict], w) -> Drawing:
    """Cases received per week: bars a manager takes in at a glance."""
    width, height, top = 170 * mm, 45 * mm, max([x["count"] for x in weeks] + [1])
    d = Drawing(width, height + 12)
    bar = (width - 10) / max(len(weeks), 1)
    d.add(Line(0, 12, width, 12, strokeColor=colors.grey))
    for i, x in enumerate(weeks):
        h = (height - 14) * x["count"] / top
        d.add(Rect(5 + i * bar + 4, 12, bar - 8, h, fillColor=colors.HexColor("#3c6e9f"), strokeColor=None))
        d.add(String(5 + i * bar + bar / 2, 14 + h, str(x["count"]), fontName=font(), fontSize=8, textAnchor="middle"))
        d.add(String(5 + i * bar + bar / 2, 2, x["week"][5:], fontName=font(), fontSize=7, textAnchor="middle"))
    return d


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
    story += [t, Paragraph(escape(w("per_week")), sub), _chart(weeks, w)]
    doc.build(story)
    return buf.getvalue()
