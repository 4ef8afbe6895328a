"""Passes and permits: how fast the server checks a gate token, and how big the QR is.

Prints one JSON object: tokens verified per second through the whole gate check
(`tokens.read` + ECDSA verify + `rules.verdict`) against a baseline measured in
the same run (the bare ECDSA verify of the same bytes), and the QR version (error
correction M) and length of a pass and a permit as the desk prints them.
`--quick` does fewer rounds (the test only checks the shape and the QR limit).
"""
from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature  # noqa: E402

from backend.keys import tokens  # noqa: E402
from backend.passes import permits, rules  # noqa: E402
from backend.passes.service import qr_version  # noqa: E402
from bench.common import emit, log  # noqa: E402

TZ = "Asia/Hong_Kong"


def per_second(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def main() -> None:
    quick = "--quick" in sys.argv
    n = 200 if quick else 3000
    key = ec.generate_private_key(ec.SECP256R1())
    p = {"id": str(uuid.uuid4()), "site_id": "harbour-view", "valid_from": "2026-11-30", "valid_until": "2027-02-27",
         "hours_from": "08:00", "hours_until": "18:30", "gates": ["main", "car_park", "loading_bay"], "unit": "Tower 2 23B"}
    claims = rules.pass_claims(p, TZ)
    pass_token = tokens.sign(claims, "harbour-view-12", key)
    permit = {"id": str(uuid.uuid4()), "site_id": "harbour-view", "valid_from_s": claims[4],
              "valid_until_s": claims[4] + 86400, "unit": "Tower 2 23B"}
    permit_token = tokens.sign(permits.claims(permit), "harbour-view-12", key)
    public = key.public_key()
    now = (claims[4] + 9 * 3600) * 1000

    def gate_check():
        found = tokens.verify(tokens.read(pass_token), public)
        assert rules.verdict(found, kind="pass", site_id="harbour-view", gate="main", now_ms=now, tz=TZ,
                             revoked_at=None) == rules.VALID

    token = tokens.read(pass_token)
    der = encode_dss_signature(int.from_bytes(token.signature[:32], "big"), int.from_bytes(token.signature[32:], "big"))

    def bare_verify():
        public.verify(der, token.signed, ec.ECDSA(hashes.SHA256()))

    log(f"{n} checks each")
    baseline = per_second(bare_verify, n)
    full = per_second(gate_check, n)
    emit({"bench": "passes", "n": n,
          "server_gate_checks_per_s": round(full), "baseline_ecdsa_verifies_per_s": round(baseline),
          "ratio_to_baseline": round(full / baseline, 3),
          "pass": {"qr_version": qr_version(pass_token), "chars": len(pass_token)},
          "permit": {"qr_version": qr_version(permit_token), "chars": len(permit_token)}})


if __name__ == "__main__":
    main()
