"""Gatehouse sync core: pure protocol logic (no Flask, no SQLAlchemy).

Read PROTOCOL.md beside this file; comments cite its step numbers (P3.2 ...).
"""
from sync.canonical import GENESIS, canonical_json, mutation_hash
from sync.kinds import HandlerContext, KindSpec, Registry
from sync.pull import pull
from sync.push import push
from sync.types import (
    AuthError,
    Entity,
    Mutation,
    PushResult,
    Reason,
    Rejected,
    StorageUnavailable,
)

__all__ = [
    "GENESIS", "canonical_json", "mutation_hash", "HandlerContext", "KindSpec",
    "Registry", "pull", "push", "AuthError", "Entity", "Mutation", "PushResult",
    "Reason", "Rejected", "StorageUnavailable",
]
