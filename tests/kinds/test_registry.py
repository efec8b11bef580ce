"""The registry of rule kinds: one class per kind, registered under its YAML name, each documented by
an example that is itself checked."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest
import yaml
from helpers import REPO_ROOT
from pydantic import ValidationError

from engine import kinds
from engine.core.errors import InputError
from engine.kinds.base import RuleKind
from engine.model.state import LOADED_KINDS

BUILT_IN = [
    "appointment",
    "board_set_up",
    "composition",
    "continuing",
    "deadline",
    "expected_appointment",
    "meeting_frequency",
    "notice_before",
    "notified_within",
    "per_meeting",
    "prior_agreement",
    "recurring",
    "request_response",
    "submit_for_approval",
    "transferred_function",
]


def example(kind: type[RuleKind]) -> dict:
    """The `rule:` YAML example in the docstring of the kind's module."""
    doc = sys.modules[kind.__module__].__doc__ or ""
    lines = doc.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "rule:")
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= len(lines[start]) - len(lines[start].lstrip()):
            break
        block.append(line)
    return yaml.safe_load(textwrap.dedent("\n".join(block)))["rule"]


def test_every_built_in_kind_is_registered_under_its_yaml_name():
    assert [n for n in kinds.names() if n in BUILT_IN] == BUILT_IN
    for name in BUILT_IN:
        cls = kinds.get(name)
        assert cls.yaml_name() == name and cls.__module__ == f"engine.kinds.{name}"


@pytest.mark.parametrize("name", BUILT_IN)
def test_each_kind_says_what_it_reads_and_what_answers_it(name):
    cls = kinds.get(name)
    assert cls.reads and set(cls.reads) <= set(LOADED_KINDS), cls.reads
    assert cls.answered_by in (
        "submission",
        "meeting",
        "membership",
        "response",
        "decision",
        "role",
        "adoption",
        "interest",
    )
    assert cls.obligations is not RuleKind.obligations and cls.describe is not RuleKind.describe


@pytest.mark.parametrize("name", BUILT_IN)
def test_the_yaml_example_in_each_kinds_docstring_is_valid(name):
    cls = kinds.get(name)
    data = example(cls)
    assert data["kind"] == name
    assert cls.model_validate(data).kind == name


@pytest.mark.parametrize("name", BUILT_IN)
def test_a_misspelt_field_is_refused_not_ignored(name):
    cls = kinds.get(name)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        cls.model_validate({**example(cls), "redaing": "a typo"})


def test_the_direction_format_reference_lists_every_kind():
    reference = (REPO_ROOT / "directions" / "README.md").read_text(encoding="utf-8")
    for name in BUILT_IN:
        assert f"| `{name}` |" in reference, name


def test_an_unknown_kind_names_the_known_ones():
    with pytest.raises(InputError, match="no rule kind 'weekly'.*deadline"):
        kinds.get("weekly")


def test_a_second_class_under_a_registered_name_is_refused():
    from typing import Literal

    class Impostor(RuleKind):
        kind: Literal["deadline"]

    with pytest.raises(InputError, match="registered twice"):
        kinds.register(Impostor)
    assert kinds.get("deadline").__module__ == "engine.kinds.deadline"


def test_importing_a_kind_module_again_registers_nothing_new():
    before = kinds.kinds()
    importlib.import_module("engine.kinds.deadline")
    assert kinds.kinds() == before
