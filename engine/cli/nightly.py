"""The unattended nightly run on the command line: `comply nightly`, `comply history`, `comply diff`.

CLI wiring only; the run is engine/operations/nightly.py, its records engine/store/runs.py, the comparison
and the words of its sections engine/evaluation/diffs.py, the summary and email engine/outputs/digest.py.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from engine.cli.app import Settings, app, check_format, err, out, progress, settings
from engine.cli.shared import AS_OF_HELP, KNOWN_AT_HELP, existing_store, open_store, parse_as_of, parse_known_at
from engine.core import calendar
from engine.core.errors import ComplyError, EngineError, InputError, StoreError
from engine.core.status import counts_words
from engine.evaluation.check import DEFAULT_DUE_SOON_DAYS, MAX_DUE_SOON_DAYS
from engine.evaluation.diffs import SECTIONS, compare
from engine.operations import nightly as N
from engine.operations.executors import check_executor
from engine.operations.runlock import lock_is_held
from engine.outputs import digest
from engine.store import runs
from engine.sync.config import load_sync_config
from engine.sync.moderngov import summary, sync_with

DEFAULT_OUT = Path("comply-runs")


def _words(instant: str | None) -> str:
    """A run's ISO instant in GOV.UK words, London time (calendar.govuk_words): 2017-12-01T03:05:00+00:00 ->
    '3:05am on 1 December 2017' (the table is read by people; `--format json` keeps the ISO instant); '-' for none."""
    return calendar.govuk_words(calendar.parse_instant(instant)) if instant else "-"


@app.command()
def nightly(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    out_dir: Path = typer.Option(DEFAULT_OUT, "--out", help="Folder for run-<id>-<date>.json/.html and nightly.log."),
    config: Optional[Path] = typer.Option(
        None,
        "--config",
        help="TOML file with an \\[smtp] table (docs/nightly.md in the source repository) and, for --sync, a \\[moderngov] table (docs/moderngov.md there); COMPLY_SMTP_* / COMPLY_MAIL_* / COMPLY_MODERNGOV_* variables override it.",
    ),
    due_soon_days: int = typer.Option(DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, max=MAX_DUE_SOON_DAYS),
    known_at: Optional[str] = typer.Option(None, "--known-at", help=KNOWN_AT_HELP),
    replay: Optional[int] = typer.Option(
        None,
        "--replay",
        help="Evaluate recorded run RUN_ID again exactly as it ran (the facts as then known, its direction "
        "texts) and compare with what it recorded; records nothing.",
        metavar="RUN_ID",
    ),
    sync: bool = typer.Option(
        False,
        "--sync",
        help="First read the council's ModernGov committee system into the store (\\[moderngov] in --config, "
        "$COMPLY_MODERNGOV_*; docs/moderngov.md in the source repository). A failed sync does not stop the night: the stored facts are "
        "evaluated, the digest leads with the failure and the exit code is 2.",
    ),
    check_last: Optional[float] = typer.Option(
        None,
        "--check-last",
        metavar="HOURS",
        min=0,
        max=24 * 366,
        help="Run nothing: exit 2 (one line naming the last completed run and its age) when the last completed "
        "run ended more than HOURS ago or none has completed, 0 otherwise. For monitoring.",
    ),
    executor: Optional[str] = typer.Option(
        None,
        "--executor",
        metavar="ADDRESS",
        help="Where the authorities are evaluated: 'local' (the default: worker processes on this machine) or a "
        "Dask scheduler's tcp://HOST:PORT (the dask extra; each batch's facts travel with it; docs/operations.md in the source repository).",
    ),
    batch_time_limit: str = typer.Option(
        f"{N.BATCH_TIME_LIMIT_S:g}",
        N.BATCH_TIME_LIMIT_OPTION,
        metavar="SECONDS",
        help="Seconds one batch of authorities may run before the run stops and fails, naming the batch (above 0; "
        "an unattended run must end; docs/operations.md in the source repository).",
    ),
) -> None:
    """Evaluate every authority and direction, record the run, compare it with the previous
    completed run, write JSON + HTML, email the digest. Exit 0: nothing breached; 1: a breach
    stands; 2: the run failed (or its email could not be sent; the run stays recorded).
    With --replay RUN_ID: exit 0 when the replay gives the findings the run recorded, 2 when not.
    With --check-last HOURS: exit 0 when a run completed within HOURS, 2 when not (docs/nightly.md in the source repository)."""
    s = settings(ctx)
    if check_last is not None:
        _check_last(s, check_last)
        return
    if replay is not None:
        _replay(s, replay)
        return
    instant = parse_as_of(as_of)
    known = parse_known_at(known_at)
    executor = check_executor(executor)
    time_limit = N.check_batch_time_limit(batch_time_limit)
    mail = digest.load_mail_config(config)
    desk_url = digest.load_desk_url(config)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out: {out_dir} exists and is not a folder")
    existing_store(s)  # before the lock file is written beside it
    sync_failure = _sync_first(s, config) if sync else None
    with progress("Nightly run: evaluating every authority"):
        outcome = N.run_nightly(
            s.store_path,
            lambda: open_store(s),
            s.directions_dir,
            instant,
            due_soon_days,
            out_dir,
            mail,
            known_at=known,
            sync_failure=sync_failure,
            desk_url=desk_url,
            executor=executor,
            batch_time_limit=time_limit,
        )
    run, diff = outcome.run, outcome.diff
    if outcome.sync_failure:
        err.print(f"error: the moderngov sync FAILED: {outcome.sync_failure}", highlight=False, soft_wrap=True)
    if run.status != "completed":
        err.print(f"error: nightly run #{run.id} FAILED: {run.error}", highlight=False, soft_wrap=True)
    else:
        out.print(f"nightly run #{run.id} as of {run.as_of} ({', '.join(outcome.authority_names)})", highlight=False)
        # what to do first (engine/outputs/digest.py: the digest's own words), the changes and counts after
        for line in digest.terminal_lines(digest.to_do(run, diff, outcome.findings, outcome.desk_url)):
            # a line of words wraps at the terminal's width; a link or finding id alone on its line stays whole
            out.print(f"  {escape(line)}", highlight=False, soft_wrap=" " not in line.strip())
        # what it was compared with: the last run whose digest was told, and the nights whose email failed since
        out.print(f"  {escape(digest.compared_words(diff))}", highlight=False)
        counts = counts_words(run.counts)
        out.print(f"  counts: {counts or 'no findings'}", highlight=False)
    for p in outcome.files:
        out.print(f"  {p}", highlight=False)
    out.print(f"  email: {outcome.mail}", highlight=False)
    if outcome.reminders is not None:
        out.print(f"  {outcome.reminders.words()}", highlight=False)
    if outcome.output_error:
        err.print(
            f"error: nightly run #{run.id} is recorded, but its files in {out_dir} were not written: "
            f"{outcome.output_error}",
            highlight=False,
            soft_wrap=True,
        )
    if outcome.mail_failed:
        err.print(
            f"error: nightly run #{run.id} is recorded, but its email was not sent: {outcome.mail}",
            highlight=False,
            soft_wrap=True,
        )
    if outcome.reminders is not None and outcome.reminders.failed:
        err.print(
            f"error: nightly run #{run.id} is recorded, but reminder emails were not sent (they will be sent "
            f"again next night): {'; '.join(outcome.reminders.failed)}",
            highlight=False,
            soft_wrap=True,
        )
    raise typer.Exit(outcome.exit_code)


def _sync_first(s: Settings, config: Optional[Path]) -> str | None:
    """`comply nightly --sync`: the ModernGov sync with the configuration's settings, its summary on stdout;
    None when it stored (or found nothing new), else why it failed (the night goes on with the stored facts)."""
    try:
        cfg = load_sync_config(config)
        with open_store(s) as store:
            result = sync_with(store, cfg)
    except ComplyError as exc:
        return str(exc)
    for line in summary(result):
        out.print(escape(line), highlight=False, soft_wrap=True)
    return None


def _check_last(s: Settings, hours: float) -> None:
    """`comply nightly --check-last HOURS`: one line on stdout and exit 0 when the last completed run
    ended within HOURS; StoreError (one line, exit 2) naming it and its age when older or none."""
    existing_store(s)
    with open_store(s) as store:
        fresh = runs.freshness(store, hours)
    if fresh.stale:
        raise StoreError(f"{s.store_path}: {fresh.words()}; expected one within {hours:g} hours (--check-last)")
    out.print(f"{s.store_path}: {fresh.words()} (within {hours:g} hours)", highlight=False, soft_wrap=True)


def _replay(s: Settings, run_id: int) -> None:
    """`comply nightly --replay RUN_ID`: the run's findings again; EngineError when they differ."""
    existing_store(s)
    with open_store(s) as store:
        done = N.replay(store, run_id)
    run = done.run
    words = counts_words(Counter(f.status for f in done.findings))
    out.print(
        f"replayed nightly run #{run.id} as of {run.as_of}, facts as known at {run.known_at}, "
        f"{len(run.direction_hashes)} direction files as it read them: {words or 'no findings'}",
        highlight=False,
    )
    if done.recorded is None:
        out.print(f"  the run is {run.status} and kept no findings to compare with", highlight=False)
        return
    differ = done.differences()
    if differ:
        form = done.form_changed()
        raise EngineError(
            f"replay of nightly run #{run.id} differs from its record in {len(differ)} findings: "
            + ", ".join(differ[:10])
            + (" ..." if len(differ) > 10 else "")
            + (
                f" (the form of findings changed: {form}; an id spelled anew since differs with nothing else "
                "changed, see docs/nightly.md, 'After an upgrade')"
                if form
                else ""
            )
        )
    out.print(f"  identical to the {len(done.recorded)} findings the run recorded", highlight=False)


