"""The quarterly analysis report for the general manager (R11 1.6; issue 12 item 10):
a summary, the analysis (the quarter's figures as the monthly statistics define
them, by type and responsible unit, the month-by-month overdue trend) and the
corrective and preventive measures recorded when cases were closed, with charts a
manager would rather look at than read: cases received per week, by type, and the
overdue trend. Pure: cases in, figures out; the PDF prints these only (report.py's
table and chart, the shared font), in English or Traditional Chinese.
"""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.cases import deadlines, stats
from backend.cases.report import NONE, WeekChart, figures, percent
from backend.cases.words import words
from backend.printing.fonts import font
from backend.printing.text import style


def months_of(quarter: str) -> list[str]:
    """`2026-Q3` -> ["2026-07", "2026-08", "2026-09"]."""
    year, q = int(quarter[:4]), int(quarter[-1])
    return [f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]


def span(quarter: str) -> tuple[str, str]:
    months = months_of(quarter)
    first = date.fromisoformat(months[0] + "-01")
    last = (date.fromisoformat(months[-1] + "-01").replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first.isoformat(), last.isoformat()


def previous_quarter(today: str) -> str:
    d = date.fromisoformat(today)
    q = (d.month - 1) // 3 + 1
    return f"{d.year - 1}-Q4" if q == 1 else f"{d.year}-Q{q - 1}"


def quarterly(closed: list[dict], per_day: dict[str, int], quarter: str, households: int | None,
              target: float = stats.VALID_TARGET) -> dict:
    """The quarter's figures: `closed` holds the cases closed in the quarter; `per_day` the
    cases received on each day (ISO day -> count)."""
    months = months_of(quarter)
    closed = [c for c in closed if c["status"] == "closed" and c["closed_day"][:7] in months]
    by_month = []
    for m in months:
        of_month = [c for c in closed if c["closed_day"][:7] == m]
        late = sum(not deadlines.closed_on_time(c) for c in of_month)
        by_month.append({"month": m, "received": sum(n for d, n in per_day.items() if d[:7] == m),
                         "closed": len(of_month), "overdue": late, "overdue_ratio": stats.ratio(late, len(of_month))})
    first, last = span(quarter)
    start = date.fromisoformat(first) - timedelta(days=date.fromisoformat(first).weekday())
    weeks = []
    while start.isoformat() <= last:
        end = (start + timedelta(days=6)).isoformat()
        weeks.append({"week": start.isoformat(),
                      "count": sum(n for d, n in per_day.items() if start.isoformat() <= d <= end)})
        start += timedelta(days=7)
    measures = [{"number": c["number"], "type": c["type"], "unit": stats.unit_of(c),
                 "corrective": c["closed"]["corrective"], "preventive": c["closed"]["preventive"],
                 "improvement": c["closed"]["improvement"]}
                for c in sorted(closed, key=lambda c: c["number"])
                if c["closed"]["corrective"].strip() or c["closed"]["preventive"].strip()]
    return {"quarter": quarter, **stats.of_closed(closed, households, target), "months": by_month,
            "per_week": weeks, "measures": measures}


def trend(q: dict) -> str:
    """The overdue share from the quarter's first month with closed cases to its last: up, down or level."""
    shares = [m["overdue_ratio"] for m in q["months"] if m["overdue_ratio"] is not None]
    if len(shares) < 2 or shares[-1] == shares[0]:
        return "level"
    return "up" if shares[-1] > shares[0] else "down"


def summary(q: dict, lang: str) -> list[str]:
    """The summary and the analysis as sentences, from the figures only."""
    w = words(lang)
    out = [w("q_summary").format(closed=q["closed"], received=sum(m["received"] for m in q["months"]),
                                 on_time=percent(q["on_time_ratio"], w),
                                 avg=NONE if q["avg_days"] is None else f"{q['avg_days']:.1f}",
                                 callback=percent(q["callback_rate"], w), valid=percent(q["valid_rate"], w))]
    if q["by_type"]:
        top = q["by_type"][0]
        out.append(w("q_top_type").format(type=w(top["type"]), share=percent(top["ratio"], w)))
    if q["by_unit"]:
        u = q["by_unit"][0]
        name = w(f"resp_{u['unit']}") if u["unit"] in ("department", "person", "supplier", "third_party", "none") else u["unit"]
        out.append(w("q_top_unit").format(unit=name, share=percent(u["ratio"], w)))
    out.append(w(f"q_trend_{trend(q)}"))
    if q["valid_over_target"]:
        out.append(w("q_valid_over"))
    return out


class Bars(Flowable):
    """Labelled horizontal bars (by type; the overdue trend per month) in the shared font."""

    def __init__(self, rows: list[tuple[str, int, str]], width: float = 170 * mm):
        super().__init__()
        self.rows, self.width, self.height = rows, width, 7 * mm * max(len(rows), 1)

    def draw(self) -> None:
        c = self.canv
        top = max([n for _, n, _ in self.rows] + [1])
        for i, (label, n, note) in enumerate(self.rows):
            y = self.height - (i + 1) * 7 * mm + 1.5 * mm
            c.setFillColor(colors.black)
            c.setFont(font(), 8)
            c.drawString(0, y + 1, label)
            length = (self.width - 75 * mm) * n / top
            c.setFillColor(colors.HexColor("#3c6e9f"))
            c.rect(45 * mm, y, length, 4 * mm, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.drawString(45 * mm + length + 2, y + 1, f"{n} {note}".strip())


def to_pdf(q: dict, site: dict, lang: str, tz: str, now: int) -> bytes:
    w = words(lang)
    body, head, sub = style("cell", 9, 12, lang), style("head", 16, 20, lang), style("sub", 11, 14, lang, spaceBefore=8)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{w('q_title')} {q['quarter']}", initialFontName=font())
    generated = datetime.fromtimestamp(now / 1000, timezone.utc).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
    p = lambda text, st=body: Paragraph(escape(text), st)  # noqa: E731
    story = [p(w("q_title"), head),
             p(f"{w('site')}: {site['name']} {site['name_zh']} | {w('q_quarter')}: {q['quarter']} | "
               f"{w('generated')}: {generated}"), Spacer(1, 3 * mm),
             p(w("q_summary_head"), sub), *[p(s) for s in summary(q, lang)],
             p(w("q_analysis_head"), sub)]
    table = [[p(x) for x in (w("section"), w("item"), w("figure"), w("ratio"))]]
    table += [[p(x) for x in r] for r in figures(q, lang)[1:]]
    table.insert(1, [p(w("q_closed_in_quarter")), p(w("total")), p(str(q["closed"])), p("")])
    t = Table(table, colWidths=[45 * mm, 75 * mm, 25 * mm, 25 * mm], repeatRows=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font(), 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))]))
    story += [t, p(w("per_week"), sub), WeekChart(q["per_week"]),
              p(w("by_type"), sub),
              Bars([(w(x["type"]), x["count"], percent(x["ratio"], w)) for x in q["by_type"]]) if q["by_type"]
              else p(w("q_none_closed")),   # a heading with nothing under it reads as a missing chart
              p(w("q_overdue_trend"), sub),
              Bars([(m["month"], m["overdue"], w("q_of_closed").format(n=m["closed"])) for m in q["months"]])]
    head_of_measures = p(w("q_measures_head"), sub)
    if q["measures"]:
        rows = [[p(x) for x in (w("number"), w("type"), w("q_corrective"), w("q_preventive"))]]
        rows += [[p(m["number"]), p(w(m["type"])), p(m["corrective"] or "-"), p(m["preventive"] or "-")]
                 for m in q["measures"]]
        mt = Table(rows, colWidths=[32 * mm, 28 * mm, 55 * mm, 55 * mm], repeatRows=1)
        mt.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font(), 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
        story.append(KeepTogether([head_of_measures, mt]))  # the heading never alone at a page's foot
    else:
        story.append(KeepTogether([head_of_measures, p(w("q_no_measures"))]))
    doc.build(story)
    return buf.getvalue()
