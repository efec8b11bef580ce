"""`comply docs`: the static living-documentation site of the directions and their scenarios.

Why: a lawyer reviewing what the engine does should see, for every clause, the quoted words, the
engine's computed reading of its rule (the due dates and how each was computed), and the Gherkin
scenarios that pin that reading down, each marked passed, failed or not run in the latest test run.

This module builds the site from the other parts of `comply docs`: the `.feature` files read into
views (engine/outputs/docs_features.py), the test run's results laid over them
(engine/outputs/docs_results.py), and the catalogue of directions, clauses and scenarios with their
counts (engine/outputs/docs_catalogue.py). It renders the pages with the outputs' Jinja templates
(engine/outputs/templates/docs/) and writes each file whole or not at all. It also runs the
scenarios when no results are given.

The site is plain files with inline CSS and no JavaScript: open index.html from disk, no server
needed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core import calendar, clock
from engine.core.errors import InputError
from engine.core.files import write_atomically
from engine.directions import model as D
from engine.outputs.docs_catalogue import (
    Catalogue,
    Counts,
    catalogue,
    direction_counts,
    direction_scenarios,
    orphan_counts,
    scenario_counts,
    total_counts,
)
from engine.outputs.docs_features import GuideSentence, load_features, read_guide
from engine.outputs.docs_results import apply_results, load_results
from engine.outputs.docs_views import FeatureView, ScenarioView, slug
from engine.outputs.readings import Reading, rule_reading
from engine.outputs.templating import render
from engine.store.reviews import REVIEW_STATES, ReviewState

__all__ = [
    "build_site",
    "run_scenarios",
    "run_pytest",
    "ScenarioRun",
    "direction_filename",
    "index_html",
    "direction_html",
]


@dataclass(frozen=True)
class ClauseEntry:
    """One clause as its direction's page shows it: its id, the scenarios tagged with it and how
    their runs fared, and the engine's reading of its rule."""

    id: str
    clause: D.Clause
    scenarios: list[ScenarioView]
    counts: Counts
    reading: Reading
    review: ReviewState | None = None  # whether the clause as it now stands was reviewed (None: not asked)


def direction_filename(d: D.Direction) -> str:
    """The file name of a direction's page: 'bv-2017.html'."""
    return f"{slug(d.id)}.html"


def outline_parts(text: str) -> list[tuple[str, bool]]:
    """A step's text cut into its words and its outline parameters: 'at <received>' gives
    [('at ', False), ('received', True), ('', False)], so a page can mark each parameter."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in re.finditer(r"<(.+?)>", text):
        parts += [(text[pos : m.start()], False), (m.group(1), True)]
        pos = m.end()
    parts.append((text[pos:], False))
    return parts


def paragraphs(text: str) -> list[str]:
    """A Gherkin description's paragraphs: its hard line breaks are the writer's wrapping, not meaning."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _render(template: str, **context: Any) -> str:
    return render(template, outline_parts=outline_parts, paragraphs=paragraphs, **context)


def results_note(results_path: Path | None, report: list[dict[str, Any]] | None, unmatched: int) -> str:
    """The sentence under each page's heading that says which test run the marks come from."""
    if results_path is None or report is None:
        return "No test results were given: every scenario is shown as not run."
    n = sum(len(f.get("elements", [])) for f in report)
    when = dt.datetime.fromtimestamp(results_path.stat().st_mtime, dt.UTC)  # when the run wrote it
    note = (
        f"Results: {results_path} ({n} scenario run{'s' if n != 1 else ''} reported), written "
        f"{calendar.human(calendar.parse_instant(when))}."
    )
    if unmatched:
        note += (
            f" {unmatched} reported run{'s' if unmatched != 1 else ''} matched no scenario here "
            "(a feature file changed since that run?)."
        )
    return note


def index_html(cat: Catalogue, note: str, generated: str, n_sentences: int = 0) -> str:
    """The front page: coverage by direction, the scenarios that belong to no direction, and a link
    to the guide to the sentences (when it lists any)."""
    return _render(
        "docs/index.html.j2",
        n_sentences=n_sentences,
        rows=[(d, direction_counts(cat, d)) for d in cat.directions],
        orphans=cat.unknown.get(None, []),
        orphan_counts=orphan_counts(cat),
        total=total_counts(cat),
        n_features=len(cat.features),
        n_scenarios=sum(len(f.scenarios) for f in cat.features),
        page_of=direction_filename,
        results_note=note,
        generated=generated,
    )


