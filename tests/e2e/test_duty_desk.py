"""The duty desk in a browser: a handover signed by two officers, and a roll call answered from
the banner that a pending roll call puts on every page of the subordinate duty room."""

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "Duty#Room2026"
# 漯河 and its county 源汇区: no other browser test works there, so their desk is this test's own.
OUTGOING = "luohe.duty"
INCOMING = "luohe.section"
COUNTY_OFFICER = "yuanhui.duty"
WAIT = 15  # seconds


def wait(driver, condition, message, timeout=WAIT):
    return WebDriverWait(
        driver, timeout, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
    ).until(condition, message)


def sign_in(driver, server, username):
    driver.get(server.url("/login"))
    user = driver.find_element(By.CSS_SELECTOR, "#username")
    user.clear()
    user.send_keys(username)
    driver.find_element(By.CSS_SELECTOR, "#password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#login-submit").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#logout"), f"{username} should be signed in")


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "#logout").click()
    wait(driver, lambda d: "/login" in d.current_url, "退出登录 should lead back to the login page")


def no_sideways_overflow(driver, page):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"on a 375 px phone {page} is {width} px wide: it overflows sideways"


def test_handover_signed_by_outgoing_and_incoming(server, browser, screenshots, phone_view, desk_view):
    sign_in(browser, server, OUTGOING)
    browser.get(server.url("/handovers"))
    browser.find_element(By.CSS_SELECTOR, "#handover-matters").send_keys("夜间平稳，无突发事件")
    browser.find_element(By.CSS_SELECTOR, "#handover-items").send_keys("督促源汇区报送续报\n核实召陵区停电范围")
    browser.find_element(By.CSS_SELECTOR, "#handover-save").click()
    wait(browser, lambda d: "待接班确认" in d.find_element(By.CSS_SELECTOR, "#current-handover").text,
         "after handing over, the current handover should await the incoming officer (待接班确认)")
    assert not browser.find_elements(By.CSS_SELECTOR, "#handover-confirm"), "the outgoing officer must not see the confirm button"
    sign_out(browser)

    sign_in(browser, server, INCOMING)
    browser.get(server.url("/handovers"))
    browser.find_element(By.CSS_SELECTOR, "#handover-confirm").click()
    wait(browser, lambda d: "已交接" in d.find_element(By.CSS_SELECTOR, "#current-handover").text,
         "after the incoming officer confirms, the handover should read 已交接")
    open_items = browser.find_element(By.CSS_SELECTOR, "#open-items").text
    assert "督促源汇区报送续报" in open_items and "核实召陵区停电范围" in open_items
    browser.save_screenshot(str(screenshots / "handover.png"))

    phone_view(browser)
    browser.refresh()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#current-handover"), "the handover page should load on a phone")
    no_sideways_overflow(browser, "the handover page")
    browser.save_screenshot(str(screenshots / "handover-phone.png"))
    desk_view(browser)
    sign_out(browser)


def test_roll_call_answered_from_the_banner(server, browser, screenshots):
    sign_in(browser, server, INCOMING)
    browser.get(server.url("/roll-calls"))
    browser.find_element(By.CSS_SELECTOR, "#rollcall-start button[type=submit]").click()
    wait(browser, lambda d: "等待应答" in d.find_element(By.CSS_SELECTOR, "main").text,
         "a roll call just started should list its subordinates as 等待应答")
    sign_out(browser)

    sign_in(browser, server, COUNTY_OFFICER)
    browser.get(server.url("/duty-log"))
    banner = wait(browser, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "#rollcall-banner") if b.is_displayed()), False),
                  "a pending roll call should show a banner on the duty-log page")
    assert "漯河市应急管理局点名" in banner.text
    browser.save_screenshot(str(screenshots / "rollcall-banner.png"))
    banner.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, lambda d: "/duty-log" in d.current_url and not d.find_element(By.CSS_SELECTOR, "#rollcall-banner").is_displayed(),
         "after answering, the officer should be back on the duty log without the banner")
    browser.get(server.url("/roll-calls"))
    received = browser.find_element(By.CSS_SELECTOR, "#rollcall-received").text
    assert "已应答" in received, received
    sign_out(browser)


def test_the_callers_roll_call_page_shows_each_answer_as_it_arrives(server, browser, screenshots):
    sign_in(browser, server, INCOMING)
    browser.get(server.url("/roll-calls"))
    browser.find_element(By.CSS_SELECTOR, "#rollcall-start button[type=submit]").click()
    wait(browser, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-state") == "open",
         "the roll-call page follows the live stream")
    # A marker that a reload would lose: the page must not reload itself to show answers.
    browser.execute_script("window.__samePage = true;")
    # The county's line in each roll call the city started (another test may have started one).
    def county_lines(d, word):
        rows = d.find_elements(By.CSS_SELECTOR, "#board-live tbody tr")
        return [r for r in rows if "源汇区" in r.text and word in r.text]
    assert county_lines(browser, "等待应答"), "the county's line waits for its answer"

    county = server.login(COUNTY_OFFICER)
    status, pending = server.request("GET", "/api/v1/roll-calls/pending", token=county)
    assert status == 200 and pending, pending
    for line in pending:
        status, answered = server.request("POST", f"/api/v1/roll-calls/{line['rollCallId']}/answer", {}, token=county)
        assert status == 200, answered

    def county_answered(d):
        return not county_lines(d, "等待应答")
    wait(browser, county_answered, "the county's answer shows on the caller's open page", timeout=5)
    assert browser.execute_script("return window.__samePage === true;"), "without reloading the page"
    browser.save_screenshot(str(screenshots / "rollcall-live-desk.png"))
    sign_out(browser)
