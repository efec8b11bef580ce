"""Checks on the Gherkin feature files in features/ (the scenarios lawyers review).

1. Coverage: every clause of every direction file is tagged by at least one scenario, and every
   tag on a scenario (its own, its feature's, its rule's, its Examples') names a real clause id; the
   improvement plan's status definitions have their own namespace, `@improvement-plan.<definition>`
   ("@improvement-plan.on-target"), covered and checked the same way.
2. Lint: no step line before the first Scenario/Scenario Outline/Rule/Background of a file: the
   Gherkin parser silently folds such steps into the feature's description (pytest-bdd #779).
3. Plain English: no JSON braces and no underscores anywhere in a feature file, and no internal
   ids (clause ids, direction ids, finding ids, store keys, status codes) in the scenario prose.

The files are parsed with pytest-bdd's own Gherkin parser; the lint reads the plain text, since
the parser is exactly what hides the mistake it looks for. Both read UTF-8 with or without a
byte-order mark (`engine.core.files.read_text`), as the test run and `comply docs` do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_bdd.gherkin_parser import get_gherkin_document

from engine.core.errors import FileError
from engine.core.files import read_text
from engine.directions.model import load_directions
from engine.plan.model import DEFINITIONS

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
FEATURE_FILES = sorted(FEATURES.glob("*.feature"))
DIRECTIONS = load_directions(ROOT / "directions")
CLAUSE_IDS = {d.clause_id(c) for d in DIRECTIONS for c in d.clauses}
DIRECTION_IDS = {d.id for d in DIRECTIONS}
#: the tags of the improvement plan's status definitions (features/improvement-plan.feature)
PLAN_TAGS = {"improvement-plan." + re.sub(r"[^a-z0-9]+", "-", d.lower()).strip("-") for d in DEFINITIONS}


@dataclass
class ScenarioInfo:
    file: str
    line: int
    name: str
    tags: list[str]  # every tag that applies, with the feature's, the rule's and the Examples'
    texts: list[str] = field(default_factory=list)  # the prose: name, description, steps, tables, Examples


def _cells(rows) -> list[str]:
    return [cell.value for row in rows or [] for cell in row.cells]


def scenarios_of(path: Path, root: Path = ROOT) -> list[ScenarioInfo]:
    read_text(path)  # UTF-8 with or without a byte-order mark; anything else a FileError naming the file
    doc = get_gherkin_document(str(path), encoding="utf-8-sig")
    feat = doc.feature
    out: list[ScenarioInfo] = []
    display = path.relative_to(root).as_posix()

    def steps_text(steps) -> list[str]:
        texts = []
        for st in steps:
            texts.append(st.text)
            if st.datatable:
                texts += _cells(st.datatable.rows)
            if st.docstring:
                texts.append(st.docstring.content)
        return texts

    def walk(children, inherited: list[str], background: list[str]) -> None:
        for child in children:
            if child.background:
                background = background + steps_text(child.background.steps)
            elif child.rule:
                r = child.rule
                walk(r.children, inherited + [t.name.lstrip("@") for t in r.tags], background + [r.name, r.description])
            elif child.scenario:
                sc = child.scenario
                tags = inherited + [t.name.lstrip("@") for t in sc.tags]
                texts = [sc.name, sc.description] + background + steps_text(sc.steps)
                for ex in sc.examples:
                    tags += [t.name.lstrip("@") for t in ex.tags]
                    texts += (
                        [ex.name or ""] + _cells([ex.table_header] if ex.table_header else []) + _cells(ex.table_body)
                    )
                out.append(ScenarioInfo(display, sc.location.line, sc.name, list(dict.fromkeys(tags)), texts))

    walk(feat.children, [t.name.lstrip("@") for t in feat.tags], [feat.name, feat.description])
    return out


def all_scenarios() -> list[ScenarioInfo]:
    return [sc for path in FEATURE_FILES for sc in scenarios_of(path)]


# ---------------------------------------------------------------------------------------------
# 1. Coverage
# ---------------------------------------------------------------------------------------------


def coverage_problems(scenarios: list[ScenarioInfo], clause_ids: set[str]) -> list[str]:
    problems = []
    tagged = {t for sc in scenarios for t in sc.tags}
    for cid in sorted(clause_ids - tagged):
        problems.append(f"clause {cid} is tagged by no scenario (add a scenario tagged @{cid})")
    for sc in scenarios:
        if not sc.tags:
            problems.append(f"{sc.file}:{sc.line}: scenario {sc.name!r} has no clause tag")
        for tag in sc.tags:
            if tag not in clause_ids:
                problems.append(
                    f"{sc.file}:{sc.line}: scenario {sc.name!r} is tagged @{tag}, which is not a clause id "
                    f"of any direction file nor a status definition of the improvement plan (@improvement-plan.<...>)"
                )
    return problems


def test_there_is_a_feature_file_per_direction_file():
    missing = sorted(DIRECTION_IDS - {p.stem for p in FEATURE_FILES})
    assert not missing, f"no feature file for the direction files {missing} (features/<direction id>.feature)"


def test_every_clause_is_tagged_by_a_scenario_and_every_tag_is_a_clause_id():
    problems = coverage_problems(all_scenarios(), CLAUSE_IDS | PLAN_TAGS)
    assert not problems, "\n".join(problems)


def test_the_coverage_check_names_what_is_missing_and_what_is_wrong():
    scs = [
        ScenarioInfo("features/x.feature", 3, "one", ["bv-2017.quarterly-report"]),
        ScenarioInfo("features/x.feature", 9, "two", ["bv-2017.quarterly-reports"]),
        ScenarioInfo("features/x.feature", 12, "three", []),
    ]
    problems = coverage_problems(scs, {"bv-2017.quarterly-report", "bv-2017.independent-review"})
    assert (
        "clause bv-2017.independent-review is tagged by no scenario (add a scenario tagged @bv-2017.independent-review)"
        in problems
    )
    assert any("features/x.feature:9" in p and "@bv-2017.quarterly-reports" in p for p in problems)
    assert any("features/x.feature:12" in p and "no clause tag" in p for p in problems)
    assert len(problems) == 3


def test_the_scenario_parser_sees_tags_of_examples_and_rules(tmp_path):
    path = tmp_path / "t.feature"
    path.write_text(
        "Feature: t\n\n  @r.one\n  Rule: r\n\n    @s.two\n    Scenario Outline: s\n      Given a <x>\n\n"
        "      @e.three\n      Examples:\n        | x |\n        | 1 |\n",
        encoding="utf-8",
    )
    (sc,) = scenarios_of(path, root=tmp_path)
    assert sc.tags == ["r.one", "s.two", "e.three"]
    assert "a <x>" in sc.texts and "1" in sc.texts


# ---------------------------------------------------------------------------------------------
# 2. Lint: steps before the first scenario
# ---------------------------------------------------------------------------------------------

SECTION = re.compile(r"^\s*(Scenario|Scenario Outline|Scenario Template|Example|Rule|Background)\s*:")
STEP = re.compile(r"^\s*(Given|When|Then|And|But)\b|^\s*\*\s")


def steps_before_first_scenario(text: str) -> list[tuple[int, str]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if SECTION.match(line):
            break
        if line.lstrip().startswith("#"):
            continue
        if STEP.match(line):
            out.append((number, line.strip()))
    return out


@pytest.mark.parametrize("path", FEATURE_FILES, ids=lambda p: p.name)
def test_no_step_before_the_first_scenario(path: Path):
    found = steps_before_first_scenario(read_text(path))
    assert not found, "\n".join(
        f"{path.relative_to(ROOT)}:{n}: step line {line!r} before the first Scenario/Rule/Background: the Gherkin "
        "parser silently folds it into the feature description (pytest-bdd #779); move it into a Background or a "
        "Scenario, or reword the description"
        for n, line in found
    )


def test_the_lint_catches_a_step_in_the_description():
    bad = "Feature: x\n  Some words.\n  Given the records of Tower Hamlets as the council papers state them\n\n  Scenario: y\n    Given z\n"
    assert steps_before_first_scenario(bad) == [
        (3, "Given the records of Tower Hamlets as the council papers state them")
    ]
    assert steps_before_first_scenario("Feature: x\n  Background:\n    Given a\n  Scenario: y\n    Then b\n") == []
    assert steps_before_first_scenario("Feature: x\n  * a bullet step\n  Scenario: y\n") == [(2, "* a bullet step")]


# ---------------------------------------------------------------------------------------------
# 3. Plain English
# ---------------------------------------------------------------------------------------------

STATUS_CODES = {"met_late", "due_soon", "breached", "third_party"}


def code_words(text: str) -> list[str]:
    """The code words in a piece of prose: braces, underscores, clause, direction or finding ids,
    store keys (a slug with a date in it) and status codes."""
    found = []
    if re.search(r"[{}]", text):
        found.append("JSON braces")
    if "_" in text:
        found.append("an underscore")
    for cid in sorted(CLAUSE_IDS | DIRECTION_IDS, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(cid)}(?![\w-])", text):
            found.append(f"the id {cid}")
    if re.search(r"\btower-hamlets\b", text) or re.search(r"[a-z0-9-]+/[a-z0-9.-]+/[a-z0-9:.-]+", text):
        found.append("a finding id")
    for key in re.findall(r"\b[a-z]+(?:-[a-z]+)*-\d{4}(?:-\d\d){0,2}\b", text):
        found.append(f"the key {key}")
    for code in STATUS_CODES:
        if re.search(rf"\b{code}\b", text):
            found.append(f"the status code {code}")
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("path", FEATURE_FILES, ids=lambda p: p.name)
def test_no_braces_or_underscores_anywhere_in_a_feature_file(path: Path):
    bad = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()!r}"
        for n, line in enumerate(read_text(path).splitlines(), start=1)
        if re.search(r"[{}_]", line)
    ]
    assert not bad, "JSON braces or underscores in the feature file:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", FEATURE_FILES, ids=lambda p: p.name)
def test_no_code_words_in_the_scenario_prose(path: Path):
    problems = []
    for sc in scenarios_of(path):
        for text in sc.texts:
            words = code_words(text or "")
            if words:
                problems.append(f"{sc.file}:{sc.line} ({sc.name!r}): {', '.join(words)} in {text.strip()[:120]!r}")
    assert not problems, "\n".join(problems)


def test_the_code_word_check_catches_ids_and_keys():
    found = code_words("Then tower-hamlets/bv-2017.quarterly-report/1 is met")
    assert "the id bv-2017.quarterly-report" in found and "a finding id" in found
    assert "the id dfe-2017.5e" in code_words("Then dfe-2017.5e is met")
    assert code_words("Then the first quarterly report is met_late") == ["an underscore", "the status code met_late"]
    assert code_words('Given {"received": "2017-06-30T10:15"}') == ["JSON braces"]
    assert code_words("Given the meeting csib-2017-07-20") == ["the key csib-2017-07-20"]
    assert code_words("Then paragraph 5e for the meeting of 20 July 2017 is met, six-weekly, cross-party") == []


# ---------------------------------------------------------------------------------------------
# 4. Encodings: UTF-8 with or without a byte-order mark; anything else refused, naming the file
# ---------------------------------------------------------------------------------------------

FEATURE = "Feature: f\n\n  @bv-2017.independent-review\n  Scenario: s\n    When compliance is checked on 1 July 2017\n"


def test_a_feature_file_with_a_byte_order_mark_is_read_like_any_other(tmp_path):
    plain, bom = tmp_path / "plain.feature", tmp_path / "bom.feature"
    plain.write_text(FEATURE, encoding="utf-8")
    bom.write_bytes(b"\xef\xbb\xbf" + FEATURE.encode("utf-8"))  # as Windows Notepad saves it
    (a,), (b,) = scenarios_of(plain, root=tmp_path), scenarios_of(bom, root=tmp_path)
    assert (a.name, a.tags, a.texts) == (b.name, b.tags, b.texts) == (a.name, ["bv-2017.independent-review"], a.texts)
    assert steps_before_first_scenario(read_text(bom)) == []


def test_a_feature_file_in_another_encoding_is_refused_naming_the_file_and_what_to_do(tmp_path):
    path = tmp_path / "notepad-unicode.feature"
    path.write_bytes(FEATURE.encode("utf-16"))  # Notepad's "Unicode"
    with pytest.raises(FileError) as err:
        scenarios_of(path, root=tmp_path)
    assert "notepad-unicode.feature" in str(err.value) and "save it as UTF-8" in str(err.value)


def test_every_status_definition_of_the_plan_is_tagged_and_the_plan_borrows_no_clause_tag():
    plan = [sc for sc in all_scenarios() if sc.file == "features/improvement-plan.feature"]
    assert plan and all(t in PLAN_TAGS for sc in plan for t in sc.tags), [sc.tags for sc in plan]
    assert {t for sc in plan for t in sc.tags} == PLAN_TAGS
