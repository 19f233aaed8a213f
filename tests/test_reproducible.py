"""Two clean builds of the same commit give the same figures, outputs and downloads.

The second build runs with the network blocked: a ``sitecustomize`` module put
first on ``PYTHONPATH`` makes every Python process of the build (Sphinx, the
examples, the notebook kernels) refuse connections and name look-ups to
anything but this machine, and writes each attempt to a log. The build must
succeed and the log must stay empty. This works as root and in containers,
where ``unshare --net`` may not be allowed.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import conftest
import pytest

BLOCKER = textwrap.dedent(
    '''\
    """Refuse network connections to other machines, and log each attempt."""

    import errno
    import ipaddress
    import os
    import socket

    _LOG = os.environ.get("FILTERVIZ_NETWORK_LOG")
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _getaddrinfo = socket.getaddrinfo


    def _is_local(host):
        if host is None or host in ("", "localhost", "localhost.localdomain"):
            return True
        if isinstance(host, bytes):
            host = host.decode()
        try:
            address = ipaddress.ip_address(str(host).split("%")[0])
        except ValueError:
            return False
        return address.is_loopback or address.is_unspecified


    def _refuse(what):
        if _LOG:
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()} {what}\\n")
        raise OSError(errno.ENETUNREACH, f"network blocked for this build: {what}")


    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            _refuse(f"connect {address!r}")
        return _connect(self, address)


    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            _refuse(f"connect_ex {address!r}")
        return _connect_ex(self, address)


    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            _refuse(f"getaddrinfo {host!r}")
        return _getaddrinfo(host, *args, **kwargs)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    '''
)


@pytest.fixture(scope="module")
def blocker(tmp_path_factory) -> tuple[Path, Path]:
    """A folder holding the blocking ``sitecustomize.py``, and the log it writes."""
    folder = tmp_path_factory.mktemp("no-network")
    (folder / "sitecustomize.py").write_text(BLOCKER)
    return folder, folder / "attempts.log"


def _blocked_env(blocker: tuple[Path, Path]) -> dict[str, str]:
    folder, log = blocker
    pythonpath = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": pythonpath, "FILTERVIZ_NETWORK_LOG": str(log)}


def test_blocker_refuses_other_machines_and_allows_this_one(blocker, tmp_path):
    probe = textwrap.dedent(
        """\
        import socket
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        socket.create_connection(server.getsockname(), timeout=5).close()
        print("loopback ok")
        try:
            socket.socket().connect(("192.0.2.1", 80))
        except OSError as error:
            print("refused:", error)
        try:
            socket.create_connection(("example.org", 443), timeout=5)
        except OSError as error:
            print("refused:", error)
        """
    )
    env = dict(os.environ, **_blocked_env(blocker))
    env["FILTERVIZ_NETWORK_LOG"] = str(tmp_path / "probe.log")
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "loopback ok" in result.stdout
    assert "refused: [Errno 101] network blocked for this build: connect ('192.0.2.1', 80)" in (
        result.stdout
    )
    assert "network blocked for this build: getaddrinfo 'example.org'" in result.stdout
    assert len((tmp_path / "probe.log").read_text().splitlines()) == 2


@pytest.fixture(scope="module")
def offline_site(blocker, tmp_path_factory) -> Path:
    """The second clean build of the site, made with the network blocked."""
    output = tmp_path_factory.mktemp("offline-site")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in _blocked_env(blocker).items():
            patch.setenv(name, value)
        result = conftest.build_site(output)
    if result.returncode != 0:
        pytest.fail(
            "the build with the network blocked failed:\n"
            + result.stdout[-3000:]
            + "\n"
            + result.stderr[-5000:],
            pytrace=False,
        )
    return output / "html"


def _files(site: Path, pattern: str) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob(pattern))
        if path.is_file()
    }


def _example_outputs(page: Path) -> list[str]:
    """The text each example printed, as shown on its page."""
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="sphx-glr-script-out[^"]*">(.*?)</div>\s*</div>', text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


@pytest.mark.slow
def test_build_succeeds_with_the_network_blocked_and_never_tries_it(offline_site, blocker):
    _, log = blocker
    assert (offline_site / "index.html").is_file()
    attempts = log.read_text() if log.exists() else ""
    assert attempts == "", f"the build tried to reach the network:\n{attempts}"


@pytest.mark.slow
def test_two_builds_give_byte_identical_figures(built_site, offline_site):
    first = _files(built_site, "*.png")
    second = _files(offline_site, "*.png")
    assert any(name.startswith("_images/sphx_glr_") for name in first), "no gallery figures"
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == [], f"figures that differ between two builds: {different}"


@pytest.mark.slow
def test_two_builds_give_identical_example_outputs(built_site, offline_site):
    pages = sorted((built_site / "auto_examples").rglob("plot_*.html"))
    assert pages, "no example pages"
    for page in pages:
        twin = offline_site / page.relative_to(built_site)
        assert _example_outputs(page) == _example_outputs(twin), page.name
    first = _files(built_site / "_sources" / "auto_examples", "*.txt")
    second = _files(offline_site / "_sources" / "auto_examples", "*.txt")
    assert first == second  # the generated pages, printed outputs included


@pytest.mark.slow
def test_two_builds_give_identical_downloads(built_site, offline_site):
    first = _files(built_site / "_downloads", "*")
    second = _files(offline_site / "_downloads", "*")
    assert any(name.endswith(".ipynb") for name in first)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == [], f"downloads that differ between two builds: {different}"
