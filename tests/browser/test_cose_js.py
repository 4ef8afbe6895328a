"""pwa/lib/cose.js reads and checks the server's signed tokens exactly as
backend/keys/tokens.py does (shared vectors), refuses every changed byte, and
what a phone signs offline (a box label) the server verifies."""
from __future__ import annotations

import json
from pathlib import Path

from backend.keys import tokens
from sync.signature import public_key_from_jwk

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "cose.json"


def test_the_phone_verifies_the_servers_tokens_and_its_key_list(phone, server):
    p = phone()
    p.open("#/welcome")
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    got = p.page.evaluate("""async (v) => {
        const { readToken, verifyToken, verifyKeyList } = await import('/lib/cose.js');
        // Claims as JSON pairs, byte strings as {hex} (no eval: the app's CSP forbids it).
        const toJson = (m) => [...m.entries()].map(([k, v]) => [k, (function j(x) {
            if (x instanceof Uint8Array) return {hex: [...x].map(b => b.toString(16).padStart(2, '0')).join('')};
            if (Array.isArray(x)) return x.map(j);
            return x; })(v)]);
        const out = [];
        for (const t of v.tokens) {
            const token = readToken(t.text);
            out.push({kid: token.kid, claims: toJson(await verifyToken(token, v.jwk))});
        }
        const keys = await verifyKeyList(v.key_list, v.root_jwk);
        let tampered = 'accepted';
        try { await verifyKeyList({...v.key_list, issued_at: v.key_list.issued_at + 1}, v.root_jwk); }
        catch (e) { tampered = e.reason; }
        return {out, keys: keys.map(k => k.kid), tampered};
    }""", vectors)
    assert got["out"] == [{"kid": vectors["kid"], "claims": t["claims"]} for t in vectors["tokens"]]
    assert got["keys"] == ["hv-2"] and got["tampered"] == "forged"


def test_the_phone_refuses_every_changed_byte(phone, server):
    p = phone()
    p.open("#/welcome")
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    reasons = p.page.evaluate("""async (v) => {
        const { readToken, verifyToken, b45encode, b45decode, PREFIX } = await import('/lib/cose.js');
        const raw = b45decode(v.tokens[0].text.slice(PREFIX.length));
        const seen = {};
        for (let at = 0; at < raw.length; at++) {
            for (const bit of [0x01, 0x80]) {
                const changed = raw.slice(); changed[at] ^= bit;
                let reason = 'accepted';
                try { await verifyToken(readToken(PREFIX + b45encode(changed)), v.jwk); }
                catch (e) { reason = e.reason ?? ('crash: ' + e); }
                seen[reason] = (seen[reason] ?? 0) + 1;
            }
        }
        return seen;
    }""", vectors)
    assert set(reasons) <= {"unreadable", "forged"}, reasons


def test_what_a_phone_signs_offline_the_server_verifies(phone, server):
    p = phone()
    p.open("#/welcome")
    text, jwk = p.page.evaluate("""async () => {
        const { signToken } = await import('/lib/cose.js');
        const key = await crypto.subtle.generateKey({name: 'ECDSA', namedCurve: 'P-256'}, false, ['sign', 'verify']);
        const claims = new Map([[1, 'box'], [2, 'BOX-1'], [9, 12], [10, 'S-000123'],
                                [11, new Uint8Array([1, 2, 3])], [14, -5]]);
        const text = await signToken(claims, 'device:abc', key.privateKey);
        return [text, await crypto.subtle.exportKey('jwk', key.publicKey)];
    }""")
    token = tokens.read(text)
    assert token.kid == "device:abc"
    claims = tokens.verify(token, public_key_from_jwk(jwk))
    assert claims == {1: "box", 2: "BOX-1", 9: 12, 10: "S-000123", 11: b"\x01\x02\x03", 14: -5}
