"""Laying a test run's results over the scenarios: pytest-bdd's cucumber JSON, matched to the views.

Why: the living documentation marks each scenario (and each row of an outline) passed, failed or
not run in the latest test run, so a lawyer sees which readings the engine is proven to hold.

How a run is matched to a scenario: by feature file (the JSON's `uri`, compared by its trailing
path parts) and scenario line. The rows of a Scenario Outline share one line in the JSON, so each
row is matched by its pytest id ("-".join of its values, as pytest-bdd parametrizes), then by its
rendered name where that is unique, then by position (pytest runs the rows in file order). A run
that matches no scenario is counted, never silently dropped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from engine.core.errors import InputError
from engine.outputs.docs_views import FAILED, NOT_RUN, PASSED, FeatureView, Result

__all__ = ["load_results", "element_result", "apply_results"]


def load_results(path: Path) -> list[dict[str, Any]]:
    """Read a cucumber JSON report (as `pytest --cucumberjson=PATH` writes it): a list of features,
    each with its 'uri' and 'elements' (scenario runs with 'line' and 'steps'). InputError (a
    ValueError) names the file and the place for a missing file or anything that is not one."""
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
