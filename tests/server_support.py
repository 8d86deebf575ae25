"""A real DutyRoom server for the Python test suites (browser, API fuzzing).

The server is the built binary ($DUTYROOM_BIN, set by scripts/test) running `serve` on a fresh
SQLite file (or the database given); on an empty database it migrates and loads the demo data by
itself. Its clock is pinned with DUTYROOM_FIXED_NOW so pages show the same times on every run,
and the 30-minute idle timeout never elapses. Every request goes to 127.0.0.1 only.
"""

import contextlib
import json
import os
import pathlib
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXED_NOW = "2026-11-23T06:05:00Z"
DEMO_PASSWORD = "Duty#Room2026"


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


def tail(path: pathlib.Path, lines: int = 60) -> str:
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
        return tail(self.log_path, lines)

    def request(self, method: str, path: str, body=None, token: str | None = None):
        """A plain JSON request; returns (status, decoded body)."""
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
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors="replace")

    def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        status, body = self.request("POST", "/api/v1/auth/login", {"username": username, "password": password})
        assert status == 200, f"login {username}: {status} {body}"
        return body["token"]


@contextlib.contextmanager
def running_server(tmp: pathlib.Path, database_url: str | None = None):
    """Starts `dutyroom serve` on a free port; stops it on exit."""
    binary = dutyroom_bin()
    port = free_port()
    log_path = tmp / "server.log"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url or f"sqlite:///{tmp}/dutyroom.sqlite",
        PORT=str(port),
        HOST="127.0.0.1",
        DUTYROOM_FIXED_NOW=FIXED_NOW,
    )
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(binary), "serve"], cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"dutyroom serve exited with status {proc.returncode} before answering /healthz; its log:\n{tail(log_path)}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dutyroom serve did not answer 200 on /healthz within 60 s; its log:\n{tail(log_path)}", pytrace=False)
            time.sleep(0.25)
        yield Server(base_url, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
