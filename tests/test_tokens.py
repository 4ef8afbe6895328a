"""Signed tokens (passes, permits, box labels): forged, retired, foreign and
malformed ones fail; a pass fits a QR of version 10 at error correction M."""
import os
import uuid
from datetime import timedelta

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings, strategies as st

from backend.db import database
from backend.identity.service import utcnow
from backend.keys import service, tokens
from sync.canonical import canonical_json
from sync.signature import public_key_from_jwk, verify
from tests.phone import Phone

KEY = ec.generate_private_key(ec.SECP256R1())
# A pass as the front desk will issue it: id, site, validity, daily hours, gates, unit (no personal data).
PASS = {1: "pass", 2: uuid.uuid4().bytes, 3: "hv", 4: 1_764_200_000, 5: 1_766_800_000,
        6: [480, 1080], 7: ["A", "B"], 8: "12B"}


def test_base45_matches_rfc_9285():
    for raw, text in ((b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"), (b"ietf!", "QED8WEX0")):
        assert tokens.b45encode(raw) == text and tokens.b45decode(text) == raw


def test_a_token_round_trips_and_fits_qr_version_10_at_m():
    text = tokens.sign(PASS, "hv-2", KEY)
    token = tokens.read(text)
    assert token.kid == "hv-2" and tokens.verify(token, KEY.public_key()) == PASS
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    assert qr.version <= 10, (qr.version, len(text))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_single_byte_change_fails(data):
    raw = tokens.b45decode(tokens.sign(PASS, "hv-2", KEY)[len(tokens.PREFIX):])
    at = data.draw(st.integers(0, len(raw) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = tokens.PREFIX + tokens.b45encode(raw[:at] + bytes([raw[at] ^ flip]) + raw[at + 1:])
    with pytest.raises(tokens.BadToken) as info:
        tokens.verify(tokens.read(changed), KEY.public_key())
    assert info.value.reason in {"unreadable", "forged"}


@pytest.mark.parametrize("text", ["", "GH1:", "GH1:!!!", "HC1:NCFOXN", "GH1:" + "A" * 1999, None,
                                  "GH1:" + tokens.b45encode(b"\xff\xff\xff"), "GH1:" + tokens.b45encode(os.urandom(40))])
def test_garbage_is_unreadable_never_a_crash(text):
    with pytest.raises(tokens.BadToken) as info:
        tokens.read(text)
    assert info.value.reason == "unreadable"


def test_another_key_is_a_forgery():
    token = tokens.read(tokens.sign(PASS, "hv-2", KEY))
    with pytest.raises(tokens.BadToken) as info:
        tokens.verify(token, ec.generate_private_key(ec.SECP256R1()).public_key())
    assert info.value.reason == "forged"


def test_site_keys_sign_verify_rotate_and_retire(app):
    with app.app_context(), database().write() as s:
        first = service.sign_token(s, "hv", PASS)
        assert service.verify_token(s, "hv", first) == PASS
        with pytest.raises(tokens.BadToken) as other:
            service.verify_token(s, "wh", first)
        assert other.value.reason == "other_site"
        service.rotate(s, "hv", overlap_days=7)
        second = service.sign_token(s, "hv", PASS)
        assert tokens.read(second).kid != tokens.read(first).kid
        assert service.verify_token(s, "hv", first) == PASS  # inside the overlap
        with pytest.raises(tokens.BadToken) as retired:
            service.verify_token(s, "hv", first, now=utcnow() + timedelta(days=8))
        assert retired.value.reason == "retired_key"
        assert service.verify_token(s, "hv", second, now=utcnow() + timedelta(days=8)) == PASS
        fake = tokens.sign(PASS, "hv-99", KEY)
        with pytest.raises(tokens.BadToken) as unknown:
            service.verify_token(s, "hv", fake)
        assert unknown.value.reason == "unknown_key"


def test_phones_receive_the_key_list_signed_by_the_root_they_kept_at_enrolment(client):
    phone = Phone(client)
    root = phone.enrolled["site_root_key"]
    phone.sign_in("guard1")
    phone.pull_all()
    [keys] = phone.of_kind(service.KEYS).values()
    body = {"site_id": keys["site_id"], "keys": keys["keys"], "issued_at": keys["issued_at"]}
    assert keys["root_kid"] == root["kid"]
    assert verify(public_key_from_jwk(root["jwk"]), canonical_json(body), keys["signature"])
    assert all("d" not in k["jwk"] for k in keys["keys"])  # never a private part


def test_phones_learn_every_phone_key_and_its_revocation(client, token):
    phone, lost = Phone(client), Phone(client)
    phone.sign_in("guard1")
    client.post(f"/api/devices/{lost.device.id}/revoke", headers={"Authorization": f"Bearer {token('super1')}"})
    phone.pull_all()
    devices = phone.of_kind(service.DEVICE)
    assert devices[phone.device.id]["revoked_at"] is None
    assert devices[lost.device.id]["revoked_at"] is not None
    assert devices[lost.device.id]["public_jwk"]["x"]


def test_every_byte_position_flipped_fails():
    raw = tokens.b45decode(tokens.sign(PASS, "hv-2", KEY)[len(tokens.PREFIX):])
    for at in range(len(raw)):
        for bit in (0x01, 0x80):
            changed = tokens.PREFIX + tokens.b45encode(raw[:at] + bytes([raw[at] ^ bit]) + raw[at + 1:])
            with pytest.raises(tokens.BadToken):
                tokens.verify(tokens.read(changed), KEY.public_key())
