"""What the browser tests share (a module of its own: `conftest` names clash across suites)."""

import pathlib

SCREENSHOTS = pathlib.Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DESK_SIZE = (1280, 900)
PHONE_SIZE = (375, 812)


def open_browser(request, screenshots, tag: str = ""):
    """Headless Chromium at the desk size (1280x900) with a fresh profile; yields the driver and,
    when the test failed, saves its screen and page as FAILED-<test><tag>.png/.html."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={DESK_SIZE[0]},{DESK_SIZE[1]}",
        "--lang=zh-CN",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            name = request.node.name.replace("/", "_") + tag
            try:
                driver.save_screenshot(str(screenshots / f"FAILED-{name}.png"))
                (screenshots / f"FAILED-{name}.html").write_text(driver.page_source)
            except Exception:  # the browser may be the thing that failed
                pass
        driver.quit()


def full_page_screenshot(driver, path, width, mobile):
    """The whole page, not only the first screen; afterwards the phone (375x812) when `mobile`,
    else the browser's own window size again."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    try:
        driver.save_screenshot(str(path))
    finally:
        if mobile:
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": PHONE_SIZE[0], "height": PHONE_SIZE[1], "deviceScaleFactor": 2, "mobile": True},
            )
        else:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


PASSWORD = "Duty#Room2026"
WAIT = 15  # seconds


def wait(driver, condition, message, timeout=WAIT):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    from selenium.common.exceptions import TimeoutException

    # A message that reads the page is a function, called only when the wait fails:
    # read before the wait, it would read the page that the click is leaving.
    try:
        return WebDriverWait(
            driver, timeout, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
        ).until(condition, "" if callable(message) else message)
    except TimeoutException:
        if not callable(message):
            raise
        try:
            text = message()
        except Exception as error:  # the page may still be changing
            text = f"(could not read the page: {type(error).__name__})"
        raise TimeoutException(text) from None


def sign_in(driver, server, username, password=PASSWORD):
    from selenium.webdriver.common.by import By

    driver.get(server.url("/login"))
    user = driver.find_element(By.CSS_SELECTOR, "#username")
    user.clear()
    user.send_keys(username)
    driver.find_element(By.CSS_SELECTOR, "#password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login-submit").click()
    wait(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#logout"),
        f"{username} should be signed in (a #logout button in the header); url={driver.current_url}",
    )


def sign_out(driver):
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, "#logout").click()
    wait(driver, lambda d: "/login" in d.current_url or d.find_elements(By.CSS_SELECTOR, "#login-form"),
         "退出登录 should lead back to the login page")


def file_road_accident(server, token, place_detail, dead=0, injured=1):
    """A county's first report of a road accident through the API, as a draft in its own unit;
    returns the incident as the API answers it."""
    status, me = server.request("GET", "/api/v1/me", token=token)
    assert status == 200, me
    status, incident = server.request("POST", "/api/v1/incidents", {
        "kindId": "road_transport_accident", "placeUnitId": me["unit"]["id"], "placeDetail": place_detail,
        "occurredAt": "2026-11-23T05:50:00Z", "sourceChannel": "phone", "event": "一起两车相撞的道路交通事故",
        "dead": dead, "injured": injured, "measures": "交警已到场处置",
    }, token=token)
    assert status == 201, incident
    return incident
