"""Forms in a browser say what the server says: a field's format is checked by the server when
the officer leaves it (the page keeps no copy of the rules), and the intake form shows the
order of the first instants as the save would refuse it."""

from selenium.webdriver.common.by import By

from browser_support import sign_in, wait

ADMIN = "luohe.admin"  # 漯河: no other browser test edits its units
OFFICER = "yuanhui.duty"


def field_error(driver, css):
    """The message beside the field (the <small class="field-error"> after it)."""
    return driver.execute_script(
        "var el = document.querySelector(arguments[0]); var s = el.nextElementSibling;"
        "while (s && !s.classList.contains('field-error')) s = s.nextElementSibling;"
        "return s ? s.textContent : '';",
        css,
    )


def set_value(driver, css, value):
    """Sets a field as typing would, then leaves it (the blur that asks the server)."""
    el = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script(
        "arguments[0].focus(); arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));"
        "arguments[0].blur();",
        el,
        value,
    )


def test_a_phone_field_shows_the_servers_words_when_left(server, browser, screenshots):
    token = server.login(ADMIN)
    status, answer = server.request("POST", "/api/v1/field-checks", {"rule": "phone", "value": "0395-12"}, token=token)
    assert status == 200 and answer["problem"], answer
    sign_in(browser, server, ADMIN)
    browser.get(server.url("/units"))
    set_value(browser, "#unit-duty-phone", "0395-12")
    wait(browser, lambda d: field_error(d, "#unit-duty-phone") == answer["problem"],
         f"leaving the duty phone should show the server's words {answer['problem']!r}; "
         f"shown {field_error(browser, '#unit-duty-phone')!r}")
    assert browser.find_element(By.CSS_SELECTOR, "#unit-duty-phone").get_attribute("aria-invalid") == "true"
    set_value(browser, "#unit-duty-phone", "0395-3121234")
    wait(browser, lambda d: field_error(d, "#unit-duty-phone") == "", "a valid number clears the message")
    # An unknown division code: the server knows the code table, which the page never had.
    set_value(browser, "#unit-code", "411199")
    wait(browser, lambda d: "不在 GB/T 2260 代码表中" in field_error(d, "#unit-code"),
         f"an unknown code should be named; shown {field_error(browser, '#unit-code')!r}")
    browser.save_screenshot(str(screenshots / "field-check.png"))


def test_the_intake_form_names_an_occurrence_after_the_receipt(server, browser):
    sign_in(browser, server, OFFICER)
    browser.get(server.url("/incidents/new"))
    # The server's clock is pinned at 14:05 Beijing time.
    set_value(browser, "#received-at", "2026-11-23T13:55")
    set_value(browser, "#occurred-at", "2026-11-23T14:00")
    wait(browser, lambda d: field_error(d, "#occurred-at") == "事发时间不能晚于接报时间",
         f"the draft call should name the order; shown {field_error(browser, '#occurred-at')!r}")
    set_value(browser, "#occurred-at", "2026-11-23T13:40")
    wait(browser, lambda d: field_error(d, "#occurred-at") == "", "a right order clears it")
