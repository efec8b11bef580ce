"""`comply moderngov sync`: the council's committee system read into the store (docs/moderngov.md).

CLI wiring only; the sync is engine/sync/moderngov.py (reading, mapping, recording), its settings
engine/sync/config.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from engine.cli.app import app, out, settings
from engine.cli.shared import open_store
from engine.core import dates
from engine.core.errors import InputError
from engine.sync.config import load_sync_config
from engine.sync.moderngov import summary, sync_with

moderngov_app = typer.Typer(
    no_args_is_help=True, help="The council's ModernGov committee system (docs/moderngov.md in the source repository)."
)
app.add_typer(moderngov_app, name="moderngov")


def _day(value: str | None, option: str):
    if value is None:
        return None
    try:
        return dates.read_date(value)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


@moderngov_app.command("sync")
def sync_command(
    ctx: typer.Context,
    site: Optional[str] = typer.Option(
        None,
        "--site",
        help="The ModernGov site, e.g. https://democracy.towerhamlets.gov.uk (else the configuration's or the mapping's).",
    ),
    mapping: Optional[Path] = typer.Option(
        None, "--mapping", help="The mapping file (YAML; its format: docs/moderngov.md in the source repository)."
    ),
    from_: Optional[str] = typer.Option(None, "--from", help="The first day of meetings read (default: a year ago)."),
    to: Optional[str] = typer.Option(None, "--to", help="The last day of meetings read (default: 90 days ahead)."),
    committee: Optional[list[int]] = typer.Option(
        None, "--committee", help="Only this mapped committee id (repeatable)."
    ),
    config: Optional[Path] = typer.Option(
        None, "--config", help="TOML file with a \\[moderngov] table (docs/moderngov.md in the source repository)."
    ),
) -> None:
    """Read the mapped committees' meetings, agenda items, attendance and councillors from the site and record
    them as facts, all or nothing: a changed meeting becomes a new version; unchanged answers store nothing.
    Exit 2 with one line naming the site and the call when the site fails; nothing is stored then."""
    s = settings(ctx)
    cfg = load_sync_config(config)
    start, end = _day(from_, "--from"), _day(to, "--to")
    with open_store(s) as store:
        result = sync_with(store, cfg, site, mapping, start, end, committee or None)
    for line in summary(result):
        out.print(escape(line), highlight=False, soft_wrap=True)
