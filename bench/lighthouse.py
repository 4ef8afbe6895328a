"""Lighthouse on the app shell, served the way `make run` serves it: prints one JSON object.

  performance        Lighthouse's performance score (0..1), mobile preset (Moto G
                     Power screen, simulated slow 4G: 150 ms RTT, 1.6 Mbit/s, 4x CPU);
                     target >= 0.98
  lcp_ms             largest contentful paint; target <= 2,000 ms
  shell_bytes        bytes on the wire for what the page itself loads (the shell);
                     target <= 100 KB
  total_bytes        Lighthouse's "total byte weight": the shell and everything the
                     service worker precaches while the trace runs (the QR decoder's wasm
                     included), as transferred
  requests           how many requests that took
  fcp_ms, tbt_ms     first contentful paint and total blocking time (the CPU's share)
  benchmark_index    Lighthouse's CPU benchmark of this machine during the run
  uncompressed_text  text files sent without Content-Encoding (should be none)
Each figure is the median of --runs runs (default 3), each on a cold profile.

Run: .venv/bin/python bench/lighthouse.py [--runs N] [--url URL]
  without --url it migrates and seeds a demo database in a temporary folder and starts
  `gatehouse serve` on it (as `make run` does), measures, and stops it;
  --url measures a server already running (e.g. another checkout).
Needs Debian's Chromium (/usr/bin/chromium, or CHROME_PATH) and Node; Lighthouse itself is
installed here on first use from bench/lighthouse/package-lock.json (`npm ci`).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench" / "lighthouse"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
GATEHOUSE = Path(sys.executable).with_name("gatehouse")
TEXT_TYPES = ("Script", "Stylesheet", "Document", "Manifest", "Fetch", "Other")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True,
                       stdout=subprocess.DEVNULL)


def start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    """`make run` in a temporary folder: migrate, seed the demo, `gatehouse serve`."""
    env = {**os.environ, "GATEHOUSE_DEMO": "1", "DATABASE_URL": f"sqlite:///{tmp}/gatehouse.db",
           "LOG_LEVEL": "WARNING"}
    for command in (["migrate"], ["demo"]):
        subprocess.run([str(GATEHOUSE), *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    proc = subprocess.Popen([str(GATEHOUSE), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(1200):  # building the compressed files the first time takes a while
        try:
            urllib.request.urlopen(url + "api/health", timeout=5)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gatehouse serve stopped")
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError("gatehouse serve did not answer")


def lighthouse(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run([str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
                    f"--output-path={out}", "--quiet", "--max-wait-for-load=60000",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = json.loads(out.read_text())
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    # The page's own requests; the service worker's precache fetches run in the worker's target.
    page = [r for r in requests if r.get("sessionTargetType", "page") == "page"]
    return {
        "performance": report["categories"]["performance"]["score"],
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "shell_bytes": sum(r.get("transferSize", 0) for r in page),
        "total_bytes": round(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "uncompressed_text": sorted(
            r["url"] for r in page
            if r.get("resourceType") in TEXT_TYPES and r.get("resourceSize", 0) > 1024
            and r.get("transferSize", 0) >= r.get("resourceSize", 0)),
        "lighthouse": report["lighthouseVersion"],
        # Lighthouse's own CPU benchmark of this machine at the time (a quiet desktop
        # scores ~1000+; a busy shared 2-core box much less): the score's CPU half
        # (total blocking time, render delay) scales with it.
        "benchmark_index": report["environment"]["benchmarkIndex"],
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url")
    args = parser.parse_args()
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="gatehouse-lighthouse-") as tmp:
        proc, url = (None, args.url) if args.url else start_server(Path(tmp))
        try:
            runs = [lighthouse(url, Path(tmp) / f"run{i}.json") for i in range(args.runs)]
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    result = {key: statistics.median(r[key] for r in runs)
              for key in ("performance", "lcp_ms", "fcp_ms", "tbt_ms", "shell_bytes", "total_bytes", "requests",
                          "benchmark_index")}
    result["uncompressed_text"] = runs[-1]["uncompressed_text"]
    result["runs"] = [{k: r[k] for k in ("performance", "lcp_ms", "shell_bytes", "total_bytes")} for r in runs]
    result["lighthouse"] = runs[-1]["lighthouse"]
    result["server"] = "gatehouse serve" if proc is not None else args.url
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
