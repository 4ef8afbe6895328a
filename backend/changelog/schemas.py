"""The reason a set-up change carries (rulebook 10.7), one field for every set-up API."""
from __future__ import annotations

from marshmallow import fields, validate


def reason_field(required: bool) -> fields.String:
    """Why a set-up thing changes: required on every edit, optional when it is made."""
    if required:
        return fields.String(required=True, validate=[validate.Length(1, 500), validate.Regexp(r"\s*\S", error="say why")],
                             metadata={"description": "why: kept in the change log with who and when"})
    return fields.String(load_default="", validate=validate.Length(max=500))
