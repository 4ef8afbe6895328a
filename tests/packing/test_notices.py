"""The dispatch email: queued by the dispatch, sent through a real SMTP server run
by the test (aiosmtpd on loopback), in the customer's language; a bouncing address
is retried with back-off, its status shown, and never lost."""
import email
import email.policy
import socket
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller

from backend.packing.notices import MAX_ATTEMPTS, send_due
from tests.packing.conftest import count_all, new_order, one, open_box, register, seal, sign_two


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


@contextmanager
def smtp_server():
    """A real SMTP server on loopback: (its inbox, its port)."""
    inbox = Inbox()
    with socket.socket() as s:  # a free port: aiosmtpd's controller cannot start on port 0
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def smtp(app):
    with smtp_server() as (inbox, port):
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        yield inbox


def dispatched(packer, **customer) -> str:
    oid = new_order(packer, register(packer, **customer))
    box = open_box(packer, oid)
    count_all(packer, oid, box)
    sign_two(packer, oid)
    assert seal(packer, box)["status"] == "applied"
    packer.write("packing.dispatch", {"order_id": oid, "carrier": "SF Express", "waybill": "SF1234567890",
                                      "expected_days": 3})
    r = one(packer)
    assert r["status"] == "applied", r
    return r["id"]


def test_the_customer_is_emailed_in_their_language(app, packer, staff, smtp):
    notice_id = dispatched(packer, email="buyer@example.com", language="zh-Hant")
    assert packer.of_kind("packing.notice")[notice_id]["status"] == "queued"
    with app.app_context():
        assert send_due() == {"sent": 1, "retrying": 0, "failed": 0}
        assert send_due() == {"sent": 0, "retrying": 0, "failed": 0}  # sent once
    [mail] = smtp.messages
    message = email.message_from_bytes(mail.content, policy=email.policy.default)
    number = packer.of_kind("packing.order")[packer.of_kind("packing.notice")[notice_id]["order_id"]]["number"]
    assert mail.rcpt_tos == ["buyer@example.com"] and message["Subject"] == f"您的訂單 {number} 已發貨"
    text = message.get_content()
    assert "順豐速運" in text and "SF1234567890" in text and "Kwun Tong Warehouse 觀塘貨倉" in text
    packer.pull_all()
    n = packer.of_kind("packing.notice")[notice_id]
    assert (n["status"], n["attempts"]) == ("sent", 1)


def test_a_bouncing_address_is_retried_shown_and_kept(app, packer, staff, smtp):
    notice_id = dispatched(packer, email="bounce@example.com", language="en")
    later = None
    with app.app_context():
        assert send_due()["retrying"] == 1
        packer.pull_all()
        n = packer.of_kind("packing.notice")[notice_id]
        assert n["status"] == "retrying" and "550" in n["last_error"] and n["attempts"] == 1
        assert send_due()["retrying"] == 0           # not due again before its back-off
        for _ in range(MAX_ATTEMPTS - 1):
            later = n["next_at"] + 1
            send_due(later)
            packer.pull_all()
            n = packer.of_kind("packing.notice")[notice_id]
    assert (n["status"], n["attempts"]) == ("failed", MAX_ATTEMPTS) and smtp.messages == []


def test_a_customer_without_an_email_gets_no_notice(packer, staff):
    dispatched(packer, email="")
    assert packer.of_kind("packing.notice") == {}
