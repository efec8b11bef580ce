"""A real `comply serve` on the bundled data, and what it costs: the memory of the server and its
worker processes (resident set size, read from /proc) and the time of each page, over page views at
distinct as-of dates.

Used by tests/web/test_desk_memory.py (a modest count, in CI) and by hand for the issue's figure of
1,000 views at 1,000 dates (docs/desk.md, "Memory and worker processes"):

    bash .ci/venv python tests/web/served_desk.py --views 1000 --report-every 50

It prints one line per sample (views, server MB, workers MB, total MB) and a summary with the
median and 95th-percentile page time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import bundled_store  # noqa: E402

from engine.cli.app import REPO_ROOT  # noqa: E402
from engine.operations.bench.latency import free_port, sign_in, stop_server  # noqa: E402
from engine.store import users  # noqa: E402

COMPLY = str(Path(sys.executable).parent / "comply")
NAME, PASSWORD = "mo", "a long enough password"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mb(pid: int) -> float:
    """Resident set size of one process in MB (from /proc/PID/statm); 0 when it has gone."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * PAGE_SIZE / 2**20


def descendants(pid: int) -> list[int]:
    """Every living process below `pid` (children, grandchildren...), from /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class ServedDesk:
    """A running `comply serve` and a signed-in HTTP client on it."""

    proc: subprocess.Popen
    url: str
    opener: urllib.request.OpenerDirector
    times: list[float] = field(default_factory=list)

    def memory(self) -> tuple[float, float]:
        """(server MB, workers MB): the server's RSS and the sum over every process below it."""
        return rss_mb(self.proc.pid), sum(rss_mb(p) for p in descendants(self.proc.pid))

    def worker_pids(self) -> list[int]:
        """The processes below the server (the worker processes and the fork server that starts them)."""
        return descendants(self.proc.pid)

    def get(self, path: str, timeout: float = 120) -> tuple[int, str]:
        """GET a page as the signed-in user: (status, body); the time taken is kept in `times`."""
        started = time.perf_counter()
        try:
            with self.opener.open(self.url + path, timeout=timeout) as r:
                status, body = r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read().decode()
        self.times.append(time.perf_counter() - started)
        return status, body


@contextmanager
def served_desk(folder: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[ServedDesk]:
    """`comply serve` on a fresh store of the bundled data (with `options`), signed in as an editor."""
    with bundled_store(folder) as s:
        users.add_user(s, NAME, "editor", PASSWORD)
    port = free_port()
    proc = subprocess.Popen(
        [COMPLY, "--store", str(folder / "comply.db"), "serve", "--port", str(port), *options],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "serve.log", "w"),  # noqa: SIM115 - closed with the process
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        opener = sign_in(proc, url, NAME, PASSWORD, folder / "serve.log", within=60)
        yield ServedDesk(proc, url, opener)
    finally:
        stop_server(proc)


def as_of_dates(count: int, first: str = "2017-09-01") -> list[str]:
    """`count` distinct days from `first`, one a day (by default from September 2017, when the
    bundled data has about 90 findings: an overview then cost about 10 MB in a process that evaluated)."""
    start = pendulum.parse(first).date()
    return [start.add(days=i).isoformat() for i in range(count)]


#: the finding pages `view` opens in turn (findings of the bundled data at every as-of date from September 2017)
FINDINGS = (
    "tower-hamlets/bv-2017.quarterly-report/1",
    "tower-hamlets/bv-2017.board-set-up/set-up",
    "tower-hamlets/dfe-2017.5g/1",
)


def view(desk: ServedDesk, index: int, day: str, report_every: int) -> int:
    """One page view at an as-of date, in turn: the overview, a finding's page, the overview, the
    timeline; and every `report_every`-th view the Board report instead (0: never). Returns the status."""
    if report_every and index % report_every == report_every - 1:
        path = f"/report?as_of={day}"
    elif index % 4 == 1:
        path = f"/finding/{FINDINGS[index // 4 % len(FINDINGS)]}?as_of={day}"
    elif index % 4 == 3:
        path = f"/timeline?as_of={day}"
    else:
        path = f"/?as_of={day}"
    status, _ = desk.get(path)
    return status


def main() -> None:
    """Serve, view pages, print the memory every `--every` views and the page times."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--views", type=int, default=200)
    parser.add_argument("--every", type=int, default=20, help="print the memory every this many views")
    parser.add_argument("--report-every", type=int, default=0, help="a Board report every this many views (0: none)")
    parser.add_argument("serve_options", nargs="*", help="passed to `comply serve` (after --)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, served_desk(Path(tmp), *args.serve_options) as desk:
        desk.get("/")  # the first page starts what is started lazily
        desk.times.clear()
        server, workers = desk.memory()
        print(f"views=0 server={server:.0f}MB workers={workers:.0f}MB total={server + workers:.0f}MB", flush=True)
        peak = server + workers
        for i, day in enumerate(as_of_dates(args.views)):
            status = view(desk, i, day, args.report_every)
            if status != 200:
                print(f"view {i} at {day}: HTTP {status}", flush=True)
            if (i + 1) % args.every == 0:
                server, workers = desk.memory()
                peak = max(peak, server + workers)
                print(
                    f"views={i + 1} server={server:.0f}MB workers={workers:.0f}MB total={server + workers:.0f}MB",
                    flush=True,
                )
        ms = sorted(t * 1000 for t in desk.times)
        print(
            f"pages={len(ms)} median={statistics.median(ms):.0f}ms p95={ms[int(len(ms) * 0.95) - 1]:.0f}ms "
            f"max={ms[-1]:.0f}ms peak_total={peak:.0f}MB"
        )


if __name__ == "__main__":
    main()
