"""Swagger UI's files from the swagger-ui-bundle package: /api/docs works offline.

Its start-up script is ours (templates/swagger-init.js), so the page needs no inline script.
"""
from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("docs_assets", __name__)
ASSETS = {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css",
          "favicon-32x32.png", "favicon-16x16.png"}
INIT = "swagger-init.js"
TEMPLATES = Path(__file__).resolve().parent / "templates"


@bp.get("/api/docs-assets/<name>")
def asset(name: str):
    if name == INIT:
        return send_from_directory(TEMPLATES, INIT, mimetype="text/javascript")
    if name not in ASSETS:
        abort(404)
    return send_from_directory(swagger_ui_path, name)
