"""Constants the browser tests share (a module of its own: `conftest` names clash across suites)."""

import pathlib

SCREENSHOTS = pathlib.Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DESK_SIZE = (1280, 900)
PHONE_SIZE = (375, 812)
