"""Evaluation in worker processes, through the standard `concurrent.futures.Executor` interface.

Why processes, and fresh ones: durable-rules never frees a state in a process (engine/evaluation/rete.py:
its delete_state and retract_fact crashed the process here), so a long evaluation in one process
grows without bound; and durable-rules can crash a process outright (a segmentation fault was
seen once in five 1,000-authority runs). So every batch runs in a process of its own that ends with it.

`run_batches` runs batches of work (the nightly run's authorities, the benchmark's) on an executor:

- locally (the default), the standard library's `ProcessPoolExecutor`, WORKERS processes forked from
  this one. Each pool worker is a supervisor that never evaluates: for every batch it forks a fresh
  child (the pool's workers are single-threaded, so forking them is safe), which runs the batch and
  sends its result back through a pipe, pickled once. The child's death (SIGSEGV, SIGKILL) is seen by
  the supervisor with its exit code; the death of a supervisor itself is the pool's BrokenProcessPool,
  and the pool is replaced. Fork, not spawn or forkserver: the work and its arguments (directions,
  evaluators, closures, the nightly's stage hook) are inherited, not pickled; only an index travels.
  Why not `max_tasks_per_child=1` for the fresh processes: Python 3.11 refuses it with fork, and a
  pool whose worker dies breaks every batch in flight, without saying which one died or how.
  Why not loky: its reusable executor would give the same, through cloudpickle, but it too cannot
  say which batch killed its worker, and it is one more dependency for no gain here.
- on a Dask distributed scheduler (`--executor tcp://HOST:PORT`, the `dask` extra), through
  `distributed.Client.get_executor()`: each batch is shipped with its facts (cloudpickle; see
  `ship` below), so the Dask workers need no access to the store, and runs in a fresh
  interpreter started by the Dask worker (a subprocess: a Dask worker is threaded and daemonic, so it
  neither forks safely nor may have multiprocessing children), whose exit code is seen the same way. A Dask
  worker that itself dies is restarted and its task run again by Dask, unseen in the outcome: the scheduler is
  asked, for each batch, how often a worker died running it, and each such death is recorded in `crashes` too.

Either way the same rules hold: a batch whose process died is recorded in `crashes` and run again,
up to `retries` times, then an EngineError names the batch; an error raised inside a batch fails
the whole run at once, with the batch named.

`WorkerPool` is the other shape of the same idea, for a long-lived process that evaluates on demand
(the desk, `comply serve`): a few worker processes kept warm, each recycled after a bounded number
of tasks (or once its memory passes a ceiling), so that the server itself never evaluates and its
memory stays flat. A worker that dies mid-task (a segmentation fault in durable-rules, a kill) is
replaced and the task run once more in the new one; a second death raises WorkerCrashed. Its
workers are started by multiprocessing's fork server, not forked from the server: forking a process
whose other threads are serving requests copies locks in whatever state those threads left them.
It is a `concurrent.futures.Executor` too (`submit`), for callers that want futures.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import functools
import itertools
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from pendulum import DateTime

from engine.core import collector
from engine.core.errors import ComplyError, EngineError, InputError
from engine.directions.model import Direction
from engine.evaluation.check import check
from engine.model.findings import Report
from engine.outputs.board_report import board_report_html
from engine.store.sqlite import AuthorityState

WORKERS = 2  # the machine's cores
CRASH_RETRIES = 2  # a batch whose process died is run again in a new process, at most this often
#: how long to wait for a Dask scheduler to answer before giving up (seconds)
DASK_CONNECT_TIMEOUT_S = 30.0

T = TypeVar("T")


def die_with_parent() -> None:
    """In a worker process: ask Linux to kill this process when its parent dies (prctl
    PR_SET_PDEATHSIG), so that a killed run or server leaves no worker behind holding its files
    (the nightly's lock is inherited by a forked worker). Does nothing where prctl is missing."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _portable(exc: BaseException) -> BaseException | str:
    """An error raised in a worker as it can travel back to the parent: the error itself when it
    is one of comply's (ComplyError) and survives pickling, otherwise its type and message."""
    if isinstance(exc, ComplyError):
        try:
            pickle.loads(pickle.dumps(exc))
            return exc
        except Exception:  # noqa: BLE001 - an error that cannot be pickled travels as text
            pass
    return f"{type(exc).__name__}: {exc}"


def _outcome(work: Callable[[Any], Any], batch: Any) -> bytes:
    """Run one batch here (in the batch's own process, so the collector is spared as in one:
    engine/core/collector.py); its outcome pickled:
    ("ok", result) or ("error", error)."""
    collector.spare_for_a_batch()
    try:
        reply: tuple[str, Any] = ("ok", work(batch))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        reply = ("error", _portable(exc))
    try:
        return pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled
        return pickle.dumps(("error", f"the result could not be sent back: {type(exc).__name__}: {exc}"))


# -- the local executor: a process pool of supervisors, each batch in a fresh forked child ---------------

#: the work of the runs under way, by token: inherited by the pool's forked workers, never pickled
_INHERITED: dict[int, tuple[Callable[[Any], Any], Sequence[Any]]] = {}
_tokens = itertools.count(1)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _in_forked_child(token: int, index: int) -> tuple[str, Any]:
    """In a pool worker (single-threaded, never evaluating): fork a fresh child that runs batch
    `index` of run `token` and writes its pickled outcome to a pipe. Returns ("done", the pickled
    outcome) or ("died", the child's exit code: -11 for SIGSEGV)."""
    work, batches = _INHERITED[token]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run the batch, send the outcome, and end without returning to the pool
        code = 0
        try:
            os.close(read)
            die_with_parent()
            data = memoryview(_outcome(work, batches[index]))
            while data:
                data = data[os.write(write, data) :]
        except BaseException:  # noqa: BLE001 - the parent sees an incomplete outcome and the exit code
            code = 70
        finally:
            os._exit(code)
    os.close(write)
    try:
        data = _read_all(read)
    finally:
        os.close(read)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not data:
        return "died", code
    return "done", data


def _pool_worker_start() -> None:
    """In a new pool worker: end with the process that made the pool."""
    die_with_parent()


class _Local:
    """The local executor of one run: a fork-context ProcessPoolExecutor of `workers` supervisors."""

    def __init__(self, work: Callable[[Any], Any], batches: Sequence[Any], workers: int):
        self.workers = workers
        self.token = next(_tokens)
        _INHERITED[self.token] = (work, batches)
        self.executor = self._new()

    def _new(self) -> concurrent.futures.Executor:
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_pool_worker_start
        )

    def submit(self, index: int) -> concurrent.futures.Future:
        return self.executor.submit(_in_forked_child, self.token, index)

    def deaths(self, future: concurrent.futures.Future) -> int:
        """Always 0: here a batch's process that dies is seen in its own outcome ("died", its exit code)."""
        return 0

    def renew(self) -> None:
        """After BrokenProcessPool: a new pool in place of the broken one."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def close(self, failed: bool = False) -> None:
        """Shut the pool down, its workers joined (their CPU time then counts as this process's children's).
        `failed`: the run stops on an error, so the batches still in flight are not waited for: the pool's
        workers are killed (each batch's process dies with its worker, die_with_parent)."""
        if failed:
            # the pool's processes: not public before Python 3.14's terminate_workers()
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)
        _INHERITED.pop(self.token, None)


