"""The calendar feed: upcoming obligations as an RFC 5545 iCalendar file (`comply calendar`, `/calendar.ics`).

Why: the Monitoring Officer lives in a calendar client, not a terminal. One event per obligation
that is still owed and not yet due, with reminders 30, 7 and 1 working days before, lets Outlook,
Thunderbird or a phone warn the people who have to act.

Why the `icalendar` library: it does the parts of RFC 5545 that are easy to get subtly wrong by
hand (escaping of commas and semicolons, folding long lines at 75 octets with CRLF) and parses the
feed back in the tests.

Decisions (docs/board-report-and-calendar.md says the same for users):
- which findings: `due_soon` and `upcoming` only: obligations not yet satisfied, not yet due and
  not lapsed (the statuses the one table, engine/core/status.py, marks owed and not past due;
  the words of a status are the table's too). A past-due obligation (`breached`, `unknown`) is a
  matter for the Board report, not for a reminder (all its reminders would be in the past);
  `met`, `met_late` and `lapsed` are not owed.
- the time zone: one VTIMEZONE for Europe/London written as Outlook and Google write it, two
  yearly rules (BST from 01:00 GMT on the last Sunday of March, GMT from 02:00 BST on the last
  Sunday of October: the rules in force since 1996), not a list of RDATEs: a client that reads only
  RRULEs (Outlook does) gets the right offset for every year. The feed only holds future events.
- whole-day deadlines: a due instant at the last second of a London day ("by 31 December 2017") or
  at its first (a meeting whose time is not recorded, a duty attached to that day) is an all-day
  event on that day (DTSTART;VALUE=DATE), not a zero-length event at 23:59:59 whose reminders fire
  at midnight. Any other due instant is a timed event at that London time.
- reminders: at 09:00 London time on the days 30, 7 and 1 working days before the due day
  (engine.core.calendar.reminder_day: weekends and England and Wales bank holidays skipped, the
  same count as the owners' reminder emails, engine/operations/reminders.py). Each TRIGGER is
  relative to DTSTART, as Outlook and Google write them, computed on the London wall clock: whole
  days back, then the hours from 09:00 to the start (so "-P2DT15H" for an all-day event on a Monday
  reminded on the Friday); clients count the days on the wall clock, so a reminder stays at 09:00
  across a change of the clocks.
- UID: derived only from the finding id (`<sha256(id)[:32]>@comply`), and the finding id is the
  same for the same obligation in every run (docs/statuses-and-json.md, "The JSON form"), so re-importing or
  refreshing a subscription updates the event instead of duplicating it.
- SEQUENCE: whole minutes from 2000-01-01 UTC to `generated_at`, so a later feed always supersedes
  an earlier copy of the same UID (a client that compares SEQUENCE takes a changed due date or a
  cancellation), at the cost of every event looking revised on each refresh.
- what left the feed: a calendar that imported a file keeps an event that is simply missing from the
  next file, with its alarms. So `build_feed` takes what the previous feed published (a state file
  beside the output, `<out>.state.json`, kept by `comply calendar`: one call has no other memory,
  and the nightly run history records findings, not what a given file published) and sends each
  obligation that left because it is no longer owed (met, lapsed, withdrawn, or its clause gone) once
  more as STATUS:CANCELLED with the same UID and a higher SEQUENCE, in every feed for CANCELLED_DAYS
  days after it left (a calendar imported within that time drops it). One that left because its
  due time passed unmet (now `breached` or `unknown`) is not cancelled: the deadline did happen.
- descriptions in words: the clause title, who must act (the role's or body's name), the due date
  as GOV.UK writes it, how it was computed, the clause's words and source, and a link to the desk's
  page for the finding when a desk address is configured (engine/outputs/desk_links.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from icalendar.prop import vInline
from pendulum import DateTime

from engine.core import calendar, status
from engine.core.errors import FileError, InputError
from engine.core.files import read_text
from engine.kinds.base import LOOKAHEAD_DAYS
from engine.model.findings import Finding, Report
from engine.outputs.desk_links import finding_url

__all__ = [
    "CANCELLED_DAYS",
    "FEED_STATUSES",
    "REMINDER_DAYS",
    "REMINDER_TIME",
    "Published",
    "build_feed",
    "calendar_feed",
    "event_uid",
    "feed_findings",
    "london_vtimezone",
    "read_feed_state",
    "feed_state_bytes",
    "sequence_number",
    "state_path",
]

#: the statuses that make an event: owed, not yet due and dated, in the status table's order (due_soon, upcoming);
#: an `open` duty has no due date to put in a calendar, so the feed leaves it out (docs/board-report-and-calendar.md)
FEED_STATUSES = tuple(s.key for s in status.STATUSES if s.owed and not s.past_due and s.dated)
#: the reminders, working days before the due day (the owners' reminder emails use the same)
REMINDER_DAYS = calendar.REMINDER_WORKING_DAYS
#: the London wall-clock time of day at which a reminder fires
REMINDER_TIME = dt.time(9, 0)
#: how long, in days after an obligation left the feed, it is still sent as STATUS:CANCELLED
CANCELLED_DAYS = 90
PRODID = "-//comply//Secretary of State directions compliance//EN"
LONDON_ZONE = ZoneInfo("Europe/London")
_SEQUENCE_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: the version of the state file's layout
STATE_FORMAT = 1


def event_uid(finding_id: str) -> str:
    """The event's UID: a function of the finding id only, so stable across runs and machines."""
    return hashlib.sha256(finding_id.encode("utf-8")).hexdigest()[:32] + "@comply"


