"""The calendar feed (`comply calendar`, engine/outputs/ics.py): built from the real evaluation, parsed back
with a real iCalendar parser (the `icalendar` library), and checked against RFC 5545's framing
(CRLF line ends, lines folded at 75 octets)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from helpers import bundled, report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import calendar
from engine.core.errors import FileError
from engine.model.findings import Report
from engine.outputs.ics import (
    CANCELLED_DAYS,
    REMINDER_DAYS,
    build_feed,
    calendar_feed,
    event_uid,
    feed_state_bytes,
    read_feed_state,
)

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


def wall_clock(start: dt.date | dt.datetime, trigger: dt.timedelta) -> dt.datetime:
    """When a reminder fires on the London wall clock, counted back from DTSTART as a client counts it (an
    all-day event starts at midnight of its day)."""
    begin = (
        start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time(), ZoneInfo("Europe/London"))
    )
    return (begin.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None)) + trigger


def test_each_event_carries_its_due_day_or_time_words_and_working_day_reminders(bundled_report):
    by_id = events(calendar_feed([bundled_report], generated_at=GENERATED))
    findings = {f.id: f for f in bundled_report.findings}
    kinds = set()
    for fid, event in by_id.items():
        f = findings[fid]
        due = calendar.parse_instant(f.due).in_timezone(calendar.LONDON)
        start = event.decoded("DTSTART")
        if (due.hour, due.minute, due.second) in ((23, 59, 59), (0, 0, 0)):  # a whole day: an all-day event
            kinds.add("all-day")
            assert not isinstance(start, dt.datetime) and start == due.date()
            assert event["DTSTART"].params.get("VALUE") == "DATE"
            assert event.decoded("DTEND") == due.date() + dt.timedelta(days=1)
        else:  # timed: at its London time, never floating
            kinds.add("timed")
            assert isinstance(start, dt.datetime) and start == dt.datetime.fromisoformat(f.due)
            assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert str(event["UID"]) == event_uid(fid)
        assert event.decoded("DTSTAMP") == GENERATED
        assert f.clause_title in str(event["SUMMARY"])
        description = str(event["DESCRIPTION"])
        for piece in (f.clause_title, f.duty_holder.name, f.explanation.clause_text, f.explanation.source):
            assert piece in description
        assert f"Due: {calendar.govuk_words(due, f.due_time_known)}" in description  # a day-only meeting: its day
        assert len([line for line in description.splitlines() if line.startswith("- ")]) == len(
            f.explanation.due_computation
        )
        # in words: no occurrence numbers, no shell command, no direction-file settings, no ISO timestamps
        for internal in ("occurrence", "comply explain", "count_from", "non_working_day", "T23:59:59", "T10:00"):
            assert internal not in description and internal not in str(event["SUMMARY"])
        alarms = event.walk("VALARM")
        assert len(alarms) == len(REMINDER_DAYS) and all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
        for n, alarm in zip(REMINDER_DAYS, alarms, strict=True):
            fires = wall_clock(start, alarm.decoded("TRIGGER"))
            assert fires.time() == dt.time(9, 0) and fires.date() == calendar.reminder_day(due.date(), n)
            assert calendar.is_working_day(fires.date()) and f"Due in {n} working day" in str(alarm["DESCRIPTION"])
            # the same count as the owners' reminder emails: n working days after the reminder is the due day
            # (or, for a due day that is not a working day, the next working day after it)
            after = calendar.count_days(fires.date(), n, "working_days", "after")
            assert (
                after >= due.date() and calendar.count_days(fires.date(), n - 1, "working_days", "after") < due.date()
            )
    assert kinds == {"all-day", "timed"}
    q3 = by_id[Q3]  # 10:00 GMT on Saturday 30 December 2017: a timed event
    assert q3.decoded("DTSTART") == dt.datetime(2017, 12, 30, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    assert str(q3["SUMMARY"]) == "Quarterly reports to the Secretary of State (the 3rd)"
    # 1 working day before: Friday 29 December; 7: Tuesday 19 December (25 and 26 December are bank holidays)
    q3_alarms = [a.to_ical().decode() for a in q3.walk("VALARM")]
    assert "TRIGGER:-P1DT1H" in q3_alarms[2] and "TRIGGER:-P11DT1H" in q3_alarms[1]
    cabinet = by_id["tower-hamlets/csib-tor.report-to-cabinet/2"]  # by Sunday 31 December 2017: all day
    assert cabinet.decoded("DTSTART") == dt.date(2017, 12, 31)
    assert "TRIGGER:-P1DT15H" in cabinet.walk("VALARM")[2].to_ical().decode()  # 09:00 on Friday 29 December


def test_descriptions_link_to_the_desk_when_its_address_is_given(bundled_report):
    plain = events(calendar_feed([bundled_report], generated_at=GENERATED))
    linked = events(calendar_feed([bundled_report], generated_at=GENERATED, desk_url="https://comply.example.org/"))
    assert not any("https://" in str(e["DESCRIPTION"]) or "URL" in e for e in plain.values())
    url = f"https://comply.example.org/finding/{Q3}?as_of=2017-12-01"
    assert str(linked[Q3]["URL"]) == url and f"On the desk: {url}" in str(linked[Q3]["DESCRIPTION"])


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
    due = {f.id: calendar.parse_instant(f.due) for f in bundled_report.findings}
    fallen = {k for k in now if due[k] < cutoff}
    assert Q3 in fallen and not fallen & set(then)
    assert set(now) - fallen <= set(then)
    assert all(str(then[k]["UID"]) == str(now[k]["UID"]) for k in set(now) - fallen)


def test_a_naive_generated_at_is_refused(bundled_report):
    with pytest.raises(ValueError, match="generated_at"):
        calendar_feed([bundled_report], generated_at=dt.datetime(2017, 12, 1, 6, 0))


# -- the VTIMEZONE read as Outlook reads it: its yearly rules, without the zone database -----------------------


def _rules(feed: bytes) -> dict[str, dict[str, str]]:
    """The VTIMEZONE's STANDARD and DAYLIGHT blocks as plain text properties, unfolded by hand: no library."""
    text = feed.decode("utf-8").replace("\r\n ", "")
    block = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert "RDATE" not in block  # yearly rules only
    out: dict[str, dict[str, str]] = {}
    for kind in ("STANDARD", "DAYLIGHT"):
        body = block[block.index(f"BEGIN:{kind}") : block.index(f"END:{kind}")]
        out[kind] = dict(line.split(":", 1) for line in body.split("\r\n")[1:] if line)
    return out


