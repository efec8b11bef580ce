"""The national-scale benchmark: `comply bench` (issue 7). The work is in engine/operations/bench/."""

from __future__ import annotations

from pathlib import Path

import typer

from engine.core.errors import InputError


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(
            f"--sizes: expected numbers of authorities separated by commas, such as 10,100,1000; got {text!r}"
        ) from None
    if not sizes or any(n < 1 for n in sizes):
        raise InputError(f"--sizes: expected positive numbers of authorities, got {text!r}")
    return sizes


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `comply` application."""

    @app.command()
    def bench(
        sizes: str = typer.Option("10,100,1000", help="Numbers of authorities to measure, comma-separated."),
        years: int = typer.Option(5, min=1, help="Years of meetings, submissions and requests per authority."),
        seed: int = typer.Option(1, help="Seed of the generator: the same seed gives the same facts."),
        work_dir: Path = typer.Option(
            Path("bench-work"), "--work-dir", help="Where the generated stores are kept (and reused when identical)."
        ),
        oracle: bool = typer.Option(True, "--oracle/--no-oracle", help="Also run the plain-Python oracle and compare."),
        json_out: Path = typer.Option(None, "--json", help="Also write every figure to this JSON file."),
        profile: int = typer.Option(
            0, "--profile", min=0, help="Also profile this many authorities of the largest size, in one process."
        ),
    ) -> None:
        """Measure evaluation at national scale: load floor, evaluation, oracle, memory, re-check."""
        from engine.cli.app import err, fails_cleanly, settings
        from engine.directions.model import load_directions
        from engine.operations.bench import generate as G
        from engine.operations.bench import run as R

        @fails_cleanly
        def go() -> None:
            wanted = _sizes(sizes)
            seed_directions = load_directions(settings.directions_dir)
            results = []
            err.print(f"machine: {R.machine()}", highlight=False)
            for n in wanted:
                result = R.measure(
                    G.Plan(n, years, seed),
                    work_dir,
                    seed_directions,
                    oracle,
                    progress=lambda msg: err.print(f"[dim]{msg}[/]", highlight=False),
                )
                results.append(result)
                typer.echo(f"\n{n:,} authorities x {years} years (seed {seed}, as of {G.Plan(n, years, seed).as_of})")
                for label, value in R.rows(result):
                    typer.echo(f"  {label:<50} {value}")
            for result in results:
                for crash in result.crashes:
                    typer.echo(f"worker crash at N = {result.authorities:,}: {crash} (re-run)")
            typer.echo("\n" + R.table(results))
            typer.echo("\nmachine: " + R.machine())
            typer.echo("\n".join(["", "targets:", *("  " + v for v in R.verdicts(results))]))
            if json_out is not None:
                json_out.write_text(R.as_json(results), encoding="utf-8")
            if profile:
                from engine.operations.bench.profile import profile as run_profile

                plan = G.Plan(max(_sizes(sizes)), years, seed)
                steps = run_profile(G.store_path(work_dir, plan), plan, seed_directions, profile)
                typer.echo(
                    f"\nprofile: {min(profile, plan.authorities)} authorities of {plan.authorities:,} "
                    "evaluated in one process (cProfile, CPU time)"
                )
                for name, seconds, share in steps:
                    typer.echo(f"  {name:<55} {seconds:7.2f} s  {share:6.1%}")

        go()
