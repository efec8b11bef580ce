"""What a fact recorded by a person is said back as: every date in words beside the text it was read from,
a meeting's items with any item or role no clause names (and the nearest one that is), and a note for a date
before the clause's direction came into force or after now.

Why a module of its own: `comply record` and `comply correct` (engine/cli/record.py, engine/cli/history.py)
say back what they stored the same way, so that a typo is seen rather than stored in silence, and a command
module imports only engine/cli/app.py and shared.py of the CLI package; the desk's forms and `comply import`
could say the same from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from engine.core import calendar, clock, dates
from engine.core.errors import InputError, did_you_mean, nearest
from engine.directions.model import Direction
from engine.model import facts as F

__all__ = ["OPTION_NAMES", "date_notes", "items_words", "option_name", "said_back"]

#: each kind's name in the sentence that says back what was recorded
_NOUNS = {"direction_status": "direction status"}


def said_back(
    kind: str, fact: F.Fact, given: dict[str, Any], more: Sequence[str] = (), every_given: bool = False
) -> str:
    """One sentence saying what was read from the options, ending with a full stop: the kind and key (and
    what, in words), every date or time in words with the text it was read from (calendar.read_back: day
    first, and which day it is not when day and month could be swapped), then the clause, occurrence or
    board it answers. `given` is the options' values as typed (a list of two for --received-between).
    E.g. 'submission q3 (Q3 report): received 09:00 GMT on 3 January 2018 (read from "3/1/2018 9:00", day
    first: 3 January, not 1 March), answering bv-2017.quarterly-report, occurrence 3.'
    `more`: further parts, said before the clause (a meeting's items, `items_words`). `every_given` (a
    correction, whose `given` is only the fields it changed): every field of `given` that is not a date is
    said too, as 'what "Q3 report"', and one emptied as 'recipient emptied'."""
    noun = _NOUNS.get(kind, kind.removesuffix("s"))
    values = dict(fact)
    if isinstance(fact, F.Membership):
        who = f"{fact.person} on board {fact.board} as {fact.capacity}"
    elif isinstance(fact, F.Response):
        who = f"to request {fact.request}"
    elif isinstance(fact, F.DirectionStatus):
        who = f"{fact.direction} {fact.status}"
    elif isinstance(fact, F.Meeting):
        who = f"{fact.key} of board {fact.board}"
    else:
        who = str(values.get("key", ""))
    head = f"{noun} {who}" + (f" ({values['what']})" if values.get("what") else "")
    parts = []
    time_known = values.get("time_known", True)
    for name, value in values.items():
        words = OPTION_NAMES.get(name, name).replace("_", " ")
        if isinstance(value, tuple) and value and all(isinstance(v, dt.date) for v in value):
            if name not in given and given.get("received") is None:
                continue  # not given (a correction of other fields)
            if given.get(name) is None and given.get("received") is not None:  # a day alone: the whole day
                day = value[0].in_timezone(calendar.LONDON).date()
                parts.append(
                    f"received some time on {calendar.read_back(str(given['received']), day)}: "
                    "no time given, so any time that day"
                )
                continue
            earliest, latest = (calendar.read_back(str(t), v) for t, v in zip(given[name], value, strict=True))
            parts.append(f"{words} {earliest} and {latest}")
        elif isinstance(value, dt.date) and name in given:
            parts.append(f"{words} {calendar.read_back(str(given[name]), value, time_known)}")
        elif every_given and name in given and not (value is None and given[name] is not None):  # not moved
            parts.append(f"{words} emptied" if value is None else f"{words} {_plain(value)}")
    if isinstance(fact, F.Meeting):
        parts.append(fact.status)
    parts.extend(more)
    if values.get("clause"):
        parts.append(f"answering {values['clause']}")
    if values.get("occurrence") is not None:
        parts.append(f"occurrence {values['occurrence']}")
    return f"{head}: {', '.join(parts)}."


def _plain(value: Any) -> str:
    """A field's value as said back: text quoted, anything else as Python writes it."""
    return f'"{value}"' if isinstance(value, str) else str(value)


