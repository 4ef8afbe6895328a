"""The customer's dispatch email (ch. 6: tell them it has gone, about how many
days, the waybill), from a notification outbox with retries and a visible status.

The dispatch handler (pure) queues a `packing.notice` record in the customer's
language; `gatehouse send-mail` (or `send_due`, from a timer) hands due ones to
SMTP. A refused address or a server that is down is retried with back-off, up to
MAX_ATTEMPTS; the notice then shows `failed` with the server's answer, and is
never lost: packers pull its status.
"""
from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from backend.db import database
from backend.identity.models import Site
from backend.packing.kinds import NOTICE
from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import EntityRow
from backend.sync_api.store import publish

MAX_ATTEMPTS = 5
FIRST_RETRY_MS = 60_000

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


def due(s, now_ms: int) -> list[EntityRow]:
    rows = s.scalars(select(EntityRow).where(EntityRow.kind == NOTICE, EntityRow.deleted.is_(False),
                                             JsonText(EntityRow.data, "status").in_(["queued", "retrying"])))
    return [r for r in rows if r.data["next_at"] <= now_ms]


def send_due(now_ms: int | None = None) -> dict[str, int]:
    """Hand every due notice to SMTP once; returns how many were sent, retried, failed."""
    cfg = current_app.config
    now_ms = now_ms or int(time.time() * 1000)
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    if not cfg["SMTP_HOST"]:
        return counts
    with database().snapshot() as s:
        waiting = [(r.space, r.id, dict(r.data)) for r in due(s, now_ms)]
        sites = {site.id: f"{site.name} {site.name_zh}".strip() for site in s.scalars(select(Site))}
    for space, notice_id, n in waiting:
        subject, body = compose(n["lang"], site=sites[space], **n["facts"])
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = cfg["MAIL_FROM"], n["to"], subject
        msg.set_content(body)
        n["attempts"] += 1
        try:
            with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=20) as smtp:
                smtp.send_message(msg)
            n.update(status="sent", sent_at=now_ms, last_error=None)
        except (smtplib.SMTPException, OSError) as exc:
            n["last_error"] = _why(exc)
            if n["attempts"] >= MAX_ATTEMPTS:
                n["status"] = "failed"
            else:
                n.update(status="retrying", next_at=now_ms + FIRST_RETRY_MS * 2 ** (n["attempts"] - 1))
        counts[n["status"]] += 1
        with database().write() as s:
            publish(s, space, NOTICE, notice_id, n)
    return counts


def _why(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{to}: {code} {msg.decode(errors='replace')}" for to, (code, msg) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace') if isinstance(exc.smtp_error, bytes) else exc.smtp_error}"
    return f"{type(exc).__name__}: {exc}"[:500]


@click.command("send-mail")
@with_appcontext
def send_mail_cmd():
    """Send the customers' queued dispatch emails that are due (run it every minute from a timer)."""
    counts = send_due()
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
