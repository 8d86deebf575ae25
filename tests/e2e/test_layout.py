"""Every screen fits a desk and a phone. For each kind of account, every link of its navigation
and the pages it may open from there are shown at 1440 px and at 375 px: none is an error page,
none scrolls sideways, and on the phone the navigation folds behind 菜单 so that the page starts
near the top, while 菜单 opens it with every link. A full-page screenshot of each screen, per role
and width, is saved as layout-<role>-<page>-desk.png / -phone.png."""

import re
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import PHONE_SIZE, full_page_screenshot, sign_in

DESK_WIDTH = 1440
NAV_MAX_PX = 120  # the phone's header, navigation folded, before the page's own content

# 魏都区 (a county with a roster of its own) and its city 许昌, whose government duty office
# has a desk of its own. No other browser test files anything at 魏都区 or submits from it, so
# the records made here change nobody's board.
COUNTY_OFFICER = "weidu.duty"


@dataclass(frozen=True)
class Role:
    label: str
    username: str
    roster: bool = False  # may read rosters
    directory: bool = False  # may read the directory
    county_records: bool = False  # sees the records filed at 魏都区 below
    details: bool = False  # also opens the detail pages (one role is enough: same templates)


ROLES = [
    Role("county-officer", "weidu.duty", roster=True, directory=True, county_records=True, details=True),
    Role("county-leader", "weidu.leader", roster=True, directory=True, county_records=True),
    Role("city-officer", "xuchang.duty", roster=True, directory=True),
    Role("gov-duty-office", "xuchang.office", roster=True, directory=True),
    Role("unit-admin", "weidu.admin", roster=True, directory=True),
    Role("security-admin", "weidu.security", directory=True),
    Role("auditor", "weidu.auditor"),
]

# The pages that are not in the navigation: (path, screenshot name, who may open them). Those
# marked "details" are visited by the role with details=True only.
EXTRA_PAGES = [
    ("/rosters/settings", "roster-settings", ("roster",)),
    ("/rosters/print", "roster-print", ("roster",)),
    ("/units/{unit}/policy", "policy", ("directory",)),
    ("/incidents/{incident}", "incident", ("county_records",)),
    ("/reports/{report}/print", "report-print", ("county_records",)),
    ("/rosters/overview", "roster-overview", ("roster", "details")),
    ("/calendar", "calendar", ("roster", "details")),
    ("/units/{unit}", "unit", ("directory", "details")),
    ("/people/{person}", "person", ("directory", "details")),
    ("/duty-log/{log}", "duty-log-entry", ("county_records", "details")),
    ("/absences/{absence}", "absence", ("county_records", "details")),
]

ERROR_STATUS = re.compile(r"^\s*(4\d\d|5\d\d)\b")  # a heading that is a status code


@pytest.fixture(scope="module")
def records(server):
    """What a county duty desk has on a working morning, filed through the API at 魏都区: a draft
    incident with its first report, a duty-log entry, a handover with an open item and a leader
    away on business; and the ids the pages need."""
    token = server.login(COUNTY_OFFICER)
    status, me = server.request("GET", "/api/v1/me", token=token)
    assert status == 200, me
    unit = me["unit"]["id"]
    status, incident = server.request("POST", "/api/v1/incidents", {
        "kindId": "road_transport_accident", "placeUnitId": unit, "placeDetail": "魏文路与许继大道交叉口往东约200米",
        "occurredAt": "2026-11-23T05:50:00Z", "sourceChannel": "phone",
        "event": "一辆小型客车与一辆电动自行车相撞，电动自行车驾驶人受伤，已送许昌市中心医院救治",
        "injured": 1, "measures": "交警、120已到场处置，现场交通已疏导",
    }, token=token)
    assert status == 201, incident
    status, log = server.request("POST", "/api/v1/duty-log", {
        "callerUnit": "魏都区公安分局指挥中心", "callerName": "李明", "phone": "0374-2345678",
        "content": "报告魏文路与许继大道交叉口发生一起两车相撞的交通事故，一人受伤", "handling": "已转接报并报告带班领导",
    }, token=token)
    assert status == 201, log
    status, handover = server.request("POST", "/api/v1/handovers", {
        "matters": "夜间接报一起交通事故，已报区领导", "items": ["跟进伤者救治情况，08:30前续报"],
    }, token=token)
    assert status == 201, handover
    status, absence = server.request("POST", "/api/v1/absences", {
        "personName": "孔瑞梅", "personPosition": "副局长", "reason": "参加全市防汛抗旱工作会议", "destination": "许昌市应急管理局",
        "leaveAt": "2026-11-23T01:00:00Z", "returnAt": "2026-11-24T10:00:00Z", "deputyName": "单彬", "deputyPost": "副局长",
    }, token=token)
    assert status == 201, absence
    return {"incident": incident["id"], "report": incident["reports"][0]["id"], "log": log["id"], "absence": absence["id"]}


