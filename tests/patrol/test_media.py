"""Photos: content-addressed, sniffed, size-limited, readable only by the right roles and sites."""
from __future__ import annotations

import hashlib
import io

import pytest

from backend.media.routes import MAX_BYTES
from tests.patrol.conftest import png
from tests.phone import bearer, body


def upload(client, headers, data, site="hv", multipart=False):
    if multipart:
        return client.post(f"/api/media?site_id={site}", headers=headers,
                           data={"file": (io.BytesIO(data), "photo.png")}, content_type="multipart/form-data")
    return client.post(f"/api/media?site_id={site}", data=data, headers={**headers, "Content-Type": "image/jpeg"})


def test_upload_is_content_addressed_and_idempotent(client, token):
    guard = bearer(token("guard1"))
    data = png()
    r = upload(client, guard, data)
    assert r.status_code == 201
    assert body(r)["sha256"] == hashlib.sha256(data).hexdigest()
    assert body(r)["content_type"] == "image/png"   # sniffed from the bytes, not the header
    again = upload(client, guard, data, multipart=True)
    assert again.status_code == 200 and body(again)["sha256"] == body(r)["sha256"]
    got = client.get(body(r)["url"], headers=guard)
    assert got.status_code == 200 and got.data == data and got.mimetype == "image/png"


def test_a_file_that_is_not_an_image_is_refused(client, token):
    r = upload(client, bearer(token("guard1")), b"%PDF-1.4 not a photo at all")
    assert r.status_code == 415 and body(r)["reason"] == "not_an_image"
    r = upload(client, bearer(token("guard1")), png()[:40])   # a truncated image
    assert r.status_code == 415


def test_a_photo_over_the_limit_is_refused(client, token):
    big = png() + b"\0" * MAX_BYTES
    r = upload(client, bearer(token("guard1")), big)
    assert r.status_code == 413 and body(r)["reason"] == "photo_too_large"
    assert "KiB" in body(r)["message"]


def test_empty_upload(client, token):
    r = upload(client, bearer(token("guard1")), b"")
    assert r.status_code == 400 and body(r)["reason"] == "photo_missing"


def test_packers_cannot_read_patrol_photos(client, token):
    sha = body(upload(client, bearer(token("guard1")), png()))["sha256"]
    r = client.get(f"/api/media/{sha}", headers=bearer(token("packer1")))
    assert r.status_code == 403 and body(r)["reason"] == "forbidden"


def test_packers_cannot_upload_patrol_photos(client, token):
    assert upload(client, bearer(token("packer1")), png(), site="wh").status_code == 403


def test_the_front_desk_reads_and_uploads_patrol_photos_of_its_own_site(client, token):
    """The desk keeps a post too: it signs handovers and reads the incidents it is
    shown (issue 11), so the patrol purpose is open to it, at its own sites only."""
    sha = body(upload(client, bearer(token("guard1")), png()))["sha256"]
    assert client.get(f"/api/media/{sha}", headers=bearer(token("desk1"))).status_code == 200
    assert upload(client, bearer(token("desk1")), png(), site="hv").status_code in (200, 201)
    assert upload(client, bearer(token("desk1")), png(), site="wh").status_code == 403


@pytest.mark.parametrize("user,status", [("guard2", 200), ("super1", 200), ("admin", 200)])
def test_guards_and_supervisors_of_the_site_read_patrol_photos(client, token, user, status):
    sha = body(upload(client, bearer(token("guard1")), png()))["sha256"]
    assert client.get(f"/api/media/{sha}", headers=bearer(token(user))).status_code == status


def test_a_photo_of_another_site_is_not_readable(client, token):
    sha = body(upload(client, bearer(token("super1")), png((1, 2, 3)), site="wh"))["sha256"]
    assert client.get(f"/api/media/{sha}", headers=bearer(token("guard1"))).status_code == 403
    assert upload(client, bearer(token("guard1")), png(), site="wh").status_code == 403


def test_unknown_photo_and_no_sign_in(client, token):
    assert client.get("/api/media/" + "0" * 64, headers=bearer(token("guard1"))).status_code == 404
    assert client.get("/api/media/" + "0" * 64).status_code == 401


def noise_png(side: int, seed: int) -> bytes:
    """A PNG that does not compress: about 3 * side**2 bytes."""
    import random
    from PIL import Image
    buf = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(seed).randbytes(3 * side * side)).save(buf, format="PNG")
    return buf.getvalue()


def test_a_phone_past_its_daily_upload_count_is_refused_and_keeps_nothing(app, client, make_phone, token):
    app.config["UPLOADS_PER_DAY"] = 3
    phone, other = make_phone("guard1"), make_phone("guard1")
    assert [upload(client, phone.headers, png((i, 0, 0))).status_code for i in range(3)] == [201] * 3
    r = upload(client, phone.headers, png((9, 9, 9)))
    assert r.status_code == 429 and body(r)["reason"] == "quota_exceeded"
    assert set(body(r)) == {"code", "status", "message", "reason", "errors"}
    sha = hashlib.sha256(png((9, 9, 9))).hexdigest()
    assert client.get(f"/api/media/{sha}", headers=phone.headers).status_code == 404
    assert upload(client, other.headers, png((9, 9, 9))).status_code == 201   # another phone has its own
    assert upload(client, bearer(token("guard1")), png((8, 8, 8))).status_code == 201   # no phone: the user's own
    app.config["UPLOADS_PER_DAY"] = 4   # the refused upload was not counted
    assert upload(client, phone.headers, png((7, 7, 7))).status_code == 201
    assert upload(client, phone.headers, png((6, 6, 6))).status_code == 429


def test_a_user_without_a_phone_is_counted_by_bytes_too(app, client, token):
    app.config["UPLOAD_MB_PER_DAY"] = 1
    guard = bearer(token("guard1"))
    first, second = noise_png(400, 1), noise_png(400, 2)   # 480 kB each: two fit in 1 MiB, not with a third
    assert 480_000 <= len(first) < 500_000 and 480_000 <= len(second) < 500_000
    assert upload(client, guard, first).status_code == 201
    assert upload(client, bearer(token("guard1")), noise_png(200, 3)).status_code == 201   # a new sign-in: same user
    r = upload(client, guard, second)
    assert r.status_code == 429 and body(r)["reason"] == "quota_exceeded"
