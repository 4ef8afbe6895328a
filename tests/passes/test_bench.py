"""bench/passes.py still runs (--quick): one JSON object; a pass and a permit fit QR version 10 at M."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_passes_bench_quick():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "passes.py"), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    [line] = [line for line in proc.stdout.splitlines() if line.strip()]
    out = json.loads(line)
    assert out["pass"]["qr_version"] <= 10 and out["permit"]["qr_version"] <= 10
    assert out["server_gate_checks_per_s"] > 0 and out["baseline_ecdsa_verifies_per_s"] > 0
