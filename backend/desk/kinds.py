"""Who works the desk's own records."""
from backend.domain import SUPERVISORS

DESK = frozenset({"frontdesk", "supervisor", "admin"})
# A roll call is taken by whoever is on site with a phone: the desk or a guard.
ON_SITE = DESK | {"guard"}

__all__ = ["DESK", "ON_SITE", "SUPERVISORS"]
