"""The roster's iCalendar feed, fetched over HTTP from the real server and read by a standard
parser (the icalendar package), as a calendar app subscribing to it would."""
import datetime
import urllib.error
import urllib.request

import icalendar

from server_support import running_server


def shifts_with_anyone(server, token, unit_id, month):
    status, roster = server.request("GET", f"/api/v1/units/{unit_id}/roster?month={month}", token=token)
    assert status == 200, roster
    return {(a["date"], a["shiftIndex"]) for a in roster["assignments"]}, roster


def test_unit_feed_has_one_event_per_shift(tmp_path):
    with running_server(tmp_path) as server:
        token = server.login("xuchang.duty")
        status, me = server.request("GET", "/api/v1/me", token=token)
        assert status == 200
        unit_id = me["unit"]["id"]
        status, feed = server.request("POST", f"/api/v1/units/{unit_id}/roster-feed", token=token)
        assert status == 200, feed
        assert feed["url"].startswith("/feeds/roster/") and feed["url"].endswith(".ics")

        # The feed needs no login: the secret URL is the credential.
        with urllib.request.urlopen(server.url(feed["url"]), timeout=30) as resp:
            assert resp.status == 200
            assert resp.headers.get_content_type() == "text/calendar"
            body = resp.read()
        cal = icalendar.Calendar.from_ical(body)
        events = [c for c in cal.walk() if c.name == "VEVENT"]

        expected = set()
        for month in ("2026-11", "2026-12"):
            shifts, roster = shifts_with_anyone(server, token, unit_id, month)
            expected |= shifts
        assert len(expected) == 30 + 31, "the demo draws November and December in full"
        assert len(events) == len(expected)

        starts = set()
        for ev in events:
            start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
            assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(0), "UTC"
            assert end - start == datetime.timedelta(hours=24), "one 24-hour shift from 08:30"
            assert str(ev.get("SUMMARY")).startswith(me["unit"]["name"] + "值班：带班领导")
            starts.add(start)
        assert len(starts) == len(events), "one event per shift, none twice"
        first = min(starts)
        assert first == datetime.datetime(2026, 11, 1, 0, 30, tzinfo=datetime.timezone.utc), "08:30 Shanghai"

        # A wrong token is simply not found.
        try:
            urllib.request.urlopen(server.url("/feeds/roster/wrong-token.ics"), timeout=30)
            raise AssertionError("a wrong token must not give a feed")
        except urllib.error.HTTPError as err:
            assert err.code == 404
