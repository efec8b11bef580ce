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
    nav = page[page.index('<nav aria-label="The desk"') : page.index("</nav>")]

    def links(nav: str) -> set[tuple[str, str]]:
        return set(re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>\s*([^<]+?)\s*</a>', nav))

    assert ("/elsewhere", "Elsewhere") in links(nav)
    assert "/corner" not in nav  # editors only, and vi is a viewer
    for target, label in (
        ("/plan", "Improvement plan"),
        ("/report", "Board report"),
        ("/calendar.ics", "Calendar (.ics)"),
    ):
        assert (f"{target}?as_of=2018-02-01", label) in links(nav)
    editor_nav = signed_in("ed").get("/timeline?as_of=2018-02-01").get_data(as_text=True)
    assert ("/corner", "Editors&#39; corner") in links(editor_nav)


def test_every_page_colours_the_statuses_from_the_one_table(signed_in: Callable[[str], FlaskClient]):
    """A status is a GOV.UK tag whose colour modifier is the status table's (engine/core/status.py `tag`)."""
    client = signed_in("vi")
    tags = {s.word: status.tag_classes(s.key) for s in status.STATUSES} | {
        s.long: status.tag_classes(s.key) for s in status.STATUSES
    }
    assert len({s.tag for s in status.STATUSES}) == len(status.STATUSES)  # every status a colour of its own
    seen: set[str] = set()
    for path in (
        "/timeline?as_of=2018-02-01",
        "/timeline?as_of=2017-07-01",
        "/finding/tower-hamlets/bv-2017.quarterly-report/3?as_of=2018-02-01",
        "/finding/tower-hamlets/bv-2017.quarterly-report/1?as_of=2018-02-01",
    ):
        page = client.get(path).get_data(as_text=True)
        found = re.findall(r'<strong class="(govuk-tag[^"]*)"[^>]*>([^<]+)</strong>', page)
        assert found, path
        for classes, words in found:
            assert classes == tags[words], (path, words, classes)
            seen.add(words)
    assert len(seen) >= 4, seen


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
    assert f'id="status">{status.STATUS_WORDS["unknown"]}</strong>' in finding


def test_a_finding_s_title_is_in_words_not_counters_or_slugs(signed_in: Callable[[str], FlaskClient]):
    client = signed_in("vi")
    q3 = client.get("/finding/tower-hamlets/bv-2017.quarterly-report/3?as_of=2018-02-01").get_data(as_text=True)
    heading = re.search(r'<h1 class="govuk-heading-l">([^<]+)</h1>', q3).group(1)
    assert heading == "Quarterly reports to the Secretary of State, due 10am on 30 December 2017", heading
    assert "occurrence 3" not in re.search(r"<title>([^<]+)</title>", q3).group(1)
    member = client.get(
        "/finding/tower-hamlets/csib-tor.membership/csib-2017-06-12:role:chief-executive?as_of=2018-02-01"
    ).get_data(as_text=True)
    heading = re.search(r'<h1 class="govuk-heading-l">([^<]+)</h1>', member).group(1)
    assert heading.endswith("meeting of 12 June 2017: Chief Executive"), heading
