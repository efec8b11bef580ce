"""The compliance position on the command line: `comply check`, `comply explain`, `comply due`.

Printing only: the evaluation is engine/evaluation/check.py, the plan's one-line summary
engine/plan/summary.py.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Optional

import typer
from pendulum import DateTime
from rich.table import Table
from rich.text import Text

from engine.cli.app import EXIT_BREACH, Settings, app, check_format, err, out, settings
from engine.cli.shared import (
    AS_OF_HELP,
    AUTHORITY_HELP,
    KNOWN_AT_HELP,
    directions_of,
    open_store,
    parse_as_of,
    parse_known_at,
    pick_authority,
)
from engine.core import calendar
from engine.core.errors import InputError, unknown
from engine.core.status import STATUS_ORDER, STATUS_WORDS, colour, word
from engine.directions.content_hash import default_features_dir
from engine.directions.model import Direction, refuse_unknown_references
from engine.evaluation.check import DEFAULT_DUE_SOON_DAYS, MAX_DUE_SOON_DAYS, unbound_words
from engine.evaluation.check import check as run_check
from engine.evaluation.check import cross_check as run_cross_check
from engine.model.findings import Finding, Report
from engine.outputs.findings_json import findings_json
from engine.outputs.terminal import by_status, finding_lines, resolve, short_id
from engine.plan.summary import summary_line
from engine.store.reviews import ReviewState, clause_review_states


def evaluate_report(
    s: Settings,
    as_of: str | None,
    authority: str | None,
    due_soon_days: int,
    cross_check: bool = False,
    known_at: str | None = None,
    reach_days: int = 0,
) -> Report:
    """The authority's findings as of the `--as-of` instant, from the facts the store held at the
    `--known-at` instant (default: as it stands; an empty store is seeded with the bundled data);
    with `cross_check`, also through the plain-Python oracle, which must agree (EngineError if not)."""
    directions = directions_of(s)
    known = parse_known_at(known_at)
    with open_store(s, create_default=True) as store:
        key = pick_authority(s, store, authority)
        authorities = store.authorities()  # pick_authority refused one not among them
        state = store.load(key, known_at=known)
    # a direction naming an authority or board the store does not hold would give no findings at all
    refuse_unknown_references(directions, authorities, {key: {b.key for b in state.boards}})
    evaluate = run_cross_check if cross_check else run_check
    return evaluate(state, directions, parse_as_of(as_of), due_soon_days, reach_days=reach_days)


def findings_table(findings: list[Finding], title: str) -> Table:
    """The findings as a Rich table: status, due, clause, subject, duty holder, finding id."""
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for col in ("status", "due", "clause", "subject", "duty holder"):
        table.add_column(col, overflow="fold")
    table.add_column("finding id", no_wrap=True)  # whole, to be copied into `comply explain`
    for f in findings:
        holder = f.duty_holder.name + (" (third party)" if f.duty_holder.kind == "third_party" else "")
        table.add_row(f"[{colour(f.status)}]{f.status}[/]", f.due_words(), f.clause, f.subject, holder, f.id)
    return table


WIDE_HELP = "Print the full table (every column, whole ids) at least 160 columns wide, as before."

#: the width of `--wide` output when the terminal is narrower (columns)
WIDE_WIDTH = 160


@contextmanager
def wide_output() -> Iterator[None]:
    """Print at least WIDE_WIDTH columns wide within the block (`--wide`), then at the width as it was."""
    before = out.width
    out.width = max(before, WIDE_WIDTH)
    try:
        yield
    finally:
        out.width = before


def one_authority(s: Settings) -> bool:
    """Whether the store holds one authority, so that references leave the authority out."""
    with open_store(s) as store:
        return len(store.authorities()) == 1


def explain_hint(as_of: str | None, wide: bool) -> str:
    """The last line of `check` and `due`: how to explain a finding, with the --as-of given."""
    what = "FINDING_ID" if wide else "REFERENCE"
    when = f" --as-of {shlex.quote(as_of)}" if as_of else ""
    return f"Explain a finding: comply explain {what}{when} (the {'finding id' if wide else 'reference'} as printed)"


@app.command()
def check(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    known_at: Optional[str] = typer.Option(None, "--known-at", help=KNOWN_AT_HELP),
    format: str = typer.Option("table", "--format", help="table or json"),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    due_soon_days: int = typer.Option(
        DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, max=MAX_DUE_SOON_DAYS, help="Warning window for 'due soon'."
    ),
    cross_check: bool = typer.Option(
        False,
        "--cross-check",
        help="Also evaluate with the plain-Python oracle; any disagreement with the rules engine is an error.",
    ),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """The compliance position: met, met late, breached, unknown, due soon, open, upcoming, lapsed.

    Exit codes: 0 nothing is breached; 1 something is breached; 2 an error in the input or the environment (one line `error: ...` on stderr, nothing on stdout); 3 an internal error, a bug in comply (`internal error: ...` and the traceback on stderr).
    """
    cfg = settings(ctx)
    check_format(format, ("table", "json"))
    report = evaluate_report(cfg, as_of, authority, due_soon_days, cross_check, known_at)
    unbound = unbound_words(report.authority, directions_of(cfg), parse_as_of(as_of))
    if unbound and format == "json":  # stdout stays the stable JSON; the sentence goes to stderr
        err.print(unbound, highlight=False)
    if format == "json":
        sys.stdout.write(findings_json(report))  # the evidence pack's findings.json is the same text
    else:
        with open_store(cfg) as store:  # computed first: an error prints no partial result
            plan_line = summary_line(store, report.authority)
        one = one_authority(cfg)
        counts = ", ".join(f"{report.counts[s]} {word(s)}" for s in STATUS_ORDER)
        as_of_words = calendar.govuk_words(calendar.parse_instant(report.as_of))
        out.print(f"[bold]{report.authority_name}[/] as of {as_of_words}:", highlight=False)
        out.print(counts, highlight=False)
        if unbound:
            out.print(unbound[0].upper() + unbound[1:] + ".", highlight=False)
        if open_ended := open_ended_words(cfg, report):
            out.print(open_ended, highlight=False)
        if wide:
            with wide_output():
                for status in STATUS_ORDER:
                    rows = [f for f in report.findings if f.status == status]
                    if rows:
                        out.print(findings_table(rows, STATUS_WORDS[status].capitalize()))
        else:
            lines = finding_lines(by_status(report.findings), out.width, one)
            if lines:  # one print of every line (the same text as a print a line; half the time)
                out.print(Text("\n", no_wrap=True, overflow="ignore").join(lines))
        out.print(explain_hint(as_of, wide), style="dim", highlight=False)
        if plan_line:
            out.print(plan_line, highlight=False)
    raise typer.Exit(EXIT_BREACH if report.counts["breached"] else 0)


def open_ended_words(s: Settings, report: Report) -> str | None:
    """`check`'s header line naming the directions it evaluated that have no end date, read as in force
    until revoked, so that the reader sees the assumption: 'In force until revoked (no end date):
    csib-tor, dfe-2017.' (`comply directions` says from when); None when every one has an end. Schedules of third parties
    (which are not directions and are not revoked) are left out, and so are directions not yet in force on the as-of
    day (before, a check as of 1 January 2011 said no direction binds the authority, then named three as in force)."""
    evaluated = set(report.directions)
    day = calendar.parse_instant(report.as_of).in_timezone(calendar.LONDON).date()
    open_ended = [
        d
        for d in directions_of(s)
        if d.id in evaluated and d.in_force.until is None and d.kind != "schedule" and d.in_force.covers(day)
    ]
    if not open_ended:
        return None
    return f"In force until revoked (no end date): {', '.join(d.id for d in open_ended)}."


def finding_review(s: Settings, f: Finding) -> ReviewState:
    """Whether the clause of a finding, as it now stands, was reviewed (engine/store/reviews.py), with
    the scenarios of content_hash.default_features_dir. Raises InputError or FileError for a feature
    file that cannot be read."""
    directions = [d for d in directions_of(s) if d.id == f.direction]
    with open_store(s) as store:
        states = clause_review_states(store, directions, default_features_dir(s.directions_dir))
    return states[f.clause]


@app.command()
def explain(
    ctx: typer.Context,
    finding_id: str = typer.Argument(
        ...,
        metavar="REFERENCE",
        help="A finding's reference as `comply check` or `comply due` prints it (bv-2017.quarterly-report/3), "
        "or its whole id.",
    ),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    known_at: Optional[str] = typer.Option(None, "--known-at", help=KNOWN_AT_HELP),
    authority: Optional[str] = typer.Option(None),
    due_soon_days: int = typer.Option(DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, max=MAX_DUE_SOON_DAYS),
    format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Why a finding has its status: the clause, the due-date computation, the facts."""
    check_format(format, ("text", "json"))
    cfg = settings(ctx)
    if authority is None and finding_id.count("/") >= 1:  # a whole id names its authority first
        with open_store(cfg, create_default=True) as store:
            first = finding_id.split("/", 1)[0]
            authority = first if first in store.authorities() else None
    report = evaluate_report(cfg, as_of, authority, due_soon_days, known_at=known_at)
    found = resolve(finding_id, report.findings)
    if not found:
        raise InputError(no_finding(finding_id, report.findings, report.as_of, as_of, authority))
    if len(found) != 1:
        raise InputError(several_findings(finding_id, found, report.as_of))
    f = found[0]
    review = finding_review(settings(ctx), f)
    if format == "json":
        doc = {**f.model_dump(mode="json"), "review": review.to_json()}
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    x = f.explanation
    instrument = next((d for d in directions_of(settings(ctx)) if d.id == f.direction), None)
    holder = (
        f.duty_holder.name
        + {"council": "", "role": " (a named role)", "third_party": " (a third party: tracked as an expected event)"}[
            f.duty_holder.kind
        ]
    )
    lines = [
        f"[bold]{f.id}[/]",
        f"Status as of {calendar.govuk_words(calendar.parse_instant(report.as_of))}: [bold]{STATUS_WORDS[f.status]}[/]",
        f"Clause: {f.clause}: {f.clause_title}"
        + (f" ({subject})" if (subject := subject_words(f, instrument)) else ""),
        *([f"Instrument: {instrument.id} ({instrument.kind_words()}): {instrument.title}"] if instrument else []),
        f"Source: {x.source}",
        f'Text: "{x.clause_text}"',
        f"Legal review: {review.words()}",
        f"Duty holder: {holder}" + (f"; recipient: {f.recipient}" if f.recipient else ""),
        f"Due: {f.due_words()}",
        "How the due date was computed:",
        *[f"  - {s}" for s in x.due_computation],
        *(["Readings of open points:", *[f"  - {r}" for r in x.readings]] if x.readings else []),
        f"What satisfies it: {x.expected}",
        "Facts:",
        *[f"  - {s}" for s in x.facts],
        f"Why: {x.reason}",
    ]
    for line in lines:
        out.print(line, highlight=False, soft_wrap=True)


