"""Pure decisions of the packing rules (domain-rules.md section 3), table-tested.

Money is in cents (integers) everywhere, so amounts add up exactly.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo


def cents(text: str) -> int:
    """A price written as `12.50` in cents; ValueError for anything else."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError) as exc:
        raise ValueError("not a price") from exc
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError("a price is 0 or more, with at most 2 decimals")
    return int(value * 100)


def picking_due(ordered_ms: int, tz: str, closing: str) -> tuple[int, int]:
    """(target, latest) in ms: an order is picked the same day before closing, and
    at the latest the next day (ch. 9.3). One taken after closing counts from the
    next day."""
    at = datetime.fromtimestamp(ordered_ms / 1000, ZoneInfo(tz))
    hh, mm = (int(x) for x in closing.split(":"))
    day = at.date() if at.time() < time(hh, mm) else at.date() + timedelta(days=1)

    def close(d) -> int:
        return int(datetime.combine(d, time(hh, mm), ZoneInfo(tz)).timestamp() * 1000)
    return close(day), close(day + timedelta(days=1))


def overdue(order: dict, now_ms: int) -> bool:
    """Not yet packed (every box sealed) after the latest picking time."""
    return order["status"] in ("open", "counting", "signed") and now_ms > order["picking_due"]


def signatures_complete(order: dict) -> bool:
    """The bill is signed (ch. 5.1-5.2): customer present, the checker and the
    customer; customer absent, two different staff."""
    staff = {s["user_id"] for s in order["signatures"]}
    if order["customer_present"]:
        return len(staff) >= 1 and order.get("customer_signature") is not None
    return len(staff) >= 2


def may_pack(order: dict) -> str | None:
    """Why counting may not start, or None: a remote order is counted only once its
    payment has arrived (ch. 9.4)."""
    if not order["customer_present"] and order["payment"]["state"] != "paid":
        return "unpaid_remote"
    return None


def may_seal(order: dict, box: dict) -> str | None:
    """Why this box may not be sealed yet, or None."""
    if box["sealed"] is not None:
        return "already_sealed"
    if not box["contents"]:
        return "box_empty"
    if order["payment"]["state"] != "paid":  # a present customer's payment is checked before sealing
        return "unpaid"
    if not signatures_complete(order):
        return "not_signed"
    return None


def return_refusal(customer: dict, order: dict, slip: dict, returned_before: int) -> str | None:
    """Why the returns rules (ch. 11) refuse this slip, or None.

    Wholesale: self-collected goods are neither returned nor exchanged; wrong goods
    sent to a remote customer are exchanged; a quality defect, confirmed by video,
    is exchanged, or returned when no replacement is in stock. Franchise: within the
    contract's return ratio of the order's amount."""
    if customer["type"] == "franchise":
        ratio = customer.get("return_ratio") or 0
        if returned_before + slip["amount"] > order["total"] * ratio:
            return "over_return_ratio"
        return None
    if order["customer_present"]:
        return "self_collected"
    if slip["reason"] == "wrong_goods":
        return None if slip["handling"] == "exchange" else "exchange_only"
    if slip["reason"] == "quality_defect":
        video = slip.get("video_check")
        if not video or video["outcome"] != "defect_confirmed":
            return "video_check_required"
        if slip["handling"] == "return" and slip["replacement_in_stock"]:
            return "exchange_available"
        return None
    return "no_return_reason"
