"""The Board report (`comply report`): its sections from the real evaluation, the chart of the past
year, a self-contained file, and the page in a real headless browser (Debian's chromium, driven by
playwright), on screen and printed to PDF."""

from __future__ import annotations

import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS
from helpers import DIRECTIONS, bundled, complete_records, run_comply, store_from
from markupsafe import escape
from PIL import Image

from engine.cli.app import REPO_ROOT
from engine.core import calendar
from engine.core.provenance import direction_files
from engine.core.status import colour
from engine.outputs.board_report import Provenance, build, render_html
from engine.plan.importer import BUNDLED_PLAN, read_plan_file
from engine.plan.position import plan_position
from engine.store.sqlite import Store

AS_OF = "2017-12-01"

#: the clause made to breach: the records of the CSIB chair's quarterly reports are declared complete
BREACH_CLAUSE = "dfe-2017.5g"


def state_of(data: dict, tmp_path: Path):
    with store_from(data, tmp_path) as store:
        return store.load("tower-hamlets")


def provenance(tmp_path: Path) -> Provenance:
    return Provenance(
        generated_at=pendulum.datetime(2017, 12, 1, 9, 30, tz="Europe/London"),
        store="comply.db",
        direction_files=direction_files(REPO_ROOT / "directions"),
    )


