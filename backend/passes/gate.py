"""The gate check of a pass (guards, offline) and what the server makes of it after sync.

Rulebook: security 3.3/3.7, every person entering is verified and registered: a
pass scan is that registration (`pass.use`, kept whatever the result). The phone
decides offline from the token's signature, the pulled key list, the roster's
revocations and its corrected clock, and sends what it showed (`shown`). The
server decides again with what it knows when the scan arrives; a pass the gate
let in (`shown: valid`) that the server finds not valid is flagged, never dropped:
`used_after_revocation` (with both times), `outside_window`, `wrong_gate`,
`invalid_pass`; and from the pass's uses in time order (`pass.presence`),
`passback` (an entry after an entry with no exit between) and `two_gates` (the
same pass entering at two gates within minutes). The first timestamp wins.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.passes import signed
from backend.passes.kinds import PRESENCE, ROSTER, USE
from backend.passes.rules import VALID, token_id, verdict
from sync.kinds import HandlerContext
from sync.types import Mutation

REASONS = (VALID, "unreadable", "forged", "unknown_key", "retired_key", "wrong_kind", "other_site",
           "not_yet_valid", "expired", "outside_hours", "wrong_gate", "revoked", "not_approved")
WINDOW_REASONS = {"not_yet_valid", "expired", "outside_hours"}
TWO_GATES_MS = 10 * 60_000


class ScanIn(Schema):
    token = fields.String(required=True, validate=validate.Length(1, 2000))
    gate = fields.String(required=True, validate=validate.Length(1, 40))
    direction = fields.String(required=True, validate=validate.OneOf(("in", "out")))
    shown = fields.String(required=True, validate=validate.OneOf(REASONS))
    data_age_ms = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(0))


def _iso(ctx: HandlerContext, ms: int) -> str:
    return ctx.local(ms).strftime("%Y-%m-%d %H:%M:%S")


def server_verdict(ctx: HandlerContext, text: str, gate: str) -> tuple[str, str, dict | None]:
    """(pass id, reason, roster entry) as the server sees the scan at its corrected time."""
    claims, reason = signed.check(ctx, text, ctx.corrected_at)
    if claims is None:
        return "", reason, None
    pass_id = token_id(claims)
    entry = ctx.get(ROSTER, pass_id) if pass_id else None
    data = entry.data if entry else None
    reason = verdict(claims, kind="pass", site_id=ctx.mutation.space, gate=gate, now_ms=ctx.corrected_at,
                     tz=ctx.tz, revoked_at=data["revoked_at"] if data else None)
    if reason == VALID and data and data["status"] in ("awaiting_approval", "refused"):
        reason = "not_approved"
    return pass_id, reason, data


def _flag_admitted(ctx: HandlerContext, reason: str, data: dict | None) -> None:
    if reason == "revoked":
        ctx.flag("used_after_revocation", f"revoked {_iso(ctx, data['revoked_at'])} (reached the server), "
                                          f"used {_iso(ctx, ctx.corrected_at)}")
    elif reason in WINDOW_REASONS:
        ctx.flag("outside_window", f"{reason} at {_iso(ctx, ctx.corrected_at)}")
    elif reason == "wrong_gate":
        ctx.flag("wrong_gate", "this pass does not allow this gate")
    else:
        ctx.flag("invalid_pass", reason)


def _presence(ctx: HandlerContext, pass_id: str, use: dict) -> None:
    entity = ctx.get(PRESENCE, pass_id)
    data = entity.data if entity else {"pass_id": pass_id, "site_id": ctx.mutation.space, "uses": []}
    uses = sorted(data["uses"] + [use], key=lambda u: (u["at"], u["use_id"]))
    i = uses.index(use)
    if use["direction"] == "in":
        # The neighbour in time order that makes a pair of entries without an exit between.
        before = uses[i - 1] if i else None
        after = uses[i + 1] if i + 1 < len(uses) else None
        other = before if before and before["direction"] == "in" else (
            after if after and after["direction"] == "in" else None)
        if other:
            first, second = sorted((other, use), key=lambda u: u["at"])
            detail = (f"entries at {_iso(ctx, first['at'])} ({first['gate']}) and {_iso(ctx, second['at'])} "
                      f"({second['gate']}) with no exit between; the first is kept")
            close = other["gate"] != use["gate"] and abs(other["at"] - use["at"]) <= TWO_GATES_MS
            ctx.flag("two_gates" if close else "passback", detail)
    data["uses"] = uses
    data["inside"] = uses[-1]["direction"] == "in"
    data["last"] = uses[-1]
    ctx.put(PRESENCE, pass_id, data)


def scan(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    pass_id, reason, data = server_verdict(ctx, p["token"], p["gate"])
    ctx.create(USE, m.id, {"pass_id": pass_id, "gate": p["gate"], "direction": p["direction"],
                           "shown": p["shown"], "verdict": reason, "data_age_ms": p["data_age_ms"],
                           "holder": data["name"] if data else None, "unit": data["unit"] if data else None,
                           "at": ctx.stamp()})
    ctx.result(verdict=reason)
    if p["shown"] != VALID:
        return  # refused at the gate: registered, nothing to reconcile
    if reason != VALID:
        _flag_admitted(ctx, reason, data)
    if pass_id:
        _presence(ctx, pass_id, {"use_id": m.id, "at": ctx.corrected_at, "direction": p["direction"],
                                 "gate": p["gate"]})
