"""Reading a plan's "deadline as written" (`Apr-17`, `Mar-Apr 17`, `On-going`, `(a) 01/09/2017`).

Why a reading and not just a date: a plan's deadlines are written by people for people, and the
status a milestone gets depends on how its deadline is read. Each reading says in words what
was read and why, so that a contradiction's explanation can show it; a deadline that cannot be
read is kept, flagged `unreadable`, and its milestone's status is "not derivable" (it is never
dropped or guessed).

Readings (all in Europe/London, through engine/core/calendar.py; "by a day" is the end of that day):
- month `Apr-17`, `July 2017`: by the end of that month (30 April 2017 23:59:59);
- month_range `Mar-Apr 17`, `Apr 17- Mar 18`: by the end of the later month;
- date `01/09/2017` (day/month/year, as English councils write): by the end of that day;
- list_of_dates `Apr 17 & Oct 17`: every part is due; the milestone by the end of the last;
- labelled parts `(a) 01/09/2017`, `Mar-Apr 17 (a) August (b) By October`: a deadline before
  the labels is the original deadline and the one used (the council's definitions measure delay
  "from the date of the original deadline"); with no deadline before the labels, the parts are
  the deadline (one part: its date; several: the last);
- ongoing `On-going`, recurring `Quarterly`, from_onwards `July 17 onwards`: no deadline by
  which the milestone must be finished, so no due instant;
- anything else: unreadable.

The grace the council's "Delayed" gives ("within a month of the original deadline") ends one
calendar month after the due instant; for a month deadline, at the end of the following month.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Literal

from pendulum import DateTime
from pydantic import BaseModel, ConfigDict

from engine.core import calendar, dates

Kind = Literal["month", "month_range", "date", "list_of_dates", "ongoing", "recurring", "from_onwards", "unreadable"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MON = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_YEAR = r"(?:\d{4}|\d{2})"
_RECURRING = ("weekly", "fortnightly", "monthly", "quarterly", "six-monthly", "half-yearly", "annually", "yearly")


class DeadlineReading(BaseModel):
    """One explicit reading of a deadline as written. `due` is None when there is none to read."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    as_written: str
    kind: Kind
    due: dt.datetime | None = None  # the instant by which the milestone is to be achieved
    grace_until: dt.datetime | None = None  # end of "within a month of the original deadline"
    starts: dt.datetime | None = None  # for from_onwards
    words: str
    #: a year outside engine.core.dates' range (1900-2200) that made the deadline unreadable (`Dec-9999`)
    year_out_of_range: int | None = None

    @property
    def dated(self) -> bool:
        return self.due is not None


class _YearOutOfRange(ValueError):
    def __init__(self, year: int):
        super().__init__(f"year {year} is outside {dates.EARLIEST_YEAR}-{dates.LATEST_YEAR}")
        self.year = year


def _year(text: str) -> int:
    """A year as written (two digits are 20xx); raises _YearOutOfRange outside engine.core.dates' years, so that
    no deadline can overflow a date (`Dec-9999` plus a month's grace, `Jan-0000`)."""
    year = int(text)
    year = 2000 + year if len(text) == 2 else year
    if not dates.EARLIEST_YEAR <= year <= dates.LATEST_YEAR:
        raise _YearOutOfRange(year)
    return year


def _month(text: str) -> int:
    return _MONTHS[text.lower()]


def _month_words(year: int, month: int) -> str:
    return dt.date(year, month, 1).strftime("%B %Y")


def _by_day(day: dt.date, month_deadline: bool) -> tuple[DateTime, DateTime, str]:
    """Due at the end of `day`; grace to one calendar month later (month's end for a month)."""
    due = calendar.end_of_day_instant(day)
    grace_day = calendar.add_period(day, calendar.Period(months=1))
    if month_deadline:
        grace_day = calendar.month_end(grace_day)
    grace = calendar.end_of_day_instant(grace_day)
    return due, grace, f"due {calendar.human(due)}; a month's grace (Delayed) runs to {calendar.human(grace)}"


