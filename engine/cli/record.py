"""Recording one fact from the command line: `comply record submission|meeting|membership|request|response|decision|adoption|approval|direction-status`.

Each option is validated by the fact's own model (engine/model/facts.py) and its references
checked against the store (engine/store/importer.py) before anything is written; an error names
the option at fault. What was stored is said back (`said_back`; `comply correct` says back its
correction the same way), so that a typo is seen rather than stored in silence: every date in words
beside the text it was read from, a meeting's items with any item or role no clause names (and the
nearest one that is), and a note for a date before the clause's direction came into force or after
now. A time that says something happened (received, decided, responded) after now cannot be right
and is refused (`date_notes`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any, Optional

import typer
from pydantic import ValidationError

from engine.cli.app import err, out, record_app, settings
from engine.cli.shared import directions_of, open_store, pick_authority, recorded_by
from engine.core import calendar, clock, dates
from engine.core.errors import InputError, did_you_mean, nearest
from engine.directions.model import Direction
from engine.model import facts as F
from engine.store.importer import REFERENCED, Row, check_references

_RECORD_WORDS = {
    "submissions": "a submission",
    "meetings": "a meeting",
    "memberships": "a membership",
    "requests": "a request",
    "responses": "a response",
    "decisions": "a decision",
    "adoptions": "an adoption",
    "approvals": "an approval",
    "direction_status": "a direction's status",
}


def _record(ctx: typer.Context, kind: str, model: type[F.Fact], authority: Optional[str], **fields: Any) -> None:
    """Validate one fact from its options (`source` defaults to saying it was recorded here), check
    its references against the store and write it (InputError naming the option: nothing written)."""
    fact = _validated(model, **{**fields, "source": fields.get("source") or "recorded with comply record"})
    s = settings(ctx)
    directions = directions_of(s)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        problems = check_references([Row(kind, fact, "")], store.stored_keys(key, REFERENCED), directions)
        if problems:
            raise InputError("; ".join(_option_named(p) for p in problems) + " (nothing was recorded)")
        notes = date_notes(fact, fields, directions, key)
        written = store.write(key, [(kind, fact)], recorded_by("comply record"))
    more = [items_words(fact, directions, key)] if isinstance(fact, F.Meeting) else []
    said = said_back(kind, fact, fields, more)
    out.print(
        f"Recorded {said}" if written.stored else f"Already stored unchanged, nothing recorded: {said}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if written.stored:
        err.print(f"recorded {_RECORD_WORDS.get(kind, kind)} in {s.store_path}")
    else:
        err.print(f"{_RECORD_WORDS.get(kind, kind)} already stored unchanged in {s.store_path}: nothing recorded")
    for note in notes:
        out.print(note, markup=False, highlight=False, soft_wrap=True)


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
        words = _OPTION_NAMES.get(name, name).replace("_", " ")
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
        if d.authority != authority or day < d.in_force.start:
            continue
        if d.in_force.until is not None and day > d.in_force.until:
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
                f"{_option(typed)}: {words} is after now ({calendar.human(now)}): {_HAPPENED[name]} recorded now "
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
_OPTION_NAMES = {"start": "from", "until": "to", "attendance.person": "present"}


def _option(field: str) -> str:
    """The command-line option of a model field: `--received-between`, `--from` (start)."""
    return "--" + _OPTION_NAMES.get(field, field).replace("_", "-")


def _option_named(problem: str) -> str:
    """A problem of check_references, 'board: no board ...', as '--board: no board ...'."""
    field, sep, rest = problem.partition(": ")
    return f"{_option(field)}{sep}{rest}" if sep and " " not in field else problem


def _validated(model: type[F.Fact], **fields: Any) -> F.Fact:
    """The fact, validated; InputError naming the command-line option of the first field at fault."""
    try:
        return model.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        msg = str(first["msg"]).removeprefix("Value error, ")
        name = _option(field) if first["loc"] else "input"
        whole, sep, rest = msg.partition(": ")
        if not first["loc"] and sep and whole in model.model_fields:  # the fact as a whole, naming a field
            name, msg = _option(whole), rest
        raise InputError(f"{name}: {msg}{value_given(first)}") from None


def value_given(error: Any) -> str:
    """For pydantic's error that a value is not one of a few ('Input should be 'held', 'scheduled' or
    'cancelled''): '; got 'schduled': did you mean 'scheduled'?'. '' for any other error."""
    if error.get("type") != "literal_error":
        return ""
    allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
    return f"; got {error['input']!r}{did_you_mean(nearest(error['input'], allowed))}"


def _between(text: str) -> list[str]:
    """EARLIEST and LATEST of `--received-between`: 'A to B', or ISO 8601's 'A/B' when neither
    side has a slash of its own (British dates do). InputError naming the option otherwise."""
    parts = text.split(" to ") if " to " in text else text.split("/") if text.count("/") == 1 else []
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise InputError(
            f"--received-between: expected 'EARLIEST to LATEST' such as '1/9/2017 to 30/9/2017' "
            f"or 2017-09-01/2017-09-30, got {text!r}"
        )
    return [p.strip() for p in parts]


