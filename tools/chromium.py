"""Headless Chromium for the tests and the screenshot tool: where it is, how it starts, its server.

The one place for Debian's browser path, its launch flags and the loopback
server of a built site, shared by ``tests/conftest.py`` (the browser tests'
fixtures) and ``tools/screenshot.py``. No browser is ever downloaded.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

#: Debian's Chromium (``apt-get install chromium``).
CHROMIUM = Path("/usr/bin/chromium")
#: The browser reaches nothing but loopback; these flags also stop its own background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` on 127.0.0.1 at a free port from a daemon thread; return (server, url)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def mode_script(mode: str) -> str:
    """Return JavaScript that makes pydata-sphinx-theme open in `mode` ("light" or "dark")."""
    return f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
