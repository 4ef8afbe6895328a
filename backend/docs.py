"""Swagger UI's files from the swagger-ui-bundle package: /api/docs works offline."""
from flask import Blueprint, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("docs_assets", __name__)
ASSETS = {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css",
          "favicon-32x32.png", "favicon-16x16.png"}


@bp.get("/api/docs-assets/<name>")
def asset(name: str):
    if name not in ASSETS:
        abort(404)
    return send_from_directory(swagger_ui_path, name, max_age=86400)
