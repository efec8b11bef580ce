"""The calendar feed (`comply calendar`, engine/outputs/ics.py): built from the real evaluation, parsed back
with a real iCalendar parser (the `icalendar` library), and checked against RFC 5545's framing
(CRLF line ends, lines folded at 75 octets)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from helpers import bundled, report

from engine.core import calendar
from engine.model.findings import Report
from engine.outputs.ics import REMINDER_DAYS, calendar_feed, event_uid

AS_OF = "2017-12-01"
GENERATED = dt.datetime(2017, 12, 1, 6, 0, tzinfo=dt.UTC)
Q3 = "tower-hamlets/bv-2017.quarterly-report/3"


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory) -> Report:
    return report(bundled(), tmp_path_factory.mktemp("ics"), AS_OF)


def events(feed: bytes) -> dict[str, icalendar.Event]:
    """The feed's events by finding id, parsed back from the bytes."""
    cal = icalendar.Calendar.from_ical(feed)
    return {str(e["X-COMPLY-FINDING-ID"]): e for e in cal.walk("VEVENT")}


def test_the_feed_is_a_publishable_calendar_with_the_london_time_zone(bundled_report):
    cal = icalendar.Calendar.from_ical(calendar_feed([bundled_report], generated_at=GENERATED))
    assert cal.name == "VCALENDAR"
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["PRODID"]).startswith("-//comply//")
    assert "London Borough of Tower Hamlets" in str(cal["X-WR-CALNAME"])
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    # the VTIMEZONE agrees with the zone database on both sides of the 2017 clock changes
    tz = zones[0].to_tz()
    for when, offset in ((dt.datetime(2017, 12, 30, 10), 0), (dt.datetime(2018, 6, 30, 10), 1)):
        assert when.replace(tzinfo=tz).utcoffset() == dt.timedelta(hours=offset)


def test_one_event_per_obligation_owed_and_not_yet_due(bundled_report):
    by_id = events(calendar_feed([bundled_report], generated_at=GENERATED))
    owed = {f.id for f in bundled_report.findings if f.status in ("due_soon", "upcoming")}
    assert owed and set(by_id) == owed
    past = [f for f in bundled_report.findings if f.status in ("met", "unknown", "breached", "met_late", "lapsed")]
    assert past and not any(f.id in by_id for f in past)
    assert Q3 in by_id  # the third quarterly report, due 10:00 GMT on 30 December 2017


def test_each_event_carries_its_due_instant_text_and_reminders(bundled_report):
    by_id = events(calendar_feed([bundled_report], generated_at=GENERATED))
    findings = {f.id: f for f in bundled_report.findings}
    for fid, event in by_id.items():
        f = findings[fid]
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.datetime) and start.tzinfo is not None  # never floating time
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert start == dt.datetime.fromisoformat(f.due)
        assert str(event["UID"]) == event_uid(fid)
        assert event.decoded("DTSTAMP") == GENERATED
        assert f.clause_title in str(event["SUMMARY"]) and f.subject in str(event["SUMMARY"])
        description = str(event["DESCRIPTION"])
        for piece in (f.explanation.clause_text, f.explanation.source, *f.explanation.due_computation):
            assert piece in description
        alarms = event.walk("VALARM")
        assert sorted(a.decoded("TRIGGER") for a in alarms) == sorted(-dt.timedelta(days=d) for d in REMINDER_DAYS)
        assert all(str(a["ACTION"]) == "DISPLAY" and str(a["DESCRIPTION"]) for a in alarms)
    q3 = by_id[Q3]
    assert q3.decoded("DTSTART") == dt.datetime(2017, 12, 30, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_every_line_ends_in_crlf_and_is_folded_at_75_octets(bundled_report):
    # a long title with multi-byte characters, so that folding must not split a character
    long = bundled_report.model_copy(deep=True)
    for f in long.findings:
        f.clause_title = "Réunion trimestrielle du conseil — « rapport » " * 4
    feed = calendar_feed([long], generated_at=GENERATED)
    assert feed.endswith(b"\r\n")
    lines = feed.split(b"\r\n")[:-1]
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    for line in lines:
        line.decode("utf-8")  # no multi-byte character is cut by a fold
    cal = icalendar.Calendar.from_ical(feed)
    assert all(
        str(e["SUMMARY"]).startswith("Réunion trimestrielle du conseil — « rapport »") for e in cal.walk("VEVENT")
    )


def test_uids_are_stable_across_runs_and_later_feeds_supersede_earlier_ones(bundled_report, tmp_path):
    first = calendar_feed([bundled_report], generated_at=GENERATED)
    again = report(bundled(), tmp_path, AS_OF)  # a new store, a new evaluation
    later = calendar_feed([again], generated_at=GENERATED + dt.timedelta(days=1))
    a, b = events(first), events(later)
    assert {k: str(e["UID"]) for k, e in a.items()} == {k: str(e["UID"]) for k, e in b.items()}
    assert len({str(e["UID"]) for e in a.values()}) == len(a)  # one UID per obligation
    assert all(int(b[k]["SEQUENCE"]) > int(a[k]["SEQUENCE"]) for k in a)
    assert calendar_feed([bundled_report], generated_at=GENERATED) == first  # same input, same bytes


def test_a_satisfied_obligation_leaves_the_feed_and_the_others_keep_their_uids(bundled_report, tmp_path):
    data = bundled()
    data["submissions"].append(
        {
            "key": "bv-q3",
            "what": "Q3 update report",
            "clause": "bv-2017.quarterly-report",
            "occurrence": 3,
            "received": "2017-11-28T09:00",
            "source": "test",
        }
    )
    after = report(data, tmp_path, AS_OF)
    assert next(f for f in after.findings if f.id == Q3).status == "met"
    before_events = events(calendar_feed([bundled_report], generated_at=GENERATED))
    after_events = events(calendar_feed([after], generated_at=GENERATED))
    assert Q3 in before_events and Q3 not in after_events
    assert set(after_events) == set(before_events) - {Q3}
    assert all(str(after_events[k]["UID"]) == str(before_events[k]["UID"]) for k in after_events)


def test_a_later_as_of_drops_what_has_fallen_due_and_keeps_the_rest(bundled_report, tmp_path):
    later = report(bundled(), tmp_path, "2018-01-15")
    now, then = (
        events(calendar_feed([bundled_report], generated_at=GENERATED)),
        events(calendar_feed([later], generated_at=GENERATED)),
    )
    cutoff = calendar.as_of_instant("2018-01-15")
    fallen = {k for k, e in now.items() if e.decoded("DTSTART") < cutoff}
    assert Q3 in fallen and not fallen & set(then)
    assert set(now) - fallen <= set(then)
    assert all(str(then[k]["UID"]) == str(now[k]["UID"]) for k in set(now) - fallen)


def test_a_naive_generated_at_is_refused(bundled_report):
    with pytest.raises(ValueError, match="generated_at"):
        calendar_feed([bundled_report], generated_at=dt.datetime(2017, 12, 1, 6, 0))
