"""The daily activity report of a site: one list of rows, written as CSV or as a PDF.

Rows carry each scan's evidence (device time, corrected time, sync time,
flags), incidents, the gate log and handovers. The PDF is in English or
Traditional Chinese; it embeds incident photos and handover signatures that
have reached the server.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from backend.media.routes import photos_of_site
from backend.patrol.facts import Day, load_day, round_views
from backend.patrol.report_text import words
from backend.printing.fonts import font
from backend.printing.text import style

COLUMNS = ("section", "ref", "time", "device_time", "corrected_time", "sync_time", "who", "what", "detail",
           "status", "review", "flags")
MAX_PHOTOS = 60


def _fmt(ms: int | None, tz: str, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(tz)).strftime(pattern) if ms else ""


def _name(x: dict, lang: str, key: str = "name") -> str:
    return (x.get(f"{key}_zh") if lang == "zh-Hant" else None) or x.get(key) or ""


def _reasons(d: Day, record: dict, w, lang: str, own: list[dict] | None = None) -> str:
    """Flags by name; the server's notes on them are English, so only the English report adds them."""
    seen, out = set(), []
    for r in (own or []) + (d.reviews.get(record["id"], {}).get("reasons") or []):
        if r["code"] not in seen:
            seen.add(r["code"])
            out.append(f"{w(r['code'])}: {r['detail']}" if r["detail"] and lang == "en" else w(r["code"]))
    return "; ".join(out)


def _review(w, record: dict | None) -> str:
    """A record's review signature (forms 10.5), or that it still awaits one."""
    if record is None or "review" not in record:
        return ""
    r = record["review"]
    if not r:
        return w("awaiting_review")
    said = w("reviewed") if r.get("approved", True) else w("not_approved")
    return f"{said} {r['user_name']}" + (f": {r['note']}" if r.get("note") else "")


