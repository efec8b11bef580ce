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

import pytest
from helpers import bundled, report
from ical.calendar_stream import IcsCalendarStream

from engine.model.findings import Report
from engine.outputs.ics import calendar_feed, event_uid

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
    for event in cal.events:
        assert event.dtstart == dt.datetime.fromisoformat(by_uid[event.uid].due)
        assert str(event.dtstart.tzinfo) == "Europe/London"
        assert sorted(a.trigger for a in event.alarm) == [
            dt.timedelta(days=-30),
            dt.timedelta(days=-7),
            dt.timedelta(days=-1),
        ]


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
        f"2017-12-30 10:00|Quarterly reports to the Secretary of State: occurrence 3|{event_uid(Q3)}| \u23f0"
    ]  # khal shows an event with alarms with " ⏰"

    # the next day's feed: the same obligations, a higher SEQUENCE; imported again, nothing doubles
    later = tmp_path / "later.ics"
    again = report(bundled(), tmp_path, AS_OF)
    later.write_bytes(calendar_feed([again], generated_at=GENERATED + dt.timedelta(days=1)))
    khal("import", "--batch", str(later))
    assert sorted(khal.events("2017-12-01", "2019-12-31")) == sorted(shown)
