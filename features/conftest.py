"""Make the step library (features/steps/) visible to pytest-bdd, and say so plainly when a sentence
is not understood.

The sentences live in features/steps/ (givens, checks, thens), each registered with its example in
`steps.sentences`; this file imports their step fixtures, registers every clause id (and every
improvement-plan status definition) as a marker so that scenario tags pass `--strict-markers`, and
turns pytest-bdd's StepDefinitionNotFoundError into a message a lawyer can act on: the sentence, the
nearest known sentences and the names the files define.

Scenarios may run against other folders (no Python added): `$COMPLY_FEATURES` (feature files),
`$COMPLY_DIRECTIONS` (direction files) and `$COMPLY_FACTS` (more facts files), see features/README.md.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import plan_steps
import pytest
from plan_steps import plan_world  # noqa: F401  (its fixture)
from steps import checks, givens, names, thens
from steps.sentences import SENTENCES
from steps.world import World, directions

from engine.plan.model import DEFINITIONS

for _module in (givens, checks, thens, plan_steps):
    globals().update({k: v for k, v in vars(_module).items() if k.startswith("pytestbdd_")})

#: the tags of the improvement plan's status definitions: `@improvement-plan.<definition>`
PLAN_TAGS = {f"improvement-plan.{names.slug(d)}": d for d in DEFINITIONS}


def pytest_configure(config: pytest.Config) -> None:
    """Register every clause id, and every plan status definition, as a marker: a scenario's tags
    become markers in pytest-bdd, and pyproject sets --strict-markers, so a tag that is neither fails."""
    for direction in directions():
        for clause in direction.clauses:
            config.addinivalue_line("markers", f"{direction.clause_id(clause)}: {direction.title}: {clause.title}")
    for tag, definition in PLAN_TAGS.items():
        config.addinivalue_line("markers", f"{tag}: the improvement plan's definition of {definition}")


@pytest.fixture
def world(tmp_path: Path) -> World:
    """The facts and directions one scenario builds (features/steps/world.py)."""
    return World(tmp_path)


def not_understood(keyword: str, text: str) -> str:
    """What to say of a sentence no step matches: the sentence, the nearest known sentences (by their
    examples) and the names the direction files define."""
    examples = [f"{s.keyword} {s.example}" for s in SENTENCES]
    said = f"{keyword} {text}"
    near = difflib.get_close_matches(said, examples, n=3, cutoff=0.3)
    shapes = [f"{s.keyword} {s.example}" for s in SENTENCES if re.match(re.escape(text.split()[0]), s.example)]
    near += [s for s in shapes if s not in near][: max(0, 3 - len(near))]
    defined = directions()
    duties = "; ".join(
        f"{d.called[0] if d.called else d.id}: " + ", ".join(p for c in d.clauses for p in c.called) for d in defined
    )
    roles = ", ".join(sorted({r.name for d in defined for r in d.roles.values()}))
    instruments = ", ".join(c for d in defined for c in d.called)
    return (
        f"This sentence is not understood: {said!r}.\n"
        "The nearest sentences the library knows:\n" + "".join(f"  {n}\n" for n in near) +
        f"The duties are called ({duties}).\nThe instruments are called: {instruments}.\nThe roles are: {roles}.\n"
        "Every sentence, with an example, is in features/README.md (and `comply docs`)."
    )  # fmt: skip


def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception) -> None:  # noqa: ANN001
    """A step no sentence matches: fail the scenario with `not_understood`, not pytest-bdd's message."""
    pytest.fail(
        f"{feature.rel_filename}, line {step.line_number}: " + not_understood(step.type.capitalize(), step.name),
        pytrace=False,
    )
