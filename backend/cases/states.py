"""Forward-only handling of a case, and how edits made offline on two phones merge.

States move forward only: received, assigned, in hand, answered, called back,
closed (issue 12 item 6). Every event is appended to the case's `history` with
the state before and after; the state is the furthest any event reached, so two
phones moving one case offline converge on the furthest state whatever order
their pushes arrive in, and both histories are kept. An event that would move a
case back (a hand-over arriving after the answer) is kept in the history and
changes nothing else about the state. Pure: it edits the dict it is given.
"""
from __future__ import annotations

from backend.cases.kinds import RANK


def furthest(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def when(stamp: dict) -> int:
    """The one time base of a case event: the corrected time, never a future clock
    (the earlier of the corrected and the received time, as the number's month)."""
    return min(stamp["corrected_at"], stamp["received_at"])


def advance(case: dict, event: str, to: str | None, stamp: dict, mutation_id: str, **detail) -> None:
    """Record `event` in the history and move the state forward to `to` (None: no move)."""
    before = case["status"]
    after = furthest(before, to) if to else before
    case["history"].append({"event": event, "id": mutation_id, "from": before, "to": to, "status": after,
                            "at": when(stamp), **stamp, **detail})
    case["status"] = after


def latest(events: list[dict]) -> dict | None:
    """The latest of some events by their time, ties by mutation id: the same whatever
    order the phones' pushes arrived in (the owner is the latest hand-over)."""
    return max(events, key=lambda e: (e["at"], e["id"]), default=None)


def earliest(events: list[dict]) -> dict | None:
    """The earliest of some events (the close that counts when two phones closed a case)."""
    return min(events, key=lambda e: (e["at"], e["id"]), default=None)
