"""Work done in fresh forked worker processes, a few at a time: the national-scale evaluation.

Why processes, and fresh ones: durable-rules never frees a state in a process (engine/evaluation/rete.py:
its delete_state and retract_fact crashed the process here), so a long evaluation in one process
grows without bound; and durable-rules can crash a process outright (a segmentation fault was
seen once in five 1,000-authority runs). Each task runs in its own forked process that ends with
it, WORKERS at a time (the machine's cores). A worker that dies without a result is noticed (its
pipe closes), recorded in `crashes`, and its task run again in a new process, up to `retries`
times; an error raised inside a task fails the whole run at once, with the task named.

Why not multiprocessing.Pool: a Pool whose worker dies waits for ever. Why fork: the task's
arguments (directions, evaluators, closures) are inherited, not pickled; only results travel
back, pickled through a pipe.

`WorkerPool` is the other shape of the same idea, for a long-lived process that evaluates on demand
(the desk, `comply serve`): a few worker processes kept warm, each recycled after a bounded number
of tasks (or once its memory passes a ceiling), so that the server itself never evaluates and its
memory stays flat. A worker that dies mid-task (a segmentation fault in durable-rules, a kill) is
replaced and the task run once more in the new one; a second death raises WorkerCrashed. Its
workers are started by multiprocessing's fork server, not forked from the server: forking a process
whose other threads are serving requests copies locks in whatever state those threads left them.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TypeVar

from pendulum import DateTime

from engine.core.errors import ComplyError, EngineError
from engine.directions.model import Direction
from engine.evaluation.check import check
from engine.model.findings import Report
from engine.outputs.board_report import board_report_html
from engine.store.sqlite import AuthorityState

WORKERS = 2  # the machine's cores
CRASH_RETRIES = 2  # a task whose worker died is run again in a new process, at most this often

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


def _run_one(work: Callable[[T], Any], task: T, conn: Connection) -> None:
    """In a worker process: one task, its result (or its error) sent back to the parent."""
    die_with_parent()
    try:
        conn.send(("ok", work(task)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("error", _portable(exc)))
    finally:
        conn.close()


def run_in_workers(
    work: Callable[[T], Any],
    tasks: Sequence[T],
    *,
    describe: Callable[[T], str] = repr,
    label: str = "worker",
    workers: int = WORKERS,
    retries: int = CRASH_RETRIES,
    crashes: list[str] | None = None,
    keep_errors: bool = False,
) -> list[Any]:
    """Run `work(task)` for every task, each in a fresh forked process, at most `workers` at once;
    return the results in task order. Raises EngineError naming the task (via `describe`) when a
    task raises, or when its worker died more than `retries` times. With `keep_errors`, an error of
    comply's own (a ComplyError) raised by a task is raised again as it was, as if the task had run
    here (the nightly run records it as such)."""
    context = multiprocessing.get_context("fork")
    queue = deque(enumerate(tasks))
    tries: dict[int, int] = {}
    running: dict[Connection, tuple[int, multiprocessing.process.BaseProcess]] = {}
    results: dict[int, Any] = {}
    try:
        while queue or running:
            while queue and len(running) < workers:
                index, task = queue.popleft()
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_run_one, args=(work, task, send), daemon=True)
                process.start()
                send.close()
                running[receive] = (index, process)
            for receive in wait(list(running)):
                index, process = running.pop(receive)  # type: ignore[call-overload]
                try:
                    kind, payload = receive.recv()  # type: ignore[union-attr]
                except EOFError:
                    kind, payload = "died", None
                receive.close()  # type: ignore[union-attr]
                process.join()
                if kind == "ok":
                    results[index] = payload
                elif kind == "error":
                    if keep_errors and isinstance(payload, ComplyError):
                        raise payload
                    if isinstance(payload, BaseException):
                        payload = f"{type(payload).__name__}: {payload}"
                    raise EngineError(f"{label}: {describe(tasks[index])}: {payload}")
                else:
                    tries[index] = tries.get(index, 0) + 1
                    what = f"{describe(tasks[index])}: the worker died (exit code {process.exitcode})"
                    if crashes is not None:
                        crashes.append(what)
                    if tries[index] > retries:
                        raise EngineError(f"{label}: {what}, {tries[index]} times")
                    queue.append((index, tasks[index]))
    finally:
        for _, process in running.values():
            process.kill()
            process.join()
    return [results[i] for i in range(len(tasks))]


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


class WorkerPool:
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
        if worker is not None and self._closed:
            self._forget(worker)
            worker.stop()
            return
        self._idle.put(worker)

    def _retire(self, worker: _Worker, why: str) -> None:
        """A worker that has done its share: start its replacement in the background and, once the
        replacement is set up, stop the worker (the next time it is taken). Until then it goes on
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
        preload=["__main__", "engine.operations.workers"],
        label=label,
    )
