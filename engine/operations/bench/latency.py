"""Latency budgets: how long the people who use comply wait, each figure against its target (issue 19).

Why a section of its own: the national-scale figures (engine/operations/bench/run.py) say how evaluation
scales; an officer waits for something else, a command to start and answer, a page of the desk, a re-check
after recording one fact. Most of a cold command's time is starting Python and importing, so those figures
are ratios to a bare `python -c pass` measured in the same run, on the same (often shared) machine: the
ratio moves less with the machine's load than the seconds do. Each figure is the median of `runs`
processes (page loads, re-checks), with the CPU time (user + system) of the process beside the wall time:
on a busy machine the wall time includes waiting for a core, the CPU time does not.

The budgets (docs/performance.md "Latency budgets"):

- a cold `comply check --as-of 2017-07-01` on the bundled data: within 10x `python -c pass`;
- `comply --help` and `comply check --help`: within 10x `python -c pass`;
- `comply report` (the Board report, one evaluation per month for its chart): within 2x one `comply check`;
- `comply docs` (the living documentation, running the scenarios): within 10 s, measured once (it runs every
  scenario, in two pytest processes at once; `runs` does not repeat it);
- a page of the desk (the overview) from a real `comply serve` on 127.0.0.1: within 100 ms (the same page asked
  again, as an officer reloads it: the desk keeps its findings until the store changes, engine/operations/desk_cache.py);
- one new fact re-checked (engine/evaluation/recheck.py, the path the national run measures too): within 10 ms;
- importing N facts (100,000 by default; YAML files of generated authorities, engine/operations/bench/importing.py),
  and importing them again unchanged: each within 10x the load floor of the same facts, measured in the same
  process just after (the floor is its own row, the baseline of these two).

Every command runs as an officer runs it: a new process of this Python (`python -m engine.cli`), on a demo
store made by `comply init --demo` in a fresh folder; a command that fails stops the measurement with its
stderr (EngineError), rather than timing an error message.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from engine.core.errors import EngineError
from engine.directions.bundled import is_checkout
from engine.directions.model import Direction
from engine.operations.bench import run as R
from engine.operations.bench.importing import DEFAULT_FACTS, measure_import
from engine.store import users
from engine.store.sqlite import Store

#: the command as an officer runs it, in a new process of this Python
COMPLY = [sys.executable, "-m", "engine.cli"]
#: the bundled data's authority and the dates the budgets use (the README's first command; the Board report of December)
AUTHORITY = "tower-hamlets"
CHECK_AS_OF = "2017-07-01"
REPORT_AS_OF = "2017-12-01"
#: the desk's user the page loads sign in as
DESK_USER, DESK_PASSWORD = "bench", "a long enough password for the bench"

#: the targets: a ratio to the baseline's figure, or seconds
TARGETS = {
    "check_x_python": 10.0,
    "help_x_python": 10.0,
    "report_x_check": 2.0,
    "docs_s": 10.0,
    "desk_page_s": 0.100,
    "recheck_s": 0.010,
    "import_x_floor": 10.0,
}


@dataclass
class Budget:
    """One latency figure: what was measured, its median wall and CPU seconds over `runs`, its ratio to
    what it is compared with (None for an absolute target), the target in words, and met or missed."""

    figure: str
    wall_s: float
    cpu_s: float | None
    runs: int
    ratio: float | None
    cpu_ratio: float | None
    target: str
    met: bool | None  # None: the baseline itself (no target), or a figure not measured (runs 0)

    @property
    def verdict(self) -> str:
        """`met`, `missed`, or empty (the baseline; a figure not measured)."""
        return "" if self.met is None else ("met" if self.met else "missed")


@dataclass
class Timed:
    """The wall and CPU seconds of each run of one measurement."""

    wall: list[float]
    cpu: list[float]

    @property
    def wall_s(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_s(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


def command_env(folder: Path) -> dict[str, str]:
    """The environment of a measured process: this one's, no progress bars, and Python's bytecode kept in
    `folder`/pycache (PYTHONPYCACHEPREFIX) even where PYTHONDONTWRITEBYTECODE is set. Why: an installed comply
    runs from bytecode (pip compiles a wheel's modules when it installs them), and the run not counted before
    each measurement is there to compile what the command imports; with PYTHONDONTWRITEBYTECODE (set on these
    machines) every measured run compiled comply's own modules again, about a tenth of a cold `comply check`
    (docs/performance.md). The baseline `python -c pass` runs with the same environment."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"COMPLY_PROGRESS": "never", "PYTHONPYCACHEPREFIX": str(folder / "pycache")}


def run_once(argv: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Run a command to its end: (wall seconds, CPU seconds of the process and its children). stdout is
    discarded; raises EngineError with the end of its stderr when it exits with a code not in `ok`."""
    err_path = cwd / "latency-stderr.txt"
    env = command_env(cwd) | {"COLUMNS": "100"}
    with open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped by wait4: tell Popen, so that it does not wait again
    if code not in ok:
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise EngineError(f"comply bench --latency: `{' '.join(argv[2:])}` exited with {code}: {tail}")
    return wall, usage.ru_utime + usage.ru_stime


def run_many(argv: list[str], cwd: Path, runs: int, ok: tuple[int, ...] = (0,)) -> Timed:
    """`runs` runs of one command (run_once), after one run not counted (it compiles what it imports)."""
    run_once(argv, cwd, ok)
    walls, cpus = zip(*(run_once(argv, cwd, ok) for _ in range(runs)))
    return Timed(list(walls), list(cpus))


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (the operating system's choice; free when asked)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(
    proc: subprocess.Popen, url: str, name: str, password: str, log: Path, within: float
) -> urllib.request.OpenerDirector:
    """Wait for a just-started `comply serve` (`proc`) to answer at `url` (its sign-in page), at most `within`
    seconds, then sign in as `name`: returns the opener that holds the session's cookie. Used by the latency
    budget's desk page and by the web tests' served desk (tests/web/served_desk.py). Raises EngineError when
    the server exits (with its log), does not answer in time, shows no CSRF token or refuses the sign-in."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    deadline = time.monotonic() + within
    while True:
        if proc.poll() is not None:
            raise EngineError(f"comply serve exited with {proc.returncode}: {log.read_text(errors='replace')}")
        try:
            with opener.open(url + "/login", timeout=5) as answer:
                found = re.search(r'name="csrf_token" value="([^"]+)"', answer.read().decode())
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise EngineError(f"comply serve did not answer within {within:g} seconds") from None
            time.sleep(0.2)
    if found is None:
        raise EngineError("the desk's sign-in page has no CSRF token")
    form = {"csrf_token": found.group(1), "name": name, "password": password}
    with opener.open(url + "/login", data=urllib.parse.urlencode(form).encode(), timeout=60) as answer:
        if urllib.parse.urlsplit(answer.geturl()).path == "/login":
            raise EngineError(f"the desk refused the sign-in of {name!r}")
    return opener


def stop_server(proc: subprocess.Popen, grace: float = 15) -> None:
    """End a served desk: SIGTERM, then SIGKILL if it has not exited within `grace` seconds; reaped."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def served(store_path: Path, cwd: Path) -> Iterator[Callable[[str], float]]:
    """A real `comply serve` on 127.0.0.1 on the store, signed in as DESK_USER; yields `get(path)`, which
    loads a page and returns its wall seconds (EngineError unless the page answers 200). The server is
    stopped at the end."""
    port = free_port()
    log = open(cwd / "serve.log", "wb")  # noqa: SIM115 - closed with the server below
    proc = subprocess.Popen(
        [*COMPLY, "--store", str(store_path), "serve", "--port", str(port)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=command_env(cwd),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        opener = sign_in(proc, url, DESK_USER, DESK_PASSWORD, cwd / "serve.log", within=120)

        def get(path: str) -> float:
            started = time.perf_counter()
            try:
                with opener.open(url + path, timeout=120) as answer:
                    answer.read()
                    status = answer.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            if status != 200:
                raise EngineError(f"the desk answered {path} with {status}")
            return time.perf_counter() - started

        yield get
    finally:
        stop_server(proc)
        log.close()


def _recheck_task(task: tuple[str, int]) -> dict:
    """In a worker process (durable-rules' states go with it): re-check timings on the bundled data."""
    store_path, runs = task
    with Store.open(store_path) as store:
        timing = R.recheck_timings(store, AUTHORITY, R._SEED, REPORT_AS_OF, runs)
    return {"recheck_s": timing.recheck_s, "agrees": timing.agrees}


def _ratio(x: float | None, base: float | None) -> float | None:
    return x / base if x is not None and base else None


def _against(figure: str, t: Timed, by: Timed, target: float, words: str) -> Budget:
    """A figure as a ratio to another measured in the same run (its wall time, and its CPU time beside it),
    met when the wall-time ratio is within `target`."""
    ratio = _ratio(t.wall_s, by.wall_s)
    return Budget(figure, t.wall_s, t.cpu_s, len(t.wall), ratio, _ratio(t.cpu_s, by.cpu_s), words, ratio <= target)


def measure_latency(
    work_dir: Path,
    directions: list[Direction],
    runs: int = 7,
    docs: bool = True,
    progress: Callable[[str], None] = lambda _: None,
    import_facts: int = DEFAULT_FACTS,
    commands_only: bool = False,
) -> list[Budget]:
    """Every latency budget, in the order of the module's docstring, with the baseline first. Works in a
    fresh folder `work_dir/latency` (removed first if there). `directions`: the bundled directions (the
    re-check reads them). `docs`: also run `comply docs` (10-30 s; only from a checkout, where the
    scenarios' steps are); its row says `not run` otherwise. `import_facts`: how many facts the import budget
    imports (engine/operations/bench/importing.py; measured once: `runs` does not repeat it). `commands_only`:
    only the cold commands' budgets (the baseline, a cold `comply check`, `comply --help`, `comply check --help`:
    about a minute, for work on a cold start). Raises EngineError when a command fails, a re-check differs from a
    full check, or an unchanged re-import stores anything."""
    folder = work_dir.resolve() / "latency"  # the commands below run in `folder`: no path may be relative
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    store = folder / "demo.db"
    progress("latency: a demo store (comply init --demo)")
    run_once([*COMPLY, "init", "--demo", str(store)], folder)
    on_store = [*COMPLY, "--store", str(store)]

    progress("latency: python -c pass, comply check, comply --help")
    python = run_many([sys.executable, "-c", "pass"], folder, runs)
    checked = run_many([*on_store, "check", "--as-of", CHECK_AS_OF], folder, runs, ok=(0, 1))
    helped = run_many([*COMPLY, "--help"], folder, runs)
    check_help = run_many([*COMPLY, "check", "--help"], folder, runs)
    x_python = f"{TARGETS['check_x_python']:g}x `python -c pass`"
    commands = [
        Budget("`python -c pass` (the baseline)", python.wall_s, python.cpu_s, runs, 1.0, 1.0, "", None),
        _against(f"cold `comply check --as-of {CHECK_AS_OF}`, bundled data", checked, python,
                 TARGETS["check_x_python"], x_python),
        _against("`comply --help`", helped, python, TARGETS["help_x_python"], x_python),
        _against("`comply check --help`", check_help, python, TARGETS["help_x_python"], x_python),
    ]  # fmt: skip
    if commands_only:
        shutil.rmtree(folder, ignore_errors=True)
        return commands
    progress("latency: comply report")
    reported = run_many(
        [*on_store, "report", "--as-of", REPORT_AS_OF, "--out", str(folder / "board.html")], folder, runs, ok=(0, 1)
    )
    documented = None
    if docs and is_checkout():
        progress("latency: comply docs (once)")
        wall, cpu = run_once([*on_store, "docs", "--out", str(folder / "site")], folder)
        documented = Timed([wall], [cpu])

    progress("latency: desk pages")
    with Store.open(store) as s:
        users.add_user(s, DESK_USER, "viewer", DESK_PASSWORD, actor="comply bench")
    with served(store, folder) as get:
        page = f"/?as_of={CHECK_AS_OF}"
        get(page)  # the first page starts what the desk starts lazily (its worker processes)
        pages = Timed([get(page) for _ in range(runs)], [])

    progress("latency: re-check after one new fact")
    shutil.copyfile(store, folder / "recheck.db")
    _, (rechecked,) = R._pooled(_recheck_task, [(str(folder / "recheck.db"), max(runs, 10))], directions)
    if not rechecked["agrees"]:
        raise EngineError("comply bench --latency: a re-check differed from a full check of the bundled data")
    recheck = Timed(rechecked["recheck_s"], [])
    shutil.rmtree(folder, ignore_errors=True)

    imported = measure_import(work_dir, directions, import_facts, progress)
    first, again, floor = (Timed([w], [c]) for w, c in (imported.import_s, imported.reimport_s, imported.floor_s))
    n_facts = f"{imported.facts:,} facts ({imported.authorities} authorities)"

    against = _against

    def absolute(figure: str, t: Timed, target: float, words: str) -> Budget:
        return Budget(figure, t.wall_s, t.cpu_s, len(t.wall), None, None, words, t.wall_s <= target)

    return [
        *commands,
        against(f"`comply report --as-of {REPORT_AS_OF}` (against one check)", reported, checked,
                TARGETS["report_x_check"], f"{TARGETS['report_x_check']:g}x one `comply check`"),
        absolute("`comply docs` (runs the scenarios; once)", documented, TARGETS["docs_s"],
                 f"{TARGETS['docs_s']:g} s")
        if documented is not None
        else Budget("`comply docs` (not run: --no-docs, or not a checkout)", 0.0, None, 0, None, None,
                    f"{TARGETS['docs_s']:g} s", None),
        absolute("a desk page (the overview), `comply serve` on 127.0.0.1", pages, TARGETS["desk_page_s"],
                 f"{TARGETS['desk_page_s'] * 1000:g} ms"),
        absolute("one new submission re-checked (engine/evaluation/recheck.py), bundled data", recheck,
                 TARGETS["recheck_s"], f"{TARGETS['recheck_s'] * 1000:g} ms"),
        Budget(f"load floor of {n_facts} (the baseline of the imports)", floor.wall_s, floor.cpu_s, 1, 1.0, 1.0,
               "", None),
        against(f"importing {n_facts}, YAML, into a fresh store", first, floor, TARGETS["import_x_floor"],
                f"{TARGETS['import_x_floor']:g}x the load floor"),
        against(f"importing the same {n_facts} again (stores nothing)", again, floor, TARGETS["import_x_floor"],
                f"{TARGETS['import_x_floor']:g}x the load floor"),
    ]  # fmt: skip


def _seconds(s: float) -> str:
    if s < 0.1:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1000:,.0f} ms" if s < 10 else f"{s:,.1f} s"


def latency_table(budgets: list[Budget]) -> str:
    """The budgets as a Markdown table (also what docs/performance.md shows): the figure, the median wall
    time (the CPU time beside it where the figure is a process), runs, the ratio (wall, then CPU), the target
    and met or missed."""
    head = "| latency budget | median (CPU) | runs | ratio (CPU) | target | |"
    sep = "|---|---:|---:|---:|---|---|"
    body = []
    for b in budgets:
        if not b.runs:
            body.append(f"| {b.figure} | not run | 0 | | {b.target} | |")
            continue
        median = _seconds(b.wall_s) + (f" ({_seconds(b.cpu_s)})" if b.cpu_s is not None else "")
        ratio = "" if b.ratio is None else f"{b.ratio:.1f}x" + (f" ({b.cpu_ratio:.1f}x)" if b.cpu_ratio else "")
        body.append(f"| {b.figure} | {median} | {b.runs} | {ratio} | {b.target} | {b.verdict} |")
    return "\n".join([head, sep, *body])


def latency_as_json(budgets: list[Budget]) -> list[dict]:
    """The budgets as plain dictionaries, each with its verdict."""
    return [asdict(b) | {"verdict": b.verdict} for b in budgets]
