"""Reading the `.feature` files into the living documentation's views.

Why parse the files themselves: pytest-bdd's cucumber JSON (the test run's results) leaves out data
tables, docstrings, Rules and the tags of Examples, which a lawyer reading a scenario needs. The
files are read by engine/directions/feature_files.py (Cucumber's parser, the one pytest-bdd uses) into
pytest-bdd's own document classes (`pytest_bdd.gherkin_parser`), so the site reads them exactly as the
test run does; a file it cannot parse is an input error naming the file
and the line.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from engine.core.errors import InputError
from engine.core.files import read_text
from engine.directions.feature_files import read_feature
from engine.outputs.docs_views import ExampleRow, ExamplesView, FeatureView, ScenarioView, StepView

if TYPE_CHECKING:
    from pytest_bdd import gherkin_parser as G

__all__ = ["gherkin", "parse_feature_file", "load_features", "read_guide", "GuideSentence", "GUIDE_BEGIN", "GUIDE_END"]


def gherkin() -> tuple[ModuleType, ModuleType]:
    """pytest-bdd's Gherkin parser and its exceptions module, imported on first use: pytest-bdd is a
    test tool (the `test` extra) that loads pytest, half a second no other command should wait for.
    Raises InputError saying what to install when it is missing."""
    try:
        from pytest_bdd import exceptions, gherkin_parser
    except ImportError as exc:
        missing = exc.name or "pytest_bdd"
        raise InputError(f"comply docs needs the test tools ({missing} is missing): pip install -e '.[test]'") from None
    return gherkin_parser, exceptions


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
    """Parse one .feature file (shown as `display`, e.g. 'features/bv-2017.feature') with pytest-bdd's
    Gherkin parser, as UTF-8 with or without a byte-order mark (engine.directions.feature_files, the
    reader the review hash uses too). FileError (an InputError) names the file, and the line it cannot
    parse; InputError a file with no Feature."""
    parser, _ = gherkin()
    data = read_feature(path, shown_as=display)  # the one reader: UTF-8 with or without a BOM; FileError
    if not data.get("feature"):
        raise InputError(f"{display}: no 'Feature:' found")
    doc = parser.GherkinDocument.from_dict(data)
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
    """Every *.feature file under a folder (recursively), in path order, each shown by its path
    from the folder's parent. InputError when the folder does not exist or a file cannot be parsed."""
    if not features_dir.is_dir():
        raise InputError(f"{features_dir}: the features folder does not exist")
    out = []
    for path in sorted(features_dir.rglob("*.feature")):
        display = path.relative_to(features_dir.parent).as_posix()
        out.append(parse_feature_file(path, display))
    return out


#: the markers around the guide to the sentences in features/README.md (generated from the step
#: library, features/steps/sentences.py; tests/scenarios/test_step_library.py keeps them equal)
GUIDE_BEGIN = "<!-- sentences: generated from the step library, do not edit by hand -->"
GUIDE_END = "<!-- sentences: end -->"
_GUIDE_LINE = re.compile(r"^- `(?P<keyword>Given|When|Then) (?P<example>.+)`(?:: (?P<meaning>.*))?$")


@dataclass(frozen=True)
class GuideSentence:
    """One sentence of the lawyers' guide: its section, keyword, example and what it does."""

    section: str
    keyword: str
    example: str
    meaning: str


def read_guide(features_dir: Path) -> list[GuideSentence]:
    """The sentences listed in the guide of `features_dir/README.md` (between GUIDE_BEGIN and
    GUIDE_END): [] when there is no README or no guide in it. FileError for a README that is not UTF-8."""
    readme = features_dir / "README.md"
    if not readme.is_file():
        return []
    text = read_text(readme)
    if GUIDE_BEGIN not in text or GUIDE_END not in text:
        return []
    out, section = [], ""
    for line in text.split(GUIDE_BEGIN, 1)[1].split(GUIDE_END, 1)[0].splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
        m = _GUIDE_LINE.match(line)
        if m:
            out.append(GuideSentence(section, m["keyword"], m["example"], m["meaning"] or ""))
    return out
