"""Phones as they really behave, for Locust (driven by bench/load.py, which enrols them).

Each simulated phone is one enrolled device with a guard signed in (credentials
from the file named by LOAD_PHONES). Every LOAD_CADENCE seconds (jittered) it
writes one to three duty-log entries (each with the guard's proof), pushes them as a signed, hash-chained batch
and pulls until `has_more` is false; now and then (LOAD_PHOTO_P) it uploads a
photo. At LOAD_BURST_AT seconds into the run every phone syncs at once with a
handover's worth of entries: the shift change. A push whose answer does not
apply every mutation, or any non-2xx answer, is a failure.

Each phone's acknowledged and written seq counts are written to LOAD_RESULT on exit
so the driver can check the server holds every acknowledged one, none twice.
"""
from __future__ import annotations

import io
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from locust import HttpUser, constant, events, task  # noqa: E402

from bench.common import log_entry_payload  # noqa: E402
from sync.device import Device  # noqa: E402

PHONES = json.loads(Path(os.environ["LOAD_PHONES"]).read_text()) if os.environ.get("LOAD_PHONES") else []
CADENCE = float(os.environ.get("LOAD_CADENCE", "60"))
BURST_AT = float(os.environ.get("LOAD_BURST_AT", "0"))  # 0: no shift change
PHOTO_P = float(os.environ.get("LOAD_PHOTO_P", "0.05"))
APPLIED: dict[str, list[int]] = {}  # device -> [acknowledged, written]
_next_phone = iter(range(len(PHONES)))
_lock = threading.Lock()
STARTED = time.monotonic()


def photo(n: int) -> bytes:
    """A small JPEG, different each time (uploads are idempotent by content)."""
    from PIL import Image
    img = Image.new("RGB", (320, 240), ((n * 37) % 256, (n * 91) % 256, (n * 13) % 256))
    img.putpixel((n % 320, (n // 320) % 240), (255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


class Phone(HttpUser):
    wait_time = constant(0)  # each phone paces itself (see `shift`)

    def on_start(self):
        with _lock:
            i = next(_next_phone)
        p = PHONES[i]
        key = serialization.load_pem_private_key(p["key_pem"].encode(), password=None)
        self.device = Device(space=p["site"], id=p["device_id"], key=key)
        self.user_id = p["user_id"]
        self.proof_key = bytes.fromhex(p["proof_key"])  # the guard's own proof (PROTOCOL.md P8)
        self.site = p["site"]
        self.headers = {"Authorization": f"Bearer {p['user_token']}", "X-Device-Token": p["device_token"]}
        self.cursor = None
        self.n = i * 1_000_000
        self.next_at = time.monotonic() + random.uniform(0, CADENCE)
        self.burst_done = not BURST_AT

    @task
    def shift(self):
        now = time.monotonic()
        burst = not self.burst_done and now - STARTED >= BURST_AT
        if not burst and now < self.next_at:
            time.sleep(min(self.next_at - now, 1.0))
            return
        if burst:
            self.burst_done = True
        self.cycle(entries=10 if burst else random.randint(1, 3))
        self.next_at = time.monotonic() + CADENCE * random.uniform(0.9, 1.1)

    def cycle(self, entries: int) -> None:
        for _ in range(entries):
            self.n += 1
            self.device.record("log.entry", self.user_id, log_entry_payload(self.n), proof_key=self.proof_key)
        self.push()
        self.pull()
        if random.random() < PHOTO_P:
            self.n += 1
            with self.client.post(f"/api/media?site_id={self.site}&purpose=patrol", data=photo(self.n),
                                  headers={**self.headers, "Content-Type": "image/jpeg"},
                                  name="photo", catch_response=True) as resp:
                if resp.status_code not in (200, 201):
                    resp.failure(f"photo: {resp.status_code} {resp.text[:200]}")

    def push(self) -> None:
        body = self.device.batch()
        if not body["mutations"]:
            return
        with self.client.post("/api/sync/push", json=body, headers=self.headers, name="push",
                              catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"push: {resp.status_code} {resp.text[:200]}")
                return
            results = resp.json()["results"]
            bad = [r for r in results if r["status"] != "applied"]
            if bad:
                resp.failure(f"push: {len(bad)} not applied, e.g. {bad[0]}")

    def pull(self) -> None:
        while True:
            params = {"limit": 500, **({"cursor": self.cursor} if self.cursor else {})}
            with self.client.get("/api/sync/pull", params=params, headers=self.headers, name="pull",
                                 catch_response=True) as resp:
                if resp.status_code != 200:
                    resp.failure(f"pull: {resp.status_code} {resp.text[:200]}")
                    return
                page = resp.json()
            self.device.acknowledge(page["acks"]["last_seq"])
            with _lock:  # what the server acknowledged holding, and what this phone wrote
                APPLIED[self.device.id] = [page["acks"]["last_seq"], self.device.next_seq - 1]
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return


@events.quitting.add_listener
def _write_result(environment, **_kw):
    target = os.environ.get("LOAD_RESULT")
    if target:
        Path(target).write_text(json.dumps(APPLIED))
