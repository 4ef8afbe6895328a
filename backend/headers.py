"""Headers on every answer: what a browser may load, frame, keep and tell other sites.

- The app (everything but the API docs) gets a strict Content-Security-Policy:
  only our own scripts ('wasm-unsafe-eval' lets the QR decoder compile its
  wasm), no inline script or style, images from us, from IndexedDB (blob:) and
  the enrolment QR (data:), camera streams, and no framing.
- /api/docs (Swagger UI) runs only our own scripts too (its start-up script is
  a file, see templates/swagger_ui.html) but styles itself inline.
- Every /api answer says `Cache-Control: no-store`, photos included: a shared
  phone must not keep another user's records or photos in its HTTP cache. The
  phone keeps what it needs in IndexedDB; the service worker never caches /api.
- No page may frame ours, no Referer leaves the app, no type is sniffed.
"""
from __future__ import annotations

from flask import Flask, request

APP_CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: mediastream:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
DOCS_CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
DOCS_PATH = "/api/docs"


def security_headers(path: str) -> dict[str, str]:
    """The headers every answer at `path` carries (the app's static files too, see web.py)."""
    return {"Content-Security-Policy": DOCS_CSP if path == DOCS_PATH else APP_CSP,
            "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


def register(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        headers = response.headers
        for key, value in security_headers(request.path).items():
            headers[key] = value
        if request.path.startswith("/api/"):
            headers["Cache-Control"] = "no-store"
        return response