@app.command()
def history(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", min=1, help="How many runs, newest first."),
    format: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Past nightly runs, newest first, with the count of findings by status in each."""
    s = settings(ctx)
    check_format(format, ("table", "json"))
    existing_store(s)
    with open_store(s) as store:
        past = runs.history(store, limit)
    # only one run can be alive (it holds the lock): the newest "running" row; any other died
    live_id = max((r.id for r in past if r.status == "running"), default=None)
    if not lock_is_held(s.store_path):
        live_id = None
    shown = []
    for r in past:
        status, error = r.status, r.error
        if status == "running" and r.id != live_id:
            status, error = "failed", runs.abandoned_words(r.pid, None)
        shown.append((r, status, error))
    if format == "json":
        sys.stdout.write(json.dumps([{**r.to_json(), "status": st, "error": e} for r, st, e in shown], indent=2) + "\n")
        return
    table = Table()
    table.add_column("run", no_wrap=True)
    # a narrow terminal puts the time under the date; when a run started is in --format json (it fits 80 columns
    # without it)
    for col in ("as of", "ended"):
        table.add_column(col, min_width=10)
    table.add_column("status", no_wrap=True)
    # the counts in words in one column that wraps, as the nightly run prints them: a column a status showed
    # every count at 200 columns and none, without a sign, at 100 (a cron email, a terminal)
    table.add_column("findings", overflow="fold", ratio=1, min_width=12)
    table.add_column("email / error", overflow="fold", ratio=1, min_width=12)
    colour = {"completed": "green", "failed": "red", "running": "yellow", "replaced": "dim"}
    for r, status, error in shown:
        note = error or r.mail or ""
        if r.replaced_by:
            note = f"replaced by run #{r.replaced_by}"
        table.add_row(
            str(r.id),
            _words(r.as_of),
            _words(r.ended_at),
            f"[{colour[status]}]{status}[/]",
            counts_words(r.counts) or "none",
            note,
        )
    # the title on a line of its own, never broken inside the store's path (a table's title wraps at its width)
    out.print(f"Nightly runs in {escape(str(s.store_path))}", highlight=False, soft_wrap=True)
    out.print(table)


def _form(run: runs.Run) -> str:
    """'run #3: finding format 1, comply 0.1.0+git.abc', or '... not recorded (a run before schema 12)'."""
    form = f"finding format {run.finding_format}" if run.finding_format is not None else "finding format not recorded"
    return f"run #{run.id}: {form}, comply {run.code_version}"


@app.command()
def diff(
    ctx: typer.Context,
    run_a: int = typer.Argument(..., help="The earlier run id (see `comply history`)."),
    run_b: int = typer.Argument(..., help="The later run id."),
    format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """What changed from run A to run B: new breaches, breaches resolved, newly due soon,
    vanished obligations, new obligations, other changes of status."""
    s = settings(ctx)
    check_format(format, ("text", "json"))
    existing_store(s)
    with open_store(s) as store:
        a, b = runs.get(store, run_a), runs.get(store, run_b)
        if a.finding_format != b.finding_format:  # ids spelled anew would be shown as new: not compared
            raise InputError(
                f"{s.store_path}: runs #{run_a} and #{run_b} cannot be compared finding by finding: they were made by "
                f"versions of comply whose findings have different forms ({_form(a)}; {_form(b)})"
            )
        d = compare(runs.findings(store, run_a), runs.findings(store, run_b), run_a, run_b)
    if format == "json":
        sys.stdout.write(json.dumps(d.to_json(), indent=2, ensure_ascii=False) + "\n")
        return
    out.print(f"From run #{run_a} to run #{run_b}:", highlight=False)
    for section in SECTIONS:
        items = getattr(d, section.key)
        out.print(f"{section.heading} ({len(items)})", highlight=False)
        for c in items:
            out.print(f"  {c.words()}", highlight=False, soft_wrap=True)
