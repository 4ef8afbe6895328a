"""The app with the per-user proof (PROTOCOL.md P8) not checked: every mutation
counts as proved, as before P8. Only bench/user_proof.py serves it, as the
baseline its push with `user_sig` is measured against; never deployed."""
import importlib

from backend import create_app  # noqa: F401  (gunicorn 'bench.unproven_app:create_app()')

# `sync.push` is also the name of the function the package exports: patch the module.
importlib.import_module("sync.push").proven = lambda *_: True
