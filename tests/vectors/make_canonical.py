"""Regenerate canonical.json: `python tests/vectors/make_canonical.py`.

The same vectors are checked by tests/test_canonical.py (Python) and by the
browser tests against pwa/lib/canonical.js, so both sides hash identically.
"""
import hashlib
import json
from pathlib import Path

from sync.canonical import canonical_json

VALUES = [
    None, True, False, 0, -7, 2**53 - 1, 1.0, 0.1, -2.5, 1e-7, 1e21, 1e20, 0.00001, 0.000001,
    123.456, 22.3193, 114.1694, 1.5e300, 5e-324,
    "", "plain", "quote \" backslash \\ slash /", "tab\tnewline\ncr\r", "\u0001\u001f\u007f",
    "海景苑 巡邏 ✓", "emoji 🚪", "\u2028\u2029",
    [], [1, "a", None, [2, {"b": 1}]],
    {}, {"b": 1, "a": 2, "A": 3, "aa": [], "_": None},
    {"seq": 1, "id": "0190f7c2-1234-7abc-8def-0123456789ab", "kind": "log.entry", "space": "hv",
     "occurred_at": 1764200000000, "user_id": 12, "prev": "0" * 64,
     "payload": {"category": "patrol", "text": "大堂 fire door closed", "location": "B1"}},
]


def main() -> None:
    vectors = []
    for value in VALUES:
        text = canonical_json(value)
        vectors.append({"value": value, "canonical": text,
                        "sha256": hashlib.sha256(text.encode()).hexdigest()})
    out = Path(__file__).with_name("canonical.json")
    out.write_text(json.dumps(vectors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
