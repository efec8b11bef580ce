"""Load YAML with line numbers, so that a validation error can name the line at fault; and load it strictly.

Why: a lawyer or clerk editing a direction file or a fact file needs "directions/bv-2017.yaml,
line 42, clauses[3].rule.every: expected ..." rather than a stack trace. PyYAML's composed node
tree keeps the line of every key; we keep a map from the path of each value to its line.

Why strict (issue 13): YAML can say more than a direction or fact file needs, and each extra is a way to lose
data or hang the engine. So this one loader refuses, each with a FileError naming the file and line:
a repeated mapping key (YAML would keep only the last: a second `submissions:` list replaced the first);
anchors and aliases (`x: &s [*s]` recurses, nine levels of aliases expand to a billion nodes); mapping keys
that are not plain scalars (`? [a, b]`); explicit tags other than YAML's own scalar tags (`!foo`, `!!python/...`,
`!!timestamp`, which would bypass the one date reader); nesting deeper than MAX_DEPTH; files larger than
MAX_BYTES. libyaml (PyYAML's C parser) is used where installed: a 10 MB scalar then takes well under a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from engine.core.errors import FileError
from engine.core.files import MAX_TEXT_BYTES, read_text

Loc = tuple[str | int, ...]

#: the largest direction or fact file read, in bytes (the bundled ones are under 100 kB)
MAX_BYTES = MAX_TEXT_BYTES
#: the deepest nesting of mappings and lists allowed (the bundled files nest at most 8 deep)
MAX_DEPTH = 50
#: explicit tags allowed: YAML's own plain scalar tags (`!!str 2017` keeps a number as text)
ALLOWED_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}" if mark is not None else ""


def _check_events(path: Path, text: str) -> None:
    """First pass over the parser's events (cheap, no nodes built): refuse anchors, aliases, unknown tags and
    nesting deeper than MAX_DEPTH before anything is composed, so that none of them can hang or recurse."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise FileError(
                path, _where(event.start_mark), f"YAML alias *{event.anchor} is not allowed here (write the value out)"
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise FileError(
                path, _where(event.start_mark), f"YAML anchor &{anchor} is not allowed here (write the value out)"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and isinstance(event, yaml.NodeEvent) and tag not in ALLOWED_TAGS:
            raise FileError(
                path,
                _where(event.start_mark),
                f"YAML tag {tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed (expected plain values; a date is written as text, e.g. 2017-07-01)",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise FileError(path, _where(event.start_mark), f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _walk(path: Path, node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise FileError(
                    path, _where(key_node.start_mark), "a mapping key must be a plain name or value, not a list or map"
                )
            key = _scalar(path, key_node)
            if key in out:
                first = lines[loc + (key,)]
                raise FileError(
                    path,
                    _where(key_node.start_mark),
                    f"{dotted(loc + (key,))}: the key {key!r} is given twice (first on line {first}); "
                    "YAML would keep only the second: merge them into one",
                )
            lines[loc + (key,)] = key_node.start_mark.line + 1
            out[key] = _walk(path, value_node, loc + (key,), lines)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(path, child, loc + (i,), lines) for i, child in enumerate(node.value)]
    return _scalar(path, node)


def _scalar(path: Path, node: yaml.Node) -> Any:
    if node.tag == _TIMESTAMP:  # kept as written: engine/core/dates.py reads dates, PyYAML's reading is not ours
        return node.value
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):  # most values: the text itself, as PyYAML gives it
        return node.value
    try:
        value = _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise FileError(path, _where(node.start_mark), f"cannot read the value {node.value!r}: {exc}") from None
    if isinstance(value, (bytes, set)) or (isinstance(value, (list, dict)) and not isinstance(node, yaml.ScalarNode)):
        raise FileError(path, _where(node.start_mark), f"unexpected value {node.value!r}")
    return value


#: YAML's implicit timestamps (`2017-07-01`, `2017-07-01 10:00:00`): PyYAML would make naive datetimes of
#: them (and raise a bare ValueError on `2017-02-30`), so they stay text for the one reader of dates
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: a plain string's tag: its value is the node's text (what SafeConstructor.construct_yaml_str returns), built
#: without the constructor's bookkeeping, which was a fifth of reading a large fact file (docs/performance.md)
_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.SafeLoader("")  # builds plain values from nodes without re-parsing text


def load_with_lines(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse a YAML file strictly; return the data and a map from each value's path (keys and list indexes) to
    its 1-based line. Raises FileError (naming the file and, where there is one, the line) for a file that cannot
    be read, is larger than MAX_BYTES, is not UTF-8, is not YAML, or uses what the module docstring lists as
    refused."""
    text = read_text(path, MAX_BYTES)
    try:
        _check_events(path, text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise FileError(path, where, f"not valid YAML: {problem}") from None
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    try:
        return _walk(path, node, (), lines), lines
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
        elif err["type"] == "literal_error" and isinstance(err.get("input"), str | int | float | bool):
            msg = f"{msg}, got {err['input']!r}"  # what was given beside what was expected
        out.append((line_of(lines, clean), dotted(clean), msg))
    return out
