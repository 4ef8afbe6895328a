"""Payload fields that name photos and signature images by their SHA-256."""
from __future__ import annotations

from marshmallow import fields, validate

SHA256 = validate.Regexp(r"^[0-9a-f]{64}$", error="a photo is named by the SHA-256 (hex) of its bytes")
MAX_PHOTOS = 10


def photo_list():
    """Photo references: SHA-256 of images uploaded (or still queued) to /api/media."""
    return fields.List(fields.String(validate=SHA256), load_default=list, validate=validate.Length(max=MAX_PHOTOS))


def image_ref(**kw):
    """One image (a drawn signature, a receipt) by its SHA-256."""
    return fields.String(validate=SHA256, **kw)
