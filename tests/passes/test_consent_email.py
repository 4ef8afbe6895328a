"""The owner's consent by email, through a real SMTP server on loopback (aiosmtpd):
the link answers once; used twice or after expiry it says so clearly."""
from __future__ import annotations

import re
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from backend.identity import service as identity
from tests.conftest import app_for
from tests.passes.test_permits import request as permit_request
from tests.phone import Phone, body


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    with socket.socket() as probe:      # a free loopback port (aiosmtpd checks its own with a connection)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mail_client(request, database_url, smtp):
    controller, _ = smtp
    return app_for(request, database_url, SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port,
                   CONSENT_LINK_HOURS=2).test_client()


def _link(inbox) -> str:
    [(rcpt, msg)] = inbox.messages
    text = msg.get_body(("plain",)).get_content()
    return rcpt, msg, re.search(r"http://[^\s]+/pass/consent/\S+", text).group(0)


def test_the_owner_consents_once_by_email_and_the_link_cannot_be_used_again(mail_client, smtp):
    _, inbox = smtp
    desk = Phone(mail_client)
    desk.sign_in("desk1")
    p = permit_request(desk)
    r = mail_client.post(f"/api/permits/{p['id']}/consent-email", json={"email": "owner@example.com"},
                         headers=desk.headers)
    assert r.status_code == 200, body(r)
    rcpt, msg, link = _link(inbox)
    assert rcpt == ["owner@example.com"] and "物品放行" in msg["Subject"]
    path = link.split("localhost", 1)[1]
    page = mail_client.get(path)
    assert page.status_code == 200 and "old kitchen cabinet" in page.get_data(as_text=True)
    assert mail_client.post(path, data={"answer": "yes"}).status_code == 200
    again = mail_client.post(path, data={"answer": "no"})
    assert again.status_code == 410 and "used already" in again.get_data(as_text=True)
    assert mail_client.get(path).status_code == 410
    desk.pull_all()
    permit = desk.of_kind("permit")[p["id"]]
    assert permit["status"] == "approved" and permit["consent"]["method"] == "email"
    assert permit["consent"]["email"] == "owner@example.com" and "key_sha256" in permit["email_consent"]
    token = body(mail_client.get(f"/api/permits/{p['id']}/token", headers=desk.headers))
    assert token["qr_version"] <= 10
    wrong = mail_client.get(path[:-3] + "xyz")
    assert wrong.status_code in (404, 410)


def test_an_expired_link_says_so_and_changes_nothing(mail_client, smtp, monkeypatch):
    _, inbox = smtp
    desk = Phone(mail_client)
    desk.sign_in("desk1")
    p = permit_request(desk)
    mail_client.post(f"/api/permits/{p['id']}/consent-email", json={"email": "owner@example.com"}, headers=desk.headers)
    _, _, link = _link(inbox)
    path = link.split("localhost", 1)[1]
    later = identity.utcnow() + timedelta(hours=3)
    monkeypatch.setattr("backend.passes.consent_email.utcnow", lambda: later)
    r = mail_client.post(path, data={"answer": "yes"})
    assert r.status_code == 410 and "expired" in r.get_data(as_text=True)
    desk.pull_all()
    assert desk.of_kind("permit")[p["id"]]["status"] == "awaiting_consent"


def test_without_a_mail_server_the_desk_is_told_and_a_guard_cannot_send(client, make_phone):
    desk, guard = make_phone("desk1"), make_phone("guard1")
    p = permit_request(desk)
    r = client.post(f"/api/permits/{p['id']}/consent-email", json={"email": "owner@example.com"}, headers=desk.headers)
    assert r.status_code == 503 and body(r)["reason"] == "email_unavailable"
    r = client.post(f"/api/permits/{p['id']}/consent-email", json={"email": "owner@example.com"}, headers=guard.headers)
    assert r.status_code == 403
    r = client.post(f"/api/permits/{p['id']}/consent-email", json={"email": "not an address"}, headers=desk.headers)
    assert r.status_code == 422
