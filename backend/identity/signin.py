"""Signing in with a password, without starving the sync and without helping a guesser.

Three steps, so that the password hash (scrypt: tens of milliseconds of CPU and
32 MiB) never runs while a write transaction is open. On SQLite a write
transaction holds the one write lock that every push needs:

1. read the phone (X-Device-Token), the user and the buckets in a plain read
   session, then close it;
2. check the password with no transaction open; an unknown name is checked
   against a dummy hash of the same cost, so it takes the same time;
3. record the outcome in one short write transaction.

Throttling. Every failed attempt is counted in two buckets, in the database
(table `login_failures`), so that every worker counts in the same place. A
count only ever changes by one atomic statement (upsert `failures + 1`), so
concurrent attempts are all counted. After `limit` failures in a bucket,
sign-in through it waits 1 s, then 2 s, 4 s, ... up to 15 minutes after each
further failure (429 `login_throttled`, with Retry-After); a bucket forgets
after an hour without failures. Waiting attempts are not checked and not
counted. The buckets:

- without a phone: the client address (20 failures, any names: a password
  sprayed over many names is slowed) and the name (10 failures, from any address);
- with a valid X-Device-Token: that phone (20, any names) and the name on that
  phone (10). A device token is a secret held only by an enrolled phone, so an
  attacker elsewhere (even behind the same NAT) cannot fill these buckets: a
  user can always sign in on their own phone while someone guesses their
  password from outside. A stolen phone is slowed by its own buckets until a
  supervisor revokes it. Any valid phone gets its own buckets, not only a phone
  at the user's site: checking the site before the password would tell a
  guesser which names work there.

Names are counted as typed (lowercased), whether or not they exist, so an
unknown name gets exactly the answers a known one does: 401 `login_failed`,
then 429 `login_throttled` at the same count, with the same message. Success
clears the name's bucket it came through (not the address or phone bucket: a
guesser with one real account cannot reset their address by signing in).

The client address is `request.remote_addr`; behind a reverse proxy set
TRUSTED_PROXIES (see backend/__init__.py) so that it is the proxy's
X-Forwarded-For. IPv6 addresses count per /64, the block one client holds.
"""
from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app, g, request
from sqlalchemy import delete, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from backend.db import close_session, database, insert, reading_session
from backend.errors import ApiError
from backend.identity.models import Device, DeviceUser, LoginFailures, User
from backend.identity.proof import new_proof_key, open_proof_key
from backend.identity.service import check_site, current_device, issue_token, utcnow

ADDRESS_LIMIT = 20
NAME_LIMIT = 10
FIRST_WAIT = timedelta(seconds=1)
LONGEST_WAIT = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Bucket:
    key: str
    limit: int


def client_address() -> str:
    """The caller's address (the proxy's X-Forwarded-For once TRUSTED_PROXIES is set); IPv6 per /64."""
    raw = request.remote_addr or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def buckets(username: str, device: Device | None) -> tuple[Bucket, Bucket]:
    """(the wide bucket, the name's bucket) this attempt counts in; see the module docstring."""
    name = username.strip().lower()
    if device is None:
        return Bucket(f"addr:{client_address()}", ADDRESS_LIMIT), Bucket(f"name:{name}", NAME_LIMIT)
    return Bucket(f"phone:{device.id}", ADDRESS_LIMIT), Bucket(f"phone:{device.id}:name:{name}", NAME_LIMIT)


def wait_after(failures: int, limit: int) -> timedelta | None:
    """How long a bucket waits after its `failures`-th failure: none before `limit`, then doubling."""
    if failures < limit:
        return None
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(failures - limit, 20))


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("no user has this password", method=method)


