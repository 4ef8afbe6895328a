"""The gate's decisions, table-tested at their edges (one minute either side)."""
from __future__ import annotations

import uuid

import pytest

from backend.passes import rules

TZ = "Asia/Hong_Kong"
PASS = {"id": str(uuid.uuid4()), "site_id": "hv", "valid_from": "2026-12-01", "valid_until": "2026-12-02",
        "hours_from": "08:00", "hours_until": "18:00", "gates": ["main"], "unit": "12B"}
CLAIMS = rules.pass_claims(PASS, TZ)
START, END = CLAIMS[4] * 1000, CLAIMS[5] * 1000
MIN = 60_000
HOUR = 60 * MIN


@pytest.mark.parametrize("now,gate,revoked_at,expected", [
    (START + 8 * HOUR, "main", None, "valid"),
    (START + 8 * HOUR - MIN, "main", None, "outside_hours"),
    (START + 18 * HOUR - MIN, "main", None, "valid"),
    (START + 18 * HOUR, "main", None, "outside_hours"),
    (START - MIN, "main", None, "not_yet_valid"),
    (END - 6 * HOUR - MIN, "main", None, "valid"),
    (END + MIN, "main", None, "expired"),
    (END, "main", None, "expired"),
    (START + 9 * HOUR, "car_park", None, "wrong_gate"),
    (START + 9 * HOUR, "main", START + 9 * HOUR - MIN, "revoked"),
    (START + 9 * HOUR, "main", START + 9 * HOUR + MIN, "valid"),
])
def test_verdict(now, gate, revoked_at, expected):
    assert rules.verdict(CLAIMS, kind="pass", site_id="hv", gate=gate, now_ms=now, tz=TZ,
                         revoked_at=revoked_at) == expected


def test_the_window_is_whole_days_in_the_sites_time_zone():
    assert CLAIMS[5] - CLAIMS[4] == 2 * 86400
    assert rules.verdict(CLAIMS, kind="pass", site_id="wh", gate="main", now_ms=START + 9 * HOUR, tz=TZ,
                         revoked_at=None) == "other_site"
    assert rules.verdict(CLAIMS, kind="permit", site_id="hv", gate="main", now_ms=START + 9 * HOUR, tz=TZ,
                         revoked_at=None) == "wrong_kind"


@pytest.mark.parametrize("span,minute,inside", [
    ([1320, 360], 1380, True), ([1320, 360], 300, True), ([1320, 360], 720, False), ([0, 0], 5, True)])
def test_hours_may_span_midnight(span, minute, inside):
    assert rules.in_hours(span, minute) is inside


def test_a_token_id_is_the_pass_id():
    assert rules.token_id(CLAIMS) == PASS["id"] and rules.token_id({2: b"x"}) == ""


def test_the_qr_length_is_known_before_signing_and_long_passes_do_not_fit():
    import qrcode
    from cryptography.hazmat.primitives.asymmetric import ec

    from backend.keys import tokens
    text = tokens.sign(CLAIMS, "hv-12", ec.generate_private_key(ec.SECP256R1()))
    assert rules.token_chars(CLAIMS, "hv-12") == len(text)
    big = {**PASS, "gates": [f"gate-{i:02d}-with-a-long-name" for i in range(6)], "unit": "U" * 40}
    assert rules.fits_qr(CLAIMS, "hv") and not rules.fits_qr(rules.pass_claims(big, TZ), "hv")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data("GH1:" + "A" * (rules.QR_V10_M_ALPHANUMERIC - 4))
    code.make(fit=True)
    assert code.version == 10
