"""Configuration: every setting comes from the environment, in this one place."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "DATABASE_URL": None,            # default: SQLite file in the instance folder
    "SECRET_KEY": None,              # required outside demo and test mode
    "GATEHOUSE_DEMO": False,         # demo mode: a fixed, printed secret is acceptable
    "GATEHOUSE_TZ": "Asia/Hong_Kong",
    "TOKEN_TTL_HOURS": 14 * 24,      # a user token outlives a long offline shift
    "ENROLL_TTL_MINUTES": 10,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "TOMBSTONE_RETENTION_DAYS": 90,
    "LOG_LEVEL": "INFO",
    "PASSWORD_HASH_METHOD": "scrypt",  # werkzeug method string; scrypt at its default cost
    "TRUSTED_PROXIES": 0,            # reverse proxies in front whose X-Forwarded-For is believed
    "UPLOADS_PER_DAY": 600,          # photos one phone (or one user without a phone) may upload a day
    "UPLOAD_MB_PER_DAY": 300,        # and their bytes, in MiB
    "SMTP_HOST": "",                 # mail server for customers' dispatch notices and owners' consent links; empty: none sent
    "SMTP_PORT": 25,
    "MAIL_FROM": "gatehouse@localhost",
    "CONSENT_LINK_HOURS": 24,        # life of an owner's single-use consent link
    "DATABASE_TRANSACTION_POOLER": False,  # PostgreSQL behind pgbouncer in transaction mode
}

_INT = {"TOKEN_TTL_HOURS", "ENROLL_TTL_MINUTES", "MAX_CONTENT_LENGTH", "TOMBSTONE_RETENTION_DAYS",
        "TRUSTED_PROXIES", "UPLOADS_PER_DAY", "UPLOAD_MB_PER_DAY", "SMTP_PORT", "CONSENT_LINK_HOURS"}
_BOOL = {"GATEHOUSE_DEMO", "DATABASE_TRANSACTION_POOLER"}


class ConfigError(RuntimeError):
    pass


def load(overrides: dict | None, instance_path: str) -> dict:
    """Merge defaults, environment and explicit overrides; check what must be set.

    Test mode (TESTING) comes only from `overrides`, never from the environment:
    a stray TESTING=1 on a server must not make it accept a built-in secret.
    """
    config = dict(DEFAULTS)
    for key in DEFAULTS:
        raw = os.environ.get(key)
        if raw is None:
            continue
        if key in _INT:
            config[key] = int(raw)
        elif key in _BOOL:
            config[key] = raw.lower() in {"1", "true", "yes"}
        else:
            config[key] = raw
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{Path(instance_path) / 'gatehouse.db'}"
    if not config.get("SECRET_KEY"):
        if config.get("TESTING") or config.get("GATEHOUSE_DEMO"):
            config["SECRET_KEY"] = "demo-only-not-secret"
        else:
            raise ConfigError("SECRET_KEY is not set. Set it in the environment "
                              "(see .env.example), or set GATEHOUSE_DEMO=1 for a demo.")
    return config
