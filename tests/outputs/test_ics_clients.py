"""The calendar feed read by software other than the library that wrote it.

- `ical` (the strict, pydantic-validated RFC 5545 parser behind Home Assistant's calendars) is an
  independent implementation: it rejects what does not follow the grammar.
- `khal` is a real calendar client (a terminal calendar on a local vdir folder). Importing the feed
  shows the events at the London wall-clock time, with their reminders; importing a later feed
  updates the same events (same UIDs) instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import bundled, report
from ical.calendar_stream import IcsCalendarStream

from engine.model.findings import Report
from engine.outputs.ics import build_feed, calendar_feed, event_uid

AS_OF = "2017-12-01"
GENERATED = dt.datetime(2017, 12, 1, 6, 0, tzinfo=dt.UTC)
Q3 = "tower-hamlets/bv-2017.quarterly-report/3"


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory) -> Report:
    return report(bundled(), tmp_path_factory.mktemp("clients"), AS_OF)


def test_a_strict_independent_parser_reads_every_event_and_alarm(bundled_report):
    cal = IcsCalendarStream.calendar_from_ics(calendar_feed([bundled_report], generated_at=GENERATED).decode("utf-8"))
    owed = {f.id: f for f in bundled_report.findings if f.status in ("due_soon", "upcoming")}
    assert {e.uid for e in cal.events} == {event_uid(i) for i in owed}
    assert [tz.tz_id for tz in cal.timezones] == ["Europe/London"]
    by_uid = {event_uid(i): f for i, f in owed.items()}
    kinds = set()
    for event in cal.events:
        due = dt.datetime.fromisoformat(by_uid[event.uid].due).astimezone(ZoneInfo("Europe/London"))
        if isinstance(event.dtstart, dt.datetime):  # a timed deadline, at its London time
            kinds.add("timed")
            assert event.dtstart == due and str(event.dtstart.tzinfo) == "Europe/London"
        else:  # a whole-day deadline: all day on its day
            kinds.add("all-day")
            assert event.dtstart == due.date() and event.dtend == due.date() + dt.timedelta(days=1)
        triggers = [a.trigger for a in event.alarm]
        assert len(triggers) == 3 and all(isinstance(t, dt.timedelta) and t < -dt.timedelta(hours=1) for t in triggers)
        assert triggers == sorted(triggers)  # 30, 7, 1 working days before
    assert kinds == {"timed", "all-day"}


def test_the_strict_parser_reads_a_feed_with_cancelled_events(bundled_report, tmp_path):
    _, state = build_feed([bundled_report], generated_at=GENERATED)
    feed, _ = build_feed([met_q3(tmp_path)], generated_at=GENERATED + dt.timedelta(days=1), previous=state)
    cal = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8"))
    cancelled = [e for e in cal.events if str(e.status) in ("CANCELLED", "EventStatus.CANCELLED")]
    assert [e.uid for e in cancelled] == [event_uid(Q3)] and not cancelled[0].alarm


def met_q3(tmp_path: Path) -> Report:
    """The bundled data with the third quarterly report received on 28 November 2017: no longer owed."""
    data = bundled()
    data["submissions"].append(
        {"key": "bv-q3", "what": "Q3 update report", "clause": "bv-2017.quarterly-report", "occurrence": 3,
         "received": "2017-11-28T09:00", "source": "test"}
    )  # fmt: skip
    return report(data, tmp_path, AS_OF)


KHAL_CONFIG = """\
[calendars]
[[comply]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/London
default_timezone = Europe/London
[default]
default_calendar = comply
"""


class Khal:
    """khal on its own calendar folder, configuration and database under tmp_path."""

    def __init__(self, home: Path) -> None:
        self.home = home
        (home / "calendar").mkdir(parents=True)
        self.config = home / "khal.conf"
        self.config.write_text(KHAL_CONFIG.format(path=home / "calendar"), encoding="utf-8")

    def __call__(self, *args: str) -> str:
        env = {
            **os.environ,
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "TZ": "Europe/London",
        }
        run = subprocess.run(
            [sys.executable, "-m", "khal", "-c", str(self.config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    def events(self, start: str, end: str) -> list[str]:
        """One line per event and day shown: 'DATE TIME|TITLE|UID|ALARM-SYMBOL'."""
        out = self("list", start, end, "--format", "{start}|{title}|{uid}|{alarm-symbol}", "--day-format", "")
        return [line for line in out.splitlines() if line.strip()]


def test_a_calendar_client_shows_the_events_and_updates_them_on_a_second_import(bundled_report, tmp_path):
    khal = Khal(tmp_path / "khal")
    first = tmp_path / "first.ics"
    first.write_bytes(calendar_feed([bundled_report], generated_at=GENERATED))
    khal("import", "--batch", str(first))
    shown = khal.events("2017-12-01", "2019-12-31")
    owed = [f for f in bundled_report.findings if f.status in ("due_soon", "upcoming")]
    assert {line.split("|")[2] for line in shown} == {event_uid(f.id) for f in owed}
    q3 = [line for line in shown if line.split("|")[2] == event_uid(Q3)]
    # 10:00 London time on 30 December 2017, with its reminders
    assert q3 == [
        f"2017-12-30 10:00|Quarterly reports to the Secretary of State (the 3rd)|{event_uid(Q3)}| \u23f0"
    ]  # khal shows an event with alarms with " ⏰"
    cabinet = [line for line in shown if line.split("|")[2] == event_uid("tower-hamlets/csib-tor.report-to-cabinet/2")]
    assert cabinet == [  # a whole-day deadline: all day on Sunday 31 December 2017, with its alarms
        "2017-12-31|Progress against the Children's Services Improvement Plan reported to Cabinet (and the Mayor) (the 2nd)|"
        f"{event_uid('tower-hamlets/csib-tor.report-to-cabinet/2')}| \u23f0"
    ]

    # the next day's feed: the same obligations, a higher SEQUENCE; imported again, nothing doubles
    later = tmp_path / "later.ics"
    again = report(bundled(), tmp_path, AS_OF)
    later.write_bytes(calendar_feed([again], generated_at=GENERATED + dt.timedelta(days=1)))
    khal("import", "--batch", str(later))
    assert sorted(khal.events("2017-12-01", "2019-12-31")) == sorted(shown)


def test_an_imported_event_no_longer_owed_is_cancelled_by_the_next_feed(bundled_report, tmp_path):
    khal = Khal(tmp_path / "khal")
    first, state = build_feed([bundled_report], generated_at=GENERATED)
    (tmp_path / "first.ics").write_bytes(first)
    khal("import", "--batch", str(tmp_path / "first.ics"))

    def live() -> dict[str, str]:
        """The events khal shows, by UID: 'CANCELLED|' for a cancelled one, '| ⏰' for one with alarms."""
        out = khal("list", "2017-12-01", "2019-12-31", "--format", "{cancelled}|{title}|{uid}|{alarm-symbol}",
                   "--day-format", "")  # fmt: skip
        rows = [line.split("|") for line in out.splitlines() if line.strip()]
        return {uid: f"{cancelled.strip()}|{alarm}" for cancelled, _, uid, alarm in rows}

    before = live()
    assert before[event_uid(Q3)] == "| \u23f0"  # shown, with its alarms
    # the Q3 report is received; the next feed sends it once more, cancelled
    second, _ = build_feed([met_q3(tmp_path)], generated_at=GENERATED + dt.timedelta(days=1), previous=state)
    (tmp_path / "second.ics").write_bytes(second)
    khal("import", "--batch", str(tmp_path / "second.ics"))
    after = live()
    # khal keeps a cancelled event, marked CANCELLED (Outlook and Thunderbird strike it through), without alarms:
    # it has left the events still to attend to
    assert after[event_uid(Q3)] == "CANCELLED|"
    assert event_uid(Q3) not in {u for u, v in after.items() if not v.startswith("CANCELLED")}
    assert {u: v for u, v in after.items() if u != event_uid(Q3)} == {
        u: v for u, v in before.items() if u != event_uid(Q3)
    }
