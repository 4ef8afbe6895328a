"""Field-by-field merge of edits in server-receipt order (PROTOCOL.md section 6)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    conflicted: bool  # the field changed since the edit's base version


def merge_fields(current: dict, field_versions: dict[str, int], created_version: int,
                 base_version: int, changes: dict, own_fields: frozenset[str] = frozenset()) -> list[FieldChange]:
    """What an edit based on `base_version` does to `current`.

    Every changed field takes the edit's value (it arrived later). A field whose
    own version is newer than `base_version`, and whose value differs, is marked
    `conflicted`: the value it overwrites goes to the conflict log. A field last
    changed from the same device (`own_fields`) never conflicts: a phone's later
    edit supersedes its own earlier one. Fields the edit sets to their current
    value are no change at all.
    """
    out = []
    for name in sorted(changes):
        after, before = changes[name], current.get(name)
        if after == before:
            continue
        changed_at = field_versions.get(name, created_version)
        conflicted = changed_at > base_version and name not in own_fields
        out.append(FieldChange(name, before, after, conflicted=conflicted))
    return out