def no_finding(ref: str, findings: list[Finding], as_of_iso: str, as_of: str | None, authority: str | None) -> str:
    """The error's words for a reference `ref` that names no finding as of `as_of_iso` (the report's ISO instant),
    said as every unknown value is (engine.core.errors.unknown): the nearest references, and the known ones or how
    many, with the `comply check` that lists them (`as_of`, `authority`: the options given, repeated in it). A
    reference that begins with a finding's authority is matched against whole ids, any other against short ids."""
    whole = ref.split("/", 1)[0] in {f.authority for f in findings}
    known = [f.id if whole else short_id(f.id, True) for f in findings]
    command = "comply check" + "".join(
        f" {option} {shlex.quote(value)}" for option, value in (("--as-of", as_of), ("--authority", authority)) if value
    )
    when = calendar.govuk_words(calendar.parse_instant(as_of_iso))
    return unknown("finding", ref, known, among=f" as of {when}", listed_by=command)


#: how many of the findings a reference names `explain` lists when it names several
SEVERAL_SHOWN = 5


def several_findings(ref: str, found: list[Finding], as_of_iso: str) -> str:
    """The error's words for a reference that begins several findings' ids as of `as_of_iso` (the report's ISO
    instant): how many, the first SEVERAL_SHOWN of their short ids, and what to do: 'give more of the reference'."""
    when = calendar.govuk_words(calendar.parse_instant(as_of_iso))
    shown = ", ".join(repr(short_id(f.id, True)) for f in found[:SEVERAL_SHOWN])
    more = f" and {len(found) - SEVERAL_SHOWN} more" if len(found) > SEVERAL_SHOWN else ""
    return (
        f"{len(found)} findings as of {when} begin with {ref!r}: {shown}{more}; "
        "give more of the reference, or the whole id as `comply check --wide` prints it"
    )


