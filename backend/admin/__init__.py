"""Sites and people, and the roster every phone pulls (`site.member`)."""
from backend.admin.routes import bp
from backend.admin.service import ROSTER, SITE_INFO
from backend.domain import EVERYONE, Domain, Record

# `site.info`: a site's names, time zone and photo limit, republished on every change (phones adopt it).
DOMAIN = Domain("admin", records=(Record(ROSTER, readers=EVERYONE), Record(SITE_INFO, readers=EVERYONE)),
                blueprints=(bp,))
