"""Gatehouse API: the Flask app factory."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from flask import Flask, g, request
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from backend import config as config_module
from backend import errors, gate, headers, web
from backend.db import Database, close_session
from backend.domain import build_registry, media_readers
from backend.migrate import check_current

log = logging.getLogger("gatehouse.request")


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` overrides the environment (tests use it; a test
    may pass "DOMAINS" to add a domain of its own)."""
    from backend.domains import DOMAINS

    app = Flask(__name__, instance_path=str(Path.cwd() / "instance"), static_folder=None)
    app.config.update(config_module.load(config, app.instance_path))
    app.config.update(API_TITLE="Gatehouse", API_VERSION="1", OPENAPI_VERSION="3.0.3",
                      OPENAPI_URL_PREFIX="/api", OPENAPI_JSON_PATH="openapi.json",
                      OPENAPI_SWAGGER_UI_PATH="docs",
                      OPENAPI_SWAGGER_UI_URL="/api/docs-assets/")
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    db = Database(app.config["DATABASE_URL"], app.config["DATABASE_TRANSACTION_POOLER"])
    if not app.config.get("SKIP_MIGRATION_CHECK"):
        check_current(db)
    app.extensions["gatehouse_db"] = db
    domains = tuple(app.config.get("DOMAINS") or DOMAINS)
    app.extensions["gatehouse_domains"] = domains
    app.extensions["gatehouse_registry"] = build_registry(domains)
    app.extensions["gatehouse_media"] = media_readers(domains)
    app.teardown_appcontext(close_session)

    api = Api(app)
    for domain in domains:
        for blueprint in domain.blueprints:
            api.register_blueprint(blueprint)
    from backend.docs import bp as docs_bp
    app.register_blueprint(docs_bp)
    errors.register(app)
    gate.register(app)
    headers.register(app)
    _request_logging(app)
    web.register(app)  # WhiteNoise in front: the app's files never reach a view
    if app.config["TRUSTED_PROXIES"]:
        # Behind N reverse proxies, the client is the address the N-th one saw
        # (request.remote_addr, used to throttle sign-ins). Never on by default:
        # without a proxy anyone could send X-Forwarded-For.
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)

    from backend.cli import register_cli
    register_cli(app, domains)
    return app


def _request_logging(app: Flask) -> None:
    """One JSON line per request; never headers, bodies or tokens."""
    @app.before_request
    def _start():
        g.started = time.perf_counter()

    @app.after_request
    def _log(response):
        log.info(json.dumps({
            "method": request.method, "path": request.path, "status": response.status_code,
            "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
            "user": g.get("user_id"), "device": g.get("device_id")}))
        return response
