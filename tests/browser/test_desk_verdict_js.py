"""The phone's gate decision (pwa/domains/desk/verdict.js) answers the server's
table (backend/passes/rules.py, tests/passes/test_rules.py) case for case."""
from __future__ import annotations

from backend.passes import rules
from tests.passes import test_rules as table
from tests.passes.test_rules import CLAIMS, TZ

VERDICT_CASES = table.test_verdict.pytestmark[0].args[1]
HOURS_CASES = table.test_hours_may_span_midnight.pytestmark[0].args[1]


def test_the_phone_decides_every_case_of_the_servers_table(phone):
    p = phone()
    p.open("#/welcome")
    claims = [[k, {"hex": v.hex()} if isinstance(v, bytes) else v] for k, v in CLAIMS.items()]
    got = p.page.evaluate("""async ([claims, cases, hours, tz]) => {
        const { verdict, inHours, tokenId } = await import('/domains/desk/verdict.js');
        const unhex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
        const m = new Map(claims.map(([k, v]) => [k, v && v.hex ? unhex(v.hex) : v]));
        return {
            verdicts: cases.map(([now, gate, revokedAt]) => verdict(m, { kind: "pass", siteId: "hv", gate, nowMs: now, tz, revokedAt })),
            otherSite: verdict(m, { kind: "pass", siteId: "wh", gate: "main", nowMs: cases[0][0], tz, revokedAt: null }),
            wrongKind: verdict(m, { kind: "permit", siteId: "hv", gate: "main", nowMs: cases[0][0], tz, revokedAt: null }),
            hours: hours.map(([span, minute]) => inHours(span, minute)),
            id: tokenId(m),
        };
    }""", [claims, [list(c[:3]) for c in VERDICT_CASES], [list(c[:2]) for c in HOURS_CASES], TZ])
    assert got["verdicts"] == [c[3] for c in VERDICT_CASES]
    assert (got["otherSite"], got["wrongKind"]) == ("other_site", "wrong_kind")
    assert got["hours"] == [c[2] for c in HOURS_CASES]
    assert got["id"] == rules.token_id(CLAIMS)