# -- the Dask executor: each batch shipped with its facts, run in a subprocess of a Dask worker ----------


def _in_subprocess(blob: bytes) -> tuple[str, Any]:
    """In a Dask worker: run one shipped batch (cloudpickled (work, batch)) in a fresh interpreter.
    Returns ("done", the pickled outcome) or ("died", the subprocess's exit code)."""
    done = subprocess.run(
        [sys.executable, "-c", "from engine.operations.executors import _subprocess_main; _subprocess_main()"],
        input=blob,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout:
        return "died", done.returncode
    return "done", done.stdout


def _subprocess_main() -> None:
    """The subprocess of a Dask worker: read (work, batch) from stdin, write the outcome to stdout
    (what the work prints goes to stderr, so that it cannot corrupt the outcome)."""
    import cloudpickle  # the dask extra brings it

    die_with_parent()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    work, batch = cloudpickle.loads(sys.stdin.buffer.read())
    out.write(_outcome(work, batch))
    out.flush()


def _dask_client(address: str) -> Any:
    """A client of the Dask scheduler at `address` (tcp://HOST:PORT). Raises InputError when the
    dask extra is not installed or the scheduler does not answer."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            f"--executor {address}: Dask is not installed (pip install 'comply[dask]'; docs/operations.md)"
        ) from None
    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"--executor {address}: no Dask scheduler answers there: {exc}") from None


def _deaths_on_scheduler(key: str) -> Callable[..., int]:
    """A function for `Client.run_on_scheduler`: how many times a Dask worker died while running the task `key`
    (the scheduler's count of "suspicious" losses, which it uses for `allowed-failures`); 0 for a task it no longer
    knows. Made here, in a closure, so that it travels by value: the scheduler need not have comply installed."""

    def deaths(dask_scheduler: Any = None) -> int:
        task = dask_scheduler.tasks.get(key)
        return int(getattr(task, "suspicious", 0) or 0) if task is not None else 0

    return deaths


class _Dask:
    """The Dask executor of one run: each batch cloudpickled with `ship` and submitted to the scheduler as a task of
    its own, whose outcome comes back through a `concurrent.futures.Future` (as `Client.get_executor()` gives, but
    keeping each task's Dask future, so that `deaths` can ask the scheduler how often a worker died running it)."""

    def __init__(
        self,
        address: str,
        work: Callable[[Any], Any],
        batches: Sequence[Any],
        ship: Callable[[Any], tuple[Callable[[Any], Any], Any]] | None,
    ):
        import cloudpickle

        self._dumps = cloudpickle.dumps
        self.client = _dask_client(address)
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.work, self.batches, self.ship = work, batches, ship
        self.tasks: dict[concurrent.futures.Future, Any] = {}  # each batch's future: its Dask future

    def submit(self, index: int) -> concurrent.futures.Future:
        batch = self.batches[index]
        shipped = self.ship(batch) if self.ship is not None else (self.work, batch)
        task = self.client.submit(_in_subprocess, self._dumps(shipped), pure=False)
        outcome: concurrent.futures.Future = concurrent.futures.Future()
        outcome.set_running_or_notify_cancel()  # cancelled through its Dask task (close), never on its own

        def cascade(done: Any) -> None:
            """In the client's callback thread: the Dask task's outcome to `outcome`."""
            try:
                outcome.set_result(done.result())
            except BaseException as exc:  # noqa: BLE001 - KilledWorker, a cancellation: the caller reads it
                outcome.set_exception(exc)

        task.add_done_callback(cascade)
        self.tasks[outcome] = task
        return outcome

    def deaths(self, future: concurrent.futures.Future) -> int:
        """How many times a Dask worker died while running the batch of `future` (finished): Dask runs such a task
        again on another worker (or on the one its nanny restarted) by itself, up to the scheduler's
        `allowed-failures`, so its outcome alone does not tell. Forgets the task."""
        task = self.tasks.pop(future, None)
        if task is None:
            return 0
        try:
            return int(self.client.run_on_scheduler(_deaths_on_scheduler(task.key)))
        finally:
            task.release()

    def renew(self) -> None:
        """Nothing to renew: the scheduler replaces a lost Dask worker itself."""

    def close(self, failed: bool = False) -> None:
        """Cancel what has not run and let the client go (a batch running on a worker ends on its own)."""
        pending = [t for t in self.tasks.values() if not t.done()]
        if pending:
            self.client.cancel(pending)
        self.tasks.clear()
        self.client.close()


def check_executor(address: str | None) -> str | None:
    """The `--executor` option, checked: None or "local" (the local process pool: None), or the
    address of a Dask scheduler, tcp://HOST:PORT. Raises InputError naming the option otherwise."""
    if address is None or address == "local":
        return None
    host, sep, port = address.removeprefix("tcp://").rpartition(":")
    if not address.startswith("tcp://") or not sep or not host or not port.isdigit():
        raise InputError(f"--executor: expected 'local' or a Dask scheduler's tcp://HOST:PORT, got {address!r}")
    return address


@contextmanager
def _executor(
    address: str | None,
    work: Callable[[Any], Any],
    batches: Sequence[Any],
    workers: int,
    ship: Callable[[Any], tuple[Callable[[Any], Any], Any]] | None,
) -> Iterator[_Local | _Dask]:
    made: _Local | _Dask = _Local(work, batches, workers) if address is None else _Dask(address, work, batches, ship)
    try:
        yield made
    except BaseException:
        made.close(failed=True)
        raise
    made.close()


def _broken() -> tuple[type[BaseException], ...]:
    """The errors that mean an executor lost the process running a batch (not the batch's own error)."""
    kinds: list[type[BaseException]] = [BrokenProcessPool]
    if "distributed" in sys.modules:
        from distributed.scheduler import KilledWorker

        kinds.append(KilledWorker)
    return tuple(kinds)


def run_batches(
    work: Callable[[T], Any],
    batches: Sequence[T],
    *,
    executor: str | None = None,
    ship: Callable[[T], tuple[Callable[[Any], Any], Any]] | None = None,
    describe: Callable[[T], str] = repr,
    label: str = "worker",
    workers: int = WORKERS,
    retries: int = CRASH_RETRIES,
    crashes: list[str] | None = None,
    keep_errors: bool = False,
    time_limit: float | None = None,
    time_limit_named: str = "the time limit of a batch",
) -> list[Any]:
    """Run `work(batch)` for every batch, each in a fresh process, and return the results in batch order.

    `executor`: None (or "local") for the local process pool, `workers` batches at a time; or the
    address of a Dask scheduler (tcp://HOST:PORT; check_executor), as many at a time as its workers
    have threads. For Dask, `ship(batch)` gives what travels instead of (work, batch), a function
    and its argument that need no access to the store (the facts themselves): called here, one
    batch at a time, as batches are sent.

    Raises EngineError naming the batch (via `describe`) when a batch raises, or when its process
    died more than `retries` times. The run stops at the first such failure in time, without
    waiting for the batches in flight, so when several batches would fail the one named is
    whichever failed first, not necessarily the earliest in order (each death is a line in `crashes`: "<batch>: the worker died
    (exit code C)"). With `keep_errors`, an error of comply's own (a ComplyError) raised by a batch
    is raised again as it was, as if the batch had run here (the nightly run records it as such).
    `time_limit`: seconds a batch may run (from when it was sent); a batch still running then is an
    EngineError naming it, and the local pool's processes are killed (on Dask the batch's subprocess
    runs on to its end). None: no limit. `time_limit_named`: what the error calls the limit (the option that
    sets it, for one). InputError when the Dask scheduler cannot be reached or Dask
    is not installed."""
    address = check_executor(executor)
    pending = deque(range(len(batches)))
    tries: dict[int, int] = {}
    results: dict[int, Any] = {}

    def died(index: int, why: str) -> None:
        tries[index] = tries.get(index, 0) + 1
        what = f"{describe(batches[index])}: {why}"
        if crashes is not None:
            crashes.append(what)
        if tries[index] > retries:
            raise EngineError(f"{label}: {what}, {tries[index]} times")
        pending.append(index)

    def lost_before(future: concurrent.futures.Future, index: int) -> None:
        """Record each death of a Dask worker while it ran this batch (Dask ran it again by itself: its outcome
        does not tell). A scheduler that cannot be asked is recorded too: a death must never pass unsaid."""
        try:
            lost = pool.deaths(future)
        except Exception as exc:  # noqa: BLE001 - the scheduler refused run_on_scheduler, or went away
            lines = [
                f"{describe(batches[index])}: the Dask scheduler could not say whether a worker died running it "
                f"({type(exc).__name__}: {exc})"
            ]
        else:
            lines = [f"{describe(batches[index])}: the Dask worker running it died (the batch was run again)"] * lost
        if crashes is not None:
            crashes.extend(lines)

    def received(future: concurrent.futures.Future, index: int) -> bool:
        """Take one finished batch's outcome; False when the pool itself broke under it."""
        lost_before(future, index)
        try:
            kind, payload = future.result()
        except broken as exc:
            died(index, f"the worker died ({type(exc).__name__})")
            return not isinstance(exc, BrokenProcessPool)
        if kind == "died":
            died(index, f"the worker died (exit code {payload})")
            return True
        kind, payload = pickle.loads(payload)
        if kind == "ok":
            results[index] = payload
            return True
        if keep_errors and isinstance(payload, ComplyError):
            raise payload
        if isinstance(payload, BaseException):
            payload = f"{type(payload).__name__}: {payload}"
        raise EngineError(f"{label}: {describe(batches[index])}: {payload}")

    with _executor(address, work, batches, workers, ship) as pool:
        broken = _broken()
        running: dict[concurrent.futures.Future, int] = {}
        sent: dict[concurrent.futures.Future, float] = {}  # when each batch was sent (time.monotonic)
        try:
            while pending or running:
                while pending and len(running) < pool.workers:
                    index = pending.popleft()
                    future = pool.submit(index)
                    running[future], sent[future] = index, time.monotonic()
                wait_s = None
                if time_limit is not None:
                    oldest = min(running, key=sent.__getitem__)
                    wait_s = max(0.0, sent[oldest] + time_limit - time.monotonic())
                done, _ = concurrent.futures.wait(
                    running, timeout=wait_s, return_when=concurrent.futures.FIRST_COMPLETED
                )
                if not done:  # only with a time limit: the wait ended at the oldest batch's deadline
                    assert time_limit is not None
                    if time.monotonic() - sent[oldest] < time_limit:
                        continue
                    raise EngineError(
                        f"{label}: {describe(batches[running[oldest]])}: still running after {time_limit:g} s "
                        f"({time_limit_named}): stopped"
                    )
                for future in done:
                    del sent[future]
                intact = all([received(f, running.pop(f)) for f in sorted(done, key=running.__getitem__)])
                if not intact:  # a supervisor died: the pool fails every batch in flight; all run again
                    concurrent.futures.wait(running)
                    for future in list(running):
                        sent.pop(future, None)
                        received(future, running.pop(future))
                    pool.renew()
        finally:
            for future in running:
                future.cancel()
    return [results[i] for i in range(len(batches))]


#: `WorkerPool` defaults, the desk's (`comply serve --workers --evaluations-per-worker --worker-memory-mb`)
POOL_WORKERS = 1
TASKS_PER_WORKER = 25
WORKER_MEMORY_MB = 500
TASK_TIMEOUT_S = 300.0
#: how long a new pool worker may take to start and set itself up (a first start includes the fork server's)
START_TIMEOUT_S = 120.0

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class WorkerCrashed(EngineError):
    """A worker process died during a task, and again in the task's one retry: the task has no result."""


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process in MB (this one by default), read from /proc/PID/statm;
    0.0 where /proc is missing or the process has gone."""
    try:
        pages = int(Path(f"/proc/{pid or os.getpid()}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * _PAGE_SIZE / 2**20


def _serve(conn: Connection, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    """A pool worker's life: set up, say ready, then run (function, args) messages until told to
    stop (None) or its pipe closes; each reply carries the worker's memory after the task."""
    die_with_parent()
    try:
        if initializer is not None:
            initializer(*initargs)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("failed", f"{type(exc).__name__}: {exc}", rss_mb()))
        return
    try:
        conn.send(("ready", os.getpid(), rss_mb()))
    except OSError:  # the pool gave up on this worker before it was ready
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        func, args = message
        try:
            reply: tuple[str, Any] = ("ok", func(*args))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
            reply = ("error", _portable(exc))
        try:
            conn.send((*reply, rss_mb()))
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled
            conn.send(("error", f"the result could not be sent back: {type(exc).__name__}: {exc}", rss_mb()))


class _Died(Exception):
    """The worker's pipe closed without a reply: the process died (its exit code, when known)."""


@dataclass
class _Worker:
    """One pool worker: its process, its end of the pipe, how many tasks it ran, its last RSS."""

    process: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False
    tasks: int = 0
    rss: float = 0.0
    #: its replacement is being started (it goes on serving until then)
    replacing: bool = False
    #: its replacement is in the pool: it is stopped when next taken
    replaced: bool = False
    #: stopped without waiting for its replacement (past twice its share of tasks)
    retired: bool = False

    def _receive(self, timeout: float) -> tuple[str, Any, float]:
        if not self.conn.poll(timeout):
            self.kill()
            raise TimeoutError
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            raise _Died(self.process.exitcode) from None

    def ensure_ready(self, timeout: float) -> None:
        """Wait until the worker has set itself up. Raises _Died, TimeoutError, or EngineError when
        its set-up failed."""
        if self.ready:
            return
        kind, payload, self.rss = self._receive(timeout)
        if kind == "failed":
            self.stop()
            raise EngineError(f"a worker process could not start: {payload}")
        self.ready = True

    def run(self, func: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
        """Send one task and wait for its reply: ("ok", result) or ("error", error). Raises _Died
        when the process dies first, TimeoutError (the worker killed) when it takes too long."""
        self.ensure_ready(max(timeout, START_TIMEOUT_S))
        try:
            self.conn.send((func, args))
        except (BrokenPipeError, ConnectionResetError, EOFError):
            self.process.join(5)
            raise _Died(self.process.exitcode) from None
        kind, payload, self.rss = self._receive(timeout)
        self.tasks += 1
        return kind, payload

    def stop(self) -> None:
        """Ask the worker to end, and make sure it does."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.kill()

    def kill(self) -> None:
        """End the worker at once (SIGKILL)."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool(concurrent.futures.Executor):
    """A few warm worker processes that run tasks on demand, for a long-lived process (the desk).

    `call(func, *args)` runs `func(*args)` in a worker and returns its result; `func` and the
    arguments travel pickled (a module-level function, picklable values), and so does the result.
    Each worker is set up once with `initializer(*initargs)` (for example the directions it
    evaluates). A worker is recycled (stopped, and a fresh one started in the background) after
    `tasks_per_worker` tasks, or as soon as its resident memory passes `memory_mb` after a task:
    durable-rules never frees a state, so this is what keeps the memory bounded.

    Failures: an error of comply's own raised by the task (a ComplyError) is raised again here as
    it was; any other error becomes an EngineError with its type and message. A worker that dies
    during a task (a segmentation fault, a kill) is recorded in `crashes`, logged, replaced, and
    the task run again once in a new worker; a second death raises WorkerCrashed. A task that takes
    longer than `timeout` seconds has its worker killed and raises EngineError. The pool itself
    survives every one of these. Thread-safe: at most `workers` tasks run at once, the rest wait.

    `start_method` "forkserver" (the default) starts workers from multiprocessing's fork server,
    which is safe in a process with threads; `preload` names the modules the fork server imports
    once, so that a new worker starts warm. Call `close()` at the end; the workers also end with
    the process that made the pool (the fork server ends with it, and each worker with its parent)."""

    def __init__(
        self,
        *,
        workers: int = POOL_WORKERS,
        tasks_per_worker: int = TASKS_PER_WORKER,
        memory_mb: float = WORKER_MEMORY_MB,
        timeout: float = TASK_TIMEOUT_S,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
        preload: Sequence[str] = (),
        start_method: str = "forkserver",
        label: str = "worker",
        log: logging.Logger | None = None,
    ):
        if workers < 1 or tasks_per_worker < 1:
            raise ValueError(
                f"a worker pool needs workers >= 1 and tasks_per_worker >= 1, got {workers}, {tasks_per_worker}"
            )
        self.workers, self.tasks_per_worker, self.memory_mb, self.timeout = (
            workers,
            tasks_per_worker,
            memory_mb,
            timeout,
        )
        self.label = label
        self.log = log or logging.getLogger("comply.workers")
        self._initializer, self._initargs = initializer, initargs
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver" and preload:
            self._context.set_forkserver_preload(list(preload))  # type: ignore[attr-defined]
        #: idle workers, or None for a free slot whose worker is started by the next task
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._live: dict[int, _Worker] = {}
        self._started = False
        self._closed = False
        #: what died and when, one line each: "<label>: <task>: the worker process N died (exit code C)"
        self.crashes: list[str] = []
        #: how many workers were recycled (after their tasks or over their memory)
        self.recycled = 0

    # -- the workers ------------------------------------------------------------------------------

    def _new_worker(self) -> _Worker:
        here, there = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(there, self._initializer, self._initargs), daemon=True, name=f"comply {self.label}"
        )
        process.start()
        there.close()
        worker = _Worker(process, here)
        with self._lock:
            self._live[process.pid or 0] = worker
        return worker

    def _forget(self, worker: _Worker) -> None:
        with self._lock:
            self._live.pop(worker.process.pid or 0, None)

    def _refill(self) -> None:
        """Start a worker for a free slot (in a background thread: the next task finds it warm)."""
        try:
            worker: _Worker | None = None if self._closed else self._new_worker()
        except Exception as exc:  # noqa: BLE001 - the next task starts one itself and reports why
            self.log.warning("%s: a replacement worker could not be started: %s", self.label, exc)
            worker = None
        self._give_back(worker)

    def _give_back(self, worker: _Worker | None) -> None:
        """Put a worker (or None: a free slot) back for the next task; a worker of a closed pool is
        stopped, and a recycled one whose replacement is ready is stopped rather than kept idle."""
        if worker is not None and self._closed:
            self._forget(worker)
            worker.stop()
            return
        if worker is not None and worker.replaced:
            self._forget(worker)
            threading.Thread(target=worker.stop, name=f"{self.label} stop", daemon=True).start()
            return
        self._idle.put(worker)

    def _retire(self, worker: _Worker, why: str) -> None:
        """A worker that has done its share: start its replacement in the background and, once the
        replacement is set up, stop the worker (at once if it is idle, else when it is next taken,
        which it then never serves). Until then it goes on
        serving, so that no page waits for a worker to start; past twice its share of tasks (a
        replacement that cannot start), it is stopped at once."""
        if worker.tasks >= 2 * self.tasks_per_worker:
            self.recycled += 1
            self.log.warning("%s: worker %s stopped (%s; no replacement ready)", self.label, worker.process.pid, why)
            self._forget(worker)
            worker.retired = True
            threading.Thread(target=worker.stop, name=f"{self.label} stop", daemon=True).start()
            if not worker.replacing:  # else the replacement under way takes its slot
                self._idle.put(None)
            return
        if not worker.replacing:
            worker.replacing = True
            self.log.info("%s: worker %s recycled (%s)", self.label, worker.process.pid, why)

            def replace() -> None:
                try:
                    fresh = self._new_worker()
                    fresh.ensure_ready(max(self.timeout, START_TIMEOUT_S))
                except Exception as exc:  # noqa: BLE001 - the old worker serves on, up to twice its share
                    self.log.warning("%s: a replacement worker could not be started: %s", self.label, exc)
                    worker.replacing = False
                    if worker.retired or not worker.process.is_alive():  # gone meanwhile: its slot is free
                        self._idle.put(None)
                    return
                self.recycled += 1
                worker.replaced = True
                self._give_back(fresh)
                with self._idle.mutex:  # idle now: stopped at once, not when next taken (it holds its memory)
                    idle = worker in self._idle.queue
                    if idle:
                        self._idle.queue.remove(worker)
                if idle:
                    self._forget(worker)
                    worker.stop()

            threading.Thread(target=replace, name=f"{self.label} recycle", daemon=True).start()
        self._give_back(worker)

    def start(self) -> WorkerPool:
        """Start the workers now (else the first task does): they are warm for the first task."""
        with self._lock:
            if self._started:
                return self
            self._started = True
        for _ in range(self.workers):
            self._idle.put(self._new_worker())
        return self

    def pids(self) -> list[int]:
        """The process ids of the pool's living workers."""
        with self._lock:
            return sorted(self._live)

    # -- tasks ------------------------------------------------------------------------------------

    def call(self, func: Callable[..., Any], *args: Any, describe: str = "") -> Any:
        """Run `func(*args)` in a worker and return its result. Raises what the task raised (a
        ComplyError as it was, anything else as EngineError), WorkerCrashed when two workers in
        a row died on it, EngineError when it took longer than the pool's timeout or the pool is
        closed."""
        what = describe or getattr(func, "__name__", repr(func))
        if not self._started:
            self.start()
        attempt = 0
        while True:
            if self._closed:
                raise EngineError(f"{self.label}: the worker pool is closed")
            try:
                slot = self._idle.get(timeout=self.timeout)
            except queue.Empty:
                raise EngineError(f"{self.label}: {what}: no worker free within {self.timeout:g} s") from None
            if slot is not None and slot.replaced:  # recycled: its replacement is in the pool
                self._forget(slot)
                threading.Thread(target=slot.stop, name=f"{self.label} stop", daemon=True).start()
                continue
            try:
                worker = slot if slot is not None else self._new_worker()
            except Exception:
                self._idle.put(None)
                raise
            attempt += 1
            try:
                kind, payload = worker.run(func, args, self.timeout)
            except _Died as died:
                self._forget(worker)
                worker.conn.close()
                line = f"{self.label}: {what}: the worker process {worker.process.pid} died (exit code {died.args[0]})"
                self.crashes.append(line)
                if not worker.replacing:  # else its replacement, under way, takes its place
                    self._refill_in_background()
                if attempt == 2:
                    self.log.error("%s, again: no result", line)
                    raise WorkerCrashed(f"{line}, and again in the retry: no result") from None
                self.log.warning("%s: the task is run again in a new worker", line)
                continue
            except TimeoutError:
                self._forget(worker)
                self._refill_in_background()
                raise EngineError(f"{self.label}: {what}: took longer than {self.timeout:g} s: stopped") from None
            except BaseException:
                self._forget(worker)  # a task that could not be sent: the worker's state is unknown
                worker.kill()
                self._refill_in_background()
                raise
            if worker.rss > self.memory_mb:
                self._retire(worker, f"{worker.rss:.0f} MB resident, over {self.memory_mb:g} MB")
            elif worker.tasks >= self.tasks_per_worker:
                self._retire(worker, f"{worker.tasks} tasks")
            else:
                self._give_back(worker)
            if kind == "ok":
                return payload
            if isinstance(payload, BaseException):
                raise payload
            raise EngineError(f"{self.label}: {what}: {payload}")

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
        """The Executor interface: a Future of `call(fn, *args, **kwargs)`, run from a thread of its own
        (the pool's own limit of `workers` tasks at once holds); the Future's error is what `call` raises."""
        task = functools.partial(fn, *args, **kwargs) if kwargs else fn
        future: concurrent.futures.Future = concurrent.futures.Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(self.call(task, *(() if kwargs else args)))
            except BaseException as exc:  # noqa: BLE001 - carried by the Future
                future.set_exception(exc)

        threading.Thread(target=run, name=f"{self.label} submit", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """The Executor interface: `close()`."""
        self.close()

    def _refill_in_background(self) -> None:
        threading.Thread(target=self._refill, name=f"{self.label} refill", daemon=True).start()

    def close(self) -> None:
        """Stop every worker (idle ones now, busy ones when their task ends). Idempotent."""
        self._closed = True
        while True:
            try:
                slot = self._idle.get_nowait()
            except queue.Empty:
                break
            if slot is not None:
                self._forget(slot)
                slot.stop()


# -- evaluations in a pool's workers (the desk's) -----------------------------------------------------
#
# The functions below run in a pool worker: `set_up` once, with the directions the worker evaluates,
# then `findings` or `board_report` per task, so that a task sends only the authority's state and the
# as-of instant. `evaluation_pool` makes such a pool (in the server).

#: in a pool worker: the directions it evaluates (set once by `set_up`)
_directions: list[Direction] = []


def set_up(directions: list[Direction]) -> None:
    """In a pool worker, once: keep the directions for every evaluation to come."""
    _directions[:] = directions


def findings(state: AuthorityState, as_of: DateTime) -> Report:
    """In a pool worker: the findings of the worker's directions for this state as of an instant
    (engine.evaluation.check.check)."""
    return check(state, _directions, as_of)


def board_report(state: AuthorityState, as_of: DateTime, options: dict[str, Any]) -> str:
    """In a pool worker: the Board report's HTML as of an instant, as `comply report` writes it
    (engine.outputs.board_report.board_report_html; `options` are its keyword arguments)."""
    return board_report_html(state, _directions, as_of, **options)


def evaluation_pool(
    directions: list[Direction],
    *,
    workers: int = POOL_WORKERS,
    tasks_per_worker: int = TASKS_PER_WORKER,
    memory_mb: float = WORKER_MEMORY_MB,
    timeout: float = TASK_TIMEOUT_S,
    label: str = "evaluation",
) -> WorkerPool:
    """A pool of evaluation workers for these directions (not started: its first task, or
    `start()`, starts it); run `findings` or `board_report` in it with `call`. Raises ValueError
    for workers or tasks_per_worker below 1."""
    return WorkerPool(
        workers=workers,
        tasks_per_worker=tasks_per_worker,
        memory_mb=memory_mb,
        timeout=timeout,
        initializer=set_up,
        initargs=(directions,),
        # "__main__": the fork server imports the program's main module once, so that a new
        # worker need not (a process started by the fork server imports it otherwise)
        preload=["__main__", "engine.operations.executors"],
        label=label,
    )
