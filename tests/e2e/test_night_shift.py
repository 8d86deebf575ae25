"""A board left open all night: a new report reaches the superior's open board at once, without
the page reloading, and when the board's session ends the page says so unmistakably and
re-login comes back to the board.

The time from 签发 to the row on the board is printed. Its target (≤ 200 ms median) is a speed
target, so it is checked by the benchmark (`scripts/bench board`, a release build, which sets
DUTYROOM_ARRIVAL_TARGET_MS) and recorded in BENCHMARKS.md; here, on a debug build sharing the
machine with everything else, the test only bounds it loosely: a board that waited for a
reload or a poll would still fail."""

import os
import statistics

from selenium.webdriver.common.by import By

from browser_support import file_road_accident, sign_in, wait

# 漯河 and its 源汇区: the city's board, the county's leader signing.
CITY = "luohe.duty"
COUNTY_LEADER = "yuanhui.leader"
ARRIVAL_TARGET_MS = int(os.environ.get("DUTYROOM_ARRIVAL_TARGET_MS", "1500"))


def file_draft(server, token, n):
    return file_road_accident(server, token, f"人民路{n}号附近")["reports"][0]["id"]


def test_a_new_report_reaches_the_open_board_at_once_and_a_dead_session_is_unmissable(server, browser, screenshots, phone_view, desk_view):
    leader = server.login(COUNTY_LEADER)

    sign_in(browser, server, CITY)
    browser.get(server.url("/board"))
    wait(browser, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-state") == "open", "the live stream connects")
    # A marker that a reload of the page would lose.
    browser.execute_script("window.__sameBoard = true;")

    samples = []
    for n in range(3):
        report = file_draft(server, leader, n)
        browser.execute_script(
            "window.__arrived = null;"
            "var id = 'inbox-' + arguments[0];"
            "new MutationObserver(function (list, obs) {"
            "  if (document.getElementById(id)) { window.__arrived = Date.now(); obs.disconnect(); }"
            "}).observe(document.getElementById('board-live'), {childList: true, subtree: true});",
            report,
        )
        sent = browser.execute_script("return Date.now();")
        status, signed = server.request("POST", f"/api/v1/reports/{report}/sign", {}, token=leader)
        assert status == 200 and signed["status"] == "submitted", signed
        arrived = wait(browser, lambda d: d.execute_script("return window.__arrived;"), "the signed report appears on the open board")
        samples.append(arrived - sent)
    assert browser.execute_script("return window.__sameBoard === true;"), "the board took the reports without reloading"
    median = statistics.median(samples)
    print(f"\nsubmission to the superior's open board: {samples} ms, median {median} ms")
    assert median <= ARRIVAL_TARGET_MS, f"a new report should show within {ARRIVAL_TARGET_MS} ms (took {samples} ms)"

    end_the_session_elsewhere_and_see_it_said(browser, server, screenshots, "desk")
    # Re-login returns to the board.
    browser.find_element(By.ID, "session-relogin").click()
    wait(browser, lambda d: d.find_elements(By.ID, "login-form"), "the login page")
    browser.find_element(By.ID, "username").send_keys(CITY)
    browser.find_element(By.ID, "password").send_keys("Duty#Room2026")
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, lambda d: d.current_url.endswith("/board"), f"back on the board; url={browser.current_url}")

    # On a phone too: the banner spans the narrow screen and the way back is in reach.
    phone_view(browser)
    browser.refresh()
    wait(browser, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-state") == "open", "the live stream connects on a phone")
    end_the_session_elsewhere_and_see_it_said(browser, server, screenshots, "phone")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the ended board is {width} px wide on a 375 px phone"
    desk_view(browser)


def end_the_session_elsewhere_and_see_it_said(browser, server, screenshots, size):
    """Another tab logs out: the open board says so at once, unmistakably."""
    board_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(server.url("/"))
    browser.find_element(By.ID, "logout").click()
    wait(browser, lambda d: d.find_elements(By.ID, "login-form"), "the other tab logs out")
    browser.close()
    browser.switch_to.window(board_tab)
    wait(browser, lambda d: d.find_elements(By.ID, "session-relogin") and d.find_element(By.ID, "session-relogin").is_displayed(),
         "the board says its session has ended", timeout=20)
    banner = browser.find_element(By.ID, "session-banner")
    assert "已停止更新" in banner.text, banner.text
    assert banner.size["width"] >= browser.execute_script("return document.documentElement.clientWidth") - 2, "full width"
    assert "session-dead" in browser.find_element(By.TAG_NAME, "body").get_attribute("class"), "the board is greyed"
    wait(browser, lambda d: d.title.startswith("【已断开】"), "the title flashes")
    browser.save_screenshot(str(screenshots / f"board-session-ended-{size}.png"))
