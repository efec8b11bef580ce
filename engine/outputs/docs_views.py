"""The living documentation's view of a `.feature` file: features, scenarios, steps and results.

Why a module of its own: three parts of `comply docs` share these shapes. Reading the `.feature`
files fills them (engine/outputs/docs_features.py), the test run's results are laid over them
(engine/outputs/docs_results.py), and the pages show them (engine/outputs/docs_site.py and the
templates in engine/outputs/templates/docs/). Here they are plain data with the few answers a page
asks of them (a scenario's overall status, its anchor, how its example rows fared).

The statuses here are those of a scenario run in the test suite (passed, failed, not run), not the
statuses of a finding (engine/core/status.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "PASSED",
    "FAILED",
    "NOT_RUN",
    "Result",
    "StepView",
    "ExampleRow",
    "ExamplesView",
    "ScenarioView",
    "FeatureView",
    "slug",
]

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"

#: how many lines of a failure's message a page shows (the end of it, where the assertion is)
ERROR_LINES = 40


@dataclass
class Result:
    """How one scenario run (or one example row of an outline) fared in the test run."""

    status: str = NOT_RUN
    detail: str = ""  # why it failed (the error message, or which step had no result)
    steps: dict[int, str] = field(default_factory=dict)  # step line -> passed / failed / skipped

    def step_mark(self, line: int) -> str | None:
        """What a page marks beside the step at `line`: 'passed', 'failed', 'no result' (the run
        ended before it), or None when the scenario did not run at all."""
        status = self.steps.get(line)
        if status in (PASSED, FAILED):
            return status
        if self.status != NOT_RUN:
            return "no result"
        return None

    @property
    def detail_tail(self) -> str:
        """The failure's message, stripped, cut to its last ERROR_LINES lines."""
        return "\n".join(self.detail.strip().splitlines()[-ERROR_LINES:])


@dataclass
class StepView:
    """One Gherkin step, with its data table or docstring if it has one."""

    keyword: str
    text: str
    line: int
    datatable: list[list[str]] | None = None
    docstring: str | None = None
    docstring_delimiter: str = '"""'


@dataclass
class ExampleRow:
    """One row of a Scenario Outline's Examples table: one run of the outline."""

    line: int
    values: list[str]
    result: Result = field(default_factory=Result)


@dataclass
class ExamplesView:
    """One Examples table of a Scenario Outline."""

    keyword: str
    name: str
    line: int
    tags: list[str]
    header: list[str]
    rows: list[ExampleRow]


@dataclass
class ScenarioView:
    """A scenario (or Scenario Outline) as written, with the clauses it names and its results."""

    feature: FeatureView
    keyword: str
    name: str
    line: int
    description: str
    tags: list[str]  # the scenario's own tags, without '@', in file order
    inherited_tags: list[str]  # from the feature and the rule
    rule: str | None
    background: list[StepView]  # the feature's and the rule's Background steps
    steps: list[StepView]
    examples: list[ExamplesView]
    result: Result = field(default_factory=Result)  # for a plain scenario; an outline has one per row
    clause_ids: list[str] = field(default_factory=list)
    unknown_tags: list[str] = field(default_factory=list)

    @property
    def is_outline(self) -> bool:
        return bool(self.examples)

    @property
    def all_tags(self) -> list[str]:
        """The feature's, the rule's, the scenario's and its Examples' tags, each once."""
        tags = list(self.inherited_tags) + list(self.tags)
        for ex in self.examples:
            tags += ex.tags
        return list(dict.fromkeys(tags))

    @property
    def shown_tags(self) -> list[str]:
        """The tags shown above the scenario: the inherited ones and its own, each once."""
        return list(dict.fromkeys(self.inherited_tags + self.tags))

    @property
    def runs(self) -> list[Result]:
        """One result per run: a plain scenario runs once, an outline once per example row."""
        if self.is_outline:
            return [row.result for ex in self.examples for row in ex.rows]
        return [self.result]

    @property
    def status(self) -> str:
        """The worst of its runs: failed, else not run, else passed."""
        statuses = {r.status for r in self.runs}
        if FAILED in statuses:
            return FAILED
        if NOT_RUN in statuses or not statuses:
            return NOT_RUN
        return PASSED

    @property
    def runs_summary(self) -> str:
        """How an outline's rows fared, in words: 'all 2 examples', 'its one example' (when they
        all share its status) or '1 passed, 1 failed'."""
        runs = self.runs
        n = {s: sum(1 for r in runs if r.status == s) for s in (PASSED, FAILED, NOT_RUN)}
        if n[self.status] == len(runs):
            return f"all {len(runs)} examples" if len(runs) != 1 else "its one example"
        return ", ".join(f"{v} {k}" for k, v in n.items() if v)

    @property
    def anchor(self) -> str:
        return f"{slug(self.feature.path.stem)}-L{self.line}"

    @property
    def location(self) -> str:
        return f"{self.feature.display}:{self.line}"

    def expected_step_lines(self) -> list[int]:
        """The lines of every step a full run reports: the Background's, then its own."""
        return [s.line for s in self.background + self.steps]


@dataclass
class FeatureView:
    """One `.feature` file and its scenarios, in file order."""

    path: Path
    display: str  # features/bv-2017.feature
    keyword: str
    name: str
    description: str
    tags: list[str]
    scenarios: list[ScenarioView] = field(default_factory=list)


def slug(text: str) -> str:
    """Text made safe as a file name or an anchor: runs of other characters become '-'."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"
