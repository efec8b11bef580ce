"""`comply docs` runs the scenarios in several pytest processes at once (engine/outputs/docs_shard.py): the
shards together are the whole run, each test once and in order, and the joined report, exit code and summary
are those of a single run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cli.app import REPO_ROOT
from engine.operations.executors import run_batches
from engine.outputs import docs_shard, docs_site

#: five tests: a scenario, an outline of three rows with the same name (told apart by their order, and split
#: across the two shards' boundary), and a scenario that fails
FEATURE = """\
Feature: sharding (a fixture)

  Scenario: the first passes
    Given a step that passes

  Scenario Outline: a row
    Given the value <value> is even

    Examples:
      | value |
      | 2     |
      | 3     |
      | 4     |

  Scenario: the last fails
    Given a step that fails
"""

STEPS = """\
from pytest_bdd import given, parsers, scenarios
scenarios('sharding.feature')
@given('a step that passes')
def _ok():
    pass
@given('a step that fails')
def _bad():
    raise AssertionError('on purpose')
@given(parsers.parse('the value {value:d} is even'))
def _even(value):
    assert value % 2 == 0, f'{value} is odd'
"""


@given(n=st.integers(0, 1000), shards=st.integers(1, 16))
def test_the_slices_of_the_shards_are_every_test_once_in_order(n: int, shards: int):
    parts = [list(range(n))[docs_shard.shard_slice(n, k, shards)] for k in range(shards)]
    assert [i for part in parts for i in part] == list(range(n))
    assert max(map(len, parts)) - min(map(len, parts)) <= 1


@pytest.mark.parametrize("spec", ["2/2", "-1/2", "1", "a/b", "0/0"])
def test_a_shard_that_is_not_k_of_n_is_refused(spec: str):
    with pytest.raises(pytest.UsageError, match="--docs-shard: expected K/N"):
        docs_shard.parse_shard(spec)


def test_the_site_names_the_plugin_and_its_option_as_the_plugin_does():
    assert (docs_site.SHARD_PLUGIN, docs_site.SHARD_OPTION) == (docs_shard.__name__, docs_shard.OPTION)


def _runs(path: Path) -> list[tuple]:
    """A cucumber JSON report's scenario runs, in order: feature, line, pytest id and step statuses."""
    return [
        (f["uri"], el["line"], el["id"], [(s["line"], s["result"]["status"]) for s in el["steps"]])
        for f in json.loads(path.read_text(encoding="utf-8"))
        for el in f["elements"]
    ]


def test_two_shards_report_what_one_run_reports(tmp_path: Path):
    features = tmp_path / "features"
    features.mkdir()
    (features / "sharding.feature").write_text(FEATURE, encoding="utf-8")
    (features / "test_sharding.py").write_text(STEPS, encoding="utf-8")
    alone = docs_site.run_scenarios(REPO_ROOT, features, tmp_path / "one.json", tmp_path / "one.txt")
    shared = docs_site.run_scenarios(
        REPO_ROOT, features, tmp_path / "two.json", tmp_path / "two.txt", shards=2, runner=run_batches
    )
    assert alone[0] == shared[0] == 1  # a scenario failed: a result, not an error
    assert alone[1].startswith("2 failed, 3 passed in ")
    assert shared[1].startswith("2 failed, 3 passed in ") and shared[1].endswith("(2 pytest processes at once)")
    assert _runs(tmp_path / "two.json") == _runs(tmp_path / "one.json")
    assert len(_runs(tmp_path / "one.json")) == 5
    log = (tmp_path / "two.txt").read_text(encoding="utf-8")
    assert "--docs-shard=0/2" in log and "--docs-shard=1/2" in log and "3 is odd" in log


