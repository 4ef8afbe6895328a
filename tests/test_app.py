"""The app starts only when it is safe to, documents itself, and logs no secrets."""
import gzip
import json
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


def test_the_role_table_is_gzipped_for_a_phone_that_accepts_it(client):
    """Every phone fetches it after its first screen: ~10 KB of JSON, ~1.6 KB gzipped."""
    plain = client.get("/api/sync/kinds")
    zipped = client.get("/api/sync/kinds", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip" and zipped.headers["Vary"] == "Accept-Encoding"
    assert json.loads(gzip.decompress(zipped.data)) == plain.get_json()
    assert len(zipped.data) * 4 < len(plain.data)


def test_request_log_never_holds_a_secret(client, caplog):
    """Passwords, sign-in and device tokens, enrolment codes: none reaches the log,
    even when the phone follows every URL the server hands it."""
    caplog.set_level(logging.INFO, logger="gatehouse.request")
    sup = client.post("/api/auth/login", json={"username": "super1", "password": "gatehouse-demo"}).get_json()["token"]
    auth = {"Authorization": f"Bearer {sup}"}
    made = client.post("/api/devices/enroll-codes", json={"site_id": "hv"}, headers=auth).get_json()
    for value in made.values():   # what the supervisor's screen loads
        if isinstance(value, str) and value.startswith("/"):
            client.get(value, headers=auth)
    from sync.device import Device, public_jwk
    enrolled = client.post("/api/devices/enroll", json={"code": made["code"],
                                                        "public_key": public_jwk(Device(space="hv").key)}).get_json()
    guard = client.post("/api/auth/login", json={"username": "guard1", "password": "gatehouse-demo"},
                        headers={"X-Device-Token": enrolled["device_token"]}).get_json()["token"]
    phone = {"Authorization": f"Bearer {guard}", "X-Device-Token": enrolled["device_token"]}
    assert client.get("/api/sync/pull", headers=phone).status_code == 200
    client.post("/api/auth/logout", headers=phone)
    text = caplog.text
    assert "/api/devices/enroll-codes" in text and "/api/sync/pull" in text
    for secret in ("gatehouse-demo", sup, guard, enrolled["device_token"], made["code"]):
        assert secret not in text
    assert made["qr_image"].startswith("data:image/png;base64,")   # the QR comes in the answer


def test_no_url_carries_an_enrolment_code(client, token):
    auth = {"Authorization": f"Bearer {token('super1')}"}
    code = client.post("/api/devices/enroll-codes", json={"site_id": "hv"}, headers=auth).get_json()["code"]
    assert client.get(f"/api/devices/enroll-codes/{code}.png", headers=auth).status_code == 404
    paths = body(client.get("/api/openapi.json"))["paths"]
    assert not [p for p in paths if p.startswith("/api/devices/enroll-codes/")]


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
    assert body(r) == [{"id": "hv", "name": "Harbour View Estate", "name_zh": "海景苑", "tz": "Asia/Hong_Kong",
                        "photo_keep_days": 7,     # how long the phone keeps photos it has uploaded
                        "phone_window_days": 14}]  # and the closed records (PROTOCOL.md P5.6)


def test_demo_users_are_seeded_only_in_demo_mode(tmp_path, monkeypatch):
    from sqlalchemy import create_engine, func, select
    from backend.identity.models import User
    url = f"sqlite:///{tmp_path}/production.db"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.setenv("GATEHOUSE_DEMO", "0")
    from backend.migrate import upgrade
    upgrade(url)
    runner = CliRunner()
    r = runner.invoke(gatehouse, ["demo"])
    assert r.exit_code == 1 and "GATEHOUSE_DEMO=1" in r.output and "refusing" in r.output
    engine = create_engine(url)
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(User.__table__)) == 0   # no admin/gatehouse-demo
    monkeypatch.setenv("GATEHOUSE_DEMO", "1")
    r = runner.invoke(gatehouse, ["demo"])
    assert r.exit_code == 0 and "demo logins" in r.output
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(User.__table__)) == 6
    engine.dispose()


def test_testing_in_the_environment_does_not_switch_on_test_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("TESTING", "1")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("GATEHOUSE_DEMO", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):   # no built-in secret for a "test" server
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SKIP_MIGRATION_CHECK": True})
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SKIP_MIGRATION_CHECK": True})
    assert app.testing is False and app.config.get("TESTING") is False
    app.extensions["gatehouse_db"].engine.dispose()
    assert create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
                       "SKIP_MIGRATION_CHECK": True}).testing is True   # code may
