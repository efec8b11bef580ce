"""Reading the lawyers' `.feature` files: the one reader, for the review hash and the living documentation.

Why one module: a scenario is read by the review hash (engine/directions/content_hash.py, what a lawyer's
sign-off covers) and by the documentation site (engine/outputs/docs_features.py, what a lawyer reads);
both must read the same file the same way, as the test run does: UTF-8 with or without a byte-order mark
(as Windows Notepad saves it), parsed by Cucumber's own Gherkin parser (`gherkin-official`, the parser
pytest-bdd uses). A file that is not UTF-8 text or not Gherkin is one error naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.core.errors import FileError
from engine.core.files import read_text

__all__ = ["read_feature"]


def read_feature(path: Path, shown_as: str | Path | None = None) -> dict[str, Any]:
    """The Gherkin document of one `.feature` file as Cucumber's parser gives it (a dict: `feature` with
    its `children`, each a `background`, `rule` or `scenario`; empty of `feature` for a file with none).

    `shown_as` is how the file is named in an error (default: `path`). Raises FileError naming the file
    for a file that is not UTF-8 text (engine.core.files.read_text), and naming the file and the line,
    with the parser's words (what it expected and got), for one that does not parse as Gherkin."""
    # Cucumber's parser only when a feature file is read: `comply check` imports this module (by way of the review
    # states `comply explain` shows) but reads no feature file, and the parser's import was 5-7 ms of its cold start
    from gherkin.errors import CompositeParserException, ParserError
    from gherkin.parser import Parser

    shown = shown_as if shown_as is not None else path
    text = read_text(Path(path))  # UTF-8, a byte-order mark dropped; FileError otherwise
    try:
        return Parser().parse(text)
    except (CompositeParserException, ParserError) as exc:
        errors = getattr(exc, "errors", None) or [exc]
        location = getattr(errors[0], "location", None) or {}
        line = location.get("line")
        first = str(errors[0]).splitlines()[0] if str(errors[0]) else "cannot be read as Gherkin"
        raise FileError(shown, f"line {line if line else '?'}", f"not a Gherkin feature: {first}") from None
