"""The one amendment the desk makes to a stored fact: a member leaves a board (a membership's last day).

Why not a new fact: a membership is one row with `from` and `to`; a member leaving is that row's
`to`, and composition duties read it from there. Everything else the desk records is a new fact
through Store.write. The change is one UPDATE in one transaction, and it keeps its provenance: the
row's note says who recorded the last day and on what source.
"""

from __future__ import annotations

import datetime as dt

from engine.core import dates
from engine.core.errors import InputError
from engine.model import facts as F
from engine.store.sqlite import AuthorityState, Store


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


def end_membership(store: Store, authority: str, ms: F.Membership, last_day: dt.date, recorded: str) -> None:
    """Set the last day of an open membership, noting who recorded it (`recorded`, words added to
    the row's note); one UPDATE in one transaction, all or nothing. Raises InputError (and changes
    nothing) when the membership is no longer current, say another editor ended it in between."""
    note = ((ms.note + " ") if ms.note else "") + f"Last day {last_day.isoformat()}: {recorded}."
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        cur = store.conn.execute(
            "UPDATE memberships SET until=?, note=? WHERE authority=? AND board=? AND person=? AND start=? AND until IS NULL",
            (last_day.isoformat(), note, authority, ms.board, ms.person, ms.start.isoformat()),
        )
        if cur.rowcount != 1:
            raise InputError(
                f"membership: {membership_choice(ms)} is no longer a current membership (nothing was changed)"
            )
        store.conn.execute("COMMIT")
    except BaseException:
        store.conn.execute("ROLLBACK")
        raise
