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
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from engine.evaluation.rete import EngineError

WORKERS = 2  # the machine's cores
CRASH_RETRIES = 2  # a task whose worker died is run again in a new process, at most this often

T = TypeVar("T")


def _run_one(work: Callable[[T], Any], task: T, conn: Connection) -> None:
    """In a worker process: one task, its result (or its error) sent back to the parent."""
    try:
        conn.send(("ok", work(task)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
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
) -> list[Any]:
    """Run `work(task)` for every task, each in a fresh forked process, at most `workers` at once;
    return the results in task order. Raises EngineError naming the task (via `describe`) when a
    task raises, or when its worker died more than `retries` times."""
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
