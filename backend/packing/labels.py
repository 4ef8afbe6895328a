"""Box labels (design.md section 6): box id, order, item count, seal number and a
digest of the contents, signed offline by the packing phone's own key and
countersigned by the server after sync. Any enrolled phone of the site checks
one offline against the phones' public keys it pulled (`site.device`).

Claims (backend/keys/README.md): 1 "box", 2 box id, 3 site, 4 sealed at (Unix s),
9 item count, 10 seal number ("" when none), 11 digest (16 bytes), 12 order id.
The countersignature: 1 "box-cs", 2 box id, 3 site, 4 signed at, 11 the first 16
bytes of SHA-256 of the label's text. The phone does the same in pwa (labels.js).
"""
from __future__ import annotations

import hashlib
from typing import Callable

from backend.keys import tokens
from backend.packing.kinds import DEVICE
from sync.canonical import canonical_json
from sync.signature import public_key_from_jwk

TYPE, COUNTERSIGN = "box", "box-cs"
RESULTS = ("intact", "seal_broken", "seal_mismatch", "label_forged", "label_revoked", "label_other_site")


def digest(box_id: str, contents: dict[str, int]) -> bytes:
    """16 bytes that change with any change to what is in the box."""
    return hashlib.sha256(canonical_json({"box_id": box_id, "contents": contents}).encode()).digest()[:16]


def label_digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()[:16]


def claims(box: dict, site_id: str, sealed_at_s: int, seal_number: str) -> dict:
    """What a box's label holds (no personal data: the customer stays off the QR)."""
    return {1: TYPE, 2: box["id"], 3: site_id, 4: sealed_at_s, 9: sum(box["contents"].values()),
            10: seal_number, 11: digest(box["id"], box["contents"]), 12: box["order_id"]}


def kid(device_id: str) -> str:
    return f"device:{device_id}"


def sign(box: dict, site_id: str, sealed_at_s: int, seal_number: str, device_id: str, key) -> str:
    """The label a packing phone signs offline when it seals `box` (the phone's own is
    pwa/domains/packing/labels.js); here for the demo seed and the tests."""
    return tokens.sign(claims(box, site_id, sealed_at_s, seal_number), kid(device_id), key)


def devices(ctx) -> Callable[[str], tuple[dict | None, bool]]:
    """A handler's lookup of the phones' published keys (`site.device`) for `check`."""
    def find(device_id: str):
        record = ctx.lookup_any_site(DEVICE, device_id)
        if record is None or record.deleted:
            return None, False
        return record.data, record.space == ctx.mutation.space
    return find


def signer(text: str) -> str | None:
    """The id of the phone whose key signed a readable label."""
    kid_ = tokens.read(text).kid
    return kid_.removeprefix("device:") if kid_.startswith("device:") else None


def check(text: str, device: Callable[[str], tuple[dict | None, bool]], site_id: str) -> tuple[str, dict | None]:
    """(result, claims) of a label: `intact` when a phone of this site signed it and
    was not revoked; else `label_forged`, `label_revoked` or `label_other_site`.
    `device(id)` gives the phone's published record and whether it is of this site."""
    try:
        token = tokens.read(text)
    except tokens.BadToken:
        return "label_forged", None
    if not token.kid.startswith("device:"):
        return "label_forged", None
    record, here = device(token.kid.removeprefix("device:"))
    if record is None:
        return "label_forged", None
    if not here:
        return "label_other_site", None
    try:
        found = tokens.verify(token, public_key_from_jwk(record["public_jwk"]))
    except (tokens.BadToken, ValueError, KeyError):
        return "label_forged", None
    if found.get(1) != TYPE or not isinstance(found.get(2), str):
        return "label_forged", None
    if found.get(3) != site_id:
        return "label_other_site", found
    if record.get("revoked_at") is not None:
        return "label_revoked", found
    return "intact", found


def arrival(result: str, found: dict | None, seal_seen: str, seal_broken: bool) -> str:
    """The arrival check's result: the label first, then the seal as found."""
    if result != "intact":
        return result
    if seal_broken:
        return "seal_broken"
    if (found.get(10) or "") != seal_seen:
        return "seal_mismatch"
    return "intact"
