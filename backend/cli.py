"""`gatehouse` commands (also `flask --app backend ...`)."""
from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from backend.db import database


def register_cli(app: Flask, domains) -> None:
    from backend.mail import send_mail_cmd
    for command in (migrate_cmd, demo_cmd, create_site_cmd, create_user_cmd, enroll_code_cmd,
                    revoke_device_cmd, new_epoch_cmd, purge_tombstones_cmd, send_mail_cmd, build_static_cmd):
        app.cli.add_command(command)
    for domain in domains:
        for command in domain.commands:
            app.cli.add_command(command)


@click.command("migrate")
@with_appcontext
def migrate_cmd():
    """Bring the database to the latest migration."""
    from backend.migrate import upgrade
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is up to date")


DEMO_PASSWORD = "gatehouse-demo"
DEMO_SITES = [("hv", "Harbour View Estate", "海景苑"), ("wh", "Kwun Tong Warehouse", "觀塘貨倉")]
DEMO_USERS = [  # username, name, role, sites
    ("guard1", "Chan Tai Man", "guard", ["hv"]),
    ("guard2", "Wong Siu Ming", "guard", ["hv"]),
    ("desk1", "Lee Ka Yan", "frontdesk", ["hv"]),
    ("super1", "Ho Wing Sze", "supervisor", ["hv", "wh"]),
    ("packer1", "Cheung Mei Ling", "packer", ["wh"]),
    ("admin", "Site Administrator", "admin", ["hv", "wh"]),
]


def seed_demo(s) -> bool:
    """Create the demo sites and users once; False when they exist already."""
    from backend.admin.service import create_site, create_user
    from backend.identity.models import Site

    if s.get(Site, "hv") is not None:
        return False
    for site_id, name, name_zh in DEMO_SITES:
        create_site(s, site_id, name, name_zh)
    for username, name, role, sites in DEMO_USERS:
        create_user(s, username, name, DEMO_PASSWORD, role, sites)
    return True


@click.command("demo")
@click.option("--reset", is_flag=True, help="Empty the database first, then seed the demo again")
@with_appcontext
def demo_cmd(reset):
    """Seed the demo sites, users and a week of their work (idempotent); print the logins (demo mode only)."""
    if not current_app.config["GATEHOUSE_DEMO"]:
        raise click.ClickException(
            f"refusing to seed demo users: their password ({DEMO_PASSWORD}) is printed for anyone to read. "
            "This runs only in demo mode: set GATEHOUSE_DEMO=1 (make run does) for a demo database.")
    import time
    from backend.demo import reset_database, seed_estate
    started, cpu = time.perf_counter(), time.process_time()
    if reset:
        reset_database(current_app)
        click.echo("database emptied and migrated")
    with database().write() as s:
        created = seed_demo(s)
    made = seed_estate(current_app)
    if made:
        click.echo(f"demo data created in {time.perf_counter() - started:.1f} s "
                   f"({time.process_time() - cpu:.1f} s of CPU): "
                   + ", ".join(f"{v} {k}" for k, v in made.items()))
    else:
        click.echo("demo data already present" if not created else "demo users created")
    click.echo(f"demo logins (password for all: {DEMO_PASSWORD}):")
    for username, name, role, sites in DEMO_USERS:
        click.echo(f"  {username:<8} {role:<10} {','.join(sites):<6} {name}")
    # The first phone cannot be shown a QR by a phone that is not there yet.
    from backend.identity.enrollment import make_enroll_code
    from backend.identity.models import User
    with database().write() as s:
        supervisor = s.scalar(select(User).where(User.username == "super1"))
        code, expires = make_enroll_code(s, "hv", supervisor.id, ttl_minutes=60)
    click.echo(f"enrol the first phone at Harbour View with code {code} (one use, until {expires:%H:%M} UTC);")
    click.echo("after that, a supervisor shows new codes under More > Phones")