def pages_of(role, nav_paths, server, records):
    """(path, name) of every page the role is shown: its navigation, then the pages it may open."""
    token = server.login(role.username)
    status, me = server.request("GET", "/api/v1/me", token=token)
    assert status == 200, me
    ids = dict(records, unit=me["unit"]["id"])
    if role.directory and role.details:
        status, people = server.request("GET", f"/api/v1/people?unitId={ids['unit']}&limit=1", token=token)
        assert status == 200 and people["items"], f"{role.username}: the unit's people should be listed: {people}"
        ids["person"] = people["items"][0]["id"]
    pages = [(path, nav_name(path)) for path in nav_paths]
    for path, name, needs in EXTRA_PAGES:
        if all(getattr(role, need) for need in needs):
            pages.append((path.format(**ids), name))
    return pages


def nav_name(path):
    return path.strip("/").replace("/", "-") or "home"


def nav_links(driver):
    return driver.find_elements(By.CSS_SELECTOR, "header nav a")


def nav_paths(driver):
    return [urlparse(a.get_attribute("href")).path for a in nav_links(driver)]


def page_facts(driver, width):
    """What the user sees of the page's frame on a screen `width` px wide, measured in the browser.
    (Not against window.innerWidth: a phone zooms out a page that is too wide, and then that grows.)"""
    return driver.execute_script("""
        var width = arguments[0];
        var doc = document.documentElement, header = document.querySelector('header.site-header');
        var main = document.querySelector('main'), h1 = document.querySelector('h1');
        var error = document.querySelector('.error-page, .error-status');
        var widest = [];
        if (doc.scrollWidth > width + 1) {
          document.querySelectorAll('body *').forEach(function (e) {
            // Where it begins: an element past the edge whose parent is not.
            var r = e.getBoundingClientRect(), p = e.parentElement;
            if (r.right > width + 1 && r.width > 0 && (p === document.body || p.getBoundingClientRect().right <= width + 1)) {
              widest.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                ' (right edge ' + Math.round(r.right) + ' px)');
            }
          });
        }
        return {
          url: location.pathname, width: width, scrollWidth: doc.scrollWidth,
          headerHeight: header ? Math.round(header.getBoundingClientRect().height) : null,
          mainTop: main ? Math.round(main.getBoundingClientRect().top + window.scrollY) : null,
          h1: h1 ? h1.textContent.trim() : '',
          error: error ? error.textContent.trim().replace(/\\s+/g, ' ') : '',
          widest: widest.slice(0, 4)
        };
    """, width)


def check_page(facts, where):
    """The problems a user would see on this page, in words."""
    problems = []
    if facts["error"] or ERROR_STATUS.match(facts["h1"]):
        problems.append(f"{where}: an error page instead of the page ({facts['error'] or facts['h1']!r})")
    elif not facts["h1"]:
        problems.append(f"{where}: the page has no <h1> heading")
    if facts["scrollWidth"] > facts["width"] + 1:
        problems.append(
            f"{where}: the page is {facts['scrollWidth']} px wide on a {facts['width']} px screen and scrolls "
            f"sideways; sticking out: {', '.join(facts['widest']) or '(nothing found)'}")
    return problems


MENU_STATE = """
    var button = document.getElementById('nav-toggle');
    function shown(e) {
      var r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible';
    }
    return {
      button: button && shown(button) ? button.textContent.trim() : null,
      expanded: button ? button.getAttribute('aria-expanded') : null,
      links: Array.prototype.map.call(document.querySelectorAll('header nav a'), function (a) {
        return {text: a.textContent.trim(), path: new URL(a.href).pathname, shown: shown(a),
                right: Math.round(a.getBoundingClientRect().right)};
      })
    };
"""


def check_phone_menu(driver, desk_paths, where, fold_again):
    """菜单 is there, folded; a tap opens it with every link of the desk's navigation, on the
    screen; with `fold_again`, a second tap folds it. (One script reads each step: fast.)"""
    state = driver.execute_script(MENU_STATE)
    if state["button"] is None:
        return [f"{where}: no 菜单 button (#nav-toggle) is shown in the header on a phone"]
    problems = []
    if "菜单" not in state["button"]:
        problems.append(f"{where}: the menu button reads {state['button']!r}, not 菜单")
    if state["expanded"] != "false":
        problems.append(f"{where}: 菜单 should start folded (aria-expanded=false), is {state['expanded']!r}")
    shown = [a["text"] for a in state["links"] if a["shown"]]
    if shown:
        problems.append(f"{where}: with 菜单 folded the navigation links still show: {shown}")
    toggle = driver.find_element(By.ID, "nav-toggle")
    toggle.click()
    state = driver.execute_script(MENU_STATE)
    if state["expanded"] != "true":
        problems.append(f"{where}: after a tap on 菜单, aria-expanded should be true, is {state['expanded']!r}")
    hidden = [a["text"] for a in state["links"] if not a["shown"]]
    if hidden:
        problems.append(f"{where}: after a tap on 菜单 these links are still not shown: {hidden}")
    outside = [a["text"] for a in state["links"] if a["shown"] and a["right"] > PHONE_SIZE[0] + 1]
    if outside:
        problems.append(f"{where}: the opened menu's links {outside} stick out past the screen's right edge")
    if [a["path"] for a in state["links"]] != desk_paths:
        problems.append(f"{where}: the phone's menu offers {[a['path'] for a in state['links']]}, the desk's navigation {desk_paths}")
    if not fold_again:
        return problems
    toggle.click()
    state = driver.execute_script(MENU_STATE)
    if state["expanded"] != "false" or any(a["shown"] for a in state["links"]):
        problems.append(f"{where}: a second tap on 菜单 should fold the navigation again")
    return problems


