"""`gatehouse serve` (what `make run` starts) is gunicorn, and it sends the app's
files compressed (Brotli or gzip, as the browser asks), revalidated by ETag,
never cached past the service worker's say (backend/web.py)."""
from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
import requests

from backend import web
from tests.test_crash import free_port

ROOT = Path(__file__).resolve().parent.parent
GATEHOUSE = Path(sys.executable).with_name("gatehouse")
pytestmark = pytest.mark.slow


def shell_urls() -> list[str]:
    text = (ROOT / "pwa/lib/shell.js").read_text()
    return re.findall(r'"(/[^"]*)"', text.split("SHELL_FILES = [", 1)[1].split("];", 1)[0])


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`make run`'s own steps on a fresh SQLite file: migrate, demo, serve (output kept)."""
    tmp = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "GATEHOUSE_DEMO": "1", "DATABASE_URL": f"sqlite:///{tmp}/gatehouse.db",
           "PASSWORD_HASH_METHOD": "scrypt:1024:8:1", "HOME": str(tmp / "home"),
           "PYTHONPATH": str(ROOT)}   # this checkout's code even where the venv's `gatehouse` points at another
    env.pop("SECRET_KEY", None)
    subprocess.run([str(GATEHOUSE), "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = open(tmp / "serve.log", "w+")
    proc = subprocess.Popen([str(GATEHOUSE), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # the first build compresses the wasm at Brotli's top quality
    while True:
        try:
            if requests.get(base + "/api/health", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.seek(0)
            raise RuntimeError(log.read())
        time.sleep(0.2)
    yield base, tmp / "serve.log"
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def test_make_run_serves_through_gunicorn_not_the_development_server(served):
    base, log = served
    assert requests.get(base + "/").headers["Server"].startswith("gunicorn")
    text = log.read_text()
    assert "Listening at: " + base in text and "Booting worker" in text
    assert "development server" not in text.lower() and "werkzeug" not in text.lower()
    # gunicorn 25.1+ would open a control socket in $HOME, shared by every server on the machine
    assert not (log.parent / "home" / ".gunicorn").exists() and "control socket" not in text.lower()


@pytest.mark.parametrize("encoding,decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_every_shell_text_file_comes_compressed_as_asked(served, encoding, decode):
    base, _ = served
    s = requests.Session()
    for url in shell_urls():
        # requests decodes gzip and br itself; stream=True keeps the bytes as sent.
        r = s.get(base + url, headers={"Accept-Encoding": encoding}, stream=True)
        raw = r.raw.read(decode_content=False)
        plain = requests.get(base + url, headers={"Accept-Encoding": "identity"}).content
        assert r.status_code == 200, url
        if url.endswith(".png"):   # already compressed: sent as is
            assert "Content-Encoding" not in r.headers and raw == plain, url
            continue
        assert "Accept-Encoding" in r.headers["Vary"], url
        assert r.headers["Content-Encoding"] == encoding, url
        assert decode(raw) == plain and len(raw) < len(plain), url


def test_what_the_browser_cannot_decode_comes_plain_and_equal_to_the_source(served):
    base, _ = served
    for url, source in (("/", "index.html"), ("/page/app.js", "page/app.js"), ("/sw.js", "sw.js")):
        r = requests.get(base + url, headers={"Accept-Encoding": "identity"}, stream=True)
        assert "Content-Encoding" not in r.headers
        assert r.raw.read() == (ROOT / "pwa" / source).read_bytes()


def test_files_revalidate_and_the_worker_decides_what_is_kept(served):
    """no-cache everywhere (names carry no content hash; the service worker holds the
    app); a revalidation with the ETag is a 304 without a body."""
    base, _ = served
    for url in ("/", "/sw.js", "/page/app.js", "/lib/version.js", "/vendor/zxing-wasm/zxing_reader.wasm"):
        r = requests.get(base + url, headers={"Accept-Encoding": "br"})
        assert r.headers["Cache-Control"] == "no-cache", url
        again = requests.get(base + url, headers={"Accept-Encoding": "br", "If-None-Match": r.headers["ETag"]})
        assert again.status_code == 304 and again.content == b"", url
    assert requests.get(base + "/sw.js").headers["Service-Worker-Allowed"] == "/"
    wasm = requests.get(base + "/vendor/zxing-wasm/zxing_reader.wasm", headers={"Accept-Encoding": "br"}, stream=True)
    assert wasm.headers["Content-Encoding"] == "br" and wasm.headers["Content-Type"] == "application/wasm"
    assert int(wasm.headers["Content-Length"]) < 0.4 * len(
        (ROOT / "pwa/node_modules/zxing-wasm/dist/reader/zxing_reader.wasm").read_bytes())


def test_nothing_but_the_named_files_is_reachable_and_api_stays_uncached(served):
    base, _ = served
    for url in ("/index.html", "/vendor/barcode-detector/package.json", "/page/app.js.br",
                "/tools/stamp_version.py", "/package.json", "/node_modules/barcode-detector/package.json"):
        assert requests.get(base + url).status_code == 404, url
    assert requests.post(base + "/page/app.js").status_code in (404, 405)
    r = requests.get(base + "/api/health", headers={"Accept-Encoding": "br"})
    assert r.headers["Cache-Control"] == "no-store"


def test_a_build_follows_the_sources_and_replaces_the_old_one(tmp_path, monkeypatch):
    """An edited pwa/ is never served from an old build: the build's name is the sources' digest."""
    monkeypatch.setattr(web, "sources", lambda: {"index.html": tmp_path / "index.html"})
    (tmp_path / "index.html").write_text("<!doctype html><title>one</title>" + "x" * 2000)
    first = web.build(tmp_path / "static")
    assert (first / "index.html.br").exists() and (first / "index.html.gz").exists()
    assert web.build(tmp_path / "static") == first  # nothing to do
    (tmp_path / "index.html").write_text("<!doctype html><title>two</title>" + "y" * 2000)
    plain = web.current_build(tmp_path / "static")  # no compressed build yet: served plain
    assert plain != first and not (plain / "index.html.br").exists() and not first.exists()
    second = web.build(tmp_path / "static")
    assert brotli.decompress((second / "index.html.br").read_bytes()).startswith(b"<!doctype html><title>two")
    assert web.current_build(tmp_path / "static") == second
