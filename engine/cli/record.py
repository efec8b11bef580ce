"""Recording one fact from the command line: `comply record submission|meeting|membership|request|response|decision|adoption|approval|direction-status`.

Each option is validated by the fact's own model (engine/model/facts.py) and its references
checked against the store (engine/store/importer.py) before anything is written; an error names
the option at fault. What was stored is said back (engine/outputs/said_back.py `said_back`; `comply correct` says back its
correction the same way), so that a typo is seen rather than stored in silence: every date in words
beside the text it was read from, a meeting's items with any item or role no clause names (and the
nearest one that is), and a note for a date before the clause's direction came into force or after
now. A time that says something happened (received, decided, responded) after now cannot be right
and is refused (`date_notes`).
"""

from __future__ import annotations

import re
from typing import Any, Optional

import typer
from pydantic import ValidationError

from engine.cli.app import err, out, record_app, settings
from engine.cli.shared import directions_of, open_store, pick_authority, recorded_by
from engine.core.errors import InputError, did_you_mean, nearest
from engine.model import facts as F
from engine.outputs.said_back import date_notes, items_words, option_name, said_back
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


def _option_named(problem: str) -> str:
    """A problem of check_references, 'board: no board ...', as '--board: no board ...'."""
    field, sep, rest = problem.partition(": ")
    return f"{option_name(field)}{sep}{rest}" if sep and " " not in field else problem


def _validated(model: type[F.Fact], **fields: Any) -> F.Fact:
    """The fact, validated; InputError naming the command-line option of the first field at fault."""
    try:
        return model.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        msg = str(first["msg"]).removeprefix("Value error, ")
        name = option_name(field) if first["loc"] else "input"
        whole, sep, rest = msg.partition(": ")
        if not first["loc"] and sep and whole in model.model_fields:  # the fact as a whole, naming a field
            name, msg = option_name(whole), rest
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
