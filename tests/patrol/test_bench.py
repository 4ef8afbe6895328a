"""bench/patrol.py still runs (--quick): one JSON object, everything applied, every round complete."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_patrol_bench_quick():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "patrol.py"), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stdout
    out = json.loads(lines[0])
    assert out["verify"]["ok"] is True
    assert out["push_statuses"] == {"applied": out["mutations"]}
    assert out["board_round_statuses"] == {"complete": out["rounds"]}
    assert out["pdf_en_pages"] >= 1 and out["csv_rows"] > out["scans"]
