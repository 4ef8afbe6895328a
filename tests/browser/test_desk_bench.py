"""bench/passes_browser.py still runs (--quick): one JSON object with every figure."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_passes_browser_bench_quick():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "passes_browser.py"), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    [line] = [line for line in proc.stdout.splitlines() if line.strip()]
    out = json.loads(line)
    assert out["webcrypto_checks_per_s"] > 0 and out["baseline_verifies_per_s"] > 0
    assert out["scan_to_result_ms"]["median"] > 0 and out["revocation_to_phone_ms"]["median"] > 0
