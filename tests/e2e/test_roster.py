"""The county section leader draws December's roster by auto-fill and files it; the city sees
it filed on time. In the city's filed November roster, a swap is requested, accepted by the
colleague and approved by the section leader, and the month table shows the new officer."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_support import sign_in, sign_out, wait

SWAP_DAY = "2026-11-25"


def unit_id(server, token, code):
    status, units = server.request("GET", "/api/v1/units", token=token)
    assert status == 200, units
    return next(u["id"] for u in units if u.get("code") == code)


def test_auto_fill_and_file_a_month(server, browser, screenshots):
    sign_in(browser, server, "weidu.section")
    browser.get(server.url("/rosters?month=2026-12"))
    wait(browser, lambda d: "2026年12月" in d.find_element(By.CSS_SELECTOR, "#roster-title").text, "the December roster opens")
    browser.find_element(By.CSS_SELECTOR, "#roster-autofill").click()
    notice = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#roster-notice"), "auto-fill reports what it did")
    assert "自动排班" in notice.text
    problems = browser.find_element(By.CSS_SELECTOR, "#roster-problems-heading").text
    assert "（0处）" in problems, problems
    browser.find_element(By.CSS_SELECTOR, "#roster-file").click()
    browser.switch_to.alert.accept()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#roster-locked"), "a filed month is locked")
    assert browser.find_element(By.CSS_SELECTOR, "#roster-filing").text == "已按时"
    browser.save_screenshot(str(screenshots / "roster-filed.png"))
    sign_out(browser)

    sign_in(browser, server, "xuchang.duty")
    browser.get(server.url("/rosters/overview?month=2026-12"))
    row = wait(browser, lambda d: next(r for r in d.find_elements(By.CSS_SELECTOR, "tr") if "魏都区" in r.text), "魏都区 in the overview")
    assert "按时" in row.text, row.text
    sign_out(browser)


def test_swap_requested_accepted_and_approved(server, browser, screenshots):
    section = server.login("xuchang.section")
    city = unit_id(server, section, "411000")
    status, roster = server.request("GET", f"/api/v1/units/{city}/roster?month=2026-11", token=section)
    assert status == 200 and roster["status"] == "filed", roster
    officer = next(a for a in roster["assignments"] if a["date"] == SWAP_DAY and a["level"] == "officer")
    # A newly trained officer with a login of their own takes the shift.
    status, person = server.request("POST", "/api/v1/people", {"unitId": city, "name": "冯新岗", "position": "值班员", "mobile": "13803740098"}, token=section)
    assert status == 201, person
    status, _ = server.request("POST", f"/api/v1/people/{person['id']}/trainings", {"date": "2026-11-10", "course": "岗前培训"}, token=section)
    assert status < 300
    security = server.login("xuchang.security")
    status, account = server.request("POST", "/api/v1/users", {
        "username": "feng.xingang", "displayName": "冯新岗", "unitId": city, "personId": person["id"],
        "roles": ["duty_officer"], "password": "Feng#Duty2026x",
    }, token=security)
    assert status == 201, account

    sign_in(browser, server, "xuchang.section")
    browser.get(server.url(f"/rosters?unitID={city}&month=2026-11"))
    form = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#swap-form"), "a filed month offers swaps")
    Select(form.find_element(By.CSS_SELECTOR, "#swap-date")).select_by_value(SWAP_DAY)
    Select(form.find_element(By.CSS_SELECTOR, "#swap-level")).select_by_value("officer")
    Select(form.find_element(By.CSS_SELECTOR, "#swap-from")).select_by_value(officer["personId"])
    Select(form.find_element(By.CSS_SELECTOR, "#swap-to")).select_by_visible_text("冯新岗")
    form.find_element(By.CSS_SELECTOR, "#swap-reason").send_keys("家中老人住院")
    form.find_element(By.CSS_SELECTOR, "#swap-submit").click()
    wait(browser, lambda d: "待对方同意" in d.find_element(By.CSS_SELECTOR, "#swap-table").text, "the request is listed")
    sign_out(browser)

    sign_in(browser, server, "feng.xingang", password="Feng#Duty2026x")
    browser.get(server.url(f"/rosters?unitID={city}&month=2026-11"))
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#swap-table form[action$='/accept'] button"), "the colleague may accept").click()
    wait(browser, lambda d: "待科(处)领导批准" in d.find_element(By.CSS_SELECTOR, "#swap-table").text, "accepted")
    sign_out(browser)

    sign_in(browser, server, "xuchang.section")
    browser.get(server.url(f"/rosters?unitID={city}&month=2026-11"))
    assert "冯新岗" not in browser.find_element(By.CSS_SELECTOR, f"#day-{SWAP_DAY}").text, "not before approval"
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#swap-table form[action$='/approve'] button"), "the section leader may approve").click()
    wait(browser, lambda d: "已批准" in d.find_element(By.CSS_SELECTOR, "#swap-table").text, "approved")
    day = browser.find_element(By.CSS_SELECTOR, f"#day-{SWAP_DAY}")
    assert "冯新岗" in day.text, day.text
    browser.save_screenshot(str(screenshots / "roster-swap-approved.png"))
    sign_out(browser)