SOURCE_HELP = "Where this fact comes from (a paper and section, or who recorded it)."


@record_app.command("submission")
def record_submission(
    ctx: typer.Context,
    key: str = typer.Option(..., help="A unique key, e.g. bv-q3-2017."),
    what: str = typer.Option(..., help="What was sent, in words."),
    received: Optional[str] = typer.Option(
        None, help="When it was received, London time, day first: 30/6/2017 10:15 or 2017-06-30T10:15."
    ),
    received_between: Optional[str] = typer.Option(
        None,
        help="'EARLIEST to LATEST' when the exact time is not known: '1/9/2017 to 30/9/2017' "
        "(or ISO 8601's 2017-09-01/2017-09-30).",
    ),
    clause: Optional[str] = typer.Option(None, help="The clause id it answers, e.g. bv-2017.quarterly-report."),
    occurrence: Optional[int] = typer.Option(
        None, min=1, max=F.MAX_OCCURRENCE, help="Which report it is, 1 = the first (required for recurring clauses)."
    ),
    recipient: Optional[str] = typer.Option(None),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A submission received by its recipient (a report, a review)."""
    between = _between(received_between) if received_between else None
    _record(
        ctx,
        "submissions",
        F.Submission,
        authority,
        key=key,
        what=what,
        received=received,
        received_between=between,
        clause=clause,
        occurrence=occurrence,
        recipient=recipient,
        source=source,
    )


@record_app.command("meeting")
def record_meeting(
    ctx: typer.Context,
    key: str = typer.Option(..., help="A unique key, e.g. csib-2017-07-24."),
    board: str = typer.Option(..., help="Board key, e.g. csib."),
    starts_at: str = typer.Option(..., help="Start, London time, day first: 24/7/2017 16:00 or 2017-07-24T16:00."),
    public: bool = typer.Option(False, help="Held in public."),
    status: str = typer.Option("held", help="held, scheduled or cancelled."),
    chair: Optional[str] = typer.Option(None, help="Person key of who chaired."),
    item: list[str] = typer.Option(
        [], help="An item tabled, as ITEM@ROLE (repeatable): dcs-progress-report@director-of-childrens-services."
    ),
    present: list[str] = typer.Option([], help="Person key of a member present (repeatable)."),
    items_known: bool = typer.Option(True, help="--no-items-known when the items tabled are not known."),
    time_known: bool = typer.Option(True, help="--no-time-known when only the day of the meeting is known."),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A meeting of a board, with its items and attendance."""
    items = []
    for text in item:
        if "@" not in text:
            raise InputError(f"--item: expected ITEM@ROLE, got {text!r}")
        name, role = text.split("@", 1)
        items.append({"item": name, "presented_by": role})
    _record(
        ctx,
        "meetings",
        F.Meeting,
        authority,
        key=key,
        board=board,
        starts_at=starts_at,
        public=public,
        status=status,
        chair=chair,
        items=items,
        attendance=[{"person": p} for p in present],
        items_known=items_known,
        time_known=time_known,
        source=source,
    )


@record_app.command("membership")
def record_membership(
    ctx: typer.Context,
    board: str = typer.Option(...),
    person: str = typer.Option(...),
    capacity: str = typer.Option(..., help="The role in which the person sits, e.g. intervention-adviser."),
    start: str = typer.Option(..., "--from", help="First day of membership."),
    until: Optional[str] = typer.Option(None, "--to", help="Last day of membership."),
    external: bool = typer.Option(False),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A person's membership of a board."""
    _record(
        ctx,
        "memberships",
        F.Membership,
        authority,
        board=board,
        person=person,
        capacity=capacity,
        start=start,
        until=until,
        external=external,
        source=source,
    )


@record_app.command("request")
def record_request(
    ctx: typer.Context,
    key: str = typer.Option(...),
    type: str = typer.Option(..., help="access, instruction, support, review-information..."),
    made_at: str = typer.Option(...),
    made_by: Optional[str] = typer.Option(None),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A request (for example the Intervention Adviser asking for access to documents)."""
    _record(
        ctx,
        "requests",
        F.Request,
        authority,
        key=key,
        type=type,
        made_at=made_at,
        made_by=made_by,
        source=source,
    )


@record_app.command("response")
def record_response(
    ctx: typer.Context,
    request: str = typer.Option(...),
    responded_at: str = typer.Option(...),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """The response to a recorded request."""
    _record(ctx, "responses", F.Response, authority, request=request, responded_at=responded_at, source=source)


@record_app.command("decision")
def record_decision(
    ctx: typer.Context,
    key: str = typer.Option(..., help="The record's reference as a key, e.g. imd-15-2017."),
    what: str = typer.Option(..., help="What was decided, in words."),
    decided_at: str = typer.Option(..., help="When it was taken, London time, day first: 5/1/2015 16:00."),
    reference: Optional[str] = typer.Option(None, help="As the record writes it: 'Decision Log No. 15'."),
    decided_by: Optional[str] = typer.Option(
        None, help="The capacity it was taken in, a role slug: mayor, cabinet, commissioner. Leave out if not recorded."
    ),
    decider: Optional[str] = typer.Option(None, help="The person who took it (a person key)."),
    function: Optional[str] = typer.Option(
        None, help="The function or area, as the direction files name it: grant-making. Leave out if not recorded."
    ),
    meeting: Optional[str] = typer.Option(None, help="The meeting it was taken at (a meeting key)."),
    key_decision: Optional[bool] = typer.Option(None, "--key-decision/--not-key-decision", help="A key decision?"),
    notice: Optional[str] = typer.Option(None, help="forward_plan or individual_notice."),
    notice_published: Optional[str] = typer.Option(None, help="When its notice was published."),
    procedure: Optional[str] = typer.Option(None, help="ordinary (the default), urgency or general_exception."),
    private: Optional[bool] = typer.Option(None, "--private", help="Considered in private session."),
    private_notice_published: Optional[str] = typer.Option(
        None, help="When the notice of a private session was published."
    ),
    papers_published: Optional[str] = typer.Option(None, help="When its report and papers were published."),
    agreed_by: Optional[str] = typer.Option(None, help="Whose agreement was obtained (a role slug: commissioner)."),
    agreed_at: Optional[str] = typer.Option(None, help="When that agreement was given."),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A decision: who took it, in which capacity and function, when, and with whose agreement."""
    _record(
        ctx,
        "decisions",
        F.Decision,
        authority,
        key=key,
        what=what,
        decided_at=decided_at,
        reference=reference,
        decided_by=decided_by,
        decider=decider,
        function=function,
        meeting=meeting,
        key_decision=key_decision,
        notice=notice,
        notice_published=notice_published,
        procedure=procedure,
        private=private,
        private_notice_published=private_notice_published,
        papers_published=papers_published,
        agreed_by=agreed_by,
        agreed_at=agreed_at,
        source=source,
    )


@record_app.command("adoption")
def record_adoption(
    ctx: typer.Context,
    key: str = typer.Option(..., help="A unique key, e.g. corporate-plan-2019."),
    what: str = typer.Option(..., help="What was adopted, in words: Corporate Plan 2019-22."),
    clause: str = typer.Option(
        ..., help="The clause id of the continuing duty it answers, e.g. nb-2019.corporate-plan."
    ),
    adopted_at: str = typer.Option(..., help="When it was adopted, London time, day first: 20/3/2019 19:00."),
    withdrawn_at: Optional[str] = typer.Option(
        None, help="When it was withdrawn or replaced (leave out while it is in effect; record it later with correct)."
    ),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A plan (or scheme) the council adopted, in effect until withdrawn: evidence of a continuing duty."""
    _record(
        ctx,
        "adoptions",
        F.Adoption,
        authority,
        key=key,
        what=what,
        clause=clause,
        adopted_at=adopted_at,
        withdrawn_at=withdrawn_at,
        source=source,
    )


@record_app.command("approval")
def record_approval(
    ctx: typer.Context,
    key: str = typer.Option(..., help="A unique key, e.g. improvement-plan-approved."),
    clause: str = typer.Option(..., help="The clause id of the duty to submit for approval it answers."),
    by: str = typer.Option(..., help="Whose approval, as the clause's `approver:` names it: secretary-of-state."),
    approved_at: str = typer.Option(..., help="When it was approved, London time, day first: 10/7/2019 10:00."),
    what: Optional[str] = typer.Option(None, help="What was approved, in words."),
    occurrence: Optional[int] = typer.Option(
        None, min=1, max=F.MAX_OCCURRENCE, help="Which submission (1 = the first)."
    ),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A third party's approval of what the council submitted for approval (the second step)."""
    _record(
        ctx,
        "approvals",
        F.Approval,
        authority,
        key=key,
        clause=clause,
        by=by,
        approved_at=approved_at,
        what=what,
        occurrence=occurrence,
        source=source,
    )


@record_app.command("direction-status")
def record_direction_status(
    ctx: typer.Context,
    direction: str = typer.Option(...),
    status: str = typer.Option(
        ...,
        help="revoked, or in_force (a reinstatement); a variation is a new version of the direction file (supersedes:)",
    ),
    effective: str = typer.Option(..., help="The date it takes effect."),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A direction revoked, or reinstated (in_force), from a date."""
    _record(
        ctx,
        "direction_status",
        F.DirectionStatus,
        authority,
        direction=direction,
        status=status,
        effective=effective,
        source=source,
    )
