"""A lockout that cannot silently stop the desk: the login page counts down the attempts left,
the fifth wrong password locks the account, the unit's board says who is locked, and the unit's
security administrator unlocks it at once from the accounts page.

建安区's section chief is this test's own account: no other browser test signs in with it."""

from selenium.webdriver.common.by import By

from browser_support import sign_in, sign_out, wait

VICTIM = "jianan.section"
COLLEAGUE = "jianan.duty"
SECURITY = "jianan.security"


def try_password(browser, server, password):
    browser.get(server.url("/login"))
    user = browser.find_element(By.ID, "username")
    user.clear()
    user.send_keys(VICTIM)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.ID, "login-submit").click()
    return wait(browser, lambda d: next((a.text for a in d.find_elements(By.CSS_SELECTOR, "[role=alert]") if a.text), False),
                "the login page answers with an alert")


def test_five_wrong_passwords_lock_the_account_the_board_says_so_and_security_unlocks_it(server, browser, screenshots, phone_view, desk_view):
    # On a phone, as a night officer might type on one.
    phone_view(browser)
    said = [try_password(browser, server, "wrong-password") for _ in range(4)]
    for left, text in zip([4, 3, 2, 1], said):
        assert f"还可尝试{left}次" in text, said
    locked = try_password(browser, server, "wrong-password")
    assert "锁定" in locked, locked
    browser.save_screenshot(str(screenshots / "login-locked-phone.png"))
    # The right password does not open a locked account.
    again = try_password(browser, server, "Duty#Room2026")
    assert "锁定" in again, again
    assert not browser.find_elements(By.ID, "logout")

    # The colleague on duty sees on the board who is locked, and whom to ask.
    desk_view(browser)
    sign_in(browser, server, COLLEAGUE)
    browser.get(server.url("/board"))
    notice = wait(browser, lambda d: d.find_element(By.ID, "board-locked"), "the board says an account of the unit is locked")
    assert VICTIM in notice.text and "安全管理员" in notice.text, notice.text
    browser.save_screenshot(str(screenshots / "board-locked-desk.png"))
    sign_out(browser)

    # The unit's security administrator unlocks it at once.
    sign_in(browser, server, SECURITY)
    browser.get(server.url("/users"))
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr") if VICTIM in r.text)
    assert "已锁定" in row.text, row.text
    row.find_element(By.XPATH, ".//button[text()='解锁']").click()
    wait(browser, lambda d: "正常" in next(r for r in d.find_elements(By.CSS_SELECTOR, "tbody tr") if VICTIM in r.text).text,
         "the account reads 正常 after 解锁")
    sign_out(browser)

    # And the section chief signs in again.
    sign_in(browser, server, VICTIM)
    sign_out(browser)
