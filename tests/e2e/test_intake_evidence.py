"""Intake from what the duty room already has: a call pasted on a phone becomes a complete first
report, and a county attaches its record to the case its city learned of first (信息倒流),
which both records then say."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_support import sign_in, sign_out, wait

# 沈河区 (沈阳) and 沂南县 (临沂): no other browser test files reports there.
PASTER = "shenhe.duty"
CITY = "linyi.duty"
COUNTY = "yinan.duty"
CALL = ("今天中午12点20分左右，沈河区青年大街与文化路交叉口一辆公交车与一辆轿车相撞，造成2人受伤，其中1人伤势较重，"
        "交警、120已到场处置，原因正在调查。")


def no_sideways_overflow(driver, page):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"on a 375 px phone {page} is {width} px wide: it overflows sideways"


def test_a_pasted_call_becomes_a_first_report_on_a_phone(server, browser, screenshots, phone_view):
    phone_view(browser)
    sign_in(browser, server, PASTER)
    browser.get(server.url("/incidents/new"))
    browser.find_element(By.ID, "transcript").send_keys(CALL)
    no_sideways_overflow(browser, "the intake form with the pasted call")
    browser.find_element(By.ID, "transcript-parse").click()
    wait(browser, lambda d: "已填写" in d.find_element(By.ID, "transcript-status").text, "the pasted call should fill the form")

    def value(element_id):
        return browser.find_element(By.ID, element_id).get_attribute("value")

    assert value("occurred-at") == "2026-11-23T12:20", value("occurred-at")
    assert "青年大街与文化路交叉口" in value("place-detail"), value("place-detail")
    assert value("event"), "the event is filled"
    assert Select(browser.find_element(By.ID, "kind-id")).first_selected_option.get_attribute("value") == "road_transport_accident"
    assert value("injured") == "2" and value("serious-injuries") == "1", (value("injured"), value("serious-injuries"))
    assert value("dead") == "", "nothing said of deaths: left unknown, not 0"
    assert "120已到场处置" in value("measures"), value("measures")
    marked = browser.find_elements(By.CSS_SELECTOR, ".filled-by-parse")
    assert len(marked) >= 6, f"each filled field is marked for the officer to confirm ({len(marked)} marked)"
    wait(browser, lambda d: "其中1人重伤" in d.find_element(By.ID, "report-body").get_attribute("value"),
         "the live draft says the serious injury")
    browser.save_screenshot(str(screenshots / "intake-pasted-call-phone.png"))
    # A typical call is a complete first report with no edit at all: saved as filled.
    browser.find_element(By.ID, "incident-submit").click()
    wait(browser, lambda d: "/incidents/" in d.current_url and "/new" not in d.current_url,
         "the pasted call saves as a complete first report")
    body = browser.find_element(By.CSS_SELECTOR, ".report-body").text
    assert "沈河区青年大街与文化路交叉口" in body and "其中1人重伤" in body, body
    assert "沈河区沈河区" not in body, body


def test_a_county_attaches_its_record_to_the_case_its_city_knew_first(server, browser, screenshots, phone_view):
    # The city learned of it from the media at 14:05 and recorded it, in the county's area.
    city = server.login(CITY)
    status, units = server.request("GET", "/api/v1/units", token=city)
    assert status == 200, units
    county_unit = next(u for u in units if u.get("code") == "371321")
    status, known = server.request("POST", "/api/v1/incidents", {
        "kindId": "road_transport_accident", "placeUnitId": county_unit["id"], "placeDetail": "G205国道沂南段",
        "occurredAt": "2026-11-23T05:40:00Z", "sourceChannel": "media", "event": "一起货车侧翻事故",
        "dead": 1, "measures": "已通知沂南县核实",
    }, token=city)
    assert status == 201, known

    phone_view(browser)
    sign_in(browser, server, COUNTY)
    browser.get(server.url("/incidents/new"))
    Select(browser.find_element(By.ID, "kind-id")).select_by_value("road_transport_accident")
    browser.execute_script(
        "var el = document.getElementById('occurred-at'); el.value = '2026-11-23T13:45';"
        "el.dispatchEvent(new Event('change', {bubbles: true}));")
    wait(browser, lambda d: d.find_element(By.ID, "case-matches").is_displayed(),
         "the city's case about the same accident is offered")
    offered = browser.find_element(By.ID, "case-matches-list").text
    assert "临沂市应急管理局" in offered and "货车侧翻" in offered, offered
    browser.find_element(By.CSS_SELECTOR, "input[name='attachToCaseId'][value='%s']" % known["caseId"]).click()
    browser.find_element(By.ID, "place-detail").send_keys("G205国道沂南段")
    browser.find_element(By.ID, "event").send_keys("一起货车侧翻事故")
    browser.find_element(By.ID, "dead").send_keys("1")
    browser.find_element(By.ID, "measures").send_keys("交警、120已到场处置")
    no_sideways_overflow(browser, "the intake form with a case to attach to")
    browser.save_screenshot(str(screenshots / "intake-attach-phone.png"))
    wait(browser, lambda d: "货车侧翻" in d.find_element(By.ID, "report-body").get_attribute("value"), "the live draft follows the fields")
    browser.find_element(By.ID, "incident-submit").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-backflow]") or d.find_elements(By.ID, "form-error"), "saved")
    errors = browser.find_elements(By.ID, "form-error")
    assert not errors, errors[0].text if errors else ""
    note = browser.find_element(By.CSS_SELECTOR, "[data-backflow]").text
    assert "信息倒流：临沂市应急管理局" in note and "先于本级获知" in note, note
    county_record = browser.current_url.rsplit("/", 1)[-1]
    sign_out(browser)

    token = server.login(COUNTY)
    status, mine = server.request("GET", f"/api/v1/incidents/{county_record}", token=token)
    assert status == 200 and mine["caseId"] == known["caseId"], "one case, not two"
    sign_in(browser, server, CITY)
    browser.get(server.url(f"/incidents/{known['id']}"))
    note = browser.find_element(By.CSS_SELECTOR, "[data-backflow]").text
    assert "先于沂南县应急管理局获知" in note, note
    timeline = browser.find_element(By.TAG_NAME, "main").text
    assert "信息倒流" in timeline