def test_a_shard_that_writes_no_results_is_an_input_error_naming_it(tmp_path: Path):
    features = tmp_path / "features"
    features.mkdir()
    (features / "conftest.py").write_text(
        "raise RuntimeError('a conftest that cannot be imported')\n", encoding="utf-8"
    )
    with pytest.raises(docs_site.InputError, match=r"pytest wrote no results \(exit code \d, pytest process 1 of 2\)"):
        docs_site.run_scenarios(REPO_ROOT, features, tmp_path / "r.json", tmp_path / "log.txt", shards=2)


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["1 failed, 1 deselected in 0.50s", "1 passed, 1 deselected in 0.70s"], "1 failed, 1 passed in 0.70s"),
        (["2 passed, 1 warning, 2 deselected in 1.00s", "2 passed, 1 warning, 2 deselected in 2.00s"],
         "4 passed, 2 warnings in 2.00s"),
        (["1 error in 0.10s", "3 passed, 1 deselected in 0.20s"], "3 passed, 1 error in 0.20s"),
        (["4 deselected in 0.10s", "4 passed, 4 deselected in 75.20s (0:01:15)"], "4 passed in 75.20s"),
    ],
)  # fmt: skip
def test_the_shards_summary_lines_read_as_one_runs(lines: list[str], said: str):
    assert docs_site._summary(lines) == f"{said} (2 pytest processes at once)"


def test_a_summary_line_that_is_not_pytests_is_kept_as_it_is():
    lines = ["1 passed, 1 deselected in 0.50s", "Interrupted: 1 error during collection"]
    assert docs_site._summary(lines) == "; ".join(lines)


@pytest.mark.parametrize(
    ("codes", "code"), [([0, 0], 0), ([0, 1], 1), ([1, 0], 1), ([5, 0], 0), ([5, 5], 5), ([1, 2], 2), ([4, 1], 4)]
)
def test_the_shards_exit_codes_read_as_one_runs(codes: list[int], code: int):
    assert docs_site._exit_code(codes) == code


def test_the_checkouts_test_options_do_not_reach_the_scenarios_and_every_run_is_reported(tmp_path: Path):
    """A features folder whose own configuration runs its tests on pytest-xdist workers (as the checkout's
    pyproject.toml does for the test suite): the scenarios still run in the processes `comply docs` starts, and
    the report holds every run (with the checkout's `-n auto` it held none: every scenario "not run")."""
    features = tmp_path / "features"
    features.mkdir()
    (features / "sharding.feature").write_text(FEATURE, encoding="utf-8")
    (features / "test_sharding.py").write_text(STEPS, encoding="utf-8")
    (features / "pytest.ini").write_text("[pytest]\naddopts = -n 2\n", encoding="utf-8")
    for shards in (1, 2):
        results = tmp_path / f"r{shards}.json"
        code, said = docs_site.run_scenarios(
            REPO_ROOT, features, results, tmp_path / f"log{shards}.txt", shards=shards, runner=run_batches
        )
        assert code == 1 and said.startswith("2 failed, 3 passed in "), said
        assert len(_runs(results)) == 5


def test_results_holding_fewer_runs_than_pytest_ran_are_an_input_error(tmp_path: Path):
    features = tmp_path / "features"
    features.mkdir()
    (features / "sharding.feature").write_text(FEATURE, encoding="utf-8")
    (features / "test_sharding.py").write_text(STEPS, encoding="utf-8")

    def losing_results(work, runs):  # pytest runs, then its report loses the runs (as under xdist)
        outcomes = [work(run) for run in runs]
        for run in runs:
            run.results.write_text("[]", encoding="utf-8")
        return outcomes

    with pytest.raises(docs_site.InputError, match=r"pytest ran 5 scenarios but its results hold 0: .* not run"):
        docs_site.run_scenarios(
            REPO_ROOT, features, tmp_path / "r.json", tmp_path / "log.txt", shards=2, runner=losing_results
        )
    docs_site.check_every_run_reported(["3 passed, 1 deselected in 0.5s"], [{"elements": [{}, {}, {}]}], tmp_path)
    with pytest.raises(docs_site.InputError, match="pytest ran 1 scenario but its results hold 0"):
        docs_site.check_every_run_reported(["1 failed in 0.5s"], [{"uri": "x", "elements": []}], tmp_path)
