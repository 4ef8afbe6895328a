"""`gatehouse keys-rotate SITE`: a new signing key, the old one verifying a while."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from backend.db import database
from backend.keys.service import OVERLAP_DAYS, rotate


@click.command("keys-rotate")
@click.argument("site_id")
@click.option("--overlap-days", default=OVERLAP_DAYS, show_default=True,
              help="How long tokens signed by the previous key stay good")
@with_appcontext
def rotate_cmd(site_id, overlap_days):
    """Rotate a site's signing key (phones learn the new list at their next pull)."""
    with database().write() as s:
        key = rotate(s, site_id, overlap_days)
    click.echo(f"{site_id}: new signing key {key.kid}; the previous ones verify for {overlap_days} more days")
