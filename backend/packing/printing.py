"""Packing's printed forms: the box label (100 x 150 mm, both languages), the bill
in three copies and the return slip (English or Traditional Chinese), in the
shared embedded font (backend/printing). Words from shared/glossary.md."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from backend.printing.fonts import font
from backend.printing.qr import draw_qr
from backend.printing.text import fit

LABEL_W, LABEL_H = 100 * mm, 150 * mm

WORDS = {
    "en": {"bill": "Bill", "copy": "Copy {n}", "copy_note": {1: "custodian", 2: "custodian", 3: "customer"},
           "order": "Order No.", "customer": "Customer", "code": "Code", "item": "Item", "category": "Category",
           "price": "Unit price", "qty": "Quantity", "counted": "Counted", "amount": "Amount", "total": "Total",
           "paid": "Paid", "unpaid": "Unpaid", "checker": "Checker", "second_checker": "Second checker",
           "customer_sign": "Customer's signature", "two_person": "Two-person count",
           "return_slip": "Return slip", "slip_no": "No.", "reason": "Reason", "handling": "Handling",
           "basis": "Basis", "handler": "Handled by", "manager": "Department manager", "crossed": "Crossed out",
           "not_wanted": "Not wanted", "wrong_goods": "Wrong goods", "quality_defect": "Quality defect",
           "exchange": "Exchange", "return": "Return", "cross_out": "Crossed out at counting",
           "recorded_call": "Recorded call", "after_sync": "No. after sync"},
    "zh-Hant": {"bill": "銷售單", "copy": "第{n}聯", "copy_note": {1: "保管人", 2: "保管人", 3: "客戶"},
                "order": "訂單編號", "customer": "客戶", "code": "編碼", "item": "貨品", "category": "類別",
                "price": "單價", "qty": "數量", "counted": "已點", "amount": "金額", "total": "合計",
                "paid": "已付款", "unpaid": "未付款", "checker": "點貨人", "second_checker": "第二點貨人",
                "customer_sign": "客戶簽署", "two_person": "雙人點貨",
                "return_slip": "退貨單", "slip_no": "編號", "reason": "原因", "handling": "處理",
                "basis": "依據", "handler": "經手人", "manager": "部門經理", "crossed": "已刪去",
                "not_wanted": "客戶不要", "wrong_goods": "發錯貨", "quality_defect": "質量問題",
                "exchange": "換貨", "return": "退貨", "cross_out": "點貨時刪去",
                "recorded_call": "電話記錄", "after_sync": "編號待同步"},
}


def money(c: int) -> str:
    return f"{c // 100:,}.{c % 100:02d}"


def _when(ms: int, tz: str) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _text(c, x, y, text, size, width):
    c.setFont(font(), size)
    c.drawString(x, y, fit(str(text), size, width))


def box_label(box: dict, order: dict, site, countersign: str | None) -> bytes:
    """The box's label: its signed QR (and the server's countersignature), in both languages."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(LABEL_W, LABEL_H), initialFontName=font())
    c.setTitle(f"Box label · {box.get('number') or box['id']}")
    w = LABEL_W - 10 * mm
    # Module sizes a phone reads off a box at arm's length: the label's QR (version 11)
    # about 1 mm a module, the countersignature (version 8) 0.7 mm; at 28 mm (0.49 mm)
    # zbar missed it on a 100 dpi rendering now and then.
    qr, cs = 72 * mm, 40 * mm
    draw_qr(c, box["sealed"]["label"], (LABEL_W - qr) / 2, LABEL_H - qr - 5 * mm, qr)
    y = LABEL_H - qr - 12 * mm
    beside_cs = w - cs - 3 * mm  # the lines level with the countersignature stop short of it
    sealed = box["sealed"]
    for text, size in ((f"{box.get('number') or ''}  箱 {box['seq']}/{len(order['box_ids'])}", 13),
                       (f"{order.get('number') or ''}  {order['customer_name']}", 10),
                       (f"Items / 件數: {sealed['items']}    Seal / 封條: {sealed['seal_number'] or '-'}", 9),
                       (f"Sealed / 封箱: {_when(sealed['corrected_at'], site.tz)}  {sealed['user_name']}", 8),
                       (f"{site.name} {site.name_zh}", 8),
                       ("Scan on arrival / 到貨時請掃描", 8)):
        level = countersign and y < 3 * mm + cs + 2 * mm
        _text(c, 5 * mm, y, text, size, beside_cs if level else w)
        y -= size + 6
    if countersign:
        draw_qr(c, countersign, LABEL_W - 5 * mm - cs, 3 * mm, cs)
        _text(c, 5 * mm, 8 * mm, "Countersigned / 伺服器副簽", 7, beside_cs)
    c.showPage()
    c.save()
    return buf.getvalue()


