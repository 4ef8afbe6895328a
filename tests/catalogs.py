"""The phone's catalogs as lib/i18n.js merges them: the shared one (pwa/lib/i18n/)
and each domain's (pwa/domains/<name>/i18n/, keys prefixed "<name>.")."""
from __future__ import annotations

import json
from pathlib import Path

PWA = Path(__file__).resolve().parent.parent / "pwa"
LANGUAGES = ("en", "zh-Hant")
SHARED = "shared"


def catalog_dirs() -> dict[str, Path]:
    """{owner: folder}: "shared" for lib/i18n, else the domain's name."""
    dirs = {SHARED: PWA / "lib" / "i18n"}
    dirs |= {p.parent.name: p for p in sorted((PWA / "domains").glob("*/i18n")) if p.is_dir()}
    return dirs


def catalogs(lang: str) -> dict[str, dict[str, str]]:
    """{owner: catalog} for one language."""
    return {owner: json.loads((d / f"{lang}.json").read_text("utf-8")) for owner, d in catalog_dirs().items()}


def merged(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for cat in catalogs(lang).values():
        out |= cat
    return out
