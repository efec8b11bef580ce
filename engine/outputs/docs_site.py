"""`comply docs`: a static living-documentation site of the directions and their scenarios.

Why: a lawyer reviewing what the engine does should see, for every clause, the quoted words, the
engine's computed reading of its rule (the due dates and how each was computed), and the Gherkin
scenarios that pin that reading down, each marked passed, failed or not run in the latest test run.

How:
- the scenarios are rendered from the `.feature` files themselves, parsed with pytest-bdd's
  Gherkin parser (`pytest_bdd.gherkin_parser`), because pytest-bdd's cucumber JSON omits data
  tables, docstrings, Rules and Examples tags (../shared/DURABLE_RULES.md, pytest-bdd notes);
- results come from that cucumber JSON (`pytest --cucumberjson=PATH`) and are matched by feature
  file and scenario line; the rows of a Scenario Outline share one line in the JSON, so each row is
  matched by its pytest id, then by its rendered name, then by position;
- a scenario is placed under every clause whose id it is tagged with (`@bv-2017.quarterly-report`);
  a scenario with no clause tag, or with a tag that is neither a clause id nor a direction id, is
  listed under "Untagged / unknown clause" so that nothing is hidden;
- plain files with inline CSS and no JavaScript: open index.html from disk, no server needed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from pytest_bdd import exceptions as bdd_exceptions
from pytest_bdd import gherkin_parser as G

from engine.core import calendar
from engine.core.errors import InputError
from engine.directions import model as D
from engine.outputs.readings import rule_reading

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"
MARK = {PASSED: "\u2714 passed", FAILED: "\u2718 failed", NOT_RUN: "\u25cb not run"}
STATUS_CLASS = {PASSED: "passed", FAILED: "failed", NOT_RUN: "notrun"}


# --------------------------------------------------------------------------------------------
# The scenarios, from the .feature files


@dataclass
class Result:
    status: str = NOT_RUN
    detail: str = ""  # why it failed (the error message, or which step had no result)
    steps: dict[int, str] = field(default_factory=dict)  # step line -> passed / failed / skipped


@dataclass
class StepView:
    keyword: str
    text: str
    line: int
    datatable: list[list[str]] | None = None
    docstring: str | None = None
    docstring_delimiter: str = '"""'


@dataclass
class ExampleRow:
    line: int
    values: list[str]
    result: Result = field(default_factory=Result)


@dataclass
class ExamplesView:
    keyword: str
    name: str
    line: int
    tags: list[str]
    header: list[str]
    rows: list[ExampleRow]


@dataclass
class ScenarioView:
    feature: FeatureView
    keyword: str
    name: str
    line: int
    description: str
    tags: list[str]  # the scenario's own tags, without '@', in file order
    inherited_tags: list[str]  # from the feature and the rule
    rule: str | None
    background: list[StepView]  # the feature's and the rule's Background steps
    steps: list[StepView]
    examples: list[ExamplesView]
    result: Result = field(default_factory=Result)  # for a plain scenario; an outline has one per row
    clause_ids: list[str] = field(default_factory=list)
    unknown_tags: list[str] = field(default_factory=list)

    @property
    def is_outline(self) -> bool:
        return bool(self.examples)

    @property
    def all_tags(self) -> list[str]:
        tags = list(self.inherited_tags) + list(self.tags)
        for ex in self.examples:
            tags += ex.tags
        return list(dict.fromkeys(tags))

    @property
    def runs(self) -> list[Result]:
        """One result per run: a plain scenario runs once, an outline once per example row."""
        if self.is_outline:
            return [row.result for ex in self.examples for row in ex.rows]
        return [self.result]

    @property
    def status(self) -> str:
        statuses = {r.status for r in self.runs}
        if FAILED in statuses:
            return FAILED
        if NOT_RUN in statuses or not statuses:
            return NOT_RUN
        return PASSED

    @property
    def anchor(self) -> str:
        return f"{slug(self.feature.path.stem)}-L{self.line}"

    @property
    def location(self) -> str:
        return f"{self.feature.display}:{self.line}"

    def expected_step_lines(self) -> list[int]:
        return [s.line for s in self.background + self.steps]


@dataclass
class FeatureView:
    path: Path
    display: str  # features/bv-2017.feature
    keyword: str
    name: str
    description: str
    tags: list[str]
    scenarios: list[ScenarioView] = field(default_factory=list)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def _steps(steps: list[G.Step]) -> list[StepView]:
    out = []
    for s in steps:
        out.append(
            StepView(
                keyword=s.keyword,
                text=s.text,
                line=s.location.line,
                datatable=[[c.value for c in row.cells] for row in s.datatable.rows] if s.datatable else None,
                docstring=s.docstring.content if s.docstring else None,
                docstring_delimiter=s.docstring.delimiter if s.docstring else '"""',
            )
        )
    return out


