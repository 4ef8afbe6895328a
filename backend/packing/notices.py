"""The customer's dispatch email (ch. 6: tell them it has gone, about how many
days, the waybill), from a notification outbox with retries and a visible status.

The dispatch handler (pure) queues a `packing.notice` record in the customer's
language in the shared mail outbox (backend/mail.py: `gatehouse send-mail` sends it,
retries with back-off, shows `failed` with the server's answer, never loses it);
packers pull its status. This module words the email.
"""
from __future__ import annotations

from backend.mail import MAX_ATTEMPTS, outbox, send_due  # noqa: F401 (the outbox every domain shares)
from backend.packing.kinds import NOTICE

TEXT = {
    "en": ("Your order {number} has been dispatched",
           "Dear {customer},\n\nyour order {number} left our warehouse by {carrier} today.\n"
           "Waybill no.: {waybill}\nIt should arrive in about {days} day(s), in {boxes} box(es).\n\n{site}\n"),
    "zh-Hant": ("您的訂單 {number} 已發貨",
                "{customer}:\n\n您的訂單 {number} 今日已經由{carrier}發貨。\n"
                "運單號碼:{waybill}\n預計約 {days} 日內送達,共 {boxes} 箱。\n\n{site}\n"),
}
CARRIERS_ZH = {"China Railway Express": "中鐵快運", "SF Express": "順豐速運", "STO Express": "申通快遞",
               "Road freight": "公路運輸"}


def facts(number: str, customer: str, carrier: str, waybill: str, days: int, boxes: int) -> dict:
    """What a dispatch email tells, kept on the notice (the site's name is added when sent)."""
    return {"number": number, "customer": customer, "carrier": carrier, "waybill": waybill, "days": days,
            "boxes": boxes}


def compose(lang: str, number: str, customer: str, carrier: str, waybill: str, days: int, boxes: int,
            site: str) -> tuple[str, str]:
    """Subject and body in the customer's language."""
    subject, body = TEXT[lang]
    if lang == "zh-Hant":
        carrier = CARRIERS_ZH.get(carrier, carrier)
    values = {"number": number, "customer": customer, "carrier": carrier, "waybill": waybill, "days": days,
              "boxes": boxes, "site": site}
    return subject.format(**values), body.format(**values)


def _worded(notice: dict, site: str) -> tuple[str, str]:
    return compose(notice["lang"], site=site, **notice["facts"])


outbox(NOTICE, _worded)
