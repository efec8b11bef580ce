"""`comply owner set|clear|list`: who owns each clause and board of an authority (engine/store/owners.py).

Why on the command line as well as the desk: the first owners are set where the first users are
created, and a script can set them all at once. Every target is checked against the directions and
the authority's boards before anything is stored (a typo is refused with the nearest names), and
every change is written to the log (action "owner", by the command and the OS user).
"""

from __future__ import annotations

import sys
from typing import Optional

import typer

from engine.cli.app import app, err, settings
from engine.cli.shared import AUTHORITY_HELP, directions_of, open_store, pick_authority, recorded_by
from engine.store import owners
from engine.store.sqlite import Store

owner_app = typer.Typer(
    no_args_is_help=True,
    help="Owners of clauses and boards: the desk user whose duties they are (reminded by the nightly run).",
)
app.add_typer(owner_app, name="owner")

TARGET_HELP = "clause:<direction>.<clause key> (clause:bv-2017.quarterly-report) or board:<board key> (board:bvib)."


def _targets(store: Store, directions: list, authority: str) -> dict[str, owners.Target]:
    """Every clause and board of the authority that can have an owner."""
    boards = {b.key: b.name for b in store.load(authority, kinds=["boards"]).boards}
    return owners.targets(directions, authority, boards)


@owner_app.command("set")
def owner_set(
    ctx: typer.Context,
    target: str = typer.Argument(..., help=TARGET_HELP),
    user: str = typer.Argument(..., help="The desk user's name (`comply user list`)."),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
) -> None:
    """Give a clause or a board an owner (replacing any): a clause's own owner wins over its board's."""
    s = settings(ctx)
    directions = directions_of(s)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        owners.check_target(target, _targets(store, directions, key))
        owners.set_owner(store, key, target, user, recorded_by("comply owner set"))
    err.print(f"{target} of {key} is owned by {user!r}", highlight=False)


@owner_app.command("clear")
def owner_clear(
    ctx: typer.Context,
    target: str = typer.Argument(..., help=TARGET_HELP),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
) -> None:
    """Take a clause's or a board's owner away."""
    s = settings(ctx)
    directions = directions_of(s)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        owners.check_target(target, _targets(store, directions, key))
        owners.set_owner(store, key, target, None, recorded_by("comply owner clear"))
    err.print(f"{target} of {key} has no owner now", highlight=False)


@owner_app.command("list")
def owner_list(
    ctx: typer.Context,
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
) -> None:
    """Every clause and board of the authority, tab-separated: target, its owner (or '-'), the owner who
    actually answers for it (a clause with none: its board's), and its words."""
    s = settings(ctx)
    directions = directions_of(s)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        known = _targets(store, directions, key)
        owned = owners.owners(store, key)
    for t in known.values():
        answering = owners.owner_of(owned, t.key, t.board) if t.kind == "clause" else owned.get(t.target)
        sys.stdout.write(f"{t.target}\t{owned.get(t.target, '-')}\t{answering or '-'}\t{t.words}\n")
