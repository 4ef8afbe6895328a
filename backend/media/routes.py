"""Photos and signature images: `POST /api/media`, `GET /api/media/<sha256>`.

Phones compress a photo, keep it in the outbox, and upload it with retries;
mutations name it by the SHA-256 of its bytes, so an upload can come before or
after the mutation and a re-upload is harmless. Limit: 1.5 MiB per image after
the phone's compression (a request may carry at most 2 MiB), and a daily quota
per phone (per user when signed in without a phone): UPLOADS_PER_DAY uploads
and UPLOAD_MB_PER_DAY MiB, in the site's time zone (429 `quota_exceeded`; the
phone keeps the photo and tries again later). Who may read a photo follows from
the sites and purposes it was uploaded for; each domain declares its purposes
and their roles (`Domain.media`): patrol photos are for guards, supervisors and
admins of that site, never packers.
"""
from __future__ import annotations

import hashlib
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, request, send_file
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from backend.db import insert, session
from backend.errors import ApiError
from backend.identity.service import ANY_ROLE, check_site, current_user, requires, utcnow
from backend.identity.models import Site
from backend.media.models import Media, MediaUse, UploadCount

MAX_BYTES = 1536 * 1024
MAX_PIXELS = 40_000_000
TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def readers() -> dict[str, frozenset[str]]:
    """Photo purpose -> roles that may upload and read it, as the domains declare."""
    return current_app.extensions["gatehouse_media"]

bp = Blueprint("media", __name__, url_prefix="/api/media", description="Photos and signatures")


def _known_purpose(value: str) -> None:
    if value not in readers():
        raise ValidationError(f"must be one of: {', '.join(sorted(readers()))}.")


class UploadQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    purpose = fields.String(load_default="patrol", validate=_known_purpose)


class MediaOut(Schema):
    sha256 = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    width = fields.Integer()
    height = fields.Integer()
    url = fields.String()


def sniff(data: bytes) -> tuple[str, int, int]:
    """The image type and size, read from the bytes (never from the client's word)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise ApiError(422, "photo_too_many_pixels", "The image has too many pixels.")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ApiError(415, "not_an_image", "This file is not a JPEG, PNG or WebP image.") from exc
    if kind not in TYPES:
        raise ApiError(415, "not_an_image", "This file is not a JPEG, PNG or WebP image.")
    return TYPES[kind], width, height


def _body() -> bytes:
    if (request.content_length or 0) > MAX_BYTES + 64 * 1024:
        raise ApiError(413, "photo_too_large", f"A photo may be at most {MAX_BYTES // 1024} KiB.")
    upload = request.files.get("file")
    data = upload.read(MAX_BYTES + 1) if upload else request.get_data(cache=False)
    if len(data) > MAX_BYTES:
        raise ApiError(413, "photo_too_large", f"A photo may be at most {MAX_BYTES // 1024} KiB.")
    if not data:
        raise ApiError(400, "photo_missing", "Send the image as the body or as the form field 'file'.")
    return data


def store(s, data: bytes, site_id: str, purpose: str, user_id: int) -> tuple[Media, bool]:
    """Keep the image once; link it to a site and purpose. True when it is new."""
    sha = hashlib.sha256(data).hexdigest()
    media, created = s.get(Media, sha), False
    if media is None:
        content_type, width, height = sniff(data)
        media = Media(sha256=sha, content_type=content_type, size=len(data), width=width, height=height,
                      data=data, created_at=utcnow(), uploaded_by=user_id)
        s.add(media)
        created = True
    if s.get(MediaUse, (sha, site_id, purpose)) is None:
        s.add(MediaUse(sha256=sha, site_id=site_id, purpose=purpose))
    s.flush()
    return media, created


def _out(m: Media) -> dict:
    return {"sha256": m.sha256, "content_type": m.content_type, "size": m.size, "width": m.width,
            "height": m.height, "url": f"/api/media/{m.sha256}"}


@bp.post("")
@bp.arguments(UploadQuery, location="query")
@bp.response(201, MediaOut)
@bp.alt_response(200, schema=MediaOut, description="Uploaded before: nothing changed")
@requires(*ANY_ROLE)
def upload(query):
    """Upload an image (raw body or multipart field 'file'); idempotent by content."""
    user = current_user()
    if user.role not in readers()[query["purpose"]]:
        raise ApiError(403, "forbidden", "Your role may not upload these photos.")
    check_site(user, query["site_id"])
    data = _body()
    count_upload(session(), query["site_id"], len(data))
    media, created = store(session(), data, query["site_id"], query["purpose"], user.id)
    session().commit()
    return _out(media), 201 if created else 200


def count_upload(s, site_id: str, size: int) -> None:
    """One more upload of `size` bytes today for this phone (or user) at this site, atomically; 429
    past the quota (the request's transaction then rolls the count back)."""
    token = g.token  # the request's sign-in, read by @requires
    uploader = f"device:{token.device_id}" if token.device_id else f"user:{token.user_id}"
    site = s.get(Site, site_id)
    day = datetime.now(ZoneInfo(site.tz if site else current_app.config["GATEHOUSE_TZ"])).date()
    stmt = insert(s, UploadCount).values(site_id=site_id, uploader=uploader, day=day, uploads=1, bytes=size)
    stmt = stmt.on_conflict_do_update(index_elements=["site_id", "uploader", "day"], set_={
        "uploads": UploadCount.uploads + 1, "bytes": UploadCount.bytes + size,
    }).returning(UploadCount.uploads, UploadCount.bytes)
    uploads, total = s.execute(stmt).one()
    cfg = current_app.config
    if uploads > cfg["UPLOADS_PER_DAY"] or total > cfg["UPLOAD_MB_PER_DAY"] * 1024 * 1024:
        raise ApiError(429, "quota_exceeded",
                       f"This phone may upload {cfg['UPLOADS_PER_DAY']} photos ({cfg['UPLOAD_MB_PER_DAY']} MiB) "
                       "a day, and has. Keep the photos on the phone; they upload tomorrow.")


def photos_of_site(s, site_id: str, shas: list[str], purpose: str = "patrol") -> dict[str, bytes]:
    """The bytes of those of `shas` uploaded for this site and purpose: a record may
    name any hash, but a site's report shows only its own photos."""
    if not shas:
        return {}
    rows = s.execute(select(Media.sha256, Media.data).join(MediaUse, MediaUse.sha256 == Media.sha256).where(
        Media.sha256.in_(shas), MediaUse.site_id == site_id, MediaUse.purpose == purpose))
    return {sha: data for sha, data in rows}


def may_read(user, sha: str) -> bool:
    uses = session().scalars(select(MediaUse).where(MediaUse.sha256 == sha)).all()
    sites = None if user.role == "admin" else user.site_ids()
    return any(user.role in readers().get(u.purpose, ()) and (sites is None or u.site_id in sites) for u in uses)


@bp.get("/<sha256>")
@bp.response(200, content_type="image/*")
@requires(*ANY_ROLE)
def read(sha256):
    """An image, to those whose role and site allow it."""
    media = session().get(Media, sha256.lower())
    if media is None:
        raise ApiError(404, "not_found", "No such photo (it may not have been uploaded yet).")
    if not may_read(current_user(), media.sha256):
        raise ApiError(403, "forbidden", "Your role or site may not see this photo.")
    # Cache-Control: no-store (headers.py): a shared phone keeps no one's photos in its HTTP cache.
    return send_file(io.BytesIO(media.data), mimetype=media.content_type, max_age=0)
