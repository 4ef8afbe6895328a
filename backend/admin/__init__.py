"""Sites and people, and the roster every phone pulls (`site.member`)."""
from backend.admin.routes import bp
from backend.admin.service import ROSTER
from backend.domain import EVERYONE, Domain, Record

DOMAIN = Domain("admin", records=(Record(ROSTER, readers=EVERYONE),), blueprints=(bp,))
