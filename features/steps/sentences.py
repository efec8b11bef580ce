"""The registry of sentences: each step of the library registers its pattern with pytest-bdd and its
example here, so that the lawyers' guide (features/README.md, `comply docs`) is generated from the
library itself and a test can compare the two (tests/scenarios/test_step_library.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pytest_bdd import given, parsers, then, when

#: a date as the papers write it, day first: "30 June 2017"
DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"
#: a London wall-clock time, "10:00"
TIME = r"\d{1,2}:\d{2}"

KEYWORDS = {"Given": given, "When": when, "Then": then}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the library: its keyword (Given, When, Then), the regular expression a step
    must match whole, an example that matches it, what it does (the step function's docstring) and
    the section of the guide it belongs to."""

    keyword: str
    pattern: str
    example: str
    meaning: str
    section: str


SENTENCES: list[Sentence] = []

#: the sections of the guide, in the order a scenario uses them (Given, When, Then)
SECTIONS = [
    "The records",
    "Submissions",
    "Meetings",
    "Membership",
    "Requests and responses",
    "Decisions",
    "Plans adopted and approvals",
    "Decisions, papers and interests",
    "The directions",
    "The check",
    "Status",
    "When a duty falls due",
    "Reasons, evidence and readings",
    "Duty holders",
    "Instruments",
    "The improvement plan",
]


def ordered() -> list[Sentence]:
    """Every sentence, by section (SECTIONS), each section in the order its module registers them."""
    return sorted(SENTENCES, key=lambda s: SECTIONS.index(s.section))


def sentence(keyword: str, pattern: str, example: str, section: str) -> Callable[[Callable[..., Any]], Any]:
    """Register a step with pytest-bdd (`parsers.re`, matched whole) and with the guide. The example
    must match the pattern (checked here, at import: a guide whose example does not run is wrong)."""

    def register(fn: Callable[..., Any]) -> Any:
        assert re.fullmatch(pattern, example), f"the example {example!r} does not match its own sentence {pattern!r}"
        assert section in SECTIONS, f"{section!r} is not a section of the guide: {SECTIONS}"
        meaning = " ".join((fn.__doc__ or "").split())
        SENTENCES.append(Sentence(keyword, pattern, example, meaning, section))
        return KEYWORDS[keyword](parsers.re(pattern), stacklevel=2)(fn)

    return register


def guide() -> str:
    """The lawyers' guide to the sentences, in Markdown: by section, each sentence's example and
    what it does. features/README.md holds this text between its markers."""
    out: list[str] = []
    section = None
    for s in ordered():
        if s.section != section:
            section = s.section
            out += ["", f"### {section}", ""]
        out.append(f"- `{s.keyword} {s.example}`" + (f": {s.meaning}" if s.meaning else ""))
    return "\n".join(out).strip() + "\n"