def _offset(text: str) -> dt.timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * dt.timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


def _last_sunday_change(rule: dict[str, str], year: int) -> dt.datetime:
    """The local wall-clock instant of a rule's change in a year: FREQ=YEARLY;BYMONTH=m;BYDAY=-1SU at DTSTART's
    time of day, read by hand."""
    parts = dict(p.split("=") for p in rule["RRULE"].split(";"))
    assert parts["FREQ"] == "YEARLY" and parts["BYDAY"] == "-1SU"
    month = int(parts["BYMONTH"])
    last = dt.date(year, month + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31)
    sunday = last - dt.timedelta(days=(last.weekday() - 6) % 7)
    at = dt.datetime.strptime(rule["DTSTART"], "%Y%m%dT%H%M%S")
    assert year >= at.year
    return dt.datetime.combine(sunday, at.time())


def utc_by_rules(rules: dict[str, dict[str, str]], local: dt.datetime) -> dt.datetime:
    """A London wall-clock time in UTC by the VTIMEZONE's rules alone (no zone database), as Outlook does."""
    summer_from = _last_sunday_change(rules["DAYLIGHT"], local.year)  # in the standard offset's wall clock
    summer_to = _last_sunday_change(rules["STANDARD"], local.year)  # in the daylight offset's wall clock
    kind = "DAYLIGHT" if summer_from <= local < summer_to else "STANDARD"
    return (local - _offset(rules[kind]["TZOFFSETTO"])).replace(tzinfo=dt.UTC)


def test_the_vtimezone_has_yearly_rules_as_outlook_and_google_write_them(bundled_report):
    feed = calendar_feed([bundled_report], generated_at=GENERATED)
    rules = _rules(feed)
    assert rules["STANDARD"]["RRULE"] == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
    assert rules["DAYLIGHT"]["RRULE"] == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
    assert (rules["STANDARD"]["TZOFFSETFROM"], rules["STANDARD"]["TZOFFSETTO"]) == ("+0100", "+0000")
    assert (rules["DAYLIGHT"]["TZOFFSETFROM"], rules["DAYLIGHT"]["TZOFFSETTO"]) == ("+0000", "+0100")
    # the events' own DTSTART lines, read by hand and put in UTC by the rules alone
    text = feed.decode("utf-8").replace("\r\n ", "")
    starts = [line for line in text.split("\r\n") if line.startswith("DTSTART;TZID=Europe/London:")]
    assert "DTSTART;TZID=Europe/London:20171230T100000" in starts  # the 3rd quarterly report, in GMT
    local = dt.datetime.strptime("20171230T100000", "%Y%m%dT%H%M%S")
    assert utc_by_rules(rules, local) == dt.datetime(2017, 12, 30, 10, 0, tzinfo=dt.UTC)  # 10:00 GMT is 10:00 UTC
    assert "DTSTART;TZID=Europe/London:20180330T100000" in starts  # the 4th quarterly report, in BST
    bst = dt.datetime(2018, 3, 30, 10, 0)
    assert utc_by_rules(rules, bst) == dt.datetime(2018, 3, 30, 9, 0, tzinfo=dt.UTC)  # 10:00 BST is 09:00 UTC


