"""退回修改 on a phone: the county's duty leader returns a first report with a reason, the
officer sees why, corrects the text and asks again, and the leader signs the corrected text."""

from selenium.webdriver.common.by import By

from browser_support import file_road_accident, sign_in, sign_out, wait

# 东胜区 (鄂尔多斯): no other browser test files reports there.
OFFICER = "dongsheng.duty"
LEADER = "dongsheng.leader"
REASON = "请写明伤员送往哪家医院"


def no_sideways_overflow(driver, page):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"on a 375 px phone {page} is {width} px wide: it overflows sideways"


def test_return_correct_and_resubmit_on_a_phone(server, browser, screenshots, phone_view):
    token = server.login(OFFICER)
    incident = file_road_accident(server, token, "鄂尔多斯大街与伊金霍洛西街交叉口", dead=1, injured=2)
    report = incident["reports"][0]["id"]
    status, asked = server.request("POST", f"/api/v1/reports/{report}/request-signoff", {}, token=token)
    assert status == 200 and asked["status"] == "awaiting_signoff", asked
    page = f"/incidents/{incident['id']}"

    phone_view(browser)
    sign_in(browser, server, LEADER)
    browser.get(server.url(page))
    browser.find_element(By.CSS_SELECTOR, f"#return-reason-{report}").send_keys(REASON)
    no_sideways_overflow(browser, "the incident page with the return form")
    browser.find_element(By.CSS_SELECTOR, f"#return-{report}").click()
    wait(browser, lambda d: "已退回修改" in d.find_element(By.CSS_SELECTOR, f"#report-{report}").text,
         "after 退回修改 the report should read 已退回修改")
    assert not browser.find_elements(By.CSS_SELECTOR, f"#sign-{report}"), "a returned report is not signed until corrected"
    sign_out(browser)

    sign_in(browser, server, OFFICER)
    browser.get(server.url(page))
    card = browser.find_element(By.CSS_SELECTOR, f"#report-{report}")
    assert REASON in card.text, f"the officer should see why it came back: {card.text[:300]!r}"
    body = browser.find_element(By.CSS_SELECTOR, f"#correct-body-{report}")
    body.send_keys("伤员已送鄂尔多斯市中心医院救治。")
    browser.save_screenshot(str(screenshots / "report-returned-phone.png"))
    browser.find_element(By.CSS_SELECTOR, f"#correct-{report}").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, f"#request-signoff-{report}"),
         "after the correction the officer is offered 提交签发 again")
    assert "伤员已送鄂尔多斯市中心医院救治。" in browser.find_element(By.CSS_SELECTOR, f"#report-{report} .report-body").text
    browser.find_element(By.CSS_SELECTOR, f"#request-signoff-{report}").click()
    wait(browser, lambda d: "待签发" in d.find_element(By.CSS_SELECTOR, f"#report-{report}").text, "asked again: 待签发")
    sign_out(browser)

    sign_in(browser, server, LEADER)
    browser.get(server.url(page))
    browser.find_element(By.CSS_SELECTOR, f"#sign-{report}").click()
    wait(browser, lambda d: "已报送" in d.find_element(By.CSS_SELECTOR, f"#report-{report}").text, "the corrected report goes up")
    status, versions = server.request("GET", f"/api/v1/reports/{report}/versions", token=token)
    assert status == 200 and [v["reason"] for v in versions] == [REASON], versions
    assert versions[0]["correctedBy"] == OFFICER
