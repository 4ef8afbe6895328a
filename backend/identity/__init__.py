"""Sign-in, enrolled phones and their revocation (below the domains)."""
from backend.domain import Domain
from backend.identity.routes import bp

DOMAIN = Domain("identity", blueprints=(bp,))
