"""Product repairs: a customer's item sent for repair (issue 12 item 8; a case of
type `product_repair`, not a resident's repair request).

In-house repair first; Thai silver is refused; an item sent out is accepted only
once the customer was told it takes 1 to 6 months and may not match the original.
The receipt (PDF, three copies) gives the date, the item code, the part to
repair, the customer and the photo. The hand-over to the repairer is recorded with
copy 3 travelling with the item; when the item comes back the customer is phoned,
then it is shipped. Each step is `case.repair` with its `step`, kept once, in
`case.repair.steps` and the case's history; the repair's state is the furthest
step (two phones offline converge as a case's states do), and a step recorded
before the one it needs is kept and flagged.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.cases.intake import ID
from backend.cases.kinds import CASE
from backend.cases.states import advance, when
from backend.cases.words import words
from backend.media.fields import photo_list
from backend.printing.fonts import font
from backend.printing.text import style
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

STEPS = ("receive", "hand_over", "back", "phoned", "shipped")
RANK = {s: i for i, s in enumerate(STEPS)}
MATERIALS = ("silver", "thai_silver", "gold", "platinum", "other")
CARRIERS = ("customer_collects", "courier", "post")


class RepairIn(Schema):
    case_id = fields.String(required=True, validate=ID)
    step = fields.String(required=True, validate=validate.OneOf(STEPS))
    # receive
    item_code = fields.String(load_default="", validate=validate.Length(max=60))
    item = fields.String(load_default="", validate=validate.Length(max=300))
    part = fields.String(load_default="", validate=validate.Length(max=300))      # the part to repair
    material = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(MATERIALS))
    in_house = fields.Boolean(load_default=None, allow_none=True)
    notice_months = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(1, 6))
    told_may_not_match = fields.Boolean(load_default=False)
    photos = photo_list()
    # hand_over
    repairer = fields.String(load_default="", validate=validate.Length(max=200))
    copy3_with_item = fields.Boolean(load_default=False)
    # phoned
    reached = fields.Boolean(load_default=None, allow_none=True)
    # shipped
    carrier = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(CARRIERS))
    waybill = fields.String(load_default="", validate=validate.Length(max=60))
    note = fields.String(load_default="", validate=validate.Length(max=2000))

    @validates_schema
    def _step(self, d, **kw):
        if d["step"] == "receive":
            for f in ("item_code", "part"):
                if not d[f].strip():
                    raise ValidationError("the receipt names the item code and the part to repair", f)
            if d["material"] is None or d["in_house"] is None:
                raise ValidationError("say what the item is made of and whether it is repaired in-house", "material")
            if not d["in_house"] and (d["notice_months"] is None or not d["told_may_not_match"]):
                raise ValidationError("sent out: the customer is told 1 to 6 months and that it may not match "
                                      "the original", "notice_months")
        if d["step"] == "hand_over" and (not d["repairer"].strip() or not d["copy3_with_item"]):
            raise ValidationError("name the repairer; copy 3 of the receipt travels with the item", "copy3_with_item")
        if d["step"] == "phoned" and d["reached"] is None:
            raise ValidationError("say whether the customer was reached", "reached")
        if d["step"] == "shipped" and d["carrier"] is None:
            raise ValidationError("say how it went back to the customer", "carrier")


DETAIL = {"receive": ("item_code", "item", "part", "material", "in_house", "notice_months", "told_may_not_match",
                      "photos", "note"),
          "hand_over": ("repairer", "copy3_with_item", "note"), "back": ("note",),
          "phoned": ("reached", "note"), "shipped": ("carrier", "waybill", "note")}
NEEDS = {"hand_over": "receive", "back": "receive", "phoned": "back", "shipped": "back"}


def repair(ctx: HandlerContext, m: Mutation) -> None:
    p, s = m.payload, ctx.stamp()
    target = ctx.existing(CASE, p["case_id"])
    case = target.data
    if case["type"] != "product_repair":
        raise Rejected("not_a_product_repair", f"{case['number']} is a {case['type']}, not a product repair")
    if p["step"] == "receive" and p["material"] == "thai_silver":
        raise Rejected("thai_silver_refused", "Thai silver is not accepted for repair")
    r = case.get("repair") or {"state": None, "steps": []}
    detail = {k: p[k] for k in DETAIL[p["step"]]}
    if p["step"] in {x["step"] for x in r["steps"]}:
        ctx.flag("repair_step_again", f"{p['step']} was recorded already; both kept")
    elif p["step"] in NEEDS and NEEDS[p["step"]] not in {x["step"] for x in r["steps"]}:
        ctx.flag("repair_out_of_order", f"{p['step']} before {NEEDS[p['step']]}: kept")
    step = {"step": p["step"], "id": m.id, "at": when(s), "day": ctx.day(when(s)), "user_id": s["user_id"], "user_name": s["user_name"], **detail}
    r["steps"] = sorted(r["steps"] + [step], key=lambda x: x["at"])  # ties: in the order they arrived
    r["state"] = max((x["step"] for x in r["steps"]), key=RANK.__getitem__)
    first = {}
    for x in r["steps"]:  # each step's first record counts
        first.setdefault(x["step"], x)
    r["received"] = first.get("receive")
    case["repair"] = r
    advance(case, "repair", None, s, m.id, step=p["step"])
    ctx.put(CASE, target.id, case)


COPIES = (1, 2, 3)


def receipt_pdf(case: dict, site: dict, lang: str, images: dict[str, bytes]) -> bytes:
    """The repair receipt on A5, three copies (pages): copy 1 kept by the shop, copy 2 for
    the customer, copy 3 travelling with the item to the repairer."""
    w = words(lang)
    rec = (case.get("repair") or {}).get("received")
    if rec is None:
        raise ValueError("no receipt before the item is received")
    body, head = style("cell", 9, 11.5, lang), style("head", 14, 18, lang)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A5, leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
                            bottomMargin=10 * mm, title=f"{w('repair_receipt')} {case['number']}", initialFontName=font())
    customer = " ".join(x for x in (case["name"], case["phone"]) if x) or "-"
    rows = [(w("number"), case["number"]), (w("repair_date"), rec["day"]),
            (w("repair_item_code"), rec["item_code"]), (w("repair_item"), rec["item"] or "-"),
            (w("repair_part"), rec["part"]), (w("repair_material"), w(f"material_{rec['material']}")),
            (w("customer"), customer), (w("address"), case["address"] or "-"),
            (w("repair_where"), w("repair_in_house") if rec["in_house"] else
             w("repair_sent_out").format(months=rec["notice_months"]))]
    story = []
    for copy in COPIES:
        story += [Paragraph(escape(f"{w('repair_receipt')} | {site['name']} {site['name_zh']}"), head),
                  Paragraph(escape(w(f"repair_copy_{copy}")), body), Spacer(1, 3 * mm)]
        t = Table([[Paragraph(escape(k), body), Paragraph(escape(str(v)), body)] for k, v in rows],
                  colWidths=[35 * mm, 93 * mm])
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font(), 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
        story += [t, Spacer(1, 3 * mm)]
        if not rec["in_house"]:
            story.append(Paragraph(escape(w("repair_may_not_match")), body))
        for sha in rec["photos"][:1]:
            if sha in images:
                img = Image(io.BytesIO(images[sha]))
                scale = min(60 * mm / img.imageWidth, 45 * mm / img.imageHeight)
                img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
                story += [Spacer(1, 3 * mm), img]
            else:
                story.append(Paragraph(escape(w("repair_photo_missing")), body))
        story += [Spacer(1, 8 * mm), Paragraph(escape(f"{w('repair_signed_customer')} ____________    "
                                                      f"{w('repair_signed_staff')} ____________"), body)]
        if copy != COPIES[-1]:
            story.append(PageBreak())
    doc.build(story)
    return buf.getvalue()
