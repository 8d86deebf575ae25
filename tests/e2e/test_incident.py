"""A county duty officer takes a phone call and files the first report on a phone; the county
leader signs it; the city's duty board, open all along, shows it without a reload, and the
city duty officer acknowledges it."""

import re

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from browser_support import DESK_SIZE, PHONE_SIZE, full_page_screenshot, open_browser, sign_in, sign_out, wait

COUNTY_OFFICER = "jianan.duty"
COUNTY_LEADER = "jianan.leader"
CITY_OFFICER = "xuchang.duty"
COUNTY = "建安区应急管理局"
CITY = "许昌市应急管理局"
PLACE = "许繁路与文化路交叉口"
EVENT = "一起两车相撞的道路交通事故"
LIVE_WAIT = 10  # the board must show a signed report this soon, without a reload


def set_value(driver, element, value):
    """Sets an input the way typing would end (datetime-local typing depends on the locale)."""
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element,
        value,
    )


@pytest.fixture
def city_browser(request, screenshots):
    """A second headless Chromium (the city duty room), opened before the county files."""
    yield from open_browser(request, screenshots, tag="-city")


def inbox_rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#board-live tr[id^='inbox-']")


def test_phone_call_to_city_board(server, browser, city_browser, screenshots, phone_view):
    # The city duty room has its board open before anything happens.
    city = city_browser
    sign_in(city, server, CITY_OFFICER)
    city.get(server.url("/board"))
    wait(
        city,
        lambda d: d.find_element(By.CSS_SELECTOR, "#live-status").get_attribute("data-state") == "open",
        "the city board's #live-status should say the live connection is up (data-state=open), "
        f"it says {city.find_element(By.CSS_SELECTOR, '#live-status').text!r}",
    )
    assert "已连接" in city.find_element(By.CSS_SELECTOR, "#live-status").text
    assert inbox_rows(city) == [], "the city's 待签收 should start empty"
    # Survives only as long as the page is not reloaded.
    city.execute_script("window.__boardNotReloaded = true;")

    # The county duty officer takes the call on a phone.
    phone_view(browser)
    sign_in(browser, server, COUNTY_OFFICER)
    browser.get(server.url("/incidents/new"))
    form = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "form#incident-form"),
                "/incidents/new should show form#incident-form")
    assert "接报登记" in browser.find_element(By.CSS_SELECTOR, "h1").text
    assert browser.find_element(By.CSS_SELECTOR, "#channel-phone").is_selected(), \
        "a first report comes from a phone call by default (信息来源 电话)"
    assert browser.find_element(By.CSS_SELECTOR, "#received-at").get_attribute("value") == "2026-11-23T14:05", \
        "接报时间 should default to the server's now (14:05 Beijing time)"

    Select(form.find_element(By.CSS_SELECTOR, "#kind-id")).select_by_value("road_transport_accident")
    set_value(browser, form.find_element(By.CSS_SELECTOR, "#occurred-at"), "2026-11-23T13:50")
    form.find_element(By.CSS_SELECTOR, "#place-detail").send_keys(PLACE)
    form.find_element(By.CSS_SELECTOR, "#event").send_keys(EVENT)
    form.find_element(By.CSS_SELECTOR, "#dead").send_keys("1")
    form.find_element(By.CSS_SELECTOR, "#injured").send_keys("3")
    form.find_element(By.CSS_SELECTOR, "#measures").send_keys("交警、120已到达现场，伤员已送医救治")

    def preview(d):
        text = d.find_element(By.CSS_SELECTOR, "#report-body").get_attribute("value")
        return text if ("建安区" in text and EVENT in text and "1人死亡" in text) else False

    text = wait(
        browser,
        preview,
        "while the officer types, #report-body should fill with the drafted text naming 建安区, the "
        f"event and 1人死亡; it reads {browser.find_element(By.CSS_SELECTOR, '#report-body').get_attribute('value')!r}",
    )
    assert PLACE in text
    wait(
        browser,
        lambda d: "要素已齐全" in d.find_element(By.CSS_SELECTOR, "#missing-list").text,
        "#missing-list should say the first report is complete, it says "
        f"{browser.find_element(By.CSS_SELECTOR, '#missing-list').text!r}",
    )
    assert "一般" in browser.find_element(By.CSS_SELECTOR, "#level-suggestion").text, \
        "1 death and 3 injured should suggest 一般 in #level-suggestion"
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE_SIZE[0] + 1, \
        "the first-report form must not overflow a 375 px phone sideways"
    full_page_screenshot(browser, screenshots / "incident-new-phone.png", PHONE_SIZE[0], mobile=True)

    browser.find_element(By.CSS_SELECTOR, "#incident-submit").click()
    wait(
        browser,
        lambda d: re.search(r"/incidents/[0-9A-Fa-f-]{36}$", d.current_url),
        lambda: f"保存首报 should lead to the new incident's page; url={browser.current_url} "
        f"alerts={[a.text for a in browser.find_elements(By.CSS_SELECTOR, '[role=alert]')]}",
    )
    incident_url = browser.current_url
    incident_id = incident_url.rsplit("/", 1)[1]
    title = browser.find_element(By.CSS_SELECTOR, "h1").text
    assert EVENT in title
    report = browser.find_element(By.CSS_SELECTOR, "article.report-card")
    assert "草稿" in report.text and "建安区" in report.find_element(By.CSS_SELECTOR, ".report-body").text
    assert inbox_rows(city) == [], "a draft must not reach the city before it is signed"

    # The county leader signs it: 签发并报送, to the city by default.
    sign_out(browser)
    sign_in(browser, server, COUNTY_LEADER)
    browser.get(incident_url)
    sign_button = wait(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, "article.report-card button[id^='sign-']"),
        "the county leader should see 签发并报送 on the draft first report",
    )
    assert sign_button.text == "签发并报送"
    assert "btn-primary" in sign_button.get_attribute("class"), "签发并报送 is the next action: the primary button"
    target = Select(browser.find_element(By.CSS_SELECTOR, "article.report-card select[name='toUnitId']"))
    assert target.first_selected_option.text.startswith(CITY), "报送至 should default to the direct superior"
    sign_button.click()
    wait(
        browser,
        lambda d: "已报送" in d.find_element(By.CSS_SELECTOR, "article.report-card").text,
        "after 签发并报送 the first report should read 已报送",
    )

    # The city's board shows it in 待签收 by itself.
    row_id = wait(
        city,
        lambda d: next((r.get_attribute("id") for r in inbox_rows(d)), False),
        f"within {LIVE_WAIT} s of signing, the city board should list the report in 待签收 "
        "(a row whose id starts with inbox-) without being reloaded",
        timeout=LIVE_WAIT,
    )
    row = city.find_element(By.ID, row_id)
    assert city.execute_script("return window.__boardNotReloaded === true"), \
        "the city board must update in place, not by reloading the page"
    assert COUNTY in row.text and EVENT in row.text and "首报" in row.text
    assert city.find_elements(By.CSS_SELECTOR, f"#board-live tr#incident-{incident_id}"), \
        "the city board's 在办事件 should list the county's incident (tr#incident-<id>)"
    full_page_screenshot(city, screenshots / "city-board.png", DESK_SIZE[0], mobile=False)

    # The city duty officer acknowledges it: 签收.
    report_id = row_id[len("inbox-"):]
    button = row.find_element(By.CSS_SELECTOR, f"#ack-{report_id}")
    assert button.text == "签收" and "btn-primary" in button.get_attribute("class"), \
        "签收 is the next action of a received report: the primary button of its row"

    def click_ack(d):
        # The board may redraw itself at any moment; click the button that is there now.
        try:
            b = d.find_element(By.CSS_SELECTOR, f"#ack-{report_id}")
            b.click()
            return b
        except StaleElementReferenceException:
            return False

    clicked = wait(city, click_ack, "the 签收 button should be clickable")
    wait(city, EC.staleness_of(clicked), "签收 should submit its form and leave the board")
    # 签收 lands on the city's own record, its first report pre-filled from the county's.
    wait(
        city,
        lambda d: d.find_elements(By.ID, "prefill-note"),
        f"after 签收 the city should land on its own record with its first report pre-filled; url={city.current_url}",
    )
    assert "建安区应急管理局" in city.find_element(By.ID, "prefill-note").text
    assert city.find_element(By.ID, "next-injured").get_attribute("value") != "", "the county's figures are filled in"
    wait(city, lambda d: "许昌市" in d.find_element(By.ID, "next-draft").text, "the city's own draft is shown")
    city.get(server.url("/board"))
    wait(
        city,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#board-inbox-empty") and not inbox_rows(d),
        "after 签收 the city's 待签收 should be empty again",
    )

    # The county sees that the city has signed for it.
    browser.get(incident_url)
    wait(
        browser,
        lambda d: "已签收" in d.find_element(By.CSS_SELECTOR, "article.report-card").text,
        "the county's incident page should show the first report as 已签收",
    )
