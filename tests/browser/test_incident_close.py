"""An incident closed as handed to the police on the supervisor's phone, then its
analysis report downloaded as PDF and read (issue 16, "Prove it")."""
from __future__ import annotations

import io
import re
import uuid

from pypdf import PdfReader

from tests.phone import body


def test_supervisor_closes_an_incident_handed_to_the_police_and_reads_the_analysis(phone, server):
    tag = uuid.uuid4().hex[:6]
    guard = server.api_phone("guard1")
    report = guard.write("incident.report", {"category": "public_order", "severity": "critical",
                                             "description": f"Shop shutter forced {tag}", "place": "Podium shop 3"})
    [out] = body(guard.push())["results"]
    assert out["status"] == "applied", out
    s = phone().setup("super1")
    s.sync()
    s.go(f"#/incidents/{report['id']}")
    s.page.get_by_label("Outcome", exact=True).fill(f"Police took the case {tag}")
    s.page.get_by_label("Handed to the police").check()
    s.page.get_by_label("Police station").fill("Tsim Sha Tsui Police Station")
    s.page.get_by_label("Police report no.").fill(f"TST-{tag}")
    s.page.get_by_label("Officer").fill("PC 4521 Chan")
    s.page.get_by_label("Handed over at").fill("2026-11-30T03:15")
    s.page.get_by_label("Cause").fill("Worn shutter lock")
    s.page.get_by_label("Staff negligence involved").check()
    s.page.get_by_label("Investigated by").fill("Ho Wing Sze")
    s.page.get_by_label("Corrective measures").fill("Lock replaced")
    s.page.get_by_label("Preventive measures").fill("Podium shops on every night round")
    s.page.get_by_test_id("close-incident").click()
    s.page.wait_for_selector(f"[data-testid=closing-facts] >> text=TST-{tag}")
    s.sync()
    s.page.get_by_role("button", name="Analysis report (PDF, English)").wait_for()
    with s.page.expect_download() as got:
        s.page.get_by_role("button", name="Analysis report (PDF, English)").click()
    text = re.sub(r"\s+", " ", "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(
        open(got.value.path(), "rb").read())).pages))
    for expected in ["Major incident analysis report", f"Shop shutter forced {tag}", f"TST-{tag}", "PC 4521 Chan",
                     "Worn shutter lock", "investigated by Ho Wing Sze", "Podium shops on every night round"]:
        assert expected in text, (expected, text[:500])
    assert s.errors == []
