"""Device clocks are data, never order (PROTOCOL.md section 4)."""
from __future__ import annotations

from sync.types import Reason

SKEW_LIMIT_MS = 5 * 60 * 1000
FUTURE_TOLERANCE_MS = 60 * 1000


def offset_ms(server_time: int, client_time: int) -> int:
    """How far the device's clock is behind the server's (negative: ahead)."""
    return server_time - client_time


def time_flags(offset: int, occurred_at: int, previous_occurred_at: int | None,
               server_time: int) -> list[Reason]:
    """The clock rules a mutation breaks, given its push's offset (P4)."""
    reasons = []
    if abs(offset) > SKEW_LIMIT_MS:
        reasons.append(Reason("clock_skew", f"device clock off by {offset // 1000} s"))
    if previous_occurred_at is not None and occurred_at < previous_occurred_at:
        reasons.append(Reason("clock_backwards",
                              f"{(previous_occurred_at - occurred_at) // 1000} s before the previous event"))
    if occurred_at + offset > server_time + FUTURE_TOLERANCE_MS:
        reasons.append(Reason("future_time", "corrected time is in the future"))
    return reasons
