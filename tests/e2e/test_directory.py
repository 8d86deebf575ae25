"""A duty officer signs in and finds a colleague in the directory by pinyin initials."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

USERNAME = "xuchang.duty"
PASSWORD = "Duty#Room2026"
UNIT_NAME = "许昌市应急管理局"
PERSON = "张栋利"
WAIT = 15  # seconds


def wait(driver, condition, message):
    return WebDriverWait(
        driver, WAIT, ignored_exceptions=(StaleElementReferenceException,)
    ).until(condition, message)


def sign_in(driver, server, username, password):
    driver.get(server.url("/login"))
    user = driver.find_element(By.CSS_SELECTOR, "#username")
    user.clear()
    user.send_keys(username)
    pw = driver.find_element(By.CSS_SELECTOR, "#password")
    pw.clear()
    pw.send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login-submit").click()


def header_text(driver):
    return " ".join(h.text for h in driver.find_elements(By.CSS_SELECTOR, "header"))


def result_row(driver, name):
    """The row of #directory-results that names the person, or None."""
    for row in driver.find_elements(By.CSS_SELECTOR, "#directory-results tr"):
        if name in row.text:
            return row
    return None


def test_sign_in_and_find_person_by_pinyin_initials(server, browser, screenshots, phone_view):
    sign_in(browser, server, USERNAME, PASSWORD)
    wait(
        browser,
        lambda d: UNIT_NAME in header_text(d),
        f"after signing in, the page header should show {UNIT_NAME}; "
        f"url={browser.current_url} header={header_text(browser)!r}",
    )

    browser.get(server.url("/directory"))
    query = browser.find_element(By.CSS_SELECTOR, "#directory-q")
    query.clear()
    query.send_keys("zdl")
    browser.find_element(By.CSS_SELECTOR, "#directory-search").click()
    wait(
        browser,
        lambda d: result_row(d, PERSON) is not None,
        f"searching 'zdl' should list {PERSON} in #directory-results",
    )
    browser.save_screenshot(str(screenshots / "directory.png"))

    link = wait(
        browser,
        lambda d: result_row(d, PERSON).find_element(By.CSS_SELECTOR, "a.person-link"),
        f"the row of {PERSON} should have an a.person-link",
    )
    link.click()
    wait(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, "h1#person-name").text.strip() == PERSON,
        f"the person page should have h1#person-name reading {PERSON}",
    )
    browser.save_screenshot(str(screenshots / "person.png"))

    # The same page on a phone: nothing may stick out sideways.
    phone_view(browser)
    browser.refresh()
    wait(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, "h1#person-name").text.strip() == PERSON,
        "the person page should load on a phone",
    )
    browser.save_screenshot(str(screenshots / "person-phone.png"))
    inner_width = browser.execute_script("return window.innerWidth")
    scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll_width <= 375 + 1, (
        f"on a 375 px phone the person page is {scroll_width} px wide "
        f"(window.innerWidth={inner_width}): it overflows sideways"
    )


def test_wrong_password_is_refused_with_an_alert(server, browser, screenshots):
    sign_in(browser, server, USERNAME, "not-the-password")
    alert = wait(
        browser,
        lambda d: next(
            (a for a in d.find_elements(By.CSS_SELECTOR, '[role="alert"]') if "用户名或密码错误" in a.text),
            False,
        ),
        'a wrong password should show a role="alert" element saying 用户名或密码错误',
    )
    assert alert.is_displayed()
    browser.save_screenshot(str(screenshots / "login-error.png"))
