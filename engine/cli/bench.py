"""The national-scale benchmark on the command line: `comply bench`. The work is in engine/operations/bench/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from engine.cli.app import app, err, progress, progress_wanted, settings
from engine.cli.shared import directions_of
from engine.core.errors import InputError
from engine.core.files import check_out_path, write_atomically
from engine.operations.bench import generate as G
from engine.operations.bench import latency as L
from engine.operations.bench import run as R
from engine.operations.bench.profile import profile as run_profile
from engine.operations.executors import check_executor


def _sizes(text: str) -> list[int]:
    """`--sizes` as numbers of authorities; InputError naming the option when it is not a list of positive numbers."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(
            f"--sizes: expected numbers of authorities separated by commas, such as 10,100,1000; got {text!r}"
        ) from None
    if not sizes or any(n < 1 for n in sizes):
        raise InputError(f"--sizes: expected positive numbers of authorities, got {text!r}")
    return sizes


@app.command()
def bench(
    ctx: typer.Context,
    sizes: str = typer.Option("10,100,1000", help="Numbers of authorities to measure, comma-separated."),
    years: int = typer.Option(5, min=1, help="Years of meetings, submissions and requests per authority."),
    seed: int = typer.Option(1, help="Seed of the generator: the same seed gives the same facts."),
    work_dir: Path = typer.Option(
        Path("bench-work"), "--work-dir", help="Where the generated stores are kept (and reused when identical)."
    ),
    oracle: bool = typer.Option(True, "--oracle/--no-oracle", help="Also run the plain-Python oracle and compare."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write every figure to this JSON file."),
    profile: int = typer.Option(
        0, "--profile", min=0, help="Also profile this many authorities of the largest size, in one process."
    ),
    latency: Optional[bool] = typer.Option(
        None,
        "--latency/--no-latency",
        help="Only the latency budgets (--latency), or only the national-scale figures (--no-latency); default: both.",
    ),
    latency_runs: int = typer.Option(
        7, "--latency-runs", min=1, help="Runs of each latency figure (its median is shown)."
    ),
    import_facts: int = typer.Option(
        100_000, "--import-facts", min=1, help="Facts the import budget imports (whole generated authorities)."
    ),
    docs: bool = typer.Option(
        True, "--docs/--no-docs", help="Include `comply docs` in the latency budgets (it runs every scenario)."
    ),
    commands_only: bool = typer.Option(
        False,
        "--latency-commands",
        help="Only the cold commands' latency budgets (`python -c pass`, a cold `comply check`, `comply --help`, "
        "`comply check --help`): about a minute.",
    ),
    executor: Optional[str] = typer.Option(
        None,
        "--executor",
        metavar="ADDRESS",
        help="Where the batches run: 'local' (the default: worker processes on this machine) or a Dask "
        "scheduler's tcp://HOST:PORT (the dask extra; each batch's facts travel with it; docs/performance.md in the source repository).",
    ),
) -> None:
    """Measure evaluation at national scale (load floor, evaluation, oracle, memory, re-check) and the latency
    budgets where people wait (a cold `comply check`, help, the Board report, docs, a desk page, a re-check),
    each with its target, met or missed."""
    wanted = _sizes(sizes)
    executor = check_executor(executor)
    if work_dir.exists() and not work_dir.is_dir():
        raise InputError(f"--work-dir: {work_dir} exists and is not a folder")
    if json_out is not None:
        check_out_path(json_out, "--json")  # before the measurements, which take minutes
    seed_directions = directions_of(settings(ctx))
    err.print(f"machine: {R.machine()}", highlight=False)
    budgets: list[L.Budget] = []
    latency = True if commands_only else latency
    if latency is not False:  # first: a few minutes at most, where the national-scale figures take many
        with progress("latency budgets", total=None) as step:
            budgets = L.measure_latency(
                work_dir,
                seed_directions,
                latency_runs,
                docs,
                progress=step if progress_wanted() else lambda msg: err.print(f"[dim]{msg}[/]", highlight=False),
                import_facts=import_facts,
                commands_only=commands_only,
            )
        typer.echo("latency budgets (medians; ratios to a baseline measured in the same run)\n")
        typer.echo(L.latency_table(budgets))
        typer.echo("\nmachine: " + R.machine())
    results: list[R.SizeResult] = []
    drawn = progress_wanted()  # a bar on a terminal; the steps as lines in a log
    for n in [] if latency else wanted:  # --latency: the latency budgets only
        with progress(f"{n:,} authorities", total=None) as step:
            result = R.measure(
                G.Plan(n, years, seed),
                work_dir,
                seed_directions,
                oracle,
                executor=executor,
                progress=step if drawn else lambda msg: err.print(f"[dim]{msg}[/]", highlight=False),
            )
        results.append(result)
        typer.echo(f"\n{n:,} authorities x {years} years (seed {seed}, as of {G.Plan(n, years, seed).as_of})")
        for label, value in R.rows(result):
            typer.echo(f"  {label:<50} {value}")
    for result in results:
        for crash in result.crashes:
            typer.echo(f"worker crash at N = {result.authorities:,}: {crash} (re-run)")
    if results:
        typer.echo("\n" + R.table(results))
        typer.echo("\nmachine: " + R.machine())
        typer.echo("\n".join(["", "targets:", *("  " + v for v in R.verdicts(results))]))
    if json_out is not None:
        figures = {"sizes": R.as_records(results), "latency": L.latency_as_json(budgets)}
        write_atomically(json_out, json.dumps(figures, indent=1).encode("utf-8"), option="--json")
    if profile and results:
        plan = G.Plan(max(wanted), years, seed)
        steps = run_profile(G.store_path(work_dir, plan), plan, seed_directions, profile)
        typer.echo(
            f"\nprofile: {min(profile, plan.authorities)} authorities of {plan.authorities:,} "
            "evaluated in one process (cProfile, CPU time)"
        )
        for name, seconds, share in steps:
            typer.echo(f"  {name:<55} {seconds:7.2f} s  {share:6.1%}")
