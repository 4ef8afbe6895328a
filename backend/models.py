"""Every table, imported in one place for Alembic."""
from backend.identity.models import Device, DeviceUser, EnrollCode, Membership, Site, Token, User  # noqa: F401
from backend.sync_api.models import Counter, EntityRow, LedgerRow, Meta, Space  # noqa: F401
from backend.patrol.models import Checkpoint, Media, MediaUse, Route, Schedule  # noqa: F401