class Page(HTMLParser):
    """The report's elements, text and every attribute that could load a resource."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
            if name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster", "background"):
                self.links.append((tag, name, value or ""))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def words(page: Page) -> str:
    return re.sub(r"\s+", " ", " ".join(page.text))


# --------------------------------------------------------------------------------------------
# The report's content, from the bundled data


@pytest.fixture(scope="module")
def bundled_board(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bundled")
    state = state_of(bundled(), tmp)
    board = build(state, DIRECTIONS, calendar.as_of_instant(AS_OF), due_soon_days=30, provenance=provenance(tmp))
    return board, render_html(board)


def test_with_the_bundled_papers_no_breach_is_proven_and_the_unknowns_are_the_worklist(bundled_board):
    board, html = bundled_board
    page = parsed(html)
    text = words(page)
    assert board.report.counts["breached"] == 0 and not board.breaches
    assert "No breach is proven" in text
    unknown = [f for f in board.report.findings if f.status == "unknown"]
    assert unknown and [f.id for f in board.unknowns] == [f.id for f in unknown]
    for f in unknown:  # each with its explanation, under the worklist heading
        assert f.id in page.ids
        assert f.explanation.reason in text
    section = html[html.index('id="unknowns"') : html.index('id="next-quarter"')]
    assert section.count('class="finding"') == len(unknown)
    assert f"{len(unknown)} findings are not proven either way" in text


def test_the_summary_counts_match_the_evaluation_and_name_the_directions(bundled_board):
    board, html = bundled_board
    for status, n in board.report.counts.items():
        assert re.search(rf'data-status="{status}">{n}</td>', html), status
    text = words(parsed(html))
    assert "London Borough of Tower Hamlets" in text and "1 December 2017" in text
    for d in board.directions:
        assert d.title in text
    assert {d.id for d in board.directions} == {
        "bv-2017", "bvib-tor", "csib-tor", "dfe-2017", "ofsted-monitoring", "lga-peer-challenge",
        "access-to-information",
    }  # fmt: skip
    # each with its kind: a schedule is shown as a third party's timetable, never as a direction
    assert "schedule: a third party's published timetable" in text and "terms of reference" in text


def test_the_next_quarter_is_the_three_months_after_the_as_of_instant(bundled_board):
    board, html = bundled_board
    as_of, end = board.as_of, board.as_of.add(months=3)
    owed = [f for f in board.report.findings if f.status in ("due_soon", "upcoming")]
    expected = [f.id for f in owed if as_of < calendar.parse_instant(f.due) <= end]
    assert expected and [f.id for f in board.due_next_quarter] == expected
    assert board.due_later == len(owed) - len(expected) > 0
    section = html[html.index('id="next-quarter"') : html.index('id="complied"')]
    assert "three calendar months" in section and calendar.human(end) in section
    for f in board.due_next_quarter:
        assert f.id in section and f.explanation.due_computation[0] in section
    later = next(f for f in owed if f.id not in expected)
    assert f'id="{later.id}"' not in section


def test_the_evidence_of_compliance_lists_what_was_met_in_the_past_year(bundled_board):
    board, html = bundled_board
    met = [f for f in board.report.findings if f.status in ("met", "met_late")]
    assert met and {f.id for f in board.complied} == {f.id for f in met}  # all fall in the past year here
    section = html[html.index('id="complied"') : html.index("<footer")]
    quarter = next(f for f in met if f.id == "tower-hamlets/bvib-tor.quarterly-public-meetings/quarter-2017-04-01")
    assert quarter.explanation.facts[0].split(" [")[0] in section


def test_in_force_periods_and_due_dates_are_said_as_everywhere_else(bundled_board):
    """The Board report says an instrument's period in force as every output does (Direction.in_force_words: 'to the
    end of 30 September 2018', never 'to 30 September 2018', a last day in force that reads as the day it ends), and
    each summary row's due date as the finding says it (Finding.due_words): a meeting's day whose time is not
    recorded says so, a duty due at midnight is not shortened to the day it starts."""
    board, html = bundled_board
    text = words(parsed(html))
    periods = [d.in_force_words() for d in board.directions]
    assert all(p in text for p in periods) and any(" to the end of " in p for p in periods)
    for d in board.directions:
        if d.in_force.until is not None:
            assert f"to {calendar.day_words(d.in_force.until)}" not in text.replace("to the end of ", "")
    by_id = {f.id: f for f in board.report.findings}
    lines = [line for rows in (board.summary.breaches, board.summary.missing, board.summary.next_quarter)
             for line in rows.rows]  # fmt: skip
    assert lines and all(line.when == by_id[line.anchor].due_words() for line in lines)
    day_only = [line for line in lines if not by_id[line.anchor].due_time_known]
    assert day_only and all(line.when.endswith("(time not recorded)") for line in day_only)


def test_the_report_is_self_contained(bundled_board):
    _, html = bundled_board
    page = parsed(html)
    assert (
        "script" not in page.tags and "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    )
    # no attribute loads anything: at most a link to a place in the same page
    assert all(value.startswith("#") for _, _, value in page.links), page.links
    css = "".join(re.findall(r"<style>(.*?)</style>", html, flags=re.S))
    assert "url(" not in css and "@import" not in css
    assert "<svg" in html and "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_the_footer_names_the_version_the_store_and_the_direction_files(bundled_board, tmp_path):
    board, html = bundled_board
    footer = html[html.index("<footer") :]
    assert board.provenance.store in footer and board.provenance.comply_version in footer
    assert "09:30 GMT on 1 December 2017" in footer
    for file in direction_files(REPO_ROOT / "directions"):
        assert file.name in footer and file.sha256 in footer
        assert re.fullmatch(r"[0-9a-f]{64}", file.sha256)


def test_fact_text_cannot_inject_markup(tmp_path):
    data = bundled()
    said = next(s for s in data["announcements"] if s["key"] == "bv-2017-q2-report")  # shown on its unknown finding
    said["what"] = "<script>alert('x')</script> Q2 report & annex"
    state = state_of(data, tmp_path)
    html = render_html(
        build(state, DIRECTIONS, calendar.as_of_instant(AS_OF), due_soon_days=30, provenance=provenance(tmp_path))
    )
    assert "<script>" not in html and "&lt;script&gt;alert(" in html and "Q2 report &amp; annex" in html


# --------------------------------------------------------------------------------------------
# A proven breach, with its explanation


@pytest.fixture(scope="module")
def breach_store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("breach")
    data = bundled()
    complete_records(data, BREACH_CLAUSE)  # the records are complete: absence now proves a breach
    store_from(data, tmp).close()
    return tmp / "comply.db"


def test_with_complete_records_the_breach_section_explains_each_breach(breach_store, tmp_path):
    with Store.open(breach_store) as store:
        state = store.load("tower-hamlets")
    board = build(state, DIRECTIONS, calendar.as_of_instant(AS_OF), due_soon_days=30, provenance=provenance(tmp_path))
    html = render_html(board)
    assert board.breaches and all(f.clause == BREACH_CLAUSE for f in board.breaches)
    section = html[html.index('id="breaches"') : html.index('id="unknowns"')]
    assert "No breach is proven" not in html
    assert section.count('class="finding"') == len(board.breaches) == board.report.counts["breached"]
    for f in board.breaches:
        assert f.id in section
        # the records are said complete until 31 December 2018: as of 1 December 2017, up to the day before
        assert "records of dfe-2017.5g are complete until 30 November 2017" in f.explanation.reason
        for piece in (
            f.explanation.reason,
            f.explanation.source,
            f.explanation.expected,
            *f.explanation.due_computation,
        ):
            assert str(escape(piece)) in section
    assert f"{len(board.breaches)} breaches are proven" in words(parsed(html))


# --------------------------------------------------------------------------------------------
# The file, as a user makes it, in a real browser


def comply(*args: str, store: Path) -> subprocess.CompletedProcess:
    return run_comply(args, env={**os.environ, "COMPLY_STORE": str(store)}, timeout=180)


def colour_pixels(path: Path, hex_colour: str, tolerance: int = 12) -> int:
    """How many pixels of a screenshot are (near) the colour."""
    want = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(path).convert("RGB")
    return sum(
        n for n, rgb in image.getcolors(maxcolors=1 << 24) if all(abs(a - b) <= tolerance for a, b in zip(rgb, want))
    )


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_report_opens_in_a_browser_and_prints_on_several_a4_pages(breach_store, tmp_path):
    assert CHROMIUM.exists(), "Debian chromium is needed (apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    out = tmp_path / "board.html"
    run = comply("report", "--as-of", AS_OF, "--out", str(out), store=breach_store)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(out.resolve())
    breach_id = f"tower-hamlets/{BREACH_CLAUSE}/1"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(out.resolve().as_uri())
            assert page.title().startswith("Compliance with Secretary of State directions")
            body = page.inner_text("body")
            assert "2 breaches are proven" in body
            card = page.locator(f"article[id='{breach_id}']")
            assert "The due time has passed and nothing in the records satisfies it" in card.inner_text()
            # the chart is drawn: an inline SVG with a real size, and its bars are on screen
            svg = page.locator("#chart svg")
            box = svg.bounding_box()
            assert box and box["width"] > 400 and box["height"] > 150
            labels = [t.strip() for t in svg.locator("text").all_text_contents()]
            assert "Nov 2017" in labels and "Dec 2016" in labels and "as of 1 Dec 2017" in labels  # the month axis
            chart = tmp_path / "chart.png"
            svg.screenshot(path=str(chart))
            assert colour_pixels(chart, colour("met")) > 2000  # the green of "met"
            assert colour_pixels(chart, colour("breached")) > 50  # the red of the breaches
            shot = tmp_path / "top.png"
            page.screenshot(path=str(shot))
            assert colour_pixels(shot, "#1c1c1c", tolerance=40) > 5000  # text on the page
            assert colour_pixels(shot, colour("breached")) > 100  # the breached badge
            assert requests == [out.resolve().as_uri()]  # nothing else was loaded
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) >= 5  # one page or more per section
    (tmp_path / "board.pdf").write_bytes(pdf)


def test_the_report_shows_the_improvement_plan_and_its_contradictions_by_lead_officer(tmp_path):
    """The improvement plan in the Board paper: the plan's position by area and status, with its chart,
    and every reported status that contradicts the council's definitions, grouped by lead officer."""
    state = state_of(bundled(), tmp_path)
    reported = calendar.as_of_instant("2017-09-11")  # the day the plan's statuses describe
    rows = read_plan_file(BUNDLED_PLAN)
    board = build(
        state,
        DIRECTIONS,
        calendar.as_of_instant(AS_OF),
        due_soon_days=30,
        provenance=provenance(tmp_path),
        plan_rows=rows,
        plan_reported_on=reported.date(),
    )
    html = render_html(board)
    expected = plan_position(rows, reported, "tower-hamlets")  # judged on that day, not the report's as-of
    page = Page()
    page.feed(html)
    assert "improvement-plan" in page.ids
    text = " ".join(" ".join(page.text).split())
    assert f"{expected.contradictions} reported statuses contradict the definitions" in text
    for officer, contradicted in expected.contradictions_by_officer.items():
        assert f"{officer}: {len(contradicted)}" in text
    # the issue's own example: 13.2, due May-17, 80% complete, reported On Target in September 2017
    assert "13.2" in text and "reported On Target, the definitions give Overdue" in text
    assert html.count("<svg") == 2  # the past year's findings and the plan's overall status


def test_without_a_plan_the_report_has_no_plan_section(tmp_path):
    state = state_of(bundled(), tmp_path)
    board = build(state, DIRECTIONS, calendar.as_of_instant(AS_OF), due_soon_days=30, provenance=provenance(tmp_path))
    assert 'id="improvement-plan"' not in render_html(board)


def test_what_was_met_more_than_a_year_before_the_as_of_date_is_left_out(tmp_path):
    """The evidence section covers the year to the as-of date: on 1 October 2018 the reports met in
    the summer of 2017 are out of it, those due since 1 October 2017 are in."""
    state = state_of(bundled(), tmp_path)
    as_of = calendar.as_of_instant("2018-10-01")
    board = build(state, DIRECTIONS, as_of, due_soon_days=30, provenance=provenance(tmp_path))
    met = [f for f in board.report.findings if f.status in ("met", "met_late")]
    year_ago = as_of.subtract(years=1)
    older = [f for f in met if calendar.parse_instant(f.due) <= year_ago]
    assert older, "the bundled data has obligations met before October 2017"
    assert {f.id for f in board.complied} == {f.id for f in met if calendar.parse_instant(f.due) > year_ago}
