"""The pass page on the worker's phone (no account): the QR, the holder's name and
photo, validity, gates and unit; never a resident's details. Its own small
service worker (scope /pass/) keeps the last copy, so the page opens offline once
it has been opened, and the manifest lets it be added to the home screen."""
from __future__ import annotations

import base64
import io
from pathlib import Path

import qrcode
from flask import Response, render_template_string, request, send_from_directory
from flask_smorest import Blueprint

from backend.db import session
from backend.identity.models import Site
from backend.media.routes import photos_of_site
from backend.errors import ApiError
from backend.passes import consent_email, service

bp = Blueprint("pass_page", __name__, url_prefix="/pass", description="The pass page (holders, no account)")
STATIC = Path(__file__).parent / "page"
TYPES = {"sw.js": "text/javascript", "page.js": "text/javascript", "pass.css": "text/css"}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ p.number }} · Temporary pass · 臨時出入證</title>
<link rel="stylesheet" href="/pass/pass.css">
<link rel="manifest" href="{{ base }}/manifest.webmanifest">
<link rel="icon" href="/icons/icon-192.png">
<script type="module" src="/pass/page.js"></script>
</head><body>
<main class="pass {{ p.status }}">
<h1>Temporary pass <span lang="zh-Hant">臨時出入證</span></h1>
<p class="site">{{ site.name }}{% if site.name_zh %} · <span lang="zh-Hant">{{ site.name_zh }}</span>{% endif %}</p>
{% if p.status == "active" %}<img class="qr" alt="QR" src="data:image/png;base64,{{ qr }}">
{% else %}<p class="status" role="alert">{{ status_en }} · <span lang="zh-Hant">{{ status_zh }}</span></p>{% endif %}
<div class="holder">{% if photo %}<img class="photo" alt="" src="data:image/jpeg;base64,{{ photo }}">{% endif %}
<dl><dt>Name · <span lang="zh-Hant">姓名</span></dt><dd>{{ p.name }}</dd>
<dt>Company · <span lang="zh-Hant">公司</span></dt><dd>{{ p.company }}</dd>
<dt>Unit · <span lang="zh-Hant">單位</span></dt><dd>{{ p.unit }}</dd>
<dt>Valid · <span lang="zh-Hant">有效期</span></dt><dd>{{ p.valid_from }} – {{ p.valid_until }}</dd>
<dt>Hours · <span lang="zh-Hant">時間</span></dt><dd>{{ hours }}</dd>
<dt>Gates · <span lang="zh-Hant">閘口</span></dt><dd>{{ p.gates|join(", ") }}</dd>
<dt>No. · <span lang="zh-Hant">編號</span></dt><dd>{{ p.number }}</dd></dl></div>
<p class="hint">Show this page at the gate. It works without a network once opened.
<span lang="zh-Hant">請在閘口出示此頁；打開過一次後，沒有網絡亦可使用。</span></p>
</main></body></html>
"""
STATUS = {"revoked": ("Revoked", "已取消"), "refused": ("Not approved by the owner", "業主不同意"),
          "awaiting_approval": ("Waiting for the owner's approval", "等待業主同意")}


def _static(name: str):
    resp = send_from_directory(STATIC, name, mimetype=TYPES[name], max_age=0)
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/sw.js")
@bp.doc(hide=True)
def service_worker():
    return _static("sw.js")


@bp.get("/page.js")
@bp.doc(hide=True)
def script():
    return _static("page.js")


@bp.get("/pass.css")
@bp.doc(hide=True)
def style():
    return _static("pass.css")


@bp.get("/<pass_id>/<key>")
@bp.doc(hide=True)
def page(pass_id, key):
    """The holder's pass page: the address is the pass (see service.link_key)."""
    s = session()
    p = service.pass_by_link(s, pass_id, key)
    site = s.get(Site, p["site_id"])
    qr = ""
    if p["status"] == "active":
        buf = io.BytesIO()
        qrcode.make(service.pass_token(s, p), error_correction=qrcode.constants.ERROR_CORRECT_M,
                    box_size=6).save(buf, format="PNG")
        s.commit()
        qr = base64.b64encode(buf.getvalue()).decode()
    photo = photos_of_site(s, p["site_id"], [p["photo"]], purpose="pass").get(p["photo"])
    hours = "all day · 全日" if p["hours_from"] == p["hours_until"] else f"{p['hours_from']}–{p['hours_until']}"
    en, zh = STATUS.get(p["status"], ("", ""))
    html = render_template_string(PAGE, p=p, site=site, qr=qr, hours=hours, status_en=en, status_zh=zh,
                                  photo=base64.b64encode(photo).decode() if photo else "",
                                  base=service.link(pass_id))
    return Response(html, mimetype="text/html", headers={"Cache-Control": "no-cache"})


@bp.get("/<pass_id>/<key>/manifest.webmanifest")
@bp.doc(hide=True)
def manifest(pass_id, key):
    p = service.pass_by_link(session(), pass_id, key)
    return {"name": f"Pass {p['number']} · 臨時出入證", "short_name": p["number"],
            "start_url": service.link(pass_id), "scope": "/pass/", "display": "standalone",
            "background_color": "#ffffff", "theme_color": "#0b5394",
            "icons": [{"src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
                      {"src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png"}]}


CONSENT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Goods release · 物品放行</title>
<link rel="stylesheet" href="/pass/pass.css">
</head><body><main class="pass">
<h1>Goods release <span lang="zh-Hant">物品放行</span></h1>
{% if error %}<p class="status" role="alert">{{ error }}</p>
{% elif done %}<p class="status-done" role="status">{{ done }}</p>
{% else %}
<p>{{ p.holder_name }} · Unit <span lang="zh-Hant">單位</span> {{ p.unit }} · {{ p.number }}</p>
<ul class="goods">{% for g in p.goods %}<li>{{ g.count }} × {{ g.item }}</li>{% endfor %}</ul>
<form method="post">
<button name="answer" value="yes" class="yes">I agree · <span lang="zh-Hant">我同意</span></button>
<button name="answer" value="no" class="no">I do not agree · <span lang="zh-Hant">我不同意</span></button>
</form>{% endif %}
</main></body></html>
"""
LINK_ERRORS = {"link_unknown": "This link is not valid. · 此連結無效。",
               "link_used": "This link has been used already. · 此連結已使用。",
               "link_expired": "This link has expired: ask the front desk for a new one. · 此連結已過期：請向前台索取新連結。"}


def _consent_page(status: int = 200, **values):
    html = render_template_string(CONSENT, p=values.pop("p", None), error=values.get("error"), done=values.get("done"))
    return Response(html, status=status, mimetype="text/html", headers={"Cache-Control": "no-store"})


@bp.route("/consent/<permit_id>/<key>", methods=["GET", "POST"])
@bp.doc(hide=True)
def consent(permit_id, key):
    """The owner's answer to a goods release, from the emailed single-use link."""
    s = session()
    try:
        if request.method == "GET":
            return _consent_page(p=consent_email.opened(s, permit_id, key))
        if request.form.get("answer") not in ("yes", "no"):
            raise ApiError(400, "answer_missing", "Answer yes or no.")
        p = consent_email.answer(s, permit_id, key, request.form["answer"] == "yes")
        s.commit()
    except ApiError as exc:
        s.rollback()
        return _consent_page(exc.code,
                             error=LINK_ERRORS.get(exc.reason, str(exc)))
    yes = p["status"] == "approved"
    return _consent_page(done="Thank you: the goods may go out. · 多謝：物品可以放行。" if yes
                         else "Thank you: the goods stay. · 多謝：物品不會放行。")