def sign_in(username: str, password: str, new_password: str | None = None) -> tuple[User, str, datetime, bytes | None]:
    """Check a password (see the module docstring); the user, a new token and, on a
    phone, the user's proof key there (PROTOCOL.md P8); or 401/429.

    After an administrator's reset the password is a one-time code, good until
    `password_reset_until`: it signs in only together with `new_password`, which
    replaces it (409 `password_change_required` without one; past its time it is wrong)."""
    # 1. Read, then let go of the read transaction.
    s = reading_session()
    device = current_device(required=False)
    user = s.scalar(select(User).where(User.username == username))
    wide, named = buckets(username, device)
    now = utcnow()
    blocked = s.scalar(select(LoginFailures.blocked_until).where(
        LoginFailures.bucket.in_([wide.key, named.key]), LoginFailures.blocked_until > now)
        .order_by(LoginFailures.blocked_until.desc()).limit(1))
    close_session()
    if blocked is not None:
        raise throttled(blocked - now)

    # 2. The password, with no transaction open.
    stored = user.password_hash if user is not None else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    right = check_password_hash(stored, password) and user is not None and user.active
    resetting = right and user.password_reset_until is not None
    if resetting and user.password_reset_until <= now:
        right = resetting = False  # an unused code past its time is as wrong as any other
    if resetting and not new_password:
        raise ApiError(409, "password_change_required", "Choose a new password to sign in with this one-time code.")
    new_hash = generate_password_hash(new_password, method=current_app.config["PASSWORD_HASH_METHOD"]) if resetting else None

    # 3. The outcome, in one short write transaction.
    with database().write() as w:
        if not right:
            # Buckets quiet for FORGET_AFTER start again from nothing.
            w.execute(delete(LoginFailures).where(LoginFailures.last_failed_at < now - FORGET_AFTER))
            for bucket in (wide, named):
                count_failure(w, bucket, now)
        else:
            w.execute(delete(LoginFailures).where(LoginFailures.bucket == named.key))
            if new_hash is not None:  # the one-time code is spent
                w.execute(update(User).where(User.id == user.id).values(password_hash=new_hash, password_reset_until=None))
            proof = None
            if device is not None:
                check_site(user, device.site_id)
                proof = link_to_device(w, device, user)
            token, expires = issue_token(w, user, device)
    if not right:
        raise ApiError(401, "login_failed", "Wrong username or password.")
    g.user_id = user.id
    return user, token, expires, proof


def link_to_device(s, device: Device, user: User) -> bytes:
    """The user may act on this phone offline; their proof key there (P8). The key
    stays the same across sign-ins on the phone (what its outbox holds signed must
    still prove), until they sign out there."""
    link = s.get(DeviceUser, (device.id, user.id))
    if link is None:
        link = DeviceUser(device_id=device.id, user_id=user.id, site_id=device.site_id)
        s.add(link)
    key = open_proof_key(link.proof_key) if link.proof_key else None
    if key is None:
        link.proof_key = new_proof_key()
        key = open_proof_key(link.proof_key)
    return key


def count_failure(s, bucket: Bucket, now: datetime) -> None:
    """One more failure in `bucket`, atomically; start its wait once it reaches its limit."""
    stmt = insert(s, LoginFailures).values(bucket=bucket.key, failures=1, last_failed_at=now)
    stmt = stmt.on_conflict_do_update(index_elements=["bucket"], set_={
        "failures": LoginFailures.failures + 1, "last_failed_at": now,
    }).returning(LoginFailures.failures)
    failures = s.execute(stmt).scalar_one()
    wait = wait_after(failures, bucket.limit)
    if wait is not None:
        until = now + wait
        s.execute(update(LoginFailures).where(
            LoginFailures.bucket == bucket.key,
            or_(LoginFailures.blocked_until.is_(None), LoginFailures.blocked_until < until))
            .values(blocked_until=until))


def throttled(wait: timedelta) -> ApiError:
    return ApiError(429, "login_throttled",
                    "Too many failed sign-ins from here or for this name. Wait a little and try again.",
                    headers={"Retry-After": str(max(1, math.ceil(wait.total_seconds())))})
