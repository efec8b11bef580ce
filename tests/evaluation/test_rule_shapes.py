"""The rule shape durable-rules 2.0.28 reads past the end of memory is refused, and the bundled
check that it crashed (as of 1 April 2017, on most hash seeds) runs clean on several seeds.

Why: the crash depended on what lay in memory past durable's node pool, so it came and went with
the build, the imports and the hash seed (docs/durable-rules.md). The defence is structural (the
shape is refused when rules are defined), and this file checks both the refusal and the case that
found it.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from durable.lang import c, m
from helpers import COMPLY, REPO_ROOT, init_demo

from rules import obligations, plan
from rules.one_rule_each import rulesets


def _nothing(_cx) -> None:
    return None


def test_a_fact_compared_with_another_exactly_once_is_refused():
    one_join = (c.clock << (m.t == "clock"), c.o << (m.t == "obligation") & (m.due > c.clock.ends))
    with pytest.raises(ValueError, match="compare with another fact exactly once"):
        rulesets("shape_test_one_", {"lapsed": (one_join, _nothing)})


def test_two_comparisons_or_a_field_of_the_same_fact_are_accepted():
    two = (c.clock << (m.t == "clock"), c.o << (m.t == "obligation") & (m.due > c.clock.ends) & (m.due >= c.clock.ends))
    same_fact = (c.clock << (m.t == "clock"), c.o << (m.t == "obligation") & (m.due > m.ends))
    assert len(rulesets("shape_test_two_", {"a": (two, _nothing), "b": (same_fact, _nothing)})) == 2


def test_every_rule_family_defines_without_the_refused_shape():
    assert len(obligations.define(lambda *a: None, prefix="shape_check_")) == 8
    assert plan.define(lambda *a: None, prefix="shape_check_")


@pytest.mark.parametrize("seed", ["0", "1", "2", "3"])
def test_the_check_that_found_the_crash_runs_on_several_hash_seeds(tmp_path, seed):
    store = tmp_path / "comply.db"
    init_demo(store)
    env = {**os.environ, "COMPLY_STORE": str(store), "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [*COMPLY, "check", "--as-of", "2017-04-01", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"findings"' in done.stdout
