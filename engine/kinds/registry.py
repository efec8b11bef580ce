"""The registry of rule kinds, keyed by their YAML name, and the plug-in point for kinds kept outside comply.

Why: a direction file's clause says `kind: recurring`; the direction model validates it against the
union of every registered kind, and the evaluation, the documentation and the desk ask the kind
itself what it means. Nothing else lists the kinds.

Plug-ins: a kind kept outside this package is a Python module that defines a `RuleKind` subclass
decorated with `@register` (see `engine/kinds/deadline.py` for the shape). comply imports such
modules before it reads any direction file, from two places:

- the `COMPLY_KINDS` environment variable: module names separated by commas, importable from
  `sys.path` (for example `COMPLY_KINDS=my_kinds PYTHONPATH=/srv/comply-kinds comply check`);
- the `comply.kinds` entry-point group of installed packages (`[project.entry-points."comply.kinds"]
  my_kind = "my_package.my_kind"` in the plug-in's pyproject.toml).

A plug-in that cannot be imported does not stop comply from starting: reading the direction files
then fails with an error naming the plug-in (engine.directions.model.load_directions).
"""

from __future__ import annotations

import importlib
import os
from importlib import metadata
from typing import Annotated, Any, TypeVar, Union

from pydantic import Field

from engine.core.errors import InputError, unknown
from engine.kinds.base import RuleKind

__all__ = [
    "register",
    "get",
    "names",
    "kinds",
    "reading_phrases",
    "rule_union",
    "load_plugins",
    "plugin_problems",
    "ENV",
    "ENTRY_POINTS",
]

ENV = "COMPLY_KINDS"
ENTRY_POINTS = "comply.kinds"

_KINDS: dict[str, type[RuleKind]] = {}
_PROBLEMS: list[str] = []

K = TypeVar("K", bound=type[RuleKind])


def register(cls: K) -> K:
    """Class decorator: register a RuleKind subclass under its `kind:` name. Raises InputError when
    another class has that name already."""
    name = cls.yaml_name()
    if name in _KINDS and _KINDS[name] is not cls:
        raise InputError(f"rule kind {name!r} is registered twice ({_KINDS[name].__module__} and {cls.__module__})")
    _KINDS[name] = cls
    return cls


def get(name: str) -> type[RuleKind]:
    """The class of a registered kind; InputError naming the known kinds for any other name."""
    try:
        return _KINDS[name]
    except KeyError:
        known = names()  # all of them, however many: no command lists them
        raise InputError(unknown("rule kind", name, known, most_listed=len(known))) from None


def names() -> list[str]:
    """The YAML names of every registered kind, sorted."""
    return sorted(_KINDS)


def kinds() -> list[type[RuleKind]]:
    """Every registered kind's class, by name."""
    return [_KINDS[n] for n in names()]


def reading_phrases() -> dict[str, tuple[str, str]]:
    """{words: (parameter, value)}: how the lawyers' scenarios name every reading of an open point that a
    registered kind states (each kind's `reading_phrases`), for the step library's "... is read with ..."
    sentence. Raises InputError when two kinds give the same words different meanings."""
    out: dict[str, tuple[str, str]] = {}
    for cls in kinds():
        for words, meaning in cls.reading_phrases.items():
            if out.setdefault(words, meaning) != meaning:
                raise InputError(f"rule kind {cls.yaml_name()!r}: {words!r} already means {out[words]}, not {meaning}")
    return out


def rule_union() -> Any:
    """The discriminated union (on `kind`) of every registered kind, for a clause's `rule:`."""
    classes = tuple(kinds())
    return Annotated[Union[classes], Field(discriminator="kind")]  # noqa: UP007 - a runtime tuple of classes


def load_plugins(environ: dict[str, str] | None = None) -> None:
    """Import the plug-in modules named by $COMPLY_KINDS and the `comply.kinds` entry points.
    A module that fails to import is recorded (plugin_problems), not raised."""
    env = os.environ if environ is None else environ
    wanted = [(f"${ENV}", m.strip()) for m in env.get(ENV, "").split(",") if m.strip()]
    try:
        points = metadata.entry_points(group=ENTRY_POINTS)
    except Exception as exc:  # a broken installed distribution's metadata
        _PROBLEMS.append(f"the {ENTRY_POINTS} entry points cannot be read: {exc}")
        points = []
    wanted += [(f"entry point {ep.name} ({ENTRY_POINTS})", ep.value) for ep in points]
    for origin, module in wanted:
        try:
            importlib.import_module(module.split(":", 1)[0])
        except Exception as exc:  # a plug-in's own error: reported when the directions are read
            _PROBLEMS.append(f"{origin}: cannot import the rule-kind module {module!r}: {type(exc).__name__}: {exc}")


def plugin_problems() -> list[str]:
    """What went wrong loading plug-ins, one line each (empty when nothing did)."""
    return list(_PROBLEMS)
