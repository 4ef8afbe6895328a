"""A major case goes to the manager at once: a flag in the supervisors' inbox and,
when SMTP is configured, an email through the shared mail outbox (backend/mail.py),
sent by a real SMTP server run by the test, retried when refused, its status shown
on the phones of the desk and supervisors and never on a guard's."""
from __future__ import annotations

import email
import email.policy

import pytest

from backend.mail import MAX_ATTEMPTS, send_due
from tests.cases.conftest import open_case
from tests.packing.test_notices import smtp_server


@pytest.fixture
def smtp(app):
    with smtp_server() as (inbox, port):
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        yield inbox


def major(phones):
    guard = phones["guard1"]
    m = open_case(guard, severity="major", matter="Ceiling collapsed in the lobby", unit="3A", name="Mr Wong")
    [out] = guard.sync()
    assert out["status"] == "flagged" and [r["code"] for r in out["reasons"]] == ["major_complaint"]
    return m["id"], out["result"]["number"]


def test_a_major_case_is_emailed_to_the_sites_managers_in_both_languages(app, phones, settings, smtp):
    settings(case_escalation_emails=["manager@example.com", "head.engineering@example.com", "not-an-address"])
    case_id, number = major(phones)
    desk = phones["desk1"]
    desk.pull_all()
    mails = desk.of_kind("case.mail")
    assert sorted(n["to"] for n in mails.values()) == ["head.engineering@example.com", "manager@example.com"]
    assert {(n["status"], n["case_id"], n["case_number"]) for n in mails.values()} == {("queued", case_id, number)}
    with app.app_context():
        assert send_due() == {"sent": 2, "retrying": 0, "failed": 0}
        assert send_due() == {"sent": 0, "retrying": 0, "failed": 0}   # sent once
    assert sorted(m.rcpt_tos[0] for m in smtp.messages) == ["head.engineering@example.com", "manager@example.com"]
    message = email.message_from_bytes(smtp.messages[0].content, policy=email.policy.default)
    assert message["Subject"] == f"Major complaint {number} / 重大投訴 {number}"
    text = message.get_content()
    for words in ("Ceiling collapsed in the lobby", "Unit 3A Mr Wong", "Chan Tai Man", "Complaint", "投訴",
                  "單位 3A", "Harbour View Estate 海景苑"):
        assert words in text, words
    desk.pull_all()
    assert {n["status"] for n in desk.of_kind("case.mail").values()} == {"sent"}
    guard = phones["guard1"]
    guard.pull_all()
    assert guard.of_kind("case.mail") == {}                          # a guard's phone never holds them


def test_a_refused_address_is_retried_then_failed_and_kept(app, phones, settings, smtp):
    settings(case_escalation_emails="bounce@example.com")
    case_id, _ = major(phones)
    with app.app_context():
        now = 10**13
        counts = [send_due(now + i * 10**9) for i in range(MAX_ATTEMPTS)]
    assert counts[0] == {"sent": 0, "retrying": 1, "failed": 0}
    assert counts[-1] == {"sent": 0, "retrying": 0, "failed": 1}
    desk = phones["desk1"]
    desk.pull_all()
    [n] = desk.of_kind("case.mail").values()
    assert n["status"] == "failed" and n["attempts"] == MAX_ATTEMPTS and "550" in n["last_error"]
    assert smtp.messages == []


def test_no_address_or_a_normal_case_queues_no_email(app, phones, settings, smtp):
    major(phones)                                  # no addresses set: the inbox flag only
    settings(case_escalation_emails=["manager@example.com"])
    open_case(phones["guard1"], matter="Light out on 3/F")   # a normal case
    assert phones["guard1"].sync()[0]["status"] == "applied"
    desk = phones["desk1"]
    desk.pull_all()
    assert desk.of_kind("case.mail") == {}
    with app.app_context():
        assert send_due() == {"sent": 0, "retrying": 0, "failed": 0}


def test_without_smtp_nothing_is_sent_and_the_email_stays_queued(app, phones, settings):
    settings(case_escalation_emails=["manager@example.com"])
    major(phones)
    app.config.update(SMTP_HOST="")
    with app.app_context():
        assert send_due() == {"sent": 0, "retrying": 0, "failed": 0}
    desk = phones["desk1"]
    desk.pull_all()
    assert [n["status"] for n in desk.of_kind("case.mail").values()] == ["queued"]