def _tags(tags: list[G.Tag]) -> list[str]:
    return [t.name.lstrip("@") for t in tags]


def _description(text: str | None) -> str:
    return textwrap.dedent(text or "").strip()


def parse_feature_file(path: Path, display: str) -> FeatureView:
    """Parse one .feature file with pytest-bdd's Gherkin parser; ValueError names the file and line."""
    try:
        doc = G.get_gherkin_document(str(path))
    except bdd_exceptions.GherkinParseError as exc:
        raise InputError(f"{display}: line {exc.line}: {exc.message} (got {exc.line_content.strip()!r})") from None
    except KeyError:
        raise InputError(f"{display}: no 'Feature:' found") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{display}: not UTF-8 text ({exc.reason})") from None
    feat = doc.feature
    view = FeatureView(
        path=path,
        display=display,
        keyword=feat.keyword,
        name=feat.name,
        description=_description(feat.description),
        tags=_tags(feat.tags),
    )

    def add(children: list[G.Child], background: list[StepView], inherited: list[str], rule: str | None) -> None:
        for child in children:
            if child.background:
                background = background + _steps(child.background.steps)
            elif child.rule:
                r = child.rule
                add(r.children, background, inherited + _tags(r.tags), f"{r.keyword}: {r.name}")
            elif child.scenario:
                sc = child.scenario
                examples = []
                for ex in sc.examples:
                    header = [c.value for c in ex.table_header.cells] if ex.table_header else []
                    rows = [
                        ExampleRow(line=row.location.line, values=[c.value for c in row.cells])
                        for row in ex.table_body or []
                    ]
                    examples.append(
                        ExamplesView(
                            keyword=getattr(ex, "keyword", "Examples"),
                            name=ex.name or "",
                            line=ex.location.line,
                            tags=_tags(ex.tags),
                            header=header,
                            rows=rows,
                        )
                    )
                view.scenarios.append(
                    ScenarioView(
                        feature=view,
                        keyword=sc.keyword,
                        name=sc.name,
                        line=sc.location.line,
                        description=_description(sc.description),
                        tags=_tags(sc.tags),
                        inherited_tags=list(inherited),
                        rule=rule,
                        background=list(background),
                        steps=_steps(sc.steps),
                        examples=examples,
                    )
                )

    add(feat.children, [], _tags(feat.tags), None)
    return view


def load_features(features_dir: Path) -> list[FeatureView]:
    """Every *.feature file under a folder (recursively), in path order."""
    if not features_dir.is_dir():
        raise InputError(f"{features_dir}: the features folder does not exist")
    out = []
    for path in sorted(features_dir.rglob("*.feature")):
        display = path.relative_to(features_dir.parent).as_posix()
        out.append(parse_feature_file(path, display))
    return out


# --------------------------------------------------------------------------------------------
# The results, from pytest-bdd's cucumber JSON


