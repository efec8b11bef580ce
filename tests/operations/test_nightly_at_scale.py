"""The nightly run at more than a few authorities: evaluated in fresh worker processes (durable-rules
never frees a state in a process), with exactly the results of an evaluation in the run's own
process; a worker that fails fails the run with the batch named."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest

from engine.cli.app import REPO_ROOT
from engine.core import calendar
from engine.directions.model import load_directions
from engine.evaluation.oracle import oracle_evaluate
from engine.evaluation.rete import EngineError
from engine.evaluation.rete import evaluate as rete_evaluate
from engine.operations import nightly
from engine.operations.bench import generate as G
from engine.operations.bench.template import for_authority
from engine.store.sqlite import Store

SEED = load_directions(REPO_ROOT / "directions")
PLAN = G.Plan(authorities=12, years=1, seed=3)  # more than nightly.SINGLE_WORKER_AUTHORITIES


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("national") / "national.db"
    G.generate(PLAN, path)
    directions = [d for i in range(PLAN.authorities) for d in for_authority(SEED, PLAN.key(i), PLAN.shift(i))]
    return path, directions


def quiet_log() -> logging.Logger:
    log = logging.Logger("test", logging.INFO)
    log.addHandler(logging.NullHandler())
    return log


def test_many_authorities_are_evaluated_in_workers_with_the_results_of_one_process(national):
    path, directions = national
    as_of = calendar.as_of_instant(PLAN.as_of.isoformat())
    assert PLAN.authorities > nightly.SINGLE_WORKER_AUTHORITIES
    with Store.open(path) as store:
        keys = store.authorities()
        in_workers = nightly.evaluate_all(store, keys, directions, as_of, 30, rete_evaluate, quiet_log())
        here = nightly._evaluate_batch(path, keys, directions, as_of, 30, oracle_evaluate)  # the plain-Python oracle
    assert [row[0] for row in in_workers] == keys
    for (key, name, report, _), (_, name_here, report_here, _) in zip(in_workers, here):
        assert name == name_here and report.findings
        assert report.model_dump() == report_here.model_dump(), key


def test_an_engine_error_in_a_worker_fails_the_evaluation_naming_the_batch(national):
    path, directions = national
    as_of = calendar.as_of_instant(PLAN.as_of.isoformat())

    def refusing(obligations, evidence, clock):
        raise EngineError("refused for the test")

    with (
        Store.open(path) as store,
        pytest.raises(EngineError) as raised,
    ):
        keys = store.authorities()
        nightly.evaluate_all(store, keys, directions, as_of, 30, refusing, quiet_log())
    # every batch refuses; the run stops at whichever failed first (run_batches), and names it whole
    size = nightly.WORKER_BATCH
    batches = {f"{keys[i]}..{keys[min(i + size, len(keys)) - 1]}" for i in range(0, len(keys), size)}
    named = re.fullmatch(r"nightly evaluation: authorities (\S+): EngineError: refused for the test", str(raised.value))
    assert named and named[1] in batches, str(raised.value)


def test_a_batch_past_the_time_limit_fails_the_evaluation_naming_it(national):
    """An unattended run must end: a batch that hangs (here, an evaluator that sleeps) fails the run, named with the
    limit given and the option that sets it (`comply nightly --batch-time-limit`)."""
    path, directions = national
    as_of = calendar.as_of_instant(PLAN.as_of.isoformat())

    def hanging(obligations, evidence, clock):
        time.sleep(120)

    with (
        Store.open(path) as store,
        pytest.raises(
            EngineError,
            match=r"^nightly evaluation: authorities \S+: still running after 1\.5 s "
            r"\(the time limit of a batch, --batch-time-limit\): stopped$",
        ),
    ):
        nightly.evaluate_all(
            store, store.authorities(), directions, as_of, 30, hanging, quiet_log(), batch_time_limit=1.5
        )
