"""Run the real app in its own process, for tests that kill it (kill -9).

`python -m tests.server_process PORT DATABASE_URL [--crash-kind]`

Two test-only fault points, nothing of which exists in the product:
- a request with header `X-Test-Crash: after-commit` kills the process after
  the view has committed and before the response is sent;
- with --crash-kind, a mutation of kind `test.crash` kills the process in the
  middle of a push's transaction.
"""
import os
import signal
import sys

from marshmallow import Schema
from werkzeug.serving import run_simple

from backend import create_app
from backend.domain import Domain, Kind
from backend.domains import DOMAINS


def die(*_args):
    os.kill(os.getpid(), signal.SIGKILL)


def crash_after_commit(app):
    def middleware(environ, start_response):
        result = app(environ, start_response)
        if environ.get("HTTP_X_TEST_CRASH") == "after-commit":
            die()
        return result
    return middleware


def main() -> None:
    port, url = int(sys.argv[1]), sys.argv[2]
    crash = Domain("test", kinds=(Kind("test.crash", Schema(), die, frozenset({"guard"})),))
    domains = DOMAINS + ((crash,) if "--crash-kind" in sys.argv else ())
    app = create_app({"TESTING": True, "DATABASE_URL": url, "DOMAINS": domains})
    run_simple("127.0.0.1", port, crash_after_commit(app), threaded=True)


if __name__ == "__main__":
    main()
