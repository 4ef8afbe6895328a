"""Browser tests: the real Flask app on a threaded Werkzeug server, Debian's
Chromium driven by Playwright (never `playwright install`).

Fixtures: `server` (one seeded SQLite app per session), `browser`, `phone`
(a fresh 390x844 context with helpers to enroll, sign in and write), and
`persistent` (a context with a user data dir, for installability and for
closing and reopening the "same phone").
"""
from __future__ import annotations

import base64
import io
import json
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import qrcode
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from backend.db import database
from backend.sync_api.store import new_epoch
from backend.testing import DEMO_PASSWORD, make_demo_app
from tests.phone import Http, Phone, bearer, body, login

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/lib/chromium/chromium") if Path(p).exists()),
                shutil.which("chromium") or "/usr/bin/chromium")
LAUNCH_ARGS = ["--disable-background-networking", "--no-first-run", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 390, "height": 844}
PIN = "246813"  # 6 digits: supervisors and administrators need at least 6 (PROTOCOL.md P8)

# Replaces getUserMedia with a canvas stream whose picture the test sets, so one
# browser can be shown many different QR codes (browser-testing.md).
FAKE_CAMERA_JS = """
(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 640; canvas.height = 480;
  const ctx = canvas.getContext('2d');
  let img = null;
  const paint = () => {
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 640, 480);
    if (img) ctx.drawImage(img, 170, 90, 300, 300);
  };
  paint();
  setInterval(paint, 16);
  window.__fakeCamera = {
    deny: false,
    requests: 0,
    async show(dataUrl) {
      const next = new Image(); next.src = dataUrl; await next.decode();
      img = next; paint(); window.__fakeCamera.shownAt = performance.now();
    },
    blank() { img = null; paint(); },
  };
  if (!navigator.mediaDevices) return;
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    window.__fakeCamera.requests++;
    window.__fakeCamera.constraints = constraints;
    if (window.__fakeCamera.deny) throw new DOMException('Permission denied', 'NotAllowedError');
    return canvas.captureStream(30);
  };
})();
"""