def report_rows(d: Day, views: list[dict], tz: str, lang: str) -> list[dict]:
    """Every row of the report, in section order; the CSV and the PDF print these."""
    w, rows = words(lang), []

    def times(fact: dict) -> dict:
        return {"device_time": _fmt(fact["device_at"], tz), "corrected_time": _fmt(fact["corrected_at"], tz),
                "sync_time": _fmt(fact["received_at"], tz)}

    for v in views:
        st, label = v["status"], (v["schedule"]["name"] if v["schedule"] else w("unscheduled"))
        ref = f"{label} {_fmt(v['window'].start, tz, '%H:%M')}"
        names = {c: _name(d.checkpoints.get(c, {"name": c}), lang) for c in v["order"]}
        flags = ([w("synced_late_n", n=len(st.synced_late))] if st.synced_late else []) + \
            ([f"{w('out_of_order')}: " + ", ".join(names[c] for c in st.out_of_order)] if st.out_of_order else [])
        rows.append({"section": w("round"), "ref": ref,
                     "time": f"{_fmt(v['window'].start, tz, '%H:%M')}-{_fmt(v['window'].end, tz, '%H:%M')}",
                     "device_time": "", "corrected_time": "", "sync_time": "", "who": ", ".join(v["guards"]),
                     "what": _name(v["route"], lang) or v["route_id"],
                     "detail": f"{w('done')} {len(st.done)}/{len(v['order'])}" + (
                         f"; {w('late')} {len(st.late)}" if st.late else "") + (
                         f"; {w('missing')}: " + ", ".join(names[c] for c in st.missing) if st.missing else ""),
                     "status": w(st.status), "review": "; ".join(_review(w, r) for r in v["rounds"]),
                     "flags": "; ".join(flags)})
        for scan in v["scans"]:
            t = v["timing"].get(scan["id"])
            status = (w(t.timing) + (f" | {w('synced_late')}" if t.synced_late else "")) if t else ""
            detail = " | ".join(filter(None, [w(scan["condition"]), scan["note"],
                                              w("photos_n", n=len(scan["photos"])) if scan["photos"] else "",
                                              f"+{len(scan['repeats'])}" if scan["repeats"] else ""]))
            rows.append({"section": w("scan"), "ref": ref, "time": _fmt(scan["corrected_at"], tz, "%H:%M:%S"),
                         **times(scan), "who": scan["user_name"],
                         "what": _name(d.checkpoints.get(scan["checkpoint_id"], {}), lang) or scan["checkpoint_name"],
                         "detail": detail, "status": status, "review": "",
                         "flags": _reasons(d, scan, w, lang, scan["flags"])})
    for i in sorted(d.incidents, key=lambda i: i["corrected_at"]):
        detail = i["description"] + (f" @ {i['place']}" if i["place"] else "")
        if i["amendments"]:
            detail += " " + w("corrected", n=len(i["amendments"]), original=i["original"]["description"])
        rows.append({"section": w("incident"), "ref": i["number"], "time": _fmt(i["corrected_at"], tz, "%H:%M:%S"),
                     **times(i), "who": i["user_name"], "what": f"{w(i['category'])} ({w(i['severity'])})",
                     "detail": detail + (" | " + w("photos_n", n=len(i["photos"])) if i["photos"] else ""),
                     "status": w(f"incident_{i['status']}") + (f": {i['closed']['outcome']}" if i["closed"] else ""),
                     "review": _review(w, i), "flags": "; ".join(filter(None, [w("report_now") if i["report_now"] else "", _reasons(d, i, w, lang)]))})
        for n in i["notes"]:
            rows.append({"section": w("incident_note"), "ref": i["number"], "time": _fmt(n["corrected_at"], tz, "%H:%M:%S"),
                         **times(n), "who": n["user_name"], "what": "", "detail": n["text"], "status": "",
                         "review": "", "flags": ""})
    for x in sorted(d.visits + d.vehicles, key=lambda x: x["time_in"]["corrected_at"]):
        vehicle = "plate" in x
        what = x["plate"] if vehicle else f"{x['name']} ({w(x['id_type'])} ...{x['id_last4']})".replace(" ...)", ")")
        status = w(x["status"]) + (f": {w(x['reason'])}" if x["status"] == "refused" else "")
        out = f" -> {_fmt(x['time_out']['corrected_at'], tz, '%H:%M')}" if x["time_out"] else ""
        rows.append({"section": w("vehicle" if vehicle else "visitor"), "ref": x.get("number") or x["unit"],
                     "time": _fmt(x["time_in"]["corrected_at"], tz, "%H:%M") + out, **times(x["time_in"]),
                     "who": x["time_in"]["user_name"], "what": what,
                     "detail": " | ".join(filter(None, [f"{w('unit')} {x['unit']}" if x["unit"] else "",
                                                        x["purpose"], x.get("note", "")])),
                     "status": status, "review": _review(w, x), "flags": _reasons(d, x, w, lang)})
    for h in sorted(d.handovers, key=lambda h: h["outgoing"]["corrected_at"]):
        o, i = h["outgoing"], h["incoming"]
        items = "; ".join(it["text"] for it in h["open_items"])
        kit = ", ".join(f"{e['item']} {w('in_order') if e['ok'] else w('not_in_order')}" for e in h["equipment"])
        if h.get("incoming_equipment"):  # the incoming person's check of the post's list
            kit += " -> " + ", ".join(f"{e['item']} {w('in_order') if e['ok'] else w('not_in_order')}"
                                      for e in h["incoming_equipment"])
        post = (h.get("post_name_zh") or h.get("post_name")) if lang != "en" else h.get("post_name")
        refusals = "; ".join(f"{w('refusal')} {r['user_name']}: {r['reason']}" for r in h["refusals"])
        rows.append({"section": w("handover"), "ref": h.get("number") or h["id"][:8], "time": _fmt(o["corrected_at"], tz, "%H:%M"),
                     **times(o), "who": o["user_name"] + (f" -> {i['user_name']}" if i else ""),
                     "what": f"{w('signature')}: {o['user_name']}" + (f", {i['user_name']}" if i else ""),
                     "detail": " | ".join(filter(None, [post, h["text"], f"{w('open_items')}: {items}" if items else "",
                                                        f"{w('equipment')}: {kit}" if kit else ""])),
                     "status": w(f"handover_{h['status']}"), "review": _review(w, h),
                     "flags": "; ".join(filter(None, [refusals, _reasons(d, h, w, lang)]))})
    for e in sorted(d.log, key=lambda e: e["corrected_at"]):
        detail = e["text"] + (f" @ {e['location']}" if e.get("location") else "")
        if e.get("amendments"):
            detail += " " + w("corrected", n=len(e["amendments"]), original=e["original"]["text"])
        rows.append({"section": w("log_entry"), "ref": e.get("number", ""),
                     "time": _fmt(e["corrected_at"], tz, "%H:%M:%S"), **times(e), "who": e["author_name"],
                     "what": w(f"log_{e['category']}"), "detail": detail, "status": "",
                     "review": _review(w, e), "flags": _reasons(d, e, w, lang)})
    return rows


