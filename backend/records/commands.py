"""`gatehouse purge` and `gatehouse ledger-verify` (records past their retention)."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from backend.db import database
from backend.records.retention import expired, purge, verify_chains


@click.command("purge")
@click.option("--before", "before", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Remove records of days before this date (YYYY-MM-DD) that are past their retention")
@click.option("--execute", is_flag=True, help="Really remove them (without it: only list them)")
@with_appcontext
def purge_cmd(before, execute):
    """Remove records past their retention period; a dry run unless --execute."""
    registry, today = current_app.extensions["gatehouse_registry"], date.today()
    with database().write() as s:
        found = purge(s, registry, before.date(), today) if execute else expired(s, registry, before.date(), today)
    for e in found:
        click.echo(f"{e.site_id:<8} {e.kind:<20} kept {e.kept_days} days: {len(e.ids)} record(s)"
                   f"{' removed' if execute else ' would be removed'}")
    if not found:
        click.echo("nothing is past its retention period before that date")
    elif not execute:
        click.echo("dry run: nothing was removed (add --execute)")


@click.command("ledger-verify")
@with_appcontext
def ledger_verify_cmd():
    """Check that every phone's hash chain in the ledger still holds."""
    with database().snapshot() as s:
        problems = verify_chains(s)
    for p in problems:
        click.echo(p)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in the ledger")
    click.echo("every device's hash chain holds")
