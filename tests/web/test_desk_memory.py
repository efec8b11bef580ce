"""The desk's memory stays flat and a crashed evaluation is a retried page, with a real `comply serve`:
page views at distinct as-of dates, the memory of the server and its workers read from /proc, and a
worker killed (SIGSEGV, as durable-rules does, or SIGKILL) while a page waits for it; and, through
Flask's test client, an evaluation that fails is a 503 page while the rest of the desk answers.

The issue's figure (1,000 views at 1,000 dates) is measured by hand: see tests/web/served_desk.py."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from served_desk import ServedDesk, as_of_dates, descendants, served_desk, view

from engine.model import facts as F
from engine.store.sqlite import Store
from engine.web.request import workers_of as workers_of_app


def workers_of(desk: ServedDesk) -> list[int]:
    """The evaluation workers: the processes below the fork server (itself a child of the server)."""
    server = desk.proc.pid
    return [p for p in descendants(server) if _parent(p) != server]


def without_token(page: str) -> str:
    """A page without its forms' CSRF tokens and its script nonce (which differ from one page to the next)."""
    return re.sub(r'nonce="[^"]*"', "", re.sub(r'name="csrf_token" value="[^"]*"', "", page))


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def test_the_server_never_evaluates_and_its_memory_stays_flat_over_views_at_distinct_dates(tmp_path):
    with served_desk(tmp_path, "--evaluations-per-worker", "10") as desk:
        dates = as_of_dates(60)  # from September 2017: about 10 MB an overview in a process that evaluates
        for i, day in enumerate(dates[:10]):
            assert view(desk, i, day, report_every=0) == 200
        server_before, _ = desk.memory()
        first_workers = set(workers_of(desk))
        for i, day in enumerate(dates[10:], start=10):
            # and a Board report every 20 views
            assert view(desk, i, day, report_every=20) == 200, day
        server_after, workers_after = desk.memory()
        assert server_after - server_before < 8, (server_before, server_after)
        # the workers were recycled (10 evaluations each; a Board report counts as one task) ...
        assert not first_workers & set(workers_of(desk))
        # ... and so stay bounded: the fork server and one or two workers of at most 10 evaluations
        # (one process evaluating all 60 pages grew by about 700 MB)
        assert workers_after < 500, workers_after


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_a_worker_killed_while_a_page_waits_gives_the_page_after_a_retry(tmp_path, sig):
    with served_desk(tmp_path) as desk:
        status, body = desk.get("/?as_of=2018-02-01")
        assert status == 200
        # the desk keeps the page's findings until the store changes (engine/operations/desk_cache.py): a fact dated after the
        # as-of date changes the store and so asks for a new evaluation, but not the page (time only runs forward)
        with Store.open(tmp_path / "comply.db") as s:
            later = F.Submission(key="later-report", what="A report after the as-of date", received="2018-06-01T09:00")
            s.write("tower-hamlets", [("submissions", later)], "test")
        (victim,) = workers_of(desk)
        os.kill(victim, signal.SIGSTOP)  # the page's evaluation is sent to it, and waits
        answer: list[tuple[int, str]] = []
        page = threading.Thread(target=lambda: answer.append(desk.get("/?as_of=2018-02-01")))
        page.start()
        time.sleep(1.0)
        assert page.is_alive()  # the page is waiting for the stopped worker
        os.kill(victim, sig)
        with contextlib.suppress(ProcessLookupError):  # SIGKILL ends it stopped, and it may be reaped already
            os.kill(victim, signal.SIGCONT)  # a stopped process takes its SIGSEGV when it runs again
        page.join(120)
        assert answer and answer[0][0] == 200
        assert without_token(answer[0][1]) == without_token(body)  # the same page, from a new worker
        assert victim not in workers_of(desk)
        assert desk.get("/timeline?as_of=2018-02-01")[0] == 200
    log = (tmp_path / "serve.log").read_text()
    assert f"worker process {victim} died (exit code {-sig})" in log and "run again in a new worker" in log


def test_an_evaluation_that_fails_is_a_503_page_and_the_rest_of_the_desk_goes_on(desk_app, signed_in):
    client = signed_in("vi")
    assert client.get("/?as_of=2018-02-01").status_code == 200
    workers_of_app(desk_app).close()  # from now on every evaluation fails (EngineError: the pool is closed)
    assert client.get("/?as_of=2018-02-01").status_code == 200  # kept from before (engine/operations/desk_cache.py)
    failed = client.get("/?as_of=2018-03-01")  # a day not yet evaluated
    page = failed.get_data(as_text=True)
    assert failed.status_code == 503 and "Evaluation failed" in page and "the worker pool is closed" in page
    assert client.get("/plan").status_code == 200  # a page that needs no evaluation