def _cell(text: str) -> str:
    """Guards type these words: a spreadsheet must not run one as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: list[dict], lang: str) -> bytes:
    w, buf = words(lang), io.StringIO()
    out = csv.writer(buf)
    out.writerow([w(c) for c in COLUMNS])
    for r in rows:
        out.writerow([_cell(r[c]) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: spreadsheets then read Chinese correctly


def to_pdf(d: Day, rows: list[dict], lang: str, tz: str, now: int, counts: dict, images: dict[str, bytes]) -> bytes:
    """The report as an A4 landscape PDF; `images` maps SHA-256 to uploaded photo bytes."""
    w = words(lang)
    body = style("cell", 6.5, 8, lang)
    head = style("head", 16, 20)
    sub = style("sub", 11, 14, spaceBefore=8, spaceAfter=4)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm, title=f"{w('title')} {d.site.name} {d.day}",
                            initialFontName=font())
    story = [Paragraph(escape(f"{w('title')} | {d.site.name} {d.site.name_zh}"), head),
             Paragraph(escape(f"{w('day')}: {d.day.isoformat()} | {w('generated')}: {_fmt(now, tz)}"), body),
             Paragraph(escape(w("summary") + ": " + ", ".join(f"{w(k)} {n}" for k, n in sorted(counts.items()))), body)]
    widths = [14, 21, 13, 21, 21, 21, 20, 30, 51, 18, 22, 0]   # ref: an incident number on one line
    widths[-1] = 277 - sum(widths)
    col_widths = [x * mm for x in widths]
    # Paragraphs wrap in their column; the three times break between date and time (as
    # plain strings they ran into the next column).
    para_cols = {"who", "what", "detail", "status", "review", "flags", "ref", "device_time", "corrected_time", "sync_time"}
    table = [[Paragraph(escape(w(c)), body) for c in COLUMNS]]
    for r in rows:
        table.append([Paragraph(escape(r[c]), body) if c in para_cols else r[c] for c in COLUMNS])
    t = Table(table, colWidths=col_widths, repeatRows=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font(), 6.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                           ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))]))
    story += [Spacer(1, 4 * mm), t]
    story += _photos(d, w, body, sub, images)
    doc.build(story)
    return buf.getvalue()


def _photos(d: Day, w, body, sub, images: dict[str, bytes]) -> list:
    """Incident photos and handover signatures, as thumbnails with their reference."""
    wanted = [(i["number"], sha) for i in d.incidents for sha in i["photos"]]
    wanted += [(f"{w('handover')} {h['id'][:8]} {w('signature')}", p["signature"])
               for h in d.handovers for p in (h["outgoing"], h["incoming"]) if p]
    if not wanted:
        return []
    cells = []
    for ref, sha in wanted[:MAX_PHOTOS]:
        caption = Paragraph(escape(f"{ref} | {sha[:12]}"), body)
        if sha in images:
            img = Image(io.BytesIO(images[sha]))
            scale = min(60 * mm / img.imageWidth, 45 * mm / img.imageHeight)
            img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
            cells.append([img, caption])
        else:
            cells.append([Paragraph(escape(w("photo_missing")), body), caption])
    grid = [cells[i:i + 4] for i in range(0, len(cells), 4)]
    grid[-1] += [""] * (4 - len(grid[-1]))
    in_font = [("FONT", (0, 0), (-1, -1), font())]   # a table's own default, Helvetica, is not embedded
    table = Table([[Table([[c[0]], [c[1]]], style=in_font) if c else "" for c in row] for row in grid],
                  colWidths=[68 * mm] * 4, style=in_font)
    return [Paragraph(escape(w("photos")), sub), table]


def photo_refs(d: Day) -> list[str]:
    refs = [sha for i in d.incidents for sha in i["photos"]]
    refs += [p["signature"] for h in d.handovers for p in (h["outgoing"], h["incoming"]) if p]
    return refs[:MAX_PHOTOS]


def archive_day(s, site, day, now: int) -> list[tuple[str, bytes]]:
    """The day's activity report in both languages, for a period's archive (backend/archive)."""
    d = load_day(s, site.id, day)
    views = round_views(d, site.tz, now)
    counts = dict(Counter(v["status"].status for v in views))
    images = photos_of_site(s, site.id, photo_refs(d))
    return [(f"reports/{day.isoformat()}-patrol-{lang}.pdf",
             to_pdf(d, report_rows(d, views, site.tz, lang), lang, site.tz, now, counts, images))
            for lang in ("en", "zh-Hant")]