def pytest_collection_modifyitems(items):
    """Everything in tests/browser carries the `browser` marker (pyproject.toml)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def qr_data_url(text: str) -> str:
    img = qrcode.make(text, box_size=10, border=4)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


class Overrides:
    """WSGI wrapper that lets a test serve other bytes at a path (a "new release")."""

    def __init__(self, app):
        self.app, self.files = app, {}

    def __call__(self, environ, start_response):
        body = self.files.get(environ.get("PATH_INFO"))
        if body is None:
            return self.app(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/javascript"), ("Cache-Control", "no-cache"),
                                  ("Content-Length", str(len(body)))])
        return [body]


@dataclass
class Server:
    url: str
    app: object
    overrides: dict | None = None

    def http(self) -> Http:
        return Http(self.url)

    def token(self, username: str) -> str:
        return login(self.http(), username)["token"]

    def enroll_code(self, site: str = "hv", by: str = "super1") -> str:
        r = self.http().post("/api/devices/enroll-codes", json={"site_id": site}, headers=bearer(self.token(by)))
        assert r.status_code == 201, body(r)
        return body(r)["qr"]

    def entries(self, site: str = "hv", as_user: str = "super1") -> list[dict]:
        r = self.http().get(f"/api/log/entries?site_id={site}&limit=1000", headers=bearer(self.token(as_user)))
        assert r.status_code == 200, body(r)
        return body(r)["entries"]

    def new_epoch(self) -> str:
        with self.app.app_context(), database().write() as s:
            return new_epoch(s)

    def api_phone(self, user: str = "guard1") -> Phone:
        p = Phone(self.http())
        p.sign_in(user)
        return p


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-db") / "gatehouse.db"
    app = make_demo_app(f"sqlite:///{db}")
    wrapped = Overrides(app)
    srv = make_server("127.0.0.1", 0, wrapped, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield Server(url=f"http://127.0.0.1:{srv.server_port}", app=app, overrides=wrapped.files)
    srv.shutdown()
    app.extensions["gatehouse_db"].engine.dispose()


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
    yield b
    b.close()


def what_the_page_shows(page) -> str:
    """Where a page is and what it says, for a failure message: a wait that times out
    inside a long run is otherwise a bare "still false"."""
    try:
        seen = page.evaluate("""() => ({hash: location.hash, ready: document.documentElement.dataset.ready,
            worker: !!navigator.serviceWorker?.controller, online: navigator.onLine,
            view: (document.querySelector('#view')?.innerText ?? '').slice(0, 600)})""")
    except PlaywrightError as exc:
        seen = {"unreadable": str(exc)[:200]}
    errors = getattr(page, "gatehouse_log", [])
    return f"page: {json.dumps(seen, ensure_ascii=False)}\nconsole (last 15): {json.dumps(errors[-15:], ensure_ascii=False)}"


def wait_for_function_under_csp(page):
    """page.wait_for_function that works under the app's CSP.

    Playwright's own evals its predicate inside the page, which a policy without
    'unsafe-eval' refuses; page.evaluate goes through DevTools, outside the page's
    policy. Same contract: the truthy result, an error if the predicate throws.
    """
    def wait_for_function(expression, arg=None, timeout=None, polling=None):
        deadline = time.monotonic() + (timeout or 15000) / 1000
        while True:
            try:
                result = page.evaluate(expression, arg)
            except PlaywrightError as exc:
                if "context was destroyed" not in str(exc):
                    raise
                result = None   # a navigation in between: ask the next document
            if result:
                return result
            if time.monotonic() > deadline:
                raise PlaywrightTimeout(f"wait_for_function: {expression!r} still false after {timeout or 15000} ms"
                                        f"\n{what_the_page_shows(page)}")
            page.wait_for_timeout(polling if isinstance(polling, (int, float)) else 50)
    return wait_for_function


# Signed in and on the user's first tab (#/log for guards and supervisors, the
# first tab their role may use for others: page/nav.js); the tab bar is drawn
# only once the router has settled there.
LANDED = ("document.querySelector('#tabs:not([hidden]) a.tab') !== null"
          " && !['#/pin', '#/login', '#/unlock', '#/welcome'].includes(location.hash)")


class PhoneUI:
    """One phone in the browser: a page plus the steps a guard takes."""

    def __init__(self, context, server: Server):
        self.context, self.server = context, server
        self.page = context.pages[0] if context.pages else context.new_page()
        self.page.set_default_timeout(15000)
        self.page.wait_for_function = wait_for_function_under_csp(self.page)
        self.errors: list[str] = []
        self.console: list[str] = []
        self.page.gatehouse_log = self.console   # read by what_the_page_shows
        self.page.on("pageerror", self._page_error)
        self.page.on("requestfailed", lambda r: self.console.append(f"requestfailed: {r.method} {r.url} {r.failure}"))
        self.csp_violations: list[str] = []   # the fixtures fail a test that had any
        self.page.on("console", self._console)

    def _page_error(self, error) -> None:
        self.errors.append(str(error))
        self.console.append(f"pageerror: {error}")

    def _console(self, message) -> None:
        self.console.append(f"{message.type}: {message.text}")
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    # navigation
    def open(self, hash_: str = "") -> None:
        self.page.goto(self.server.url + "/" + hash_)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_selector("html[data-ready='1']", state="attached")

    def go(self, hash_: str) -> None:
        """Navigate and wait until the router has drawn this address (the screen before it
        also had an h1: waiting for any h1 raced the new screen)."""
        self.page.evaluate("h => { location.hash = h }", hash_)
        self.page.wait_for_function("h => location.hash === h && document.getElementById('view').dataset.route === h",
                                    arg=hash_)
        self.page.wait_for_selector("#view h1")

    def wait_worker(self) -> None:
        self.page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)

    # onboarding
    def enroll(self, site: str = "hv") -> None:
        self.open("#/welcome")
        self.page.get_by_label("Or type the enrolment code").fill(self.server.enroll_code(site))
        self.page.get_by_role("button", name="Use code").click()
        self.page.wait_for_function("location.hash === '#/login'")

    def login(self, username: str) -> None:
        self.page.wait_for_function("location.hash === '#/login'")
        self.page.wait_for_selector("#view h1")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        self.page.wait_for_function(f"location.hash === '#/pin' || ({LANDED})")

    def set_pin(self, pin: str = PIN) -> None:
        self.page.wait_for_function("location.hash === '#/pin'")
        self.page.get_by_label("New PIN").fill(pin)
        self.page.get_by_label("Repeat the PIN").fill(pin)
        self.page.get_by_role("button", name="Save PIN").click()
        self.page.wait_for_function(LANDED)

    def setup_in(self, lang: str, username: str = "guard1", site: str = "hv") -> "PhoneUI":
        """Enrol, sign in and set the PIN with the app in `lang` (by selectors, not English labels)."""
        self.open("#/welcome")
        self.page.locator(f".segmented button[lang='{lang}']").click()
        self.page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
        self.page.locator(".scanner-manual input").fill(self.server.enroll_code(site))
        self.page.locator(".scanner-manual button[type=submit]").click()
        self.page.wait_for_function("location.hash === '#/login'")
        self.page.wait_for_selector("#view input[autocomplete=username]")
        self.page.locator("input[autocomplete=username]").fill(username)
        self.page.locator("input[type=password]").fill(DEMO_PASSWORD)
        self.page.locator("#view form button[type=submit]").click()
        self.page.wait_for_function("location.hash === '#/pin'")
        # The hash changes before the PIN screen replaces the sign-in form: wait for
        # the PIN fields themselves, or the sign-in form's password box gets the PIN.
        pins = self.page.locator("#view input[autocomplete=new-password]")
        pins.nth(1).wait_for()
        pins.nth(0).fill(PIN)
        pins.nth(1).fill(PIN)
        self.page.locator("#view form button[type=submit]").click()
        self.page.wait_for_function(LANDED)
        return self

    def setup(self, username: str = "guard1", site: str = "hv") -> "PhoneUI":
        self.enroll(site)
        self.login(username)
        self.set_pin()
        self.wait_worker()
        self.sync()
        return self

    # records
    def write_entry(self, text: str, category: str = "General", location: str = "") -> None:
        self.go("#/log/new")
        self.page.get_by_label(category, exact=True).check()
        self.page.get_by_label("What happened").fill(text)
        if location:
            self.page.get_by_label("Location (optional)").fill(location)
        self.page.get_by_role("button", name="Save entry").click()
        self.page.wait_for_function("location.hash === '#/log'")
        self.page.wait_for_selector(f"[data-testid=log-list] >> text={text}")

    def outbox(self) -> list[dict]:
        return self.page.evaluate(
            "async () => (await import('/lib/outbox.js')).outboxEntries().then(es => es.map(e => ({seq: e.seq, kind: e.mutation.kind, status: e.status})))")

    def sync(self) -> dict:
        return self.page.evaluate("() => window.__gatehouse.requestSync({force: true})")

    def entry_id(self, text: str) -> str:
        return self.page.locator("[data-testid=log-list] a.card", has_text=text).first.get_attribute("data-id")


def new_site(server: Server, monkeypatch, tag: str) -> dict:
    """A site of the test's own on the shared browser server, with a supervisor (who
    enrols its phones), a front desk user and a guard: for tests that read a whole
    site (its label sheet, its board, its registers), which other tests' records at
    the demo site would otherwise change."""
    from backend.admin.service import create_site, create_user
    site, sup, desk, guard = f"c{tag}", f"sup{tag}", f"desk{tag}", f"guard{tag}"
    with server.app.app_context(), database().write() as s:
        create_site(s, site, f"Court {tag}", f"苑 {tag}").settings = {"case_escalation_emails": [f"manager@{tag}.example"]}
        create_user(s, sup, f"Ho {tag}", DEMO_PASSWORD, "supervisor", [site])
        create_user(s, desk, f"Lee {tag}", DEMO_PASSWORD, "frontdesk", [site])
        create_user(s, guard, f"Chan {tag}", DEMO_PASSWORD, "guard", [site])
    enroll_code = type(server).enroll_code
    monkeypatch.setattr(server, "enroll_code", lambda site="hv", by=sup: enroll_code(server, site, by))
    return {"site": site, "sup": sup, "desk": desk, "guard": guard}


def new_phone(browser, server: Server, **kw) -> PhoneUI:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Asia/Hong_Kong",
                                  service_workers="allow", permissions=["camera"], **kw)
    context.add_init_script(FAKE_CAMERA_JS)
    return PhoneUI(context, server)


@pytest.fixture
def phone(browser, server):
    made: list[PhoneUI] = []

    def make(**kw) -> PhoneUI:
        p = new_phone(browser, server, **kw)
        made.append(p)
        return p
    yield make
    for p in made:
        p.context.close()
    assert [v for p in made for v in p.csp_violations] == []   # the app works under its CSP


def launch_persistent(playwright_instance, user_dir: Path, server: Server, offline: bool = False,
                      permissions=("camera",)):
    context = playwright_instance.chromium.launch_persistent_context(
        str(user_dir), executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS, offline=offline,
        viewport=VIEWPORT, locale="en-GB", timezone_id="Asia/Hong_Kong",
        service_workers="allow", permissions=list(permissions))
    context.add_init_script(FAKE_CAMERA_JS)
    return PhoneUI(context, server)


@pytest.fixture
def persistent(playwright_instance, server, tmp_path):
    """make() opens the phone's browser on one user data dir; call again to reopen it."""
    opened: list[PhoneUI] = []

    def make(offline: bool = False, permissions=("camera",)) -> PhoneUI:
        p = launch_persistent(playwright_instance, tmp_path / "profile", server, offline, permissions)
        opened.append(p)
        return p
    yield make
    for p in opened:
        try:
            p.context.close()
        except Exception:
            pass
    assert [v for p in opened for v in p.csp_violations] == []   # the app works under its CSP


__all__ = ["json", "qr_data_url", "PIN"]
