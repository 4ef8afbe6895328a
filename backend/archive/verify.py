"""Checking an archive: every file hashes to its manifest entry, none is missing or
added, and the ledger still holds the hash-chain heads the manifest recorded."""
from __future__ import annotations

import io
import json
import zipfile
import zlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.archive.export import MANIFEST, sha256
from backend.sync_api.models import LedgerRow


def verify(data: bytes, s: Session | None = None) -> tuple[dict, str, list[str]]:
    """(manifest, its SHA-256, problems); no problems means complete and unchanged.
    With a session, the recorded ledger heads are checked against the ledger too."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        raw = z.read(MANIFEST)
        manifest = json.loads(raw)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        return {}, "", [f"not a readable archive: {exc}"]
    problems = []
    listed = manifest.get("files", {})
    present = {n for n in z.namelist() if n != MANIFEST}
    for path in sorted(set(listed) - present):
        problems.append(f"{path}: missing")
    for path in sorted(present - set(listed)):
        problems.append(f"{path}: not in the manifest")
    for path in sorted(set(listed) & present):
        try:
            content = z.read(path)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:   # the zip's own CRC caught a change
            problems.append(f"{path}: changed ({exc})")
            continue
        if sha256(content) != listed[path]["sha256"] or len(content) != listed[path]["bytes"]:
            problems.append(f"{path}: changed (SHA-256 does not match the manifest)")
    if s is not None:
        for device_id, head in sorted(manifest.get("ledger_heads", {}).items()):
            for when in ("at_period_end", "at_export"):
                h = head.get(when)
                if h is None:
                    continue
                stored = s.scalar(select(LedgerRow.hash).where(LedgerRow.device_id == device_id,
                                                               LedgerRow.seq == h["seq"]))
                if stored != h["hash"]:
                    problems.append(f"ledger {device_id} seq {h['seq']} ({when}): "
                                    f"{'gone' if stored is None else 'hash differs'} in the ledger")
    return manifest, sha256(raw), problems
