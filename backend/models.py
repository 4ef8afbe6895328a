"""Every table, imported in one place for Alembic."""
from backend.identity.models import (  # noqa: F401
    Device, DeviceUser, EnrollCode, LoginFailures, Membership, Site, Token, User)
from backend.sync_api.models import Counter, EntityRow, LedgerRow, Meta, Space  # noqa: F401
from backend.patrol.models import Checkpoint, Media, MediaUse, Route, Schedule, UploadCount  # noqa: F401
