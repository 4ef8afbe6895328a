"""pwa/lib/canonical.js writes exactly what PROTOCOL.md section 1 says: every
shared vector's canonical string and SHA-256, computed in the browser."""
from __future__ import annotations

import json
from pathlib import Path

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "canonical.json"


def test_canonical_js_matches_every_shared_vector(phone, server):
    p = phone()
    p.open("#/welcome")
    raw = VECTORS.read_text(encoding="utf-8")
    assert len(json.loads(raw)) > 0
    # JSON.parse in the page reads the numbers exactly as the phone would.
    failures = p.page.evaluate("""async (raw) => {
        const { canonical, sha256Hex } = await import('/lib/canonical.js');
        const out = [];
        for (const [i, v] of JSON.parse(raw).entries()) {
            const got = canonical(v.value);
            const hash = await sha256Hex(got);
            if (got !== v.canonical || hash !== v.sha256) out.push({i, got, want: v.canonical, hash, wantHash: v.sha256});
        }
        return out;
    }""", raw)
    assert failures == []


def test_canonical_js_refuses_nan_and_infinity(phone, server):
    p = phone()
    p.open("#/welcome")
    errors = p.page.evaluate("""async () => {
        const { canonical } = await import('/lib/canonical.js');
        return [NaN, Infinity, -Infinity, {a: [1, NaN]}].map(v => { try { canonical(v); return 'ok'; } catch (e) { return e.name; } });
    }""")
    assert errors == ["TypeError"] * 4
