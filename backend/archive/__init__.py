"""Archives by period: a site's records of a month (or any range) as one zip with a
manifest of SHA-256 hashes and the ledger's chain heads; reading one is logged
(records 10.8, 11.2.6; security duties 1.6). See README.md. Not a domain of
records: it reads every domain's records and asks each for its daily files
(`Domain.archive_day`)."""
from backend.archive.commands import archive_cmd
from backend.archive.routes import bp
from backend.domain import Domain

DOMAIN = Domain("archive", blueprints=(bp,), commands=(archive_cmd,))
