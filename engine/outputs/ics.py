"""The calendar feed: upcoming obligations as an RFC 5545 iCalendar file (`comply calendar`, `/calendar.ics`).

Why: the Monitoring Officer lives in a calendar client, not a terminal. One event per obligation
that is still owed and not yet due, with reminders 30, 7 and 1 days before, lets Outlook, Thunderbird
or a phone warn the people who have to act.

Why the `icalendar` library: it does the parts of RFC 5545 that are easy to get subtly wrong by
hand (escaping of commas and semicolons, folding long lines at 75 octets with CRLF, the VTIMEZONE
for Europe/London computed from the zone database) and parses the feed back in the tests.

Decisions:
- which findings: `due_soon` and `upcoming` only: obligations not yet satisfied, not yet due and
  not lapsed (the statuses the one table, engine/core/status.py, marks owed and not past due;
  the words of a status are the table's too). A past-due obligation (`breached`, `unknown`) is a
  matter for the Board report, not for a reminder (all its reminders would be in the past);
  `met`, `met_late` and `lapsed` are not owed. So when an obligation is satisfied or falls due,
  its event leaves the feed and a subscribed client removes it.
- UID: derived only from the finding id (`<sha256(id)[:32]>@comply`), and the finding id is the
  same for the same obligation in every run (docs/statuses-and-json.md, "The JSON form"), so re-importing or
  refreshing a subscription updates the event instead of duplicating it.
- SEQUENCE: whole minutes from 2000-01-01 UTC to `generated_at`. The feed keeps no history of
  earlier versions, so it cannot count revisions; a value that grows with every generation means
  a later feed always supersedes an earlier copy of the same UID (a client that compares SEQUENCE
  takes a changed due date), at the cost of every event looking revised on each refresh.
- times: DTSTART is the due instant with TZID=Europe/London and a VTIMEZONE (council time, so the
  event shows "10:00" all year across the GMT/BST change); DTSTAMP is `generated_at` in UTC.
  The event has no duration (a deadline, not a meeting) and is TRANSPARENT (it does not block
  free/busy time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from pendulum import DateTime

from engine.core import calendar, status
from engine.core.errors import InputError
from engine.kinds.base import LOOKAHEAD_DAYS
from engine.model.findings import Finding, Report

#: the statuses that make an event: owed, not yet due and dated, in the status table's order (due_soon, upcoming);
#: an `open` duty has no due date to put in a calendar, so the feed leaves it out (docs/board-report-and-calendar.md)
FEED_STATUSES = tuple(s.key for s in status.STATUSES if s.owed and not s.past_due and s.dated)
#: the reminders, days before the due instant
REMINDER_DAYS = (30, 7, 1)
PRODID = "-//comply//Secretary of State directions compliance//EN"
LONDON_ZONE = ZoneInfo("Europe/London")
_SEQUENCE_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def event_uid(finding_id: str) -> str:
    """The event's UID: a function of the finding id only, so stable across runs and machines."""
    return hashlib.sha256(finding_id.encode("utf-8")).hexdigest()[:32] + "@comply"