@click.command("create-site")
@with_appcontext
@click.argument("site_id")
@click.argument("name")
@click.option("--name-zh", default="", help="Name in Traditional Chinese")
def create_site_cmd(site_id, name, name_zh):
    """Create a site."""
    from backend.admin.service import create_site
    with database().write() as s:
        create_site(s, site_id, name, name_zh)
    click.echo(f"site {site_id} created")


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["guard", "packer", "frontdesk", "supervisor", "admin"]))
@click.option("--site", "sites", multiple=True, required=True, help="Site id (repeatable)")
@click.password_option()
def create_user_cmd(username, name, role, sites, password):
    """Create a user at one or more sites."""
    from backend.admin.service import create_user
    with database().write() as s:
        create_user(s, username, name, password, role, list(sites))
    click.echo(f"user {username} created")


@click.command("enroll-code")
@with_appcontext
@click.argument("site_id")
@click.option("--by", "username", required=True, help="Supervisor or admin issuing it")
def enroll_code_cmd(site_id, username):
    """Print a one-time code (and its QR text) to enroll a phone at a site."""
    from backend.identity.enrollment import make_enroll_code
    from backend.identity.models import User
    with database().write() as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None or user.role not in ("supervisor", "admin"):
            raise click.ClickException(f"{username} is not a supervisor or admin")
        code, expires = make_enroll_code(s, site_id, user.id)
    click.echo(f"gatehouse:enroll:{code}   (expires {expires:%H:%M} UTC)")


@click.command("revoke-device")
@with_appcontext
@click.argument("device_id")
def revoke_device_cmd(device_id):
    """Revoke a lost phone at once."""
    from backend.identity.models import Device
    from backend.identity.service import utcnow
    from backend.keys.service import publish_device
    with database().write() as s:
        device = s.get(Device, device_id)
        if device is None:
            raise click.ClickException(f"no device {device_id}")
        if device.revoked_at is None:
            device.revoked_at = utcnow()
            publish_device(s, device)
    click.echo(f"device {device_id} revoked")


@click.command("new-epoch")
@with_appcontext
def new_epoch_cmd():
    """After restoring a backup: every phone refetches and re-pushes its outbox."""
    from backend.sync_api.store import new_epoch
    with database().write() as s:
        click.echo(f"new epoch {new_epoch(s)}")


@click.command("purge-tombstones")
@with_appcontext
@click.option("--keep-versions", default=100000, show_default=True,
              help="Keep tombstones of the newest N versions of each space")
def purge_tombstones_cmd(keep_versions):
    """Drop old tombstones; phones with older cursors will reset (P5.3)."""
    from backend.sync_api.models import Space
    from backend.sync_api.store import purge_tombstones
    with database().write() as s:
        horizons = {sp.id: sp.version - keep_versions for sp in s.scalars(select(Space))
                    if sp.version > keep_versions}
        click.echo(f"{purge_tombstones(s, horizons)} tombstones purged")


def _app_for_cli():
    """Commands that build the schema must run before the migration check."""
    from backend import create_app
    skip = len(sys.argv) > 1 and sys.argv[1] in {"migrate", "serve", "build-static", "--help"}
    return create_app({"SKIP_MIGRATION_CHECK": skip})


@click.group(cls=FlaskGroup, create_app=_app_for_cli, add_default_commands=False)
def main():
    """Gatehouse: offline-first patrol, gate and packing records."""


@click.command("build-static")
@with_appcontext
def build_static_cmd():
    """Build the app's files with their Brotli and gzip twins (once per release; serve does it)."""
    from backend.web import build, static_root
    click.echo(f"static files: {build(static_root(current_app))}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--threads", default=4, show_default=True, type=int, help="threads in each worker")
@with_appcontext
def serve(host, port, workers, threads):
    """Serve the app with gunicorn, as production does (after building the compressed files)."""
    from backend.migrate import check_current
    from backend.web import build, static_root
    check_current(database())
    build(static_root(current_app))
    click.echo(f"Gatehouse is running at http://{host}:{port}/  (Ctrl+C to stop)")
    sys.stdout.flush()
    # gunicorn takes this process over: its workers build the app from the same environment.
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "--workers", str(workers),
                              "--threads", str(threads), "--bind", f"{host}:{port}",
                              # gunicorn 25.1+ opens ~/.gunicorn/gunicorn.ctl by default: two servers
                              # on one machine would share it, and nothing here uses it
                              "--no-control-socket",
                              "backend:create_app()"])