def items_words(meeting: F.Meeting, directions: list[Direction], authority: str) -> str:
    """The items a meeting tabled, said back: 'items tabled: ITEM@ROLE, ...' (or 'none'), each item key or
    role that no clause in force on the meeting's day for its board names followed by why, with the nearest
    one a clause names (errors.nearest): "dcs-progress-reprot@director-of-childrens-services (no clause names
    the item 'dcs-progress-reprot': did you mean 'dcs-progress-report'?)". Such items are recorded all the
    same (a board may table items no clause names). For a held meeting whose items are known, it adds that
    any item not listed is recorded as not tabled, and which items the clauses want that are not listed."""
    day = meeting.starts_at.in_timezone(calendar.LONDON).date()
    items: set[str] = set()
    roles: set[str] = set()
    for d in directions:
        if d.authority != authority or not d.in_force.covers(day):
            continue
        for clause in d.clauses:
            if getattr(clause.rule, "board", None) != meeting.board:
                continue
            for found, attribute in ((items, "item"), (roles, "presented_by")):
                value = getattr(clause.rule, attribute, None)
                if isinstance(value, str):
                    found.add(value)
    said = []
    for it in meeting.items:
        why = [
            f"no clause names the {what} {value!r}{did_you_mean(nearest(value, known))}"
            for what, value, known in (("item", it.item, items), ("role", it.presented_by, roles))
            if value not in known
        ]
        said.append(f"{it.item}@{it.presented_by}" + (f" ({'; '.join(why)})" if why else ""))
    words = "items tabled: " + (", ".join(said) if said else "none")
    if not meeting.items_known:
        return words + " (the items tabled are not known)"
    if meeting.status != "held":
        return words
    missing = sorted(items - {it.item for it in meeting.items})
    return words + (
        f"; not listed, so recorded as not tabled (each a breach): {', '.join(missing)}"
        if missing
        else "; any item not listed is recorded as not tabled"
    )


#: fields whose time says something happened: after now, it cannot be right and is refused
_HAPPENED = {
    "received": "a receipt",
    "received_between": "a receipt",
    "decided_at": "a decision",
    "responded_at": "a response",
}


def _dates(fact: F.Fact) -> Iterator[tuple[str, dt.date]]:
    """(field, value) for each date or time of the fact; a window by its earliest."""
    for name, value in dict(fact).items():
        if isinstance(value, tuple) and value and isinstance(value[0], dt.date):
            yield name, value[0]
        elif isinstance(value, dt.date):
            yield name, value


def _text_given(name: str, given: dict[str, Any]) -> Any:
    """The text a field was read from: a window's earliest; a day alone received for `received_between`."""
    text = given.get(name)
    if name == "received_between" and text is None:
        text = given.get("received")
    return text[0] if isinstance(text, (list, tuple)) and text else text


def date_notes(
    fact: F.Fact, given: dict[str, Any], directions: list[Direction], authority: str, only_given: bool = False
) -> list[str]:
    """Notes on the fact's dates that are unlikely to be meant, one line each, to say back after it: a date
    before the direction of the clause it answers came into force ('note: 1 January 2017 is before bv-2017
    came into force (28 March 2017)'), a date after now ('note: 1 January 2030 is after now (15:00 GMT on 1
    December 2026)'; not for a meeting recorded as scheduled, which is in the future by nature). `given` is
    the options' text (a day alone is said as the day). Raises InputError, naming the option, for a time
    after now that says something happened (received, decided, responded): a fact recorded now cannot have
    happened later. `only_given`: only the fields of `given` (a correction's)."""
    now = clock.now()
    today = now.in_timezone(calendar.LONDON).date()
    clause = getattr(fact, "clause", None)
    starts = [d for d in directions if d.authority == authority and clause and d.clause(clause) is not None]
    start = min(starts, key=lambda d: d.in_force.start) if starts else None
    notes = []
    for name, value in _dates(fact):
        text = _text_given(name, given)
        if only_given and text is None:
            continue
        alone = dates.day_alone(text) if text is not None else None
        day = value.in_timezone(calendar.LONDON).date() if isinstance(value, dt.datetime) else value
        if isinstance(value, dt.datetime) and alone is None:
            words = calendar.human(value)
            later = value > now
        else:
            words = calendar.day_words(day)
            later = day > today
        if later and name in _HAPPENED:
            typed = "received" if name == "received_between" and given.get(name) is None else name
            raise InputError(
                f"{option_name(typed)}: {words} is after now ({calendar.human(now)}): {_HAPPENED[name]} recorded now "
                "cannot have happened later (a date typed wrong?); nothing was recorded"
            )
        if later and not (isinstance(fact, F.Meeting) and fact.status == "scheduled"):
            notes.append(f"note: {words} is after now ({calendar.human(now)})")
        if start is not None and day < start.in_force.start:
            notes.append(
                f"note: {words} is before {start.id} came into force ({calendar.day_words(start.in_force.start)})"
            )
    return notes


#: model fields whose command-line option has another name
OPTION_NAMES = {"start": "from", "until": "to", "attendance.person": "present"}


def option_name(field: str) -> str:
    """The command-line option of a model field: `--received-between`, `--from` (start)."""
    return "--" + OPTION_NAMES.get(field, field).replace("_", "-")