def direction_html(
    cat: Catalogue,
    d: D.Direction,
    note: str,
    generated: str,
    reviews: dict[str, ReviewState] | None = None,
    reviews_note: str = "",
) -> str:
    """A direction's page: its particulars, then each clause with its reading, its legal review (when
    `reviews` are given: {clause id: ReviewState}) and its scenarios."""
    clauses = []
    for c in d.clauses:
        cid = d.clause_id(c)
        scenarios = cat.by_clause[cid]
        review = (reviews or {}).get(cid)
        clauses.append(ClauseEntry(cid, c, scenarios, scenario_counts(scenarios), rule_reading(d, c), review))
    features = {id(sc.feature): sc.feature for sc in direction_scenarios(cat, d)}.values()
    return _render(
        "docs/direction.html.j2",
        d=d,
        counts=direction_counts(cat, d),
        features=sorted(features, key=lambda f: f.display),
        clauses=clauses,
        unknown=cat.unknown.get(d.id, []),
        day_words=calendar.day_words,
        results_note=note,
        reviews_note=reviews_note,
        review_words=REVIEW_STATES,
        generated=generated,
    )


def sentences_html(guide: list[GuideSentence], generated: str) -> str:
    """The lawyers' guide: every sentence of the step library with an example, by section, as
    features/README.md lists it (generated there from the step library)."""
    sections: dict[str, list[GuideSentence]] = {}
    for s in guide:
        sections.setdefault(s.section, []).append(s)
    return _render("docs/sentences.html.j2", sections=sections, n=len(guide), generated=generated)


def build_site(
    directions: list[D.Direction],
    features_dir: Path,
    results_path: Path | None,
    out_dir: Path,
    reviews: dict[str, ReviewState] | None = None,
    reviews_note: str = "",
    features: list[FeatureView] | None = None,
) -> Path:
    """Write index.html, one page per direction and the guide to the sentences (sentences.html) into
    out_dir (created if missing); return the
    index's path. `results_path` is a cucumber JSON report, or None to show every scenario as not
    run. `reviews`: {clause id: ReviewState} (engine/store/reviews.py), shown with each clause, and
    `reviews_note`, where they come from. `features`: the files of `features_dir` as load_features read
    them, when the caller has them (read here otherwise; the results are laid over them). InputError (a
    ValueError) for a missing features folder, a `.feature` file that does not parse, or a results file that
    is not a cucumber JSON report."""
    features = load_features(features_dir) if features is None else features
    report = load_results(results_path) if results_path is not None else None
    unmatched = apply_results(features, report) if report is not None else 0
    cat = catalogue(directions, features)
    out_dir.mkdir(parents=True, exist_ok=True)
    note = results_note(results_path, report, unmatched)
    generated = calendar.human(clock.now())
    for d in directions:
        page = direction_html(cat, d, note, generated, reviews, reviews_note)
        write_atomically(out_dir / direction_filename(d), page.encode("utf-8"))
    guide = read_guide(features_dir)
    write_atomically(out_dir / "sentences.html", sentences_html(guide, generated).encode("utf-8"))
    index = out_dir / "index.html"
    write_atomically(index, index_html(cat, note, generated, len(guide)).encode("utf-8"))
    return index


#: the pytest plugin that runs one shard of the scenarios, and its option (engine/outputs/docs_shard.py, named here
#: rather than imported: it imports pytest, which no command should load before it runs the scenarios)
SHARD_PLUGIN, SHARD_OPTION = "engine.outputs.docs_shard", "--docs-shard"
#: pytest plugins of the test tools that the scenarios do not use, not loaded for them: hypothesis's and anyio's
#: load about a hundred modules (half of the pytest process's start); `-p no:NAME` is harmless when one is absent.
#: The checkout's own options for the test suite (pyproject.toml `addopts`) are not the scenarios' (`-o addopts=`):
#: their `-n auto` handed each process's scenarios to pytest-xdist workers, whose runs pytest-bdd's cucumber JSON
#: does not hold, so the site showed every scenario as not run (check_every_run_reported now refuses that)
_UNUSED_PLUGINS = ["-o", "addopts=", "-p", "no:xdist", "-p", "no:xdist.looponfail", "-p", "no:hypothesispytest", "-p", "no:anyio"]  # fmt: skip
#: how pytest names the counts of its summary line, in its order ("1 failed, 2 passed, 1 deselected in 0.50s")
_SUMMARY_WORDS = ("failed", "passed", "skipped", "deselected", "xfailed", "xpassed", "warnings", "errors")
_COUNT = re.compile(r"(\d+) (\w+)")
_SECONDS = re.compile(r" in (\d+(?:\.\d+)?)s\b")


