"""Load YAML with line numbers, so that a validation error can name the line at fault.

Why: a lawyer or clerk editing a direction file or a fact file needs "directions/bv-2017.yaml,
line 42, clauses[3].rule.every: expected ..." rather than a stack trace. PyYAML's composed node
tree keeps the line of every key; we keep a map from the path of each value to its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from engine.core.errors import FileError

Loc = tuple[str | int, ...]


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = (
                key_node.value
                if isinstance(key_node, yaml.ScalarNode)
                else _CONSTRUCTOR.construct_object(key_node, deep=True)
            )
            lines[loc + (key,)] = key_node.start_mark.line + 1
            out[key] = _walk(value_node, loc + (key,), lines)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, loc + (i,), lines) for i, child in enumerate(node.value)]
    if node.tag == _TIMESTAMP:  # kept as written: engine/core/dates.py reads dates, PyYAML's reading is not ours
        return node.value
    return _CONSTRUCTOR.construct_object(node, deep=True)


#: YAML's implicit timestamps (`2017-07-01`, `2017-07-01 10:00:00`): PyYAML would make naive datetimes of
#: them (and raise a bare ValueError on `2017-02-30`), so they stay text for the one reader of dates
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_CONSTRUCTOR = yaml.SafeLoader("")  # builds plain values from nodes without re-parsing text


def load_with_lines(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse a YAML file; return the data and a map from each value's path to its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileError(path, "", f"cannot read the file ({exc.strerror})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise FileError(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    try:
        return _walk(node, (), lines), lines
    finally:
        _CONSTRUCTOR.constructed_objects.clear()


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of the deepest part of loc that the file has (a missing key reports its parent)."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def pydantic_problems(
    exc: Any, lines: dict[Loc, int], prefix: Loc = (), tags: frozenset[str] = frozenset()
) -> list[tuple[int | None, str, str]]:
    """Turn a pydantic ValidationError into (line, field path, message) triples. `tags` are the
    discriminator values of the unions in the model (the rule kinds' names): pydantic puts them in error
    paths, where they are not keys of the file."""
    out = []
    for err in exc.errors():
        loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = loc + ("kind",)  # point at the `kind:` line, not the mapping that holds it
        # discriminated unions add the tag name to the path: drop it when it is not a real key
        clean = tuple(
            p
            for i, p in enumerate(loc)
            if not (isinstance(p, str) and loc[:i] + (p,) not in lines and i > 0 and loc[:i] in lines and p in tags)
        )
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "this field is required"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling against the format reference)"
        out.append((line_of(lines, clean), dotted(clean), msg))
    return out
