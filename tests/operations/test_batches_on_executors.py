"""Batches of work on both executors (engine/operations/executors.py, `run_batches`): the local process pool and a
Dask distributed cluster started here on 127.0.0.1. On each, with real processes: the process running a batch killed
in the middle of it (SIGSEGV, as durable-rules dies, or SIGKILL) is noticed with its exit code, recorded in
`crashes` and its batch run again; a batch that always kills its process ends the run with an error naming the
batch; errors come back as they were. Locally, a pool worker itself killed (BrokenProcessPool) costs a re-run, not
the run. On Dask, each batch travels with what `ship` gives (its facts), and the nightly run evaluates there with
the same findings as here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import pytest
from helpers import REPO_ROOT, bundled_store, run_comply

from engine.core import calendar, collector
from engine.core.errors import EngineError, InputError
from engine.evaluation.rete import evaluate as rete_evaluate
from engine.operations import executors, nightly
from engine.operations.executors import check_executor, run_batches
from engine.store.sqlite import Store

# the tasks below travel to the Dask workers' subprocesses by value (they need not import this test module)
cloudpickle.register_pickle_by_value(sys.modules[__name__])

# -- tasks (a batch is a folder or a plain value) --------------------------------------------------------


def stall_once(batch: str) -> tuple[str, int]:
    """For a folder: the first time, note this process's pid and parent's in <folder>/first and wait (to be
    killed); after: the batch and the pid. Any other batch: itself and the pid."""
    first = Path(batch) / "first"
    if batch.startswith("/") and not first.exists():
        first.write_text(f"{os.getpid()} {os.getppid()}")
        time.sleep(120)
    return batch, os.getpid()


def segfault(batch: str) -> None:
    import faulthandler

    faulthandler.disable()  # pytest's traceback dump of the intended crash is noise here
    os.kill(os.getpid(), signal.SIGSEGV)


def refuse(batch: str) -> None:
    raise InputError(f"{batch}: expected a date")


def never_here(batch: str) -> None:
    raise AssertionError("run_batches sent the batch itself, not what ship gave")


def collector_settings(batch: str) -> tuple[tuple[int, int, int], int]:
    """The cyclic garbage collector's thresholds in the batch's process, and how many objects it froze."""
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def shipped(task: tuple[str, int]) -> str:
    return f"{task[0]} x{task[1]}"


# -- the executors ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    """A Dask cluster of one worker process (two threads) on 127.0.0.1: its scheduler's address."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(params=["local", "dask"])
def executor(request) -> str | None:
    """Each test below runs on both: None (the local process pool) and the Dask scheduler's address."""
    return None if request.param == "local" else request.getfixturevalue("dask_cluster")


def first_pids(folder: Path) -> tuple[int, int]:
    first = folder / "first"
    deadline = time.monotonic() + 60
    while not (first.exists() and first.read_text()):
        assert time.monotonic() < deadline, "the batch never started"
        time.sleep(0.02)
    pid, parent = first.read_text().split()
    return int(pid), int(parent)


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_a_batch_whose_process_is_killed_is_recorded_and_run_again(executor, tmp_path, sig):
    crashes: list[str] = []
    results: list = []
    batches = [str(tmp_path), "plain"]
    runner = threading.Thread(
        target=lambda: results.append(run_batches(stall_once, batches, executor=executor, crashes=crashes))
    )
    runner.start()
    victim, _ = first_pids(tmp_path)
    os.kill(victim, sig)  # in the middle of the batch
    runner.join(120)
    assert not runner.is_alive()
    (done,) = results
    assert [b for b, _ in done] == batches and done[0][1] != victim  # run again, by a new process
    assert crashes == [f"{str(tmp_path)!r}: the worker died (exit code {-sig})"]


def test_a_batch_that_always_kills_its_process_is_an_error_naming_it(executor):
    crashes: list[str] = []
    with pytest.raises(EngineError, match=r"^test: batch seven: the worker died \(exit code -11\), 3 times$"):
        run_batches(
            segfault, ["seven"], executor=executor, crashes=crashes, describe=lambda b: f"batch {b}", label="test"
        )
    assert len(crashes) == 3


def test_errors_come_back_as_they_were_or_naming_the_batch(executor):
    with pytest.raises(InputError, match="^x: expected a date$"):
        run_batches(refuse, ["x"], executor=executor, keep_errors=True)
    with pytest.raises(EngineError, match="^worker: 'y': InputError: y: expected a date$"):
        run_batches(refuse, ["y"], executor=executor)


