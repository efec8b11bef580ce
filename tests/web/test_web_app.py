"""The desk's factory (engine/web/app.py): the navigation links other features add, and the status
words and colours every page takes from the one table (engine/core/status.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from engine.core import status
from engine.web import register_nav_link

STATIC = Path(__file__).resolve().parents[2] / "engine" / "web" / "static"


def test_another_feature_adds_a_link_to_every_page_s_navigation(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    """engine.web.register_nav_link is the place for more links (here through Flask's own test
    client); the Board report, the plan and the calendar feed use it, carrying the as-of date."""
    register_nav_link(desk_app, "Elsewhere", "/elsewhere")
    register_nav_link(desk_app, "Editors' corner", "/corner", editors_only=True)
    page = signed_in("vi").get("/timeline?as_of=2018-02-01").get_data(as_text=True)
    nav = page[page.index('<nav aria-label="main">') : page.index("</nav>")]
    assert '<a href="/elsewhere">Elsewhere</a>' in nav
    assert "/corner" not in nav  # editors only, and vi is a viewer
    for target, label in (
        ("/plan", "Improvement plan"),
        ("/report", "Board report"),
        ("/calendar.ics", "Calendar (.ics)"),
    ):
        assert f'<a href="{target}?as_of=2018-02-01">{label}</a>' in nav
    editor_nav = signed_in("ed").get("/timeline?as_of=2018-02-01").get_data(as_text=True)
    assert '<a href="/corner">Editors&#39; corner</a>' in editor_nav


def test_every_page_colours_the_statuses_from_the_one_table(signed_in: Callable[[str], FlaskClient]):
    client = signed_in("vi")
    for path in ("/?as_of=2018-02-01", "/timeline?as_of=2018-02-01", "/plan"):
        page = client.get(path).get_data(as_text=True)
        style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
        for s in status.STATUSES:
            assert f".st-{s.key} {{ border-top-color:{s.colour} !important; }}" in style, (path, s.key)
            assert f".b-{s.key} {{ background:{s.colour}; }}" in style, (path, s.key)


def test_the_style_sheet_spells_no_status():
    css = (STATIC / "desk.css").read_text(encoding="utf-8").lower()
    for s in status.STATUSES:
        assert not re.search(rf"\.(st|b)-{s.key}\b", css), s.key  # (a form's error red is not a status)


def test_the_pages_say_each_status_in_the_table_s_words(signed_in: Callable[[str], FlaskClient]):
    client = signed_in("vi")
    overview = client.get("/?as_of=2018-02-01").get_data(as_text=True)
    for s in status.STATUSES:
        count = re.search(rf'data-status="{s.key}">\s*<span class="n">\d+</span>([^<]*)</a>', overview)
        assert count and count.group(1).strip() == s.word, s.key
    everything = client.get("/?as_of=2018-02-01&show=all").get_data(as_text=True)  # each row's GOV.UK tag
    tags = re.findall(r'<strong class="govuk-tag[^"]*">\s*([^<]*?)\s*</strong>', everything)
    assert len(tags) == everything.count("data-finding=") > 0
    assert set(tags) <= {s.word for s in status.STATUSES} and "met" in tags and "unknown" in tags
    finding = client.get("/finding/tower-hamlets/bv-2017.quarterly-report/3?as_of=2018-02-01").get_data(as_text=True)
    assert f'id="status">{status.STATUS_WORDS["unknown"]}</span>' in finding