def sequence_number(generated_at: dt.datetime) -> int:
    """Whole minutes since 2000-01-01 UTC: grows with every generation (see the module docstring)."""
    return int((generated_at - _SEQUENCE_EPOCH).total_seconds() // 60)


def _due_instant(finding: Finding) -> dt.datetime:
    """The due instant in London time, as a zoneinfo datetime (icalendar names it TZID=Europe/London)."""
    return dt.datetime.fromisoformat(finding.due).astimezone(LONDON_ZONE)


def _summary(finding: Finding) -> str:
    holder = f" [{finding.duty_holder.name}: third party]" if finding.duty_holder.kind == "third_party" else ""
    return f"{finding.clause_title}: {finding.subject}{holder}"


def _description(finding: Finding, report: Report) -> str:
    x = finding.explanation
    lines = [
        f"{report.authority_name}: {finding.clause} ({finding.subject})",
        f"Status as of {report.as_of}: {status.word(finding.status)}",
        f"Duty holder: {finding.duty_holder.name}" + (f"; recipient: {finding.recipient}" if finding.recipient else ""),
        f"Due: {calendar.human(calendar.parse_instant(finding.due))}",
        "",
        f'Clause text: "{x.clause_text}"',
        f"Source: {x.source}",
        "",
        "How the due date was computed:",
        *[f"- {s}" for s in x.due_computation],
        *(["", "Readings of open points:", *[f"- {r}" for r in x.readings]] if x.readings else []),
        "",
        f"What satisfies it: {x.expected}",
        f"Finding id: {finding.id} (comply explain {finding.id})",
    ]
    return "\n".join(lines)


def _alarm(days: int, finding: Finding) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -dt.timedelta(days=days))  # relative to DTSTART: -P30D, -P7D, -P1D
    alarm.add("description", f"In {days} day{'s' if days != 1 else ''}: {_summary(finding)}")
    return alarm


def finding_event(finding: Finding, report: Report, generated_at: dt.datetime) -> icalendar.Event:
    """One VEVENT for one owed obligation, with its reminders."""
    event = icalendar.Event()
    event.add("uid", event_uid(finding.id))
    event.add("dtstamp", generated_at.astimezone(dt.UTC))
    event.add("sequence", sequence_number(generated_at))
    event.add("dtstart", _due_instant(finding))
    event.add("summary", _summary(finding))
    event.add("description", _description(finding, report))
    event.add("categories", [finding.direction, finding.status])
    event.add("transp", "TRANSPARENT")
    event.add("x-comply-finding-id", finding.id)
    for days in REMINDER_DAYS:
        event.add_component(_alarm(days, finding))
    return event


def feed_findings(report: Report) -> list[Finding]:
    """The findings of a report that become events, soonest first."""
    return sorted((f for f in report.findings if f.status in FEED_STATUSES), key=lambda f: (f.due, f.id))


def calendar_feed(reports: Iterable[Report], *, generated_at: dt.datetime | DateTime) -> bytes:
    """The feed for one or more evaluations (one per authority), as RFC 5545 bytes (UTF-8, CRLF, folded).

    `reports` are `engine.evaluation.check.check` results (usually as of now, so that the feed holds what
    is still to come); `generated_at` is a timezone-aware instant that becomes every DTSTAMP and
    the SEQUENCE. Both the `comply calendar` command and the web app's `/calendar.ics` route call
    this; serve it as `text/calendar; charset=utf-8`. Raises ValueError for a naive `generated_at`.
    """
    if generated_at.tzinfo is None or generated_at.utcoffset() is None:
        raise InputError("generated_at: expected a timezone-aware instant, got a naive datetime")
    reports = list(reports)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    names = ", ".join(dict.fromkeys(r.authority_name for r in reports)) or "no authority"
    cal.add("x-wr-calname", f"comply: obligations of {names}")
    cal.add(
        "x-wr-caldesc",
        "Obligations under Secretary of State directions not yet due, with reminders "
        f"{', '.join(str(d) for d in REMINDER_DAYS)} days before; recurring schedules are listed up to "
        f"{LOOKAHEAD_DAYS} days after the date of the evaluation, so later occurrences of a duty in force "
        "until revoked appear as that date moves on (generated by comply)",
    )
    cal.add("x-wr-timezone", "Europe/London")
    seen: set[str] = set()
    for report in reports:
        for finding in feed_findings(report):
            if finding.id in seen:
                raise InputError(f"finding {finding.id} appears in two reports: give each authority once")
            seen.add(finding.id)
            cal.add_component(finding_event(finding, report, generated_at))
    cal.add_missing_timezones()  # the VTIMEZONE for Europe/London, from the zone database
    return cal.to_ical()
