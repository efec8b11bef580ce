"""Facts in and directions out: `comply import FILE` and `comply directions` (with `--coverage`: every
paragraph of each direction's text and what became of it, issue 15 item 10).

The import is engine/store/importer.py (one transaction: all of the file, or nothing); the
directions are read and validated by engine/directions/model.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from engine.cli.app import app, check_format, err, out, progress, settings
from engine.cli.shared import directions_of, open_store
from engine.core import calendar
from engine.directions.model import Direction, Paragraph
from engine.store.importer import import_file


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., help="A .yaml or .csv file of facts (format: docs/facts-and-import.md in the source repository)."
    ),
    authority: Optional[str] = typer.Option(None, help="For CSV files: the authority the facts are about."),
    source_of_record: bool = typer.Option(
        False,
        "--source-of-record",
        help="The file is the source of record for its facts (a committee-system sync): a fact stored with "
        "other content becomes a new version, rather than being refused.",
    ),
    encoding: Optional[str] = typer.Option(
        None,
        "--encoding",
        help='For CSV files not saved as UTF-8: cp1252 for what Excel on Windows saves as "CSV".',
    ),
) -> None:
    """Load a file of facts in one transaction: all of it, or nothing. Facts already stored unchanged
    are left alone; a fact stored with other content is refused (use `comply correct`)."""
    s = settings(ctx)
    directions = directions_of(s)
    notes: list[str] = []
    with open_store(s) as store, progress(f"Importing {file.name}"):
        written = import_file(store, file, directions, authority, source_of_record, encoding, notes)
    unchanged = f" ({written.unchanged} already stored unchanged)" if written.unchanged else ""
    err.print(f"imported {written.stored} facts from {file} into {s.store_path}{unchanged}")
    for note in notes:
        sys.stderr.write(f"note: {note}\n")


@app.command()
def directions(
    ctx: typer.Context,
    coverage: bool = typer.Option(
        False,
        "--coverage",
        help="Per direction, each paragraph of its text and what became of it: the clauses encoding it, or "
        "'not encoded' and why (directions/README.md, Paragraphs).",
    ),
    format: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """List the direction files and their clauses (validates them); with --coverage, every paragraph of
    each direction's text and what became of it."""
    check_format(format, ("table", "json"))
    found = directions_of(settings(ctx))
    if format == "json":
        data = [coverage_data(d) if coverage else listing_data(d) for d in found]
        sys.stdout.write(json.dumps({"directions": data}, indent=2, ensure_ascii=False) + "\n")
        return
    for d in found:
        about = f"{d.title} ({d.issuer}, {calendar.day_words(d.date)}; in force {d.in_force_words()})"
        out.print(f"[bold]{d.id}[/] {escape(f'[{d.kind_words()}]')} {escape(about)}", highlight=False)
        if coverage:
            print_coverage(d)
            continue
        for c in d.clauses:  # the words are the file's own: never read as terminal markup
            out.print(escape(f"  {d.clause_id(c)}: {c.title} [{c.rule.kind}]"), highlight=False)


def listing_data(d: Direction) -> dict[str, Any]:
    """A direction and its clauses as JSON-able data (`comply directions --format json`)."""
    return {
        "id": d.id,
        "title": d.title,
        "issuer": d.issuer,
        "date": d.date.isoformat(),
        "in_force": {"from": d.in_force.start.isoformat(), "until": d.in_force.until and d.in_force.until.isoformat()},
        "clauses": [{"id": d.clause_id(c), "title": c.title, "kind": c.rule.kind} for c in d.clauses],
    }


def coverage_data(d: Direction) -> dict[str, Any]:
    """A direction's paragraphs and what became of each, as JSON-able data (`comply directions --coverage
    --format json`): `encoded_by` as clause ids ('bv-2017.quarterly-report'), or null with `not_encoded`
    the reason; `counts` as Direction.coverage_counts."""
    source = d.paragraphs_from
    return {
        "id": d.id,
        "title": d.title,
        "paragraphs_from": source and source.model_dump(mode="json"),
        "counts": d.coverage_counts(),
        "paragraphs": [
            {
                "ref": p.ref,
                "text": p.text,
                "source": p.source and p.source.model_dump(mode="json"),
                "encoded_by": [f"{d.id}.{key}" for key in p.encoded_by] if p.encoded_by else None,
                "not_encoded": p.not_encoded,
            }
            for p in d.paragraphs
        ],
    }


def print_coverage(d: Direction) -> None:
    """The counts, where the paragraphs come from, and a table of the paragraphs: ref, the words shortened
    to the terminal's width, what became of each (in full)."""
    n = d.coverage_counts()
    src = d.paragraphs_from
    taken = ("the instrument's own words" if src.form == "full" else "a summary") if src else "nowhere"
    out.print(
        escape(
            f"  {n['paragraphs']} paragraphs, {n['encoded']} encoded, {n['not_encoded']} not encoded; "
            f"taken from {taken}" + (f": {src.source.words()}" if src else "")
        ),
        highlight=False,
    )
    if src and src.form == "summary":
        out.print(escape(f"  only a summary is available: {src.reading}"), highlight=False, style="dim")
    table = Table(show_header=True, show_lines=False, expand=True, box=None, padding=(0, 1, 0, 2))
    table.add_column("paragraph", max_width=24, overflow="fold")
    table.add_column("words", no_wrap=True, overflow="ellipsis", ratio=3)
    table.add_column("what became of it", overflow="fold", ratio=2)
    for p in d.paragraphs:
        if p.encoded_by:
            fate = "encoded by " + ", ".join(f"{d.id}.{key}" for key in p.encoded_by)
            table.add_row(escape(ref_of(p)), escape(p.text), f"[green]{escape(fate)}[/]")
        else:
            table.add_row(escape(ref_of(p)), escape(p.text), f"[yellow]{escape(f'not encoded: {p.not_encoded}')}[/]")
    out.print(table)


def ref_of(p: Paragraph) -> str:
    """The paragraph's ref, with the paper it is quoted from when that is not the file's source."""
    return f"{p.ref} (from {p.source.words()})" if p.source else p.ref
