"""The app starts only when it is safe to, documents itself, and logs no secrets."""
import logging

import pytest
from click.testing import CliRunner

from backend import create_app
from backend.cli import main as gatehouse
from backend.config import ConfigError
from backend.migrate import NotMigrated
from tests.phone import body


def test_missing_secret_fails_at_start(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("GATEHOUSE_DEMO", raising=False)
    monkeypatch.delenv("TESTING", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_unmigrated_database_is_refused_with_the_fix(tmp_path):
    with pytest.raises(NotMigrated, match="gatehouse migrate"):
        create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/empty.db"})


def test_openapi_document_and_docs_page(client):
    spec = body(client.get("/api/openapi.json"))
    assert {"/api/sync/push", "/api/sync/pull", "/api/auth/login", "/api/log/entries"} <= set(spec["paths"])
    r = client.get("/api/docs")
    assert r.status_code == 200 and b"/api/docs-assets/swagger-ui-bundle.js" in r.data
    assert b"cdn" not in r.data.lower()  # the docs work on a closed network
    assert client.get("/api/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_health_answers_without_sign_in(client):
    r = client.get("/api/health")
    assert r.status_code == 200 and body(r)["ok"] is True


def test_sync_kinds_are_listed(client):
    kinds = body(client.get("/api/sync/kinds"))["kinds"]
    assert {"log.entry", "record.amend", "log.countersign", "review.resolve"} <= set(kinds)


def test_request_log_has_no_passwords_or_tokens(client, caplog):
    caplog.set_level(logging.INFO, logger="gatehouse.request")
    r = client.post("/api/auth/login", json={"username": "guard1", "password": "gatehouse-demo"})
    token = body(r)["token"]
    client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    text = caplog.text
    assert "/api/auth/me" in text
    assert "gatehouse-demo" not in text and token not in text


def test_cli_sets_up_a_site_and_revokes_a_phone(app, database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("GATEHOUSE_DEMO", "1")
    runner = CliRunner()
    r = runner.invoke(gatehouse, ["create-site", "tko", "Tseung Kwan O Plaza", "--name-zh", "將軍澳廣場"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(gatehouse, ["create-user", "sup9", "--name", "Sup Nine", "--role", "supervisor",
                                  "--site", "tko", "--password", "long-enough"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(gatehouse, ["enroll-code", "tko", "--by", "sup9"])
    assert r.exit_code == 0 and r.output.startswith("gatehouse:enroll:")
    code = r.output.split()[0].rsplit(":", 1)[1]
    from sync.device import Device, public_jwk
    client = app.test_client()
    enrolled = client.post("/api/devices/enroll", json={"code": code, "public_key": public_jwk(Device(space="tko").key)})
    assert enrolled.status_code == 201
    r = runner.invoke(gatehouse, ["revoke-device", body(enrolled)["device_id"]])
    assert r.exit_code == 0
    r = client.get("/api/sync/pull", headers={"X-Device-Token": body(enrolled)["device_token"],
                                              "Authorization": "Bearer x"})
    assert r.status_code == 401


def test_sites_carry_their_time_zone_to_the_phone(client, token):
    r = client.get("/api/sites", headers={"Authorization": f"Bearer {token('guard1')}"})
    assert body(r) == [{"id": "hv", "name": "Harbour View Estate", "name_zh": "海景苑", "tz": "Asia/Hong_Kong"}]
