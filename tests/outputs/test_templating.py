"""The outputs' one Jinja environment (engine/outputs/templating.py): autoescaped, strict about undefined
names, with the status table's words and colours as filters, and every template of every output in it."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from engine.core import calendar
from engine.core.status import STATUSES
from engine.outputs.templating import TEMPLATES, environment


def test_text_is_escaped_and_only_markup_the_caller_vouches_for_is_not():
    template = environment().from_string("{{ text }} {{ svg }}")
    assert (
        template.render(text="<b>& 'x'</b>", svg=Markup("<svg></svg>"))
        == "&lt;b&gt;&amp; &#39;x&#39;&lt;/b&gt; <svg></svg>"
    )


def test_status_words_and_colours_come_from_the_one_table():
    template = environment().from_string(
        "{% for s in statuses %}{{ s.key | status_word }}={{ s.key | status_colour }};{% endfor %}"
    )
    assert template.render() == "".join(f"{s.word}={s.colour};" for s in STATUSES)
    assert environment().from_string("{{ 'unknown' | status_long }}").render() == "unknown (not proven either way)"


def test_instants_are_said_in_words():
    instant = calendar.as_of_instant("2017-06-30T10:00")
    rendered = (
        environment()
        .from_string("{{ i | human }} / {{ s | human }} / {{ i | day }}")
        .render(i=instant, s="2017-06-30T10:00:00+01:00")
    )
    assert rendered == "10:00 BST on 30 June 2017 / 10:00 BST on 30 June 2017 / 30 June 2017"


def test_an_undefined_name_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ missing }}").render()


def test_every_template_compiles():
    names = environment().list_templates(extensions=["j2"])
    assert {"board/report.html.j2", "digest/summary.html.j2", "docs/index.html.j2", "docs/direction.html.j2"} <= set(
        names
    )
    for name in names:
        environment().get_template(name)
    assert (TEMPLATES / "docs" / "site.css").is_file()
