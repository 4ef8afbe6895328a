"""Photos and signature images, for every domain (below the domains)."""
from backend.domain import Domain
from backend.media.routes import bp

DOMAIN = Domain("media", blueprints=(bp,))
