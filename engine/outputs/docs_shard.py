"""A pytest plugin of `comply docs`: run one share of the scenarios, so that several pytest processes run them all.

Why: `comply docs` runs every scenario of a features folder before it writes the site, and the scenarios are
independent of one another (each builds its own store in its own tmp_path), so on a machine with two cores two
pytest processes finish in about half the time (engine/outputs/docs_site.py `run_scenarios`, run through
engine/operations/executors.py `run_batches` by engine/cli/docs.py). Each process collects every test and keeps
one slice: `pytest -p engine.outputs.docs_shard --docs-shard K/N` runs the K-th (from 0) of N contiguous slices
of the tests in their collected order and deselects the rest; the N slices are the whole run, each test once.

Contiguous slices, not every N-th test: the rows of a Scenario Outline share one line in the cucumber JSON and
are told apart, when their ids and names do not tell them apart, by their order (engine/outputs/docs_results.py),
so the shards' reports joined in shard order must keep the order of a single run. That needs every shard to
collect the same tests in the same order: nothing may shuffle them (`run_scenarios` passes `-p no:randomly`).
"""

from __future__ import annotations

import re

import pytest

__all__ = ["OPTION", "parse_shard", "shard_slice"]

#: the option that names the share: "K/N"
OPTION = "--docs-shard"


def parse_shard(spec: str) -> tuple[int, int]:
    """'K/N' as (K, N), 0 <= K < N. Raises pytest.UsageError for anything else."""
    m = re.fullmatch(r"(\d+)/(\d+)", spec.strip())
    if not m or not 0 <= int(m[1]) < int(m[2]):
        raise pytest.UsageError(f"{OPTION}: expected K/N with 0 <= K < N (e.g. 0/2), got {spec!r}")
    return int(m[1]), int(m[2])


def shard_slice(n: int, shard: int, shards: int) -> slice:
    """The tests of shard `shard` of `shards` among `n` tests in their order: a contiguous slice; the slices of
    shards 0..shards-1 cover 0..n-1 once each, in order, their sizes differing by at most one."""
    return slice(n * shard // shards, n * (shard + 1) // shards)


def pytest_addoption(parser: pytest.Parser) -> None:
    """The `--docs-shard K/N` option."""
    parser.addoption(OPTION, default=None, metavar="K/N", help="run only the K-th (from 0) of N slices of the tests")


@pytest.hookimpl(trylast=True)  # after -k and -m: the slices share out what would run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep this shard's slice of the collected tests; the others are reported as deselected."""
    spec = config.getoption(OPTION)
    if spec is None:
        return
    part = shard_slice(len(items), *parse_shard(spec))
    kept = items[part]
    config.hook.pytest_deselected(items=items[: part.start] + items[part.stop :])
    items[:] = kept
