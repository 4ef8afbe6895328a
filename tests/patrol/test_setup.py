"""Set-up: checkpoints with unguessable codes, routes, schedules, labels; published to phones."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.patrol.conftest import add_checkpoint, add_schedule, push, reasons
from tests.phone import bearer, body


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_checkpoints_get_random_unguessable_codes(site):
    codes = {c["code"] for c in site.cps}
    assert len(codes) == 3 and all(len(c) >= 16 for c in codes)
    assert all(c["qr"] == "gatehouse:checkpoint:" + c["code"] for c in site.cps)
    assert not any(c["id"][:8] in c["code"] for c in site.cps)


def test_setup_reaches_guards_phones_with_code_hashes(site, phone):
    phone.pull_all()
    pulled = phone.of_kind("patrol.checkpoint")
    assert set(pulled) == {c["id"] for c in site.cps}
    assert all("code" not in c and len(c["code_hash"]) == 64 for c in pulled.values())  # test_checkpoint_codes.py
    assert list(phone.of_kind("patrol.route")) == [site.route["id"]]
    assert phone.of_kind("patrol.code") == {}  # the code index stays on the server


@pytest.mark.parametrize("user", ["packer1", "desk1"])
def test_other_roles_do_not_see_patrol_setup(client, token, site, user):
    r = client.get("/api/patrol/checkpoints?site_id=hv", headers=bearer(token(user)))
    assert r.status_code == 403


def test_guards_see_only_their_sites(client, token, sup):
    add_checkpoint(client, sup, site_id="wh", name="Dock door")
    assert client.get("/api/patrol/checkpoints?site_id=wh", headers=bearer(token("guard1"))).status_code == 403
    assert client.get("/api/patrol/checkpoints?site_id=hv", headers=bearer(token("guard1"))).status_code == 200


def test_guards_cannot_change_setup(client, token):
    r = client.post("/api/patrol/checkpoints", json={"site_id": "hv", "name": "X"}, headers=bearer(token("guard1")))
    assert r.status_code == 403


def test_route_refuses_another_sites_checkpoint(client, sup, site):
    other = add_checkpoint(client, sup, site_id="wh", name="Dock door")
    r = client.post("/api/patrol/routes", json={"site_id": "hv", "name": "Bad",
                                                "checkpoint_ids": [site.a["id"], other["id"]]}, headers=sup)
    assert r.status_code == 422 and body(r)["reason"] == "checkpoint_unknown"


def test_schedule_needs_times_or_every_hours(client, sup, site):
    r = client.post("/api/patrol/schedules", json={"site_id": "hv", "route_id": site.route["id"], "name": "X",
                                                   "window_minutes": 30}, headers=sup)
    assert r.status_code == 422
    r = client.post("/api/patrol/schedules", json={"site_id": "hv", "route_id": site.route["id"], "name": "X",
                                                   "times": ["25:00"], "window_minutes": 30}, headers=sup)
    assert r.status_code == 422
    sc = add_schedule(client, sup, site.route["id"], [], every_hours=2, first_at="00:30")
    assert sc["every_hours"] == 2 and sc["times"] == []


def test_new_code_refuses_the_old_label(client, sup, site, phone):
    phone.pull_all()
    old = site.a["code"]
    r = client.post(f"/api/patrol/checkpoints/{site.a['id']}/new-code", json={"reason": "label lost"}, headers=sup)
    assert r.status_code == 200 and body(r)["code"] != old
    start = phone.write("patrol.round_start", {"route_id": site.route["id"]})
    phone.write("patrol.scan", {"round_id": start["id"], "code": old})
    phone.write("patrol.scan", {"round_id": start["id"], "code": body(r)["code"]})
    out = push(phone)
    assert out[1]["status"] == "rejected" and reasons(out[1]) == {"checkpoint_unknown"}
    assert out[2]["status"] == "applied"


def test_label_sheet_and_single_label_print_both_languages(client, sup, site):
    r = client.get("/api/patrol/labels.pdf?site_id=hv", headers=sup)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = pdf_text(r.data)
    for expected in ("Lobby fire hose", "大堂消防喉", "停車場閘口", "天台門", "Harbour View Estate", "海景苑"):
        assert expected in text
    r = client.get(f"/api/patrol/checkpoints/{site.c['id']}/label.pdf", headers=sup)
    text = pdf_text(r.data)
    assert "Roof door" in text and "天台門" in text and "Lobby" not in text


def test_label_sheet_spreads_over_pages(client, sup):
    for i in range(9):
        add_checkpoint(client, sup, name=f"Point {i}", name_zh=f"巡邏點{i}")
    r = client.get("/api/patrol/labels.pdf?site_id=hv", headers=sup)
    assert len(PdfReader(io.BytesIO(r.data)).pages) == 2


def test_a_schedule_switches_between_times_and_every_n_hours(client, sup, site):
    sc = add_schedule(client, sup, site.route["id"], ["08:00"])
    r = client.patch(f"/api/patrol/schedules/{sc['id']}", json={"every_hours": 3, "reason": "fewer rounds"}, headers=sup)
    assert (body(r)["every_hours"], body(r)["times"]) == (3, [])
    r = client.patch(f"/api/patrol/schedules/{sc['id']}", json={"times": ["22:00"], "reason": "night only"}, headers=sup)
    assert (body(r)["every_hours"], body(r)["times"]) == (None, ["22:00"])


def test_checkpoint_qr_image(client, sup, token, site):
    from PIL import Image
    r = client.get(f"/api/patrol/checkpoints/{site.a['id']}/qr.png", headers=sup)
    assert r.status_code == 200 and r.mimetype == "image/png"
    assert Image.open(io.BytesIO(r.data)).size[0] > 100
    assert client.get(f"/api/patrol/checkpoints/{site.a['id']}/qr.png",
                      headers=bearer(token("guard1"))).status_code == 403