@dataclass(frozen=True)
class ScenarioRun:
    """One pytest process of `run_scenarios`: its command (run in `cwd`), and the cucumber JSON report and
    log it writes. `shard` is its K of `--docs-shard K/N` (engine/outputs/docs_shard.py), or None alone."""

    cmd: list[str]
    cwd: Path
    results: Path
    log: Path
    shard: int | None = None


def run_pytest(run: ScenarioRun) -> tuple[int, str]:
    """Run one pytest process of the scenarios: write its log (the command, exit code and whole output) and
    return its exit code and summary line (pytest's last line). Raises nothing for failed scenarios."""
    proc = subprocess.run(run.cmd, cwd=run.cwd, capture_output=True, text=True)
    log = f"$ {' '.join(run.cmd)}\n(exit code {proc.returncode})\n\n{proc.stdout}{proc.stderr}"
    write_atomically(run.log, log.encode("utf-8"), option="the pytest log")
    return proc.returncode, (proc.stdout.strip() or proc.stderr.strip() or "no output").splitlines()[-1].strip("= ")


def _summary(lines: list[str]) -> str:
    """The shards' summary lines as one, as pytest would say it of the whole run: the counts added up (the
    deselected left out: they are the other shards' tests), the longest time. Lines it cannot read are
    joined as they are."""
    counts: dict[str, int] = {}
    seconds = []
    for line in lines:
        head, _, _ = line.partition(" in ")
        found = _COUNT.findall(head)
        if not found or _COUNT.sub("", head).strip(", ") or not _SECONDS.search(line):
            return "; ".join(lines)
        for n, word in found:
            word = {"warning": "warnings", "error": "errors"}.get(word, word)
            counts[word] = counts.get(word, 0) + int(n)
        seconds.append(float(_SECONDS.search(line)[1]))
    counts.pop("deselected", None)
    order = [w for w in _SUMMARY_WORDS if w in counts] + [w for w in counts if w not in _SUMMARY_WORDS]
    said = ", ".join(f"{counts[w]} {w[:-1] if counts[w] == 1 and w in ('warnings', 'errors') else w}" for w in order)
    return f"{said or 'no tests ran'} in {max(seconds):.2f}s ({len(lines)} pytest processes at once)"


def _exit_code(codes: list[int]) -> int:
    """The shards' exit codes as one: an error of pytest's own (2-4) first, then failed scenarios (1), then 0;
    5 (no tests) only when no shard ran a test."""
    worse = [c for c in codes if c not in (0, 1, 5)]
    if worse:
        return worse[0]
    if 1 in codes:
        return 1
    return 5 if all(c == 5 for c in codes) else 0


