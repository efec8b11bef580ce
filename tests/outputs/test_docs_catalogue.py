"""The living documentation's catalogue (engine/outputs/docs_catalogue.py): each scenario under the
clauses it is tagged with, the rest listed as untagged or unknown (never hidden), and the counts."""

from __future__ import annotations

from pathlib import Path

from engine.cli.app import REPO_ROOT
from engine.directions.model import load_directions
from engine.outputs.docs_catalogue import catalogue, direction_counts, orphan_counts, total_counts
from engine.outputs.docs_features import load_features

DIRECTIONS = load_directions(REPO_ROOT / "directions")


def test_scenarios_are_placed_under_their_clauses_and_the_rest_is_listed_not_hidden(tmp_path: Path):
    features = tmp_path / "features"
    features.mkdir()
    (features / "bv-2017.feature").write_text(
        "Feature: bv\n"
        "  @bv-2017.quarterly-report @bv-2017.independent-review\n  Scenario: two clauses\n    Given x\n"
        "  @bv-2017.no-such-clause\n  Scenario: a misspelt clause\n    Given x\n"
        "  Scenario: no tag\n    Given x\n",
        encoding="utf-8",
    )
    (features / "elsewhere.feature").write_text("Feature: e\n  Scenario: nobody's\n    Given x\n", encoding="utf-8")
    cat = catalogue(DIRECTIONS, load_features(features))
    names = lambda scenarios: [sc.name for sc in scenarios]  # noqa: E731
    assert names(cat.by_clause["bv-2017.quarterly-report"]) == ["two clauses"]
    assert names(cat.by_clause["bv-2017.independent-review"]) == ["two clauses"]
    assert names(cat.unknown["bv-2017"]) == ["a misspelt clause", "no tag"]  # by its feature file's name
    assert names(cat.unknown[None]) == ["nobody's"]
    misspelt = cat.unknown["bv-2017"][0]
    assert misspelt.unknown_tags == ["bv-2017.no-such-clause"] and misspelt.clause_ids == []
    bv = next(d for d in DIRECTIONS if d.id == "bv-2017")
    n = direction_counts(cat, bv)
    assert (n.clauses, n.covered, n.not_run, n.unknown) == (len(bv.clauses), 2, 3, 2)
    orphans = orphan_counts(cat)
    assert orphans is not None and (orphans.unknown, orphans.not_run) == (1, 1)
    total = total_counts(cat)
    assert total.clauses == sum(len(d.clauses) for d in DIRECTIONS) and (total.not_run, total.unknown) == (4, 3)
