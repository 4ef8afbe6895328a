"""Every API operation, fed what its OpenAPI document allows and more (schemathesis):
never a server error, and every error in the one envelope."""
import json

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.phone import Phone

ENVELOPE = {"code", "status", "message", "reason", "errors"}


def test_every_operation_answers_without_a_server_error(app, client):
    phone = Phone(client)
    phone.sign_in("super1")
    headers = phone.headers  # a supervisor's token and an enrolled phone's token
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 30
    # records at a desk: the list, export and history of every kind (issue 13 item 2)
    assert {"/api/records/{kind}", "/api/records/{kind}.csv", "/api/records/{kind}/{record_id}/history",
            "/api/records/kinds"} <= {op.path for op in operations}
    failures = []
    for op in operations:
        if op.path == "/api/auth/logout":
            continue  # it would sign the fuzzer's own token out

        @given(op.as_strategy())
        @settings(max_examples=12, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            if op.path.startswith("/api/records/{kind}") and case.path_parameters:
                case.path_parameters["kind"] = "gate.visit"  # a real kind's filters and cursor, not only 404s
            response = case.call(headers=headers)
            assert response.status_code < 500, f"{op.method.upper()} {op.path}: {response.text[:300]}"
            if response.status_code >= 400 and "json" in response.headers.get("Content-Type", ""):
                assert set(json.loads(response.text)) == ENVELOPE, f"{op.method.upper()} {op.path}"

        try:
            check()
        except AssertionError as exc:
            failures.append(str(exc)[:400])
    assert failures == []
