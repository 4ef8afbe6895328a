"""The packing benchmark still runs (its --quick server part): every tick and every
baseline entry applied, nothing lost. Never asserts wall-clock time."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_packing_bench_quick_runs_and_every_mutation_applies():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "packing.py"), "--quick", "--server-only"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    [line] = [x for x in proc.stdout.splitlines() if x.strip()]
    out = json.loads(line)
    assert out["ticks"] == 40 and out["item_labels"] == 50
    assert out["statuses"] == {"tick": {"applied": 40}, "log": {"applied": 40}}