def test_the_vtimezone_rules_agree_with_the_zone_database_every_hour_from_1996_to_2037(bundled_report):
    rules = _rules(calendar_feed([bundled_report], generated_at=GENERATED))
    london = ZoneInfo("Europe/London")
    for year in range(1996, 2038):
        for month, day in ((3, 20), (10, 20)):  # the ten days around each change, hour by hour
            start = dt.datetime(year, month, day)
            for hour in range(24 * 15):
                local = start + dt.timedelta(hours=hour)
                aware = local.replace(tzinfo=london)
                if aware.replace(fold=1).utcoffset() != aware.utcoffset():
                    continue  # the hour that happens twice (October) or not at all (March): no single answer
                if aware.astimezone(dt.UTC).astimezone(london).replace(tzinfo=None) != local:
                    continue  # the skipped hour
                assert utc_by_rules(rules, local) == aware.astimezone(dt.UTC), local


# -- what left the feed is sent as cancelled ---------------------------------------------------------------------


def _met_q3(tmp_path) -> Report:
    data = bundled()
    data["submissions"].append(
        {"key": "bv-q3", "what": "Q3 update report", "clause": "bv-2017.quarterly-report", "occurrence": 3,
         "received": "2017-11-28T09:00", "source": "test"}
    )  # fmt: skip
    return report(data, tmp_path, AS_OF)


def test_an_obligation_no_longer_owed_is_sent_as_cancelled_for_ninety_days(bundled_report, tmp_path):
    first, state = build_feed([bundled_report], generated_at=GENERATED)
    assert set(state) == {event_uid(k) for k in events(first)} and not any(p.left for p in state.values())
    met = _met_q3(tmp_path)
    nextday = GENERATED + dt.timedelta(days=1)
    second, state2 = build_feed([met], generated_at=nextday, previous=state)
    cal = icalendar.Calendar.from_ical(second)
    by_uid = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    gone = by_uid[event_uid(Q3)]
    assert str(gone["STATUS"]) == "CANCELLED" and not gone.walk("VALARM")
    assert int(gone["SEQUENCE"]) > int(events(first)[Q3]["SEQUENCE"])
    assert gone.decoded("DTSTART") == events(first)[Q3].decoded("DTSTART")
    assert "no longer owed (met)" in str(gone["DESCRIPTION"])
    assert all(str(e["STATUS"]) == "CONFIRMED" for u, e in by_uid.items() if u != event_uid(Q3))
    assert state2[event_uid(Q3)].left == nextday.isoformat()
    # sent again in every feed until 90 days after it left, then no more
    for days, sent in ((CANCELLED_DAYS, True), (CANCELLED_DAYS + 1, False)):
        later, state3 = build_feed([met], generated_at=nextday + dt.timedelta(days=days), previous=state2)
        cancelled = [e for e in icalendar.Calendar.from_ical(later).walk("VEVENT") if str(e["STATUS"]) == "CANCELLED"]
        assert [str(e["UID"]) for e in cancelled] == ([event_uid(Q3)] if sent else [])
        assert (event_uid(Q3) in state3) is sent
    # the state survives its file: written and read back, the same
    path = tmp_path / "feed.ics.state.json"
    path.write_bytes(feed_state_bytes(state2))
    assert read_feed_state(path) == state2 and read_feed_state(tmp_path / "none.json") == {}


def test_an_obligation_that_fell_due_unmet_is_not_cancelled(bundled_report, tmp_path):
    _, state = build_feed([bundled_report], generated_at=GENERATED)
    later = report(bundled(), tmp_path, "2018-01-15")
    feed, _ = build_feed([later], generated_at=GENERATED, previous=state)
    statuses = {str(e["STATUS"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert statuses == {"CONFIRMED"}  # Q3 and the rest that fell due stay in the calendar as they were


def test_a_state_file_that_is_not_one_is_refused_naming_it(tmp_path):
    for text in ("{not json", '{"format": 99, "events": {}}', '{"format": 1, "events": {"x": {"y": 1}}}'):
        path = tmp_path / "feed.ics.state.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(FileError, match=r"feed\.ics\.state\.json: not a calendar state file written by comply"):
            read_feed_state(path)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    day=st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2028, 12, 31)),
    at=st.sampled_from([(23, 59, 59), (0, 0, 0), (10, 0, 0), (17, 30, 0), (8, 15, 0)]),
)
def test_every_reminder_fires_at_9am_london_on_its_working_day(bundled_report, day, at):
    """Whatever the due day (across clock changes and bank holidays) and time, each alarm counted back from
    DTSTART on the wall clock lands at 09:00 on the day 30, 7 or 1 working days before."""
    local = dt.datetime.combine(day, dt.time(*at), ZoneInfo("Europe/London"))
    f = next(f for f in bundled_report.findings if f.id == Q3).model_copy(update={"due": local.isoformat()})
    one = bundled_report.model_copy(update={"findings": [f]})
    (event,) = icalendar.Calendar.from_ical(calendar_feed([one], generated_at=GENERATED)).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert isinstance(start, dt.datetime) == (at not in ((23, 59, 59), (0, 0, 0)))
    fired = [wall_clock(start, a.decoded("TRIGGER")) for a in event.walk("VALARM")]
    assert fired == [dt.datetime.combine(calendar.reminder_day(day, n), dt.time(9, 0)) for n in REMINDER_DAYS]