def _by_month(year: int, month: int) -> tuple[DateTime, DateTime, str]:
    return _by_day(calendar.month_end(dt.date(year, month, 1)), month_deadline=True)


def _simple(text: str) -> DeadlineReading | None:
    """A deadline without labelled parts, or None when it is not one of the known forms."""
    t = " ".join(text.split())
    low = t.lower()
    if re.fullmatch(r"on-?\s?going", low):
        return DeadlineReading(
            as_written=text,
            kind="ongoing",
            words=f"'{text}' read as ongoing work with no deadline by which it is to be finished",
        )
    if low in _RECURRING:
        return DeadlineReading(
            as_written=text,
            kind="recurring",
            words=f"'{text}' read as recurring ({low}) with no deadline by which it is to be finished",
        )
    if m := re.fullmatch(rf"(?:from\s+)?({_MON})[-\s]?({_YEAR})\s+onwards", low):
        year, month = _year(m.group(2)), _month(m.group(1))
        starts = calendar.start_of_day_instant(dt.date(year, month, 1))
        return DeadlineReading(
            as_written=text,
            kind="from_onwards",
            starts=starts,
            words=f"'{text}' read as starting in {_month_words(year, month)} with no deadline "
            "by which it is to be finished",
        )
    if m := re.fullmatch(rf"({_MON})[-\s]?({_YEAR})", low):
        year, month = _year(m.group(2)), _month(m.group(1))
        due, grace, how = _by_month(year, month)
        return DeadlineReading(
            as_written=text,
            kind="month",
            due=due,
            grace_until=grace,
            words=f"'{text}' read as by the end of {_month_words(year, month)}: {how}",
        )
    if m := re.fullmatch(rf"({_MON})\s*-\s*({_MON})[-\s]?({_YEAR})", low):
        year, first, last = _year(m.group(3)), _month(m.group(1)), _month(m.group(2))
        if last < first:
            return None
        due, grace, how = _by_month(year, last)
        return DeadlineReading(
            as_written=text,
            kind="month_range",
            due=due,
            grace_until=grace,
            words=f"'{text}' read as by the end of {_month_words(year, last)}, the later month "
            f"of the range from {_month_words(year, first)}: {how}",
        )
    if m := re.fullmatch(rf"({_MON})[-\s]?({_YEAR})\s*-\s*({_MON})[-\s]?({_YEAR})", low):
        start = (_year(m.group(2)), _month(m.group(1)))
        end = (_year(m.group(4)), _month(m.group(3)))
        if end < start:
            return None
        due, grace, how = _by_month(*end)
        return DeadlineReading(
            as_written=text,
            kind="month_range",
            due=due,
            grace_until=grace,
            words=f"'{text}' read as by the end of {_month_words(*end)}, the later month of the "
            f"range from {_month_words(*start)}: {how}",
        )
    if re.fullmatch(rf"{_MON}[-\s]?{_YEAR}(?:\s*(?:&|and|,)\s*{_MON}[-\s]?{_YEAR})+", low):
        months = [(_year(y), _month(mo)) for mo, y in re.findall(rf"({_MON})[-\s]?({_YEAR})", low)]
        last = max(months)
        due, grace, how = _by_month(*last)
        listed = ", ".join(_month_words(*x) for x in months)
        return DeadlineReading(
            as_written=text,
            kind="list_of_dates",
            due=due,
            grace_until=grace,
            words=f"'{text}' read as several deadlines ({listed}), all of which are due: the "
            f"milestone by the end of the last, {_month_words(*last)}: {how}",
        )
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", low):
        year = _year(m.group(3))
        try:
            day = dt.date(year, int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
        due, grace, how = _by_day(day, month_deadline=False)
        return DeadlineReading(
            as_written=text,
            kind="date",
            due=due,
            grace_until=grace,
            words=f"'{text}' read as day/month/year, by the end of {calendar.day_words(day)}: {how}",
        )
    return None


def _part_month(text: str, default_year: int | None) -> tuple[int, int] | dt.date | None:
    """A labelled part: a date, a month with a year, or a month alone (year from the context)."""
    low = re.sub(r"^by\s+", "", " ".join(text.lower().split()))
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", low):
        year = _year(m.group(3))
        try:
            return dt.date(year, int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    if m := re.fullmatch(rf"({_MON})[-\s]?({_YEAR})", low):
        return (_year(m.group(2)), _month(m.group(1)))
    if default_year is not None and re.fullmatch(_MON, low):
        return (default_year, _month(low))
    return None


def _part_words(part: tuple[int, int] | dt.date) -> str:
    return calendar.day_words(part) if isinstance(part, dt.date) else f"the end of {_month_words(*part)}"


def _part_end(part: tuple[int, int] | dt.date) -> dt.date:
    return part if isinstance(part, dt.date) else calendar.month_end(dt.date(part[0], part[1], 1))


def _with_parts(text: str) -> DeadlineReading | None:
    """`(a) 01/09/2017` or `Mar-Apr 17 (a) August (b) By October`."""
    pieces = re.split(r"\(([a-z])\)", " ".join(text.split()), flags=re.IGNORECASE)
    head, labelled = pieces[0].strip(), list(zip(pieces[1::2], (p.strip() for p in pieces[2::2])))
    if not labelled:
        return None
    original = _simple(head) if head else None
    if head and (original is None or original.due is None):
        return None
    default_year = original.due.year if original is not None and original.due is not None else None
    parts: list[tuple[str, tuple[int, int] | dt.date]] = []
    for label, body in labelled:
        part = _part_month(body, default_year)
        if part is None:
            return None
        parts.append((label.lower(), part))
        default_year = part.year if isinstance(part, dt.date) else part[0]
    listed = "; ".join(f"part ({label}) by {_part_words(p)}" for label, p in parts)
    if original is not None:
        return original.model_copy(
            update={
                "as_written": text,
                "words": f"'{text}' read as the original deadline '{head}' ({original.words.split(': ', 1)[1]}); "
                f"the later dates of the parts ({listed}) are read as revisions, and the council's "
                "definitions measure delay from the original deadline",
            }
        )
    last_label, last = max(parts, key=lambda lp: _part_end(lp[1]))
    end = _part_end(last)
    due, grace, how = _by_day(end, month_deadline=not isinstance(last, dt.date))
    if len(parts) == 1:
        return DeadlineReading(
            as_written=text,
            kind="date" if isinstance(last, dt.date) else "month",
            due=due,
            grace_until=grace,
            words=f"'{text}' read as {listed}; only part ({last_label}) is dated, so its date is "
            f"the milestone's deadline: {how}",
        )
    return DeadlineReading(
        as_written=text,
        kind="list_of_dates",
        due=due,
        grace_until=grace,
        words=f"'{text}' read as {listed}; the milestone by the last, part ({last_label}): {how}",
    )


@functools.lru_cache(maxsize=4096)
def read_deadline(text: str | None) -> DeadlineReading:
    """The explicit reading of a deadline as written. Never raises: what cannot be read is flagged.

    Kept per text (a reading is frozen and depends on the text alone): a plan's rows read their deadlines
    once for the rules and again for the position, and `comply check` prints the plan's summary line."""
    written = "" if text is None else str(text).strip()
    if not written:
        return DeadlineReading(as_written=written, kind="unreadable", words="no deadline written: cannot be read")
    try:
        reading = _simple(written) or _with_parts(written)
    except _YearOutOfRange as exc:
        return DeadlineReading(
            as_written=written,
            kind="unreadable",
            words=f"'{written}': {exc} (a typing mistake?): kept as written, status not derivable",
            year_out_of_range=exc.year,
        )
    if reading is None:
        return DeadlineReading(
            as_written=written,
            kind="unreadable",
            words=f"'{written}' is not a deadline form this reader knows (a month such as Apr-17, "
            "a range Mar-Apr 17, a date 01/09/2017, On-going, Quarterly, 'July 17 onwards', "
            "or labelled parts (a) ... (b) ...): kept as written, status not derivable",
        )
    return reading
