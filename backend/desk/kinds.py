"""Who works the desk's own records."""
DESK = frozenset({"frontdesk", "supervisor", "admin"})
