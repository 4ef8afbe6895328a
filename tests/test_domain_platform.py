"""A new domain is its own package plus one line in the domain tuple.

This file is that whole domain: one mutation kind writing one record kind that
declares a number, corrections and review signatures. Push, pull, numbering,
amendment and review work without an edit anywhere else in the project.
"""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from marshmallow import Schema, fields, validate

from backend.domain import Domain, Kind, Record
from backend.domains import DOMAINS
from tests.conftest import app_for
from tests.phone import Phone, bearer, body

CRATE = "toy.crate"


class CrateIn(Schema):
    label = fields.String(required=True, validate=validate.Length(1, 100))
    count = fields.Integer(required=True, strict=True, validate=validate.Range(0, 1000))


class CrateChanges(Schema):
    label = fields.String(validate=validate.Length(1, 100))
    count = fields.Integer(strict=True, validate=validate.Range(0, 1000))


def write_crate(ctx, m):
    ctx.create(CRATE, m.id, dict(m.payload))


TOY = Domain(
    "toy",
    kinds=(Kind("toy.crate_in", CrateIn(), write_crate, frozenset({"guard", "supervisor", "admin"})),),
    records=(Record(CRATE, readers=frozenset({"guard", "supervisor", "admin"}), number="CRT",
                    amendable=CrateChanges(), reviewed=True),),
)


@pytest.fixture
def toy_client(request, database_url):
    return app_for(request, database_url, DOMAINS=DOMAINS + (TOY,)).test_client()


def test_a_toy_domain_pushes_pulls_numbers_amends_and_is_reviewed(toy_client):
    guard = Phone(toy_client)
    guard.sign_in("guard1")
    m = guard.write("toy.crate_in", {"label": "spare radios", "count": 4})
    [applied] = guard.sync()
    month = datetime.now(timezone.utc).astimezone(ZoneInfo("Asia/Hong_Kong")).strftime("%Y-%m")
    assert applied["status"] == "applied" and applied["result"]["number"] == f"CRT-{month}-0001"

    crate = guard.of_kind(CRATE)[m["id"]]
    assert (crate["author_name"], crate["number"], crate["review"]) == ("Chan Tai Man", f"CRT-{month}-0001", None)
    guard.write("record.amend", {"target_kind": CRATE, "target_id": m["id"], "changes": {"count": 3},
                                 "reason": "one was broken"}, base_version=crate["_version"])
    guard.write("record.amend", {"target_kind": CRATE, "target_id": m["id"], "changes": {"colour": "red"},
                                 "reason": "not a field of crates"}, base_version=crate["_version"])
    amended, refused = guard.sync()
    assert amended["status"] == "applied"
    assert refused["status"] == "rejected" and refused["reasons"][0]["code"] == "invalid_payload"
    crate = guard.of_kind(CRATE)[m["id"]]
    assert crate["count"] == 3 and crate["original"]["count"] == 4
    assert crate["amendments"][0]["reason"] == "one was broken"

    sup = Phone(toy_client)
    sup.sign_in("super1")
    sup.pull_all()
    [day] = sup.of_kind("record.day").values()
    assert day["kinds"][CRATE] == {"total": 1, "reviewed": 0} and day["awaiting"] == 1
    sup.write("record.review", {"target_kind": CRATE, "target_ids": [m["id"]], "approved": False,
                                "note": "count the radios again"})
    [reviewed] = sup.sync()
    assert reviewed["status"] == "applied"
    crate = sup.of_kind(CRATE)[m["id"]]
    assert crate["review"]["approved"] is False and crate["review"]["user_name"] == "Ho Wing Sze"
    assert sup.of_kind("record.day")[day["site_id"] + ":" + day["day"]]["awaiting"] == 0
    r = toy_client.get(f"/api/records/awaiting?site_id=hv", headers=sup.headers)
    assert r.status_code == 200 and body(r)["days"] == []


def test_a_review_without_approval_needs_a_note_and_nobody_reviews_their_own(toy_client):
    sup = Phone(toy_client)
    sup.sign_in("super1")
    own = sup.write("toy.crate_in", {"label": "mine", "count": 1})
    sup.write("record.review", {"target_kind": CRATE, "target_ids": [own["id"]]})
    guard = Phone(toy_client)
    guard.sign_in("guard1")
    theirs = guard.write("toy.crate_in", {"label": "theirs", "count": 2})
    guard.sync()
    sup.pull_all()
    sup.write("record.review", {"target_kind": CRATE, "target_ids": [theirs["id"]], "approved": False})
    _, self_review, no_note = sup.sync()
    assert self_review["reasons"][0]["code"] == "self_review"
    assert no_note["status"] == "rejected" and no_note["reasons"][0]["code"] == "note_required"


def test_kinds_of_a_domain_not_in_the_tuple_are_unknown(client):
    phone = Phone(client)
    phone.sign_in("guard1")
    phone.write("toy.crate_in", {"label": "x", "count": 1})
    [out] = phone.sync()
    assert out["status"] == "rejected" and out["reasons"][0]["code"] == "unknown_kind"