def subject_words(f: Finding, instrument: Direction | None) -> str:
    """What `explain` says after the clause's title: the finding's subject ('meeting of 12 June 2017:
    chair', 'occurrence 3'), except 'occurrence 1' of a clause that has one occurrence over its whole
    in-force period (a recurring clause whose schedule gives one date), which says nothing: '' then.
    The occurrence is said for a clause that recurs (or runs until revoked, when more may come)."""
    if instrument is None or f.occurrence is None or f.subject != f"occurrence {f.occurrence}":
        return f.subject
    clause = next((c for c in instrument.clauses if instrument.clause_id(c) == f.clause), None)
    return "" if clause is not None and clause.rule.occurrences(instrument, clause) == 1 else f.subject


#: the furthest ahead `due --within` looks, in days (ten years)
MAX_WITHIN_DAYS = 3660


def parse_within(text: str, as_of: DateTime) -> tuple[int, str]:
    """`--within` as (days from the as-of instant, words): 90d, 6w (7 days each) or 3m (calendar
    months from the as-of date: 3m from 1 July is to 1 October, 92 days); a bare number is days.
    Raises InputError naming --within."""
    m = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", text)
    if not m:
        raise InputError(f"--within: expected a number of days such as 90d, 6w or 3m, got {text!r}")
    n, unit = int(m.group(1)), m.group(2) or "d"
    if n * {"d": 1, "w": 7, "m": 31}[unit] > MAX_WITHIN_DAYS:
        raise InputError(f"--within: expected at most {MAX_WITHIN_DAYS} days (ten years) ahead, got {text!r}")
    if unit == "m":
        end = as_of.add(months=n)
        days = (end.date() - as_of.date()).days
        return days, f"{n} calendar month{'s' if n != 1 else ''} (to {calendar.day_words(end.date())}, {days} days)"
    days = n * {"d": 1, "w": 7}[unit]
    return days, f"{days} days"