def load_results(path: Path) -> list[dict[str, Any]]:
    """Read a cucumber JSON report; ValueError on anything that is not one."""
    if not path.is_file():
        raise InputError(f"{path}: results file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(data, list):
        raise InputError(
            f"{path}: expected a cucumber JSON report (a list of features, as written by "
            "pytest --cucumberjson), got a JSON {type(data).__name__}"
        )
    for i, feat in enumerate(data):
        if (
            not isinstance(feat, dict)
            or not isinstance(feat.get("uri"), str)
            or not isinstance(feat.get("elements", []), list)
        ):
            raise InputError(f"{path}: feature {i + 1}: expected an object with 'uri' and 'elements'")
        for j, el in enumerate(feat.get("elements", [])):
            if (
                not isinstance(el, dict)
                or not isinstance(el.get("line"), int)
                or not isinstance(el.get("steps", []), list)
            ):
                raise InputError(
                    f"{path}: feature {feat['uri']!r}, element {j + 1}: expected an object with 'line' and 'steps'"
                )
            for step in el.get("steps", []):
                if not isinstance(step, dict) or not isinstance(step.get("result"), dict):
                    raise InputError(
                        f"{path}: feature {feat['uri']!r}, scenario at line {el['line']}: a step without a 'result'"
                    )
    return data


def _uri_matches(path: Path, uri: str) -> bool:
    parts = PurePosixPath(uri.replace("\\", "/")).parts
    return bool(parts) and tuple(path.parts[-len(parts) :]) == tuple(parts)


def element_result(element: dict[str, Any], expected_lines: list[int]) -> Result:
    """A scenario run's status from its cucumber JSON element.

    pytest-bdd reports only the steps it reached: a step with no definition (or a skip) ends the
    run without a failed step, so a step of the scenario with no result means it did not pass.
    """
    steps = {}
    errors = []
    for s in element.get("steps", []):
        status = s["result"].get("status", "")
        if isinstance(s.get("line"), int):
            steps[s["line"]] = status
        if s["result"].get("error_message"):
            errors.append(str(s["result"]["error_message"]))
    statuses = set(steps.values())
    if FAILED in statuses:
        failed_line = next(line for line, st in steps.items() if st == FAILED)
        return Result(FAILED, "\n".join(errors) or f"the step at line {failed_line} failed", steps)
    if "skipped" in statuses:
        return Result(NOT_RUN, "skipped", steps)
    missing = [line for line in expected_lines if line not in steps]
    if missing:
        return Result(
            FAILED,
            f"no result for the step at line {missing[0]}: the run stopped before it "
            "(a step with no definition, or a skip)",
            steps,
        )
    if not element.get("steps"):
        return Result(NOT_RUN, "no steps were reported", steps)
    return Result(PASSED, "", steps)


def _combine(results: list[Result]) -> Result:
    """One scenario run reported more than once (bound by two test modules): the worst counts."""
    if not results:
        return Result()
    for status in (FAILED, PASSED, NOT_RUN):
        for r in results:
            if r.status == status:
                return r
    return results[0]


def _pytest_param_id(element: dict[str, Any]) -> str | None:
    m = re.search(r"\[(.*)\]$", str(element.get("id", "")))
    return m.group(1) if m else None


def _render(text: str, context: dict[str, str]) -> str:
    return re.sub(r"<(.+?)>", lambda m: context.get(m.group(1), m.group(0)), text)


def apply_results(features: list[FeatureView], report: list[dict[str, Any]]) -> int:
    """Overlay results on the parsed scenarios, by feature file and scenario line; return how many
    reported runs matched no scenario (a feature file changed since the run, or one not rendered)."""
    used: set[int] = set()
    for feat in features:
        by_line: dict[int, list[dict[str, Any]]] = {}
        for jf in report:
            if _uri_matches(feat.path, jf["uri"]):
                for el in jf.get("elements", []):
                    by_line.setdefault(el["line"], []).append(el)
        for sc in feat.scenarios:
            elements = by_line.get(sc.line, [])
            expected = sc.expected_step_lines()
            if not sc.is_outline:
                sc.result = _combine([element_result(el, expected) for el in elements])
                used.update(id(el) for el in elements)
                continue
            rows = [(ex, row) for ex in sc.examples for row in ex.rows]
            remaining = list(elements)
            assigned: dict[int, dict[str, Any]] = {}
            # 1. by the pytest id of the row: "-".join(values), as pytest-bdd parametrizes
            for i, (_, row) in enumerate(rows):
                pid = "-".join(row.values)
                hits = [el for el in remaining if _pytest_param_id(el) == pid]
                if len(hits) == 1:
                    assigned[i] = hits[0]
                    remaining.remove(hits[0])
            # 2. by the rendered scenario name, where it is unique
            for i, (ex, row) in enumerate(rows):
                if i in assigned:
                    continue
                name = _render(sc.name, dict(zip(ex.header, row.values)))
                hits = [el for el in remaining if el.get("name") == name]
                others = [
                    j
                    for j, (ex2, row2) in enumerate(rows)
                    if j != i and j not in assigned and _render(sc.name, dict(zip(ex2.header, row2.values))) == name
                ]
                if len(hits) == 1 and not others:
                    assigned[i] = hits[0]
                    remaining.remove(hits[0])
            # 3. by position among what is left (pytest runs the rows in file order)
            left_rows = [i for i in range(len(rows)) if i not in assigned]
            for i, el in zip(left_rows, remaining):
                assigned[i] = el
            for i, (_, row) in enumerate(rows):
                row.result = element_result(assigned[i], expected) if i in assigned else Result()
            used.update(id(el) for el in assigned.values())
    return sum(1 for jf in report for el in jf.get("elements", []) if id(el) not in used)


# --------------------------------------------------------------------------------------------
# Scenarios to clauses


@dataclass
class Catalogue:
    directions: list[D.Direction]
    features: list[FeatureView]
    by_clause: dict[str, list[ScenarioView]]
    unknown: dict[str | None, list[ScenarioView]]  # direction id (or None) -> untagged/unknown scenarios


def catalogue(directions: list[D.Direction], features: list[FeatureView]) -> Catalogue:
    clause_ids = {d.clause_id(c) for d in directions for c in d.clauses}
    direction_ids = {d.id for d in directions}
    by_clause: dict[str, list[ScenarioView]] = {cid: [] for cid in clause_ids}
    unknown: dict[str | None, list[ScenarioView]] = {}
    for feat in features:
        for sc in feat.scenarios:
            tags = sc.all_tags
            sc.clause_ids = [t for t in tags if t in clause_ids]
            sc.unknown_tags = [t for t in tags if t not in clause_ids and t not in direction_ids]
            for cid in sc.clause_ids:
                by_clause[cid].append(sc)
            if not sc.clause_ids or sc.unknown_tags:
                unknown.setdefault(_attribute(sc, direction_ids), []).append(sc)
    return Catalogue(directions, features, by_clause, unknown)


def _attribute(sc: ScenarioView, direction_ids: set[str]) -> str | None:
    """The direction an untagged scenario belongs to: its feature file's name, else a tag's prefix."""
    if sc.feature.path.stem in direction_ids:
        return sc.feature.path.stem
    for tag in sc.all_tags:  # a clause id, a direction id, or a misspelt clause of a known direction
        for did in sorted(direction_ids, key=len, reverse=True):
            if tag == did or tag.startswith(did + "."):
                return did
    return None


@dataclass
class Counts:
    clauses: int = 0
    covered: int = 0
    passed: int = 0
    failed: int = 0
    not_run: int = 0
    unknown: int = 0

    def add_runs(self, scenarios: Iterable[ScenarioView]) -> None:
        for sc in scenarios:
            for r in sc.runs:
                if r.status == PASSED:
                    self.passed += 1
                elif r.status == FAILED:
                    self.failed += 1
                else:
                    self.not_run += 1


def direction_scenarios(cat: Catalogue, d: D.Direction) -> list[ScenarioView]:
    """Every scenario shown on a direction's page, once each."""
    seen: dict[int, ScenarioView] = {}
    for c in d.clauses:
        for sc in cat.by_clause[d.clause_id(c)]:
            seen.setdefault(id(sc), sc)
    for sc in cat.unknown.get(d.id, []):
        seen.setdefault(id(sc), sc)
    return list(seen.values())


def direction_counts(cat: Catalogue, d: D.Direction) -> Counts:
    n = Counts(clauses=len(d.clauses))
    n.covered = sum(1 for c in d.clauses if cat.by_clause[d.clause_id(c)])
    n.add_runs(direction_scenarios(cat, d))
    n.unknown = len(cat.unknown.get(d.id, []))
    return n


# --------------------------------------------------------------------------------------------
# The computed reading of each rule


# --------------------------------------------------------------------------------------------
# HTML

CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dde5; --bg:#ffffff; --panel:#f6f7f9;
        --pass:#17703a; --pass-bg:#e3f4e8; --fail:#b3261e; --fail-bg:#fbe4e2; --notrun:#6b6f76; --notrun-bg:#eceef1;
        --accent:#1f4e9c; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color:var(--ink); background:var(--bg); }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; }
a { color: var(--accent); }
h1 { font-size: 26px; margin: 8px 0 4px; line-height:1.25; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 8px; border-top: 2px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
.crumbs { font-size: 13px; color: var(--muted); }
.lede { color: var(--muted); margin: 4px 0 16px; }
dl.meta { display:grid; grid-template-columns: 170px 1fr; gap: 4px 16px; margin: 12px 0 8px;
          background: var(--panel); padding: 12px 16px; border-radius: 6px; }
dl.meta dt { font-weight: 600; color: var(--muted); }
dl.meta dd { margin: 0; }
.note { font-size: 13.5px; color: var(--muted); }
table { border-collapse: collapse; }
table.summary { width: 100%; margin: 10px 0; }
table.summary th, table.summary td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
table.summary td.num, table.summary th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 13px; }
blockquote.clause-text { margin: 8px 0; padding: 10px 16px; border-left: 4px solid var(--accent); background: #f3f6fc;
                         font-family: Georgia, "DejaVu Serif", "Liberation Serif", serif; font-size: 15.5px; }
.clause { margin-bottom: 28px; }
.clause h2 .cid { display: block; font-weight: 400; color: var(--muted); font-size: 13px; }
.uncovered, .toc td:last-child { white-space: nowrap; }
.rule { background: var(--panel); border-radius: 6px; padding: 10px 16px; margin: 10px 0; }
.rule p { margin: 4px 0; }
.rule table.dues { margin: 8px 0; width: 100%; }
.rule table.dues th, .rule table.dues td { text-align:left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 14px; }
.rule table.dues td.account { color: var(--muted); font-size: 13px; }
.rule table.dues td:first-child { white-space: nowrap; }
.readings { margin: 6px 0 0; padding-left: 20px; }
.readings li { margin: 2px 0; }
.uncovered { color: var(--fail); font-weight: 600; }
.badge { display:inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; font-weight: 700; white-space: nowrap; }
.badge.passed { color: var(--pass); background: var(--pass-bg); }
.badge.failed { color: var(--fail); background: var(--fail-bg); }
.badge.notrun { color: var(--notrun); background: var(--notrun-bg); }
.scenario { border: 1px solid var(--line); border-left: 5px solid var(--notrun); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.scenario.passed { border-left-color: var(--pass); }
.scenario.failed { border-left-color: var(--fail); }
.scenario header { display:flex; flex-wrap: wrap; align-items: baseline; gap: 8px; }
.scenario h3 { margin: 0; font-size: 15.5px; }
.scenario .loc { color: var(--muted); font-size: 12px; margin-left: auto; }
.tags { font-size: 12.5px; display: flex; flex-wrap: wrap; gap: 0 6px; }
.tag { font-family: "DejaVu Sans Mono", monospace; color: #6a3d9a; margin-right: 6px; }
.tag.unknown { color: var(--fail); font-weight: 700; }
.gherkin { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 13.5px; margin: 8px 0 2px; }
.step { padding: 1px 0 1px 18px; position: relative; }
.step .kw, .kw { color: var(--accent); font-weight: 700; }
.step.failed { background: var(--fail-bg); }
.step .smark { position: absolute; left: 0; font-size: 12px; }
.step .smark.passed { color: var(--pass); } .step .smark.failed { color: var(--fail); } .step .smark.notrun { color: var(--notrun); }
.background-box { border-left: 2px solid var(--line); padding: 2px 0 2px 8px; margin: 0 0 6px; }
.bg-label { font-family: -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; font-size: 12px; color: var(--muted); }
.background { color: var(--muted); }
.background .kw { color: var(--muted); }
.param { color: #a0522d; font-weight: 700; }
table.datatable, table.examples { margin: 4px 0 6px 36px; }
table.datatable td, table.examples td, table.examples th { border: 1px solid #c9ced8; padding: 2px 8px; font-size: 13px; }
table.examples th { background: var(--panel); }
table.examples td.st { border: none; padding-right: 10px; }
pre.docstring { margin: 4px 0 6px 36px; padding: 6px 10px; background: #fbfaf4; border: 1px dashed #d8d2b6; white-space: pre-wrap; font-size: 13px; }
.examples-head { margin: 8px 0 0 18px; }
details.error { margin: 6px 0 0; }
details.error summary { cursor: pointer; color: var(--fail); font-size: 13px; }
details.error pre { white-space: pre-wrap; font-size: 12px; background: #fff7f6; padding: 8px; max-height: 320px; overflow: auto; }
.desc { color: var(--muted); margin: 4px 0; font-size: 14px; max-width: 860px; }
.desc p { margin: 4px 0; }
.toc td:first-child { white-space: nowrap; }
footer { margin-top: 48px; font-size: 12.5px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 8px; }
"""


def e(text: Any) -> str:
    return escape(str(text), quote=True)


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def badge(status: str, text: str | None = None) -> str:
    return f'<span class="badge {STATUS_CLASS[status]}">{e(text or MARK[status])}</span>'


def tag_html(tag: str, unknown: bool) -> str:
    return f'<span class="tag{" unknown" if unknown else ""}" title="{"not a clause id" if unknown else ""}">@{e(tag)}</span>'


def _step_text(text: str, outline: bool) -> str:
    if not outline:
        return e(text)
    out, pos = [], 0
    for m in re.finditer(r"<(.+?)>", text):
        out.append(e(text[pos : m.start()]))
        out.append(f'<span class="param">&lt;{e(m.group(1))}&gt;</span>')
        pos = m.end()
    out.append(e(text[pos:]))
    return "".join(out)


def step_html(step: StepView, outline: bool, result: Result | None, css: str = "") -> str:
    status = result.steps.get(step.line) if result else None
    mark = ""
    cls = css
    if status == PASSED:
        mark = '<span class="smark passed" title="passed">\u2714</span>'
    elif status == FAILED:
        mark, cls = '<span class="smark failed" title="failed">\u2718</span>', f"{css} failed"
    elif result is not None and result.status != NOT_RUN:
        mark = '<span class="smark notrun" title="no result">\u25cb</span>'
    html = [
        f'<div class="step {cls.strip()}" data-line="{step.line}">{mark}<span class="kw">{e(step.keyword)}</span> '
        f"{_step_text(step.text, outline)}</div>"
    ]
    if step.datatable:
        rows = "".join(
            "<tr>" + "".join(f"<td>{_step_text(c, outline)}</td>" for c in row) + "</tr>" for row in step.datatable
        )
        html.append(f'<table class="datatable">{rows}</table>')
    if step.docstring is not None:
        html.append(
            f'<pre class="docstring">{e(step.docstring_delimiter)}\n{_step_text(step.docstring, outline)}\n'
            f"{e(step.docstring_delimiter)}</pre>"
        )
    return "\n".join(html)


def description_html(text: str) -> str:
    """A Gherkin description as paragraphs: its hard line breaks are the writer's wrapping, not meaning."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return '<div class="desc">' + "".join(f"<p>{e(p)}</p>" for p in paras) + "</div>"


def _error_html(result: Result, label: str = "Why it failed") -> str:
    if result.status != FAILED or not result.detail:
        return ""
    lines = result.detail.strip().splitlines()
    text = "\n".join(lines[-40:]) if len(lines) > 40 else "\n".join(lines)
    return f'<details class="error"><summary>{e(label)}</summary><pre>{e(text)}</pre></details>'


def scenario_html(sc: ScenarioView, anchor_prefix: str) -> str:
    status = sc.status
    runs = sc.runs
    if sc.is_outline:
        n = {s: sum(1 for r in runs if r.status == s) for s in (PASSED, FAILED, NOT_RUN)}
        if n[status] == len(runs):
            summary = f"all {len(runs)} examples" if len(runs) != 1 else "its one example"
        else:
            summary = ", ".join(f"{v} {k}" for k, v in n.items() if v)
        head_badge = badge(status, f"{MARK[status]} ({summary})")
    else:
        head_badge = badge(status)
    unknown = set(sc.unknown_tags)
    tags = "".join(tag_html(t, t in unknown) for t in list(dict.fromkeys(sc.inherited_tags + sc.tags)))
    parts = [
        f'<article class="scenario {STATUS_CLASS[status]}" id="{e(anchor_prefix + sc.anchor)}" '
        f'data-status="{e(status)}" data-feature="{e(sc.feature.display)}" data-line="{sc.line}">',
        f'<div class="tags">{tags}<span class="loc mono">{e(sc.location)}</span></div>',
        f'<header>{head_badge}<h3><span class="kw">{e(sc.keyword)}:</span> {e(sc.name)}</h3></header>',
    ]
    if sc.rule:
        parts.append(f'<div class="note">in {e(sc.rule)}</div>')
    if sc.description:
        parts.append(description_html(sc.description))
    result = None if sc.is_outline else sc.result
    parts.append('<div class="gherkin">')
    if sc.background:
        parts.append('<div class="background-box"><div class="bg-label">Background (run before this scenario)</div>')
        parts.extend(step_html(s, False, result, "background") for s in sc.background)
        parts.append("</div>")
    parts.extend(step_html(s, sc.is_outline, result) for s in sc.steps)
    for ex in sc.examples:
        ex_tags = "".join(tag_html(t, t in unknown) for t in ex.tags)
        parts.append(
            f'<div class="examples-head">{ex_tags} <span class="kw">{e(ex.keyword)}:</span> {e(ex.name)}</div>'
        )
        head = '<tr><td class="st"></td>' + "".join(f"<th>{e(h)}</th>" for h in ex.header) + "</tr>"
        rows = []
        for row in ex.rows:
            rows.append(
                f'<tr class="{STATUS_CLASS[row.result.status]}" data-line="{row.line}" data-status="{e(row.result.status)}">'
                f'<td class="st">{badge(row.result.status)}</td>'
                + "".join(f"<td>{e(v)}</td>" for v in row.values)
                + "</tr>"
            )
        parts.append(f'<table class="examples">{head}{"".join(rows)}</table>')
        for row in ex.rows:
            parts.append(_error_html(row.result, f"Why the row at line {row.line} ({' | '.join(row.values)}) failed"))
    parts.append("</div>")
    if result is not None:
        parts.append(_error_html(result))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def _counts_cells(n: Counts, with_clauses: bool = True) -> str:
    cells = []
    if with_clauses:
        cov = f"{n.covered} of {n.clauses}"
        cls = "num" + (" uncovered" if n.covered < n.clauses else "")
        cells += [f'<td class="num">{n.clauses}</td>', f'<td class="{cls}">{cov}</td>']
    cells += [
        f'<td class="num">{n.passed}</td>',
        f'<td class="num">{n.failed}</td>',
        f'<td class="num">{n.not_run}</td>',
        f'<td class="num">{n.unknown}</td>',
    ]
    return "".join(cells)


def direction_filename(d: D.Direction) -> str:
    return f"{slug(d.id)}.html"


def _results_note(results_path: Path | None, report: list[dict[str, Any]] | None, unmatched: int) -> str:
    if results_path is None or report is None:
        return "No test results were given: every scenario is shown as not run."
    n = sum(len(f.get("elements", [])) for f in report)
    when = dt.datetime.fromtimestamp(results_path.stat().st_mtime, dt.UTC)
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


def index_html(cat: Catalogue, results_note: str, generated: str) -> str:
    rows = []
    total = Counts()
    for d in cat.directions:
        n = direction_counts(cat, d)
        for k in ("clauses", "covered", "passed", "failed", "not_run", "unknown"):
            setattr(total, k, getattr(total, k) + getattr(n, k))
        rows.append(
            f'<tr data-direction="{e(d.id)}"><td><a href="{e(direction_filename(d))}">{e(d.title)}</a>'
            f'<div class="note mono">{e(d.id)} \u00b7 {e(d.kind.replace("_", " "))} \u00b7 {e(d.date.isoformat())}</div></td>'
            + _counts_cells(n)
            + "</tr>"
        )
    orphans = cat.unknown.get(None, [])
    if orphans:
        n = Counts(unknown=len(orphans))
        n.add_runs(orphans)
        for k in ("passed", "failed", "not_run", "unknown"):
            setattr(total, k, getattr(total, k) + getattr(n, k))
        rows.append(
            '<tr><td><a href="#unknown">Untagged / unknown clause (no direction)</a></td><td></td><td></td>'
            + _counts_cells(n, with_clauses=False)
            + "</tr>"
        )
    rows.append('<tr class="total"><td>All directions</td>' + _counts_cells(total) + "</tr>")
    n_features = len(cat.features)
    n_scen = sum(len(f.scenarios) for f in cat.features)
    body = [
        '<div class="crumbs">comply \u00b7 living documentation</div>',
        "<h1>Directions, their clauses and the scenarios that pin them down</h1>",
        f'<p class="lede">Each direction file in <code>directions/</code>, clause by clause, with the engine\'s computed '
        f"reading of its rule and the Gherkin scenarios written for it ({n_scen} scenario{'s' if n_scen != 1 else ''} in "
        f"{n_features} feature file{'s' if n_features != 1 else ''}). {e(results_note)}</p>",
        "<h2>Coverage</h2>",
        '<table class="summary" id="coverage"><thead><tr><th>Direction</th><th class="num">Clauses</th>'
        '<th class="num">Clauses covered</th><th class="num">Passed</th><th class="num">Failed</th>'
        '<th class="num">Not run</th><th class="num">Untagged / unknown clause</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        '<p class="note">A clause is covered when at least one scenario is tagged with its id (for example '
        "<code>@bv-2017.quarterly-report</code>). Passed, failed and not run count scenario runs: a Scenario Outline "
        "runs once per example row. A scenario with no clause tag, or with a tag that is neither a clause id nor a "
        "direction id, is listed under \u201cUntagged / unknown clause\u201d.</p>",
    ]
    if orphans:
        body.append('<h2 id="unknown">Untagged / unknown clause</h2>')
        body.append(
            '<p class="note">These scenarios name no clause of any direction (tags in red are not clause ids).</p>'
        )
        body.extend(scenario_html(sc, "unknown-") for sc in orphans)
    body.append(
        f"<footer>Generated by <code>comply docs</code> at {e(generated)}. Open any page from disk; "
        "no server or script is needed.</footer>"
    )
    return page("comply: living documentation", "\n".join(body))


def direction_html(cat: Catalogue, d: D.Direction, results_note: str, generated: str) -> str:
    n = direction_counts(cat, d)
    meta = [
        ("Direction id", f"<code>{e(d.id)}</code> ({e(d.kind.replace('_', ' '))})"),
        ("Issuer", e(d.issuer)),
        ("Legal basis", e(d.legal_basis)),
        (
            "Date",
            e(calendar.day_words(d.date))
            + (f'<div class="note">Reading: {e(d.date_reading)}</div>' if d.date_reading else ""),
        ),
        (
            "In force",
            e(d.in_force_words())
            + (f'<div class="note">Reading: {e(d.in_force.reading)}</div>' if d.in_force.reading else ""),
        ),
        ("Authority", f"<code>{e(d.authority)}</code>"),
        ("Source", e(d.source.words())),
    ]
    body = [
        '<div class="crumbs"><a href="index.html">\u2190 All directions</a> \u00b7 comply \u00b7 living documentation</div>',
        f"<h1>{e(d.title)}</h1>",
        '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>",
        f'<p class="note">{n.covered} of {n.clauses} clauses covered by a scenario; scenario runs: {n.passed} passed, '
        f"{n.failed} failed, {n.not_run} not run. {e(results_note)}</p>",
    ]
    feats = sorted({id(sc.feature): sc.feature for sc in direction_scenarios(cat, d)}.values(), key=lambda f: f.display)
    for feat in feats:
        body.append(
            f'<p class="note">Scenarios from <code>{e(feat.display)}</code>: <span class="kw">{e(feat.keyword)}:</span> '
            f"{e(feat.name)}</p>" + (description_html(feat.description) if feat.description else "")
        )
    toc = []
    for c in d.clauses:
        cid = d.clause_id(c)
        scs = cat.by_clause[cid]
        cn = Counts()
        cn.add_runs(scs)
        cov = (
            f"{len(scs)} scenario{'s' if len(scs) != 1 else ''}: {cn.passed} passed, {cn.failed} failed, {cn.not_run} not run"
            if scs
            else '<span class="uncovered">no scenario</span>'
        )
        toc.append(
            f'<tr><td><a href="#{e(cid)}"><code>{e(cid)}</code></a></td><td>{e(c.title)}</td>'
            f"<td><code>{e(c.rule.kind)}</code></td><td>{cov}</td></tr>"
        )
    body += [
        "<h2>Clauses</h2>",
        '<table class="summary toc"><thead><tr><th>Clause</th><th>Title</th><th>Rule</th>'
        "<th>Scenarios</th></tr></thead><tbody>",
        *toc,
        "</tbody></table>",
    ]
    for c in d.clauses:
        cid = d.clause_id(c)
        reading = rule_reading(d, c)
        holder = (
            c.duty_holder.name
            + {
                "council": "",
                "role": " (a named role)",
                "third_party": " (a third party: tracked as an expected event)",
            }[c.duty_holder.kind]
        )
        sec = [
            f'<section class="clause" id="{e(cid)}">',
            f'<h2><span class="cid mono">{e(cid)}</span>{e(c.title)}</h2>',
            f'<blockquote class="clause-text">{e(c.text)}</blockquote>',
            f'<p class="note">Source: {e(c.source.words())}. Duty holder: {e(holder)}.'
            + (f" Recipient: {e(c.recipient)}." if c.recipient else "")
            + "</p>",
            '<div class="rule"><h3>The engine\'s reading</h3>',
            *[f"<p>{e(s)}</p>" for s in reading.summary],
        ]
        if reading.occurrences:
            sec.append(
                '<table class="dues"><thead><tr><th></th><th>Due</th><th>How it was computed</th></tr></thead><tbody>'
            )
            for o in reading.occurrences:
                sec.append(
                    f'<tr><td>{e(o.label)}</td><td>{e(o.due)}<div class="note mono">{e(o.iso)}</div></td>'
                    f'<td class="account">{"<br>".join(e(s) for s in o.account)}</td></tr>'
                )
            sec.append("</tbody></table>")
        if reading.more:
            sec.append(f'<p class="note">{e(reading.more)}</p>')
        if reading.readings:
            sec.append(
                '<h3>Readings of open points</h3><ul class="readings">'
                + "".join(f"<li>{e(r)}</li>" for r in reading.readings)
                + "</ul>"
            )
        sec.append("</div>")
        scs = cat.by_clause[cid]
        sec.append(f"<h3>Scenarios ({len(scs)})</h3>")
        if scs:
            sec.extend(scenario_html(sc, f"{cid}--") for sc in scs)
        else:
            sec.append('<p class="uncovered">No scenario is tagged with this clause yet.</p>')
        sec.append("</section>")
        body.extend(sec)
    unknown = cat.unknown.get(d.id, [])
    if unknown:
        body.append('<h2 id="unknown">Untagged / unknown clause</h2>')
        body.append(
            '<p class="note">These scenarios belong to this direction\'s feature file but name no clause of it, '
            "or carry a tag that is not a clause id (shown in red).</p>"
        )
        body.extend(scenario_html(sc, "unknown-") for sc in unknown)
    body.append(
        f'<footer>Generated by <code>comply docs</code> at {e(generated)}. <a href="index.html">All directions</a>.</footer>'
    )
    return page(f"{d.id}: {d.title}", "\n".join(body))


# --------------------------------------------------------------------------------------------
# The site and the test run


def build_site(directions: list[D.Direction], features_dir: Path, results_path: Path | None, out_dir: Path) -> Path:
    """Write index.html and one page per direction into out_dir; return the index's path."""
    features = load_features(features_dir)
    report = load_results(results_path) if results_path is not None else None
    unmatched = apply_results(features, report) if report is not None else 0
    cat = catalogue(directions, features)
    out_dir.mkdir(parents=True, exist_ok=True)
    note = _results_note(results_path, report, unmatched)
    generated = calendar.human(calendar.parse_instant(dt.datetime.now(dt.UTC)))
    for d in directions:
        (out_dir / direction_filename(d)).write_text(direction_html(cat, d, note, generated), encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(index_html(cat, note, generated), encoding="utf-8")
    return index


def run_scenarios(repo_root: Path, features_dir: Path, results_path: Path, log_path: Path) -> tuple[int, str]:
    """Run the feature scenarios with pytest, writing cucumber JSON; return pytest's exit code and
    its summary line.

    Failures of scenarios are results, not errors (exit 1). Any other exit code is reported by the
    caller; an absent results file is an error.
    """
    results_path.parent.mkdir(parents=True, exist_ok=True)  # pytest-bdd crashes when the folder is missing
    if results_path.exists():
        results_path.unlink()  # never render an earlier run's results as this one's
    try:
        target = features_dir.resolve().relative_to(repo_root.resolve()).as_posix()  # `pytest features`
    except ValueError:
        target = str(features_dir.resolve())
    cmd = [sys.executable, "-m", "pytest", target, "-q", "-p", "no:cacheprovider", f"--cucumberjson={results_path}"]
    proc = subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True)
    log_path.write_text(
        f"$ {' '.join(cmd)}\n(exit code {proc.returncode})\n\n{proc.stdout}{proc.stderr}", encoding="utf-8"
    )
    last = (proc.stdout.strip() or proc.stderr.strip() or "no output").splitlines()[-1].strip("= ")
    if not results_path.is_file():
        raise InputError(f"pytest wrote no results (exit code {proc.returncode}): {last} (see {log_path})")
    return proc.returncode, last
