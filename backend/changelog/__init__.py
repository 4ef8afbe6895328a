"""The set-up change log (below the domains): every change to a site, a user or
a domain's set-up (checkpoints, routes, schedules, posts) is kept with who made it,
when, its reason and the thing's new version number (rulebook 10.7: changes and
additions carry an explanation and a version number). See README.md."""
from backend.changelog.routes import bp
from backend.domain import Domain

DOMAIN = Domain("changelog", blueprints=(bp,))
