"""Leftovers of the desk (issue 16), through Flask's test client on a real SQLite store of the bundled data:
the as-of picker is GOV.UK's date input (day, month, year), turned into the page's one `?as_of=YYYY-MM-DD` by
the server, a day it cannot read said in GOV.UK's words on the same page; a navigation link for the roles that
may follow it (the department's list of every authority); the Board's pages (plan, report, calendar feed) honour
`?authority=KEY` as the other reading pages do; the council's name is read for every page.

The same picker in chromium with an English-US locale: tests/web/test_desk_web.py."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from desk_client import PASSWORD
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st
from test_worklist_web import add_other_authority_and_a_nightly_run

from engine.core import dates
from engine.plan.importer import seed_bundled_plan
from engine.store import history
from engine.store.sqlite import Store
from engine.web import register_nav_link
from engine.web.request import AS_OF_PARTS, read_as_of_entry

TEMPLATES = Path(__file__).resolve().parents[2] / "engine" / "web" / "templates"


def picked(day: str, month: str, year: str, **more: str) -> dict[str, str]:
    """The query the as-of picker sends: its three boxes and what the page carried along."""
    return {"as_of-day": day, "as_of-month": month, "as_of-year": year, **more}


def box(html: str, part: str) -> dict[str, str]:
    """The attributes of the as-of picker's box for `part` (day, month or year) in a page."""
    tag = re.search(rf'<input\s[^>]*\bid="as_of-{part}"[^>]*>', html)
    assert tag, part
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(0)))


def body(client: FlaskClient, path: str, **query: str) -> str:
    answer = client.get(path, query_string=query)
    assert answer.status_code == 200, (path, query, answer.status_code, answer.get_data(as_text=True)[-400:])
    return answer.get_data(as_text=True)


# -- 1. the as-of picker -------------------------------------------------------------------------------------


def test_no_template_of_the_desk_has_the_browser_s_date_picker():
    """`<input type=date>` writes month first in an English-US browser: no page of the desk may use it."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""type\s*=\s*["']?date\b""", text, re.I), template.name
        assert "datetime-local" not in text, template.name


@pytest.mark.parametrize("path", ["/", "/mine", "/timeline"])
def test_the_picker_is_day_month_year_filled_with_the_page_s_date(signed_in: Callable[[str], FlaskClient], path: str):
    html = body(signed_in("vi"), path, as_of="2018-02-01")
    form = html[html.index('<form class="desk-asof') :]
    form = form[: form.index("</form>")]
    assert [box(form, part).get("value") for part in AS_OF_PARTS] == ["1", "2", "2018"]  # day first
    assert form.index('id="as_of-day"') < form.index('id="as_of-month"') < form.index('id="as_of-year"')
    assert all(box(form, part)["type"] == "text" and box(form, part)["inputmode"] == "numeric" for part in AS_OF_PARTS)
    assert 'type="date"' not in html
    assert "Showing 1 February 2018" in form


def test_a_picked_day_becomes_the_one_as_of_of_the_page_s_address(signed_in: Callable[[str], FlaskClient]):
    client = signed_in("vi")
    answer = client.get("/", query_string=picked("1", "2", "2018", as_of="2017-07-01"))
    assert answer.status_code == 303 and answer.headers["Location"] == "/?as_of=2018-02-01"
    # the month as a name; the page's other parameters (filters, the whole list) are kept, the boxes are not
    answer = client.get(
        "/", query_string=picked(" 7 ", "Sept", "2017", as_of="2018-02-01", direction="bv-2017", show="all")
    )
    location = answer.headers["Location"]
    assert answer.status_code == 303 and location.startswith("/?as_of=2017-09-07&"), location
    assert "direction=bv-2017" in location and "show=all" in location and "as_of-" not in location
    followed = client.get(location)
    assert followed.status_code == 200 and "Showing 7 September 2017" in followed.get_data(as_text=True)
    timeline = client.get("/timeline", query_string=picked("30", "12", "2017"))
    assert timeline.status_code == 303 and timeline.headers["Location"] == "/timeline?as_of=2017-12-30"


