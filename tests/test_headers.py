"""What every answer tells the browser: a strict CSP, no framing, no Referer, and
no HTTP caching of anything under /api (photos included) on a shared phone."""
from __future__ import annotations

import re

from tests.patrol.conftest import png
from tests.phone import bearer, body

SECURITY = {"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


def test_every_api_answer_is_no_store_and_unframeable(client, token):
    guard = bearer(token("guard1"))
    photo = body(client.post("/api/media?site_id=hv", data=png(), headers=guard))["url"]
    answers = {
        "health": client.get("/api/health"),
        "sign-in": client.post("/api/auth/login", json={"username": "guard1", "password": "gatehouse-demo"}),
        "wrong sign-in": client.post("/api/auth/login", json={"username": "guard1", "password": "nope"}),
        "records": client.get("/api/log/entries?site_id=hv", headers=guard),
        "photo": client.get(photo, headers=guard),
        "not found": client.get("/api/nothing-here"),
        "docs": client.get("/api/docs"),
        "openapi": client.get("/api/openapi.json"),
    }
    for name, r in answers.items():
        assert r.headers["Cache-Control"] == "no-store", name
        assert {k: r.headers.get(k) for k in SECURITY} == SECURITY, name
        assert directives(r)["frame-ancestors"] == "'none'", name
    assert answers["photo"].status_code == 200 and answers["photo"].mimetype == "image/png"


def test_the_app_allows_only_its_own_scripts_and_the_decoders_wasm(client):
    for path in ("/", "/sw.js"):  # the document and the worker: the policies that apply
        r = client.get(path)
        d = directives(r)
        assert d["script-src"] == "'self' 'wasm-unsafe-eval'" and d["style-src"] == "'self'", path
        assert d["default-src"] == "'self'" and d["object-src"] == "'none'" and d["base-uri"] == "'none'"
        assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
        assert r.headers["Cache-Control"] == "no-cache"   # the shell's own rule (web.py), not the API's
    for path in ("/page/app.js", "/lib/i18n/en.json", "/icons/icon-192.png"):  # never documents
        r = client.get(path)
        assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["Cache-Control"] == "no-cache", path
        assert r.headers["Referrer-Policy"] == "no-referrer", path
    shell = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", shell) and " style=" not in shell


def test_the_api_docs_run_no_inline_script(client):
    r = client.get("/api/docs")
    assert directives(r)["script-src"] == "'self'"
    page = r.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)   # every script is a file
    init = client.get("/api/docs-assets/swagger-init.js")
    assert init.status_code == 200 and b"SwaggerUIBundle" in init.data
