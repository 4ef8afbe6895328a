"""The mail outbox: emails queued by pure handlers, sent by `gatehouse send-mail`,
with retries and a visible status (one outbox for every domain).

A handler queues an email as a record of the domain's own notice kind
(`ctx.put(KIND, id, queued(to, lang, facts, ctx.received_at) | extra)`), so the
people who pull that kind see its status; the domain registers how a notice of
that kind is worded (`outbox(KIND, compose)`, `compose(notice, site_name) ->
(subject, body)`). `send_due` (from `gatehouse send-mail`, run by a timer) hands
every due notice of every registered kind to SMTP once. A refused address or a
server that is down is retried with back-off, up to MAX_ATTEMPTS; the notice then
shows `failed` with the server's answer, and is never lost. Without SMTP_HOST
nothing is sent and every notice stays queued.
"""
from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage
from typing import Callable

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from backend.db import database
from backend.domain import open_while
from backend.identity.models import Site
from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import EntityRow
from backend.sync_api.store import publish

MAX_ATTEMPTS = 5
FIRST_RETRY_MS = 60_000

Compose = Callable[[dict, str], tuple[str, str]]
COMPOSERS: dict[str, Compose] = {}  # notice kind -> how its emails are worded


def outbox(kind: str, compose: Compose) -> None:
    """Register a notice kind: its records are emails `compose` words."""
    COMPOSERS[kind] = compose


PENDING = ("queued", "retrying")  # still to be sent; then "sent" or "failed"
SENDING = open_while("status", *PENDING)  # a notice's window on phones (sync/window.py)


def queued(to: str, lang: str, facts: dict, now_ms: int) -> dict:
    """The fields of a new notice (a domain adds its own links, e.g. the order)."""
    return {"to": to, "lang": lang, "facts": facts, "status": "queued", "attempts": 0, "next_at": now_ms,
            "last_error": None, "sent_at": None}


def due(s, now_ms: int, kinds=None) -> list[EntityRow]:
    rows = s.scalars(select(EntityRow).where(EntityRow.kind.in_(list(kinds or COMPOSERS)),
                                             EntityRow.deleted.is_(False),
                                             JsonText(EntityRow.data, "status").in_(PENDING)))
    return [r for r in rows if r.data["next_at"] <= now_ms]


def send_due(now_ms: int | None = None) -> dict[str, int]:
    """Hand every due notice to SMTP once; returns how many were sent, retried, failed."""
    cfg = current_app.config
    now_ms = now_ms or int(time.time() * 1000)
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    if not cfg["SMTP_HOST"]:
        return counts
    with database().snapshot() as s:
        waiting = [(r.kind, r.space, r.id, dict(r.data)) for r in due(s, now_ms)]
        sites = {site.id: f"{site.name} {site.name_zh}".strip() for site in s.scalars(select(Site))}
    for kind, space, notice_id, n in waiting:
        subject, body = COMPOSERS[kind](n, sites[space])
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
            publish(s, space, kind, notice_id, n)
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
    """Send the queued emails that are due, of every domain (run it every minute from a timer)."""
    counts = send_due()
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
