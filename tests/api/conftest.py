"""API fuzzing: a real DutyRoom server on 127.0.0.1, driven by schemathesis.

Like the browser tests (tests/e2e/conftest.py), the server is the built binary ($DUTYROOM_BIN,
set by scripts/test) running `serve` on a fresh SQLite file; on an empty database it migrates
and loads the demo data by itself. Its clock is pinned with DUTYROOM_FIXED_NOW, which also keeps
the sessions of the fuzzing accounts from expiring (the 30-minute idle timeout never elapses).

Every request goes to 127.0.0.1 only.
"""

import json
import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import hypothesis.configuration
import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXED_NOW = "2026-11-23T06:05:00Z"
DEMO_PASSWORD = "Duty#Room2026"

# Hypothesis keeps its files (a .hypothesis folder) in the current directory, i.e. the repository;
# they go to a scratch folder instead (scripts/test points TMPDIR at one it removes afterwards).
hypothesis.configuration.set_hypothesis_home_dir(
    pathlib.Path(tempfile.gettempdir()) / "dutyroom-api-hypothesis"
)


def dutyroom_bin() -> pathlib.Path:
    """The binary under test: $DUTYROOM_BIN, else the debug build in .build/."""
    value = os.environ.get("DUTYROOM_BIN")
    path = pathlib.Path(value) if value else REPO_ROOT / ".build" / "debug" / "dutyroom"
    if not path.is_file():
        pytest.fail(
            f"dutyroom binary not found at {path}: run scripts/test, or set DUTYROOM_BIN "
            "to $(swift build --show-bin-path)/dutyroom",
            pytrace=False,
        )
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: pathlib.Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Server:
    def __init__(self, base_url: str, log_path: pathlib.Path):
        self.base_url = base_url
        self.log_path = log_path

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_tail(self, lines: int = 60) -> str:
        return _tail(self.log_path, lines)

    def request(self, method: str, path: str, body=None, token: str | None = None):
        """A plain JSON request (for setting up the fuzzing); returns (status, decoded body)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url(path), data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        if token is not None:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        return status, (json.loads(raw) if raw else None)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        status, body = self.request(
            "POST", "/api/v1/auth/login", {"username": username, "password": password}
        )
        if status != 200:
            pytest.fail(f"login of {username} answered {status}: {body}", pytrace=False)
        return body["token"]


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    """Starts `dutyroom serve` on a free port and a fresh SQLite file; stops it at the end."""
    binary = dutyroom_bin()
    tmp = tmp_path_factory.mktemp("api")
    port = free_port()
    log_path = tmp / "server.log"
    env = dict(os.environ)
    env.update(
        # DUTYROOM_API_DATABASE_URL runs the fuzzing on another (empty) database, e.g. PostgreSQL.
        DATABASE_URL=os.environ.get("DUTYROOM_API_DATABASE_URL") or f"sqlite:///{tmp}/api.sqlite",
        PORT=str(port),
        HOST="127.0.0.1",
        DUTYROOM_FIXED_NOW=FIXED_NOW,
    )
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(binary), "serve"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"dutyroom serve exited with status {proc.returncode} before answering "
                    f"/healthz; its log:\n{_tail(log_path)}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"dutyroom serve did not answer 200 on /healthz within 60 s; its log:\n"
                    f"{_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield Server(base_url, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