def test_results_come_back_in_batch_order(executor):
    batches = [f"b{i}" for i in range(5)]
    assert [b for b, _ in run_batches(stall_once, batches, executor=executor)] == batches


def test_a_batch_runs_with_the_collector_set_for_a_batch_and_this_process_is_left_alone(executor):
    """collector.spare_for_a_batch in the batch's own process: what it inherited frozen, collections rarer."""
    import gc

    before = gc.get_threshold(), gc.get_freeze_count()
    ((thresholds, frozen),) = run_batches(collector_settings, ["b"], executor=executor)
    assert thresholds == collector.BATCH_THRESHOLDS != before[0]
    assert frozen > 10_000  # at the least the modules an evaluation imports
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


@pytest.fixture(params=["local", "dask"])
def own_executor(request) -> Iterator[str | None]:
    """As `executor`, but a Dask cluster of this test's own (one worker process, one thread), since the test kills
    its worker."""
    if request.param == "local":
        yield None
        return
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as c:
        yield c.scheduler_address


def test_a_worker_killed_mid_batch_is_replaced_its_batch_run_again_and_the_death_recorded(own_executor, tmp_path):
    """The worker itself killed, not the batch's process: locally a pool worker (the supervisor of the batch's
    process: the pool breaks, BrokenProcessPool), on Dask the Dask worker (its nanny starts a new one and Dask runs
    the batch again by itself, so the outcome alone does not tell). Either way the batch is run again in a new
    process and the death is in `crashes`, so the nightly run logs it."""
    crashes: list[str] = []
    results: list = []
    runner = threading.Thread(
        target=lambda: results.append(run_batches(stall_once, [str(tmp_path)], executor=own_executor, crashes=crashes))
    )
    runner.start()
    victim, worker = first_pids(tmp_path)
    assert worker != os.getpid()  # the batch's process is a child of a pool worker or a Dask worker, not of this one
    os.kill(worker, signal.SIGKILL)  # and with it the batch's process (die_with_parent)
    runner.join(120)
    assert not runner.is_alive()
    (done,) = results
    assert done[0][0] == str(tmp_path) and done[0][1] != victim  # run again, by a new process
    if own_executor is None:
        assert crashes == [f"{str(tmp_path)!r}: the worker died (BrokenProcessPool)"]
    else:
        assert crashes == [f"{str(tmp_path)!r}: the Dask worker running it died (the batch was run again)"]


def test_on_dask_what_travels_is_what_ship_gives(dask_cluster):
    out = run_batches(never_here, ["a", "b"], executor=dask_cluster, ship=lambda b: (shipped, (b, 2)))
    assert out == ["a x2", "b x2"]


def test_the_executor_option_is_checked():
    assert check_executor(None) is None and check_executor("local") is None
    assert check_executor("tcp://127.0.0.1:8786") == "tcp://127.0.0.1:8786"
    for bad in ("127.0.0.1:8786", "tcp://127.0.0.1", "tcp://:8786", "dask"):
        with pytest.raises(InputError, match="--executor: expected 'local' or a Dask scheduler's tcp://HOST:PORT"):
            check_executor(bad)


def test_no_dask_scheduler_there_is_an_input_error(monkeypatch):
    monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT_S", 2.0)  # Dask retries a refused connection until then
    with pytest.raises(InputError, match="--executor tcp://127.0.0.1:9: no Dask scheduler answers there"):
        run_batches(shipped, [("a", 1)], executor="tcp://127.0.0.1:9")


# -- the nightly run on Dask --------------------------------------------------------------------------


def crashing_once(marker: Path):
    """The real rules engine, in a process that dies by SIGSEGV the first time (as durable-rules can)."""

    def evaluate(obligations, evidence, clock):
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGSEGV)
        return rete_evaluate(obligations, evidence, clock)

    return evaluate


