"""The one amendment the desk makes to a stored fact: a member leaves a board (a membership's last day).

Why not a new fact: a membership is one fact with `from` and `to`; a member leaving is that fact's
`to`, and composition duties read it from there. Everything else the desk records is a new fact
through Store.write. The change is a correction (a new version of the membership, with who and why;
engine/store/history.py), and the note also says who recorded the last day and on what source.
"""

from __future__ import annotations

import datetime as dt

from engine.core import dates, ids
from engine.core.errors import InputError
from engine.model import facts as F
from engine.store.history import correct
from engine.store.sqlite import AuthorityState, Store, body_of


def membership_choice(ms: F.Membership) -> str:
    """How a membership is named in the form's choice: `<board>|<person>|<from, YYYY-MM-DD>`."""
    return f"{ms.board}|{ms.person}|{ms.start.isoformat()}"


def open_memberships(state: AuthorityState) -> list[F.Membership]:
    """The current memberships (no last day yet), in the store's order: those a member can leave."""
    return [ms for ms in state.memberships if ms.until is None]


def check_end(
    state: AuthorityState, choice: str | None, last_day: str | None
) -> tuple[dict[str, list[str]], F.Membership | None, dt.date | None]:
    """Check the membership-end form: `choice` names a current membership (`membership_choice`),
    `last_day` is a date (engine.core.dates: 28/2/2018 or 2018-02-28) not before it began. Gives the problems by form field
    (`membership`, `to`; empty when all is well), the membership (None if not found) and the last
    day (None if not a date). Raises nothing: every problem is returned."""
    errors: dict[str, list[str]] = {}
    chosen = next((ms for ms in open_memberships(state) if membership_choice(ms) == (choice or "")), None)
    if chosen is None:
        errors["membership"] = [
            "choose a current membership (one with no last day yet)"
            if not choice
            else f"no current membership {choice!r}"
        ]
    day = None
    try:
        day = dates.read_date(last_day or "")
    except ValueError as exc:
        errors["to"] = [str(exc) if (last_day or "").strip() else "required: the last day of membership"]
    if chosen is not None and day is not None and day < chosen.start:
        errors["to"] = [f"the last day {day.isoformat()} is before the membership began ({chosen.start.isoformat()})"]
    return errors, chosen, day


def end_membership(
    store: Store,
    authority: str,
    ms: F.Membership,
    last_day: dt.date,
    recorded: str,
    recorded_by: str,
    actor: str | None = None,
) -> None:
    """Set the last day of an open membership: a corrected version of the membership fact, recorded
    by `recorded_by` (the desk user), with `recorded` (words) added to its note and as the reason;
    all or nothing; the log's "correct" entry (engine/store/audit.py) is by `actor` (default
    `recorded_by`), in the same transaction. Raises InputError (and changes nothing) when the membership is no longer
    current, say another editor ended it in between."""
    fid = ids.fact_id("memberships", body_of(ms))
    versions = store.versions(authority, fid)
    if not versions or versions[-1].operation == "withdraw" or versions[-1].body.get("until") is not None:
        raise InputError(f"membership: {membership_choice(ms)} is no longer a current membership (nothing was changed)")
    note = ((ms.note + " ") if ms.note else "") + f"Last day {last_day.isoformat()}: {recorded}."
    reason = f"last day of membership {last_day.isoformat()}: {recorded}"
    correct(store, authority, fid, {"until": last_day.isoformat(), "note": note}, reason, recorded_by, actor)