@app.command()
def due(
    ctx: typer.Context,
    within: str = typer.Option("90d", "--within", help="How far ahead: 90d, 6w, 3m (calendar months)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    known_at: Optional[str] = typer.Option(None, "--known-at", help=KNOWN_AT_HELP),
    authority: Optional[str] = typer.Option(None),
    format: str = typer.Option("table", "--format", help="table or json"),
    due_soon_days: int = typer.Option(
        DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, max=MAX_DUE_SOON_DAYS, help="Warning window for 'due soon'."
    ),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """What falls due in a window from the as-of date, soonest first (not yet satisfied)."""
    check_format(format, ("table", "json"))
    start = parse_as_of(as_of)
    days, words = parse_within(within, start)
    # one instant for the window and the statuses (with no --as-of, "now" is read once)
    report = evaluate_report(
        settings(ctx), calendar.iso(start), authority, due_soon_days, known_at=known_at, reach_days=days
    )
    # the same statuses `check` gives at the same instant (due soon within --due-soon-days, upcoming after
    # it): the window only says which of them to list
    end = start.add(days=days)
    # a due date known only to a range is listed when its earliest falls in the window
    rows = [
        f
        for f in report.findings
        if f.status in ("due_soon", "upcoming") and calendar.parse_instant(f.due_earliest or f.due) <= end
    ]
    rows.sort(key=lambda f: (f.due, f.id))
    # duties with no due date, not yet done: listed after, longest open first (they fall due in no window)
    open_rows = sorted((f for f in report.findings if f.status == "open"), key=lambda f: (f.due, f.id))
    if format == "json":
        sys.stdout.write(
            json.dumps(
                {
                    "as_of": report.as_of,
                    "authority": report.authority,
                    "within_days": days,
                    "findings": [f.model_dump(mode="json") for f in rows],
                    "open": [f.model_dump(mode="json") for f in open_rows],
                },
                indent=2,
            )
            + "\n"
        )
        return
    as_of_words = calendar.govuk_words(calendar.parse_instant(report.as_of))
    heading = f"Due within {words} of {as_of_words} ({len(rows)})"
    open_heading = f"Open, with no due date ({len(open_rows)})"
    if wide:
        with wide_output():
            out.print(findings_table(rows, heading))
            if open_rows:
                out.print(findings_table(open_rows, open_heading))
    else:
        one = one_authority(settings(ctx))
        out.print(f"[bold]{heading}[/]", highlight=False)
        for line in finding_lines(rows, out.width, one):
            out.print(line)
        if open_rows:
            out.print(f"[bold]{open_heading}[/]", highlight=False)
            for line in finding_lines(open_rows, out.width, one):
                out.print(line)
    out.print(explain_hint(as_of, wide), style="dim", highlight=False)