def check_escape(driver, where):
    """Esc in the open menu folds it and gives the focus back to 菜单."""
    toggles = [t for t in driver.find_elements(By.ID, "nav-toggle") if t.is_displayed()]
    if not toggles:
        return []  # check_phone_menu says so, page by page
    toggles[0].click()
    last = nav_links(driver)[-1]
    if not last.is_displayed():
        return []  # check_phone_menu says so
    last.send_keys(Keys.ESCAPE)
    state = driver.execute_script(MENU_STATE)
    problems = []
    if state["expanded"] != "false" or any(a["shown"] for a in state["links"]):
        problems.append(f"{where}: Esc in the open menu should fold it again")
    if driver.switch_to.active_element != toggles[0]:
        problems.append(f"{where}: after Esc folds the menu the focus should be back on 菜单")
    return problems


@pytest.mark.parametrize("role", ROLES, ids=[r.label for r in ROLES])
def test_every_screen_fits_a_desk_and_a_phone(role, server, browser, screenshots, records, phone_view):
    problems = []

    # The desk, 1440 px wide: the navigation as it always was, every link in one row.
    browser.set_window_size(DESK_WIDTH, 900)
    sign_in(browser, server, role.username)
    browser.get(server.url("/"))
    desk_paths = nav_paths(browser)
    assert desk_paths and desk_paths[0] == "/", f"{role.username}: the navigation should start with 首页, has {desk_paths}"
    assert browser.execute_script("return window.innerWidth") == DESK_WIDTH, "the desk browser should be 1440 px wide"
    assert not any(t.is_displayed() for t in browser.find_elements(By.ID, "nav-toggle")), \
        "a desk shows its navigation as it is, without a 菜单 button"
    tops = {a.rect["y"] for a in nav_links(browser)}
    assert all(a.is_displayed() for a in nav_links(browser)) and len(tops) == 1, \
        f"{role.username}: at {DESK_WIDTH} px every navigation link should show, in one row (rows at {sorted(tops)})"

    pages = pages_of(role, desk_paths, server, records)
    for path, name in pages:
        browser.get(server.url(path))
        where = f"{role.username} at {DESK_WIDTH} px, {path}"
        problems += check_page(page_facts(browser, DESK_WIDTH), where)
        full_page_screenshot(browser, screenshots / f"layout-{role.label}-{name}-desk.png", DESK_WIDTH, mobile=False)

    # The phone, 375 px wide.
    phone_view(browser)
    browser.get(server.url("/"))
    problems += check_escape(browser, f"{role.username} at {PHONE_SIZE[0]} px, /")
    for path, name in pages:
        browser.get(server.url(path))
        where = f"{role.username} at {PHONE_SIZE[0]} px, {path}"
        facts = page_facts(browser, PHONE_SIZE[0])
        problems += check_page(facts, where)
        # The screen as it first shows, 菜单 folded.
        full_page_screenshot(browser, screenshots / f"layout-{role.label}-{name}-phone.png", PHONE_SIZE[0], mobile=True)
        if facts["headerHeight"] is not None:  # the printable pages have no header
            if facts["headerHeight"] > NAV_MAX_PX:
                problems.append(
                    f"{where}: the header and navigation take {facts['headerHeight']} px before the page's content "
                    f"(<main> starts at {facts['mainTop']} px); at most {NAV_MAX_PX} px on a phone")
            problems += check_phone_menu(browser, desk_paths, where, fold_again=path == "/")
    # And the first screen once with the menu open.
    browser.get(server.url("/"))
    for toggle in browser.find_elements(By.ID, "nav-toggle"):
        if toggle.is_displayed():
            toggle.click()
            browser.save_screenshot(str(screenshots / f"layout-{role.label}-menu-open-phone.png"))

    assert not problems, f"{len(problems)} layout problem(s) for {role.username}:\n  " + "\n  ".join(problems)
