"""值班大屏: the unit administrator makes a wall display on a phone, the duty room's big screen
is enabled with the code, shows a county report the moment it is signed, stays up without
anyone touching it, and goes dark with a clear banner the moment the administrator revokes it."""

import re

import pytest
from selenium.webdriver.common.by import By

from browser_support import file_road_accident, open_browser, sign_in, wait

ADMIN = "luohe.admin"  # 漯河's unit administrator
COUNTY_LEADER = "yuanhui.leader"  # 源汇区, under 漯河


@pytest.fixture
def wall_browser(request, screenshots):
    """The duty room's big screen: a second Chromium, wide."""
    yield from open_browser(request, screenshots, tag="-wall")


def test_a_wall_display_is_enabled_shows_arrivals_and_is_revoked(server, browser, wall_browser, screenshots, phone_view):
    # The administrator makes it on a phone.
    phone_view(browser)
    sign_in(browser, server, ADMIN)
    browser.get(server.url("/displays"))
    assert "值班大屏" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.ID, "display-name").send_keys("值班室大屏")
    browser.find_element(By.ID, "display-create").click()
    code_el = wait(browser, lambda d: d.find_element(By.ID, "display-code"), "the new display's code is shown")
    code = code_el.text.strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 376, "the page fits a phone"
    browser.save_screenshot(str(screenshots / "displays-admin-phone.png"))

    # The big screen opens the link and is enabled.
    wall = wall_browser
    wall.set_window_size(1920, 1080)
    wall.get(server.url("/display/enable?code=" + code))
    assert wall.find_element(By.ID, "display-code-input").get_attribute("value") == code
    wall.find_element(By.ID, "display-enable-submit").click()
    wait(wall, lambda d: d.current_url.endswith("/display"), lambda: f"the screen lands on the wall view; url={wall.current_url}")
    wait(wall, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-state") == "open", "the wall's stream connects")
    assert "漯河市应急管理局" in wall.find_element(By.CSS_SELECTOR, ".wall-unit").text
    assert not wall.find_elements(By.CSS_SELECTOR, "nav"), "no navigation on the wall"
    assert not wall.find_elements(By.CSS_SELECTOR, "#board-live button, #board-live form"), "nothing to press"
    clock_size = float(wall.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('.wall-clock .clock')).fontSize);"))
    assert clock_size >= 48, f"the clock reads across the room ({clock_size}px)"

    # A county report is signed: it appears on the wall, highlighted, with its 签收 countdown.
    leader = server.login(COUNTY_LEADER)
    incident = file_road_accident(server, leader, "人民路与黄河路交叉口", injured=2)
    report = incident["reports"][0]["id"]
    status, signed = server.request("POST", f"/api/v1/reports/{report}/sign", {}, token=leader)
    assert status == 200, signed
    row = wait(wall, lambda d: d.find_element(By.ID, "arrival-" + report), "the signed report appears on the wall")
    assert "源汇区应急管理局" in row.text
    assert "row-arrived" in row.get_attribute("class"), "a new arrival is highlighted"
    wait(wall, lambda d: re.search(r"剩余 \d\d:\d\d", row.text), lambda: f"the wait for 签收 counts down: {row.text!r}")
    title_size = float(wall.execute_script(
        "return parseFloat(getComputedStyle(document.getElementById(arguments[0])).fontSize);", "arrival-" + report))
    assert title_size >= 24, f"rows read from across the room ({title_size}px)"
    wall.save_screenshot(str(screenshots / "wall-display-arrival.png"))

    # The administrator revokes it: the wall says so at once, greyed, with how to start again.
    browser.get(server.url("/displays"))
    browser.find_element(By.CSS_SELECTOR, "button[id^='display-revoke-']").click()
    wait(browser, lambda d: "未启用" in d.find_element(By.ID, "displays-table").text, "the list says it is off")
    wait(wall, lambda d: d.find_elements(By.ID, "session-relogin") and d.find_element(By.ID, "session-relogin").is_displayed(),
         "the wall says it was revoked", timeout=20)
    banner = wall.find_element(By.ID, "session-banner")
    assert "已被停用" in banner.text, banner.text
    assert "session-dead" in wall.find_element(By.TAG_NAME, "body").get_attribute("class")
    assert wall.find_element(By.ID, "session-relogin").get_attribute("href").endswith("/display/enable")
    wall.save_screenshot(str(screenshots / "wall-display-revoked.png"))
