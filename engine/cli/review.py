"""Legal review on the command line: `comply review` records a lawyer's sign-off of clauses, and
`comply reviews` (or `comply review --list`) shows whether each clause as it now stands was reviewed.

CLI wiring only: the content hash is engine/directions/content_hash.py, the reviews in the store
engine/store/reviews.py; docs/legal-review.md is the user's page. A refusal (an unknown direction or
clause, no reviewer) stores nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from engine.cli.app import Settings, app, check_format, err, out, settings
from engine.cli.shared import directions_of, open_store, recorded_by
from engine.core import clock
from engine.core.errors import InputError, unknown
from engine.directions.content_hash import PART_WORDS, ClauseHash, clause_hashes, default_features_dir
from engine.directions.model import Clause, Direction, load_direction
from engine.store.reviews import REVIEW_STATES, ReviewState, record_reviews, review_states

FEATURES_HELP = (
    "Folder of .feature files whose scenarios are part of what is reviewed (default: $COMPLY_FEATURES, "
    "else the features/ folder beside the directions folder)."
)


def features_folder(directions_dir: Path, features: Path | None) -> Path | None:
    """The folder of scenarios for these directions: `--features` (InputError naming it when it is not
    a folder), else content_hash.default_features_dir."""
    if features is not None:
        if not features.is_dir():
            raise InputError(f"--features: {features} is not a folder")
        return features
    return default_features_dir(directions_dir)


def _direction(s: Settings, given: str) -> tuple[Direction, list[Direction], Path]:
    """The direction named by an id of the settings' folder or by a path to a direction file, with the
    directions its clauses are hashed among and the folder they come from. InputError naming what is
    known when it is neither."""
    path = Path(given)
    if given.endswith((".yaml", ".yml")) or path.is_file():
        if not path.is_file():
            raise InputError(f"DIRECTION: no direction file {given}")
        d = load_direction(path)
        return d, [d], path.resolve().parent
    directions = directions_of(s)
    for d in directions:
        if d.id == given:
            return d, directions, s.directions_dir
    raise InputError(
        f"DIRECTION: {unknown('direction', given, [d.id for d in directions], f' in {s.directions_dir}', 'comply directions')}; "
        "give a direction id or a .yaml file"
    )


def _clauses(d: Direction, keys: list[str], everything: bool) -> list[Clause]:
    """The clauses named by key (or by clause id), or all of them with --all; InputError naming the
    clause and the direction's clauses otherwise."""
    if everything and keys:
        raise InputError("give either --clause (one or more) or --all, not both")
    if everything:
        return list(d.clauses)
    if not keys:
        raise InputError(
            f"--clause: name the clauses reviewed (of {d.id}: {', '.join(c.key for c in d.clauses)}), or give --all"
        )
    out: list[Clause] = []
    for key in keys:
        found = next((c for c in d.clauses if key in (c.key, d.clause_id(c))), None)
        if found is None:
            raise InputError(
                f"--clause: {unknown('clause', key, [c.key for c in d.clauses], f' in {d.id}', 'comply directions')}"
            )
        if found not in out:
            out.append(found)
    return out


def _print_states(
    directions: list[Direction], states: dict[str, ReviewState], format: str, features: Path | None
) -> None:
    """The review state of every clause: a table, or JSON (docs/legal-review.md)."""
    if format == "json":
        doc = {
            "features": str(features) if features else None,
            "clauses": [
                {"clause": d.clause_id(c), "title": c.title, **states[d.clause_id(c)].to_json()}
                for d in directions
                for c in d.clauses
            ],
        }
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title="Legal review of each clause as it now stands", title_justify="left")
    for col in ("clause", "review", "by", "when", "what changed since"):
        table.add_column(col, overflow="fold")
    for d in directions:
        for c in d.clauses:
            st = states[d.clause_id(c)]
            r = st.review
            changed = "; ".join(PART_WORDS[p] for p in st.changed) if st.state == "changed" else ""
            table.add_row(
                escape(d.clause_id(c)),
                REVIEW_STATES[st.state],
                escape(r.reviewer) if r else "",
                r.when_words() if r else "never",
                escape(changed),
            )
    out.print(table)
    where = f"scenarios from {features}" if features else "no features folder: the clauses have no scenarios"
    out.print(f"Content hashes of the clauses as they now stand ({where}).", style="dim", highlight=False)


def _list(ctx: typer.Context, direction: str | None, features: Path | None, format: str) -> None:
    s = settings(ctx)
    if direction is not None:
        d, _, folder = _direction(s, direction)
        directions = [d]
    else:
        directions, folder = directions_of(s), s.directions_dir
    feats = features_folder(folder, features)
    hashes = clause_hashes(directions, feats)
    with open_store(s) as store:
        states = review_states(store, hashes)
    _print_states(directions, states, format, feats)


@app.command()
def review(
    ctx: typer.Context,
    direction: Optional[str] = typer.Argument(
        None, help="A direction id (bv-2017) or a direction file (directions/bv-2017.yaml)."
    ),
    clause: list[str] = typer.Option([], "--clause", help="A clause key reviewed (repeat for several)."),
    all_clauses: bool = typer.Option(False, "--all", help="Every clause of the direction was reviewed."),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help='Who reviewed them: "Name, role".'),
    note: Optional[str] = typer.Option(None, "--note", help="What the reviewer adds (optional)."),
    list_: bool = typer.Option(False, "--list", help="Show the review state of every clause instead (as `reviews`)."),
    features: Optional[Path] = typer.Option(None, "--features", help=FEATURES_HELP),
    format: str = typer.Option("table", "--format", help="With --list: table or json."),
) -> None:
    """Record a lawyer's sign-off of clauses of a direction, as they now stand (their words, rule,
    readings and scenarios: a later change marks them changed since review). Nothing is stored on an
    error."""
    check_format(format, ("table", "json"))
    if list_:
        _list(ctx, direction, features, format)
        return
    if direction is None:
        raise InputError("DIRECTION: name the direction reviewed (an id such as bv-2017, or its file), or give --list")
    s = settings(ctx)
    d, _, folder = _direction(s, direction)
    chosen = _clauses(d, clause, all_clauses)
    hashes = clause_hashes([d], features_folder(folder, features))
    todo: list[ClauseHash] = [hashes[d.clause_id(c)] for c in chosen]
    with open_store(s) as store:
        recorded = record_reviews(store, todo, reviewer or "", note, recorded_by("comply review"), clock.now())
    for r in recorded:
        err.print(
            escape(f"recorded the review of {r.clause_id} by {r.reviewer} at {r.when_words()} "
                   f"(content hash {r.content_hash[:12]}) in {s.store_path}"),
            highlight=False,
        )  # fmt: skip


@app.command()
def reviews(
    ctx: typer.Context,
    direction: Optional[str] = typer.Argument(None, help="Only this direction (an id or a direction file)."),
    features: Optional[Path] = typer.Option(None, "--features", help=FEATURES_HELP),
    format: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Whether each clause as it now stands was reviewed: reviewed (by whom, when), not reviewed, or
    changed since review (who signed it last, when, and which part changed)."""
    check_format(format, ("table", "json"))
    _list(ctx, direction, features, format)
