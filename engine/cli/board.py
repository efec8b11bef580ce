"""The Board report and the calendar feed: `comply report`, `comply calendar`.

The logic lives in engine/outputs/board_report.py and engine/outputs/ics.py (testable without a command line);
these commands only read the options, load the store and the directions, and write the file.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from engine.cli.app import Settings, app, check_format, err, settings
from engine.cli.shared import (
    AUTHORITY_HELP,
    KNOWN_AT_HELP,
    directions_of,
    open_store,
    parse_as_of,
    parse_known_at,
    pick_authority,
)
from engine.core import clock
from engine.core.errors import InputError
from engine.core.files import check_out_path, write_atomically
from engine.directions.model import Direction, refuse_unknown_references
from engine.evaluation.check import DEFAULT_DUE_SOON_DAYS, MAX_DUE_SOON_DAYS, check
from engine.outputs.board_pdf import html_to_pdf
from engine.outputs.board_report import board_report_html
from engine.outputs.ics import build_feed, feed_findings, feed_state_bytes, read_feed_state, state_path
from engine.plan.importer import load_plan, plan_reported_on
from engine.plan.model import PlanRow
from engine.store.sqlite import AuthorityState

AS_OF_HELP = "The date (or date-time) to report as of, London time; a date means the start of that day. Default: now."


def _load(
    s: Settings, authority: Optional[str], known_at: Optional[str] = None
) -> tuple[AuthorityState, list[Direction]]:
    """The authority's facts as the store held them at `--known-at` (default: as it stands; seeding an
    empty store with the bundled data, as `check` does) and the directions."""
    directions = directions_of(s)
    known = parse_known_at(known_at)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        authorities = store.authorities()
        state = store.load(key, known_at=known)
    # a direction naming an authority or board the store does not hold would give no findings at all
    refuse_unknown_references(directions, authorities, {key: {b.key for b in state.boards}})
    return state, directions


def _plan(s: Settings, authority: str) -> tuple[list[PlanRow], dt.date | None]:
    """The authority's improvement plan for the report and the day its statuses describe (the
    plan `comply init --demo` imports, for the demo store); empty when it has none."""
    with open_store(s) as store:
        rows = load_plan(store, authority)
        return rows, plan_reported_on(store, authority)


#: what `comply report --format` accepts
REPORT_FORMATS = ("html", "pdf")


def check_report_suffix(out_file: Path, fmt: str) -> None:
    """Never HTML in a file named .pdf, nor a PDF in a file named .html: InputError saying what to type."""
    suffix = out_file.suffix.lower()
    if fmt == "html" and suffix == ".pdf":
        raise InputError(
            f"--out: {out_file} is named .pdf but the report would be HTML; for a PDF add --format pdf, "
            f"for HTML name it {out_file.with_suffix('.html')}"
        )
    if fmt == "pdf" and suffix in (".html", ".htm"):
        raise InputError(
            f"--out: {out_file} is named {suffix} but --format pdf writes a PDF; name it {out_file.with_suffix('.pdf')}"
        )


@app.command()
def report(
    ctx: typer.Context,
    out_file: Path = typer.Option(
        ..., "--out", help="The file to write: .html, or .pdf with --format pdf (its folder must exist)."
    ),
    fmt: str = typer.Option("html", "--format", help="html (one self-contained file) or pdf (a tagged A4 PDF)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    known_at: Optional[str] = typer.Option(None, "--known-at", help=KNOWN_AT_HELP),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    due_soon_days: int = typer.Option(
        DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, max=MAX_DUE_SOON_DAYS, help="Warning window for 'due soon'."
    ),
) -> None:
    """Write the Board paper: a summary of the exceptions (at most four A4 pages), then appendices with
    every finding's explanation; as HTML or, with --format pdf, a tagged PDF. Prints the file's path."""
    s = settings(ctx)
    fmt = check_format(fmt, REPORT_FORMATS)
    check_out_path(out_file)
    check_report_suffix(out_file, fmt)
    instant = parse_as_of(as_of)
    state, directions = _load(s, authority, known_at)
    plan_rows, plan_day = _plan(s, state.authority.key)
    html = board_report_html(
        state,
        directions,
        instant,
        due_soon_days=due_soon_days,
        store=s.store_path.name,
        directions_folder=s.directions_dir,
        generated_at=clock.now(),
        plan_rows=plan_rows,
        plan_reported_on=plan_day,
    )
    write_atomically(out_file, html_to_pdf(html) if fmt == "pdf" else html.encode("utf-8"))
    err.print(f"wrote the Board report for {state.authority.name} as of {instant.to_date_string()}", highlight=False)
    sys.stdout.write(f"{out_file.resolve()}\n")


def _desk_url(value: Optional[str]) -> str | None:
    """`--desk-url` (or COMPLY_DESK_URL): an http(s) address, without a trailing slash; None when not given."""
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise InputError(f"--desk-url: expected the desk's address, such as https://comply.example.org, got {value!r}")
    return value.rstrip("/")


@app.command("calendar")
def calendar_(
    ctx: typer.Context,
    out_file: Path = typer.Option(..., "--out", help="The .ics file to write (its folder must exist)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    known_at: Optional[str] = typer.Option(None, "--known-at", help=KNOWN_AT_HELP),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    due_soon_days: int = typer.Option(
        DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, max=MAX_DUE_SOON_DAYS, help="Warning window for 'due soon'."
    ),
    desk_url: Optional[str] = typer.Option(
        None,
        "--desk-url",
        envvar="COMPLY_DESK_URL",
        show_envvar=False,
        help="The desk's address (https://...): each event links to its finding there. Default: COMPLY_DESK_URL.",
    ),
) -> None:
    """Write an iCalendar (RFC 5545) feed of the obligations not yet due and not yet satisfied,
    with reminders at 9am 30, 7 and 1 working days before; UIDs are stable, so a client updates its copy,
    and what is no longer owed is sent as cancelled for 90 days (remembered in FILE.state.json beside it).
    Prints the file's path."""
    s = settings(ctx)
    check_out_path(out_file)
    link_base = _desk_url(desk_url)
    kept = state_path(out_file)
    previous = read_feed_state(kept)  # before any work: a bad state file is refused with nothing written
    instant = parse_as_of(as_of)
    state, directions = _load(s, authority, known_at)
    result = check(state, directions, instant, due_soon_days)
    feed, published = build_feed([result], generated_at=clock.now(), desk_url=link_base, previous=previous)
    write_atomically(out_file, feed)
    write_atomically(kept, feed_state_bytes(published))
    cancelled = sum(1 for p in published.values() if p.left)
    err.print(
        f"wrote {len(feed_findings(result))} events for {state.authority.name} as of {instant.to_date_string()}"
        + (f", and {cancelled} cancelled (no longer owed)" if cancelled else ""),
        highlight=False,
    )
    sys.stdout.write(f"{out_file.resolve()}\n")
