"""A phone for tests: enrolls, signs users in, keeps an outbox, pushes and pulls.

It speaks the protocol through `sync.device.Device`, over a Flask test client or
a real HTTP server (`Http`), so the same scenarios run in-process and on a socket.
"""
from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sync.signature import b64url_decode

import requests

from sync.device import Device, public_jwk

PASSWORD = "gatehouse-demo"


class Http:
    """The subset of Flask's test client that Phone uses, over a real socket."""

    def __init__(self, base_url: str):
        self.base, self.s = base_url.rstrip("/"), requests.Session()

    def _wrap(self, r):
        r.json_body = r.json() if r.content and r.headers.get("content-type", "").startswith("application/json") else None
        return r

    def post(self, path, json=None, headers=None, timeout=30):
        return self._wrap(self.s.post(self.base + path, json=json, headers=headers, timeout=timeout))

    def get(self, path, headers=None, timeout=30):
        return self._wrap(self.s.get(self.base + path, headers=headers, timeout=timeout))

    def patch(self, path, json=None, headers=None, timeout=30):
        return self._wrap(self.s.patch(self.base + path, json=json, headers=headers, timeout=timeout))


SITE_TZ = ZoneInfo("Asia/Hong_Kong")   # every test site's zone (backend/identity/models.py DEFAULT_TZ)


def site_today(days: int = 0) -> date:
    """The sites' date `days` from now: the server's "today", which is not the UTC date after 16:00."""
    return datetime.now(SITE_TZ).date() + timedelta(days=days)


def body(response):
    """JSON of a test-client or Http response."""
    return response.json_body if hasattr(response, "json_body") else response.get_json()


def login(client, username: str, device_token: str | None = None) -> dict:
    headers = {"X-Device-Token": device_token} if device_token else {}
    r = client.post("/api/auth/login", json={"username": username, "password": PASSWORD}, headers=headers)
    assert r.status_code == 200, body(r)
    return body(r)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


class Phone:
    def __init__(self, client, site: str = "hv", supervisor: str = "super1"):
        self.client = client
        sup = login(client, supervisor)["token"]
        r = client.post("/api/devices/enroll-codes", json={"site_id": site}, headers=bearer(sup))
        assert r.status_code == 201, body(r)
        self.device = Device(space=site)
        r = client.post("/api/devices/enroll", json={"code": body(r)["code"],
                                                     "public_key": public_jwk(self.device.key), "label": "test"})
        assert r.status_code == 201, body(r)
        self.enrolled = body(r)
        self.device.id, self.device_token = self.enrolled["device_id"], self.enrolled["device_token"]
        self.users: dict[str, tuple[int, str]] = {}
        self.proof_keys: dict[str, bytes] = {}  # what each user's PIN unlocks on the phone (P8)
        self.current: str | None = None

    # people
    def sign_in(self, username: str) -> int:
        data = login(self.client, username, self.device_token)
        self.users[username] = (data["user"]["id"], data["token"])
        if "proof_key" in data:
            self.proof_keys[username] = b64url_decode(data["proof_key"])
        self.current = username
        return data["user"]["id"]

    def sign_out(self, username: str) -> None:
        """Sign out on this phone: the server forgets the user's link and proof key."""
        r = self.client.post("/api/auth/logout", headers={**bearer(self.users[username][1]),
                                                          "X-Device-Token": self.device_token})
        assert r.status_code == 204, body(r)
        self.proof_keys.pop(username, None)

    @property
    def user_id(self) -> int:
        return self.users[self.current][0]

    @property
    def headers(self) -> dict:
        return {**bearer(self.users[self.current][1]), "X-Device-Token": self.device_token}

    # records
    def write(self, kind: str, payload: dict, **kw) -> dict:
        """A mutation by the current user, signed with their proof key (as the PIN unlocks it)."""
        kw.setdefault("proof_key", self.proof_keys.get(self.current))
        return self.device.record(kind, self.user_id, payload, **kw)

    def push(self, limit: int = 200, body_override: dict | None = None):
        return self.client.post("/api/sync/push", json=body_override or self.device.batch(limit),
                                headers=self.headers)

    def pull(self, cursor: str | None = None, limit: int = 500):
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        return self.client.get("/api/sync/pull" + query, headers=self.headers)

    def sync(self, limit: int = 500) -> list[dict]:
        """Push the whole outbox, then pull every page; returns the push results."""
        results = []
        while self.device.outbox:
            r = self.push()
            assert r.status_code == 200, body(r)
            results += body(r)["results"]
            if body(r)["expected_seq"] <= self.device.outbox[0]["seq"] and not body(r)["results"]:
                break
            self.device.acknowledge(body(r)["last_seq"])
        self.pull_all(limit)
        return results

    def pull_all(self, limit: int = 500) -> None:
        while True:
            r = self.pull(self.cursor, limit)
            assert r.status_code == 200, body(r)
            page = body(r)
            self.device.apply_pull(page)
            if not page["has_more"]:
                return

    @property
    def cursor(self) -> str | None:
        return self.device.replica.cursor

    def of_kind(self, kind: str) -> dict[str, dict]:
        """The phone's local copy of one kind; `_version` is the entity's version."""
        return {i: d | {"_version": v} for (k, i), (v, d) in self.device.replica.entities.items() if k == kind}


def decode_cursor(cursor: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
