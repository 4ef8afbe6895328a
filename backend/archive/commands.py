"""`gatehouse archive export` and `gatehouse archive verify`."""
from __future__ import annotations

import getpass
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from backend.archive import audit
from backend.archive.export import build
from backend.archive.verify import verify
from backend.db import database


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


@click.group("archive")
def archive_cmd():
    """Archives of a site's records by period."""


@archive_cmd.command("export")
@click.option("--site", "site_id", required=True, help="Site id, e.g. hv")
@click.option("--from", "first", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD)")
@click.option("--to", "last", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day, included")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_cmd(site_id, first, last, out):
    """Write the site's records from --from to --to as one zip (reports, CSV, photos, manifest)."""
    domains = current_app.extensions["gatehouse_domains"]
    with database().write() as s:
        try:
            a = build(s, site_id, first.date(), last.date(), int(time.time() * 1000), domains, _actor())
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        audit.log(s, _actor(), "archive_export", site_id, **{"from": first.date().isoformat(),
                  "to": last.date().isoformat(), "files": len(a.manifest["files"]), "manifest_sha256": a.manifest_sha256,
                  "out": str(out)})
    Path(out).write_bytes(a.data)
    click.echo(f"{out}: {len(a.manifest['files'])} files, {sum(a.manifest['records'].values())} records; "
               f"manifest SHA-256 {a.manifest_sha256} (keep it apart from the archive)")


@archive_cmd.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def verify_cmd(archive):
    """Check that every file matches the manifest and the ledger still holds its heads."""
    with database().write() as s:
        manifest, digest, problems = verify(Path(archive).read_bytes(), s)
        audit.log(s, _actor(), "archive_read", manifest.get("site", {}).get("id"), file=str(archive),
                  manifest_sha256=digest, ok=not problems, problems=problems[:20])
    for p in problems:
        click.echo(p)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s): the archive is not as it was made")
    click.echo(f"{archive}: {len(manifest['files'])} files match the manifest (SHA-256 {digest})")