def bill(order: dict, site, lang: str) -> bytes:
    """The bill in three copies: 1-2 for the custodian, 3 for the customer (ch. 5.1D)."""
    w = WORDS[lang]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font())
    c.setTitle(f"{w['bill']} · {order.get('number') or order['id']}")
    for n in (1, 2, 3):
        _bill_page(c, order, site, w, lang, n)
        c.showPage()
    c.save()
    return buf.getvalue()


def _bill_page(c, order, site, w, lang, n):
    x0, width = 15 * mm, A4[0] - 30 * mm
    y = A4[1] - 20 * mm
    _text(c, x0, y, f"{w['bill']} · {w['copy'].format(n=n)} ({w['copy_note'][n]})", 14, width)
    y -= 18
    _text(c, x0, y, f"{site.name} {site.name_zh}", 9, width)
    y -= 14
    _text(c, x0, y, f"{w['order']}: {order.get('number') or w['after_sync']}    {w['customer']}: "
                    f"{order['customer_name']}    {w[order['payment']['state']]}", 10, width)
    y -= 20
    cols = [(w["code"], 0, 25), (w["item"], 25, 60), (w["category"], 85, 25), (w["price"], 110, 22),
            (w["qty"], 132, 16), (w["counted"], 148, 16), (w["amount"], 164, 16)]
    for title, x, cw in cols:
        _text(c, x0 + x * mm, y, title, 8, cw * mm - 2)
    y -= 12
    for line in order["lines"]:
        if y < 50 * mm:
            c.showPage()
            y = A4[1] - 20 * mm
        name = line["name_zh"] if lang == "zh-Hant" and line["name_zh"] else line["name"]
        crossed = f" ({w['crossed']} {line['crossed']})" if line["crossed"] else ""
        values = [line["code"], name + crossed, line["category"], money(line["unit_price"]), line["quantity"],
                  line["ticked"], money(line["amount"])]
        for (title, x, cw), v in zip(cols, values):
            _text(c, x0 + x * mm, y, v, 8, cw * mm - 2)
        y -= 11
    y -= 6
    _text(c, x0, y, f"{w['total']}: {money(order['total'])}", 10, width)
    y -= 24
    roles = {s["role"]: s for s in order["signatures"]}
    for role in ("checker", "second_checker"):
        s = roles.get(role)
        if s or not order["customer_present"]:
            _text(c, x0, y, f"{w[role]}: {s['user_name'] + '  ' + _when(s['corrected_at'], site.tz) if s else '________'}",
                  9, width)
            y -= 14
    if order["customer_present"]:
        cs = order.get("customer_signature")
        _text(c, x0, y, f"{w['customer_sign']}: {cs['name'] if cs else '________'}", 9, width)
    else:
        _text(c, x0, y, w["two_person"], 9, width)


