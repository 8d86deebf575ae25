"""Browser tests: a real DutyRoom server on 127.0.0.1 and headless Chromium.

The server is the built binary ($DUTYROOM_BIN, set by scripts/test) running `serve` on a fresh
SQLite file; on an empty database it migrates and loads the demo data by itself. Its clock is
pinned with DUTYROOM_FIXED_NOW so pages show the same times on every run.
"""

import os
import pathlib
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never look for drivers online

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = pathlib.Path(__file__).resolve().parent / "screenshots"
FIXED_NOW = "2026-11-23T06:05:00Z"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

DESK_SIZE = (1280, 900)
PHONE_SIZE = (375, 812)


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


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Starts `dutyroom serve` on a free port and a fresh SQLite file; stops it at the end."""
    binary = dutyroom_bin()
    tmp = tmp_path_factory.mktemp("e2e")
    port = free_port()
    log_path = tmp / "server.log"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp}/e2e.sqlite",
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


@pytest.fixture(scope="session")
def screenshots() -> pathlib.Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Keeps each phase's report on the test item, so the browser fixture can tell a failure.
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def browser(request, screenshots):
    """Headless Chromium at the desk size (1280x900); a fresh profile for every test."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={DESK_SIZE[0]},{DESK_SIZE[1]}",
        "--lang=zh-CN",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            name = request.node.name.replace("/", "_")
            try:
                driver.save_screenshot(str(screenshots / f"FAILED-{name}.png"))
                (screenshots / f"FAILED-{name}.html").write_text(driver.page_source)
            except Exception:  # the browser may be the thing that failed
                pass
        driver.quit()


def set_phone_view(driver) -> None:
    """Switches the browser to a phone: 375x812 CSS pixels, mobile viewport rules applied
    (a page without <meta name="viewport"> is then laid out 980 px wide, as on a real phone)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE_SIZE[0], "height": PHONE_SIZE[1], "deviceScaleFactor": 2, "mobile": True},
    )


def set_desk_view(driver) -> None:
    """Back to the desk size after set_phone_view."""
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.set_window_size(*DESK_SIZE)


@pytest.fixture
def phone_view():
    """The helper that turns a browser into a 375 px wide phone: phone_view(browser)."""
    return set_phone_view


@pytest.fixture
def desk_view():
    """The helper that turns a browser back to the 1280x900 desk: desk_view(browser)."""
    return set_desk_view