def test_the_nightly_run_on_dask_gives_the_findings_of_a_local_run_and_survives_a_crash(dask_cluster, tmp_path):
    as_of = calendar.as_of_instant("2017-12-01")
    findings = {}
    for where in ("local", "dask"):
        (tmp_path / where).mkdir()
        with bundled_store(tmp_path / where) as s:
            path = s.path
        outcome = nightly.run_nightly(
            path,
            lambda path=path: Store.open(path),
            REPO_ROOT / "directions",
            as_of,
            30,
            tmp_path / where / "runs",
            None,
            evaluator=crashing_once(tmp_path / where / "crashed") if where == "dask" else rete_evaluate,
            executor=None if where == "local" else dask_cluster,
        )
        assert outcome.run.status == "completed", outcome.run.error
        findings[where] = sorted((f.id, f.status, f.evidence) for f in outcome.findings)
    assert int((tmp_path / "dask" / "crashed").read_text()) != os.getpid()  # it crashed in a Dask worker's subprocess
    log = (tmp_path / "dask" / "runs" / nightly.LOG_NAME).read_text()
    assert "worker process died: its batch was evaluated again" in log and "exit code -11" in log
    assert findings["dask"] == findings["local"] and len(findings["local"]) > 50


# -- the command line ---------------------------------------------------------------------------------


def comply(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def test_a_bad_executor_option_is_exit_2_and_one_line(tmp_path):
    # in this process (helpers.run_comply): the option is refused before anything runs; the commands' real
    # processes are tested below and in tests/cli/test_in_process.py
    for command in (["nightly"], ["bench", "--sizes", "2"]):
        done = run_comply([*command, "--executor", "dask-host:8786"], cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "--executor: expected 'local' or a Dask scheduler's tcp://HOST:PORT, got 'dask-host:8786'" in done.stderr


def figures(stdout: str) -> dict[str, str]:
    return {line[:52].strip(): line[52:].strip() for line in stdout.splitlines() if line.startswith("  ")}


def test_comply_bench_on_dask_measures_what_it_measures_here(dask_cluster, tmp_path):
    # the national-scale figures only (--no-latency): the latency budgets, run by default since they were
    # added, took this test to 194 s and measure nothing an executor changes
    small = ("bench", "--sizes", "2", "--years", "1", "--no-latency", "--work-dir", str(tmp_path))
    here = comply(*small, cwd=REPO_ROOT)
    there = comply(*small, "--executor", dask_cluster, cwd=REPO_ROOT)
    assert here.returncode == 0 and there.returncode == 0, there.stderr
    a, b = figures(here.stdout), figures(there.stdout)
    for label in ("facts loaded", "findings", "oracle agrees", "re-check equals full check"):
        assert a[label] == b[label], label
    assert b["oracle agrees"] == "yes"


def refuse_or_stall(batch: str) -> None:
    """ "bad": an error, once the other batch is under way; a folder: note the pid, wait 120 s, then write "done"."""
    if batch == "bad":
        time.sleep(1)
        raise InputError("bad: expected a date")
    (Path(batch) / "first").write_text(f"{os.getpid()} {os.getppid()}")
    time.sleep(120)
    (Path(batch) / "done").write_text("done")


def assert_killed_not_waited_for(folder: Path) -> None:
    """The stalled batch of `folder` (refuse_or_stall) had its process killed within 30 s, before it could
    write "done"."""
    victim, _ = first_pids(folder)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{victim}").exists() and Path(f"/proc/{victim}/stat").read_text().split()[2] != "Z":
        assert time.monotonic() < deadline, "the stalled batch's process outlived the run"
        time.sleep(0.05)
    assert not (folder / "done").exists()  # killed, not waited for


def test_an_error_stops_the_run_without_waiting_for_the_batches_in_flight(tmp_path):
    with pytest.raises(InputError, match="^bad: expected a date$"):
        run_batches(refuse_or_stall, [str(tmp_path), "bad"], keep_errors=True)
    assert_killed_not_waited_for(tmp_path)


def test_a_batch_past_its_time_limit_stops_the_run_naming_it_and_its_process_is_killed(tmp_path):
    started = time.monotonic()
    with pytest.raises(
        EngineError, match=r"^test: batch .+: still running after 1 s \(the time limit of a batch\): stopped$"
    ):
        run_batches(refuse_or_stall, [str(tmp_path)], time_limit=1, describe=lambda b: f"batch {b}", label="test")
    assert time.monotonic() - started < 60  # not the 120 s the batch would take
    assert_killed_not_waited_for(tmp_path)


def test_batches_within_their_time_limit_all_come_back(executor):
    batches = [f"b{i}" for i in range(4)]
    assert [b for b, _ in run_batches(stall_once, batches, executor=executor, time_limit=60)] == batches
