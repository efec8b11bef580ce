"""Facts in and directions out: `comply import FILE` and `comply directions`.

The import is engine/store/importer.py (one transaction: all of the file, or nothing); the
directions are read and validated by engine/directions/model.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from engine.cli.app import app, directions_of, err, open_store, out, settings
from engine.store.importer import import_file


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A .yaml or .csv file of facts (format: docs/facts-and-import.md)."),
    authority: Optional[str] = typer.Option(None, help="For CSV files: the authority the facts are about."),
    source_of_record: bool = typer.Option(
        False,
        "--source-of-record",
        help="The file is the source of record for its facts (a committee-system sync): a fact stored with "
        "other content becomes a new version, rather than being refused.",
    ),
) -> None:
    """Load a file of facts in one transaction: all of it, or nothing. Facts already stored unchanged
    are left alone; a fact stored with other content is refused (use `comply correct`)."""
    s = settings(ctx)
    directions = directions_of(s)
    with open_store(s) as store:
        written = import_file(store, file, directions, authority, source_of_record)
    unchanged = f" ({written.unchanged} already stored unchanged)" if written.unchanged else ""
    err.print(f"imported {written.stored} facts from {file} into {s.store_path}{unchanged}")


@app.command()
def directions(ctx: typer.Context) -> None:
    """List the direction files and their clauses (validates them)."""
    for d in directions_of(settings(ctx)):
        end = d.in_force.until.isoformat() if d.in_force.until else "until revoked"
        about = f"{d.title} ({d.issuer}, {d.date.isoformat()}; in force {d.in_force.start.isoformat()} to {end})"
        out.print(f"[bold]{d.id}[/] {escape(f'[{d.kind_words()}]')} {escape(about)}", highlight=False)
        for c in d.clauses:  # the words are the file's own: never read as terminal markup
            out.print(escape(f"  {d.clause_id(c)}: {c.title} [{c.rule.kind}]"), highlight=False)
