"""Every domain of the app, in one tuple: adding a domain is one line here.

The first ones are the platform below the domains (identity, sites and people,
sync, photos, the record rules, the inbox); then the domains proper, none of
which imports another.
"""
from backend.admin import DOMAIN as admin
from backend.archive import DOMAIN as archive
from backend.cases import DOMAIN as cases
from backend.changelog import DOMAIN as changelog
from backend.desk import DOMAIN as desk
from backend.customers import DOMAIN as customers
from backend.dutylog import DOMAIN as dutylog
from backend.equipment import DOMAIN as equipment
from backend.identity import DOMAIN as identity
from backend.keys import DOMAIN as keys
from backend.media import DOMAIN as media
from backend.passes import DOMAIN as passes
from backend.packing import DOMAIN as packing
from backend.patrol import DOMAIN as patrol
from backend.records import DOMAIN as records
from backend.review import DOMAIN as review
from backend.sync_api import DOMAIN as sync

DOMAINS = (identity, admin, sync, media, records, changelog, archive, keys, review, dutylog, patrol, cases, passes, desk,
           customers, packing, equipment)
