"""A major case goes to the department head or manager at once (system 6; R11 1.4;
issue 12 item 4): in-app as a flag in the supervisors' inbox at their next sync
(intake.py), and by email through the shared mail outbox (backend/mail.py) to the
site's `case_escalation_emails` when SMTP is configured. The email is one
`case.mail` record per address, pulled by the desk and supervisors, so its status
(queued, retrying, sent, failed with the server's answer) shows on the case.
The email carries the facts a manager needs to act and no internal note.
"""
from __future__ import annotations

from backend import mail
from backend.cases.kinds import MAIL
from backend.cases.words import words
from sync.kinds import HandlerContext

SETTING = "case_escalation_emails"  # site setting: the addresses of the department heads or managers
MAX_ADDRESSES = 10


def addresses(setting) -> list[str]:
    """The site's escalation addresses (a list, or one address), cleaned; at most MAX_ADDRESSES."""
    value = setting(SETTING, []) or []
    if isinstance(value, str):
        value = [value]
    return [a.strip() for a in value if isinstance(a, str) and "@" in a][:MAX_ADDRESSES]


def escalate(ctx: HandlerContext, case: dict) -> None:
    """Queue one email per address about this major case (none when the site has no address)."""
    stamp = case["history"][0]
    facts = {"number": case["number"], "type": case["type"], "channel": case["channel"], "person": case["person"],
             "unit": case["unit"], "name": case["name"], "phone": case["phone"], "matter": case["matter"],
             "place": case["place"], "received_by": stamp["user_name"], "at": ctx.local(stamp["at"]).strftime("%Y-%m-%d %H:%M")}
    for i, to in enumerate(addresses(ctx.setting)):
        ctx.put(MAIL, f"{case['id']}.mail.{i}", mail.queued(to, "en+zh-Hant", facts, ctx.received_at)
                | {"case_id": case["id"], "case_number": case["number"]})


def compose(notice: dict, site: str) -> tuple[str, str]:
    """Subject and body, English then Traditional Chinese (a manager reads either)."""
    f = notice["facts"]
    parts = []
    for lang in ("en", "zh-Hant"):
        w = words(lang)
        who = " ".join(x for x in (f"{w('unit')} {f['unit']}" if f["unit"] else "", f["name"], f["phone"]) if x)
        parts.append("\n".join((
            f"{w('mail_major')}: {f['number']} ({w(f['type'])}, {w(f['channel'])})",
            f"{w('site')}: {site}", f"{w('received_on')}: {f['at']} · {f['received_by']}",
            f"{w('person')}: {w(f['person'])} {who}".rstrip(),
            f"{w('place')}: {f['place'] or '-'}", f"{w('matter')}: {f['matter']}", "", w("mail_act"))))
    subject = f"{words('en')('mail_major')} {f['number']} / {words('zh-Hant')('mail_major')} {f['number']}"
    return subject, "\n\n----\n\n".join(parts) + "\n"


mail.outbox(MAIL, compose)