def return_slip(slip: dict, site, lang: str) -> bytes:
    """A return slip with reason, handling and basis, and its three signatures."""
    w = WORDS[lang]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, initialFontName=font())
    c.setTitle(f"{w['return_slip']} · {slip.get('number') or slip['id']}")
    x0, width = 15 * mm, A4[0] - 30 * mm
    y = A4[1] - 20 * mm
    _text(c, x0, y, f"{w['return_slip']}  {w['slip_no']} {slip.get('number') or w['after_sync']}", 14, width)
    y -= 18
    _text(c, x0, y, f"{site.name} {site.name_zh}    {w['order']}: {slip.get('order_number') or ''}", 9, width)
    y -= 14
    _text(c, x0, y, f"{w['customer']}: {slip['customer_name']}", 10, width)
    y -= 14
    _text(c, x0, y, f"{w['reason']}: {w[slip['reason']]}    {w['handling']}: {w[slip['handling']]}", 10, width)
    y -= 14
    _text(c, x0, y, f"{w['basis']}: {slip['basis']}", 9, width)
    y -= 20
    for line in slip["lines"]:
        name = line["name_zh"] if lang == "zh-Hant" and line["name_zh"] else line["name"]
        _text(c, x0, y, f"{line['code']}  {name}  {money(line['unit_price'])} x {line['quantity']}", 9, width)
        y -= 12
    _text(c, x0, y, f"{w['total']}: {money(slip['amount'])}", 10, width)
    y -= 28
    cs, ap = slip.get("customer_signature"), slip.get("approval")
    customer = (cs["name"] or f"{w['recorded_call']} {cs['call_id'][:8]}") if cs else "________"
    for title, value in ((w["handler"], slip["author_name"]), (w["customer_sign"], customer),
                         (w["manager"], ap["user_name"] if ap else "________")):
        _text(c, x0, y, f"{title}: {value}", 10, width)
        y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


ITEM_COLUMNS, ITEM_ROWS = 3, 8
ITEM_W, ITEM_H = 63.5 * mm, 33.9 * mm  # the common 24-up A4 sticker sheet
ITEM_PREFIX = "gatehouse:item:"


def item_qr(code: str, unit_price: int) -> str:
    """An item label's QR: its code and its price in cents, checked at the bench."""
    return f"{ITEM_PREFIX}{code}@{unit_price}"


def item_labels(items: list[dict]) -> bytes:
    """A4 sheets of 24 labels for items that carry no code of their own: QR, code,
    names in both languages, price. `items` repeat an item once per label wanted."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font())
    c.setTitle("Item labels / 貨品標籤")
    per_page = ITEM_COLUMNS * ITEM_ROWS
    mx, my = (A4[0] - ITEM_COLUMNS * ITEM_W) / 2, (A4[1] - ITEM_ROWS * ITEM_H) / 2
    qr = ITEM_H - 4 * mm
    forms: dict[str, str] = {}  # each distinct QR is drawn once and placed as often as needed
    for item in items:
        text = item_qr(item["code"], item["unit_price"])
        if text not in forms:
            forms[text] = f"qr{len(forms)}"
            c.beginForm(forms[text], lowerx=0, lowery=0, upperx=qr, uppery=qr)
            draw_qr(c, text, 0, 0, qr)
            c.endForm()
    for i, item in enumerate(items):
        if i and i % per_page == 0:
            c.showPage()
        col, row = (i % per_page) % ITEM_COLUMNS, (i % per_page) // ITEM_COLUMNS
        x, y = mx + col * ITEM_W, A4[1] - my - (row + 1) * ITEM_H
        c.saveState()
        c.translate(x + 1 * mm, y + 2 * mm)
        c.doForm(forms[item_qr(item["code"], item["unit_price"])])
        c.restoreState()
        tx, tw = x + qr + 2 * mm, ITEM_W - qr - 4 * mm
        ty = y + ITEM_H - 8 * mm
        for text, size in ((item["code"], 9), (item["name"], 7), (item["name_zh"], 7), (money(item["unit_price"]), 8)):
            if text:
                _text(c, tx, ty, text, size, tw)
            ty -= size + 4
    c.showPage()
    c.save()
    return buf.getvalue()
