"""Swagger UI at /api/docs still renders the API under its own Content-Security-Policy."""
from __future__ import annotations


def test_api_docs_render_under_their_csp(browser, server):
    context = browser.new_context()
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(server.url + "/api/docs")
        page.locator(".opblock-summary-path", has_text="/api/sync/push").first.wait_for(timeout=30000)
        page.locator(".opblock-summary-path", has_text="/api/auth/login").first.click()
        page.locator(".opblock-description-wrapper", has_text="login_throttled").wait_for()
    finally:
        context.close()
    assert [m for m in console if "Content Security Policy" in m] == []
