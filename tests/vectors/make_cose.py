"""Write tests/vectors/cose.json: tokens signed by the server's code, with their
public keys and claims, for the phone's verifier (tests/browser/test_cose_js.py).

    .venv/bin/python tests/vectors/make_cose.py
"""
import json
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from backend.keys import tokens
from sync.canonical import canonical_json
from sync.device import public_jwk, sign


def claims_json(claims: dict) -> list:
    """CBOR claims as JSON: [key, value] pairs, byte strings as {"hex": ...}."""
    def v(x):
        return {"hex": x.hex()} if isinstance(x, bytes) else [v(i) for i in x] if isinstance(x, list) else x
    return [[k, v(x)] for k, x in claims.items()]


def main() -> None:
    key, root = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    cases = [
        {1: "pass", 2: uuid.UUID(int=7).bytes, 3: "hv", 4: 1_764_200_000, 5: 1_766_800_000,
         6: [480, 1080], 7: ["A", "B"], 8: "12B"},
        {1: "permit", 2: uuid.UUID(int=8).bytes, 3: "hv", 4: 1_764_200_000, 5: 1_764_286_400, 8: "海景苑 3座 12B"},
        {1: "box", 2: "BOX-2026-11-0001-1", 3: "wh", 9: 12, 10: "S-000123", 11: bytes(range(32)), 12: True, 13: None,
         14: -5, 15: 2 ** 40},
    ]
    body = {"site_id": "hv", "keys": [{"kid": "hv-2", "jwk": public_jwk(key), "valid_until": None}],
            "issued_at": 1_764_200_000_000}
    out = {"jwk": public_jwk(key), "kid": "hv-2",
           "tokens": [{"text": tokens.sign(c, "hv-2", key), "claims": claims_json(c)} for c in cases],
           "key_list": {**body, "root_kid": "hv-1", "signature": sign(root, canonical_json(body))},
           "root_jwk": public_jwk(root)}
    Path(__file__).with_name("cose.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
