"""Browser tests: a real DutyRoom server on 127.0.0.1 and headless Chromium.

The server is the built binary ($DUTYROOM_BIN, set by scripts/test) running `serve` on a fresh
SQLite file; on an empty database it migrates and loads the demo data by itself. Its clock is
pinned with DUTYROOM_FIXED_NOW so pages show the same times on every run.
"""

import os
import pathlib

import pytest

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never look for drivers online

from browser_support import CHROMEDRIVER, CHROMIUM, DESK_SIZE, PHONE_SIZE, SCREENSHOTS, open_browser  # noqa: E402,F401
from server_support import running_server  # noqa: E402


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`dutyroom serve` on a free port and a fresh SQLite file, for the whole session."""
    with running_server(tmp_path_factory.mktemp("e2e")) as s:
        yield s


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
    yield from open_browser(request, screenshots)


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
