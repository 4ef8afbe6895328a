"""The HTTP face of the sync core: push, pull, kinds (PROTOCOL.md)."""
from backend.domain import Domain
from backend.sync_api.routes import bp

DOMAIN = Domain("sync", blueprints=(bp,))
