"""The catalogue of the living documentation: directions, their clauses, and the scenarios of each, counted.

Why: the site is read clause by clause, so every scenario must be placed under the clauses it pins
down, and the index must say how much of each direction is covered and how its scenarios fared.

Decisions: a scenario is placed under every clause whose id it is tagged with
(`@bv-2017.quarterly-report`). A scenario with no clause tag, or with a tag that is neither a clause
id nor a direction id, is also listed under "Untagged / unknown clause" (of its direction, when its
feature file or one of its tags names one), so that nothing is hidden. Counts of passed, failed and
not run are of scenario runs: a Scenario Outline runs once per example row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.directions import model as D
from engine.outputs.docs_views import FAILED, PASSED, FeatureView, ScenarioView

__all__ = [
    "Catalogue",
    "catalogue",
    "Counts",
    "direction_scenarios",
    "direction_counts",
    "scenario_counts",
    "orphan_counts",
    "total_counts",
]


@dataclass
class Catalogue:
    """The directions, the parsed features, and the scenarios placed under each clause id."""

    directions: list[D.Direction]
    features: list[FeatureView]
    by_clause: dict[str, list[ScenarioView]]
    unknown: dict[str | None, list[ScenarioView]]  # direction id (or None) -> untagged/unknown scenarios


def catalogue(directions: list[D.Direction], features: list[FeatureView]) -> Catalogue:
    """Place every scenario under the clauses its tags name, and under "Untagged / unknown clause"
    when it names none or carries a tag that is neither a clause id nor a direction id (setting
    each scenario's `clause_ids` and `unknown_tags`)."""
    clause_ids = {d.clause_id(c) for d in directions for c in d.clauses}
    direction_ids = {d.id for d in directions}
    by_clause: dict[str, list[ScenarioView]] = {cid: [] for cid in clause_ids}
    unknown: dict[str | None, list[ScenarioView]] = {}
    for feat in features:
        for sc in feat.scenarios:
            tags = sc.all_tags
            sc.clause_ids = [t for t in tags if t in clause_ids]
            sc.unknown_tags = [t for t in tags if t not in clause_ids and t not in direction_ids]
            for cid in sc.clause_ids:
                by_clause[cid].append(sc)
            if not sc.clause_ids or sc.unknown_tags:
                unknown.setdefault(_attribute(sc, direction_ids), []).append(sc)
    return Catalogue(directions, features, by_clause, unknown)


def _attribute(sc: ScenarioView, direction_ids: set[str]) -> str | None:
    """The direction an untagged scenario belongs to: its feature file's name, else a tag's prefix."""
    if sc.feature.path.stem in direction_ids:
        return sc.feature.path.stem
    for tag in sc.all_tags:  # a clause id, a direction id, or a misspelt clause of a known direction
        for did in sorted(direction_ids, key=len, reverse=True):
            if tag == did or tag.startswith(did + "."):
                return did
    return None


@dataclass
class Counts:
    """Clauses, clauses covered by a scenario, scenario runs by result, untagged/unknown scenarios."""

    clauses: int = 0
    covered: int = 0
    passed: int = 0
    failed: int = 0
    not_run: int = 0
    unknown: int = 0

    def add_runs(self, scenarios: Iterable[ScenarioView]) -> None:
        """Count the runs of the scenarios (an outline's rows each count) by their result."""
        for sc in scenarios:
            for r in sc.runs:
                if r.status == PASSED:
                    self.passed += 1
                elif r.status == FAILED:
                    self.failed += 1
                else:
                    self.not_run += 1


def direction_scenarios(cat: Catalogue, d: D.Direction) -> list[ScenarioView]:
    """Every scenario shown on a direction's page, once each."""
    seen: dict[int, ScenarioView] = {}
    for c in d.clauses:
        for sc in cat.by_clause[d.clause_id(c)]:
            seen.setdefault(id(sc), sc)
    for sc in cat.unknown.get(d.id, []):
        seen.setdefault(id(sc), sc)
    return list(seen.values())


def direction_counts(cat: Catalogue, d: D.Direction) -> Counts:
    """A direction's row of the index: its clauses, how many are covered, its scenario runs."""
    n = Counts(clauses=len(d.clauses))
    n.covered = sum(1 for c in d.clauses if cat.by_clause[d.clause_id(c)])
    n.add_runs(direction_scenarios(cat, d))
    n.unknown = len(cat.unknown.get(d.id, []))
    return n


def scenario_counts(scenarios: list[ScenarioView]) -> Counts:
    """The runs of some scenarios (a clause's, say) by their result."""
    n = Counts()
    n.add_runs(scenarios)
    return n


def orphan_counts(cat: Catalogue) -> Counts | None:
    """The index's row for the scenarios that belong to no direction, or None when there are none."""
    orphans = cat.unknown.get(None, [])
    if not orphans:
        return None
    n = Counts(unknown=len(orphans))
    n.add_runs(orphans)
    return n


def total_counts(cat: Catalogue) -> Counts:
    """The index's last row: every direction's counts and the orphans' runs, added up."""
    total = Counts()
    rows = [direction_counts(cat, d) for d in cat.directions]
    orphans = orphan_counts(cat)
    for n in rows + ([orphans] if orphans else []):
        for k in ("clauses", "covered", "passed", "failed", "not_run", "unknown"):
            setattr(total, k, getattr(total, k) + getattr(n, k))
    return total
