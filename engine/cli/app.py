"""The `comply` command line: check, explain, due, record, import, directions, docs.

Why typer: a well-kept CLI framework (on click) that turns typed functions into commands with
help text; rich prints the tables. Exit codes are part of the contract for the nightly run:
`check` exits 0 with no breach, 1 with a breach, 2 on any error (and prints nothing to stdout
that could be mistaken for a result).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from engine.core import calendar
from engine.core.errors import InputError
from engine.core.status import STATUS_ORDER, STATUS_WORDS
from engine.core.yamlfile import FileError
from engine.directions.model import load_directions
from engine.evaluation.check import DEFAULT_DUE_SOON_DAYS
from engine.evaluation.check import check as run_check
from engine.evaluation.rete import EngineError
from engine.model import facts as F
from engine.model.findings import Finding, Report
from engine.store.importer import Row, check_references, import_file
from engine.store.sqlite import Store, StoreError

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_DATA = Path(__file__).resolve().parents[1] / "store" / "data" / "tower-hamlets-2017.yaml"

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Check a council's compliance with Secretary of State directions."
)
record_app = typer.Typer(no_args_is_help=True, help="Record one fact in the store (validated).")
app.add_typer(record_app, name="record")

out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


class Settings:
    store_path: Path = Path(os.environ.get("COMPLY_STORE", "comply.db"))
    directions_dir: Path = Path(os.environ.get("COMPLY_DIRECTIONS", str(REPO_ROOT / "directions")))


settings = Settings()


@app.callback()
def main(
    store: Optional[Path] = typer.Option(
        None, help="SQLite store file (default: ./comply.db or $COMPLY_STORE); created on first use."
    ),
    directions: Optional[Path] = typer.Option(
        None, help="Folder of direction files (default: the bundled directions/ or $COMPLY_DIRECTIONS)."
    ),
) -> None:
    if store is not None:
        settings.store_path = store
    if directions is not None:
        settings.directions_dir = directions


def fails_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Any known error becomes one clear line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (FileError, StoreError, EngineError, ValueError) as exc:
            sys.stderr.write(f"error: {exc}\n")  # one unwrapped line a script can grep
            raise typer.Exit(2) from None

    return wrapper


def open_store(seed_if_empty: bool) -> Store:
    store = Store.open(settings.store_path)
    if seed_if_empty and store.is_empty():
        n = import_file(store, BUNDLED_DATA, load_directions(settings.directions_dir))
        err.print(
            f"[dim]{settings.store_path}: new store; loaded the bundled Tower Hamlets 2017-18 facts ({n} facts).[/]"
        )
    return store


def pick_authority(store: Store, authority: str | None) -> str:
    if authority:
        return authority
    known = store.authorities()
    if len(known) != 1:
        raise StoreError(
            f"{settings.store_path}: say which authority with --authority (known: {', '.join(known) or 'none'})"
        )
    return known[0]


def parse_as_of(value: str | None) -> Any:
    if value is None:
        return calendar.as_of_instant(dt.datetime.now(dt.UTC))
    try:
        return calendar.as_of_instant(value)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}") from None


def evaluate_report(as_of: str | None, authority: str | None, due_soon_days: int) -> Report:
    directions = load_directions(settings.directions_dir)
    with open_store(seed_if_empty=True) as store:
        state = store.load(pick_authority(store, authority))
    return run_check(state, directions, parse_as_of(as_of), due_soon_days)


def findings_table(findings: list[Finding], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for col in ("status", "due", "clause", "subject", "duty holder", "finding id"):
        table.add_column(col, overflow="fold")
    colour = {
        "breached": "red",
        "unknown": "yellow",
        "due_soon": "magenta",
        "met_late": "dark_orange",
        "met": "green",
        "upcoming": "cyan",
        "lapsed": "dim",
    }
    for f in findings:
        holder = f.duty_holder.name + (" (third party)" if f.duty_holder.kind == "third_party" else "")
        table.add_row(f"[{colour[f.status]}]{f.status}[/]", f.due, f.clause, f.subject, holder, f.id)
    return table


AS_OF_HELP = "The date (or date-time) to check as of, London time; a date means the start of that day. Default: now."


@app.command()
@fails_cleanly
def check(
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    format: str = typer.Option("table", "--format", help="table or json"),
    authority: Optional[str] = typer.Option(None, help="Authority key (default: the only one in the store)."),
    due_soon_days: int = typer.Option(
        DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, help="Warning window for 'due soon'."
    ),
) -> None:
    """The compliance position: met, met late, breached, unknown, due soon, upcoming, lapsed.

    Exit code 0 when nothing is breached, 1 when something is, 2 on error.
    """
    if format not in ("table", "json"):
        raise InputError("--format: expected 'table' or 'json'")
    report = evaluate_report(as_of, authority, due_soon_days)
    if format == "json":
        sys.stdout.write(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    else:
        from engine.cli.plan import plan_summary_line  # computed first: an error prints no partial result

        plan_line = plan_summary_line(report.authority)
        counts = ", ".join(f"{report.counts[s]} {STATUS_WORDS[s].split(' (')[0]}" for s in STATUS_ORDER)
        out.print(f"[bold]{report.authority_name}[/] as of {report.as_of}: {counts}", highlight=False)
        for status in STATUS_ORDER:
            rows = [f for f in report.findings if f.status == status]
            if rows:
                out.print(findings_table(rows, STATUS_WORDS[status].capitalize()))
        out.print("Explain any finding with: comply explain <finding id> --as-of DATE", style="dim")
        if plan_line:
            out.print(plan_line, highlight=False)
    raise typer.Exit(1 if report.counts["breached"] else 0)


@app.command()
@fails_cleanly
def explain(
    finding_id: str = typer.Argument(..., help="A finding id as printed by `comply check`."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    authority: Optional[str] = typer.Option(None),
    due_soon_days: int = typer.Option(DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0),
    format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Why a finding has its status: the clause, the due-date computation, the facts."""
    report = evaluate_report(
        as_of, authority or (finding_id.split("/")[0] if "/" in finding_id else None), due_soon_days
    )
    found = [f for f in report.findings if f.id == finding_id] or [
        f for f in report.findings if f.id.startswith(finding_id)
    ]
    if len(found) != 1:
        hint = "no finding" if not found else f"{len(found)} findings start with that"
        raise InputError(f"{hint}: {finding_id!r} as of {report.as_of} (run `comply check` for the ids)")
    f = found[0]
    if format == "json":
        sys.stdout.write(json.dumps(f.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
        return
    x = f.explanation
    holder = (
        f.duty_holder.name
        + {"council": "", "role": " (a named role)", "third_party": " (a third party: tracked as an expected event)"}[
            f.duty_holder.kind
        ]
    )
    lines = [
        f"[bold]{f.id}[/]",
        f"Status as of {report.as_of}: [bold]{STATUS_WORDS[f.status]}[/]",
        f"Clause: {f.clause}: {f.clause_title} ({f.subject})",
        f"Source: {x.source}",
        f'Text: "{x.clause_text}"',
        f"Duty holder: {holder}" + (f"; recipient: {f.recipient}" if f.recipient else ""),
        f"Due: {f.due}",
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


def parse_within(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", text)
    if not m:
        raise InputError(f"--within: expected a number of days such as 90d, 6w or 3m, got {text!r}")
    n, unit = int(m.group(1)), m.group(2) or "d"
    return n * {"d": 1, "w": 7, "m": 31}[unit]


@app.command()
@fails_cleanly
def due(
    within: str = typer.Option("90d", "--within", help="How far ahead: 90d, 6w, 3m."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    authority: Optional[str] = typer.Option(None),
    format: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """What falls due in a window from the as-of date, soonest first (not yet satisfied)."""
    days = parse_within(within)
    report = evaluate_report(as_of, authority, days)
    rows = [f for f in report.findings if f.status == "due_soon"]
    rows.sort(key=lambda f: (f.due, f.id))
    if format == "json":
        sys.stdout.write(
            json.dumps(
                {
                    "as_of": report.as_of,
                    "authority": report.authority,
                    "within_days": days,
                    "findings": [f.model_dump(mode="json") for f in rows],
                },
                indent=2,
            )
            + "\n"
        )
        return
    out.print(findings_table(rows, f"Due within {days} days of {report.as_of} ({len(rows)})"))


_RECORD_WORDS = {
    "submissions": "a submission",
    "meetings": "a meeting",
    "memberships": "a membership",
    "requests": "a request",
    "responses": "a response",
    "direction_status": "a direction's status",
}


def _record(kind: str, fact: F.Fact, authority: Optional[str]) -> None:
    directions = load_directions(settings.directions_dir)
    with open_store(seed_if_empty=True) as store:
        key = pick_authority(store, authority)
        problems = check_references([Row(kind, fact, kind)], store.load(key), directions)
        if problems:
            raise InputError("; ".join(problems) + " (nothing was recorded)")
        store.write(key, [(kind, fact)])
    err.print(f"recorded {_RECORD_WORDS.get(kind, kind)} in {settings.store_path}")


#: model fields whose command-line option has another name
_OPTION_NAMES = {"start": "from", "until": "to"}


def _validated(model: type[F.Fact], **fields: Any) -> F.Fact:
    from pydantic import ValidationError

    try:
        return model.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        name = "--" + _OPTION_NAMES.get(field, field.replace("_", "-")) if first["loc"] else "input"
        raise InputError(f"{name}: {first['msg']}") from None


SOURCE_HELP = "Where this fact comes from (a paper and section, or who recorded it)."


@record_app.command("submission")
@fails_cleanly
def record_submission(
    key: str = typer.Option(..., help="A unique key, e.g. bv-q3-2017."),
    what: str = typer.Option(..., help="What was sent, in words."),
    received: Optional[str] = typer.Option(None, help="When it was received, London time: 2017-06-30T10:15."),
    received_between: Optional[str] = typer.Option(None, help="EARLIEST/LATEST when the exact time is not known."),
    clause: Optional[str] = typer.Option(None, help="The clause id it answers, e.g. bv-2017.quarterly-report."),
    occurrence: Optional[int] = typer.Option(
        None, help="Which report it is, 1 = the first (required for recurring clauses)."
    ),
    recipient: Optional[str] = typer.Option(None),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A submission received by its recipient (a report, a review)."""
    between = received_between.split("/") if received_between else None
    fact = _validated(
        F.Submission,
        key=key,
        what=what,
        received=received,
        received_between=between,
        clause=clause,
        occurrence=occurrence,
        recipient=recipient,
        source=source or "recorded with comply record",
    )
    _record("submissions", fact, authority)


@record_app.command("meeting")
@fails_cleanly
def record_meeting(
    key: str = typer.Option(..., help="A unique key, e.g. csib-2017-07-24."),
    board: str = typer.Option(..., help="Board key, e.g. csib."),
    starts_at: str = typer.Option(..., help="Start, London time: 2017-07-24T16:00."),
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
    fact = _validated(
        F.Meeting,
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
        source=source or "recorded with comply record",
    )
    _record("meetings", fact, authority)


@record_app.command("membership")
@fails_cleanly
def record_membership(
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
    fact = _validated(
        F.Membership,
        board=board,
        person=person,
        capacity=capacity,
        start=start,
        until=until,
        external=external,
        source=source or "recorded with comply record",
    )
    _record("memberships", fact, authority)


@record_app.command("request")
@fails_cleanly
def record_request(
    key: str = typer.Option(...),
    type: str = typer.Option(..., help="access, instruction, support, review-information..."),
    made_at: str = typer.Option(...),
    made_by: Optional[str] = typer.Option(None),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A request (for example the Intervention Adviser asking for access to documents)."""
    _record(
        "requests",
        _validated(
            F.Request,
            key=key,
            type=type,
            made_at=made_at,
            made_by=made_by,
            source=source or "recorded with comply record",
        ),
        authority,
    )


@record_app.command("response")
@fails_cleanly
def record_response(
    request: str = typer.Option(...),
    responded_at: str = typer.Option(...),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """The response to a recorded request."""
    _record(
        "responses",
        _validated(
            F.Response, request=request, responded_at=responded_at, source=source or "recorded with comply record"
        ),
        authority,
    )


@record_app.command("direction-status")
@fails_cleanly
def record_direction_status(
    direction: str = typer.Option(...),
    status: str = typer.Option(..., help="revoked, varied or in_force"),
    effective: str = typer.Option(..., help="The date it takes effect."),
    source: Optional[str] = typer.Option(None, help=SOURCE_HELP),
    authority: Optional[str] = typer.Option(None),
) -> None:
    """A direction revoked or varied, from a date."""
    _record(
        "direction_status",
        _validated(
            F.DirectionStatus,
            direction=direction,
            status=status,
            effective=effective,
            source=source or "recorded with comply record",
        ),
        authority,
    )


@app.command("import")
@fails_cleanly
def import_(
    file: Path = typer.Argument(
        ..., help="A .yaml or .csv file of facts (format: README.md, 'Facts and the import format')."
    ),
    authority: Optional[str] = typer.Option(None, help="For CSV files: the authority the facts are about."),
) -> None:
    """Load a file of facts in one transaction: all of it, or nothing."""
    directions = load_directions(settings.directions_dir)
    with open_store(seed_if_empty=False) as store:
        n = import_file(store, file, directions, authority)
    err.print(f"imported {n} facts from {file} into {settings.store_path}")


@app.command()
@fails_cleanly
def directions() -> None:
    """List the direction files and their clauses (validates them)."""
    for d in load_directions(settings.directions_dir):
        end = d.in_force.until.isoformat() if d.in_force.until else "until revoked"
        out.print(
            f"[bold]{d.id}[/] {d.title} ({d.issuer}, {d.date.isoformat()}; in force {d.in_force.start.isoformat()} to {end})",
            highlight=False,
        )
        for c in d.clauses:
            out.print(f"  {d.clause_id(c)}: {c.title} [{c.rule.kind}]", highlight=False)


@app.command()
@fails_cleanly
def docs(
    out_dir: Path = typer.Option(..., "--out", help="Folder to write the site into (created if missing)."),
    results: Optional[Path] = typer.Option(
        None,
        "--results",
        help="A cucumber JSON report (pytest --cucumberjson) to "
        "show; default: run the feature scenarios now and write DIR/results.json.",
    ),
    features: Path = typer.Option(
        REPO_ROOT / "features", "--features", help="Folder of .feature files (default: features/)."
    ),
) -> None:
    """Write the living-documentation site: every direction and clause, the computed reading of its
    rule, and its Gherkin scenarios marked passed, failed or not run. Prints the path of index.html."""
    try:
        from engine.outputs import docs_site
    except ImportError as exc:  # pytest-bdd is a test tool: `pip install -e '.[test]'` (bash .ci/venv does)
        raise InputError(
            f"comply docs needs the test tools ({exc.name} is missing): pip install -e '.[test]'"
        ) from None

    directions_list = load_directions(settings.directions_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out: {out_dir} exists and is not a folder")
    if results is not None and not results.is_file():
        raise InputError(f"--results: {results} is not a file")
    if not features.is_dir():
        raise InputError(f"--features: {features} is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    if results is None:
        results = out_dir / "results.json"
        log = out_dir / "pytest-output.txt"
        code, summary = docs_site.run_scenarios(REPO_ROOT, features.resolve(), results.resolve(), log)
        err.print(f"scenarios: {summary} (pytest output: {log})", highlight=False)
        if code not in (0, 1):
            err.print(
                f"warning: pytest exited with code {code} (see {log}); scenarios without a result are shown as not run",
                highlight=False,
            )
    index = docs_site.build_site(directions_list, features, results, out_dir)
    sys.stdout.write(f"{index.resolve()}\n")


def _register_command_groups() -> None:
    """Each larger feature keeps its commands in its own module, which adds them to `app` here:
    the desk (serve, users), the Board report and calendar feed, the nightly run, the
    improvement plan and the benchmark."""
    from engine.cli import bench as cli_bench
    from engine.cli import board as cli_board
    from engine.cli import nightly as cli_nightly
    from engine.cli import plan as cli_plan
    from engine.cli import web as cli_web

    for module in (cli_web, cli_board, cli_nightly, cli_plan, cli_bench):
        module.register(app)


_register_command_groups()


if __name__ == "__main__":  # pragma: no cover
    # `python -m engine.cli.app` runs this file as __main__. Run the app of the engine.cli.app module itself, so
    # that commands which import engine.cli.app see the options parsed for this run (one settings object).
    from engine.cli.app import app as _cli_app

    _cli_app()
