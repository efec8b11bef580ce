"""The one Jinja environment every output renders its HTML with.

Why one: the Board report, the living-documentation site and the email digest are all pages a
reader opens from disk or from a mail client, and they must all be safe against text that looks
like markup (a fact's wording, a scenario's name, an error message). One environment means one
setting of autoescaping, one set of filters (dates in words, the status table's words and
colours) and one place to find the templates (`engine/outputs/templates/`, a folder per output).

Everything a template writes is escaped unless it is wrapped in `markupsafe.Markup` by the caller,
which is done only for what is already safe HTML (the charts' inline SVG, rendered by this environment from
numbers and labels). Styles live in the templates or in `.css` files they include, so every page
keeps its CSS inline and stays a single self-contained file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from pendulum import DateTime

from engine.core import calendar, status

__all__ = ["TEMPLATES", "environment", "render"]

#: the templates of every output, one folder per output (board/, docs/, digest/)
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _human(value: str | DateTime) -> str:
    """An instant (ISO text or pendulum DateTime) in words: '10:00 GMT on 30 December 2017'."""
    return calendar.human(calendar.parse_instant(value) if isinstance(value, str) else value)


def _day(value: DateTime) -> str:
    """An instant's London date: '1 December 2017'."""
    return value.in_timezone(calendar.LONDON).format("D MMMM YYYY")


@functools.cache
def environment() -> jinja2.Environment:
    """The shared environment: autoescaped, strict about undefined names, block tags taking no
    line of their own; filters `human`, `day`, `status_word`, `status_long` and `status_colour`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["human"] = _human
    env.filters["day"] = _day
    env.filters["status_word"] = status.word
    env.filters["status_long"] = lambda key: status.info(key).long
    env.filters["status_colour"] = status.colour
    env.globals["statuses"] = status.STATUSES
    return env


def render(template: str, **context: Any) -> str:
    """Render one template (a path under `engine/outputs/templates/`, such as 'docs/index.html.j2')
    to text; jinja2's errors (a missing template, an undefined name) propagate: they are bugs."""
    return environment().get_template(template).render(**context)