def _joined(reports: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The shards' cucumber JSON reports as one, as a single run writes it: each feature once, in the order
    first seen, with its scenario runs in shard order (a shard's slice follows the one before it)."""
    features: dict[str, dict[str, Any]] = {}
    for report in reports:
        for feature in report:
            if feature["uri"] in features:
                features[feature["uri"]]["elements"] += feature.get("elements", [])
            else:
                features[feature["uri"]] = {**feature, "elements": list(feature.get("elements", []))}
    return list(features.values())


def check_every_run_reported(lines: list[str], report: list[dict[str, Any]], log_path: Path) -> None:
    """Refuse a report that holds fewer scenario runs than pytest said it ran (its summary `lines`, one a
    process: the passed and failed added up): the site would show scenarios that ran as "not run", or as
    nothing at all. Seen when the checkout's test options made each pytest process hand the scenarios to
    pytest-xdist workers, whose runs pytest-bdd's cucumber JSON does not hold: every scenario "not run", the
    command content. Raises InputError naming both counts and the log; a summary line it cannot read counts 0."""
    ran = 0
    for line in lines:
        counts = {word: int(n) for n, word in _COUNT.findall(line.partition(" in ")[0])}
        ran += counts.get("passed", 0) + counts.get("failed", 0)
    reported = sum(len(feature.get("elements", [])) for feature in report)
    if reported < ran:
        raise InputError(
            f"pytest ran {ran} scenario{'s' if ran != 1 else ''} but its results hold {reported}: the site would show "
            f"the rest as not run (see {log_path})"
        )


def run_scenarios(
    repo_root: Path,
    features_dir: Path,
    results_path: Path,
    log_path: Path,
    shards: int = 1,
    runner: Callable[[Callable[[ScenarioRun], tuple[int, str]], list[ScenarioRun]], list[tuple[int, str]]]
    | None = None,
) -> tuple[int, str]:
    """Run the feature scenarios with pytest, writing cucumber JSON to `results_path`; return pytest's exit code
    and its summary line.

    With `shards` > 1, that many pytest processes each run a contiguous slice of the tests
    (engine/outputs/docs_shard.py), through `runner(run_pytest, runs)` (results in the order of `runs`; the
    command line gives engine/operations/executors.py `run_batches`, which runs them at once; default: one
    after another), and their reports are joined into one, as a single run writes it: the code and the summary
    line are the whole run's.

    Failures of scenarios are results, not errors (exit 1). Any other exit code is reported by the
    caller; an absent results file is an InputError naming pytest's last line and the log
    (`log_path`, which keeps each command and pytest's whole output), and so are results holding fewer
    scenario runs than pytest ran (`check_every_run_reported`). The checkout's own test options (pyproject.toml
    `addopts`, for the test suite) are set aside: the scenarios run in the pytest processes started here.
    """
    results_path.parent.mkdir(parents=True, exist_ok=True)  # pytest-bdd crashes when the folder is missing
    if results_path.exists():
        results_path.unlink()  # never render an earlier run's results as this one's
    try:
        target = features_dir.resolve().relative_to(repo_root.resolve()).as_posix()  # `pytest features`
    except ValueError:
        target = str(features_dir.resolve())
    cmd = [sys.executable, "-m", "pytest", target, "-q", "-p", "no:cacheprovider", *_UNUSED_PLUGINS]
    if shards <= 1:
        code, last = run_pytest(
            ScenarioRun([*cmd, f"--cucumberjson={results_path}"], repo_root, results_path, log_path)
        )
        if not results_path.is_file():
            raise InputError(f"pytest wrote no results (exit code {code}): {last} (see {log_path})")
        check_every_run_reported([last], load_results(results_path), log_path)
        return code, last
    with tempfile.TemporaryDirectory(prefix="comply-docs-") as tmp:
        runs = [
            ScenarioRun(
                [
                    *cmd,
                    "-p",
                    "no:randomly",
                    "-p",
                    SHARD_PLUGIN,
                    f"{SHARD_OPTION}={k}/{shards}",
                    f"--cucumberjson={Path(tmp) / f'results-{k}.json'}",
                ],
                repo_root,
                Path(tmp) / f"results-{k}.json",
                Path(tmp) / f"pytest-{k}.txt",
                k,
            )  # fmt: skip
            for k in range(shards)
        ]
        outcomes = (runner or (lambda work, items: [work(i) for i in items]))(run_pytest, runs)
        logs = [r.log.read_text(encoding="utf-8") if r.log.is_file() else f"(no log: {r.log})\n" for r in runs]
        write_atomically(log_path, "\n".join(logs).encode("utf-8"), option="the pytest log")
        missing = [(r, o) for r, o in zip(runs, outcomes) if not r.results.is_file()]
        if missing:
            run, (code, last) = missing[0]
            raise InputError(
                f"pytest wrote no results (exit code {code}, pytest process {run.shard + 1} of {shards}): {last} "
                f"(see {log_path})"
            )
        report = _joined([load_results(r.results) for r in runs])
        check_every_run_reported([last for _, last in outcomes], report, log_path)
    write_atomically(results_path, json.dumps(report).encode("utf-8"), option="the results")
    return _exit_code([code for code, _ in outcomes]), _summary([last for _, last in outcomes])