@pytest.mark.parametrize(
    "day,month,year,message,marked",
    [
        ("", "", "", "Enter a date", ("day", "month", "year")),
        ("1", "2", "", "The date must include a year", ("year",)),
        ("", "", "2018", "The date must include a day and a month", ("day", "month")),
        ("31", "2", "2018", "Enter a real date", ("day", "month")),
        ("32", "1", "2018", "Enter a real date", ("day",)),
        ("1", "13", "2018", "Enter a real date", ("month",)),
        ("1", "Febtober", "2018", "Enter a real date", ("month",)),
        ("x", "2", "2018", "Enter a real date", ("day",)),
        ("1", "2", "18", "Year must include 4 numbers", ("year",)),
        ("1", "2", "9999", "The year must be between 1900 and 2200", ("year",)),
        ("²", "2", "2018", "Enter a real date", ("day",)),
    ],
)
def test_a_day_the_desk_cannot_read_is_said_in_govuk_words_on_the_same_page(
    signed_in: Callable[[str], FlaskClient], day: str, month: str, year: str, message: str, marked: tuple[str, ...]
):
    """Not a 400: the page the picker was on, at the date it was showing, with GOV.UK's error summary
    linking to the first box at fault, the message on the date input, and the boxes as typed."""
    html = body(signed_in("vi"), "/timeline", **picked(day, month, year, as_of="2017-07-01"))
    wrong = marked[0]
    assert "<title>Error: " in html
    summary = html[html.index('id="as_of-errors"') : html.index('<h1 class="govuk-heading-l">')]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary) == [(f"#as_of-{wrong}", message)]
    said = re.search(r'<p id="as_of-error" class="govuk-error-message">(.*?)</p>', html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", said).split()) == f"Error: {message}"
    assert "govuk-form-group govuk-form-group--error" in html
    for part, typed in zip(AS_OF_PARTS, (day, month, year), strict=True):
        assert box(html, part)["value"] == typed  # the boxes as typed
        assert ("govuk-input--error" in box(html, part)["class"]) is (part in marked), part
    assert "Showing 1 July 2017" in html  # the page stays at the date it was showing
    assert 'data-month="2017-07"' in html


def test_a_bad_day_typed_in_the_address_is_still_refused_with_400(signed_in: Callable[[str], FlaskClient]):
    """`?as_of=` itself is the address's, not the picker's: a bad one answers 400 naming as_of, as before."""
    answer = signed_in("vi").get("/timeline", query_string={"as_of": "31/02/2018"})
    assert answer.status_code == 400 and "as_of" in answer.get_data(as_text=True)


@given(st.dates(dt.date(dates.EARLIEST_YEAR, 1, 1), dt.date(dates.LATEST_YEAR, 12, 31)), st.booleans(), st.booleans())
def test_every_day_typed_in_the_boxes_is_read_back(day: dt.date, zero_padded: bool, month_as_name: bool):
    month = dates.MONTHS[day.month - 1] if month_as_name else (f"{day.month:02d}" if zero_padded else str(day.month))
    read, entry = read_as_of_entry(f"{day.day:02d}" if zero_padded else str(day.day), month, str(day.year))
    assert read == day and entry.message == "" and entry.wrong == ()


@example("²", "2", "2018").via("a superscript digit: str.isdigit, but not int")
@example("1", "2", "9" * 5000).via("a year too long to be a number")
@given(st.text(max_size=6), st.text(max_size=12), st.text(max_size=6))
def test_whatever_is_typed_is_a_day_or_a_message_naming_the_boxes_at_fault(day: str, month: str, year: str):
    read, entry = read_as_of_entry(day, month, year)
    if read is None:
        assert entry.message and entry.wrong and set(entry.wrong) <= set(AS_OF_PARTS)
    else:
        assert entry.message == "" and dates.EARLIEST_YEAR <= read.year <= dates.LATEST_YEAR
        assert read == dt.date(int(year.strip()), read.month, int(day.strip()))


# -- 2. a navigation link for the roles that may follow it -------------------------------------------------------


def nav_of(html: str) -> set[tuple[str, str]]:
    nav = html[html.index('<nav aria-label="The desk"') : html.index("</nav>")]
    found = re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>\s*([^<]+?)\s*</a>', nav)
    return {(unescape(href), unescape(label)) for href, label in found}


def test_the_department_has_a_link_to_every_authority_and_nobody_else_does(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    add_other_authority_and_a_nightly_run(desk_app)
    for name, shown in (("dept", True), ("admin", True), ("vi", False), ("ed", False)):
        links = nav_of(body(signed_in(name), "/timeline", as_of="2018-02-01"))
        assert (("/authorities?as_of=2018-02-01", "Every authority") in links) is shown, (name, links)
    assert body(signed_in("dept"), "/authorities", as_of="2018-02-01")  # and the link leads somewhere they may go


def test_a_link_is_registered_for_one_capability(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    with pytest.raises(ValueError, match="shown_to: expected one of"):
        register_nav_link(desk_app, "Nowhere", "/nowhere", shown_to="is_mayor")
    with pytest.raises(ValueError, match="shown to one kind of user"):
        register_nav_link(desk_app, "Both", "/both", editors_only=True, shown_to="sees_every_authority")
    register_nav_link(desk_app, "Editors' desk", "/editors", shown_to="can_edit")
    assert "/editors" in {href for href, _ in nav_of(body(signed_in("ed"), "/timeline"))}
    assert "/editors" not in {href for href, _ in nav_of(body(signed_in("vi"), "/timeline"))}


# -- 3. the Board's pages read the authority asked for -----------------------------------------------------------


def test_the_board_s_pages_honour_the_authority_asked_for(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    add_other_authority_and_a_nightly_run(desk_app)
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        assert seed_bundled_plan(s) > 0  # Tower Hamlets' plan; Hackney has none
    dept = signed_in("dept")
    plan = body(dept, "/plan", authority="hackney")
    assert re.search(r'id="plan-authority">London Borough of Hackney<', plan)
    assert "No improvement plan is imported for this authority" in plan
    assert re.search(r'id="plan-authority">London Borough of Tower Hamlets<', body(dept, "/plan"))
    assert "No improvement plan is imported" not in body(dept, "/plan")
    report = body(dept, "/report", as_of="2018-02-01", authority="hackney")
    assert "London Borough of Hackney" in report and "London Borough of Tower Hamlets" not in report
    assert "London Borough of Tower Hamlets" in body(dept, "/report", as_of="2018-02-01")
    # the Board's links on another authority's page keep it
    assert ("/report?as_of=2018-02-01&authority=hackney", "Board report") in nav_of(
        body(dept, "/plan", as_of="2018-02-01", authority="hackney")
    )
    own = body(dept, "/calendar.ics")
    other = body(dept, "/calendar.ics", authority="hackney")
    assert own.count("BEGIN:VEVENT") > other.count("BEGIN:VEVENT"), (own.count("BEGIN:VEVENT"), other[:300])
    # nobody else reads another authority, by the session or by HTTP Basic
    for path in ("/plan", "/report", "/calendar.ics"):
        assert signed_in("vi").get(path, query_string={"authority": "hackney"}).status_code == 404, path
        assert dept.get(path, query_string={"authority": "nowhere"}).status_code == 404, path
    client = desk_app.test_client()
    for name, status in (("vi", 404), ("dept", 200)):
        basic = {"Authorization": "Basic " + base64.b64encode(f"{name}:{PASSWORD}".encode()).decode()}
        answer = client.get("/calendar.ics?authority=hackney", headers=basic)
        assert answer.status_code == status, (name, answer.status_code)
        if status == 200:
            assert answer.get_data(as_text=True).count("BEGIN:VEVENT") == other.count("BEGIN:VEVENT")


# -- 4. the council's name, read for every page ------------------------------------------------------------------


def test_a_corrected_council_name_is_in_the_header_without_a_restart(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    client = signed_in("vi")
    assert "London Borough of Tower Hamlets" in body(client, "/timeline")
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        history.correct(
            s, "tower-hamlets", "authority:tower-hamlets", {"name": "Tower Hamlets Council"}, "renamed", "test"
        )
    html = body(client, "/timeline")
    top = html[html.index("<header") : html.index("</header>")]
    assert "Tower Hamlets Council" in top and "London Borough of Tower Hamlets" not in top, top
