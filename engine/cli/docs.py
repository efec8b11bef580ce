"""The living documentation on the command line: `comply docs --out DIR`.

The site is built by engine/outputs/docs_site.py, which reads the feature files with pytest-bdd's
Gherkin parser. pytest-bdd is a test tool (the `test` extra), imported only when the site is built:
an installation without it gets one line saying what to install, and every other command works.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Optional, TypeVar

import typer

from engine.cli.app import REPO_ROOT, Settings, app, err, progress, settings
from engine.cli.shared import directions_of, open_store
from engine.core.errors import InputError
from engine.directions.bundled import bundled_features_dir, is_checkout
from engine.directions.content_hash import clause_hashes
from engine.directions.model import Direction
from engine.operations.executors import WORKERS, run_batches
from engine.outputs import docs_site
from engine.outputs.docs_features import gherkin, load_features
from engine.outputs.docs_site import ScenarioRun
from engine.store.reviews import ReviewState, clause_review_states, review_state

T = TypeVar("T")


def _reviews(s: Settings, directions: list[Direction], features: Path) -> tuple[dict[str, ReviewState], str]:
    """Whether each clause as it now stands (with the scenarios of `features`) was reviewed, from the
    settings' store when it exists (docs/legal-review.md), and a sentence saying where that comes from.
    With no store, every clause reads as not reviewed and the sentence says why."""
    if not s.store_path.exists():
        hashes = clause_hashes(directions, features)
        states = {cid: review_state([], h) for cid, h in hashes.items()}
        return states, f"Legal reviews: no store at {s.store_path}, so no review is known (comply review records them)."
    with open_store(s) as store:
        states = clause_review_states(store, directions, features)
    return states, f"Legal reviews as recorded in {s.store_path} (comply review), for each clause as it now stands."


def _at_once(work: Callable[[ScenarioRun], T], runs: list[ScenarioRun]) -> list[T]:
    """The scenarios' pytest processes run at once, each in a worker process of its own
    (engine/operations/executors.py `run_batches`, as the nightly run's batches are); results in their order."""
    return run_batches(
        work, runs, describe=lambda r: f"pytest process {r.shard + 1} of {len(runs)}", label="comply docs"
    )


@app.command()
def docs(
    ctx: typer.Context,
    out_dir: Path = typer.Option(..., "--out", help="Folder to write the site into (created if missing)."),
    results: Optional[Path] = typer.Option(
        None,
        "--results",
        help="A cucumber JSON report (pytest --cucumberjson) to "
        "show; default: run the feature scenarios now and write DIR/results.json.",
    ),
    features: Path = typer.Option(
        bundled_features_dir(), "--features", help="Folder of .feature files (default: features/)."
    ),
) -> None:
    """Write the living-documentation site: every direction and clause, the computed reading of its
    rule, and its Gherkin scenarios marked passed, failed or not run. Prints the path of index.html."""
    gherkin()  # the test tools are there (pytest-bdd), or one line saying what to install
    directions_list = directions_of(settings(ctx))
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out: {out_dir} exists and is not a folder")
    if results is not None and not results.is_file():
        raise InputError(f"--results: {results} is not a file")
    if not features.is_dir():
        raise InputError(f"--features: {features} is not a folder")
    if results is None and not is_checkout():
        raise InputError(
            "comply docs runs the scenarios only from a checkout of comply (their step definitions are in its "
            "features/steps/); give --results FILE, a cucumber JSON report of an earlier run (pytest --cucumberjson)"
        )
    # a feature file that does not parse: the site's own error, before anything is written or run
    features_list = load_features(features)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out: cannot create the folder {out_dir}: {exc.strerror or exc}") from None
    if results is None:
        results = out_dir / "results.json"
        log = out_dir / "pytest-output.txt"
        shards = max(1, min(WORKERS, sum(len(sc.runs) for f in features_list for sc in f.scenarios)))
        with progress(f"Running the feature scenarios (pytest, {shards} process{'es' if shards > 1 else ''})"):
            code, summary = docs_site.run_scenarios(
                REPO_ROOT, features.resolve(), results.resolve(), log, shards=shards, runner=_at_once
            )
        err.print(f"scenarios: {summary} (pytest output: {log})", highlight=False)
        if code not in (0, 1):
            err.print(
                f"warning: pytest exited with code {code} (see {log}); scenarios without a result are shown as not run",
                highlight=False,
            )
    reviews, reviews_note = _reviews(settings(ctx), directions_list, features)
    with progress("Writing the site"):
        index = docs_site.build_site(directions_list, features, results, out_dir, reviews, reviews_note, features_list)
    sys.stdout.write(f"{index.resolve()}\n")