def sequence_number(generated_at: dt.datetime) -> int:
    """Whole minutes since 2000-01-01 UTC: grows with every generation (see the module docstring)."""
    return int((generated_at - _SEQUENCE_EPOCH).total_seconds() // 60)


def london_vtimezone() -> icalendar.Timezone:
    """The VTIMEZONE for Europe/London as two yearly rules (RRULE), the way Outlook and Google write it.

    Since 1996 the United Kingdom changes its clocks on the EU's days: BST (+01:00) from 01:00 GMT on the
    last Sunday of March, GMT (+00:00) from 02:00 BST on the last Sunday of October (The Summer Time Order
    2002; the zone database agrees for every year since 1996, tested). DTSTART is the first change under
    these rules, in the local time in force before it, as RFC 5545 (3.6.5) requires."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/London")
    tz.add("x-lic-location", "Europe/London")
    for component, name, start, rule, before, after in (
        (icalendar.TimezoneDaylight(), "BST", dt.datetime(1996, 3, 31, 1), "BYMONTH=3;BYDAY=-1SU", 0, 1),
        (icalendar.TimezoneStandard(), "GMT", dt.datetime(1996, 10, 27, 2), "BYMONTH=10;BYDAY=-1SU", 1, 0),
    ):
        component.add("tzname", name)
        component.add("tzoffsetfrom", dt.timedelta(hours=before))
        component.add("tzoffsetto", dt.timedelta(hours=after))
        component.add("dtstart", start)
        # written as a string so that the parts keep Outlook's and Google's order (FREQ, BYMONTH, BYDAY)
        component["RRULE"] = vInline(f"FREQ=YEARLY;{rule}")
        tz.add_component(component)
    return tz


def _due_local(finding: Finding) -> dt.datetime:
    """The due instant in London time, as a zoneinfo datetime (icalendar names it TZID=Europe/London)."""
    return dt.datetime.fromisoformat(finding.due).astimezone(LONDON_ZONE)


def _whole_day(local: dt.datetime) -> bool:
    """Whether a London due instant stands for its whole day: the day's last second ('by <date>') or its first
    (a meeting whose time is not recorded; a duty due at the start of that day)."""
    return (local.hour, local.minute, local.second) in ((23, 59, 59), (0, 0, 0))


def _start(finding: Finding) -> dt.date | dt.datetime:
    """DTSTART: the London day of a whole-day deadline (a date), else the due instant in London time."""
    local = _due_local(finding)
    return local.date() if _whole_day(local) else local


_OCCURRENCE = re.compile(r"\boccurrence (\d+)\b")
_SETTING = re.compile(r" \((?:[a-z_]+): [a-z0-9_]+\)")  # "(count_from: previous_due)": a direction file's setting
_ISO = re.compile(r" \(\d{4}-\d\d-\d\dT[0-9:+\-]+\)")  # "(2017-12-30T10:00:00+00:00)"


def _words(text: str) -> str:
    """A line of an explanation for a reader of a calendar: occurrences as ordinals ('the 3rd'), without the
    direction file's setting names or ISO timestamps that the explanation gives for `comply explain`."""
    text = _ISO.sub("", _SETTING.sub("", text))
    return _OCCURRENCE.sub(lambda m: f"the {calendar.ordinal(int(m.group(1)))}", text)


def _subject(finding: Finding) -> str:
    """The finding's subject in words: 'the 3rd' for an occurrence, nothing for a one-off deadline, else as
    the finding gives it ('meeting of 18 December 2017', 'quarter Oct-Dec 2017')."""
    if finding.subject == "the deadline":
        return ""
    return _words(finding.subject)


def _summary(finding: Finding) -> str:
    subject = _subject(finding)
    holder = f" [{finding.duty_holder.name}: third party]" if finding.duty_holder.kind == "third_party" else ""
    return f"{finding.clause_title}" + (f" ({subject})" if subject else "") + holder


def _as_of_day(report: Report) -> dt.date:
    """The London day of the report's as-of instant."""
    return calendar.parse_instant(report.as_of).in_timezone(calendar.LONDON).date()


def _description(finding: Finding, report: Report, link: str | None) -> str:
    x = finding.explanation
    lines = [
        f"{finding.clause_title}" + (f" ({_subject(finding)})" if _subject(finding) else ""),
        f"{report.authority_name}",
        f"Who must act: {finding.duty_holder.name}"
        + (" (a third party)" if finding.duty_holder.kind == "third_party" else ""),
        *([f"To: {finding.recipient}"] if finding.recipient else []),
        f"Due: {finding.due_words()}",
        f"Status on {calendar.day_words(_as_of_day(report))}: {status.word(finding.status)}",
        "",
        "How the due date was worked out:",
        *[f"- {_words(s)}" for s in x.due_computation],
        "",
        f'What the clause says: "{x.clause_text}"',
        f"Source: {x.source}",
        *(["", f"On the desk: {link}"] if link else []),
    ]
    return "\n".join(lines)


def _trigger(start: dt.date | dt.datetime, day: dt.date) -> dt.timedelta:
    """The TRIGGER (relative to DTSTART, negative) of a reminder at 09:00 London time on `day`: counted on the
    wall clock, whole days back and then the hours to the start, as a client counts it back."""
    wall_start = dt.datetime.combine(start, dt.time()) if not isinstance(start, dt.datetime) else start
    return dt.datetime.combine(day, REMINDER_TIME) - wall_start.replace(tzinfo=None)


def _alarm(days: int, start: dt.date | dt.datetime, finding: Finding) -> icalendar.Alarm:
    due_day = start.date() if isinstance(start, dt.datetime) else start
    on = calendar.reminder_day(due_day, days)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", _trigger(start, on))  # e.g. -P2DT15H: 09:00 on the Friday before an all-day Monday
    alarm.add(
        "description",
        f"Due in {days} working day{'s' if days != 1 else ''} ({finding.due_words()}): {_summary(finding)}",
    )
    return alarm


def _add_start(event: icalendar.Event, start: dt.date | dt.datetime) -> None:
    """DTSTART (and, for an all-day event, DTEND the next day: one whole day, as Outlook writes it)."""
    event.add("dtstart", start)
    if not isinstance(start, dt.datetime):
        event.add("dtend", start + dt.timedelta(days=1))


def finding_event(
    finding: Finding, report: Report, generated_at: dt.datetime, desk_url: str | None = None
) -> icalendar.Event:
    """One VEVENT for one owed obligation, with its reminders; its description links to the desk's page for
    the finding when `desk_url` (the desk's address) is given."""
    start = _start(finding)
    event = icalendar.Event()
    event.add("uid", event_uid(finding.id))
    event.add("dtstamp", generated_at.astimezone(dt.UTC))
    event.add("sequence", sequence_number(generated_at))
    _add_start(event, start)
    event.add("summary", _summary(finding))
    link = finding_url(desk_url, finding.id, _as_of_day(report))
    event.add("description", _description(finding, report, link))
    if link:
        event.add("url", link)
    event.add("categories", [finding.direction, finding.status])
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("x-comply-finding-id", finding.id)
    for days in REMINDER_DAYS:
        event.add_component(_alarm(days, start, finding))
    return event


def feed_findings(report: Report) -> list[Finding]:
    """The findings of a report that become events, soonest first."""
    return sorted((f for f in report.findings if f.status in FEED_STATUSES), key=lambda f: (f.due, f.id))


# -- what earlier feeds published: the state file ---------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """One event as a feed last published it: its finding, summary and start (an ISO date for an all-day event,
    else an ISO instant with its offset), and when it left the feed (an ISO UTC instant; None while in it)."""

    finding_id: str
    summary: str
    start: str
    left: str | None = None

    def start_value(self) -> dt.date | dt.datetime:
        """DTSTART as published: a date, or a London datetime."""
        if "T" in self.start:
            return dt.datetime.fromisoformat(self.start).astimezone(LONDON_ZONE)
        return dt.date.fromisoformat(self.start)


def state_path(out_file: Path) -> Path:
    """The state file kept beside a feed: `obligations.ics` -> `obligations.ics.state.json`."""
    return out_file.with_name(out_file.name + ".state.json")


def read_feed_state(path: Path) -> dict[str, Published]:
    """What the feed written beside `path` last published, by UID; {} when there is no such file (a first run).

    Raises FileError naming the file when it is not a state file this version wrote (nothing is written then)."""
    if not path.exists():
        return {}
    text = read_text(path)
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise ValueError(f"expected format {STATE_FORMAT}")
        events = data["events"]
        return {str(uid): Published(**fields) for uid, fields in events.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FileError(
            path,
            "",
            f"not a calendar state file written by comply ({exc}); move it away to start afresh "
            "(the next feed then cancels nothing)",
        ) from None


def feed_state_bytes(state: dict[str, Published]) -> bytes:
    """The state file's bytes (JSON, UIDs sorted), to write with engine.core.files.write_atomically."""
    body = {
        "format": STATE_FORMAT,
        "about": "what the calendar feed beside this file last published, so that the next feed can cancel "
        "what left it (docs/board-report-and-calendar.md)",
        "events": {uid: asdict(p) for uid, p in sorted(state.items())},
    }
    return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _cancelled_event(uid: str, published: Published, why: str, generated_at: dt.datetime) -> icalendar.Event:
    """The VEVENT that withdraws an event a calendar imported: same UID, higher SEQUENCE, STATUS:CANCELLED,
    no reminders."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", generated_at.astimezone(dt.UTC))
    event.add("sequence", sequence_number(generated_at))
    _add_start(event, published.start_value())
    event.add("summary", published.summary)
    event.add("description", f"Cancelled: {why}.")
    event.add("status", "CANCELLED")
    event.add("transp", "TRANSPARENT")
    event.add("x-comply-finding-id", published.finding_id)
    return event


def _left_why(finding: Finding | None) -> str | None:
    """Why an obligation left the feed in words, or None when it is not to be cancelled (it fell due unmet)."""
    if finding is None:
        return "no longer an obligation (its clause, direction or facts were withdrawn or changed)"
    info = status.info(finding.status)
    if info.owed and info.past_due:
        return None  # the deadline passed: the calendar keeps it
    if not info.owed:
        return f"no longer owed ({info.long})"
    return "no longer in the feed"


def build_feed(
    reports: Iterable[Report],
    *,
    generated_at: dt.datetime | DateTime,
    desk_url: str | None = None,
    previous: dict[str, Published] | None = None,
) -> tuple[bytes, dict[str, Published]]:
    """The feed for one or more evaluations (one per authority), as RFC 5545 bytes (UTF-8, CRLF, folded), and
    the state to keep for the next feed.

    `reports` are `engine.evaluation.check.check` results (usually as of now, so that the feed holds what
    is still to come); `generated_at` is a timezone-aware instant that becomes every DTSTAMP and
    the SEQUENCE; `desk_url` the desk's address for links (None: no links); `previous` what the last feed
    published (read_feed_state): each event of it that is no longer owed is sent as STATUS:CANCELLED until
    CANCELLED_DAYS days after it left. Raises InputError for a naive `generated_at` or a finding in two reports.
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
        "Obligations under Secretary of State directions not yet due, with reminders at 9am "
        f"{', '.join(str(d) for d in REMINDER_DAYS)} working days before; recurring schedules are listed up to "
        f"{LOOKAHEAD_DAYS} days after the date of the evaluation, so later occurrences of a duty in force "
        "until revoked appear as that date moves on; an obligation no longer owed is sent as cancelled for "
        f"{CANCELLED_DAYS} days (generated by comply)",
    )
    cal.add("x-wr-timezone", "Europe/London")
    cal.add_component(london_vtimezone())
    seen: set[str] = set()
    state: dict[str, Published] = {}
    for report in reports:
        for finding in feed_findings(report):
            if finding.id in seen:
                raise InputError(f"finding {finding.id} appears in two reports: give each authority once")
            seen.add(finding.id)
            event = finding_event(finding, report, generated_at, desk_url)
            cal.add_component(event)
            start = _start(finding)
            state[event_uid(finding.id)] = Published(finding.id, _summary(finding), start.isoformat())
    now = {f.id: f for r in reports for f in r.findings}
    for uid, published in sorted((previous or {}).items(), key=lambda item: (item[1].start, item[0])):
        if uid in state:
            continue
        left = dt.datetime.fromisoformat(published.left) if published.left else generated_at.astimezone(dt.UTC)
        why = _left_why(now.get(published.finding_id))
        if why is None or generated_at - left > dt.timedelta(days=CANCELLED_DAYS):
            continue  # fell due unmet (the calendar keeps it), or cancelled long enough
        cal.add_component(_cancelled_event(uid, published, why, generated_at))
        state[uid] = Published(published.finding_id, published.summary, published.start, left.isoformat())
    return cal.to_ical(), state


def calendar_feed(
    reports: Iterable[Report], *, generated_at: dt.datetime | DateTime, desk_url: str | None = None
) -> bytes:
    """The feed with no memory of an earlier one (nothing cancelled): build_feed's bytes. The web app's
    `/calendar.ics` serves this as `text/calendar; charset=utf-8`: a subscribed client replaces its copy of a
    subscription on each refresh, so what left the feed leaves the calendar without a cancellation."""
    return build_feed(reports, generated_at=generated_at, desk_url=desk_url)[0]
