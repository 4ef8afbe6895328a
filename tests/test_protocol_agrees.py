"""PROTOCOL.md and the server agree (issue 8 finding 7): every refusal the sync
endpoints can answer before a mutation is read is listed in P3, and a pull
covers only the phone's own site (P5.4)."""
from __future__ import annotations

import re
from pathlib import Path

from tests.phone import body

ROOT = Path(__file__).resolve().parent.parent
PROTOCOL = (ROOT / "sync" / "PROTOCOL.md").read_text(encoding="utf-8")
REFUSING = ["sync/push.py", "backend/sync_api/routes.py", "backend/identity/service.py"]


def section(number: int) -> str:
    return PROTOCOL.split(f"\n## {number}.")[1].split("\n## ")[0]


def test_every_refusal_of_push_and_pull_is_listed_in_p3():
    found = set()
    for path in REFUSING:
        found |= set(re.findall(r'(?:AuthError|ApiError)\(\s*(\d{3}),\s*"([a-z_]+)"', (ROOT / path).read_text()))
    # `requires(role)` and `get_site`: REST views only, never push or pull
    found -= {("403", "forbidden"), ("404", "site_unknown")}
    assert {reason for _, reason in found} >= {"token_missing", "device_token_missing", "device_mismatch"}
    p3 = section(3)
    missing = sorted(f"{code} {reason}" for code, reason in found if f"`{reason}`" not in p3)
    assert missing == []
    assert "413 `batch_too_large`" in p3 and "400 `invalid_batch`" in p3


def test_a_pull_covers_only_the_phones_site(make_phone):
    """super1 works at both sites; the phone at hv pulls none of the warehouse's records."""
    at_wh = make_phone("super1", site="wh")
    at_wh.write("log.entry", {"category": "general", "text": "at the warehouse", "location": ""})
    at_hv = make_phone("super1", site="hv")
    at_hv.write("log.entry", {"category": "general", "text": "at the estate", "location": ""})
    for p in (at_wh, at_hv):
        p.sync()
    assert any(c["data"].get("text") == "at the warehouse" for c in body(at_wh.pull(None, 1000))["changes"])
    page = body(at_hv.pull(None, 1000))
    assert {c["space"] for c in page["changes"]} == {"hv"}
    assert "device's site only" in section(5)
